"""The to-do list is derived from the data: items appear before their deadline and vanish
the moment the work is done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from groepsoverzicht.models import SignaalStatus, Signalering
from groepsplan import services as gp_services
from groepsplan.models import Groepsplan, PlanStatus
from planning.taken import BINNENKORT, GEPLAND, HORIZON, TE_LAAT, Taak, alle_taken

from ..world import SchoolWorld


def _dag(world: SchoolWorld, dagen: int) -> dt.date:
    return world.periode.startdatum + dt.timedelta(days=dagen)


def _mentor_taken(world: SchoolWorld, vandaag: dt.date) -> dict[str, Taak]:
    taken = alle_taken(world.school, vandaag, gebruiker_id=world.users["mentor"].pk)
    return {t.soort: t for t in taken if t.groep_id == world.groep.pk}


def test_cycle_steps_show_within_the_horizon_with_their_status(
    world: SchoolWorld, in_school: Any
) -> None:
    planning = world.pl["cyclusplanning"]
    with in_school(world.school):
        # Day 1: only the overview (due in two weeks) is within the two-week horizon.
        assert planning.groepsoverzicht - _dag(world, 0) == HORIZON
        taken = _mentor_taken(world, _dag(world, 0))
        assert set(taken) == {"groepsoverzicht"}
        overzicht = taken["groepsoverzicht"]
        assert overzicht.deadline == planning.groepsoverzicht
        assert "signaleringsvoorstellen" in overzicht.uitleg  # the world's open proposal
        assert overzicht.eigenaar_ids == frozenset({world.users["mentor"].pk})
        assert overzicht.status(_dag(world, 0)) == GEPLAND
        assert overzicht.status(planning.groepsoverzicht - dt.timedelta(days=2)) == BINNENKORT
        assert overzicht.status(planning.groepsoverzicht + dt.timedelta(days=1)) == TE_LAAT
        # Four weeks in: every step up to the plan is due or late.
        taken = _mentor_taken(world, _dag(world, 28))
        assert {"groepsoverzicht", "groepsbespreking", "groepsplan"} <= set(taken)
        assert "voorbereiden" in taken["groepsbespreking"].titel  # the world's planned meeting
        assert taken["groepsplan"].titel.startswith("Groepsplan 1A")


def test_items_vanish_when_the_work_is_done(world: SchoolWorld, in_school: Any) -> None:
    vandaag = _dag(world, 28)
    with in_school(world.school):
        Signalering.objects.filter(regel__groepsoverzicht=world.go["overzicht"]).update(
            status=SignaalStatus.AFGEWEZEN
        )
        assert "groepsoverzicht" not in _mentor_taken(world, vandaag)
        plan = world.gp["plan"]
        gp_services.groepsplan_activeren(groepsplan=plan)
        taken = _mentor_taken(world, vandaag)
        assert "groepsplan" not in taken
        # The eindevaluatie is not in view yet: the plan ends ten weeks after the start.
        assert "eindevaluatie" not in taken
        eind = _mentor_taken(world, world.periode.einddatum - dt.timedelta(days=3))
        assert eind["eindevaluatie"].deadline == world.periode.einddatum
        Groepsplan.objects.filter(pk=plan.pk).update(status=PlanStatus.GEEVALUEERD)
        assert "eindevaluatie" not in _mentor_taken(world, world.periode.einddatum)


def test_tussenevaluatie_is_done_by_a_logbook_note(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        plan = world.gp["plan"]
        tussen = world.periode.startdatum + dt.timedelta(days=35)
        Groepsplan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.ACTIEF, tussenevaluatie=tussen
        )
        assert "tussenevaluatie" in _mentor_taken(world, tussen)
        gp_services.logboek_create(
            groepsplan=plan, auteur=world.users["mentor"], tekst="Halverwege: de subgroep loopt."
        )
        from groepsplan.models import Logboekregel

        Logboekregel.objects.filter(groepsplan=plan).update(datum=tussen - dt.timedelta(days=2))
        assert "tussenevaluatie" not in _mentor_taken(world, tussen)


def test_other_people_do_not_get_the_mentors_items(world: SchoolWorld, in_school: Any) -> None:
    vandaag = _dag(world, 28)
    with in_school(world.school):
        docent = alle_taken(world.school, vandaag, gebruiker_id=world.users["docent"].pk)
        # The docent has the action from the meeting, none of the class's cycle steps.
        assert {t.soort for t in docent} <= {"actie"}
        zorg = alle_taken(
            world.school,
            vandaag,
            gebruiker_id=world.users["zorgcoordinator"].pk,
            zorgcoordinator=True,
        )
        assert not [t for t in zorg if t.soort in ("groepsoverzicht", "groepsplan")]


def test_actions_from_meetings_until_done(world: SchoolWorld, in_school: Any) -> None:
    actie = world.bs["actie"]
    with in_school(world.school):
        taken = alle_taken(world.school, actie.deadline, gebruiker_id=world.users["docent"].pk)
        assert [t.sleutel for t in taken] == [f"actie:{actie.pk}"]
        assert taken[0].mailtitel.startswith("Actie uit groepsbespreking")
        assert "Sanne" not in taken[0].mailtitel  # no care content in e-mails
        actie.status = "gedaan"
        actie.save()
        assert alle_taken(world.school, actie.deadline, gebruiker_id=world.users["docent"].pk) == []


def test_opp_deadline_is_the_zorgcoordinators(world: SchoolWorld, in_school: Any) -> None:
    opp = world.gp["opp"]
    with in_school(world.school):
        from groepsplan.ihp_opp.selectors import opp_status

        termijn = opp_status(opp, dt.date.today()).termijn
        assert termijn is not None
        zorg = alle_taken(
            world.school,
            termijn - dt.timedelta(days=1),
            gebruiker_id=world.users["zorgcoordinator"].pk,
            zorgcoordinator=True,
        )
        opp_taken = [t for t in zorg if t.soort == "opp"]
        assert len(opp_taken) == 1 and opp_taken[0].deadline == termijn
        assert opp_taken[0].mailtitel in ("Een OPP vaststellen", "Een OPP evalueren")
        mentor = alle_taken(world.school, termijn, gebruiker_id=world.users["mentor"].pk)
        assert not [t for t in mentor if t.soort == "opp"]


@pytest.mark.parametrize("dagen", [0, 3, 10])
def test_school_wide_list_has_the_same_items_as_the_owners(
    world: SchoolWorld, in_school: Any, dagen: int
) -> None:
    vandaag = _dag(world, dagen)
    with in_school(world.school):
        alles = alle_taken(world.school, vandaag)
        mentor = {t.sleutel for t in alles if world.users["mentor"].pk in t.eigenaar_ids}
        eigen = {
            t.sleutel
            for t in alle_taken(world.school, vandaag, gebruiker_id=world.users["mentor"].pk)
        }
        assert mentor == eigen


def test_subject_plan_evaluations_are_the_lesgroep_teachers(
    world: SchoolWorld, in_school: Any
) -> None:
    from groepsoverzicht.models import Groepsoverzicht

    docent = world.users["docent"]
    with in_school(world.school):
        overzicht = Groepsoverzicht.objects.create(
            school=world.school,
            groep=world.groep,
            periode=world.periode,
            cyclus="B",
            lesgroep=world.lesgroep,
            aangemaakt_door=docent,
        )
        plan = gp_services.groepsplan_create(groepsoverzicht=overzicht, user=docent)
        tussen = world.periode.startdatum + dt.timedelta(days=30)
        Groepsplan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.ACTIEF, tussenevaluatie=tussen
        )
        taken = alle_taken(world.school, tussen, gebruiker_id=docent.pk)
        assert [t.titel for t in taken if t.soort == "tussenevaluatie"] == [
            "Tussenevaluatie groepsplan 1A-ne (Cyclus 1)"
        ]
        eind = alle_taken(world.school, plan.einddatum, gebruiker_id=docent.pk)
        assert [t.sleutel for t in eind if t.soort == "eindevaluatie"] == [
            f"eindevaluatie:plan:{plan.pk}"
        ]
        assert eind[0].eigenaar_ids == frozenset({docent.pk})
        # The mentor (not a teacher of the lesgroep) does not get the subject plan's items.
        mentor = alle_taken(world.school, plan.einddatum, gebruiker_id=world.users["mentor"].pk)
        assert f"eindevaluatie:plan:{plan.pk}" not in {t.sleutel for t in mentor}
