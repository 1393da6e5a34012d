"""IHP and OPP pages.

Who reads and writes them is decided, and each read logged, by groepsplan.access
(access_ihp, access_opp).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from groepsoverzicht.access import require
from zorgroute import permissions as p
from zorgroute.access import access_leerling
from zorgroute.forms import fouten_op_formulier
from zorgroute.models import Leerling, Vak
from zorgroute.views.base import TenantTemplateView

from .access import OppRechten, PlanRechten, access_ihp, access_opp, access_plan
from .models import Groepsplan
from .models_ihp_opp import (
    Handelingsplan,
    IhpSoort,
    InstemmingRelatie,
    InstemmingWijze,
    Ontwikkelingsperspectief,
)
from .selectors_opp import opp_overzicht, opp_status
from .services_ihp_opp import (
    IHP_VELDEN,
    OPP_VELDEN,
    VersieConflict,
    ihp_create,
    ihp_update,
    instemming_vastleggen,
    opp_create,
    opp_update,
)

# --- Forms --------------------------------------------------------------------------------------


class IhpForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Handelingsplan
        fields = list(IHP_VELDEN)
        widgets = {veld: forms.Textarea(attrs={"rows": 3}) for veld in IHP_VELDEN}


class IhpCreateForm(forms.Form):
    leerling = forms.TypedChoiceField(label="Leerling", coerce=int)
    soort = forms.ChoiceField(label="Soort", choices=IhpSoort.choices)


class InstemmingForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=150)
    relatie = forms.ChoiceField(label="Relatie", choices=InstemmingRelatie.choices)
    datum = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    wijze = forms.ChoiceField(label="Hoe", choices=InstemmingWijze.choices)


class OppForm(forms.ModelForm):
    versie = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Ontwikkelingsperspectief
        fields = list(OPP_VELDEN)
        widgets = {
            "stimulerende_factoren": forms.Textarea(attrs={"rows": 3}),
            "belemmerende_factoren": forms.Textarea(attrs={"rows": 3}),
            "handelingsdeel": forms.Textarea(attrs={"rows": 5}),
            "startdatum_ondersteuning": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "vastgesteld_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluatiedatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, vakken: list[Vak], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vakken = vakken
        for vak in vakken:
            self.fields[f"vak-{vak.pk}"] = forms.CharField(
                label=f"Verwacht leerrendement {vak.naam}", required=False, max_length=300
            )

    def verwachtingen(self) -> dict[int, str]:
        return {vak.pk: self.cleaned_data.get(f"vak-{vak.pk}") or "" for vak in self.vakken}

    def velden(self) -> dict[str, Any]:
        return {veld: self.cleaned_data.get(veld) for veld in OPP_VELDEN}


# --- IHP ----------------------------------------------------------------------------------------


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
        regels = plan.groepsoverzicht.regels.select_related("leerling").order_by(
            "leerling__achternaam", "leerling__voornaam"
        )
        form.fields["leerling"].choices = [  # type: ignore[attr-defined]
            (r.leerling_id, r.leerling.volledige_naam) for r in regels
        ]
        return form

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        require(rechten.schrijven)
        return self.render_to_response(
            self.get_context_data(plan=plan, form=self._form(plan), ihps=self._ihps(plan))
        )

    def _ihps(self, plan: Groepsplan) -> list[Handelingsplan]:
        return list(plan.handelingsplannen.select_related("leerling"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        require(rechten.schrijven)
        form = self._form(plan, request.POST)
        if form.is_valid():
            leerling = Leerling.objects.filter(pk=form.cleaned_data["leerling"]).first()
            try:
                if leerling is None:
                    raise ValidationError({"leerling": "Kies een leerling uit het overzicht."})
                ihp = ihp_create(
                    groepsplan=plan,
                    leerling=leerling,
                    user=self.tenant.user,
                    soort=form.cleaned_data["soort"],
                )
            except ValidationError as error:
                fouten_op_formulier(form, error)
            else:
                messages.success(request, "Het IHP is aangemaakt.")
                return HttpResponseRedirect(
                    reverse(
                        "ihp-detail", kwargs={"school": self.tenant.school.slug, "ihp_id": ihp.pk}
                    )
                )
        return self.render_to_response(
            self.get_context_data(plan=plan, form=form, ihps=self._ihps(plan)), status=400
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
        huidig: Handelingsplan | None = None,
        status: int = 200,
    ) -> HttpResponse:
        form = form or IhpForm(instance=ihp, initial={"versie": ihp.versie})
        if not rechten.schrijven:
            for field in form.fields.values():
                field.disabled = True
        context = self.get_context_data(
            ihp=ihp,
            plan=plan,
            rechten=rechten,
            form=form,
            instemming_form=instemming_form
            or InstemmingForm(initial={"datum": timezone.localdate()}),
            instemmingen=list(ihp.instemmingen.order_by("datum", "pk")),
            huidig=huidig,
            huidige_waarden=[(form.fields[v].label, getattr(huidig, v)) for v in IHP_VELDEN]
            if huidig
            else [],
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ihp, plan, rechten = access_ihp(request, kwargs["ihp_id"])
        return self._page(ihp, plan, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ihp, plan, rechten = access_ihp(request, kwargs["ihp_id"])
        require(rechten.schrijven)
        url = reverse("ihp-detail", kwargs={"school": self.tenant.school.slug, "ihp_id": ihp.pk})
        if request.POST.get("actie") == "instemming":
            instemming_form = InstemmingForm(request.POST)
            if instemming_form.is_valid():
                try:
                    instemming_vastleggen(
                        handelingsplan=ihp,
                        user=self.tenant.user,
                        today=timezone.localdate(),
                        **instemming_form.cleaned_data,
                    )
                except ValidationError as error:
                    fouten_op_formulier(instemming_form, error)
                else:
                    messages.success(request, "De instemming is vastgelegd.")
                    return HttpResponseRedirect(url)
            return self._page(ihp, plan, rechten, instemming_form=instemming_form, status=400)
        form = IhpForm(request.POST, instance=Handelingsplan(school_id=ihp.school_id))
        if not form.is_valid():
            return self._page(ihp, plan, rechten, form=form, status=400)
        velden = {v: form.cleaned_data.get(v) or "" for v in IHP_VELDEN}
        try:
            ihp_update(ihp=ihp, versie=form.cleaned_data["versie"], **velden)
        except VersieConflict:
            huidig = Handelingsplan.objects.select_related("leerling").get(pk=ihp.pk)
            data = request.POST.copy()
            data["versie"] = str(huidig.versie)
            form = IhpForm(data, instance=Handelingsplan(school_id=ihp.school_id))
            form.is_valid()
            form.add_error(
                None,
                "Iemand anders heeft dit IHP intussen opgeslagen. Uw tekst staat hieronder nog; "
                "vergelijk met de opgeslagen versie en sla opnieuw op.",
            )
            return self._page(huidig, plan, rechten, form=form, huidig=huidig, status=409)
        except ValidationError as error:
            fouten_op_formulier(form, error)
            return self._page(ihp, plan, rechten, form=form, status=400)
        messages.success(request, "Het IHP is opgeslagen.")
        return HttpResponseRedirect(url)


# --- OPP ----------------------------------------------------------------------------------------


class OppListView(TenantTemplateView):
    """All OPP's of the school, late and nearly late first, with the reason."""

    required_permission = p.MANAGE_OPP
    template_name = "groepsplan/opp/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["statussen"] = opp_overzicht(self.tenant)
        return context


