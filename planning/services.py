"""Writes of the jaarplanning and the notifications that keep the cycle moving.

Notify once: every notification is a `Melding` row with a unique (recipient, thing, phase)
key, created here and sent by a task that marks it sent. Running the daily check twice, or
delivering its task twice, creates and sends nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Lidmaatschap, Periode, Rol, School, Schooljaar
from zorgroute.outbox import enqueue
from zorgroute.services import save_validated
from zorgroute.versioning import lock_version

from .models import STAPPEN, Cyclusplanning, Fase, Melding, Meldingsvoorkeur, Planningsinstelling
from .taken import TE_LAAT, Taak, alle_taken

# --- Jaarplanning ---------------------------------------------------------------------------


def instelling(school: School) -> Planningsinstelling:
    """The school's settings, the defaults when never saved (not stored by reading)."""
    return Planningsinstelling.objects.filter(school=school).first() or Planningsinstelling(
        school=school
    )


@transaction.atomic
def cyclusplanning_update(
    *,
    periode: Periode,
    version: int | None,
    waarden: dict[str, dt.date | None],
    user: Gebruiker | None = None,
) -> Cyclusplanning:
    """Save the deadlines of one cycle. `version` is the `versie` the form showed (0 when
    there was no planning yet, None skips the check); a colleague's newer save raises
    `StaleVersion` instead of being lost."""
    bestaand = Cyclusplanning.objects.filter(periode=periode).first()
    if bestaand is not None:
        planning = lock_version(bestaand, version)
    else:
        planning = Cyclusplanning(school_id=periode.school_id, periode=periode)
    planning.gewijzigd_door = user
    for veld, _label in STAPPEN:
        setattr(planning, veld, waarden.get(veld))
    return save_validated(planning)


@transaction.atomic
def instelling_update(
    *,
    school: School,
    version: int | None,
    herinnering_dagen: int,
    escalatie_dagen: int,
    user: Gebruiker | None = None,
) -> Planningsinstelling:
    """Save the school's reminder settings; `version` as in `cyclusplanning_update`."""
    huidig = Planningsinstelling.objects.filter(school=school).first()
    if huidig is not None:
        inst = lock_version(huidig, version)
    else:
        inst = Planningsinstelling(school=school)
    inst.gewijzigd_door = user
    inst.herinnering_dagen = herinnering_dagen
    inst.escalatie_dagen = escalatie_dagen
    return save_validated(inst)


def verschuiving(bron: Schooljaar, doel: Schooljaar) -> dt.timedelta:
    """Whole weeks from one schooljaar's start to the other's, so every date keeps its
    weekday (a Tuesday meeting stays on a Tuesday)."""
    dagen = (doel.startdatum - bron.startdatum).days
    return dt.timedelta(weeks=round(dagen / 7))


def _verschoven(datum: dt.date | None, delta: dt.timedelta, doel: Schooljaar) -> dt.date | None:
    if datum is None:
        return None
    return min(max(datum + delta, doel.startdatum), doel.einddatum)


@dataclass(frozen=True)
class Kopie:
    periodes: int
    planningen: int


@transaction.atomic
def jaarplanning_kopieren(*, bron: Schooljaar, doel: Schooljaar) -> Kopie:
    """Copy last year's cycles and deadlines into a schooljaar without cycles, shifted by
    whole weeks and kept inside the new schooljaar."""
    doel = Schooljaar.objects.select_for_update().get(pk=doel.pk)
    if doel.periodes.exists():
        raise ValidationError(
            _(
                "%(jaar)s heeft al cycli. Kopiëren kan alleen naar een schooljaar zonder "
                "cycli; pas de bestaande cycli hieronder aan."
            )
            % {"jaar": doel.naam}
        )
    if bron.pk == doel.pk:
        raise ValidationError(_("Kies een ander schooljaar om van te kopiëren."))
    delta = verschuiving(bron, doel)
    periodes = planningen = 0
    for oud in bron.periodes.select_related("planning").order_by("startdatum"):
        start = _verschoven(oud.startdatum, delta, doel)
        eind = _verschoven(oud.einddatum, delta, doel)
        assert start is not None and eind is not None
        nieuw = save_validated(
            Periode(
                school_id=doel.school_id,
                schooljaar=doel,
                naam=oud.naam,
                startdatum=start,
                einddatum=eind,
            ),
            clean_errors_to="startdatum",
        )
        periodes += 1
        oude_planning = getattr(oud, "planning", None)
        if oude_planning is None:
            continue
        planning = Cyclusplanning(school_id=doel.school_id, periode=nieuw)
        for veld, _label in STAPPEN:
            datum = _verschoven(getattr(oude_planning, veld), delta, doel)
            if datum is not None:
                datum = min(max(datum, start), eind)
            setattr(planning, veld, datum)
        save_validated(planning)
        planningen += 1
    return Kopie(periodes=periodes, planningen=planningen)


@transaction.atomic
def voorkeur_update(*, school: School, gebruiker: Gebruiker, weekoverzicht: bool) -> None:
    Meldingsvoorkeur.objects.update_or_create(
        school=school, gebruiker=gebruiker, defaults={"weekoverzicht": weekoverzicht}
    )


