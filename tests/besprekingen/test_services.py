"""Besprekingen services and selectors: planning, the agenda pre-filled from the data, the
checklist, decisions and actions with their owners, closing and the report mail, bilateral
overleggen, the dossier timeline and who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from besprekingen import rules, selectors
from besprekingen.access import visible_besprekingen
from besprekingen.bilateraal import services as bilateraal_services
from besprekingen.models import Actie, ActieStatus, Besluit, Status
from besprekingen.plannen import services as plannen_services
from besprekingen.tasks import verslag_versturen
from besprekingen.vergadering import services as vergadering_services
from groepsoverzicht import services as go_services
from groepsoverzicht.models import Overzichtregel, SignaalStatus, Signalering
from groepsplan import models as gp
from groepsplan import services as gp_services
from izo_zat.models import Aanmelding
from zorgroute import models as m
from zorgroute.tenancy.context import TenantContext
from zorgroute.versioning import StaleVersion

from .. import factories as f
from ..world import SchoolWorld


def ctx_for(world: SchoolWorld, persona: str) -> TenantContext:
    """The tenant context a request of this persona would get."""
    user = world.users[persona]
    lidmaatschappen = list(
        m.Lidmaatschap.objects.filter(gebruiker=user, school=world.school).select_related(
            "afdeling"
        )
    )
    return TenantContext.build(world.school, user, lidmaatschappen)


@pytest.fixture
def ctx(world: SchoolWorld, in_school: Any):  # type: ignore[no-untyped-def]
    def _ctx(persona: str) -> TenantContext:
        with in_school(world.school):
            return ctx_for(world, persona)

    return _ctx


def _bevestig(world: SchoolWorld) -> None:
    go_services.signalering_besluiten(
        signalering=world.go["signalering"],
        status=SignaalStatus.BEVESTIGD,
        user=world.users["mentor"],
    )


# --- planning --------------------------------------------------------------------------------


def test_planning_invites_the_mentor_and_every_teacher_of_the_class(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        bespreking = world.bs["bespreking"]
        ids = set(bespreking.deelnemers.values_list("gebruiker_id", flat=True))
    assert ids == {world.users["mentor"].pk, world.users["docent"].pk}
    assert bespreking.status == Status.GEPLAND


def test_a_groepsbespreking_is_chaired_by_the_mentor_or_a_teamleider(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        with pytest.raises(ValidationError) as exc:
            plannen_services.bespreking_plannen(
                overzicht=world.go["overzicht"],
                datum=timezone.localdate(),
                tijd=None,
                voorzitter=world.users["docent"],
                user=world.users["mentor"],
            )
        assert "voorzitter" in exc.value.message_dict
        bespreking = plannen_services.bespreking_plannen(
            overzicht=world.go["overzicht"],
            datum=timezone.localdate(),
            tijd=None,
            voorzitter=world.users["teamleider"],
            zorgteam_ids=[world.users["zorgcoordinator"].pk],
            user=world.users["teamleider"],
        )
        zorgteam = bespreking.deelnemers.get(gebruiker=world.users["zorgcoordinator"])
        chair = bespreking.deelnemers.filter(gebruiker=world.users["teamleider"]).exists()
    assert zorgteam.zorgteam is True
    assert chair


def test_attendees_from_another_school_are_refused(
    world: SchoolWorld, school_b: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school), pytest.raises(ValidationError) as exc:
        plannen_services.bespreking_plannen(
            overzicht=world.go["overzicht"],
            datum=timezone.localdate(),
            tijd=None,
            voorzitter=world.users["mentor"],
            deelnemer_ids=[school_b.users["docent"].pk],
            user=world.users["mentor"],
        )
    assert "deelnemers" in exc.value.message_dict


# --- the pre-filled agenda and checklist ----------------------------------------------------


def test_agenda_lists_signalled_pupils_with_reasons_and_incomplete_needs(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    with in_school(world.school):
        before = selectors.voorbereiding(ctx("mentor"), world.bs["bespreking"])
        _bevestig(world)
        v = selectors.voorbereiding(ctx("mentor"), world.bs["bespreking"])
    # A proposal is on the agenda (to confirm or reject), and the checklist says so.
    assert [r.regel.leerling_id for r in before.gesignaleerd] == [world.leerling.pk]
    signaleren = next(c for c in before.checklist if c.punt == "signaleren")
    assert signaleren.klaar is False and "1 voorstel" in signaleren.basis
    # Confirmed: the reason shows, and the need without a goal is incomplete.
    rij = v.gesignaleerd[0]
    assert rij.signaleringen[0].uitleg == "BL: IV, onder het ijkpunt III"
    assert [r.regel.leerling_id for r in v.onvolledig] == [world.leerling.pk]
    checks = {c.punt: c for c in v.checklist}
    assert checks["signaleren"].klaar is True
    assert checks["behoeften"].klaar is False
    assert "1 leerling" in checks["behoeften"].basis
    assert checks["vorig_plan"].klaar is None  # no previous plan
    assert checks["aandachtspunten"].klaar is False
    # The plan of this overview is the proposed clustering.
    assert [g.naam for g in v.plangroepen if g.soort == "sub"] == ["Subgroep begrijpend lezen"]
    assert checks["clusteren"].klaar is True
    # The docent's question is on the agenda under "vragen".
    assert [i.tekst for i in v.verslag.inbreng_bij("vragen")] == [world.bs["inbreng"].tekst]


def _vorige_cyclus(world: SchoolWorld, *, resultaat: str) -> gp.Groepsplan:
    """A previous period's overview and plan of 1A in which Sanne's goal was evaluated."""
    periode0 = f.PeriodeFactory(
        schooljaar=world.schooljaar,
        naam="Cyclus 0",
        startdatum=world.periode.startdatum - dt.timedelta(days=70),
        einddatum=world.periode.startdatum - dt.timedelta(days=1),
    )
    overzicht0 = go_services.groepsoverzicht_create(
        groep=world.groep, periode=periode0, cyclus="A", user=world.users["mentor"]
    )
    # (Sanne's plaatsing starts today in the test world, so her row is added by hand.)
    Overzichtregel.objects.get_or_create(
        school=world.school, groepsoverzicht=overzicht0, leerling=world.leerling
    )
    plan0 = gp_services.groepsplan_create(groepsoverzicht=overzicht0, user=world.users["mentor"])
    sub = gp_services.plangroep_create(
        groepsplan=plan0, deel="basis", soort="sub", naam="Lezen", leerling_ids=[world.leerling.pk]
    )
    doel = gp.Plandoel.objects.create(school=world.school, plangroep=sub, tekst="Samenvatten")
    gp.Doelevaluatie.objects.create(
        school=world.school,
        doel=doel,
        leerling=world.leerling,
        resultaat=resultaat,
        vervolg="bijstellen",
        geevalueerd_door=world.users["mentor"],
    )
    overzicht = world.go["overzicht"]
    overzicht.vorige = overzicht0
    overzicht.save()
    return plan0


def test_agenda_shows_the_previous_plan_and_izo_candidates(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    with in_school(world.school):
        plan0 = _vorige_cyclus(world, resultaat="niet")
        _bevestig(world)
        v = selectors.voorbereiding(ctx("mentor"), world.bs["bespreking"])
    assert v.vorig_plan == plan0
    assert v.vorig_voortgang is not None and v.vorig_voortgang.totaal == 2
    assert v.vorig_voortgang.geevalueerd == 1
    vorig = next(c for c in v.checklist if c.punt == "vorig_plan")
    assert vorig.klaar is False and "1 van 2" in vorig.basis
    [kandidaat] = v.kandidaten
    assert kandidaat.rij.regel.leerling_id == world.leerling.pk
    assert "doel in het vorige groepsplan niet bereikt" in kandidaat.redenen
    assert "bilateraal overleg met het zorgteam" in kandidaat.redenen


def test_pupils_who_reached_their_goals_are_no_candidates(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    with in_school(world.school):
        _vorige_cyclus(world, resultaat="bereikt")
        Besluit.objects.filter(soort="bilateraal").delete()
        Actie.objects.filter(bespreking=world.bs["bilateraal"]).delete()
        world.bs["bilateraal"].delete()
        _bevestig(world)
        v = selectors.voorbereiding(ctx("mentor"), world.bs["bespreking"])
    assert v.kandidaten == []


def test_in_meeting_changes_land_in_the_overview_with_history(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    """The meeting has no copy: the agenda reads the overview itself, and a change made
    during the meeting (through the overview's own services) is versioned there."""
    signalering, behoefte = world.go["signalering"], world.go["behoefte"]
    with in_school(world.school):
        signaal_versies = signalering.history.count()
        behoefte_versies = behoefte.history.count()
        _bevestig(world)
        go_services.onderwijsbehoefte_update(
            behoefte=behoefte,
            version=behoefte.versie,
            values={"doel": "Voor de kerst vat Sanne een tekst van 1 A4 samen in 3 zinnen."},
            user=world.users["mentor"],
        )
        v = selectors.voorbereiding(ctx("mentor"), world.bs["bespreking"])
        assert Signalering.objects.get(pk=signalering.pk).history.count() == signaal_versies + 1
        assert behoefte.history.count() == behoefte_versies + 1
    assert v.gesignaleerd[0].signaleringen[0].pk == signalering.pk
    assert v.onvolledig == []  # the goal added in the meeting completes the need
    assert next(c for c in v.checklist if c.punt == "behoeften").klaar is True


# --- decisions, actions, closing ---------------------------------------------------------------


def test_an_izo_decision_gives_the_mentor_an_action_and_a_prepared_aanmelding(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with in_school(world.school):
        with django_capture_on_commit_callbacks(execute=True):
            besluit = vergadering_services.besluit_vastleggen(
                bespreking=world.bs["bespreking"],
                punt="izo",
                leerling=world.leerling,
                soort="izo",
                tekst="Aanmelden: lezen blijft achter ondanks twee cycli extra instructie.",
                user=world.users["teamleider"],
            )
        actie = Actie.objects.get(besluit=besluit)
        aanmelding = Aanmelding.objects.get(besluit=besluit)
    assert actie.eigenaar == world.users["mentor"]
    assert actie.leerling_id == world.leerling.pk
    assert aanmelding.aanmelder == world.users["mentor"]
    assert aanmelding.status == "concept"


def test_decisions_are_only_about_pupils_of_the_class(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school), pytest.raises(ValidationError) as exc:
        vergadering_services.besluit_vastleggen(
            bespreking=world.bs["bespreking"],
            punt="signaleren",
            leerling=world.andere_leerling,
            soort="afspraak",
            tekst="Daan krijgt extra instructie.",
            user=world.users["mentor"],
        )
    assert "leerling" in exc.value.message_dict


def test_actions_belong_to_their_owner_until_done(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    docent = world.users["docent"]
    with in_school(world.school):
        [actie] = selectors.mijn_acties(ctx("docent"))
        assert actie == world.bs["actie"] and actie.leerling_zichtbaar
        assert list(selectors.mijn_acties(ctx("teamleider"))) == []
        vergadering_services.actie_afvinken(
            actie=world.bs["actie"], gedaan=True, user=docent, version=None
        )
        assert list(selectors.mijn_acties(ctx("docent"))) == []
        done = Actie.objects.get(pk=world.bs["actie"].pk)
    assert done.status == ActieStatus.GEDAAN and done.gedaan_door == docent


def test_an_action_owner_must_be_staff_of_the_school(
    world: SchoolWorld, school_b: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school), pytest.raises(ValidationError) as exc:
        rules.actie_create(
            bespreking=world.bs["bespreking"],
            omschrijving="Contact opnemen met ouders",
            eigenaar=school_b.users["mentor"],
            deadline=timezone.localdate(),
        )
    assert "eigenaar" in exc.value.message_dict


def test_verslagpunt_never_overwrites_a_colleagues_newer_text(
    world: SchoolWorld, in_school: Any
) -> None:
    bespreking = world.bs["bespreking"]
    with in_school(world.school):
        eerste = vergadering_services.verslagpunt_update(
            bespreking=bespreking,
            punt="aandachtspunten",
            tekst="Plannen van huiswerk",
            version=0,
            user=world.users["mentor"],
        )
        with pytest.raises(StaleVersion) as exc:
            vergadering_services.verslagpunt_update(
                bespreking=bespreking,
                punt="aandachtspunten",
                tekst="Samenwerken",
                version=0,
                user=world.users["teamleider"],
            )
        assert exc.value.current.tekst == "Plannen van huiswerk"
        tweede = vergadering_services.verslagpunt_update(
            bespreking=bespreking,
            punt="aandachtspunten",
            tekst="Plannen van huiswerk en samenwerken",
            version=eerste.versie,
            user=world.users["teamleider"],
        )
        assert tweede.history.count() == 2
    assert tweede.tekst == "Plannen van huiswerk en samenwerken"


def test_closing_sends_each_attendee_the_report_once(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    bespreking = world.bs["bespreking"]
    with in_school(world.school):
        with pytest.raises(ValidationError):
            vergadering_services.bespreking_afsluiten(
                bespreking=bespreking, samenvatting="  ", version=None, user=world.users["mentor"]
            )
        with django_capture_on_commit_callbacks(execute=True):
            vergadering_services.bespreking_afsluiten(
                bespreking=bespreking,
                samenvatting="Sanne wordt aangemeld bij het IZO.",
                version=None,
                user=world.users["mentor"],
            )
    assert sorted(mail.outbox[i].to[0] for i in range(len(mail.outbox))) == sorted(
        [world.users["mentor"].email, world.users["docent"].email]
    )
    docent_mail = next(msg for msg in mail.outbox if msg.to == [world.users["docent"].email])
    assert world.bs["actie"].omschrijving in docent_mail.body
    # A retry of the task sends nothing twice.
    assert verslag_versturen(bespreking_id=bespreking.pk, school_id=world.school.pk) == 0
    assert len(mail.outbox) == 2
    with in_school(world.school), pytest.raises(ValidationError):
        plannen_services.inbreng_create(
            bespreking=bespreking, auteur=world.users["docent"], punt="vragen", tekst="Nog iets"
        )


# --- bilateraal overleg -------------------------------------------------------------------------


def test_a_bilateral_overleg_is_on_the_next_agenda_until_evaluated(
    world: SchoolWorld, in_school: Any
) -> None:
    bilateraal, bespreking = world.bs["bilateraal"], world.bs["bespreking"]
    with in_school(world.school):
        assert selectors.open_bilaterale_overleggen(bespreking) == [bilateraal]
        vergadering_services.besluit_vastleggen(
            bespreking=bespreking,
            punt="bilateraal",
            leerling=world.leerling,
            soort="evaluatie",
            tekst="De vaste plek helpt; zo houden.",
            evalueert=bilateraal,
            user=world.users["mentor"],
        )
        # Still open until the meeting that evaluated it is closed …
        assert selectors.open_bilaterale_overleggen(bespreking) == [bilateraal]
        vergadering_services.bespreking_afsluiten(
            bespreking=bespreking,
            samenvatting="Zie afspraken.",
            version=None,
            user=world.users["mentor"],
        )
        volgende = plannen_services.bespreking_plannen(
            overzicht=world.go["overzicht"],
            datum=timezone.localdate() + dt.timedelta(days=60),
            tijd=None,
            voorzitter=world.users["mentor"],
            user=world.users["mentor"],
        )
        # … and then gone from the next one.
        assert selectors.open_bilaterale_overleggen(volgende) == []


def test_a_bilateral_overleg_needs_a_counterpart_and_agreements(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        with pytest.raises(ValidationError) as exc:
            bilateraal_services.bilateraal_vastleggen(
                leerling=world.leerling,
                met=world.users["mentor"],
                datum=timezone.localdate(),
                onderwerp="",
                afspraken="Iets",
                user=world.users["mentor"],
            )
        assert "met" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            bilateraal_services.bilateraal_vastleggen(
                leerling=world.leerling,
                met=world.users["zorgcoordinator"],
                datum=timezone.localdate(),
                onderwerp="",
                afspraken=" ",
                user=world.users["mentor"],
            )
        assert "afspraken" in exc.value.message_dict


# --- who sees what -------------------------------------------------------------------------------


def test_the_dossier_timeline_lists_every_item_about_the_pupil_in_date_order(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    with in_school(world.school):
        items = selectors.dossier_tijdlijn(ctx("mentor"), world.leerling)
    soorten = [(i.bespreking.soort, i.soort) for i in items]
    # The planned meeting (next week) first, then the bilateral overleg (three days ago).
    # (two actions: the docent's, and the mentor's from the IZO decision)
    assert sorted(soorten[:4]) == [
        ("groep", "actie"),
        ("groep", "actie"),
        ("groep", "besluit"),
        ("groep", "inbreng"),
    ]
    assert soorten[-1] == ("bilateraal", "besluit")
    datums = [i.datum for i in items]
    assert datums == sorted(datums, reverse=True)


def test_a_docent_not_teaching_the_pupil_sees_nothing_of_it(
    world: SchoolWorld, in_school: Any
) -> None:
    vreemde = f.GebruikerFactory(email="vreemd@alfa.example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=vreemde, rol=m.Rol.DOCENT)
    lesgroep_1b = f.LesgroepFactory(groep=world.andere_groep, vak=world.vak, naam="1B-ne")
    f.LesgroepdocentFactory(lesgroep=lesgroep_1b, gebruiker=vreemde)
    with in_school(world.school):
        lid = list(m.Lidmaatschap.objects.filter(gebruiker=vreemde))
        ctx = TenantContext.build(world.school, vreemde, lid)
        assert list(visible_besprekingen(ctx)) == []
        assert selectors.dossier_tijdlijn(ctx, world.leerling) == []
        assert list(selectors.mijn_besprekingen(ctx)) == []


def test_the_docent_of_the_class_sees_the_meeting_and_the_bilateral_record(
    world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    with in_school(world.school):
        zichtbaar = set(visible_besprekingen(ctx("docent")))
        assert list(selectors.mijn_besprekingen(ctx("docent"))) == [world.bs["bespreking"]]
    assert zichtbaar == {world.bs["bespreking"], world.bs["bilateraal"]}


@pytest.mark.parametrize("persona", ["schoolleider", "zat_lid", "beheerder"])
def test_roles_without_care_meetings_see_none(
    persona: str, world: SchoolWorld, in_school: Any, ctx: Any
) -> None:
    with in_school(world.school):
        assert list(visible_besprekingen(ctx(persona))) == []
        assert selectors.dossier_tijdlijn(ctx(persona), world.leerling) == []
