"""The planwijzer (bijlage 14) next to a groepsplan: read by who may read the plan, saved by
who may write it (403 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from groepsoverzicht.access import require
from groepsoverzicht.checklists import KEUZES, NAAR_WAARDE
from groepsoverzicht.checklists import keuze as _keuze
from zorgroute import permissions as p
from zorgroute.versioning import StaleVersion
from zorgroute.views.base import TenantTemplateView

from .access import PlanRechten, access_plan
from .checklists import PLANWIJZER, plan_data, voorantwoorden
from .models import Groepsplan
from .models_ihp_opp import PlanwijzerAntwoord
from .services_ihp_opp import Antwoord, planwijzer_update


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
        opgeslagen: dict[str, Antwoord] = {
            a.item: (a.antwoord, a.opmerking)
            for a in PlanwijzerAntwoord.objects.filter(groepsplan=plan)
        }
        voor = voorantwoorden(plan_data(plan))
        secties = []
        for sectie, items in PLANWIJZER.secties():
            rijen = []
            for item in items:
                bewaard = opgeslagen.get(item.code)
                voorstel = voor.get(item.code)
                if ingevuld is not None and item.code in ingevuld:
                    gekozen, opmerking = ingevuld[item.code]
                elif bewaard is not None:
                    gekozen, opmerking = bewaard
                else:
                    gekozen, opmerking = (voorstel.antwoord if voorstel else None), ""
                rijen.append(
                    {
                        "item": item,
                        "voorstel": voorstel,
                        "bewaard": bewaard,
                        "keuze": _keuze(gekozen),
                        "opmerking": opmerking,
                        # What is stored now: a later save over a colleague's change is refused.
                        "gezien_keuze": _keuze(bewaard[0]) if bewaard else _keuze(None),
                        "gezien_opmerking": bewaard[1] if bewaard else "",
                    }
                )
            secties.append((sectie, rijen))
        afspraken = (ingevuld or {}).get(
            PLANWIJZER.afspraken, opgeslagen.get(PLANWIJZER.afspraken, (None, ""))
        )[1]
        context = self.get_context_data(
            plan=plan,
            overzicht=plan.groepsoverzicht,
            rechten=rechten,
            planwijzer=PLANWIJZER,
            secties=secties,
            keuzes=KEUZES,
            afspraken=afspraken,
            afspraken_gezien=opgeslagen.get(PLANWIJZER.afspraken, (None, ""))[1],
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        return self._page(plan, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, rechten = access_plan(request, kwargs["plan_id"])
        require(rechten.bewerken)
        antwoorden: dict[str, Antwoord] = {}
        for item in PLANWIJZER.items:
            keuze = request.POST.get(f"antwoord-{item.code}", "open")
            antwoorden[item.code] = (
                NAAR_WAARDE.get(keuze),
                request.POST.get(f"opmerking-{item.code}", ""),
            )
        antwoorden[PLANWIJZER.afspraken] = (None, request.POST.get("afspraken", ""))
        gezien: dict[str, Antwoord] = {
            item.code: (
                NAAR_WAARDE.get(request.POST.get(f"gezien-antwoord-{item.code}", "open")),
                request.POST.get(f"gezien-opmerking-{item.code}", ""),
            )
            for item in PLANWIJZER.items
            if f"gezien-antwoord-{item.code}" in request.POST
        }
        if "gezien-afspraken" in request.POST:
            gezien[PLANWIJZER.afspraken] = (None, request.POST["gezien-afspraken"])
        try:
            aantal = planwijzer_update(
                groepsplan=plan, antwoorden=antwoorden, user=self.tenant.user, gezien=gezien
            )
        except StaleVersion as conflict:
            messages.error(
                request,
                f"Niet opgeslagen: {conflict.changed_by} heeft intussen "
                f"{len(conflict.conflicts)} antwoord(en) gewijzigd. Jouw keuzes staan nog in het "
                "formulier; de opgeslagen stand is hieronder bij elke vraag te zien. Sla opnieuw "
                "op om jouw keuzes te bewaren.",
            )
            return self._page(plan, rechten, ingevuld=antwoorden, status=409)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._page(plan, rechten, ingevuld=antwoorden, status=400)
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
