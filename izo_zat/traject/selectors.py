"""What the traject pages show: the list, the history of a traject."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from zorgroute.tenancy.context import TenantContext

from .. import zorgniveaus
from ..access import visible_trajecten
from ..overleg.selectors import klas_subquery
from .models import Traject, TrajectRoute, TrajectStatus


def izo_melding(traject: Traject, vandaag: dt.date) -> str:
    """What is due in the IZO for an open traject whose date has come."""
    if traject.status != TrajectStatus.OPEN or traject.izo_datum is None:
        return ""
    if traject.izo_datum > vandaag:
        return ""
    return "melden in het IZO" if traject.route == TrajectRoute.VERKORT else "te bespreken"


@dataclass
class TrajectRij:
    traject: Traject
    klas: str
    niveau: str
    melding: str


def trajecten_lijst(ctx: TenantContext) -> tuple[list[TrajectRij], list[TrajectRij]]:
    """Trajecten the user may see: lopend (by IZO date) and afgesloten (newest first). One
    query, whatever their number."""
    school_type = ctx.school.type
    vandaag = timezone.localdate()
    trajecten = list(
        visible_trajecten(ctx)
        .select_related("leerling", "geopend_door")
        .annotate(klas=klas_subquery())
        .order_by("-created_at", "-pk")
    )
    rijen = [
        TrajectRij(
            traject=t,
            klas=getattr(t, "klas", None) or "",
            niveau=zorgniveaus.label(school_type, t.zorgniveau),
            melding=izo_melding(t, vandaag),
        )
        for t in trajecten
    ]
    lopend = sorted(
        (r for r in rijen if r.traject.status == TrajectStatus.OPEN),
        key=lambda r: (r.traject.izo_datum is None, r.traject.izo_datum or vandaag),
    )
    afgesloten = [r for r in rijen if r.traject.status != TrajectStatus.OPEN]
    return lopend, afgesloten


@dataclass
class Wijziging:
    wanneer: dt.datetime
    door: str
    wat: list[str] = field(default_factory=list)


def _datum_tekst(datum: dt.date | None) -> str:
    return datum.strftime("%d-%m-%Y") if datum else "geen datum"


def geschiedenis(traject: Traject, school_type: str) -> list[Wijziging]:
    """Who opened the traject and who changed its level, IZO date or status, and when (one
    query)."""
    records = list(
        Traject.history.filter(id=traject.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    wijzigingen: list[Wijziging] = []
    vorige = None
    for record in records:
        gebruiker = record.history_user
        if gebruiker is None and vorige is None:
            gebruiker = traject.geopend_door  # opened outside a request (a task, an import)
        door = gebruiker.volledige_naam if gebruiker else "onbekend"
        if vorige is None:
            wat = [
                f"Traject geopend ({zorgniveaus.label(school_type, record.zorgniveau)}"
                + (f", IZO {_datum_tekst(record.izo_datum)}" if record.izo_datum else "")
                + ")"
            ]
        else:
            wat = []
            if record.zorgniveau != vorige.zorgniveau:
                wat.append(
                    f"Zorgniveau: {zorgniveaus.label(school_type, vorige.zorgniveau)} → "
                    f"{zorgniveaus.label(school_type, record.zorgniveau)}"
                )
            if record.izo_datum != vorige.izo_datum:
                wat.append(
                    f"IZO-datum: {_datum_tekst(vorige.izo_datum)} → "
                    f"{_datum_tekst(record.izo_datum)}"
                )
            if record.status != vorige.status and record.status == TrajectStatus.GESLOTEN:
                wat.append(f"Afgesloten: {record.afsluitreden}")
        if wat:
            wijzigingen.append(Wijziging(wanneer=record.history_date, door=door, wat=wat))
        vorige = record
    return wijzigingen
