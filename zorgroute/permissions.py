"""The one map from role to permission. Visibility of individual rows (which pupils, which
groepen) is derived from relationships in `zorgroute.access`; this map says what a role may
do at all."""

from __future__ import annotations

from .models import Rol

# Permission names are `<action>_<thing>`; views declare the one they need.
VIEW_HOME = "view_home"
VIEW_GROEP = "view_groep"
VIEW_LEERLING = "view_leerling"
VIEW_ALL_LEERLINGEN = "view_all_leerlingen"
VIEW_AFDELING_LEERLINGEN = "view_afdeling_leerlingen"
VIEW_ALL_GROEPEN = "view_all_groepen"
MANAGE_ROSTER = "manage_roster"
VIEW_ACCESS_LOG = "view_access_log"
# groepsoverzicht (HGW steps 1–3)
VIEW_GROEPSOVERZICHT = "view_groepsoverzicht"
CHANGE_GROEPSOVERZICHT = "change_groepsoverzicht"
ENTER_RESULTATEN = "enter_resultaten"
CONFIGURE_METEN = "configure_meten"
VIEW_BIJZONDERHEDEN = "view_bijzonderheden"
# groepsplan (HGW steps 4–6), IHP and OPP
VIEW_GROEPSPLAN = "view_groepsplan"
CHANGE_GROEPSPLAN = "change_groepsplan"
MANAGE_OPP = "manage_opp"
# besprekingen (groepsbespreking, vakspecifiek, bilateraal) and the IZO aanmelding
VIEW_BESPREKING = "view_bespreking"
MANAGE_BESPREKING = "manage_bespreking"
AANMELDEN_IZO = "aanmelden_izo"
# IZO triage and trajecten, consent registry
TRIAGE_IZO = "triage_izo"
VIEW_TRAJECT = "view_traject"
MANAGE_TOESTEMMING = "manage_toestemming"
# IZO and ZAT meetings (agenda, reports, decisions), sharing with partners, ZAT cases
MANAGE_ZORGOVERLEG = "manage_zorgoverleg"
# Opening ZAT case pages at all; which cases is derived (izo_zat.access): staff through the
# traject, a ZAT-lid only through a valid grant while the pupil's consent is valid.
VIEW_ZAT = "view_zat"
# Jaarplanning: deadlines per cycle and the reminder settings (planning app)
MANAGE_JAARPLANNING = "manage_jaarplanning"
# Opbrengsten: outcome dashboards (aggregates, suppressed under 5) and the school's ambities
VIEW_OPBRENGSTEN = "view_opbrengsten"
MANAGE_AMBITIES = "manage_ambities"
# Retention (issue 19): the terms, the dry-run report and the runs; legal holds per pupil
VIEW_BEWAREN = "view_bewaren"
MANAGE_BEWAARTERMIJNEN = "manage_bewaartermijnen"
MANAGE_BEWAARBLOKKADE = "manage_bewaarblokkade"

