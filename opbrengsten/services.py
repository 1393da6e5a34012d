"""Writes of the ambities. Keyword-only, one transaction each, validated before saving;
a stale version (someone saved in between) is a `StaleVersion`, never a silent overwrite."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from groepsoverzicht.models import Domein
from groepsoverzicht.scales import parse
from zorgroute.models import Gebruiker, Schooljaar
from zorgroute.services import save_validated
from zorgroute.versioning import lock_version

from .models import Ambitie, AmbitieSoort


def _drempel(domein: Domein | None, drempel: str) -> tuple[str, Decimal | None]:
    """The level in the instrument's own scale (2F, III, 7,5) and its rank."""
    if domein is None or not drempel.strip():
        return drempel.strip(), None
    try:
        waarde = parse(domein.instrument.schaal, drempel)
    except ValidationError as exc:
        raise ValidationError(
            {
                "drempel": f"'{drempel.strip()}' past niet bij de schaal van "
                f"{domein.instrument.naam}: {' '.join(exc.messages)}"
            }
        ) from exc
    return waarde.tekst, waarde.rang


@transaction.atomic
def ambitie_create(
    *,
    schooljaar: Schooljaar,
    soort: str,
    leerjaar: int,
    domein: Domein | None,
    drempel: str,
    percentage: int,
    user: Gebruiker | None = None,
) -> Ambitie:
    """A new ambitie of this schooljaar."""
    ambitie = Ambitie(school_id=schooljaar.school_id, schooljaar=schooljaar)
    return _ambitie_save(ambitie, soort, leerjaar, domein, drempel, percentage, user)


@transaction.atomic
def ambitie_update(
    *,
    ambitie: Ambitie,
    schooljaar: Schooljaar,
    version: int | None,
    soort: str,
    leerjaar: int,
    domein: Domein | None,
    drempel: str,
    percentage: int,
    user: Gebruiker | None = None,
) -> Ambitie:
    """Change an ambitie of this schooljaar; `StaleVersion` when a colleague saved it after
    `version` (the `versie` the form showed; None skips the check)."""
    ambitie = lock_version(ambitie, version)
    if ambitie.schooljaar_id != schooljaar.pk:
        raise ValidationError("Deze ambitie hoort bij een ander schooljaar.")
    return _ambitie_save(ambitie, soort, leerjaar, domein, drempel, percentage, user)


def _ambitie_save(
    ambitie: Ambitie,
    soort: str,
    leerjaar: int,
    domein: Domein | None,
    drempel: str,
    percentage: int,
    user: Gebruiker | None,
) -> Ambitie:
    if soort == AmbitieSoort.DOELEN:
        domein, drempel = None, ""
    tekst, rang = _drempel(domein, drempel)
    ambitie.soort = soort
    ambitie.leerjaar = leerjaar
    ambitie.domein = domein
    ambitie.drempel = tekst
    ambitie.drempel_rang = rang
    ambitie.percentage = percentage
    ambitie.gewijzigd_door = user
    return save_validated(ambitie)


@transaction.atomic
def ambitie_delete(*, ambitie: Ambitie, version: int | None) -> None:
    """Remove an ambitie, unless a colleague changed it after the user saw it."""
    lock_version(ambitie, version).delete()


@transaction.atomic
def ambities_kopieren(*, bron: Schooljaar, doel: Schooljaar) -> int:
    """Take last year's ambities over into a schooljaar that has none yet."""
    if bron.pk == doel.pk:
        raise ValidationError("Kies een ander schooljaar om van te kopiëren.")
    if Ambitie.objects.filter(schooljaar=doel).exists():
        raise ValidationError(
            f"{doel.naam} heeft al ambities; pas die hieronder aan in plaats van te kopiëren."
        )
    aantal = 0
    for oud in Ambitie.objects.filter(schooljaar=bron).order_by("pk"):
        save_validated(
            Ambitie(
                school_id=doel.school_id,
                schooljaar=doel,
                soort=oud.soort,
                leerjaar=oud.leerjaar,
                domein_id=oud.domein_id,
                drempel=oud.drempel,
                drempel_rang=oud.drempel_rang,
                percentage=oud.percentage,
            )
        )
        aantal += 1
    return aantal
