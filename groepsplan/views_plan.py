"""The groepsplan screens (issue 4, "write the groepsplan" and "plan rules"): the list of
visible plans, starting a plan from an overview, and the plan page with its autosaved text
fields, goals with the SMART check, the weekrooster, activating and closing.

Every write loads the plan through access_plan (404 when not visible), checks
`rechten.schrijven` (403) and looks sub-objects up inside that plan, so foreign ids 404.
Fragments answer htmx; the same forms work as plain posts (a redirect, or the fragment on a
full page for errors and conflict notices)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from groepsoverzicht.access import rechten as overzicht_rechten
from groepsoverzicht.access import visible_overzichten, with_rights
from groepsoverzicht.models import Cyclus, Groepsoverzicht
from zorgroute import permissions as p
from zorgroute.models import Gebruiker, Leerling
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.roster import panelen

from . import services, services_plan
from .access import PlanRechten, access_plan, visible_plannen
from .forms import AfsluitenForm, DoelForm, PlanCreateForm, RoosterForm, VeldForm, VersieForm
from .models import (
    Deel,
    Groepsplan,
    Plandoel,
    Plangroep,
    Plangroeplid,
    Roosteritem,
)

HTMX_STATUS_OK = 200


# --- Shared ---------------------------------------------------------------------------------


def delen(plan: Groepsplan) -> list[Deel]:
    """The parts of the plan: cyclus A deel 1 and 2 (bijlage 9), cyclus B the vak."""
    if plan.groepsoverzicht.cyclus == Cyclus.A:
        return [Deel.PEDAGOGISCH, Deel.BASISVAARDIGHEDEN]
    return [Deel.VAK]


def deel_label(plan: Groepsplan, deel: str) -> str:
    if deel == Deel.VAK and plan.groepsoverzicht.lesgroep is not None:
        return str(plan.groepsoverzicht.lesgroep.vak)
    return str(Deel(deel).label)


@dataclass(frozen=True)
class Veld:
    naam: str
    label: str


def _label(veld: str) -> str:
    return str(getattr(Plangroep._meta.get_field(veld), "verbose_name", veld))


VELDEN = [Veld(v, _label(v)) for v in services_plan.PLANGROEP_VELDEN]
VELD_BY_NAAM = {v.naam: v for v in VELDEN}


@dataclass
class Tekstveld:
    plangroep: Plangroep
    veld: Veld
    waarde: str


@dataclass
class DoelRij:
    doel: Plandoel
    tips: list[str]


class PlanMixin(TenantViewMixin):
    """Loads the plan of the URL (404 when not visible) and the user's rights on it."""

    kwargs: dict[str, Any]
    plan: Groepsplan
    rechten: PlanRechten

    def load(self) -> None:
        self.plan, self.rechten = access_plan(self.request, self.kwargs["plan_id"])

    def require_schrijven(self) -> None:
        if not self.rechten.schrijven:
            raise PermissionDenied

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school": self.tenant.school.slug, **kwargs})

    def plan_url(self, anker: str = "") -> str:
        url = self.url("groepsplan-detail", plan_id=self.plan.pk)
        return f"{url}#{anker}" if anker else url

    @property
    def htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def plangroep(self, plangroep_id: int) -> Plangroep:
        return get_object_or_404(Plangroep.objects.filter(groepsplan=self.plan), pk=plangroep_id)

    def doel(self, doel_id: int) -> Plandoel:
        return get_object_or_404(
            Plandoel.objects.filter(plangroep__groepsplan=self.plan).select_related("plangroep"),
            pk=doel_id,
        )

    def doelrij(self, doel: Plandoel) -> DoelRij:
        check = services.smart_check(
            doel.tekst, start=self.plan.startdatum, eind=self.plan.einddatum
        )
        return DoelRij(doel=doel, tips=check.tips)

    def docenten(self) -> list[tuple[int, str]]:
        """The teachers of the class (cyclus A: mentors and teachers of its lesgroepen) or of
        the lesgroep (cyclus B), for the weekrooster."""
        overzicht = self.plan.groepsoverzicht
        if overzicht.cyclus == Cyclus.A:
            q = Q(lesgroepen__groep_id=overzicht.groep_id) | Q(
                mentoraten__groep_id=overzicht.groep_id
            )
        else:
            q = Q(lesgroepen__id=overzicht.lesgroep_id or 0)
        return [
            (g.pk, f"{g.voornaam} {g.achternaam}")
            for g in Gebruiker.objects.filter(q).distinct().order_by("achternaam", "voornaam")
        ]

    def base_context(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "plan": self.plan,
            "overzicht": self.plan.groepsoverzicht,
            "rechten": self.rechten,
        }

    def fragment(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        return render(self.request, template, {**self.base_context(), **context}, status=status)

    def page(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        """A full page around a fragment, for the no-JavaScript path."""
        return render(
            self.request,
            "groepsplan/plan/pagina.html",
            {**self.base_context(), **context, "inhoud": template},
            status=status,
        )

    def respond(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        if self.htmx:
            return self.fragment(template, context, HTMX_STATUS_OK if status < 500 else status)
        return self.page(template, context, status)

    def terug(self, melding: str, anker: str = "") -> HttpResponse:
        messages.success(self.request, melding)
        return HttpResponseRedirect(self.plan_url(anker))


def fouten(exc: ValidationError) -> list[str]:
    return list(exc.messages)


# --- List and create --------------------------------------------------------------------------


class PlanListView(TenantViewMixin, View):
    """The plans this user may see, with status, periode, class/lesgroep and how far their
    evaluation is (a constant number of queries)."""

    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        plannen = list(
            visible_plannen(self.tenant)
            .select_related(
                "groepsoverzicht",
                "groepsoverzicht__groep",
                "groepsoverzicht__periode",
                "groepsoverzicht__lesgroep",
                "groepsoverzicht__lesgroep__vak",
            )
            .order_by("-startdatum", "groepsoverzicht__groep__naam", "pk")
        )
        voortgang = services_plan.voortgang_per_plan(plannen)
        rijen = [(plan, voortgang[plan.pk]) for plan in plannen]
        return render(
            request,
            "groepsplan/plan/list.html",
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "rijen": rijen,
                "mag_starten": self.tenant.has_perm(p.CHANGE_GROEPSPLAN),
            },
        )


class PlanCreateView(TenantViewMixin, View):
    """Start a plan from an overview (?overzicht=<id>): the format and the period. Without an
    overview, the overviews this user may start a plan for."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/create.html"

    def _schrijfbaar(self) -> QuerySet[Groepsoverzicht]:
        return with_rights(visible_overzichten(self.tenant), self.tenant).select_related(
            "groep", "periode", "lesgroep", "lesgroep__vak"
        )

    def overzicht(self, request: HttpRequest) -> Groepsoverzicht | None:
        raw = request.GET.get("overzicht") or request.POST.get("overzicht")
        if not raw:
            return None
        try:
            overzicht_id = int(raw)
        except ValueError:
            raise Http404 from None
        overzicht = self._schrijfbaar().filter(pk=overzicht_id).first()
        if overzicht is None:
            raise Http404
        if not overzicht_rechten(self.tenant, overzicht).wijzigen:
            raise PermissionDenied
        return overzicht

    def render_form(
        self, overzicht: Groepsoverzicht | None, form: PlanCreateForm | None, status: int = 200
    ) -> HttpResponse:
        context: dict[str, Any] = {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "overzicht": overzicht,
            "form": form,
        }
        if overzicht is None:
            kandidaten = [
                o
                for o in self._schrijfbaar()
                .filter(groepsplan__isnull=True)
                .order_by("-periode__startdatum", "pk")
                if overzicht_rechten(self.tenant, o).wijzigen
            ]
            context["kandidaten"] = kandidaten
        else:
            context["bestaand"] = Groepsplan.objects.filter(groepsoverzicht=overzicht).first()
        return render(self.request, self.template, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        overzicht = self.overzicht(request)
        form = None
        if overzicht is not None:
            form = PlanCreateForm(
                cyclus=overzicht.cyclus,
                initial={
                    "startdatum": overzicht.periode.startdatum,
                    "einddatum": overzicht.periode.einddatum,
                },
            )
        return self.render_form(overzicht, form)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        overzicht = self.overzicht(request)
        if overzicht is None:
            raise Http404
        form = PlanCreateForm(request.POST, cyclus=overzicht.cyclus)
        if not form.is_valid():
            return self.render_form(overzicht, form, status=400)
        try:
            plan = services.groepsplan_create(
                groepsoverzicht=overzicht,
                user=self.tenant.user,
                format=form.cleaned_data["format"],
                startdatum=form.cleaned_data["startdatum"],
                einddatum=form.cleaned_data["einddatum"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
            return self.render_form(overzicht, form, status=400)
        messages.success(request, _("Het groepsplan is gestart. Verdeel nu de leerlingen."))
        return HttpResponseRedirect(
            reverse(
                "groepsplan-clusteren",
                kwargs={"school": self.tenant.school.slug, "plan_id": plan.pk},
            )
        )


# --- The plan page --------------------------------------------------------------------------


@dataclass
class Rij:
    plangroep: Plangroep
    leerlingen: list[Leerling]
    doelen: list[DoelRij]
    velden: list[Tekstveld]


@dataclass
class DeelBlok:
    deel: str
    label: str
    rijen: list[Rij] = field(default_factory=list)


def plan_delen(plan: Groepsplan, doelrij: Any) -> tuple[list[DeelBlok], list[Plangroep]]:
    """The plan's rows per deel, each with its pupils, goals (and SMART tips) and text fields,
    in three queries."""
    plangroepen = list(
        plan.plangroepen.prefetch_related(
            Prefetch(
                "leden",
                queryset=Plangroeplid.objects.select_related("leerling").order_by(
                    "leerling__achternaam", "leerling__voornaam"
                ),
            ),
            "doelen",
        )
    )
    blokken: dict[str, DeelBlok] = {
        d: DeelBlok(deel=d, label=deel_label(plan, d)) for d in delen(plan)
    }
    for pg in plangroepen:
        blok = blokken.get(pg.deel)
        if blok is None:
            continue
        blok.rijen.append(
            Rij(
                plangroep=pg,
                leerlingen=[lid.leerling for lid in pg.leden.all()],
                doelen=[doelrij(d) for d in pg.doelen.all()],
                velden=[Tekstveld(pg, v, getattr(pg, v.naam)) for v in VELDEN],
            )
        )
    return list(blokken.values()), plangroepen


class PlanDetailView(PlanMixin, View):
    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        blokken, plangroepen = plan_delen(self.plan, self.doelrij)
        return render(
            request,
            "groepsplan/plan/detail.html",
            {
                **self.base_context(),
                "blokken": blokken,
                **self.rooster_context(plangroepen),
                "bewerkbaar": self.rechten.schrijven
                and self.plan.status in services_plan.BEWERKBAAR,
                "afsluiten_form": AfsluitenForm(),
                "panelen": panelen(
                    settings.ZORGROUTE_GROEPSPLAN_PANELS, request, self.plan, self.rechten
                ),
            },
        )

    def rooster_context(self, plangroepen: list[Plangroep]) -> dict[str, Any]:
        return rooster_context(self, plangroepen)


def rooster_context(view: PlanMixin, plangroepen: list[Plangroep], **extra: Any) -> dict[str, Any]:
    items = list(
        Roosteritem.objects.filter(plangroep__groepsplan=view.plan)
        .select_related("plangroep", "docent")
        .order_by("dag", "moment", "pk")
    )
    context: dict[str, Any] = {"rooster": items}
    if view.rechten.schrijven and view.plan.status in services_plan.BEWERKBAAR:
        context["rooster_form"] = extra.pop("rooster_form", None) or RoosterForm(
            plangroepen=[
                (pg.pk, f"{pg.naam} ({deel_label(view.plan, pg.deel)})") for pg in plangroepen
            ],
            docenten=view.docenten(),
        )
    return {**context, **extra}


# --- Autosaved text fields of a plangroep ---------------------------------------------------


class PlangroepVeldView(PlanMixin, View):
    """One text field of a plangroep. POST saves it (compare-and-swap on `gezien`); GET
    returns the field with the stored text (used to take over a colleague's version)."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_veld.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        veld = VELD_BY_NAAM.get(request.GET.get("veld") or VELDEN[0].naam)
        if veld is None:
            raise Http404
        pg = self.plangroep(kwargs["plangroep_id"])
        return self.respond(self.template, {"tv": Tekstveld(pg, veld, getattr(pg, veld.naam))})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        form = VeldForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        veld = VELD_BY_NAAM[form.cleaned_data["veld"]]
        pg = self.plangroep(kwargs["plangroep_id"])
        try:
            pg = services_plan.plangroep_veld_opslaan(
                plangroep=pg,
                veld=veld.naam,
                waarde=form.cleaned_data["waarde"],
                gezien=form.cleaned_data["gezien"],
            )
        except services_plan.VeldConflict as conflict:
            context = {"tv": Tekstveld(pg, veld, conflict.huidig), "conflict": conflict}
            if self.htmx:
                response = self.fragment(self.template, context)
                response["HX-Retarget"] = f"#veld-{pg.pk}-{veld.naam}"
                response["HX-Reswap"] = "outerHTML"
                return response
            return self.page(self.template, context, status=409)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        tv = Tekstveld(pg, veld, getattr(pg, veld.naam))
        if not self.htmx:
            return self.terug(_("Opgeslagen."), f"groep-{pg.pk}")
        if request.POST.get("hele_cel"):
            return self.fragment(self.template, {"tv": tv, "opgeslagen": timezone.now()})
        return self.fragment(
            "groepsplan/plan/_veld_opgeslagen.html", {"tv": tv, "opgeslagen": timezone.now()}
        )


# --- Goals -----------------------------------------------------------------------------------


class DoelCreateView(PlanMixin, View):
    """Add a goal to a plangroep; answers with that plangroep's goals."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_doelen.html"

    def context(self, pg: Plangroep, **extra: Any) -> dict[str, Any]:
        doelen = [self.doelrij(d) for d in pg.doelen.all()]
        return {"pg": pg, "doelen": doelen, "bewerkbaar": True, **extra}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        pg = self.plangroep(kwargs["plangroep_id"])
        return self.respond(self.template, self.context(pg, nieuw_form=DoelForm()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        pg = self.plangroep(kwargs["plangroep_id"])
        form = DoelForm(request.POST)
        if form.is_valid():
            try:
                services_plan.doel_toevoegen(plangroep=pg, tekst=form.cleaned_data["tekst"])
            except ValidationError as exc:
                form.add_error(None, fouten(exc))
        if form.errors:
            return self.respond(self.template, self.context(pg, nieuw_form=form), status=400)
        if not self.htmx:
            return self.terug(_("Doel toegevoegd."), f"groep-{pg.pk}")
        return self.fragment(self.template, self.context(pg, nieuw_form=DoelForm()))


class DoelUpdateView(PlanMixin, View):
    """Change a goal's text (refused with both versions when it changed meanwhile)."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_doel.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        doel = self.doel(kwargs["doel_id"])
        return self.respond(self.template, {"d": self.doelrij(doel), "bewerkbaar": True})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        doel = self.doel(kwargs["doel_id"])
        form = DoelForm(request.POST)
        if not form.is_valid():
            return self.respond(
                self.template,
                {"d": self.doelrij(doel), "bewerkbaar": True, "form": form},
                status=400,
            )
        try:
            doel = services_plan.doel_opslaan(
                doel=doel, tekst=form.cleaned_data["tekst"], versie=form.cleaned_data["versie"] or 0
            )
        except services_plan.DoelConflict as conflict:
            doel.refresh_from_db()
            return self.respond(
                self.template,
                {"d": self.doelrij(doel), "bewerkbaar": True, "conflict": conflict},
                status=409,
            )
        except ValidationError as exc:
            form.add_error(None, fouten(exc))
            return self.respond(
                self.template,
                {"d": self.doelrij(doel), "bewerkbaar": True, "form": form},
                status=400,
            )
        if not self.htmx:
            return self.terug(_("Doel opgeslagen."), f"doel-{doel.pk}")
        return self.fragment(
            self.template,
            {"d": self.doelrij(doel), "bewerkbaar": True, "opgeslagen": timezone.now()},
        )


class DoelDeleteView(PlanMixin, View):
    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_doel_verwijderen.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        return self.respond(self.template, {"doel": self.doel(kwargs["doel_id"])})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        doel = self.doel(kwargs["doel_id"])
        form = VersieForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        try:
            services_plan.doel_verwijderen(doel=doel, versie=form.cleaned_data["versie"])
        except services_plan.DoelConflict as conflict:
            doel.refresh_from_db()
            return self.respond(
                "groepsplan/plan/_doel.html",
                {"d": self.doelrij(doel), "bewerkbaar": True, "conflict": conflict},
                status=409,
            )
        except ValidationError as exc:
            return self.respond(self.template, {"doel": doel, "fouten": fouten(exc)}, status=400)
        if not self.htmx:
            return self.terug(_("Doel verwijderd."), f"groep-{doel.plangroep_id}")
        return HttpResponse("")


# --- Weekrooster ---------------------------------------------------------------------------


class RoosterCreateView(PlanMixin, View):
    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_rooster.html"

    def plangroepen(self) -> list[Plangroep]:
        return list(self.plan.plangroepen.all())

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        return self.respond(self.template, rooster_context(self, self.plangroepen()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        plangroepen = self.plangroepen()
        docenten = self.docenten()
        form = RoosterForm(
            request.POST,
            plangroepen=[(pg.pk, pg.naam) for pg in plangroepen],
            docenten=docenten,
        )
        if form.is_valid():
            pg = next(g for g in plangroepen if g.pk == form.cleaned_data["plangroep"])
            docent_id = form.cleaned_data["docent"]
            docent = Gebruiker.objects.filter(pk=docent_id).first() if docent_id else None
            try:
                services_plan.roosteritem_toevoegen(
                    plangroep=pg,
                    dag=form.cleaned_data["dag"],
                    moment=form.cleaned_data["moment"],
                    docent=docent,
                    omschrijving=form.cleaned_data["omschrijving"],
                )
            except ValidationError as exc:
                form.add_error(None, fouten(exc))
        if form.errors:
            return self.respond(
                self.template, rooster_context(self, plangroepen, rooster_form=form), status=400
            )
        if not self.htmx:
            return self.terug(_("Toegevoegd aan het weekrooster."), "weekrooster")
        return self.fragment(self.template, rooster_context(self, plangroepen))


class RoosterDeleteView(PlanMixin, View):
    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_rooster_verwijderen.html"

    def item(self, item_id: int) -> Roosteritem:
        return get_object_or_404(
            Roosteritem.objects.filter(plangroep__groepsplan=self.plan).select_related(
                "plangroep", "plangroep__groepsplan", "docent"
            ),
            pk=item_id,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        return self.respond(self.template, {"item": self.item(kwargs["roosteritem_id"])})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        item = self.item(kwargs["roosteritem_id"])
        try:
            services_plan.roosteritem_verwijderen(item=item)
        except ValidationError as exc:
            return self.respond(self.template, {"item": item, "fouten": fouten(exc)}, status=400)
        if not self.htmx:
            return self.terug(_("Uit het weekrooster gehaald."), "weekrooster")
        return self.fragment(
            "groepsplan/plan/_rooster.html",
            rooster_context(self, list(self.plan.plangroepen.all())),
        )


# --- Status: activate, close with a reason ----------------------------------------------------


class PlanStatusView(PlanMixin, View):
    """POST actie=activeren (groepsplan_activeren; its Dutch error is shown when the previous
    plan is not evaluated) or actie=afsluiten with a reason (groepsplan_afsluiten)."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_status.html"

    def context(self, **extra: Any) -> dict[str, Any]:
        return {"afsluiten_form": AfsluitenForm(), **extra}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        return self.respond(self.template, self.context())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_schrijven()
        actie = request.POST.get("actie")
        try:
            if actie == "activeren":
                self.plan = services.groepsplan_activeren(groepsplan=self.plan)
                melding = _("Het groepsplan is actief.")
            elif actie == "afsluiten":
                form = AfsluitenForm(request.POST)
                if not form.is_valid():
                    return self.respond(
                        self.template, self.context(afsluiten_form=form), status=400
                    )
                self.plan = services.groepsplan_afsluiten(
                    groepsplan=self.plan, reden=form.cleaned_data["afsluitreden"]
                )
                melding = _("Het groepsplan is afgesloten.")
            else:
                return HttpResponse(_("Onbekende actie."), status=400)
        except ValidationError as exc:
            self.plan.refresh_from_db()
            return self.respond(self.template, self.context(fouten=fouten(exc)), status=400)
        if self.htmx:
            response = HttpResponse("")
            response["HX-Redirect"] = self.plan_url()
            messages.success(request, melding)
            return response
        return self.terug(melding)
