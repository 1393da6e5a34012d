"""Saving the kijkwijzer and begrijpwijzer answers of an overview (one POST, whole list).

Like the overview cells, a save is compare-and-swap per item: the caller passes what the
user's screen showed (`gezien`); an item a colleague changed meanwhile is not overwritten
but reported in `StaleVersion`, one `FieldConflict` per item (nothing of the list is saved
then).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker
from zorgroute.versioning import FieldConflict, StaleVersion, normalised

from ..models import ChecklistAntwoord, Groepsoverzicht
from . import ALLE_CODES, CHECKLISTS, Antwoord

_TEKEN = {True: "+", False: "–", None: "open"}


def _norm(antwoord: Antwoord) -> Antwoord:
    return antwoord[0], normalised(antwoord[1]).strip()


def _label(code: str) -> str:
    """The question of an item ("c. Zijn de resultaten …") or "Afspraken"."""
    for checklist in CHECKLISTS.values():
        for item in checklist.items:
            if item.code == code:
                return f"{item.letter}. {item.vraag}"
    return _("Afspraken")


def toon(code: str, antwoord: Antwoord) -> str:
    """An answer as the page shows it: "+ – “opmerking”", or the text of the afspraken."""
    keuze, opmerking = antwoord
    if code.endswith("afspraken"):
        return opmerking
    teken = _TEKEN[keuze]
    return f"{teken} – “{opmerking}”" if opmerking else teken


def _conflict(code: str, huidig: Antwoord, nieuw: Antwoord) -> FieldConflict:
    return FieldConflict(
        name=code, label=_label(code), theirs=toon(code, huidig), mine=toon(code, nieuw)
    )


@transaction.atomic
def checklist_update(
    *,
    overzicht: Groepsoverzicht,
    antwoorden: dict[str, Antwoord],
    user: Gebruiker,
    gezien: dict[str, Antwoord] | None = None,
) -> int:
    """Store the answers; returns how many items changed. Items whose answer is the same
    as stored are left alone (no history entry). With `gezien`, an item that changed since
    the user saw it raises `StaleVersion` (one conflict per item) instead of being
    overwritten."""
    onbekend = sorted(set(antwoorden) - ALLE_CODES)
    if onbekend:
        raise ValidationError(
            _("Onbekende vraag in de checklist: %(codes)s") % {"codes": ", ".join(onbekend)}
        )
    bestaand = {
        a.item: a
        for a in ChecklistAntwoord.objects.select_for_update(of=("self",))
        .select_related("beantwoord_door")
        .filter(groepsoverzicht=overzicht, item__in=list(antwoorden))
    }
    conflicten: list[FieldConflict] = []
    door = _("een collega")
    wijzigingen: list[tuple[str, Antwoord]] = []
    for code, nieuw in antwoorden.items():
        nieuw = _norm(nieuw)
        rij = bestaand.get(code)
        huidig: Antwoord = (rij.antwoord, rij.opmerking) if rij else (None, "")
        if huidig == nieuw:
            continue
        if gezien is not None and code in gezien and _norm(gezien[code]) != huidig:
            conflicten.append(_conflict(code, huidig, nieuw))
            if rij is not None:
                door = rij.beantwoord_door.volledige_naam
            continue
        wijzigingen.append((code, nieuw))
    if conflicten:
        raise StaleVersion(current=overzicht, changed_by=door, conflicts=conflicten)
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
