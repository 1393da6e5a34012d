"""IHP and OPP pages (their forms are in groepsplan.ihp_opp.forms).

Who reads and writes them is decided, and each read logged, by groepsplan.access
(access_ihp, access_opp).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from groepsoverzicht.access import require
from zorgroute import permissions as p
from zorgroute.access import access_leerling, tenant_of
from zorgroute.forms import add_service_errors
from zorgroute.models import Leerling
from zorgroute.versioning import VERSION_FIELD, StaleVersion
from zorgroute.views.base import TenantTemplateView
from zorgroute.views.versioned import submit

from ..access import OppRechten, PlanRechten, access_ihp, access_opp, access_plan
from ..models import Groepsplan
from . import selectors
from .forms import IhpCreateForm, IhpForm, InstemmingForm, OppForm
from .models import Handelingsplan, IhpSoort, Ontwikkelingsperspectief
from .selectors import opp_overzicht, opp_status
from .services import (
    IHP_VELDEN,
    ihp_create,
    ihp_update,
    instemming_vastleggen,
    opp_create,
    opp_update,
)

# --- IHP ----------------------------------------------------------------------------------------


def _instemming(
    request: HttpRequest,
    form: InstemmingForm,
    *,
    handelingsplan: Handelingsplan | None = None,
    ontwikkelingsperspectief: Ontwikkelingsperspectief | None = None,
) -> bool:
    """Record the agreement of a valid form; False with the errors on the form otherwise."""
    if not form.is_valid():
        return False
    try:
        instemming_vastleggen(
            handelingsplan=handelingsplan,
            ontwikkelingsperspectief=ontwikkelingsperspectief,
            user=tenant_of(request).user,
            today=timezone.localdate(),
            **form.cleaned_data,
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, "De instemming is vastgelegd.")
    return True


class IhpCreateView(TenantTemplateView):
    """A new IHP from a plan, for a pupil in its overview (who may write the plan)."""

    required_permission = p.VIEW_GROEPSPLAN
    template_name = "groepsplan/ihp/create.html"

    def _form(self, plan: Groepsplan, data: Any = None) -> IhpCreateForm:
        form = IhpCreateForm(
            data,
            initial={
                "soort": IhpSoort.VAKSPECIFIEK
                if plan.groepsoverzicht.lesgroep_id
                else IhpSoort.VAKOVERSTIJGEND
            },
        )
        form.fields["leerling"].choices = [  # type: ignore[attr-defined]
            (ll.pk, ll.volledige_naam) for ll in selectors.overzicht_leerlingen(plan)
        ]
        return form

    def _render(self, plan: Groepsplan, form: IhpCreateForm, status: int = 200) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(plan=plan, form=form, ihps=selectors.ihps(plan)),
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        require(rechten.bewerken)
        return self._render(plan, self._form(plan))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        require(rechten.bewerken)

        def save(form: IhpCreateForm) -> Handelingsplan:
            leerling = selectors.overzicht_leerling(plan, form.cleaned_data["leerling"])
            if leerling is None:
                raise ValidationError({"leerling": "Kies een leerling uit het overzicht."})
            return ihp_create(
                groepsplan=plan,
                leerling=leerling,
                user=self.tenant.user,
                soort=form.cleaned_data["soort"],
            )

        done = submit(lambda data: self._form(plan, data), request.POST, save)
        if not done.saved or done.result is None:
            return self._render(plan, done.form, status=400)
        messages.success(request, "Het IHP is aangemaakt.")
        return HttpResponseRedirect(
            reverse(
                "ihp-detail", kwargs={"school": self.tenant.school.slug, "ihp_id": done.result.pk}
            )
        )


class IhpDetailView(TenantTemplateView):
    """View and edit an IHP; record parental agreement (actie=instemming)."""

    required_permission = p.VIEW_GROEPSPLAN
    template_name = "groepsplan/ihp/detail.html"

    def _page(
        self,
        ihp: Handelingsplan,
        plan: Groepsplan,
        rechten: PlanRechten,
        *,
        form: IhpForm | None = None,
        instemming_form: InstemmingForm | None = None,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        form = form or IhpForm(instance=ihp, initial={VERSION_FIELD: ihp.versie})
        if not rechten.bewerken:
            for field in form.fields.values():
                field.disabled = True
        context = self.get_context_data(
            ihp=ihp,
            plan=plan,
            rechten=rechten,
            form=form,
            instemming_form=instemming_form
            or InstemmingForm(initial={"datum": timezone.localdate()}),
            instemmingen=selectors.instemmingen(ihp),
            conflict=conflict,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ihp, plan, rechten = access_ihp(request, kwargs["ihp_id"])
        return self._page(ihp, plan, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ihp, plan, rechten = access_ihp(request, kwargs["ihp_id"])
        require(rechten.bewerken)
        url = reverse("ihp-detail", kwargs={"school": self.tenant.school.slug, "ihp_id": ihp.pk})
        if request.POST.get("actie") == "instemming":
            instemming_form = InstemmingForm(request.POST)
            if _instemming(request, instemming_form, handelingsplan=ihp):
                return HttpResponseRedirect(url)
            return self._page(ihp, plan, rechten, instemming_form=instemming_form, status=400)
        done = submit(
            lambda data: IhpForm(data, instance=Handelingsplan(school_id=ihp.school_id)),
            request.POST,
            lambda form: ihp_update(
                ihp=ihp,
                version=form.cleaned_data[VERSION_FIELD] or 0,
                user=self.tenant.user,
                **{v: form.cleaned_data.get(v) or "" for v in IHP_VELDEN},
            ),
        )
        if done.saved:
            messages.success(request, "Het IHP is opgeslagen.")
            return HttpResponseRedirect(url)
        current = done.conflict.current if done.conflict else None
        return self._page(
            current if isinstance(current, Handelingsplan) else ihp,
            plan,
            rechten,
            form=done.form,
            conflict=done.conflict,
            status=done.status,
        )


# --- OPP ----------------------------------------------------------------------------------------


class OppListView(TenantTemplateView):
    """All OPP's of the school, late and nearly late first, with the reason."""

    required_permission = p.MANAGE_OPP
    template_name = "groepsplan/opp/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["statussen"] = opp_overzicht(self.tenant)
        return context


