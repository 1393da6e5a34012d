"""Reads of the retention rules: who left when, what is past its term, what is held.

"Leaving" is the end of the pupil's last plaatsing. A pupil with an open-ended plaatsing, a
plaatsing that ends today or later, or no plaatsing at all has not left and never expires.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from ...models import (
    Bewaarbeleid,
    Bewaarblokkade,
    BewaarOpschoning,
    Bewaarrun,
    Leerling,
    Plaatsing,
    School,
)
from .dataklassen import DATAKLASSE_LABELS, termijnen

D = TypeVar("D", dt.date, dt.datetime)

#: The access log is kept this many years (issue 19), then purged by the nightly job.
INZAGES_BEWAREN_JAREN = 5


def plus_jaren(datum: D, jaren: int) -> D:
    """`datum` moved `jaren` years on; 29 February becomes 28 February in a common year."""
    try:
        return datum.replace(year=datum.year + jaren)
    except ValueError:
        return datum.replace(year=datum.year + jaren, day=28)


def bewaarbeleid(school: School) -> Bewaarbeleid:
    """The school's terms; the defaults (unsaved) while nobody changed them."""
    return Bewaarbeleid.objects.filter().first() or Bewaarbeleid(school=school)


@dataclass(frozen=True)
class Vervallen:
    dataklasse: str
    label: str
    jaren: int
    vervaldatum: dt.date


@dataclass
class Bewaarregel:
    """One pupil with at least one data class past its term."""

    leerling: Leerling
    vertrokken_op: dt.date
    klassen: list[Vervallen]
    blokkade: Bewaarblokkade | None = None

    @property
    def geblokkeerd(self) -> bool:
        return self.blokkade is not None

    def als_record(self) -> dict[str, object]:
        """Ids and dates only: the run record must not keep what an erasure removes."""
        return {
            "leerling_id": self.leerling.pk,
            "vertrokken_op": self.vertrokken_op.isoformat(),
            "dataklassen": [k.dataklasse for k in self.klassen],
            "geblokkeerd": self.geblokkeerd,
        }


@dataclass
class Bewaaroverzicht:
    vandaag: dt.date
    termijnen: dict[str, int]
    regels: list[Bewaarregel] = field(default_factory=list)

    @property
    def te_verwerken(self) -> list[Bewaarregel]:
        return [r for r in self.regels if not r.geblokkeerd]

    @property
    def geblokkeerd(self) -> list[Bewaarregel]:
        return [r for r in self.regels if r.geblokkeerd]

    def per_dataklasse(self) -> dict[str, int]:
        telling = dict.fromkeys(self.termijnen, 0)
        for regel in self.te_verwerken:
            for klasse in regel.klassen:
                telling[klasse.dataklasse] += 1
        return telling


def vertrokken_leerlingen(vandaag: dt.date, *, uiterlijk: dt.date) -> QuerySet[Leerling]:
    """Pupils whose every plaatsing ended before `vandaag`, on `uiterlijk` or earlier,
    annotated with `vertrokken_op`."""
    open_of_toekomst = Plaatsing.objects.filter(
        Q(einddatum__isnull=True) | Q(einddatum__gte=vandaag), leerling=OuterRef("pk")
    )
    return (
        Leerling.objects.annotate(vertrokken_op=Max("plaatsingen__einddatum"))
        .filter(vertrokken_op__lt=vandaag, vertrokken_op__lte=uiterlijk)
        .exclude(Exists(open_of_toekomst))
        .order_by("vertrokken_op", "achternaam", "voornaam")
    )


def _vervallen(
    vertrokken_op: dt.date, termijn: dict[str, int], vandaag: dt.date, gedaan: set[str]
) -> list[Vervallen]:
    uit = []
    for klasse, jaren in termijn.items():
        vervaldatum = plus_jaren(vertrokken_op, jaren)
        if vervaldatum < vandaag and klasse not in gedaan:
            uit.append(Vervallen(klasse, DATAKLASSE_LABELS[klasse], jaren, vervaldatum))
    return uit


def bewaaroverzicht(school: School, *, vandaag: dt.date) -> Bewaaroverzicht:
    """What the retention rules would anonymise today, per pupil and data class, and what a
    legal hold keeps. Data classes a run already anonymised are left out. Four queries."""
    termijn = termijnen(bewaarbeleid(school))
    overzicht = Bewaaroverzicht(vandaag=vandaag, termijnen=termijn)
    eerste = plus_jaren(vandaag, -min(termijn.values()))
    kandidaten = list(vertrokken_leerlingen(vandaag, uiterlijk=eerste))
    ids = [leerling.pk for leerling in kandidaten]
    gedaan: dict[int, set[str]] = {}
    for leerling_id, klasse in BewaarOpschoning.objects.filter(leerling_id__in=ids).values_list(
        "leerling_id", "dataklasse"
    ):
        gedaan.setdefault(leerling_id, set()).add(klasse)
    blokkades = {
        b.leerling_id: b
        for b in actieve_blokkades().filter(leerling_id__in=ids).select_related("ingesteld_door")
    }
    for leerling in kandidaten:
        vertrokken_op = leerling.vertrokken_op  # type: ignore[attr-defined]
        klassen = _vervallen(vertrokken_op, termijn, vandaag, gedaan.get(leerling.pk, set()))
        if klassen:
            overzicht.regels.append(
                Bewaarregel(leerling, vertrokken_op, klassen, blokkades.get(leerling.pk))
            )
    return overzicht


def actieve_blokkades() -> QuerySet[Bewaarblokkade]:
    return Bewaarblokkade.objects.filter(opgeheven_op__isnull=True)


def blokkades_voor_lijst() -> list[Bewaarblokkade]:
    return list(
        Bewaarblokkade.objects.select_related(
            "leerling", "ingesteld_door", "opgeheven_door"
        ).order_by("opgeheven_op", "-ingesteld_op")[:200]
    )


def proefrun_bekeken() -> bool:
    """Whether a dry run was recorded for the current school: a real run needs one first."""
    return Bewaarrun.objects.filter(proefrun=True).exists()


def recente_runs(limit: int = 20) -> list[Bewaarrun]:
    return list(
        Bewaarrun.objects.select_related("uitgevoerd_door").order_by("-uitgevoerd_op")[:limit]
    )
