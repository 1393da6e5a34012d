"""The overview screen a mentor lives in (HGW steps 1–3): list and start overviews, the
grid with autosaving cells, signals, onderwijsbehoeften and remarks from colleagues.

Every view fetches the overview through `access_overzicht` (404 when not visible) and calls
`require(...)` before a write (403). Sub-objects are looked up filtered by that overview, so
another overview's ids give 404. Write endpoints answer htmx with an HTML fragment and a
plain form post with a redirect back to the overview, so every page works without
JavaScript; a GET on a write endpoint returns the fragment it would swap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zorgroute import permissions as p
from zorgroute.selectors import current_schooljaar
from zorgroute.views.base import TenantViewMixin

from . import selectors, services
from .access import Rechten, access_overzicht, require, visible_overzichten
from .forms import (
    AandachtspuntenForm,
    BehoefteForm,
    BesluitForm,
    CelForm,
    HandmatigSignaalForm,
    OpmerkingForm,
    OverzichtCreateForm,
)
from .models import (
    Cyclus,
    Groepsoverzicht,
    Onderwijsbehoefte,
    Opmerking,
    Overzichtregel,
    SignaalStatus,
    Signalering,
)

# --- Columns ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kolom:
    veld: str
    kop: str  # short column header
    label: str  # full label (screen readers, hints)


KOLOMMEN = {
    "werkhouding": Kolom("werkhouding", "Werkhouding", "Werkhouding, taakaanpak en motivatie"),
    "observaties": Kolom("observaties", "Observaties", "Observaties en analyse van het werk"),
    "gesprekken": Kolom("gesprekken", "Gesprekken", "Gesprekken met leerling en ouders"),
    "stimulerend": Kolom("stimulerend", "Stimulerend", "Stimulerende factoren"),
    "belemmerend": Kolom("belemmerend", "Belemmerend", "Belemmerende factoren"),
    "talenten": Kolom("talenten", "Talenten", "Talenten"),
    "bijzonderheden": Kolom("bijzonderheden", "Bijzonderheden", "Bijzonderheden"),
}

#: Cyclus B (bijlage 4) has the observations and conversations of the subject teacher.
VELDEN_B = ["observaties", "gesprekken"]


def kolommen(overzicht: Groepsoverzicht, rechten: Rechten) -> list[Kolom]:
    """The text columns this user sees in this overview, in the order of bijlage 3/4."""
    if overzicht.cyclus == Cyclus.B:
        return [KOLOMMEN[v] for v in VELDEN_B]
    return [k for k in KOLOMMEN.values() if k.veld != "bijzonderheden" or rechten.bijzonderheden]


@dataclass
class Tekstcel:
    regel: Overzichtregel
    kolom: Kolom
    waarde: str


# --- Base ---------------------------------------------------------------------------------------


class OverzichtMixin(TenantViewMixin):
    """Loads the overview of the URL (404 when not visible) and its rights."""

    kwargs: dict[str, Any]
    overzicht: Groepsoverzicht
    rechten: Rechten

    def load(self) -> None:
        self.overzicht, self.rechten = access_overzicht(self.request, self.kwargs["overzicht_id"])

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school": self.tenant.school.slug, **kwargs})

    def overzicht_url(self, anker: str = "") -> str:
        url = self.url("groepsoverzicht-detail", overzicht_id=self.overzicht.pk)
        return f"{url}#{anker}" if anker else url

    @property
    def htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def regel(self, regel_id: int) -> Overzichtregel:
        return get_object_or_404(
            Overzichtregel.objects.filter(groepsoverzicht=self.overzicht).select_related(
                "leerling", "gewijzigd_door"
            ),
            pk=regel_id,
        )

    def rij(self, regel_id: int) -> selectors.Rij:
        """One row with its signals and needs, for re-rendering the S or needs cell."""
        regel = get_object_or_404(
            Overzichtregel.objects.filter(groepsoverzicht=self.overzicht)
            .select_related("leerling")
            .prefetch_related("signaleringen", "onderwijsbehoeften__domein"),
            pk=regel_id,
        )
        signalen = sorted(regel.signaleringen.all(), key=lambda s: s.created_at)
        return selectors.Rij(
            regel=regel,
            cellen=[],
            voorstellen=[s for s in signalen if s.status == SignaalStatus.VOORGESTELD],
            signaleringen=[s for s in signalen if s.status == SignaalStatus.BEVESTIGD],
            afgewezen=[s for s in signalen if s.status == SignaalStatus.AFGEWEZEN],
            behoeften=sorted(regel.onderwijsbehoeften.all(), key=lambda b: b.created_at),
        )

    def base_context(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "overzicht": self.overzicht,
            "rechten": self.rechten,
        }

    def fragment(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        return render(self.request, template, {**self.base_context(), **context}, status=status)

    def page(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        """A full page around a fragment, for the no-JavaScript path."""
        return render(
            self.request,
            "groepsoverzicht/overzicht/pagina.html",
            {**self.base_context(), **context, "inhoud": template},
            status=status,
        )

    def respond(self, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
        if self.htmx:
            return self.fragment(template, context, status)
        return self.page(template, context, status)


# --- List and create --------------------------------------------------------------------------


def _count(qs: QuerySet[Any], outer: str = "pk") -> Coalesce:
    """A correlated COUNT(*) of `qs` (filtered on groepsoverzicht = the outer row)."""
    counted = (
        qs.filter(**{_outer_field(qs): OuterRef(outer)})
        .order_by()
        .values(_outer_field(qs))
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _outer_field(qs: QuerySet[Any]) -> str:
    model = qs.model
    if model is Overzichtregel:
        return "groepsoverzicht_id"
    return "regel__groepsoverzicht_id"


class OverzichtListView(TenantViewMixin, TemplateView):
    required_permission = p.VIEW_GROEPSOVERZICHT
    template_name = "groepsoverzicht/overzicht/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ctx = self.tenant
        overzichten = list(
            visible_overzichten(ctx)
            .select_related("groep", "periode", "periode__schooljaar", "lesgroep", "lesgroep__vak")
            .annotate(
                aantal_leerlingen=_count(Overzichtregel.objects.all()),
                aantal_gesignaleerd=_count(
                    Overzichtregel.objects.filter(
                        pk__in=Signalering.objects.filter(status=SignaalStatus.BEVESTIGD).values(
                            "regel_id"
                        )
                    )
                ),
                aantal_voorstellen=_count(
                    Signalering.objects.filter(status=SignaalStatus.VOORGESTELD)
                ),
                aantal_onvolledig=_count(Onderwijsbehoefte.objects.filter(doel="")),
            )
            .order_by("-periode__startdatum", "cyclus", "groep__leerjaar", "groep__naam")
        )
        context.update(
            overzichten=overzichten,
            mag_starten=ctx.has_perm(p.CHANGE_GROEPSOVERZICHT),
        )
        return context


class OverzichtCreateView(TenantViewMixin, View):
    """Start an overview: a class (cyclus A) or a lesgroep (cyclus B) and a periode. Says
    which previous overview will be carried over (htmx fills that in as the user picks)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template_name = "groepsoverzicht/overzicht/create.html"

    def form(self, data: Any = None) -> OverzichtCreateForm:
        return OverzichtCreateForm(data, ctx=self.tenant, schooljaar=current_schooljaar())

    def vorige(self, form: OverzichtCreateForm) -> Groepsoverzicht | None:
        data = form.cleaned_data
        if data.get("groep") is None or data.get("periode") is None:
            return None
        return services.vorig_overzicht(
            groep=data["groep"],
            periode=data["periode"],
            cyclus=data["cyclus"],
            lesgroep=data["lesgroep"],
        )

    def render_form(
        self, form: OverzichtCreateForm, *, vorige: Groepsoverzicht | None, status: int = 200
    ) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "form": form,
                "vorige": vorige,
                "gekozen": form.is_bound and form.is_valid(),
                "bestaand": getattr(form, "bestaand", None),
            },
            status=status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        # With both choices in the query string (htmx preview), say what will be carried over.
        if "keuze" in request.GET and "periode" in request.GET:
            form = self.form(request.GET)
            vorige = self.vorige(form) if form.is_valid() else None
            return self.render_form(form, vorige=vorige)
        return self.render_form(self.form(), vorige=None)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_form(form, vorige=None, status=400)
        data = form.cleaned_data
        bestaand = Groepsoverzicht.objects.filter(
            groep=data["groep"],
            periode=data["periode"],
            cyclus=data["cyclus"],
            lesgroep=data["lesgroep"],
        ).first()
        vorige = self.vorige(form)
        if bestaand is not None:
            form.add_error(
                "periode",
                _("Er is al een groepsoverzicht voor deze klas of lesgroep in deze periode."),
            )
            form.bestaand = bestaand  # type: ignore[attr-defined]
            return self.render_form(form, vorige=vorige, status=400)
        try:
            overzicht = services.groepsoverzicht_create(
                groep=data["groep"],
                periode=data["periode"],
                cyclus=data["cyclus"],
                lesgroep=data["lesgroep"],
                user=self.tenant.user,
                vorige=vorige if data.get("overnemen") else None,
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
            return self.render_form(form, vorige=vorige, status=400)
        if vorige is not None and data.get("overnemen"):
            messages.success(
                request,
                _(
                    "Groepsoverzicht gestart. Notities en onderwijsbehoeften zijn overgenomen "
                    "uit %s."
                )
                % vorige,
            )
        else:
            messages.success(request, _("Groepsoverzicht gestart."))
        return HttpResponseRedirect(
            reverse(
                "groepsoverzicht-detail",
                kwargs={"school": self.tenant.school.slug, "overzicht_id": overzicht.pk},
            )
        )


# --- The overview page ------------------------------------------------------------------------


class OverzichtDetailView(OverzichtMixin, View):
    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        grid = selectors.overzicht_grid(self.tenant, self.overzicht, self.rechten)
        cols = kolommen(self.overzicht, self.rechten)
        rijen = [
            (rij, [Tekstcel(rij.regel, k, getattr(rij.regel, k.veld)) for k in cols])
            for rij in grid.rijen
        ]
        context: dict[str, Any] = {
            "grid": grid,
            "rijen": rijen,
            "kolommen": cols,
            "aantal_kolommen": 3 + len(grid.domeinen) + len(cols),
            "verantwoordelijke": getattr(self.overzicht, "verantwoordelijke", ""),
            "meer_verantwoordelijken": max(
                (getattr(self.overzicht, "aantal_verantwoordelijken", 0) or 0) - 1, 0
            ),
            "opmerkingen": (
                selectors.open_opmerkingen(self.overzicht) if self.rechten.wijzigen else []
            ),
        }
        if self.rechten.opmerken:
            context["opmerking_form"] = OpmerkingForm(
                leerlingen=[(r.regel.leerling_id, str(r.regel.leerling)) for r in grid.rijen]
            )
        return self.fragment("groepsoverzicht/overzicht/detail.html", context)


# --- Autosaving cells -------------------------------------------------------------------------


class RegelCelView(OverzichtMixin, View):
    """One text cell of a row. POST saves it (compare-and-swap on `gezien`); GET returns the
    cell with the stored text (used to take over a colleague's version)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_cel.html"

    def kolom(self, veld: str) -> Kolom:
        for kolom in kolommen(self.overzicht, self.rechten):
            if kolom.veld == veld:
                return kolom
        raise Http404

    def cel(self, regel: Overzichtregel, kolom: Kolom, **extra: Any) -> HttpResponse:
        cel = Tekstcel(regel, kolom, getattr(regel, kolom.veld))
        return self.respond(self.template, {"cel": cel, **extra})

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        kolom = self.kolom(
            request.GET.get("veld") or kolommen(self.overzicht, self.rechten)[0].veld
        )
        return self.cel(self.regel(kwargs["regel_id"]), kolom)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        form = CelForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        kolom = self.kolom(form.cleaned_data["veld"])
        regel = self.regel(kwargs["regel_id"])
        try:
            regel = services.regel_cel_opslaan(
                regel=regel,
                veld=kolom.veld,
                waarde=form.cleaned_data["waarde"],
                gezien=form.cleaned_data["gezien"],
                user=self.tenant.user,
            )
        except services.CelConflict as conflict:
            cel = Tekstcel(regel, kolom, conflict.huidig)
            context = {"cel": cel, "conflict": conflict}
            if self.htmx:
                response = self.fragment(self.template, context)
                response["HX-Retarget"] = f"#cel-{regel.pk}-{kolom.veld}"
                response["HX-Reswap"] = "outerHTML"
                return response
            return self.page(self.template, context, status=409)
        except ValidationError as exc:
            return HttpResponse(" ".join(exc.messages), status=400)
        if not self.htmx:
            messages.success(request, _("Opgeslagen."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel.pk}"))
        cel = Tekstcel(regel, kolom, getattr(regel, kolom.veld))
        if request.POST.get("hele_cel"):
            return self.fragment(self.template, {"cel": cel, "opgeslagen": timezone.now()})
        return self.fragment(
            "groepsoverzicht/overzicht/_cel_opgeslagen.html",
            {"cel": cel, "opgeslagen": timezone.now()},
        )


class AandachtspuntenView(OverzichtMixin, View):
    """The whole-group attention points: the same autosave and conflict handling."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_aandachtspunten.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        return self.respond(self.template, {})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        form = AandachtspuntenForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Onvolledige gegevens."), status=400)
        try:
            fresh = services.aandachtspunten_opslaan(
                overzicht=self.overzicht,
                waarde=form.cleaned_data["waarde"],
                gezien=form.cleaned_data["gezien"],
                user=self.tenant.user,
            )
        except services.CelConflict as conflict:
            self.overzicht.aandachtspunten_groep = conflict.huidig
            context = {"conflict": conflict}
            if self.htmx:
                response = self.fragment(self.template, context)
                response["HX-Retarget"] = "#aandachtspunten"
                response["HX-Reswap"] = "outerHTML"
                return response
            return self.page(self.template, context, status=409)
        self.overzicht.aandachtspunten_groep = fresh.aandachtspunten_groep
        if not self.htmx:
            messages.success(request, _("Aandachtspunten opgeslagen."))
            return HttpResponseRedirect(self.overzicht_url("aandachtspunten"))
        if request.POST.get("hele_cel"):
            return self.fragment(self.template, {"opgeslagen": timezone.now()})
        return self.fragment(
            "groepsoverzicht/overzicht/_aandachtspunten_opgeslagen.html",
            {"opgeslagen": timezone.now()},
        )


