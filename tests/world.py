"""A small, complete school with one persona per role, and a second school for outsiders.

Used by the tenancy, role-matrix and page tests, and meant to be reused by every later app:
add the objects a new app needs to `build_school` so the cross-tenant test fills its URLs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zorgroute import models as m

from . import factories as f


@dataclass
class SchoolWorld:
    school: m.School
    schooljaar: m.Schooljaar
    periode: m.Periode
    afdeling: m.Afdeling
    andere_afdeling: m.Afdeling
    groep: m.Groep  # 1A: the mentor's class, in `afdeling`
    andere_groep: m.Groep  # 1B: nobody's class but the zorgcoördinator's view, other afdeling
    vak: m.Vak
    lesgroep: m.Lesgroep
    leerling: m.Leerling  # in groep
    andere_leerling: m.Leerling  # in andere_groep
    plaatsing: m.Plaatsing
    users: dict[str, m.Gebruiker] = field(default_factory=dict)
    lidmaatschap: m.Lidmaatschap | None = None
    #: The docent's staff record at this school (issue 19: per-school names and codes).
    medewerker: m.Medewerker | None = None
    #: An API client of the school (REST API), created by the beheerder.
    apiclient: m.ApiClient | None = None
    #: A webhook of the school, on a second client (with care:read).
    webhook: m.Webhook | None = None
    #: groepsoverzicht objects (instrument, domein, toetsmoment, resultaat, ijkpunt, hulpzin,
    #: overzicht, regel, signalering, behoefte, opmerking), see add_groepsoverzicht().
    go: dict[str, Any] = field(default_factory=dict)
    #: groepsplan objects (plan, subgroep, doel, roosteritem), see add_groepsplan().
    gp: dict[str, Any] = field(default_factory=dict)
    #: besprekingen and izo objects (bespreking, inbreng, besluit, actie, bilateraal,
    #: aanmelding), see add_besprekingen().
    bs: dict[str, Any] = field(default_factory=dict)
    #: IZO objects (traject, partner, toestemming), see add_izo().
    izo: dict[str, Any] = field(default_factory=dict)
    #: planning objects (cyclusplanning, download: the mentor's finished PDF bundle), see
    #: add_planning().
    pl: dict[str, Any] = field(default_factory=dict)
    #: opbrengsten objects (ambitie: 80% of leerjaar 1 at III for BL), see add_opbrengsten().
    ob: dict[str, Any] = field(default_factory=dict)
    #: school sign-in (issue 19): inlog (switched off, placeholder provider) and koppeling
    #: (the docent's subject), see add_schoolinlog().
    sso: dict[str, Any] = field(default_factory=dict)

    def objects_by_kwarg(self) -> dict[str, Any]:
        """An object of this school for each URL keyword (zorgroute.tenancy.url_objects)."""
        return {
            "groep_id": self.groep.pk,
            "leerling_uuid": self.leerling.uuid,
            "schooljaar_id": self.schooljaar.pk,
            "periode_id": self.periode.pk,
            "afdeling_id": self.afdeling.pk,
            "vak_id": self.vak.pk,
            "lesgroep_id": self.lesgroep.pk,
            "plaatsing_id": self.plaatsing.pk,
            "lidmaatschap_id": self.lidmaatschap.pk if self.lidmaatschap else 0,
            "medewerker_id": self.medewerker.pk if self.medewerker else 0,
            "apiclient_id": self.apiclient.pk if self.apiclient else 0,
            "webhook_id": self.webhook.pk if self.webhook else 0,
            "instrument_id": self.go["instrument"].pk,
            "domein_id": self.go["domein"].pk,
            "toetsmoment_id": self.go["toetsmoment"].pk,
            "ijkpunt_id": self.go["ijkpunt"].pk,
            "hulpzin_id": self.go["hulpzin"].pk,
            "overzicht_id": self.go["overzicht"].pk,
            "regel_id": self.go["regel"].pk,
            "signalering_id": self.go["signalering"].pk,
            "behoefte_id": self.go["behoefte"].pk,
            "opmerking_id": self.go["opmerking"].pk,
            "cruciaal_moment_id": self.go["cruciaal_moment"].pk,
            "plan_id": self.gp["plan"].pk,
            "plangroep_id": self.gp["subgroep"].pk,
            "doel_id": self.gp["doel"].pk,
            "roosteritem_id": self.gp["roosteritem"].pk,
            "ihp_id": self.gp["ihp"].pk,
            "opp_id": self.gp["opp"].pk,
            "bespreking_id": self.bs["bespreking"].pk,
            "inbreng_id": self.bs["inbreng"].pk,
            "besluit_id": self.bs["besluit"].pk,
            "actie_id": self.bs["actie"].pk,
            "aanmelding_id": self.bs["aanmelding"].pk,
            "traject_id": self.izo["traject"].pk,
            "toestemming_id": self.izo["toestemming"].pk,
            "partner_id": self.izo["partner"].pk,
            "partnerlid_id": self.izo["partnerlid"].pk,
            "overleg_id": self.izo["overleg"].pk,
            "zatoverleg_id": self.izo["zat_overleg"].pk,
            "verslag_id": self.izo["verslag"].pk,
            "izobesluit_id": self.izo["izobesluit"].pk,
            "advies_id": self.izo["advies"].pk,
            "zatcasus_id": self.izo["casus"].pk,
            "zatverslag_id": self.izo["zat_verslag"].pk,
            "zatactie_id": self.izo["zat_actie"].pk,
            "doorverwijzing_id": self.izo["doorverwijzing"].pk,
            "grant_id": self.izo["grant"].pk,
            "taak_uuid": self.pl["download"].uuid,
            "ambitie_id": self.ob["ambitie"].pk,
        }


def build_school(prefix: str, *, organisatie: m.Organisatie | None = None) -> SchoolWorld:
    school = f.SchoolFactory(
        slug=f"{prefix}-college",
        naam=f"{prefix.capitalize()} College",
        **({"organisatie": organisatie} if organisatie else {}),
    )
    schooljaar = f.SchooljaarFactory(school=school)
    periode = f.PeriodeFactory(schooljaar=schooljaar, naam="Cyclus 1")
    afdeling = f.AfdelingFactory(school=school, naam="Onderbouw")
    andere_afdeling = f.AfdelingFactory(school=school, naam="Bovenbouw")
    groep = f.GroepFactory(schooljaar=schooljaar, naam="1A", afdeling=afdeling)
    andere_groep = f.GroepFactory(schooljaar=schooljaar, naam="1B", afdeling=andere_afdeling)
    vak = f.VakFactory(school=school, naam="Nederlands", afkorting="ne")
    lesgroep = f.LesgroepFactory(groep=groep, vak=vak, naam="1A-ne")
    leerling = f.LeerlingFactory(school=school, voornaam="Sanne", achternaam=f"{prefix}Jansen")
    andere_leerling = f.LeerlingFactory(
        school=school, voornaam="Daan", achternaam=f"{prefix}Bakker"
    )
    plaatsing = f.PlaatsingFactory(groep=groep, leerling=leerling)
    f.PlaatsingFactory(groep=andere_groep, leerling=andere_leerling)

    users: dict[str, m.Gebruiker] = {}

    def member(key: str, rol: str, **extra: Any) -> m.Gebruiker:
        user = f.GebruikerFactory(email=f"{key}@{prefix}.example.org", voornaam=key.capitalize())
        f.LidmaatschapFactory(school=school, gebruiker=user, rol=rol, **extra)
        users[key] = user
        return user

    mentor = member("mentor", m.Rol.DOCENT)
    f.MentoraatFactory(groep=groep, gebruiker=mentor)
    docent = member("docent", m.Rol.DOCENT)
    f.LesgroepdocentFactory(lesgroep=lesgroep, gebruiker=docent)
    member("zorgcoordinator", m.Rol.ZORGCOORDINATOR)
    member("teamleider", m.Rol.TEAMLEIDER, afdeling=afdeling)
    member("schoolleider", m.Rol.SCHOOLLEIDER)
    zat = member("zat_lid", m.Rol.ZAT_LID)
    f.LeerlingGrantFactory(
        content_object=leerling,
        user=zat,
        verleend_door=users["zorgcoordinator"],
        geldig_tot=timezone.localdate() + dt.timedelta(days=60),
    )
    member("beheerder", m.Rol.BEHEERDER)
    # Issue 19: the privacy officer (PRIVACY_PERSONA; its column is in test_role_matrix).
    member(PRIVACY_PERSONA, m.Rol.PRIVACY)
    world = SchoolWorld(
        school=school,
        schooljaar=schooljaar,
        periode=periode,
        afdeling=afdeling,
        andere_afdeling=andere_afdeling,
        groep=groep,
        andere_groep=andere_groep,
        vak=vak,
        lesgroep=lesgroep,
        leerling=leerling,
        andere_leerling=andere_leerling,
        plaatsing=plaatsing,
        users=users,
    )
    from zorgroute.tenancy.db import tenant_context

    with tenant_context(school.pk):
        world.lidmaatschap = m.Lidmaatschap.objects.get(gebruiker=docent)
        world.medewerker = m.Medewerker.objects.get(gebruiker=docent)
        from zorgroute.integrations.services import apiclient_create

        world.apiclient, _token = apiclient_create(
            school=school,
            naam="LVS (wereld)",
            bron="wereld",
            scopes=["roster:write"],
            aangemaakt_door=users["beheerder"],
        )
        from zorgroute.integrations.services import webhook_create

        lezer, _token = apiclient_create(
            school=school,
            naam="LVS-lezer (wereld)",
            bron="wereld",
            scopes=["care:read"],
            aangemaakt_door=users["beheerder"],
        )
        world.webhook, _secret = webhook_create(
            client=lezer, url="https://lvs.example/zorgroute", aangemaakt_door=users["beheerder"]
        )
    add_groepsoverzicht(world)
    add_groepsplan(world)
    add_ihp_opp(world)
    add_besprekingen(world)
    add_izo(world)
    add_planning(world)
    add_opbrengsten(world)
    add_schoolinlog(world)
    add_bewaren(world)
    add_privacy(world)
    return world


def add_schoolinlog(world: SchoolWorld) -> None:
    """The school's identity provider, switched off (tests/sso point it at the real test
    provider), and the docent's linked subject."""
    from zorgroute.sso import services as sso
    from zorgroute.tenancy.db import tenant_context

    with tenant_context(world.school.pk):
        inlog = sso.schoolinlog_create(
            school=world.school,
            user=world.users["beheerder"],
            values={
                "soort": m.ProviderSoort.ENTRA,
                "issuer": "https://login.microsoftonline.com/wereld/v2.0",
                "client_id": "zorgroute-wereld",
                "client_secret": "wereld-geheim",
                "actief": False,
            },
        )
        world.sso["inlog"] = inlog
        world.sso["koppeling"] = m.SchoolInlogKoppeling.objects.create(
            school=world.school,
            inlog=inlog,
            issuer=inlog.issuer,
            subject=f"wereld-{world.school.slug}-docent",
            gebruiker=world.users["docent"],
        )