def wil_weekoverzicht(school: School, gebruiker: Gebruiker) -> bool:
    voorkeur = Meldingsvoorkeur.objects.filter(school=school, gebruiker=gebruiker).first()
    return voorkeur.weekoverzicht if voorkeur else True


# --- The daily check: due, overdue, escalation ----------------------------------------------


def _leidinggevenden(vandaag: dt.date) -> tuple[dict[int, set[int]], set[int], set[int]]:
    """Teamleiders per afdeling, school-wide teamleiders, and schoolleiders."""
    per_afdeling: dict[int, set[int]] = defaultdict(set)
    breed: set[int] = set()
    schoolleiders: set[int] = set()
    for rol, afdeling_id, gebruiker_id in (
        Lidmaatschap.objects.active(vandaag)
        .filter(rol__in=[Rol.TEAMLEIDER, Rol.SCHOOLLEIDER])
        .values_list("rol", "afdeling_id", "gebruiker_id")
    ):
        if rol == Rol.SCHOOLLEIDER:
            schoolleiders.add(gebruiker_id)
        elif afdeling_id:
            per_afdeling[afdeling_id].add(gebruiker_id)
        else:
            breed.add(gebruiker_id)
    return per_afdeling, breed, schoolleiders


def _escaleren_naar(
    taak: Taak, leiding: tuple[dict[int, set[int]], set[int], set[int]]
) -> set[int]:
    per_afdeling, breed, schoolleiders = leiding
    ontvangers = set(per_afdeling.get(taak.afdeling_id or 0, set())) or set(breed)
    return (ontvangers or set(schoolleiders)) - set(taak.eigenaar_ids)


def _melding(school: School, ontvanger: int, taak: Taak, fase: str, titel: str) -> Melding:
    return Melding(
        school=school,
        ontvanger_id=ontvanger,
        sleutel=taak.sleutel[:80],
        fase=fase,
        titel=titel[:300],
        deadline=taak.deadline,
    )


def meldingen_bepalen(*, school: School, vandaag: dt.date) -> dict[int, int]:
    """The daily deadline check of one school: a reminder a few days before a deadline, a
    notice when it has passed, and after the grace period one message to the teamleider.
    Creates each notification once and queues one e-mail per recipient. Returns the number
    of new notifications per recipient."""
    inst = instelling(school)
    taken = alle_taken(school, vandaag)
    leiding = _leidinggevenden(vandaag)
    nieuw: list[Melding] = []
    for taak in taken:
        status = taak.status(vandaag, inst.herinnering_dagen)
        if status == "gepland":
            continue
        fase = Fase.TE_LAAT if status == TE_LAAT else Fase.BINNENKORT
        for eigenaar in taak.eigenaar_ids:
            nieuw.append(_melding(school, eigenaar, taak, fase, taak.mailtitel))
        if taak.dagen_te_laat(vandaag) > inst.escalatie_dagen:
            titel = f"{taak.mailtitel} — {taak.dagen_te_laat(vandaag)} dagen te laat"
            for leider in _escaleren_naar(taak, leiding):
                nieuw.append(_melding(school, leider, taak, Fase.ESCALATIE, titel))
    return _opslaan_en_versturen(school, nieuw)


def weekoverzicht_bepalen(*, school: School, vandaag: dt.date) -> dict[int, int]:
    """The Monday digest: one e-mail per person with open items, unless they opted out.
    Once per ISO week (the week is the notification's key)."""
    jaar, week, _dag = vandaag.isocalendar()
    afgemeld = set(
        Meldingsvoorkeur.objects.filter(weekoverzicht=False).values_list("gebruiker_id", flat=True)
    )
    aantal: dict[int, int] = defaultdict(int)
    for taak in alle_taken(school, vandaag):
        for eigenaar in taak.eigenaar_ids:
            aantal[eigenaar] += 1
    sleutel = f"week:{jaar}-{week:02d}"
    nieuw = [
        Melding(
            school=school,
            ontvanger_id=gebruiker_id,
            sleutel=sleutel,
            fase=Fase.WEEKOVERZICHT,
            titel=f"{n} open taken",
        )
        for gebruiker_id, n in aantal.items()
        if gebruiker_id not in afgemeld
    ]
    return _opslaan_en_versturen(school, nieuw)


@transaction.atomic
def _opslaan_en_versturen(school: School, meldingen: list[Melding]) -> dict[int, int]:
    """Store the notifications that do not exist yet (the unique key decides, also against
    a concurrent run) and queue one mail task per recipient with something new."""
    if not meldingen:
        return {}
    bestaand = set(
        Melding.objects.filter(sleutel__in={m.sleutel for m in meldingen}).values_list(
            "ontvanger_id", "sleutel", "fase"
        )
    )
    uniek: dict[tuple[int, str, str], Melding] = {}
    for m in meldingen:
        key = (m.ontvanger_id, m.sleutel, m.fase)
        if key not in bestaand:
            uniek.setdefault(key, m)
    Melding.objects.bulk_create(uniek.values(), ignore_conflicts=True)
    per_ontvanger: dict[int, int] = defaultdict(int)
    for ontvanger_id, _sleutel, _fase in uniek:
        per_ontvanger[ontvanger_id] += 1

    for ontvanger_id in per_ontvanger:
        enqueue("planning.meldingen_versturen", school_id=school.pk, ontvanger_id=ontvanger_id)
    return dict(per_ontvanger)
