"""Writes of the retention rules: the terms, legal holds, the dry run and the real run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ...models import (
    Bewaarbeleid,
    Bewaarblokkade,
    BewaarOpschoning,
    Bewaarrun,
    Gebruiker,
    Leerling,
    School,
)
from ...versioning import update_document
from ..dataklassen import DataKlasse
from ..erasure import leerling_anonimiseren
from . import selectors

GEEN_PROEFRUN = (
    "Eerst een proefrun: bekijk het proefrapport van deze school en leg het vast, daarna "
    "mogen de bewaartermijnen echt worden toegepast."
)


@transaction.atomic
def bewaarbeleid_update(
    *, school: School, version: int | str | None, values: Mapping[str, Any], user: Gebruiker
) -> Bewaarbeleid:
    """Save the school's terms; the first save creates the row (from the defaults)."""
    beleid = Bewaarbeleid.objects.filter().first()
    if beleid is None:
        beleid = Bewaarbeleid(school=school, gewijzigd_door=user, **values)
        beleid.full_clean(exclude=["school", "gewijzigd_door"])
        beleid.save()
        return beleid
    return update_document(beleid, version=version, values=values, user=user)


@transaction.atomic
def bewaarblokkade_instellen(*, leerling: Leerling, reden: str, user: Gebruiker) -> Bewaarblokkade:
    if selectors.actieve_blokkades().filter(leerling=leerling).exists():
        raise ValidationError(
            {"leerling": "Voor deze leerling geldt al een bewaarblokkade; hef die eerst op."}
        )
    return Bewaarblokkade.objects.create(
        school_id=leerling.school_id, leerling=leerling, reden=reden.strip(), ingesteld_door=user
    )


@transaction.atomic
def bewaarblokkade_opheffen(*, blokkade: Bewaarblokkade, user: Gebruiker) -> Bewaarblokkade:
    fresh = Bewaarblokkade.objects.select_for_update().get(pk=blokkade.pk)
    if fresh.opgeheven_op is not None:
        raise ValidationError("Deze bewaarblokkade is al opgeheven.")
    fresh.opgeheven_door = user
    fresh.opgeheven_op = timezone.now()
    fresh.save(update_fields=["opgeheven_door", "opgeheven_op"])
    return fresh


def _run(
    overzicht: selectors.Bewaaroverzicht,
    *,
    school: School,
    proefrun: bool,
    user: Gebruiker | None,
    **extra: Any,
) -> Bewaarrun:
    return Bewaarrun.objects.create(
        school=school,
        proefrun=proefrun,
        uitgevoerd_door=user,
        aantal_leerlingen=len(overzicht.te_verwerken),
        aantal_geblokkeerd=len(overzicht.geblokkeerd),
        per_dataklasse=overzicht.per_dataklasse(),
        regels=[r.als_record() for r in overzicht.regels],
        **extra,
    )


@transaction.atomic
def proefrun_vastleggen(*, school: School, user: Gebruiker | None, vandaag: dt.date) -> Bewaarrun:
    """Record that the dry-run report was looked at, with what it showed. Changes no data;
    from now on the real run may go ahead for this school."""
    overzicht = selectors.bewaaroverzicht(school, vandaag=vandaag)
    return _run(overzicht, school=school, proefrun=True, user=user)


@transaction.atomic
def bewaartermijnen_toepassen(
    *, school: School, user: Gebruiker | None, vandaag: dt.date, inzages_verwijderd: int = 0
) -> Bewaarrun:
    """Anonymise every data class past its term of every pupil without a legal hold, and
    record the run. Refused (ValidationError) until a dry run was recorded for the school.
    Idempotent: what a run anonymised is recorded and never selected again."""
    if not selectors.proefrun_bekeken():
        raise ValidationError(GEEN_PROEFRUN, code="geen_proefrun")
    overzicht = selectors.bewaaroverzicht(school, vandaag=vandaag)
    run = _run(
        overzicht,
        school=school,
        proefrun=False,
        user=user,
        inzages_verwijderd=inzages_verwijderd,
    )
    for regel in overzicht.te_verwerken:
        klassen = {DataKlasse(k.dataklasse) for k in regel.klassen}
        verslag = leerling_anonimiseren(
            leerling=regel.leerling,
            dataklassen=klassen,
            reden=f"Bewaartermijn verstreken (vertrokken op {regel.vertrokken_op:%d-%m-%Y})",
        )
        run.aantal_rijen += verslag.totaal
        BewaarOpschoning.objects.bulk_create(
            BewaarOpschoning(school_id=school.pk, leerling=regel.leerling, dataklasse=k, run=run)
            for k in sorted(klassen)
        )
    run.save(update_fields=["aantal_rijen"])
    return run


@transaction.atomic
def bewaarrun_zonder_leerlingen(
    *, school: School, toelichting: str, inzages_verwijderd: int
) -> Bewaarrun:
    """The nightly job's record when pupils' data was left alone (no dry run yet): the
    access-log purge it did is still recorded."""
    return Bewaarrun.objects.create(
        school=school,
        proefrun=False,
        inzages_verwijderd=inzages_verwijderd,
        toelichting=toelichting[:300],
    )
