"""What the ZAT pages show: the cases the user may see and one case's contents, each a
fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from groepsplan.ihp_opp.models import Ontwikkelingsperspectief
from zorgroute.models import Plaatsing
from zorgroute.tenancy.context import TenantContext

from ..aanmelding.models import Aanmelding
from ..access import CasusRechten, mag_actie_bewerken, visible_izo_verslagen, visible_zatcasussen
from ..overleg.models import IzoVerslag, OverlegStatus
from ..overleg.selectors import klas_subquery
from ..partners.models import Partnerlid
from ..toestemming.models import Toestemming
from ..toestemming.selectors import geldige_zat_toestemming
from .models import Doorverwijzing, TrajectGrant, ZatActie, Zatcasus, ZatcasusStatus, ZatVerslag


def casussen_lijst(ctx: TenantContext) -> tuple[list[Zatcasus], list[Zatcasus]]:
    """The cases the user may see (a partner: only those shared with them), lopend and
    afgesloten, newest first. One query."""
    casussen = list(
        visible_zatcasussen(ctx)
        .select_related("traject__leerling", "casusregisseur")
        .annotate(klas=klas_subquery("traject__leerling_id"))
        .order_by("-created_at", "-pk")
    )
    return (
        [c for c in casussen if c.status != ZatcasusStatus.AFGESLOTEN],
        [c for c in casussen if c.status == ZatcasusStatus.AFGESLOTEN],
    )


@dataclass
class CasusInhoud:
    """A case as the user may see it: the shared parts only for a partner."""

    klas: str | None
    toestemming: Toestemming | None
    aanmelding: Aanmelding | None
    izo_verslagen: list[IzoVerslag]
    opp: Ontwikkelingsperspectief | None
    verslagen: list[ZatVerslag]
    acties: list[tuple[ZatActie, bool]]  # with whether the user may report progress
    doorverwijzingen: list[Doorverwijzing]
    grants: list[tuple[TrajectGrant, str]]  # with the member's organisation


def casus_inhoud(ctx: TenantContext, casus: Zatcasus, rechten: CasusRechten) -> CasusInhoud:
    traject = casus.traject
    leerling = traject.leerling
    acties = list(
        casus.acties.select_related("partner", "uitvoerder", "bijgewerkt_door").order_by(
            "deadline", "pk"
        )
    )
    verslagen = casus.verslagen.select_related("overleg").order_by("-overleg__datum", "-pk")
    if not rechten.bewerken:
        verslagen = verslagen.filter(overleg__status=OverlegStatus.AFGESLOTEN)
    grants = (
        list(
            TrajectGrant.objects.filter(content_object_id=traject.pk)
            .select_related("user", "verleend_door")
            .order_by("-created_at", "-pk")
        )
        if rechten.bewerken
        else []
    )
    leden = {
        lid.gebruiker_id: lid.partner.naam
        for lid in Partnerlid.objects.filter(
            gebruiker_id__in=[g.user_id for g in grants]
        ).select_related("partner")
    }
    return CasusInhoud(
        klas=Plaatsing.objects.active()
        .filter(leerling=leerling)
        .values_list("groep__naam", flat=True)
        .first(),
        toestemming=geldige_zat_toestemming(leerling.pk),
        aanmelding=traject.aanmelding if rechten.ziet_aanmelding else None,
        izo_verslagen=list(
            visible_izo_verslagen(ctx)
            .filter(traject=traject)
            .select_related("overleg")
            .order_by("-overleg__datum")
        )
        if rechten.ziet_izo_verslagen
        else [],
        opp=Ontwikkelingsperspectief.objects.filter(leerling=leerling).first()
        if rechten.ziet_opp
        else None,
        verslagen=list(verslagen),
        acties=[(a, mag_actie_bewerken(ctx.user.pk, a, rechten)) for a in acties],
        doorverwijzingen=list(
            casus.doorverwijzingen.select_related("partner").order_by("aangevraagd_op", "pk")
        ),
        grants=[(g, leden.get(g.user_id, "")) for g in grants],
    )