ALL_PERMISSIONS = frozenset(
    {
        VIEW_HOME,
        VIEW_GROEP,
        VIEW_LEERLING,
        VIEW_ALL_LEERLINGEN,
        VIEW_AFDELING_LEERLINGEN,
        VIEW_ALL_GROEPEN,
        MANAGE_ROSTER,
        VIEW_ACCESS_LOG,
        VIEW_GROEPSOVERZICHT,
        CHANGE_GROEPSOVERZICHT,
        ENTER_RESULTATEN,
        CONFIGURE_METEN,
        VIEW_BIJZONDERHEDEN,
        VIEW_GROEPSPLAN,
        CHANGE_GROEPSPLAN,
        MANAGE_OPP,
        VIEW_BESPREKING,
        MANAGE_BESPREKING,
        AANMELDEN_IZO,
        TRIAGE_IZO,
        VIEW_TRAJECT,
        MANAGE_TOESTEMMING,
        MANAGE_ZORGOVERLEG,
        VIEW_ZAT,
        MANAGE_JAARPLANNING,
        VIEW_OPBRENGSTEN,
        MANAGE_AMBITIES,
        VIEW_BEWAREN,
        MANAGE_BEWAARTERMIJNEN,
        MANAGE_BEWAARBLOKKADE,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Own lesgroepen (and, as mentor, their class): derived in zorgroute.access. Which
    # overviews a docent may change (own class A as mentor, own lesgroep B) is derived too.
    Rol.DOCENT: frozenset(
        {
            VIEW_HOME,
            VIEW_GROEP,
            VIEW_LEERLING,
            VIEW_GROEPSOVERZICHT,
            CHANGE_GROEPSOVERZICHT,
            ENTER_RESULTATEN,
            VIEW_GROEPSPLAN,
            CHANGE_GROEPSPLAN,
            # Which meetings a docent chairs, joins or brings questions to is derived
            # (besprekingen.access): as mentor, teacher of the class or invited attendee.
            VIEW_BESPREKING,
            MANAGE_BESPREKING,
            AANMELDEN_IZO,
            # Trajecten, IZO reports, the ZAT case and consent of their class's pupils, as
            # mentor (izo_zat.access).
            VIEW_TRAJECT,
            MANAGE_TOESTEMMING,
            VIEW_ZAT,
        }
    ),
    Rol.ZORGCOORDINATOR: frozenset(
        {
            VIEW_HOME,
            VIEW_GROEP,
            VIEW_LEERLING,
            VIEW_ALL_LEERLINGEN,
            VIEW_ALL_GROEPEN,
            VIEW_ACCESS_LOG,
            VIEW_GROEPSOVERZICHT,
            CHANGE_GROEPSOVERZICHT,
            ENTER_RESULTATEN,
            CONFIGURE_METEN,
            VIEW_BIJZONDERHEDEN,
            VIEW_GROEPSPLAN,
            CHANGE_GROEPSPLAN,
            MANAGE_OPP,
            VIEW_BESPREKING,
            MANAGE_BESPREKING,
            AANMELDEN_IZO,
            TRIAGE_IZO,
            VIEW_TRAJECT,
            MANAGE_TOESTEMMING,
            MANAGE_ZORGOVERLEG,
            VIEW_ZAT,
            MANAGE_JAARPLANNING,
            # The dashboards, to steer the care route; the ambities are the leader's.
            VIEW_OPBRENGSTEN,
            # Retention: the terms, the dry run and legal holds (issue 19).
            VIEW_BEWAREN,
            MANAGE_BEWAARTERMIJNEN,
            MANAGE_BEWAARBLOKKADE,
        }
    ),
    Rol.TEAMLEIDER: frozenset(
        {
            VIEW_HOME,
            VIEW_GROEP,
            VIEW_LEERLING,
            VIEW_AFDELING_LEERLINGEN,
            VIEW_GROEPSOVERZICHT,
            VIEW_BIJZONDERHEDEN,
            VIEW_GROEPSPLAN,
            # A teamleider may chair the groepsbespreking of a class in their afdeling.
            VIEW_BESPREKING,
            MANAGE_BESPREKING,
            AANMELDEN_IZO,
            VIEW_TRAJECT,
            VIEW_ZAT,
        }
    ),
    # Aggregates only; individual pupils only when the school grants it (School setting).
    Rol.SCHOOLLEIDER: frozenset(
        {
            VIEW_HOME,
            VIEW_GROEP,
            VIEW_ALL_GROEPEN,
            MANAGE_JAARPLANNING,
            VIEW_OPBRENGSTEN,
            MANAGE_AMBITIES,
        }
    ),
    # Only the pupils and trajecten shared with them through explicit, expiring grants.
    Rol.ZAT_LID: frozenset({VIEW_HOME, VIEW_LEERLING, VIEW_ZAT}),
    # Roster, accounts and what is measured (instruments, imports); never care content.
    Rol.BEHEERDER: frozenset(
        {
            VIEW_HOME,
            VIEW_GROEP,
            VIEW_ALL_GROEPEN,
            MANAGE_ROSTER,
            CONFIGURE_METEN,
            ENTER_RESULTATEN,
            # The retention terms and the dry run (pupils' names and leaving dates, no care
            # content); legal holds are the zorgcoördinator's and the privacy officer's.
            VIEW_BEWAREN,
            MANAGE_BEWAARTERMIJNEN,
        }
    ),
    # The privacy officer (privacyfunctionaris): supervises, reads no care content. Who read
    # which pupil (the access log), retention and legal holds; the AVG export checks the role.
    Rol.PRIVACY: frozenset({VIEW_HOME, VIEW_ACCESS_LOG, VIEW_BEWAREN, MANAGE_BEWAARBLOKKADE}),
}

#: What a schoolleider gains when the school lets leadership read individual dossiers.
SCHOOLLEIDER_DOSSIER_PERMISSIONS = frozenset({VIEW_LEERLING, VIEW_ALL_LEERLINGEN})


def permissions_for(roles: set[str], *, schoolleider_ziet_dossiers: bool) -> frozenset[str]:
    perms: set[str] = set()
    for rol in roles:
        perms |= ROLE_PERMISSIONS.get(rol, frozenset())
    if Rol.SCHOOLLEIDER in roles and schoolleider_ziet_dossiers:
        perms |= SCHOOLLEIDER_DOSSIER_PERMISSIONS
    return frozenset(perms)
