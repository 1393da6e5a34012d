"""Queries about partner organisations and ZAT-lid accounts."""

from __future__ import annotations

from typing import Any

from zorgroute.models import Gebruiker

from .models import Partnerlid
from .services import zat_leden_ids


def vrije_zat_accounts(school_id: int) -> Any:
    """ZAT-lid accounts that do not belong to an organisation yet."""
    return (
        Gebruiker.objects.filter(pk__in=zat_leden_ids(school_id))
        .exclude(pk__in=Partnerlid.objects.values("gebruiker_id"))
        .order_by("achternaam", "voornaam")
    )
