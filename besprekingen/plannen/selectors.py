"""Reads for planning and preparing a bespreking: the list, what to plan, the preparation
page."""

from __future__ import annotations

from dataclasses import dataclass

from besprekingen import agenda
from besprekingen.access import MET_RELATIES, kan_plannen, plannen_overzichten, visible_besprekingen
from besprekingen.models import (
    Bespreking,
    Inbreng,
    Soort,
    Status,
)
from besprekingen.selectors import Voorbereiding, voorbereiding
from groepsoverzicht.models import Groepsoverzicht
from zorgroute.access import visible_leerlingen
from zorgroute.models import Leerling
from zorgroute.tenancy.context import TenantContext


def uitnodigingen(bespreking: Bespreking) -> list[tuple[int, bool]]:
    """Who is invited, in order of invitation: (gebruiker id, namens het zorgteam)."""
    return list(bespreking.deelnemers.order_by("pk").values_list("gebruiker_id", "zorgteam"))


@dataclass
class Besprekingenlijst:
    komend: list[Bespreking]
    afgesloten: list[Bespreking]
    bilateraal: list[Bespreking]


def besprekingenlijst(ctx: TenantContext, overzicht_id: int | None) -> Besprekingenlijst:
    """All meetings the user may see: coming and ongoing, closed (newest first), and
    bilateral overleggen (newest first). One query, whatever their number."""
    qs = visible_besprekingen(ctx).select_related(*MET_RELATIES)
    if overzicht_id is not None:
        qs = qs.filter(groepsoverzicht_id=overzicht_id)
    besprekingen = list(qs.order_by("datum", "tijd", "pk"))
    groeps = [b for b in besprekingen if b.soort != Soort.BILATERAAL]
    return Besprekingenlijst(
        komend=[b for b in groeps if b.status != Status.AFGESLOTEN],
        afgesloten=[b for b in reversed(groeps) if b.status == Status.AFGESLOTEN],
        bilateraal=[b for b in reversed(besprekingen) if b.soort == Soort.BILATERAAL],
    )


def te_plannen(ctx: TenantContext) -> list[Groepsoverzicht]:
    """The overviews the user may plan a meeting for, newest cycle first."""
    return [
        o
        for o in plannen_overzichten(ctx).order_by(
            "-periode__startdatum", "groep__naam", "lesgroep__naam", "pk"
        )
        if kan_plannen(ctx, o)
    ]


def gepland_voor(ctx: TenantContext, overzicht: Groepsoverzicht) -> list[Bespreking]:
    """Meetings about this overview that are not closed yet."""
    return list(
        visible_besprekingen(ctx)
        .filter(groepsoverzicht=overzicht)
        .exclude(status=Status.AFGESLOTEN)
        .order_by("datum", "pk")
    )


@dataclass
class Agendaregel:
    punt: agenda.Punt
    inbreng: list[Inbreng]


@dataclass
class Clustervoorstel:
    label: str
    deel: str
    leerlingen: list[Leerling]


@dataclass
class Voorbereidingspagina:
    """The preparation page: the agenda with questions, cluster proposals and which pupils
    the user may open."""

    v: Voorbereiding
    agenda: list[Agendaregel]
    clustervoorstellen: list[Clustervoorstel]
    zichtbaar: set[int]


def voorbereidingspagina(ctx: TenantContext, bespreking: Bespreking) -> Voorbereidingspagina:
    """Its query count does not depend on the number of pupils."""
    v = voorbereiding(ctx, bespreking)
    per_id = {ll.pk: ll for ll in v.leerlingen}
    zichtbaar: set[int] = (
        set(visible_leerlingen(ctx).filter(pk__in=list(per_id)).values_list("pk", flat=True))
        if per_id
        else set()
    )
    return Voorbereidingspagina(
        v=v,
        agenda=[
            Agendaregel(punt=punt, inbreng=v.verslag.inbreng_bij(punt.code))
            for punt in agenda.voor(bespreking.soort)
        ],
        clustervoorstellen=[
            Clustervoorstel(
                label=s.label,
                deel=s.deel,
                leerlingen=[per_id[i] for i in s.leerling_ids if i in per_id],
            )
            for s in v.suggesties
        ],
        zichtbaar=zichtbaar,
    )
