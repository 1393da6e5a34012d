"""Which consent is in force."""

from __future__ import annotations

from .models import Toestemming, ToestemmingDoel


def geldige_zat_toestemming(leerling_id: int) -> Toestemming | None:
    """The valid consent for a ZAT bespreking that lasts longest, or None."""
    return (
        Toestemming.objects.geldig()
        .filter(leerling_id=leerling_id, doel=ToestemmingDoel.ZAT)
        .order_by("-geldig_tot", "-pk")
        .first()
    )
