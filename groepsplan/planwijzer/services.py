"""Writes of the planwijzer (bijlage 14) next to a groepsplan: the answers, compare-and-swap
per item on what the user's screen showed, so a colleague's answer is never overwritten
silently (`StaleVersion` with one `FieldConflict` per item)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker
from zorgroute.versioning import FieldConflict, StaleVersion, normalised

from ..models import Groepsplan, PlanwijzerAntwoord
from . import PLANWIJZER

#: A planwijzer answer: yes/no/open and a remark.
Antwoord = tuple[bool | None, str]


def _tekst(waarde: str) -> str:
    return normalised(waarde).strip()


def _antwoord_tekst(antwoord: Antwoord) -> str:
    keuze = {True: "+", False: "-", None: "?"}[antwoord[0]]
    return f"{keuze} {antwoord[1]}".strip()


def _planwijzer_botsingen(
    groepsplan: Groepsplan,
    bestaand: dict[str, PlanwijzerAntwoord],
    antwoorden: dict[str, Antwoord],
    gezien: dict[str, Antwoord],
) -> StaleVersion | None:
    """The items a colleague changed after the user's screen showed them (`gezien`), unless
    the colleague chose what the user chooses now."""
    labels = {item.code: f"{item.letter} {item.vraag}" for item in PLANWIJZER.items}
    labels[PLANWIJZER.afspraken] = _("afspraken")
    botsingen: list[FieldConflict] = []
    door = ""
    for code, nieuw in antwoorden.items():
        if code not in gezien:
            continue
        rij = bestaand.get(code)
        huidig = (rij.antwoord, rij.opmerking) if rij is not None else (None, "")
        zag = (gezien[code][0], _tekst(gezien[code][1]))
        mijn = (nieuw[0], _tekst(nieuw[1]))
        if huidig not in (zag, mijn):
            botsingen.append(
                FieldConflict(
                    name=code,
                    label=labels.get(code, code),
                    theirs=_antwoord_tekst(huidig),
                    mine=_antwoord_tekst(mijn),
                )
            )
            if rij is not None and not door:
                door = rij.beantwoord_door.volledige_naam
    if not botsingen:
        return None
    return StaleVersion(current=groepsplan, changed_by=door, conflicts=botsingen)


@transaction.atomic
def planwijzer_update(
    *,
    groepsplan: Groepsplan,
    antwoorden: dict[str, Antwoord],
    user: Gebruiker,
    gezien: dict[str, Antwoord] | None = None,
) -> int:
    """Store the answers (code -> (antwoord, opmerking)); returns how many changed. With
    `gezien` (what the user's screen showed), an item a colleague changed meanwhile is not
    overwritten: `StaleVersion` has one `FieldConflict` per such item and nothing is saved."""
    onbekend = sorted(set(antwoorden) - PLANWIJZER.codes)
    if onbekend:
        raise ValidationError(
            _("Onbekende vraag in de planwijzer: %(codes)s") % {"codes": ", ".join(onbekend)}
        )
    bestaand = {
        a.item: a
        for a in PlanwijzerAntwoord.objects.select_for_update(of=("self",))
        .select_related("beantwoord_door")
        .filter(groepsplan=groepsplan, item__in=list(antwoorden))
    }
    if gezien is not None:
        conflict = _planwijzer_botsingen(groepsplan, bestaand, antwoorden, gezien)
        if conflict is not None:
            raise conflict
    aantal = 0
    for code, (antwoord, opmerking) in antwoorden.items():
        opmerking = _tekst(opmerking)
        rij = bestaand.get(code)
        if rij is not None and (rij.antwoord, rij.opmerking) == (antwoord, opmerking):
            continue
        if rij is None and antwoord is None and not opmerking:
            continue
        rij = rij or PlanwijzerAntwoord(
            school_id=groepsplan.school_id, groepsplan=groepsplan, item=code
        )
        rij.antwoord = antwoord
        rij.opmerking = opmerking
        rij.beantwoord_door = user
        rij.full_clean(exclude=["school", "groepsplan", "beantwoord_door", "antwoord"])
        rij.save()
        aantal += 1
    return aantal
