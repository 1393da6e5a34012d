"""Reads of the IHP and OPP pages: the pupils an IHP can be for, a plan's IHPs, a pupil's
OPP; and the OPP's that are late or nearly late, for the zorgcoördinator: not set within 6
weeks of the start of extra support, or past their (yearly) evaluation date. One query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, CharField, QuerySet, Value, When
from django.utils import timezone

from zorgroute import permissions as p
from zorgroute.models import Leerling, Vak
from zorgroute.tenancy.context import TenantContext

from ..models import Groepsplan
from .models import (
    OPP_TERMIJN,
    Handelingsplan,
    Ontwikkelingsperspectief,
    OppVerwachting,
    Ouderinstemming,
)

#: "Bijna te laat": the deadline falls within this many days.
BIJNA = dt.timedelta(days=14)

TE_LAAT = "te_laat"
BIJNA_TE_LAAT = "bijna"
OP_TIJD = "op_tijd"


@dataclass(frozen=True)
class OppStatus:
    opp: Ontwikkelingsperspectief
    status: str  # TE_LAAT, BIJNA_TE_LAAT or OP_TIJD
    reden: str
    termijn: dt.date | None

    @property
    def te_laat(self) -> bool:
        return self.status == TE_LAAT

    @property
    def bijna(self) -> bool:
        return self.status == BIJNA_TE_LAAT


def opp_status(opp: Ontwikkelingsperspectief, today: dt.date) -> OppStatus:
    if opp.vastgesteld_op is None:
        termijn = opp.uiterlijk_vastgesteld
        if today > termijn:
            return OppStatus(
                opp,
                TE_LAAT,
                f"Niet vastgesteld binnen 6 weken na de start van de ondersteuning "
                f"(uiterlijk {termijn:%d-%m-%Y}).",
                termijn,
            )
        if today >= termijn - BIJNA:
            return OppStatus(
                opp, BIJNA_TE_LAAT, f"Moet uiterlijk {termijn:%d-%m-%Y} vastgesteld zijn.", termijn
            )
        return OppStatus(opp, OP_TIJD, f"Vaststellen vóór {termijn:%d-%m-%Y}.", termijn)
    if opp.evaluatiedatum is not None:
        if today > opp.evaluatiedatum:
            return OppStatus(
                opp,
                TE_LAAT,
                f"Evaluatiedatum {opp.evaluatiedatum:%d-%m-%Y} is verstreken.",
                opp.evaluatiedatum,
            )
        if today >= opp.evaluatiedatum - BIJNA:
            return OppStatus(
                opp,
                BIJNA_TE_LAAT,
                f"Evaluatie uiterlijk {opp.evaluatiedatum:%d-%m-%Y}.",
                opp.evaluatiedatum,
            )
    return OppStatus(opp, OP_TIJD, "", opp.evaluatiedatum)


def opp_status_sql(today: dt.date) -> Case:
    """`opp_status(...).status` as a database expression, for counting OPP's in SQL (the
    dashboards). The same rules and the same BIJNA margin; a test proves they agree."""
    niet_vastgesteld = Case(
        When(startdatum_ondersteuning__lt=today - OPP_TERMIJN, then=Value(TE_LAAT)),
        When(startdatum_ondersteuning__lte=today - OPP_TERMIJN + BIJNA, then=Value(BIJNA_TE_LAAT)),
        default=Value(OP_TIJD),
        output_field=CharField(),
    )
    return Case(
        When(vastgesteld_op__isnull=True, then=niet_vastgesteld),
        When(evaluatiedatum__lt=today, then=Value(TE_LAAT)),
        When(evaluatiedatum__lte=today + BIJNA, then=Value(BIJNA_TE_LAAT)),
        default=Value(OP_TIJD),
        output_field=CharField(),
    )


def visible_opps(ctx: TenantContext) -> QuerySet[Ontwikkelingsperspectief]:
    """All OPP's of the school for the zorgcoördinator (MANAGE_OPP); none otherwise."""
    if not ctx.has_perm(p.MANAGE_OPP):
        return Ontwikkelingsperspectief.objects.none()
    return Ontwikkelingsperspectief.objects.all()


def opp_overzicht(ctx: TenantContext, *, today: dt.date | None = None) -> list[OppStatus]:
    """Every OPP with its status, late first, then nearly late, then by deadline."""
    today = today or timezone.localdate()
    statussen = [
        opp_status(opp, today)
        for opp in visible_opps(ctx).select_related("leerling").order_by("pk")
    ]
    volgorde = {TE_LAAT: 0, BIJNA_TE_LAAT: 1, OP_TIJD: 2}
    return sorted(
        statussen,
        key=lambda s: (volgorde[s.status], s.termijn or dt.date.max, s.opp.leerling.achternaam),
    )


def opps_te_laat(ctx: TenantContext, *, today: dt.date | None = None) -> list[OppStatus]:
    """Only the late and nearly late ones (the zorgcoördinator's signal list)."""
    return [s for s in opp_overzicht(ctx, today=today) if s.status != OP_TIJD]


# --- The IHP and OPP pages ---------------------------------------------------------------------


def overzicht_leerlingen(plan: Groepsplan) -> list[Leerling]:
    """The pupils of the plan's overview, by name: who an IHP can be for."""
    regels = plan.groepsoverzicht.regels.select_related("leerling").order_by(
        "leerling__achternaam", "leerling__voornaam"
    )
    return [r.leerling for r in regels]


def overzicht_leerling(plan: Groepsplan, leerling_id: int) -> Leerling | None:
    regel = (
        plan.groepsoverzicht.regels.filter(leerling_id=leerling_id)
        .select_related("leerling")
        .first()
    )
    return regel.leerling if regel else None


def ihps(plan: Groepsplan) -> list[Handelingsplan]:
    return list(plan.handelingsplannen.select_related("leerling"))


def opp_van(leerling: Leerling) -> Ontwikkelingsperspectief | None:
    return Ontwikkelingsperspectief.objects.filter(leerling=leerling).first()


def vakken() -> list[Vak]:
    return list(Vak.objects.order_by("naam"))


def verwachtingen(opp: Ontwikkelingsperspectief) -> list[OppVerwachting]:
    """The expected yield per subject, by subject name."""
    return list(opp.verwachtingen.select_related("vak"))


def instemmingen(document: Handelingsplan | Ontwikkelingsperspectief) -> list[Ouderinstemming]:
    """The recorded agreements with an IHP or OPP, oldest first."""
    return list(document.instemmingen.order_by("datum", "pk"))
