"""Saving the kijkwijzer and begrijpwijzer answers of an overview (one POST, whole list).

Like the overview cells, a save is compare-and-swap per item: the caller passes what the
user's screen showed (`gezien`); an item a colleague changed meanwhile is not overwritten
but reported in `ChecklistConflict` (nothing of the list is saved then).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker

from .checklists import ALLE_CODES
from .models import ChecklistAntwoord, Groepsoverzicht

#: (antwoord, opmerking): + is True, – is False, open is None.
Antwoord = tuple[bool | None, str]


@dataclass
class ChecklistConflict(Exception):
    """Items a colleague changed after the user loaded the list: code -> current answer."""

    items: dict[str, Antwoord] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"checklist conflict on {sorted(self.items)}"


def _norm(antwoord: Antwoord) -> Antwoord:
    return antwoord[0], antwoord[1].replace("\r\n", "\n").strip()


@transaction.atomic
def checklist_opslaan(
    *,
    overzicht: Groepsoverzicht,
    antwoorden: dict[str, Antwoord],
    user: Gebruiker,
    gezien: dict[str, Antwoord] | None = None,
) -> int:
    """Store the answers; returns how many items changed. Items whose answer is the same
    as stored are left alone (no history entry). With `gezien`, an item that changed since
    the user saw it raises `ChecklistConflict` instead of being overwritten."""
    onbekend = sorted(set(antwoorden) - ALLE_CODES)
    if onbekend:
        raise ValidationError(
            _("Onbekende vraag in de checklist: %(codes)s") % {"codes": ", ".join(onbekend)}
        )
    bestaand = {
        a.item: a
        for a in ChecklistAntwoord.objects.select_for_update().filter(
            groepsoverzicht=overzicht, item__in=list(antwoorden)
        )
    }
    conflicten: dict[str, Antwoord] = {}
    wijzigingen: list[tuple[str, Antwoord]] = []
    for code, nieuw in antwoorden.items():
        nieuw = _norm(nieuw)
        rij = bestaand.get(code)
        huidig: Antwoord = (rij.antwoord, rij.opmerking) if rij else (None, "")
        if huidig == nieuw:
            continue
        if gezien is not None and code in gezien and _norm(gezien[code]) != huidig:
            conflicten[code] = huidig
            continue
        wijzigingen.append((code, nieuw))
    if conflicten:
        raise ChecklistConflict(items=conflicten)
    for code, (antwoord, opmerking) in wijzigingen:
        rij = bestaand.get(code) or ChecklistAntwoord(
            school_id=overzicht.school_id, groepsoverzicht=overzicht, item=code
        )
        rij.antwoord = antwoord
        rij.opmerking = opmerking
        rij.beantwoord_door = user
        # `antwoord` may be None ("open"); the field has null=True but not blank=True.
        rij.full_clean(exclude=["school", "groepsoverzicht", "beantwoord_door", "antwoord"])
        rij.save()
    return len(wijzigingen)
