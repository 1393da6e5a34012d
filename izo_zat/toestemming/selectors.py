"""Which consent is in force."""

from __future__ import annotations

from zorgroute.models import Leerling

from .models import Toestemming, ToestemmingDoel


def geldige_zat_toestemming(leerling_id: int) -> Toestemming | None:
    """The valid consent for a ZAT bespreking that lasts longest, or None."""
    return (
        Toestemming.objects.geldig()
        .filter(leerling_id=leerling_id, doel=ToestemmingDoel.ZAT)
        .order_by("-geldig_tot", "-pk")
        .first()
    )


def geldige_toestemmingen_per_doel(leerling: Leerling) -> list[tuple[str, list[Toestemming]]]:
    """Valid consents per purpose (every purpose listed, also without consent)."""
    geldig = list(Toestemming.objects.geldig().filter(leerling=leerling).select_related("partner"))
    return [
        (str(label), [t for t in geldig if t.doel == doel])
        for doel, label in ToestemmingDoel.choices
    ]