def _vakken() -> list[Vak]:
    return list(Vak.objects.order_by("naam"))


class OppCreateView(TenantTemplateView):
    """A new OPP for a pupil (zorgcoördinator); an existing OPP opens instead."""

    required_permission = p.MANAGE_OPP
    template_name = "groepsplan/opp/form.html"

    def _leerling(self) -> Leerling:
        return access_leerling(self.request, self.kwargs["leerling_uuid"])

    def _bestaand(self, leerling: Leerling) -> HttpResponse | None:
        opp = Ontwikkelingsperspectief.objects.filter(leerling=leerling).first()
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
                    vakken=_vakken(), initial={"startdatum_ondersteuning": timezone.localdate()}
                ),
            )
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = self._leerling()
        bestaand = self._bestaand(leerling)
        if bestaand is not None:
            return bestaand
        form = OppForm(request.POST, vakken=_vakken())
        if form.is_valid():
            velden = form.velden()
            start: dt.date | None = velden.pop("startdatum_ondersteuning")
            try:
                opp = opp_create(
                    leerling=leerling,
                    user=self.tenant.user,
                    startdatum_ondersteuning=start,
                    verwachtingen=form.verwachtingen(),
                    **velden,
                )
            except ValidationError as error:
                fouten_op_formulier(form, error)
            else:
                messages.success(request, "Het OPP is aangemaakt.")
                return HttpResponseRedirect(
                    reverse(
                        "opp-detail", kwargs={"school": self.tenant.school.slug, "opp_id": opp.pk}
                    )
                )
        return self.render_to_response(
            self.get_context_data(leerling=leerling, form=form), status=400
        )


