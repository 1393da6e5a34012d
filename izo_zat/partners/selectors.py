"""Queries about partner organisations and ZAT-lid accounts."""

from __future__ import annotations

from typing import Any

from zorgroute.models import Gebruiker, Lidmaatschap, Rol

from .models import Partnerlid, Partnerorganisatie


def zat_leden_ids(school_id: int) -> set[int]:
    """ZAT-lid accounts of the school with an active membership."""
    return set(
        Lidmaatschap.objects.active()
        .filter(school_id=school_id, rol=Rol.ZAT_LID)
        .values_list("gebruiker_id", flat=True)
    )


def vrije_zat_accounts(school_id: int) -> Any:
    """ZAT-lid accounts that do not belong to an organisation yet."""
    return (
        Gebruiker.objects.filter(pk__in=zat_leden_ids(school_id))
        .exclude(pk__in=Partnerlid.objects.values("gebruiker_id"))
        .order_by("achternaam", "voornaam")
    )


def partnerleden(partner: Partnerorganisatie) -> list[Partnerlid]:
    """The members of an organisation, by surname."""
    return list(
        Partnerlid.objects.filter(partner=partner)
        .select_related("gebruiker")
        .order_by("gebruiker__achternaam")
    )