class SignalenBerekenenView(OverzichtMixin, View):
    """Apply the school's ijkpunten again (after new results came in)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        return self.respond("groepsoverzicht/overzicht/_berekenen.html", {})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        nieuw, vervallen = services.signaleringen_voorstellen(overzicht=self.overzicht)
        if nieuw or vervallen:
            messages.success(
                request,
                _(
                    "Signalen opnieuw berekend: %(nieuw)d nieuw voorgesteld, %(weg)d voorstel(len) "
                    "vervallen. Bevestigde en afgewezen signalen zijn niet veranderd."
                )
                % {"nieuw": nieuw, "weg": vervallen},
            )
        else:
            messages.success(request, _("Signalen opnieuw berekend: er is niets veranderd."))
        return HttpResponseRedirect(self.overzicht_url("signalen"))


# --- One row's S and needs cells ---------------------------------------------------------------


class RegelView(OverzichtMixin, View):
    """Read-only fragments of one row: `?deel=s` (signals) or `?deel=behoeften` (needs).
    Used by the Cancel buttons of the inline forms."""

    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        rij = self.rij(kwargs["regel_id"])
        if request.GET.get("deel") == "behoeften":
            return self.respond("groepsoverzicht/overzicht/_behoeften.html", {"rij": rij})
        return self.respond("groepsoverzicht/overzicht/_s_cel.html", {"rij": rij})


class SignaleringBesluitView(OverzichtMixin, View):
    """Confirm or reject a proposed signal (or undo that)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def signalering(self, signalering_id: int) -> Signalering:
        return get_object_or_404(
            Signalering.objects.filter(regel__groepsoverzicht=self.overzicht), pk=signalering_id
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        signalering = self.signalering(kwargs["signalering_id"])
        rij = self.rij(signalering.regel_id)
        return self.respond("groepsoverzicht/overzicht/_s_cel.html", {"rij": rij})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        signalering = self.signalering(kwargs["signalering_id"])
        form = BesluitForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Kies bevestigen of afwijzen."), status=400)
        services.signalering_besluiten(
            signalering=signalering, status=form.cleaned_data["status"], user=self.tenant.user
        )
        if not self.htmx:
            messages.success(request, _("Signaal bijgewerkt."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{signalering.regel_id}"))
        rij = self.rij(signalering.regel_id)
        return self.fragment("groepsoverzicht/overzicht/_s_cel.html", {"rij": rij})


class HandmatigSignaalView(OverzichtMixin, View):
    """The mentor flags a pupil by hand, with a reason category and an explanation."""

    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_s_cel.html"

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        rij = self.rij(kwargs["regel_id"])
        form = HandmatigSignaalForm(auto_id=f"id_s{rij.regel.pk}_%s")
        return self.respond(self.template, {"rij": rij, "signaal_form": form})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        regel = self.regel(kwargs["regel_id"])
        form = HandmatigSignaalForm(request.POST, auto_id=f"id_s{regel.pk}_%s")
        if form.is_valid():
            try:
                services.signalering_handmatig(
                    regel=regel,
                    reden=form.cleaned_data["reden"],
                    uitleg=form.cleaned_data["uitleg"],
                    proactief=form.cleaned_data["proactief"],
                    user=self.tenant.user,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
        if not form.is_valid():
            rij = self.rij(regel.pk)
            return self.respond(
                self.template,
                {"rij": rij, "signaal_form": form},
                status=200 if self.htmx else 400,
            )
        if not self.htmx:
            messages.success(request, _("Leerling gesignaleerd."))
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel.pk}"))
        return self.fragment(self.template, {"rij": self.rij(regel.pk)})


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- Onderwijsbehoeften ------------------------------------------------------------------------


class BehoefteMixin(OverzichtMixin):
    template = "groepsoverzicht/overzicht/_behoeften.html"

    def behoefte(self, behoefte_id: int) -> Onderwijsbehoefte:
        return get_object_or_404(
            Onderwijsbehoefte.objects.filter(regel__groepsoverzicht=self.overzicht),
            pk=behoefte_id,
        )

    def form(self, data: Any = None, *, regel_id: int, **kwargs: Any) -> BehoefteForm:
        return BehoefteForm(
            data,
            domeinen=selectors.relevante_domeinen(self.overzicht),
            hulpzinnen=selectors.hulpzinnen(),
            auto_id=f"id_b{regel_id}_%s",
            **kwargs,
        )

    def block(
        self,
        regel_id: int,
        *,
        form: BehoefteForm | None = None,
        bewerk: Onderwijsbehoefte | None = None,
        status: int = 200,
        **extra: Any,
    ) -> HttpResponse:
        context = {
            "rij": self.rij(regel_id),
            "behoefte_form": form,
            "bewerk_id": bewerk.pk if bewerk else None,
            "bewerk": bewerk,
            **extra,
        }
        return self.respond(self.template, context, status=200 if self.htmx else status)

    def done(self, regel_id: int, message: str) -> HttpResponse:
        if not self.htmx:
            messages.success(self.request, message)
            return HttpResponseRedirect(self.overzicht_url(f"regel-{regel_id}"))
        return self.block(regel_id)


class BehoefteCreateView(BehoefteMixin, View):
    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        regel = self.regel(kwargs["regel_id"])
        return self.block(regel.pk, form=self.form(regel_id=regel.pk))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        regel = self.regel(kwargs["regel_id"])
        form = self.form(request.POST, regel_id=regel.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.onderwijsbehoefte_create(
                    regel=regel,
                    soort=data["soort"],
                    behoefte=data["behoefte"],
                    doel=data["doel"] or "",
                    domein_id=data["domein"].pk if data["domein"] else None,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
        if not form.is_valid():
            return self.block(regel.pk, form=form, status=400)
        return self.done(regel.pk, _("Onderwijsbehoefte toegevoegd."))


class BehoefteUpdateView(BehoefteMixin, View):
    """Edit a need; `versie` detects a colleague's edit in between (both versions shown)."""

    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        form = self.form(
            regel_id=behoefte.regel_id,
            initial={
                "soort": behoefte.soort,
                "domein": behoefte.domein_id,
                "doel": behoefte.doel,
                "behoefte": behoefte.behoefte,
                "versie": behoefte.versie,
            },
        )
        return self.block(behoefte.regel_id, form=form, bewerk=behoefte)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        form = self.form(request.POST, regel_id=behoefte.regel_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.onderwijsbehoefte_update(
                    behoefte=behoefte,
                    versie=data["versie"] or 0,
                    values={
                        "soort": data["soort"],
                        "domein_id": data["domein"].pk if data["domein"] else None,
                        "doel": data["doel"] or "",
                        "behoefte": data["behoefte"],
                    },
                )
            except services.CelConflict:
                fresh = self.behoefte(behoefte.pk)
                # Keep the user's text in the form; with the current version a second
                # submit saves it on purpose ("Mijn tekst bewaren").
                bound = request.POST.copy()
                bound["versie"] = str(fresh.versie)
                bound["behoefte"] = data["behoefte"]
                bound["hulpzin"] = ""
                form = self.form(bound, regel_id=behoefte.regel_id)
                form.is_valid()
                return self.block(
                    behoefte.regel_id,
                    form=form,
                    bewerk=fresh,
                    conflict={"jouw": data, "huidig": fresh},
                    status=409,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
        if not form.is_valid():
            return self.block(behoefte.regel_id, form=form, bewerk=behoefte, status=400)
        return self.done(behoefte.regel_id, _("Onderwijsbehoefte opgeslagen."))


class BehoefteDeleteView(BehoefteMixin, View):
    required_permission = p.CHANGE_GROEPSOVERZICHT

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        return self.respond(
            "groepsoverzicht/overzicht/_behoefte_verwijderen.html", {"behoefte": behoefte}
        )

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        behoefte = self.behoefte(kwargs["behoefte_id"])
        regel_id = behoefte.regel_id
        services.onderwijsbehoefte_delete(behoefte=behoefte)
        return self.done(regel_id, _("Onderwijsbehoefte verwijderd."))


# --- Remarks from teachers of the class ---------------------------------------------------------


class OpmerkingCreateView(OverzichtMixin, View):
    """A teacher of the class leaves a remark for the mentor (cyclus A)."""

    required_permission = p.VIEW_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_opmerking_form.html"

    def leerlingen(self) -> list[tuple[int, str]]:
        regels = Overzichtregel.objects.filter(groepsoverzicht=self.overzicht).select_related(
            "leerling"
        )
        return [
            (r.leerling_id, str(r.leerling))
            for r in regels.order_by("leerling__achternaam", "leerling__voornaam")
        ]

    def allowed(self) -> None:
        require(self.rechten.opmerken or self.rechten.wijzigen)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.allowed()
        form = OpmerkingForm(leerlingen=self.leerlingen())
        return self.respond(self.template, {"opmerking_form": form})

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.allowed()
        leerlingen = self.leerlingen()
        form = OpmerkingForm(request.POST, leerlingen=leerlingen)
        if form.is_valid():
            leerling_id = form.cleaned_data["leerling"]
            leerling = None
            if leerling_id:
                leerling = (
                    Overzichtregel.objects.filter(
                        groepsoverzicht=self.overzicht, leerling_id=int(leerling_id)
                    )
                    .select_related("leerling")
                    .get()
                    .leerling
                )
            try:
                services.opmerking_plaatsen(
                    overzicht=self.overzicht,
                    tekst=form.cleaned_data["tekst"],
                    user=self.tenant.user,
                    leerling=leerling,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
        if not form.is_valid():
            return self.respond(
                self.template, {"opmerking_form": form}, status=200 if self.htmx else 400
            )
        if not self.htmx:
            messages.success(request, _("Je opmerking is naar de mentor gestuurd."))
            return HttpResponseRedirect(self.overzicht_url("opmerkingen"))
        return self.fragment(
            self.template,
            {"opmerking_form": OpmerkingForm(leerlingen=leerlingen), "verstuurd": True},
        )


class OpmerkingAfhandelenView(OverzichtMixin, View):
    required_permission = p.CHANGE_GROEPSOVERZICHT
    template = "groepsoverzicht/overzicht/_opmerkingen.html"

    def opmerking(self, opmerking_id: int) -> Opmerking:
        return get_object_or_404(
            Opmerking.objects.filter(groepsoverzicht=self.overzicht), pk=opmerking_id
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        self.opmerking(kwargs["opmerking_id"])
        return self.respond(
            self.template, {"opmerkingen": selectors.open_opmerkingen(self.overzicht)}
        )

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        require(self.rechten.wijzigen)
        services.opmerking_afhandelen(opmerking=self.opmerking(kwargs["opmerking_id"]))
        if not self.htmx:
            messages.success(request, _("Opmerking afgehandeld."))
            return HttpResponseRedirect(self.overzicht_url("opmerkingen"))
        return self.fragment(
            self.template,
            {"opmerkingen": selectors.open_opmerkingen(self.overzicht), "afgehandeld": True},
        )