class OppDetailView(TenantTemplateView):
    """Read (mentor, teamleider) or edit (zorgcoördinator) an OPP; record agreement."""

    required_permission = p.VIEW_LEERLING
    template_name = "groepsplan/opp/detail.html"

    def _initial(self, opp: Ontwikkelingsperspectief) -> dict[str, Any]:
        initial: dict[str, Any] = {"versie": opp.versie}
        for v in opp.verwachtingen.all():
            initial[f"vak-{v.vak_id}"] = v.verwacht_leerrendement
        return initial

    def _page(
        self,
        opp: Ontwikkelingsperspectief,
        rechten: OppRechten,
        *,
        form: OppForm | None = None,
        instemming_form: InstemmingForm | None = None,
        huidig: Ontwikkelingsperspectief | None = None,
        status: int = 200,
    ) -> HttpResponse:
        form = form or OppForm(instance=opp, initial=self._initial(opp), vakken=_vakken())
        if not rechten.schrijven:
            for field in form.fields.values():
                field.disabled = True
        context = self.get_context_data(
            opp=opp,
            leerling=opp.leerling,
            rechten=rechten,
            status_opp=opp_status(opp, timezone.localdate()),
            form=form,
            verwachtingen=list(opp.verwachtingen.select_related("vak")),
            instemming_form=instemming_form
            or InstemmingForm(initial={"datum": timezone.localdate()}),
            instemmingen=list(opp.instemmingen.order_by("datum", "pk")),
            huidig=huidig,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opp, rechten = access_opp(request, kwargs["opp_id"])
        return self._page(opp, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opp, rechten = access_opp(request, kwargs["opp_id"])
        if not rechten.schrijven:
            raise PermissionDenied
        url = reverse("opp-detail", kwargs={"school": self.tenant.school.slug, "opp_id": opp.pk})
        if request.POST.get("actie") == "instemming":
            instemming_form = InstemmingForm(request.POST)
            if instemming_form.is_valid():
                try:
                    instemming_vastleggen(
                        ontwikkelingsperspectief=opp,
                        user=self.tenant.user,
                        today=timezone.localdate(),
                        **instemming_form.cleaned_data,
                    )
                except ValidationError as error:
                    fouten_op_formulier(instemming_form, error)
                else:
                    messages.success(request, "De instemming is vastgelegd.")
                    return HttpResponseRedirect(url)
            return self._page(opp, rechten, instemming_form=instemming_form, status=400)
        form = OppForm(
            request.POST,
            instance=Ontwikkelingsperspectief(school_id=opp.school_id),
            vakken=_vakken(),
        )
        if not form.is_valid():
            return self._page(opp, rechten, form=form, status=400)
        try:
            opp_update(
                opp=opp,
                versie=form.cleaned_data.get("versie") or 0,
                verwachtingen=form.verwachtingen(),
                **form.velden(),
            )
        except VersieConflict:
            huidig = Ontwikkelingsperspectief.objects.select_related("leerling").get(pk=opp.pk)
            data = request.POST.copy()
            data["versie"] = str(huidig.versie)
            form = OppForm(
                data, instance=Ontwikkelingsperspectief(school_id=opp.school_id), vakken=_vakken()
            )
            form.is_valid()
            form.add_error(
                None,
                "Iemand anders heeft dit OPP intussen opgeslagen. Uw invoer staat hieronder nog; "
                "vergelijk met de opgeslagen versie en sla opnieuw op.",
            )
            return self._page(huidig, rechten, form=form, huidig=huidig, status=409)
        except ValidationError as error:
            fouten_op_formulier(form, error)
            return self._page(opp, rechten, form=form, status=400)
        messages.success(request, "Het OPP is opgeslagen.")
        return HttpResponseRedirect(url)
