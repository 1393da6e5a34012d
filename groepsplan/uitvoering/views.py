"""Carrying out and evaluating a groepsplan (HGW step 6): the teacher's "my plans" with the
handreikingen for their pupils, the interim adjustments and logbook of a plan, and the
evaluation per goal and per pupil.

Pages are read with VIEW_GROEPSPLAN; every POST also needs CHANGE_GROEPSPLAN and the plan's
`uitvoeren` right. Forms post plainly (redirect after success, the page with errors
otherwise); with htmx the same response replaces only the main content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from zorgroute import permissions as p
from zorgroute.access import require_perm
from zorgroute.models import Leerling
from zorgroute.versioning import FieldConflict, StaleVersion
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from .. import selectors as plan_selectors
from .. import services as plan_services
from ..access import PlanRechten, access_plan
from ..models import Doelevaluatie, Groepsplan, Plandoel, PlanStatus
from . import selectors, services
from .forms import AfrondenForm, BijstellingForm, EvaluatieRijForm, LogboekForm
from .services import Rij


class MijnPlannenView(TenantViewMixin, TemplateView):
    """The active plans of the classes the user teaches or mentors, with per plangroep the
    pupils they may see, the aanpak/organisatie and the weekrooster."""

    required_permission = p.VIEW_GROEPSPLAN
    template_name = "groepsplan/uitvoering/mijn_plannen.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plannen = list(selectors.mijn_plannen(self.tenant))
        context["plannen"] = [(plan, selectors.handreikingen(plan)) for plan in plannen]
        context["user_id"] = self.tenant.user.pk
        return context


class PlanMixin(TenantViewMixin):
    kwargs: dict[str, Any]
    plan: Groepsplan
    rechten: PlanRechten
    template = ""

    def load(self) -> None:
        self.plan, self.rechten = access_plan(self.request, self.kwargs["plan_id"])

    def require_uitvoeren(self) -> None:
        require_perm(self.request, p.CHANGE_GROEPSPLAN)
        if not self.rechten.uitvoeren:
            raise PermissionDenied

    @property
    def htmx(self) -> bool:
        return bool(getattr(self.request, "htmx", False))

    def url(self, name: str, anker: str = "") -> str:
        url = reverse(name, kwargs={"school": self.tenant.school.slug, "plan_id": self.plan.pk})
        return f"{url}#{anker}" if anker else url

    def render_page(self, context: dict[str, Any], status: int = 200) -> HttpResponse:
        # htmx swaps only 2xx responses: a refused form comes back as 200 there.
        base = {
            "tenant": self.tenant,
            "school": self.tenant.school,
            "plan": self.plan,
            "rechten": self.rechten,
            "voortgang": plan_services.evaluatievoortgang(self.plan),
        }
        return render(
            self.request,
            self.template,
            {**base, **context},
            status=200 if self.htmx else status,
        )


# --- Carrying out: adjustments and logbook -------------------------------------------------------


class UitvoeringView(PlanMixin, View):
    required_permission = p.VIEW_GROEPSPLAN
    template = "groepsplan/uitvoering/uitvoering.html"

    def page(
        self,
        bijstelling_form: BijstellingForm | None = None,
        logboek_form: LogboekForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        plangroepen = plan_selectors.plangroepen_van(self.plan)
        return self.render_page(
            {
                "bijstellingen": plan_selectors.bijstellingen(self.plan),
                "logboek": plan_selectors.logboek(self.plan),
                "bijstelling_form": bijstelling_form or BijstellingForm(plangroepen=plangroepen),
                "logboek_form": logboek_form or LogboekForm(),
                "actief": self.plan.status == PlanStatus.ACTIEF,
            },
            status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.page()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_uitvoeren()
        if request.POST.get("actie") == "logboek":
            logboek = submit(
                LogboekForm,
                request.POST,
                lambda form: plan_services.logboek_create(
                    groepsplan=self.plan, auteur=self.tenant.user, tekst=form.cleaned_data["tekst"]
                ),
            )
            if not logboek.saved:
                return self.page(logboek_form=logboek.form, status=400)
            messages.success(request, _("Toegevoegd aan het logboek."))
            return HttpResponseRedirect(self.url("groepsplan-uitvoering", "logboek"))
        plangroepen = plan_selectors.plangroepen_van(self.plan)
        bijstelling = submit(
            lambda data: BijstellingForm(data, plangroepen=plangroepen),
            request.POST,
            lambda form: plan_services.bijstelling_create(
                groepsplan=self.plan,
                auteur=self.tenant.user,
                reden=form.cleaned_data["reden"],
                wijziging=form.cleaned_data["wijziging"],
                plangroep=form.cleaned_data["plangroep"],
            ),
        )
        if not bijstelling.saved:
            return self.page(bijstelling_form=bijstelling.form, status=400)
        messages.success(request, _("Tussentijdse bijstelling vastgelegd."))
        return HttpResponseRedirect(self.url("groepsplan-uitvoering", "bijstellingen"))


# --- Evaluating ----------------------------------------------------------------------------------


@dataclass
class EvaluatieRij:
    label: str
    leerling: Leerling | None
    form: EvaluatieRijForm
    evaluatie: Doelevaluatie | None
    #: After a conflict: the stored evaluation (theirs) next to the user's row (mine).
    botsing: FieldConflict | None = None


@dataclass
class DoelBlok:
    doel: Plandoel
    rijen: list[EvaluatieRij] = field(default_factory=list)
    conflict: StaleVersion | None = None

    @property
    def per_leerling(self) -> bool:
        return selectors.per_leerling_te_evalueren(self.doel.plangroep)


def _prefix(doel: Plandoel, leerling_id: int | None) -> str:
    return f"d{doel.pk}-{'g' if leerling_id is None else f'l{leerling_id}'}"


def _blok(doel: Plandoel, data: Any = None) -> DoelBlok:
    bestaand = {e.leerling_id: e for e in doel.evaluaties.all()}
    doelen: list[tuple[str, Leerling | None]] = [(_("Hele groep"), None)]
    if selectors.per_leerling_te_evalueren(doel.plangroep):
        doelen += [
            (lid.leerling.volledige_naam, lid.leerling) for lid in doel.plangroep.leden.all()
        ]
    blok = DoelBlok(doel)
    for label, leerling in doelen:
        e = bestaand.get(leerling.pk if leerling else None)
        initial = (
            {"resultaat": e.resultaat, "toelichting": e.toelichting, "vervolg": e.vervolg}
            if e
            else {}
        )
        form = EvaluatieRijForm(
            data,
            prefix=_prefix(doel, leerling.pk if leerling else None),
            initial={**initial, "version": e.versie if e else 0},
        )
        blok.rijen.append(EvaluatieRij(label, leerling, form, e))
    return blok


class DoelBlokForm(forms.Form):
    """The rows of one goal as one form for `submit`: valid when every row is; an error of
    the service shows at the first row (the group)."""

    def __init__(self, blok: DoelBlok) -> None:
        super().__init__()
        self.blok = blok

    def is_valid(self) -> bool:
        return all([rij.form.is_valid() for rij in self.blok.rijen])

    def add_error(self, field: str | None, error: Any) -> None:
        self.blok.rijen[0].form.add_error(None, error)


def _rijen(blok: DoelBlok) -> list[Rij]:
    """The filled-in rows of a valid block, as the service takes them."""
    return [
        Rij(
            leerling_id=rij.leerling.pk if rij.leerling else None,
            resultaat=rij.form.cleaned_data["resultaat"],
            vervolg=rij.form.cleaned_data["vervolg"],
            toelichting=rij.form.cleaned_data["toelichting"],
            gezien=rij.form.cleaned_data["version"],
        )
        for rij in blok.rijen
        if rij.form.ingevuld
    ]


def _conflict_blok(doel: Plandoel, data: QueryDict, conflict: StaleVersion) -> DoelBlok:
    """The block again with the user's input, each conflicting row carrying the stored
    version (so sending it again keeps the user's text) and both versions to compare."""
    data = data.copy()
    botsingen = {c.name: c for c in conflict.conflicts}
    for c in conflict.conflicts:
        mine: Rij = c.mine
        data[f"{_prefix(doel, mine.leerling_id)}-version"] = str(c.theirs.versie if c.theirs else 0)
    blok = _blok(doel, data)
    for rij in blok.rijen:
        rij.form.is_valid()
        rij.botsing = botsingen.get(
            services.conflict_naam(rij.leerling.pk if rij.leerling else None)
        )
    blok.conflict = conflict
    return blok


class EvaluatieView(PlanMixin, View):
    required_permission = p.VIEW_GROEPSPLAN
    template = "groepsplan/uitvoering/evaluatie.html"

    def page(
        self,
        vervangen: DoelBlok | None = None,
        afronden_form: AfrondenForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        blokken = [
            vervangen if vervangen and vervangen.doel.pk == doel.pk else _blok(doel)
            for doel in selectors.evaluatie_doelen(self.plan)
        ]
        return self.render_page(
            {
                "blokken": blokken,
                "doorlopend": selectors.doorlopend(self.plan, [blok.doel for blok in blokken]),
                "afronden_form": afronden_form or AfrondenForm(),
                "actief": self.plan.status == PlanStatus.ACTIEF,
                "mag_evalueren": self.rechten.uitvoeren
                and self.tenant.has_perm(p.CHANGE_GROEPSPLAN)
                and self.plan.status == PlanStatus.ACTIEF,
            },
            status,
        )

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        return self.page()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.load()
        self.require_uitvoeren()
        if request.POST.get("actie") == "afronden":
            return self.afronden(request)
        return self.evalueren(request)

    def afronden(self, request: HttpRequest) -> HttpResponse:
        done = submit(
            AfrondenForm,
            request.POST,
            lambda form: services.evaluatie_afronden(
                groepsplan=self.plan, eindevaluatie=form.cleaned_data["eindevaluatie"]
            ),
        )
        if not done.saved:
            return self.page(afronden_form=done.form, status=400)
        messages.success(request, _("De evaluatie van het plan is afgerond."))
        return HttpResponseRedirect(self.url("groepsplan-evaluatie"))

    def evalueren(self, request: HttpRequest) -> HttpResponse:
        doel = selectors.evaluatie_doel(self.plan, request.POST.get("doel", ""))
        if doel is None:
            raise Http404
        done = submit(
            lambda data: DoelBlokForm(_blok(doel, data)),
            request.POST,
            lambda form: services.doel_evaluaties_update(
                doel=doel, rijen=_rijen(form.blok), user=self.tenant.user
            ),
        )
        if done.conflict is not None:
            blok = _conflict_blok(doel, request.POST, done.conflict)
            return self.page(vervangen=blok, status=409)
        if not done.saved:
            return self.page(vervangen=done.form.blok, status=400)
        if done.result:
            messages.success(request, _("Evaluatie van het doel opgeslagen."))
        else:
            messages.info(request, _("Niets ingevuld; er is niets opgeslagen."))
        return HttpResponseRedirect(self.url("groepsplan-evaluatie", f"doel-{doel.pk}"))
