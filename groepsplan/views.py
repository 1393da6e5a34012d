"""The groepsplan screens (issue 4, "write the groepsplan" and "plan rules"): the list of
visible plans, starting a plan from an overview, and the plan page with its autosaved text
fields, goals with the SMART check, the weekrooster, activating and closing.

Every write loads the plan through access_plan (404 when not visible), checks
`rechten.bewerken` (403) and looks sub-objects up inside that plan, so foreign ids 404.
Fragments answer htmx; the same forms work as plain posts (a redirect, or the fragment on a
full page for errors and conflict notices). Saves go through zorgroute.views.versioned:
`autosave` for the text fields of a plangroep, `submit` for goals and the weekrooster.

The clustering screen (issue 4, "cluster"): the overview's signalled pupils with their
needs side by side, the suggested subgroups, and the plan's groups as drop zones. Pupils move
by drag and drop (static/js/zorgroute.js posts the same form) or, without a mouse or
JavaScript, with a "Verplaats naar …" select per pupil. A pupil is always in the basisgroep;
"placed" means in a subgroep or, as the exception, a row of their own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from groepsoverzicht.access import rechten as overzicht_rechten
from groepsoverzicht.models import Groepsoverzicht
from zorgroute import permissions as p
from zorgroute.versioning import VERSION_FIELD
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.roster import panelen
from zorgroute.views.versioned import AutosaveField, autosave, submit

from . import selectors, services
from .access import PlanRechten, access_plan
from .forms import (
    AfsluitenForm,
    DoelDeleteForm,
    DoelForm,
    NieuweGroepForm,
    PlanCreateForm,
    RoosterForm,
    VerplaatsForm,
)
from .models import Groepsplan, Plandoel, Plangroep, PlangroepSoort, Roosteritem
from .selectors import DoelRij, deel_label, delen

HTMX_STATUS_OK = 200
AUTOSAVE_TEMPLATE = "partials/autosave_field.html"


# --- Shared ---------------------------------------------------------------------------------


class PlanMixin(TenantViewMixin):
    """Loads the plan of the URL (404 when not visible) and the user's rights on it."""

    kwargs: dict[str, Any]
    plan: Groepsplan
    rechten: PlanRechten

    def load(self) -> None:
        self.plan, self.rechten = access_plan(self.request, self.kwargs["plan_id"])

    def require_bewerken(self) -> None:
        if not self.rechten.bewerken:
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
        return get_object_or_404(selectors.plangroepen_van(self.plan), pk=plangroep_id)

    def doel(self, doel_id: int) -> Plandoel:
        return get_object_or_404(selectors.doelen_van(self.plan), pk=doel_id)

    def doelrij(self, doel: Plandoel) -> DoelRij:
        return selectors.doelrij(self.plan, doel)

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
        return render(
            request,
            "groepsplan/plan/list.html",
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "rijen": selectors.plannen_met_voortgang(self.tenant),
                "mag_starten": self.tenant.has_perm(p.CHANGE_GROEPSPLAN),
            },
        )