def add_bewaren(world: SchoolWorld) -> None:
    """Issue 19: a record of a (real) retention run that changed nothing, so each retention
    table that points at a run has a row to point at. No dry run: a real run stays refused."""
    from zorgroute.tenancy.db import tenant_context

    with tenant_context(world.school.pk):
        m.Bewaarrun.objects.create(school=world.school, proefrun=False, toelichting="wereld")


def add_privacy(world: SchoolWorld) -> None:
    """AVG (issue 19): a withdrawn erasure request about Daan and a (partial, empty) run, so
    every reference of the privacy tables has a row in each school."""
    from zorgroute.tenancy.db import tenant_context

    beheerder = world.users["beheerder"]
    with tenant_context(world.school.pk):
        run = m.Anonimisering.objects.create(
            school=world.school, leerling=world.andere_leerling, reden="Wereld", dataklassen=[]
        )
        m.Anonimiseringsverzoek.objects.create(
            school=world.school,
            leerling=world.andere_leerling,
            reden="Wereld: ingetrokken verzoek",
            aangevraagd_door=beheerder,
            aangevraagd_als=m.Rol.BEHEERDER,
            status=m.VerzoekStatus.INGETROKKEN,
            afgehandeld_door=beheerder,
            anonimisering=run,
        )


def add_opbrengsten(world: SchoolWorld) -> None:
    """An ambitie of the schoolleider: 80% of leerjaar 1 at level III or higher for BL."""
    from opbrengsten import services as ob
    from zorgroute.tenancy.db import tenant_context

    with tenant_context(world.school.pk):
        world.ob["ambitie"] = ob.ambitie_create(
            schooljaar=world.schooljaar,
            soort="toets",
            leerjaar=1,
            domein=world.go["domein"],
            drempel="III",
            percentage=80,
        )


