"""Second-line and third-line care (seed 000 chapter 6), one sub-package per part of the
route: the aanmelding and its triage, the traject, the IZO and ZAT meetings, the
handelingsadviezen, the ZAT cases, the partner organisations and consent. Importing their
models here lets Django register them under the app label izo_zat, and callers import every
model from izo_zat.models."""

from .aanmelding.models import (
    Aanmelding,
    AanmeldingStatus,
    Triagebesluit,
    TriageUitkomst,
)
from .advies.models import (
    AdviesBestemming,
    AdviesStatus,
    Handelingsadvies,
)
from .overleg.models import (
    Izobesluit,
    IzoBesluitSoort,
    IzoVerslag,
    Ondersteuningsvorm,
    Overlegdeelnemer,
    OverlegSoort,
    OverlegStatus,
    Zorgoverleg,
)
from .partners.models import (
    Partnerlid,
    Partnerorganisatie,
    PartnerSoort,
)
from .toestemming.models import (
    Toestemming,
    ToestemmingDoel,
    ToestemmingGever,
    ToestemmingQuerySet,
)
from .traject.models import (
    Traject,
    TrajectRoute,
    TrajectStatus,
    Zorgniveau,
)
from .zat.models import (
    Doorverwijzing,
    DoorverwijzingSoort,
    DoorverwijzingStatus,
    TrajectGrant,
    TrajectGrantQuerySet,
    ZatActie,
    ZatActieStatus,
    Zatcasus,
    ZatcasusStatus,
    ZatVerslag,
)

__all__ = [
    "Aanmelding",
    "AanmeldingStatus",
    "AdviesBestemming",
    "AdviesStatus",
    "Doorverwijzing",
    "DoorverwijzingSoort",
    "DoorverwijzingStatus",
    "Handelingsadvies",
    "IzoBesluitSoort",
    "IzoVerslag",
    "Izobesluit",
    "Ondersteuningsvorm",
    "OverlegSoort",
    "OverlegStatus",
    "Overlegdeelnemer",
    "PartnerSoort",
    "Partnerlid",
    "Partnerorganisatie",
    "Toestemming",
    "ToestemmingDoel",
    "ToestemmingGever",
    "ToestemmingQuerySet",
    "Traject",
    "TrajectGrant",
    "TrajectGrantQuerySet",
    "TrajectRoute",
    "TrajectStatus",
    "TriageUitkomst",
    "Triagebesluit",
    "ZatActie",
    "ZatActieStatus",
    "ZatVerslag",
    "Zatcasus",
    "ZatcasusStatus",
    "Zorgniveau",
    "Zorgoverleg",
]
