"""Planning a bespreking and bringing in questions beforehand. Every write goes through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from besprekingen.models import (
    Bespreking,
    Inbreng,
    Soort,
    Vorm,
)
from besprekingen.rules import (
    check_leerling,
    check_medewerkers,
    check_open,
    check_punt,
    deelnemers_zetten,
)
from groepsoverzicht.models import Cyclus, Groepsoverzicht
from zorgroute.models import (
    Gebruiker,
    Lesgroepdocent,
    Lidmaatschap,
    Mentoraat,
    Rol,
)
from zorgroute.services import save_validated
from zorgroute.versioning import lock_version


def standaard_deelnemers(overzicht: Groepsoverzicht) -> list[int]:
    """Who is invited by default: for a class (A) its mentors and every teacher of its
    lesgroepen; for a lesgroep (B) its teachers and the class's mentors."""
    mentoren = Mentoraat.objects.filter(groep_id=overzicht.groep_id).values_list(
        "gebruiker_id", flat=True
    )
    if overzicht.cyclus == Cyclus.A:
        docenten = Lesgroepdocent.objects.filter(lesgroep__groep_id=overzicht.groep_id)
    else:
        docenten = Lesgroepdocent.objects.filter(lesgroep_id=overzicht.lesgroep_id or 0)
    ids = list(dict.fromkeys([*mentoren, *docenten.values_list("gebruiker_id", flat=True)]))
    return ids


def _check_voorzitter(bespreking: Bespreking) -> None:
    """A groepsbespreking is chaired by a mentor of the class or a teamleider (seed §5)."""
    if bespreking.soort != Soort.GROEPSBESPREKING:
        check_medewerkers(bespreking.school_id, [bespreking.voorzitter_id], field="voorzitter")
        return
    is_mentor = Mentoraat.objects.filter(
        groep_id=bespreking.groep_id, gebruiker_id=bespreking.voorzitter_id
    ).exists()
    is_teamleider = (
        Lidmaatschap.objects.filter(
            school_id=bespreking.school_id,
            gebruiker_id=bespreking.voorzitter_id,
            rol=Rol.TEAMLEIDER,
        )
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=timezone.localdate()))
        .exists()
    )
    if not (is_mentor or is_teamleider):
        raise ValidationError(
            {"voorzitter": _("De voorzitter is de mentor van de klas of een teamleider.")}
        )


@transaction.atomic
def bespreking_plannen(
    *,
    overzicht: Groepsoverzicht,
    datum: dt.date,
    tijd: dt.time | None,
    voorzitter: Gebruiker,
    deelnemer_ids: Iterable[int] | None = None,
    zorgteam_ids: Iterable[int] = (),
    vorm: str = "",
    user: Gebruiker,
) -> Bespreking:
    """Plan a groepsbespreking (for a cyclus A overview) or a vakspecifieke bespreking (B).
    Without `deelnemer_ids` everyone of `standaard_deelnemers` is invited."""
    is_a = overzicht.cyclus == Cyclus.A
    if not is_a and vorm not in Vorm.values:
        raise ValidationError({"vorm": _("Kies waar de vakspecifieke bespreking plaatsvindt.")})
    bespreking = Bespreking(
        school_id=overzicht.school_id,
        soort=Soort.GROEPSBESPREKING if is_a else Soort.VAKSPECIFIEK,
        vorm="" if is_a else vorm,
        groep_id=overzicht.groep_id,
        groepsoverzicht=overzicht,
        datum=datum,
        tijd=tijd,
        voorzitter=voorzitter,
        aangemaakt_door=user,
    )
    _check_voorzitter(bespreking)
    save_validated(bespreking)
    ids = standaard_deelnemers(overzicht) if deelnemer_ids is None else list(deelnemer_ids)
    deelnemers_zetten(bespreking, ids, zorgteam_ids)
    return bespreking


@transaction.atomic
def bespreking_update(
    *,
    bespreking: Bespreking,
    version: int | None,
    datum: dt.date,
    tijd: dt.time | None,
    voorzitter: Gebruiker,
    deelnemer_ids: Iterable[int],
    zorgteam_ids: Iterable[int] = (),
    user: Gebruiker | None = None,
) -> Bespreking:
    """Change date, time, chair and attendees. `version` is the `versie` the form showed
    (None skips the check); a colleague's newer save raises `StaleVersion`."""
    fresh = lock_version(bespreking, version)
    check_open(fresh)
    fresh.datum, fresh.tijd, fresh.voorzitter = datum, tijd, voorzitter
    fresh.gewijzigd_door = user
    _check_voorzitter(fresh)
    save_validated(fresh)
    deelnemers_zetten(fresh, deelnemer_ids, zorgteam_ids)
    return fresh


@transaction.atomic
def inbreng_create(
    *,
    bespreking: Bespreking,
    auteur: Gebruiker,
    punt: str,
    tekst: str,
    leerling_id: int | None = None,
) -> Inbreng:
    check_open(bespreking)
    check_punt(bespreking, punt)
    check_leerling(bespreking, leerling_id, field="leerling")
    if not tekst.strip():
        raise ValidationError({"tekst": _("Schrijf je vraag of gesprekspunt op.")})
    inbreng = Inbreng(
        school_id=bespreking.school_id,
        bespreking=bespreking,
        auteur=auteur,
        punt=punt,
        leerling_id=leerling_id,
        tekst=tekst.strip(),
    )
    return save_validated(inbreng)