def add_planning(world: SchoolWorld) -> None:
    """Deadlines for the world's cycle and a finished download of the mentor (downloads are
    their requester's only)."""
    from django.core.files.base import ContentFile

    from planning.models import Cyclusplanning
    from zorgroute.tenancy.db import tenant_context

    p = world.periode
    with tenant_context(world.school.pk):
        world.pl["cyclusplanning"] = Cyclusplanning.objects.create(
            school=world.school,
            periode=p,
            groepsoverzicht=p.startdatum + dt.timedelta(weeks=2),
            groepsbespreking=p.startdatum + dt.timedelta(weeks=3),
            groepsplan=p.startdatum + dt.timedelta(weeks=4),
            eindevaluatie=p.einddatum,
        )
        download = m.Achtergrondtaak(
            school=world.school,
            soort="pdf-bundel",
            titel="PDF-bundel 1A – Cyclus 1",
            parameters={"periode_id": p.pk, "groep_id": world.groep.pk, "vorm": "pdf"},
            aangevraagd_door=world.users["mentor"],
            status=m.TaakStatus.KLAAR,
            stap=1,
            totaal=1,
            bestandsnaam="bundel.pdf",
            mime_type="application/pdf",
            resultaat="1 groepsoverzicht, waarvan 1 met groepsplan",
            klaar_op=timezone.now(),
        )
        download.bestand.save(f"{download.uuid}/bundel.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        download.save()
        world.pl["download"] = download


def add_izo(world: SchoolWorld) -> None:
    """Daan (1B) on the shortened route: a traject opened by the zorgcoördinator; a partner
    organisation (GGD) and parental consent for a ZAT bespreking of Sanne. (Sanne's own
    aanmelding in world.bs stays a concept.)"""
    from izo_zat.models import Partnerorganisatie
    from izo_zat.toestemming.services import toestemming_vastleggen
    from izo_zat.traject.services import traject_verkort_openen
    from zorgroute.tenancy.db import tenant_context

    users = world.users
    today = timezone.localdate()
    with tenant_context(world.school.pk):
        traject = traject_verkort_openen(
            leerling=world.andere_leerling,
            reden="Acute zorg na een incident thuis; melden in het IZO van volgende week.",
            izo_datum=today + dt.timedelta(days=7),
            user=users["zorgcoordinator"],
        )
        partner = Partnerorganisatie.objects.create(
            school=world.school, naam="GGD Regio", soort="ggd"
        )
        toestemming = toestemming_vastleggen(
            leerling=world.leerling,
            doel="zat",
            gegeven_door="ouder",
            naam_gever="M. Jansen",
            gegeven_op=today,
            geldig_tot=today + dt.timedelta(days=365),
            user=users["zorgcoordinator"],
        )
    world.izo.update(traject=traject, partner=partner, toestemming=toestemming)
    add_izo_zat_overleg(world)


def add_izo_zat_overleg(world: SchoolWorld) -> None:
    """Daan's traject discussed in a planned IZO (report, a ZAT decision, a handelingsadvies)
    and, with his parents' consent, referred to the ZAT: a case shared with the ZAT-lid (a
    member of GGD Regio), a planned ZAT meeting with a report, an action of the plan van
    aanpak for the GGD and a referral out. The mentor, docent and teamleider have nothing to
    do with Daan (1B, other afdeling)."""
    from izo_zat.advies.services import handelingsadvies_create
    from izo_zat.overleg.services import izo_verslag_update, izobesluit_create, overleg_plannen
    from izo_zat.partners.services import partnerlid_create
    from izo_zat.toestemming.services import toestemming_vastleggen
    from izo_zat.zat.services import (
        doorverwijzing_create,
        traject_delen,
        zat_aanmelden,
        zat_actie_create,
        zat_verslag_update,
    )
    from zorgroute.tenancy.db import tenant_context

    users = world.users
    zorg = users["zorgcoordinator"]
    today = timezone.localdate()
    traject = world.izo["traject"]
    with tenant_context(world.school.pk):
        toestemming_daan = toestemming_vastleggen(
            leerling=world.andere_leerling,
            doel="zat",
            gegeven_door="ouder",
            naam_gever="P. Bakker",
            gegeven_op=today,
            geldig_tot=today + dt.timedelta(days=180),
            user=zorg,
        )
        izo = overleg_plannen(
            soort="izo",
            datum=traject.izo_datum,
            voorzitter=zorg,
            user=zorg,
            school_id=world.school.pk,
            deelnemer_ids=[users["teamleider"].pk],
        )
        verslag = izo_verslag_update(
            overleg=izo,
            traject=traject,
            version=None,
            velden={
                "analyse": "Spanningen thuis; Daan slaapt slecht en komt te laat.",
                "hulpvraag": "Help mij rustig te worden op school.",
                "samenvatting": "SMW-begeleiding; aanmelden bij het ZAT.",
                "evaluatiedatum": traject.izo_datum + dt.timedelta(days=42),
            },
            user=zorg,
        )
        zat_besluit = izobesluit_create(
            verslag=verslag,
            soort="zat",
            omschrijving="Hoe ondersteunen we het gezin bij de thuissituatie?",
            user=zorg,
        )
        advies = handelingsadvies_create(
            izo_verslag=verslag,
            tekst="Geef Daan een vaste plek bij de deur en een time-out-kaart.",
            bestemming="groepsplan",
            user=zorg,
        )
        casus = zat_aanmelden(izobesluit=zat_besluit, user=zorg)
        partnerlid = partnerlid_create(
            partner=world.izo["partner"], gebruiker=users["zat_lid"], functie="Jeugdarts"
        )
        grant = traject_delen(
            casus=casus,
            gebruiker=users["zat_lid"],
            geldig_tot=today + dt.timedelta(days=90),
            user=zorg,
        )
        zat_overleg = overleg_plannen(
            soort="zat",
            datum=today + dt.timedelta(days=14),
            voorzitter=zorg,
            user=zorg,
            school_id=world.school.pk,
            deelnemer_ids=[users["zat_lid"].pk],
        )
        zat_verslag = zat_verslag_update(
            overleg=zat_overleg,
            casus=casus,
            version=None,
            velden={"analyse": "Opvoedingsvragen thuis; school ziet vermoeidheid."},
            user=zorg,
        )
        actie = zat_actie_create(
            casus=casus,
            wat="Gesprek met ouders over slaap en opvoeding",
            partner=world.izo["partner"],
            deadline=today + dt.timedelta(days=21),
            user=zorg,
        )
        doorverwijzing = doorverwijzing_create(
            casus=casus, soort="opvoeding", toelichting="Via het CJG.", user=zorg
        )
        traject = type(traject).objects.get(pk=traject.pk)  # now at care level 3
    world.izo.update(
        traject=traject,
        toestemming_daan=toestemming_daan,
        overleg=izo,
        verslag=verslag,
        izobesluit=zat_besluit,
        advies=advies,
        casus=casus,
        partnerlid=partnerlid,
        grant=grant,
        zat_overleg=zat_overleg,
        zat_verslag=zat_verslag,
        zat_actie=actie,
        doorverwijzing=doorverwijzing,
    )


def add_besprekingen(world: SchoolWorld) -> None:
    """A planned groepsbespreking of 1A about the world's overview, chaired by the mentor with
    the class's teachers invited; a question of the docent about the pupil; an "aanmelden bij
    IZO" decision (with the mentor's action and prepared aanmelding); an action for the
    docent; and a bilateraal overleg of the mentor with the zorgcoördinator."""
    from besprekingen import rules as bs_rules
    from besprekingen.bilateraal import services as bs_bilateraal
    from besprekingen.plannen import services as bs_plannen
    from besprekingen.vergadering import services as bs_vergadering
    from izo_zat.aanmelding.services import aanmelding_voorbereiden
    from zorgroute.tenancy.db import tenant_context

    users = world.users
    today = timezone.localdate()
    with tenant_context(world.school.pk):
        bespreking = bs_plannen.bespreking_plannen(
            overzicht=world.go["overzicht"],
            datum=today + dt.timedelta(days=7),
            tijd=dt.time(15, 30),
            voorzitter=users["mentor"],
            user=users["mentor"],
        )
        inbreng = bs_plannen.inbreng_create(
            bespreking=bespreking,
            auteur=users["docent"],
            punt="vragen",
            tekst="Sanne haakt af bij lange teksten; wat werkt bij jullie?",
            leerling_id=world.leerling.pk,
        )
        besluit = bs_vergadering.besluit_vastleggen(
            bespreking=bespreking,
            punt="izo",
            leerling=world.leerling,
            soort="izo",
            tekst="Aanmelden bij het IZO: begrijpend lezen blijft achter.",
            user=users["mentor"],
        )
        aanmelding = aanmelding_voorbereiden(besluit=besluit, aanmelder=users["mentor"])
        actie = bs_rules.actie_create(
            bespreking=bespreking,
            omschrijving="Leesstrategieën bij Nederlands uitproberen",
            eigenaar=users["docent"],
            deadline=today + dt.timedelta(days=21),
            leerling_id=world.leerling.pk,
        )
        bilateraal = bs_bilateraal.bilateraal_vastleggen(
            leerling=world.leerling,
            met=users["zorgcoordinator"],
            datum=today - dt.timedelta(days=3),
            onderwerp="Concentratie in de les",
            afspraken="Sanne krijgt een vaste plek vooraan; over twee weken evalueren.",
            user=users["mentor"],
        )
    world.bs.update(
        bespreking=bespreking,
        inbreng=inbreng,
        besluit=besluit,
        actie=actie,
        aanmelding=aanmelding,
        bilateraal=bilateraal,
    )


def add_groepsplan(world: SchoolWorld) -> None:
    """A concept groepsplan of the world's overview with one subgroup (the pupil), a goal
    and a weekrooster item."""
    from groepsplan import models as gp
    from groepsplan import services as gp_services
    from zorgroute.tenancy.db import tenant_context

    with tenant_context(world.school.pk):
        plan = gp_services.groepsplan_create(
            groepsoverzicht=world.go["overzicht"], user=world.users["mentor"]
        )
        subgroep = gp_services.plangroep_create(
            groepsplan=plan,
            deel="basis",
            soort="sub",
            naam="Subgroep begrijpend lezen",
            leerling_ids=[world.leerling.pk],
        )
        doel = gp.Plandoel.objects.create(
            school=world.school,
            plangroep=subgroep,
            tekst="Voor 1-12 leest Sanne een tekst van 1 A4 en vat die in 3 zinnen samen.",
        )
        roosteritem = gp.Roosteritem.objects.create(
            school=world.school,
            plangroep=subgroep,
            dag=2,
            moment="3e uur",
            docent=world.users["docent"],
            omschrijving="Verlengde instructie begrijpend lezen",
        )
    world.gp.update(plan=plan, subgroep=subgroep, doel=doel, roosteritem=roosteritem)


def add_ihp_opp(world: SchoolWorld) -> None:
    """An IHP for the pupil as an appendix to the world's plan, and the pupil's OPP (support
    started four weeks ago, not yet set)."""
    from groepsplan.ihp_opp import services as ihp_opp
    from zorgroute.tenancy.db import tenant_context

    with tenant_context(world.school.pk):
        ihp = ihp_opp.ihp_create(
            groepsplan=world.gp["plan"],
            leerling=world.leerling,
            user=world.users["mentor"],
            doelen="Sanne vat voor 1-12 een tekst van 1 A4 samen in 3 zinnen.",
        )
        opp = ihp_opp.opp_create(
            leerling=world.leerling,
            user=world.users["zorgcoordinator"],
            startdatum_ondersteuning=timezone.localdate() - dt.timedelta(weeks=4),
            uitstroomniveau="vmbo-gt",
            handelingsdeel="Twee keer per week begeleiding bij begrijpend lezen.",
        )
    world.gp.update(ihp=ihp, opp=opp)


def add_groepsoverzicht(world: SchoolWorld) -> None:
    """A cyclus A overview of the mentor's class with one row of each kind of content."""
    from groepsoverzicht import models as go

    school = world.school
    mk = f.create_in_school
    instrument = mk(
        go.Meetinstrument, school=school, naam="Cito VAS", soort="basis", schaal="niveau_i_v"
    )
    domein = mk(go.Domein, school=school, instrument=instrument, code="BL", naam="Begrijpend lezen")
    toetsmoment = mk(
        go.Toetsmoment,
        school=school,
        instrument=instrument,
        naam="M1",
        datum=world.schooljaar.startdatum + dt.timedelta(days=30),
    )
    resultaat = mk(
        go.Resultaat,
        school=school,
        leerling=world.leerling,
        domein=domein,
        toetsmoment=toetsmoment,
        waarde="IV",
        rang=2,
        bron="handmatig",
    )
    ijkpunt = mk(
        go.Ijkpunt,
        school=school,
        domein=domein,
        soort="onder",
        drempel="III",
        drempel_rang=3,
        reden="achterstand",
    )
    hulpzin = mk(
        go.Hulpzin,
        school=school,
        categorie="een instructie nodig die",
        tekst="kort en duidelijk is",
    )
    overzicht = mk(
        go.Groepsoverzicht,
        school=school,
        groep=world.groep,
        periode=world.periode,
        cyclus="A",
        aangemaakt_door=world.users["mentor"],
    )
    regel = mk(go.Overzichtregel, school=school, groepsoverzicht=overzicht, leerling=world.leerling)
    signalering = mk(
        go.Signalering,
        school=school,
        regel=regel,
        reden="achterstand",
        uitleg="BL: IV, onder het ijkpunt III",
        ijkpunt=ijkpunt,
    )
    behoefte = mk(
        go.Onderwijsbehoefte,
        school=school,
        regel=regel,
        soort="didactisch",
        domein=domein,
        doel="",
        behoefte="een instructie nodig die kort en duidelijk is",
    )
    opmerking = mk(
        go.Opmerking,
        school=school,
        groepsoverzicht=overzicht,
        leerling=world.leerling,
        auteur=world.users["docent"],
        tekst="Sanne haakt af bij lange teksten.",
    )
    cruciaal_moment = mk(
        go.CruciaalMoment,
        school=school,
        naam="Overgang bovenbouw",
        leerjaar=world.groep.leerjaar,
        maand=6,
        domein=domein,
    )
    world.go.update(
        cruciaal_moment=cruciaal_moment,
        instrument=instrument,
        domein=domein,
        toetsmoment=toetsmoment,
        resultaat=resultaat,
        ijkpunt=ijkpunt,
        hulpzin=hulpzin,
        overzicht=overzicht,
        regel=regel,
        signalering=signalering,
        behoefte=behoefte,
        opmerking=opmerking,
    )


#: Every persona; "outsider" is a user of the other school with every role there.
PERSONAS = [
    "mentor",
    "docent",
    "zorgcoordinator",
    "teamleider",
    "schoolleider",
    "zat_lid",
    "beheerder",
    "outsider",
]


#: The privacy officer of issue 19: in every school's world, checked against every page by
#: test_role_matrix.PRIVACY_ROWS (kept out of PERSONAS so existing rows keep their width).
PRIVACY_PERSONA = "privacy"


def add_outsider(home: SchoolWorld, other: SchoolWorld) -> m.Gebruiker:
    """A user with every role in `other` and nothing in `home`."""
    outsider = f.GebruikerFactory(email=f"outsider@{other.school.slug}.example.org")
    for rol in m.Rol.values:
        f.LidmaatschapFactory(school=other.school, gebruiker=outsider, rol=rol)
    f.MentoraatFactory(groep=other.groep, gebruiker=outsider)
    home.users["outsider"] = outsider
    return outsider