class PlanCreateView(TenantViewMixin, View):
    """Start a plan from an overview (?overzicht=<id>): the format and the period. Without an
    overview, the overviews this user may start a plan for."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/create.html"

    def overzicht(self, request: HttpRequest) -> Groepsoverzicht | None:
        raw = request.GET.get("overzicht") or request.POST.get("overzicht")
        if not raw:
            return None
        try:
            overzicht = selectors.startbaar_overzicht(self.tenant, int(raw))
        except ValueError:
            raise Http404 from None
        if overzicht is None:
            raise Http404
        if not overzicht_rechten(self.tenant, overzicht).bewerken:
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
            context["kandidaten"] = selectors.startbare_overzichten(self.tenant)
        else:
            context["bestaand"] = selectors.plan_van_overzicht(overzicht)
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

        def save(form: PlanCreateForm) -> Groepsplan:
            return services.groepsplan_create(
                groepsoverzicht=overzicht,
                user=self.tenant.user,
                format=form.cleaned_data["format"],
                startdatum=form.cleaned_data["startdatum"],
                einddatum=form.cleaned_data["einddatum"],
            )

        done = submit(
            lambda data: PlanCreateForm(data, cyclus=overzicht.cyclus), request.POST, save
        )
        if not done.saved or done.result is None:
            return self.render_form(overzicht, done.form, status=done.status)
        messages.success(request, _("Het groepsplan is gestart. Verdeel nu de leerlingen."))
        return HttpResponseRedirect(
            reverse(
                "groepsplan-clusteren",
                kwargs={"school": self.tenant.school.slug, "plan_id": done.result.pk},
            )
        )


# --- The plan page --------------------------------------------------------------------------


class PlanDetailView(PlanMixin, View):
    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        blokken, plangroepen = selectors.plan_delen(self.plan)
        for blok in blokken:
            for rij in blok.rijen:
                rij.velden = velden(self, rij.plangroep)
        return render(
            request,
            "groepsplan/plan/detail.html",
            {
                **self.base_context(),
                "blokken": blokken,
                **rooster_context(self, plangroepen),
                "bewerkbaar": bewerkbaar(self),
                "afsluiten_form": AfsluitenForm(),
                "panelen": panelen(
                    settings.ZORGROUTE_GROEPSPLAN_PANELS, request, self.plan, self.rechten
                ),
            },
        )


def bewerkbaar(view: PlanMixin) -> bool:
    return view.rechten.bewerken and view.plan.status in services.BEWERKBAAR


def rooster_context(view: PlanMixin, plangroepen: list[Plangroep], **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"rooster": selectors.rooster(view.plan)}
    if bewerkbaar(view):
        context["rooster_form"] = extra.pop("rooster_form", None) or RoosterForm(
            plangroepen=[
                (pg.pk, f"{pg.naam} ({deel_label(view.plan, pg.deel)})") for pg in plangroepen
            ],
            docenten=selectors.plan_docenten(view.plan),
        )
    return {**context, **extra}


# --- Autosaved text fields of a plangroep ---------------------------------------------------


def veld(view: PlanMixin, pg: Plangroep, naam: str) -> AutosaveField:
    """One text field of a plangroep as `partials/autosave_field.html` shows it."""
    label = services.veld_label(naam)
    return AutosaveField(
        url=view.url("groepsplan-plangroep-veld", plan_id=view.plan.pk, plangroep_id=pg.pk),
        dom_id=f"{pg.pk}-{naam}",
        name=naam,
        label=label,
        value=getattr(pg, naam),
        about=_("%(veld)s van %(groep)s") % {"veld": label, "groep": pg.naam},
        show_label=True,
    )


def velden(view: PlanMixin, pg: Plangroep) -> list[AutosaveField]:
    return [veld(view, pg, naam) for naam in services.PLANGROEP_VELDEN]


class PlangroepVeldView(PlanMixin, View):
    """One text field of a plangroep. POST saves it (`autosave`: compare-and-swap on what the
    screen showed); GET returns the field with the stored text."""

    required_permission = p.CHANGE_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        naam = request.GET.get("veld") or services.PLANGROEP_VELDEN[0]
        if naam not in services.PLANGROEP_VELDEN:
            raise Http404
        pg = self.plangroep(kwargs["plangroep_id"])
        return self.respond(AUTOSAVE_TEMPLATE, {"af": veld(self, pg, naam)})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        naam = request.POST.get("veld") or ""
        if naam not in services.PLANGROEP_VELDEN:
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        pg = self.plangroep(kwargs["plangroep_id"])
        af = veld(self, pg, naam)

        def save(waarde: str, gezien: str) -> str:
            saved = services.plangroep_veld_update(
                plangroep=pg, veld=af.name, waarde=waarde, gezien=gezien, user=self.tenant.user
            )
            return str(getattr(saved, af.name))

        return autosave(
            request,
            af,
            save,
            page=lambda field, status: self.page(AUTOSAVE_TEMPLATE, {"af": field}, status),
            saved_redirect=lambda: self.terug(_("Opgeslagen."), f"groep-{pg.pk}"),
        )


# --- Goals -----------------------------------------------------------------------------------


class DoelCreateView(PlanMixin, View):
    """Add a goal to a plangroep; answers with that plangroep's goals."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_doelen.html"

    def context(self, pg: Plangroep, **extra: Any) -> dict[str, Any]:
        doelen = [self.doelrij(d) for d in selectors.doelen_van_plangroep(pg)]
        return {"pg": pg, "doelen": doelen, "bewerkbaar": True, **extra}

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        pg = self.plangroep(kwargs["plangroep_id"])
        return self.respond(self.template, self.context(pg, nieuw_form=DoelForm()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        pg = self.plangroep(kwargs["plangroep_id"])
        done = submit(
            DoelForm,
            request.POST,
            lambda form: services.doel_create(plangroep=pg, tekst=form.cleaned_data["tekst"]),
        )
        if not done.saved:
            return self.respond(self.template, self.context(pg, nieuw_form=done.form), status=400)
        if not self.htmx:
            return self.terug(_("Doel toegevoegd."), f"groep-{pg.pk}")
        return self.fragment(self.template, self.context(pg, nieuw_form=DoelForm()))


class DoelUpdateView(PlanMixin, View):
    """Change a goal's text (refused with both versions when it changed meanwhile)."""

    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_doel.html"

    def context(self, doel: Plandoel, **extra: Any) -> dict[str, Any]:
        return {
            "d": self.doelrij(doel),
            "bewerkbaar": True,
            "reload_url": self.plan_url(f"doel-{doel.pk}"),
            **extra,
        }

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        return self.respond(self.template, self.context(self.doel(kwargs["doel_id"])))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        doel = self.doel(kwargs["doel_id"])
        done = submit(
            DoelForm,
            request.POST,
            lambda form: services.doel_update(
                doel=doel,
                tekst=form.cleaned_data["tekst"],
                version=form.cleaned_data[VERSION_FIELD],
                user=self.tenant.user,
            ),
        )
        if done.conflict is not None:
            current = done.conflict.current
            huidig = current if isinstance(current, Plandoel) else doel
            context = self.context(huidig, form=done.form, conflict=done.conflict)
            return self.respond(self.template, context, status=409)
        if not done.saved or done.result is None:
            return self.respond(self.template, self.context(doel, form=done.form), status=400)
        if not self.htmx:
            return self.terug(_("Doel opgeslagen."), f"doel-{doel.pk}")
        return self.fragment(self.template, self.context(done.result, opgeslagen=timezone.now()))


class DoelDeleteView(DoelUpdateView):
    template = "groepsplan/plan/_doel_verwijderen.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        return self.respond(self.template, {"doel": self.doel(kwargs["doel_id"])})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        doel = self.doel(kwargs["doel_id"])
        done = submit(
            DoelDeleteForm,
            request.POST,
            lambda form: services.doel_delete(doel=doel, version=form.cleaned_data[VERSION_FIELD]),
        )
        if done.conflict is not None:
            current = done.conflict.current
            huidig = current if isinstance(current, Plandoel) else doel
            return self.respond(
                "groepsplan/plan/_doel.html",
                self.context(huidig, conflict=done.conflict),
                status=409,
            )
        if not done.saved:
            if not done.form.is_bound or set(done.form.errors) == {VERSION_FIELD}:
                return HttpResponse(_("Onvolledige gegevens."), status=400)
            return self.respond(
                self.template,
                {"doel": doel, "fouten": [e for es in done.form.errors.values() for e in es]},
                status=400,
            )
        if not self.htmx:
            return self.terug(_("Doel verwijderd."), f"groep-{doel.plangroep_id}")
        return HttpResponse("")


# --- Weekrooster ---------------------------------------------------------------------------


class RoosterCreateView(PlanMixin, View):
    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_rooster.html"

    def plangroepen(self) -> list[Plangroep]:
        return list(selectors.plangroepen_van(self.plan))

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        return self.respond(self.template, rooster_context(self, self.plangroepen()))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        plangroepen = self.plangroepen()

        def make_form(data: QueryDict) -> RoosterForm:
            return RoosterForm(
                data,
                plangroepen=[(pg.pk, pg.naam) for pg in plangroepen],
                docenten=selectors.plan_docenten(self.plan),
            )

        def save(form: RoosterForm) -> Roosteritem:
            return services.roosteritem_create(
                plangroep=next(g for g in plangroepen if g.pk == form.cleaned_data["plangroep"]),
                dag=form.cleaned_data["dag"],
                moment=form.cleaned_data["moment"],
                docent=selectors.docent(form.cleaned_data["docent"]),
                omschrijving=form.cleaned_data["omschrijving"],
            )

        done = submit(make_form, request.POST, save)
        if not done.saved:
            return self.respond(
                self.template,
                rooster_context(self, plangroepen, rooster_form=done.form),
                status=400,
            )
        if not self.htmx:
            return self.terug(_("Toegevoegd aan het weekrooster."), "weekrooster")
        return self.fragment(self.template, rooster_context(self, plangroepen))


class RoosterDeleteView(PlanMixin, View):
    required_permission = p.CHANGE_GROEPSPLAN
    template = "groepsplan/plan/_rooster_verwijderen.html"

    def item(self, item_id: int) -> Roosteritem:
        return get_object_or_404(selectors.roosteritems_van(self.plan), pk=item_id)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        return self.respond(self.template, {"item": self.item(kwargs["roosteritem_id"])})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        item = self.item(kwargs["roosteritem_id"])
        try:
            services.roosteritem_delete(item=item)
        except ValidationError as exc:
            return self.respond(self.template, {"item": item, "fouten": fouten(exc)}, status=400)
        if not self.htmx:
            return self.terug(_("Uit het weekrooster gehaald."), "weekrooster")
        return self.fragment(
            "groepsplan/plan/_rooster.html",
            rooster_context(self, list(selectors.plangroepen_van(self.plan))),
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
        self.require_bewerken()
        return self.respond(self.template, self.context())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
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


# --- Clustering ---------------------------------------------------------------------------

INDIVIDUEEL = "individueel"


class ClusterMixin(PlanMixin):
    template = "groepsplan/clusteren/_bord.html"

    def bord_context(self, **extra: Any) -> dict[str, Any]:
        clustering = selectors.clustering(self.plan)
        return {
            "borden": clustering.borden,
            "signalen": clustering.signalen,
            "waarschuwingen": clustering.waarschuwingen,
            "bewerkbaar": bewerkbaar(self),
            **extra,
        }

    def bord(self, status: int = 200, **extra: Any) -> HttpResponse:
        return self.respond(self.template, self.bord_context(**extra), status=status)


class ClusterenView(ClusterMixin, View):
    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.fragment("groepsplan/clusteren/page.html", self.bord_context())


class VerplaatsView(ClusterMixin, View):
    """Move one pupil within a deel: to a plangroep, to a row of their own, or back to only
    the basisgroep. Answers with the board (htmx/fetch) or back to the screen."""

    required_permission = p.CHANGE_GROEPSPLAN

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        return self.bord()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        form = VerplaatsForm(request.POST)
        if not form.is_valid() or form.cleaned_data["deel"] not in delen(self.plan):
            return self.bord(status=400, fouten=[_("Kies een leerling en een groep.")])
        deel = form.cleaned_data["deel"]
        leerling_id = form.cleaned_data["leerling"]
        naar_raw = form.cleaned_data["naar"]
        try:
            if naar_raw == INDIVIDUEEL:
                services.leerling_individueel(
                    groepsplan=self.plan, leerling_id=leerling_id, deel=deel
                )
            else:
                naar = selectors.plangroep_in_plan(self.plan, naar_raw) if naar_raw else None
                if naar_raw and naar is None:
                    raise Http404
                services.leerling_verplaatsen(
                    groepsplan=self.plan, leerling_id=leerling_id, deel=deel, naar=naar
                )
        except ValidationError as exc:
            return self.bord(status=400, fouten=fouten(exc))
        if not self.htmx:
            return self.terug_clusteren(_("Verplaatst."), f"deel-{deel}")
        return self.bord()

    def terug_clusteren(self, melding: str, anker: str) -> HttpResponse:
        messages.success(self.request, melding)
        url = self.url("groepsplan-clusteren", plan_id=self.plan.pk)
        return HttpResponseRedirect(f"{url}#{anker}")


class NieuweGroepView(VerplaatsView):
    """A new subgroep: from a suggestion (its pupils; "Maak subgroep"), or empty with a name.
    Or, as the exception, a single pupil's own row."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_bewerken()
        ids = selectors.overzicht_leerling_ids(self.plan)
        form = NieuweGroepForm(request.POST, leerling_ids=ids)
        if not form.is_valid() or form.cleaned_data["deel"] not in delen(self.plan):
            return self.bord(status=400, fouten=[_("Kies het deel en de leerlingen.")])
        deel = form.cleaned_data["deel"]
        soort = form.cleaned_data["soort"]
        naam = form.cleaned_data["naam"].strip()
        if not naam:
            aantal = selectors.subgroepen_in_deel(self.plan, deel)
            naam = _("Subgroep %(n)d") % {"n": aantal + 1}
        try:
            if soort == INDIVIDUEEL:
                if len(form.cleaned_data["leerlingen"]) != 1:
                    raise ValidationError(_("Een individuele aanpak is voor precies één leerling."))
                services.leerling_individueel(
                    groepsplan=self.plan, leerling_id=form.cleaned_data["leerlingen"][0], deel=deel
                )
            else:
                services.plangroep_create(
                    groepsplan=self.plan,
                    deel=deel,
                    soort=PlangroepSoort.SUBGROEP,
                    naam=naam,
                    leerling_ids=form.cleaned_data["leerlingen"],
                )
        except ValidationError as exc:
            return self.bord(status=400, fouten=fouten(exc))
        if not self.htmx:
            return self.terug_clusteren(_("Groep gemaakt."), f"deel-{deel}")
        return self.bord()
