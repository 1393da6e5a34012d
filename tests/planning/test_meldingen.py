"""The daily deadline check with frozen time: a reminder before the deadline, a notice when
it passed, the teamleider after the grace period, each exactly once; the weekly digest once
a week and never for who opted out."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail

from planning import services
from planning.models import Fase, Melding
from planning.tasks import deadlines_school, weekoverzicht_school

from ..world import SchoolWorld


def _om_negen(dag: dt.date) -> dt.datetime:
    return dt.datetime.combine(dag, dt.time(9, 0), tzinfo=dt.UTC)


def _check(world: SchoolWorld, dag: dt.date, capture: Any) -> int:
    """Run the beat task of one school on `dag` (frozen), mails included."""
    with time_machine.travel(_om_negen(dag), tick=False), capture(execute=True):
        return deadlines_school.delay(school_id=world.school.pk).get()


def _meldingen(world: SchoolWorld, in_school: Any, **filters: Any) -> list[Melding]:
    with in_school(world.school):
        return list(Melding.objects.filter(**filters).order_by("pk"))


def test_reminder_overdue_and_escalation_each_once(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    deadline = world.pl["cyclusplanning"].groepsoverzicht
    mentor, teamleider = world.users["mentor"], world.users["teamleider"]
    sleutel = f"groepsoverzicht:{world.groep.pk}:{world.periode.pk}"

    # A week before: nothing yet (the reminder comes 3 days before, the default).
    _check(world, deadline - dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert _meldingen(world, in_school, sleutel=sleutel) == []

    # Three days before: one reminder, in one e-mail to the mentor.
    _check(world, deadline - dt.timedelta(days=3), django_capture_on_commit_callbacks)
    eerste = _meldingen(world, in_school, sleutel=sleutel)
    assert [(m.ontvanger_id, m.fase) for m in eerste] == [(mentor.pk, Fase.BINNENKORT)]
    assert eerste[0].verzonden_op is not None
    aan_mentor = [m for m in mail.outbox if m.to == [mentor.email]]
    assert len(aan_mentor) == 1
    assert "Groepsoverzicht 1A (Cyclus 1) afmaken" in aan_mentor[0].body
    assert world.leerling.achternaam not in aan_mentor[0].body  # no care content

    # The same day again, and the day after: nothing new, no mail.
    before = len(mail.outbox)
    _check(world, deadline - dt.timedelta(days=3), django_capture_on_commit_callbacks)
    _check(world, deadline - dt.timedelta(days=2), django_capture_on_commit_callbacks)
    assert len(_meldingen(world, in_school, sleutel=sleutel)) == 1
    assert len(mail.outbox) == before

    # The day after the deadline: one overdue notice; still nothing for the teamleider.
    _check(world, deadline + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    _check(world, deadline + dt.timedelta(days=2), django_capture_on_commit_callbacks)
    fasen = [(m.ontvanger_id, m.fase) for m in _meldingen(world, in_school, sleutel=sleutel)]
    assert fasen == [(mentor.pk, Fase.BINNENKORT), (mentor.pk, Fase.TE_LAAT)]

    # More than the grace period (5 days) late: the teamleider of the afdeling, once.
    _check(world, deadline + dt.timedelta(days=6), django_capture_on_commit_callbacks)
    _check(world, deadline + dt.timedelta(days=9), django_capture_on_commit_callbacks)
    escalaties = _meldingen(world, in_school, sleutel=sleutel, fase=Fase.ESCALATIE)
    assert [m.ontvanger_id for m in escalaties] == [teamleider.pk]
    assert "6 dagen te laat" in escalaties[0].titel
    aan_teamleider = [m for m in mail.outbox if m.to == [teamleider.email]]
    assert len(aan_teamleider) == 1 and "te laat" in aan_teamleider[0].subject


def test_grace_period_and_reminder_days_are_the_schools(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with in_school(world.school):
        services.instelling_update(
            school=world.school, version=None, herinnering_dagen=7, escalatie_dagen=1
        )
    deadline = world.pl["cyclusplanning"].groepsoverzicht
    sleutel = f"groepsoverzicht:{world.groep.pk}:{world.periode.pk}"
    _check(world, deadline - dt.timedelta(days=7), django_capture_on_commit_callbacks)
    assert [m.fase for m in _meldingen(world, in_school, sleutel=sleutel)] == [Fase.BINNENKORT]
    _check(world, deadline + dt.timedelta(days=2), django_capture_on_commit_callbacks)
    assert {m.fase for m in _meldingen(world, in_school, sleutel=sleutel)} == {
        Fase.BINNENKORT,
        Fase.TE_LAAT,
        Fase.ESCALATIE,
    }


def test_done_work_gets_no_more_notifications(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from groepsoverzicht.models import SignaalStatus, Signalering

    deadline = world.pl["cyclusplanning"].groepsoverzicht
    sleutel = f"groepsoverzicht:{world.groep.pk}:{world.periode.pk}"
    _check(world, deadline - dt.timedelta(days=1), django_capture_on_commit_callbacks)
    with in_school(world.school):
        Signalering.objects.update(status=SignaalStatus.BEVESTIGD)
        world.go["behoefte"].doel = "Voor de kerst leest Sanne zelfstandig een A4."
        world.go["behoefte"].save()
    _check(world, deadline + dt.timedelta(days=8), django_capture_on_commit_callbacks)
    assert [m.fase for m in _meldingen(world, in_school, sleutel=sleutel)] == [Fase.BINNENKORT]


def test_a_redelivered_mail_task_sends_nothing_twice(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from planning.tasks import meldingen_versturen

    deadline = world.pl["cyclusplanning"].groepsoverzicht
    _check(world, deadline - dt.timedelta(days=1), django_capture_on_commit_callbacks)
    before = len(mail.outbox)
    again = meldingen_versturen.delay(
        school_id=world.school.pk, ontvanger_id=world.users["mentor"].pk
    ).get()
    assert again == 0 and len(mail.outbox) == before


@pytest.mark.parametrize("afgemeld", [False, True])
def test_weekly_digest_once_a_week_unless_opted_out(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any, afgemeld: bool
) -> None:
    mentor = world.users["mentor"]
    if afgemeld:
        with in_school(world.school):
            services.voorkeur_update(school=world.school, gebruiker=mentor, weekoverzicht=False)
    maandag = world.periode.startdatum + dt.timedelta(days=14)
    maandag -= dt.timedelta(days=maandag.weekday())
    with in_school(world.school):  # the docent's action from the meeting is due that week
        world.bs["actie"].deadline = maandag + dt.timedelta(days=3)
        world.bs["actie"].save()
    for dag in (maandag, maandag + dt.timedelta(days=2)):  # beat delivered twice in a week
        with (
            time_machine.travel(_om_negen(dag), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            weekoverzicht_school.delay(school_id=world.school.pk).get()
    digests = [m for m in mail.outbox if m.to == [mentor.email] and "deze week" in m.subject]
    if afgemeld:
        assert digests == []
    else:
        assert len(digests) == 1
        assert "Groepsoverzicht 1A (Cyclus 1) afmaken" in digests[0].body
        assert "/taken/voorkeur/" in digests[0].body  # the opt-out link
    # The docent still gets theirs (their action from the meeting) whatever the mentor chose.
    docent = [m for m in mail.outbox if m.to == [world.users["docent"].email]]
    assert len(docent) == 1


def test_nightly_run_of_the_signalling_rules_proposes_new_signals(
    world: SchoolWorld, in_school: Any
) -> None:
    from groepsoverzicht.models import SignaalStatus, Signalering
    from planning.tasks import signalering_school

    with in_school(world.school):
        # As if the pupil's result came in by an import today: no proposal yet.
        Signalering.objects.all().delete()
    with time_machine.travel(_om_negen(world.periode.startdatum + dt.timedelta(days=20))):
        assert signalering_school.delay(school_id=world.school.pk).get() == 1
        assert signalering_school.delay(school_id=world.school.pk).get() == 0  # once
    with in_school(world.school):
        voorstel = Signalering.objects.select_related("regel").get()
    assert voorstel.status == SignaalStatus.VOORGESTELD
    assert voorstel.regel.leerling_id == world.leerling.pk
