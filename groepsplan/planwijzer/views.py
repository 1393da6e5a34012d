"""The planwijzer (bijlage 14) next to a groepsplan: read by who may read the plan, saved by
who may write it (403 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from groepsoverzicht.access import require
from groepsoverzicht.checklists import KEUZES
from zorgroute import permissions as p
from zorgroute.views.base import TenantTemplateView
from zorgroute.views.versioned import submit

from ..access import PlanRechten, access_plan
from ..models import Groepsplan
from . import PLANWIJZER, selectors
from .forms import PlanwijzerForm
from .services import Antwoord, planwijzer_update


class PlanwijzerView(TenantTemplateView):
    required_permission = p.VIEW_GROEPSPLAN
    template_name = "groepsplan/planwijzer/planwijzer.html"

    def _page(
        self,
        plan: Groepsplan,
        rechten: PlanRechten,
        *,
        ingevuld: dict[str, Antwoord] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        stand = selectors.planwijzer(plan, ingevuld)
        context = self.get_context_data(
            plan=plan,
            overzicht=plan.groepsoverzicht,
            rechten=rechten,
            planwijzer=PLANWIJZER,
            secties=stand.secties,
            keuzes=KEUZES,
            afspraken=stand.afspraken,
            afspraken_gezien=stand.afspraken_gezien,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        return self._page(plan, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        require(rechten.bewerken)
        done = submit(
            PlanwijzerForm,
            request.POST,
            lambda form: planwijzer_update(
                groepsplan=plan,
                antwoorden=form.antwoorden(),
                user=self.tenant.user,
                gezien=form.gezien(),
            ),
        )
        if done.conflict is not None:
            messages.error(
                request,
                f"Niet opgeslagen: {done.conflict.changed_by} heeft intussen "
                f"{len(done.conflict.conflicts)} antwoord(en) gewijzigd. Jouw keuzes staan nog in "
                "het formulier; de opgeslagen stand is hieronder bij elke vraag te zien. Sla "
                "opnieuw op om jouw keuzes te bewaren.",
            )
        elif not done.saved:
            messages.error(request, " ".join(str(e) for e in done.form.non_field_errors()))
        if not done.saved:
            return self._page(plan, rechten, ingevuld=done.form.antwoorden(), status=done.status)
        aantal = done.result
        messages.success(
            request,
            f"Planwijzer opgeslagen ({aantal} {'antwoord' if aantal == 1 else 'antwoorden'} "
            "gewijzigd).",
        )
        return HttpResponseRedirect(
            reverse(
                "groepsplan-planwijzer",
                kwargs={"school": self.tenant.school.slug, "plan_id": plan.pk},
            )
        )
