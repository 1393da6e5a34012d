"""The data classes retention works on, and the school's term for each."""

from __future__ import annotations

from ...models import Bewaarbeleid

ZORGDOSSIER = "zorgdossier"
OPP_VERWIJZING = "opp-verwijzing"

DATAKLASSE_LABELS: dict[str, str] = {
    ZORGDOSSIER: "Zorgdossier",
    OPP_VERWIJZING: "OPP en verwijzingen",
}


def termijnen(beleid: Bewaarbeleid) -> dict[str, int]:
    """Years after leaving, per data class."""
    return {
        ZORGDOSSIER: beleid.zorgdossier_jaren,
        OPP_VERWIJZING: beleid.opp_verwijzing_jaren,
    }
