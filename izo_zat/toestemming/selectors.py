"""Which consent is in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from zorgroute.models import Leerling, LeerlingGrant, Rol
from zorgroute.tenancy.context import TenantContext

from .models import Toestemming, ToestemmingDoel


def geldige_zat_toestemming(leerling_id: int) -> Toestemming | None:
    """The valid consent for a ZAT bespreking that lasts longest, or None."""
    return (
        Toestemming.objects.geldig()
        .filter(leerling_id=leerling_id, doel=ToestemmingDoel.ZAT)
        .order_by("-geldig_tot", "-pk")
        .first()
    )


def partner_toestemming_q(user_id: int) -> Q:
    """Consent that lets a ZAT partner (this user) see a pupil: for a ZAT bespreking, or to
    share with the user's own partner organisation."""
    return Q(doel=ToestemmingDoel.ZAT) | Q(
        doel=ToestemmingDoel.DELEN, partner__leden__gebruiker_id=user_id
    )


def partnergrants_met_toestemming(
    ctx: TenantContext, grants: QuerySet[LeerlingGrant]
) -> QuerySet[LeerlingGrant]:
    """The grant condition izo_zat registers (zorgroute.access.register_grant_condition): a
    ZAT-lid's pupil grant holds only while the pupil has valid consent for them, read in
    SQL on every check. Other users' grants (a remedial teacher) are left alone."""
    if not ctx.has_role(Rol.ZAT_LID):
        return grants
    toestemming = Toestemming.objects.geldig().filter(partner_toestemming_q(ctx.user.pk))
    return grants.filter(content_object_id__in=toestemming.values("leerling_id"))


def geldige_toestemmingen_per_doel(leerling: Leerling) -> list[tuple[str, list[Toestemming]]]:
    """Valid consents per purpose (every purpose listed, also without consent)."""
    geldig = list(Toestemming.objects.geldig().filter(leerling=leerling).select_related("partner"))
    return [
        (str(label), [t for t in geldig if t.doel == doel])
        for doel, label in ToestemmingDoel.choices
    ]


@dataclass
class ToestemmingRij:
    toestemming: Toestemming
    status: str  # geldig, verlopen, nog_niet, ingetrokken


def toestemming_status(toestemming: Toestemming, vandaag: dt.date) -> str:
    if toestemming.ingetrokken_op is not None:
        return "ingetrokken"
    if toestemming.geldig_tot < vandaag:
        return "verlopen"
    if toestemming.gegeven_op > vandaag:
        return "nog_niet"
    return "geldig"


def toestemming_register(leerling: Leerling) -> list[ToestemmingRij]:
    """Every consent of the pupil, newest first, with its status today (one query)."""
    vandaag = timezone.localdate()
    toestemmingen = (
        Toestemming.objects.filter(leerling=leerling)
        .select_related("partner", "vastgelegd_door")
        .order_by("-gegeven_op", "-pk")
    )
    return [ToestemmingRij(t, toestemming_status(t, vandaag)) for t in toestemmingen]
