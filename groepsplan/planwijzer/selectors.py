"""Reads of the planwijzer page: per section the items with their pre-answer, the stored
answer and what the form shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from groepsoverzicht.checklists import keuze

from ..models import Groepsplan, PlanwijzerAntwoord
from . import PLANWIJZER, plan_data, voorantwoorden
from .services import Antwoord


@dataclass
class Planwijzerstand:
    """The planwijzer as the page shows it: per section its rows (item, pre-answer, stored
    answer, the choice and remark in the form, and what is stored now as `gezien`)."""

    secties: list[tuple[str, list[dict[str, Any]]]]
    afspraken: str
    afspraken_gezien: str


def planwijzer(plan: Groepsplan, ingevuld: dict[str, Antwoord] | None = None) -> Planwijzerstand:
    """The stored answers, the pre-answers from the plan's data and, after a refused save,
    what the user filled in (`ingevuld`) instead of the stored answer."""
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
                    "keuze": keuze(gekozen),
                    "opmerking": opmerking,
                    # What is stored now: a later save over a colleague's change is refused.
                    "gezien_keuze": keuze(bewaard[0]) if bewaard else keuze(None),
                    "gezien_opmerking": bewaard[1] if bewaard else "",
                }
            )
        secties.append((sectie, rijen))
    bewaarde_afspraken = opgeslagen.get(PLANWIJZER.afspraken, (None, ""))[1]
    afspraken = (ingevuld or {}).get(PLANWIJZER.afspraken, (None, bewaarde_afspraken))[1]
    return Planwijzerstand(
        secties=secties, afspraken=afspraken, afspraken_gezien=bewaarde_afspraken
    )
