"""The data classes retention works on (zorgroute.privacy.dataklassen), and the school's
term for each. The pupil's identity (DataKlasse.LEERLING) has no term: retention
anonymises the care dossier and the OPP and referral data, the pupil row stays."""

from __future__ import annotations

from ...models import Bewaarbeleid
from ..dataklassen import DataKlasse

ZORGDOSSIER = DataKlasse.ZORGDOSSIER
OPP_VERWIJZING = DataKlasse.OPP_VERWIJZING


def _label(klasse: DataKlasse) -> str:
    label = str(klasse.label)
    return label[:1].upper() + label[1:]


DATAKLASSE_LABELS: dict[str, str] = {k.value: _label(k) for k in (ZORGDOSSIER, OPP_VERWIJZING)}


def termijnen(beleid: Bewaarbeleid) -> dict[str, int]:
    """Years after leaving, per data class."""
    return {
        ZORGDOSSIER.value: beleid.zorgdossier_jaren,
        OPP_VERWIJZING.value: beleid.opp_verwijzing_jaren,
    }
