"""Reads of the access-log review: filtered entries, and unusual access.

Unusual access (opvallend): on one day, one user read the care data of more than
`OPVALLEND_DREMPEL` different pupils who are not in their own classes: not in a groep they
are mentor of or teach a lesgroep of, not in a cluster lesgroep they teach, and not in the
afdeling they lead as teamleider.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from ...models import AccessEvent, Clusterplaatsing, Gebruiker, Lidmaatschap, Plaatsing, Rol

#: More than this many pupils outside one's own classes on one day is highlighted.
OPVALLEND_DREMPEL = 20

#: Kinds of access (soort), from the name of the page that was read.
SOORTEN: dict[str, tuple[str, Q]] = {
    "leerling": ("Leerlingpagina", Q(pagina__startswith="leerling-")),
    "zorgroute": (
        "IZO, ZAT en toestemming",
        Q(pagina__startswith="izo-") | Q(pagina__startswith="zat-"),
    ),
    "opp": ("OPP en handelingsplan", Q(pagina__startswith="opp-") | Q(pagina__startswith="ihp-")),
    "download": ("PDF of download", Q(pagina__contains="pdf") | Q(pagina__contains="bundel")),
    "api": ("Koppeling (API)", ~Q(namens="") & Q(pad__startswith="/api/")),
}


def soort_q(soort: str) -> Q:
    if soort == "overig":
        q = Q()
        for _label, kind in SOORTEN.values():
            q &= ~kind
        return q
    return SOORTEN[soort][1]


@dataclass(frozen=True)
class Filter:
    gebruiker: Gebruiker | None = None
    leerling: str = ""
    van: dt.date | None = None
    tot: dt.date | None = None
    soort: str = ""


def _leerling_q(tekst: str) -> Q:
    try:
        return Q(leerling__uuid=uuid_module.UUID(tekst))
    except ValueError:
        pass
    q = Q()
    for woord in tekst.split():
        q &= (
            Q(leerling__voornaam__icontains=woord)
            | Q(leerling__achternaam__icontains=woord)
            | Q(leerling__leerlingnummer=woord)
        )
    return q


def _periode(qs: QuerySet[AccessEvent], f: Filter) -> QuerySet[AccessEvent]:
    if f.van:
        qs = qs.filter(created_at__date__gte=f.van)
    if f.tot:
        qs = qs.filter(created_at__date__lte=f.tot)
    if f.gebruiker:
        qs = qs.filter(gebruiker=f.gebruiker)
    return qs


def inzagen(f: Filter) -> QuerySet[AccessEvent]:
    """The school's access log, newest first, filtered."""
    qs = _periode(AccessEvent.objects.all(), f)
    if f.leerling:
        qs = qs.filter(_leerling_q(f.leerling))
    if f.soort:
        qs = qs.filter(soort_q(f.soort))
    return qs.select_related("gebruiker", "leerling").order_by("-created_at", "-pk")


def _eigen_leerling() -> Q:
    """The event's pupil is in one of the reader's own classes (at any time)."""
    lezer = OuterRef("gebruiker_id")
    klas = Plaatsing.objects.filter(leerling_id=OuterRef("leerling_id")).filter(
        Q(groep__mentoraten__gebruiker_id=lezer)
        | Q(groep__lesgroepen__docentschappen__gebruiker_id=lezer)
        | Q(
            groep__afdeling__lidmaatschappen__gebruiker_id=lezer,
            groep__afdeling__lidmaatschappen__rol=Rol.TEAMLEIDER,
        )
    )
    cluster = Clusterplaatsing.objects.filter(
        leerling_id=OuterRef("leerling_id"), lesgroep__docentschappen__gebruiker_id=lezer
    )
    return Q(Exists(klas)) | Q(Exists(cluster))


@dataclass(frozen=True)
class Opvallend:
    gebruiker_id: int
    naam: str
    dag: dt.date
    aantal: int


def opvallende_inzage(f: Filter) -> list[Opvallend]:
    """Per user and day in the filter's period (and user): the number of different pupils
    outside their own classes, where it is over the threshold. One query."""
    rijen = (
        _periode(AccessEvent.objects.all(), f)
        .filter(~_eigen_leerling())
        .annotate(dag=TruncDate("created_at"))
        .values(
            "gebruiker_id",
            "gebruiker__voornaam",
            "gebruiker__tussenvoegsel",
            "gebruiker__achternaam",
            "dag",
        )
        .annotate(aantal=Count("leerling_id", distinct=True))
        .filter(aantal__gt=OPVALLEND_DREMPEL)
        .values_list(
            "gebruiker_id",
            "gebruiker__voornaam",
            "gebruiker__tussenvoegsel",
            "gebruiker__achternaam",
            "dag",
            "aantal",
        )
        .order_by("-dag", "-aantal")[:100]
    )
    return [
        Opvallend(pk, " ".join(d for d in (voornaam, tussen, achternaam) if d), dag, aantal)
        for pk, voornaam, tussen, achternaam, dag, aantal in rijen
    ]


def gebruikers_van_school() -> QuerySet[Gebruiker]:
    return Gebruiker.objects.filter(pk__in=Lidmaatschap.objects.values("gebruiker_id")).order_by(
        "achternaam", "voornaam"
    )
