"""The mentor judges a handelingsadvies of the IZO or ZAT: take it over (reworded if needed)
into the class's groepsplan (a group's aanpak, inhoud or organisatie) or the pupil's IHP, or
explain why it does not fit the classroom.

The advice is visible with its traject (izo_zat.access: 404 otherwise); the plan it lands in
is the pupil's class's current cyclus A plan, and judging needs the right to write that plan
(groepsplan.access; 403 otherwise). Without such a plan the page says what to do first."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from groepsplan.access import PlanRechten, access_plan, visible_plannen
from groepsplan.models import Groepsplan, Plangroep
from zorgroute import permissions as p
from zorgroute.views.base import TenantViewMixin
from zorgroute.views.versioned import submit

from ..access import access_advies
from .forms import AdviesBeoordelenForm
from .models import AdviesBestemming, Handelingsadvies
from .services import advies_niet_overnemen, advies_overnemen, plan_voor_advies, standaard_plangroep


class AdviesBeoordelenView(TenantViewMixin, View):
    required_permission = p.VIEW_TRAJECT

    def _load(self) -> tuple[Handelingsadvies, Groepsplan | None, PlanRechten | None]:
        advies = access_advies(self.request, self.kwargs["advies_id"])
        plan = plan_voor_advies(visible_plannen(self.tenant), advies)
        rechten = access_plan(self.request, plan.pk)[1] if plan is not None else None
        return advies, plan, rechten

    def _form(
        self, plan: Groepsplan | None, data: Any = None, **kwargs: Any
    ) -> AdviesBeoordelenForm:
        plangroepen = (
            plan.plangroepen.order_by("deel", "volgorde", "pk")
            if plan is not None
            else Plangroep.objects.none()
        )
        return AdviesBeoordelenForm(data, plangroepen=plangroepen, **kwargs)

    def _page(
        self,
        advies: Handelingsadvies,
        plan: Groepsplan | None,
        rechten: PlanRechten | None,
        form: AdviesBeoordelenForm,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            self.request,
            "izo_zat/advies/beoordelen.html",
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "plan": plan,
                "advies": advies,
                "form": form,
                "mag_beoordelen": bool(rechten and rechten.bewerken),
                "naar_ihp": advies.bestemming == AdviesBestemming.IHP,
            },
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        advies, plan, rechten = self._load()
        standaard = standaard_plangroep(plan, advies.traject.leerling_id) if plan else None
        form = self._form(
            plan,
            initial={
                "tekst": advies.tekst,
                "plangroep": standaard.pk if standaard else None,
                "veld": "aanpak",
            },
        )
        return self._page(advies, plan, rechten, form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        advies, plan, rechten = self._load()
        form = self._form(plan, request.POST)
        if plan is None or rechten is None:
            form.is_valid()
            form.add_error(
                None,
                "Er is nog geen groepsplan (cyclus A) voor de klas van deze leerling waarin het "
                "advies kan landen. Maak eerst het groepsplan.",
            )
            return self._page(advies, plan, rechten, form, 400)
        if not rechten.bewerken:
            raise PermissionDenied
        naam = advies.traject.leerling.volledige_naam
        user = self.tenant.user

        def save(form: forms.Form) -> str:
            data = form.cleaned_data
            if data["actie"] != "overnemen":
                advies_niet_overnemen(
                    advies=advies, plan=plan, toelichting=data["toelichting"], user=user
                )
                return "Het advies is niet overgenomen; het zorgteam ziet uw toelichting."
            uitkomst = advies_overnemen(
                advies=advies,
                plan=plan,
                tekst=data["tekst"],
                plangroep=data["plangroep"],
                veld=data["veld"] or "aanpak",
                user=user,
            )
            if uitkomst.handelingsplan is not None:
                return f"Het advies staat in het IHP van {naam}."
            assert uitkomst.plangroep is not None
            return f"Het advies staat in het plan bij {uitkomst.plangroep.naam}."

        submission = submit(lambda data: self._form(plan, data), request.POST, save)
        if not submission.saved or submission.result is None:
            return self._page(advies, plan, rechten, submission.form, submission.status)
        messages.success(request, submission.result)
        return HttpResponseRedirect(
            reverse(
                "groepsplan-detail", kwargs={"school": self.tenant.school.slug, "plan_id": plan.pk}
            )
        )
