"""The kijkwijzer (bijlage 5) and begrijpwijzer (bijlage 7a) next to an overview: read with
VIEW_GROEPSOVERZICHT, save with the right to change the overview (403 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from zorgroute import permissions as p
from zorgroute.views.base import TenantTemplateView

from .access import Rechten, access_overzicht, require
from .checklists import (
    BEGRIJPWIJZER,
    KEUZES,
    KIJKWIJZER,
    NAAR_WAARDE,
    Checklist,
    voorantwoorden,
)
from .checklists import keuze as _keuze
from .models import ChecklistAntwoord, Groepsoverzicht
from .selectors import overzicht_grid
from .services_checklist import Antwoord, ChecklistConflict, checklist_opslaan


class ChecklistView(TenantTemplateView):
    required_permission = p.VIEW_GROEPSOVERZICHT
    template_name = "groepsoverzicht/checklist/checklist.html"
    checklist: Checklist = KIJKWIJZER

    def _load(self) -> tuple[Groepsoverzicht, Rechten]:
        return access_overzicht(self.request, self.kwargs["overzicht_id"])

    def _opgeslagen(self, overzicht: Groepsoverzicht) -> dict[str, Antwoord]:
        return {
            a.item: (a.antwoord, a.opmerking)
            for a in ChecklistAntwoord.objects.filter(
                groepsoverzicht=overzicht, item__in=list(self.checklist.codes)
            )
        }

    def _page(
        self,
        overzicht: Groepsoverzicht,
        rechten: Rechten,
        *,
        ingevuld: dict[str, Antwoord] | None = None,
        conflicten: dict[str, Antwoord] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        grid = overzicht_grid(self.tenant, overzicht, rechten)
        opgeslagen = self._opgeslagen(overzicht)
        voor = voorantwoorden(self.checklist, grid)
        conflicten = conflicten or {}
        secties = []
        for sectie, items in self.checklist.secties():
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
                        "voorstel_keuze": _keuze(voorstel.antwoord) if voorstel else "",
                        "bewaard": bewaard,
                        "gezien": conflicten.get(item.code, bewaard or (None, "")),
                        "gezien_keuze": _keuze(conflicten.get(item.code, bewaard or (None, ""))[0]),
                        "keuze": _keuze(gekozen),
                        "opmerking": opmerking,
                        "conflict": conflicten.get(item.code),
                    }
                )
            secties.append((sectie, rijen))
        afspraken_bewaard = opgeslagen.get(self.checklist.afspraken, (None, ""))
        afspraken = (
            ingevuld[self.checklist.afspraken][1]
            if ingevuld is not None and self.checklist.afspraken in ingevuld
            else afspraken_bewaard[1]
        )
        context = self.get_context_data(
            overzicht=overzicht,
            rechten=rechten,
            checklist=self.checklist,
            secties=secties,
            keuzes=KEUZES,
            afspraken=afspraken,
            afspraken_gezien=conflicten.get(self.checklist.afspraken, afspraken_bewaard)[1],
            afspraken_conflict=conflicten.get(self.checklist.afspraken),
            aantal_conflicten=len(conflicten),
            andere=BEGRIJPWIJZER if self.checklist is KIJKWIJZER else KIJKWIJZER,
        )
        return self.render_to_response(context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht, rechten = self._load()
        return self._page(overzicht, rechten)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht, rechten = self._load()
        require(rechten.wijzigen)
        antwoorden: dict[str, Antwoord] = {}
        gezien: dict[str, Antwoord] = {}
        for item in self.checklist.items:
            keuze = request.POST.get(f"antwoord-{item.code}", "open")
            if keuze not in NAAR_WAARDE:
                keuze = "open"
            antwoorden[item.code] = (
                NAAR_WAARDE[keuze],
                request.POST.get(f"opmerking-{item.code}", ""),
            )
            gezien_keuze = request.POST.get(f"gezien-antwoord-{item.code}")
            if gezien_keuze in NAAR_WAARDE:
                gezien[item.code] = (
                    NAAR_WAARDE[gezien_keuze],
                    request.POST.get(f"gezien-opmerking-{item.code}", ""),
                )
        code = self.checklist.afspraken
        antwoorden[code] = (None, request.POST.get("afspraken", ""))
        if "gezien-afspraken" in request.POST:
            gezien[code] = (None, request.POST.get("gezien-afspraken", ""))
        try:
            aantal = checklist_opslaan(
                overzicht=overzicht, antwoorden=antwoorden, user=self.tenant.user, gezien=gezien
            )
        except ChecklistConflict as conflict:
            messages.error(
                request,
                "Een collega heeft intussen antwoorden gewijzigd. Er is niets opgeslagen; "
                "vergelijk de gemarkeerde vragen en sla opnieuw op.",
            )
            return self._page(
                overzicht, rechten, ingevuld=antwoorden, conflicten=conflict.items, status=409
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._page(overzicht, rechten, ingevuld=antwoorden, status=400)
        messages.success(
            request,
            f"{self.checklist.titel}: opgeslagen ({aantal} "
            f"{'antwoord' if aantal == 1 else 'antwoorden'} gewijzigd).",
        )
        return HttpResponseRedirect(
            reverse(
                f"groepsoverzicht-{self.checklist.slug}",
                kwargs={"school": self.tenant.school.slug, "overzicht_id": overzicht.pk},
            )
        )


class KijkwijzerView(ChecklistView):
    checklist = KIJKWIJZER


class BegrijpwijzerView(ChecklistView):
    checklist = BEGRIJPWIJZER
