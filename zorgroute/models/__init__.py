from .api import ApiClient, ApiScope, Webhook, Webhooklevering
from .audit import AccessEvent
from .base import TenantModel, TimestampedModel, VersionedDocument
from .bewaren import Bewaarbeleid, Bewaarblokkade, BewaarOpschoning, Bewaarrun
from .grants import LeerlingGrant
from .privacy import Anonimisering, Anonimiseringsverzoek, VerzoekStatus  # AVG (issue 19)
from .roster import (
    Afdeling,
    Clusterplaatsing,
    Groep,
    Leerling,
    LeerlingExternId,
    Lesgroep,
    Lesgroepdocent,
    Mentoraat,
    Niveau,
    Periode,
    Plaatsing,
    Schooljaar,
    Vak,
)
from .sso import Koppelwijze, ProviderSoort, SchoolInlog, SchoolInlogKoppeling  # issue 19
from .tenancy import Gebruiker, Lidmaatschap, Organisatie, Rol, School, SchoolType
from .werk import Achtergrondtaak, TaakStatus, Wachtrijbericht

__all__ = [
    "AccessEvent",
    "Achtergrondtaak",
    "Afdeling",
    "Anonimisering",
    "Anonimiseringsverzoek",
    "ApiClient",
    "ApiScope",
    "BewaarOpschoning",
    "Bewaarbeleid",
    "Bewaarblokkade",
    "Bewaarrun",
    "Clusterplaatsing",
    "Gebruiker",
    "Groep",
    "Koppelwijze",
    "Leerling",
    "LeerlingExternId",
    "LeerlingGrant",
    "Lesgroep",
    "Lesgroepdocent",
    "Lidmaatschap",
    "Mentoraat",
    "Niveau",
    "Organisatie",
    "Periode",
    "Plaatsing",
    "ProviderSoort",
    "Rol",
    "School",
    "SchoolInlog",
    "SchoolInlogKoppeling",
    "SchoolType",
    "Schooljaar",
    "TaakStatus",
    "TenantModel",
    "TimestampedModel",
    "Vak",
    "VersionedDocument",
    "VerzoekStatus",
    "Wachtrijbericht",
    "Webhook",
    "Webhooklevering",
]

# Accounts stay in their school (issue 19): the per-school staff record and invitations.
from .tenancy import Medewerker, Uitnodiging

__all__ += ["Medewerker", "Uitnodiging"]