class OppCreateView(TenantTemplateView):
    """A new OPP for a pupil (zorgcoördinator); an existing OPP opens instead."""

    required_permission = p.MANAGE_OPP
    template_name = "groepsplan/opp/form.html"

    def _leerling(self) -> Leerling:
        return access_leerling(self.request, self.kwargs["leerling_uuid"])

    def _bestaand(self, leerling: Leerling) -> HttpResponse | None:
        opp = selectors.opp_van(leerling)
        if opp is None:
            return None
        return HttpResponseRedirect(
            reverse("opp-detail", kwargs={"school": self.tenant.school.slug, "opp_id": opp.pk})
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = self._leerling()
        return self._bestaand(leerling) or self.render_to_response(
            self.get_context_data(
                leerling=leerling,
                form=OppForm(
                    vakken=selectors.vakken(),
                    initial={"startdatum_ondersteuning": timezone.localdate()},
                ),
            )
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = self._leerling()
        bestaand = self._bestaand(leerling)
        if bestaand is not None:
            return bestaand

        def save(form: OppForm) -> Ontwikkelingsperspectief:
            velden = form.velden()
            start: dt.date | None = velden.pop("startdatum_ondersteuning")
            return opp_create(
                leerling=leerling,
                user=self.tenant.user,
                startdatum_ondersteuning=start,
                verwachtingen=form.verwachtingen(),
                **velden,
            )

        vakken = selectors.vakken()
        done = submit(lambda data: OppForm(data, vakken=vakken), request.POST, save)
        if not done.saved or done.result is None:
            return self.render_to_response(
                self.get_context_data(leerling=leerling, form=done.form), status=400
            )
        messages.success(request, "Het OPP is aangemaakt.")
        return HttpResponseRedirect(
            reverse(
                "opp-detail", kwargs={"school": self.tenant.school.slug, "opp_id": done.result.pk}
            )
        )


def _verwachtingen_naast_elkaar(
    form: OppForm, conflict: StaleVersion | None, current: Ontwikkelingsperspectief
) -> None:
    """The conflict rows of the per-vak fields show the stored expectation (they are no
    attribute of the OPP itself)."""
    if conflict is None:
        return
    opgeslagen = {
        f"vak-{v.vak_id}": v.verwacht_leerrendement for v in selectors.verwachtingen(current)
    }
    for rij in conflict.conflicts:
        if rij.name.startswith("vak-"):
            rij.theirs = opgeslagen.get(rij.name) or "–"


class OppDetailView(TenantTemplateView):
    """Read (mentor, teamleider) or edit (zorgcoördinator) an OPP; record agreement."""

    required_permission = p.VIEW_LEERLING
    template_name = "groepsplan/opp/detail.html"

    def _initial(self, opp: Ontwikkelingsperspectief) -> dict[str, Any]:
        initial: dict[str, Any] = {VERSION_FIELD: opp.versie}
        for v in selectors.verwachtingen(opp):
            initial[f"vak-{v.vak_id}"] = v.verwacht_leerrendement
        return initial

    def _page(
        self,
        opp: Ontwikkelingsperspectief,
        rechten: OppRechten,
        *,
        form: OppForm | None = None,
        instemming_form: InstemmingForm | None = None,
        conflict: StaleVersion | None = None,
        status: int = 200,
    ) -> HttpResponse:
        form = form or OppForm(instance=opp, initial=self._initial(opp), vakken=selectors.vakken())
        if not rechten.bewerken:
            for field in form.fields.values():
                field.disabled = True
        context = self.get_context_data(
            opp=opp,
            leerling=opp.leerling,
            rechten=rechten,
            status_opp=opp_status(opp, timezone.localdate()),
            form=form,
            verwachtingen=selectors.verwachtingen(opp),
            instemming_form=instemming_form
            or InstemmingForm(initial={"datum": timezone.localdate()}),
            instemmingen=selectors.instemmingen(opp),
            conflict=conflict,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opp, rechten = access_opp(request, kwargs["opp_id"])
        return self._page(opp, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opp, rechten = access_opp(request, kwargs["opp_id"])
        require(rechten.bewerken)
        url = reverse("opp-detail", kwargs={"school": self.tenant.school.slug, "opp_id": opp.pk})
        if request.POST.get("actie") == "instemming":
            instemming_form = InstemmingForm(request.POST)
            if _instemming(request, instemming_form, ontwikkelingsperspectief=opp):
                return HttpResponseRedirect(url)
            return self._page(opp, rechten, instemming_form=instemming_form, status=400)
        vakken = selectors.vakken()
        done = submit(
            lambda data: OppForm(
                data, instance=Ontwikkelingsperspectief(school_id=opp.school_id), vakken=vakken
            ),
            request.POST,
            lambda form: opp_update(
                opp=opp,
                version=form.cleaned_data.get(VERSION_FIELD) or 0,
                user=self.tenant.user,
                verwachtingen=form.verwachtingen(),
                **form.velden(),
            ),
        )
        if done.saved:
            messages.success(request, "Het OPP is opgeslagen.")
            return HttpResponseRedirect(url)
        current = done.conflict.current if done.conflict else None
        huidig = current if isinstance(current, Ontwikkelingsperspectief) else opp
        _verwachtingen_naast_elkaar(done.form, done.conflict, huidig)
        return self._page(
            huidig, rechten, form=done.form, conflict=done.conflict, status=done.status
        )
