"""The jaarplanning: deadlines per cycle with Dutch errors, a colleague's newer save kept,
copying last year's cycles in whole weeks; the PDF bundle inline; the outbox rules."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from planning import services
from planning.models import Cyclusplanning
from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute.background import start_job
from zorgroute.outbox import enqueue
from zorgroute.tenancy.context import TenantContext

from .. import factories as f
from ..world import SchoolWorld


def _url(world: SchoolWorld, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def _post_cyclus(client: Client, world: SchoolWorld, versie: int, **datums: str) -> Any:
    p = world.periode.pk
    data = {f"p{p}-version": versie, **{f"p{p}-{k}": v for k, v in datums.items()}}
    return client.post(_url(world, "jaarplanning-cyclus", periode_id=p), data)


def test_schoolleider_saves_deadlines_and_everyone_reads_them(
    world: SchoolWorld, client: Client, in_school: Any
) -> None:
    log_in_verified(client, world.users["schoolleider"])
    start = world.periode.startdatum
    with in_school(world.school):
        versie = Cyclusplanning.objects.get(periode=world.periode).versie
    response = _post_cyclus(
        client,
        world,
        versie,
        groepsoverzicht=f"{start + dt.timedelta(days=10):%Y-%m-%d}",
        groepsbespreking=f"{start + dt.timedelta(days=17):%Y-%m-%d}",
        groepsplan=f"{start + dt.timedelta(days=24):%Y-%m-%d}",
    )
    assert response.status_code == 302
    with in_school(world.school):
        planning = Cyclusplanning.objects.get(periode=world.periode)
        assert planning.groepsoverzicht == start + dt.timedelta(days=10)
        assert planning.eindevaluatie is None
    log_in_verified(client, world.users["docent"])
    body = client.get(_url(world, "jaarplanning")).content.decode()
    assert "Groepsoverzicht ingevuld" in body
    assert "/jaarplanning/cycli/" not in body  # read-only for the docent


def test_dates_outside_the_cycle_or_out_of_order_get_dutch_errors(
    world: SchoolWorld, client: Client, in_school: Any
) -> None:
    log_in_verified(client, world.users["zorgcoordinator"])
    with in_school(world.school):
        versie = world.pl["cyclusplanning"].versie
    start, eind = world.periode.startdatum, world.periode.einddatum
    response = _post_cyclus(
        client,
        world,
        versie,
        groepsoverzicht=f"{eind + dt.timedelta(days=1):%Y-%m-%d}",
        groepsbespreking=f"{start + dt.timedelta(days=20):%Y-%m-%d}",
        groepsplan=f"{start + dt.timedelta(days=10):%Y-%m-%d}",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Groepsoverzicht ingevuld moet binnen Cyclus 1 vallen" in body
    assert "Groepsplan actief kan niet vóór &#x27;Groepsbespreking gehouden&#x27; liggen." in body
    with in_school(world.school):  # nothing saved
        assert Cyclusplanning.objects.get(periode=world.periode).groepsplan == start + dt.timedelta(
            weeks=4
        )


def test_a_colleagues_newer_save_is_not_overwritten(
    world: SchoolWorld, client: Client, in_school: Any
) -> None:
    log_in_verified(client, world.users["zorgcoordinator"])
    response = _post_cyclus(client, world, 0, groepsoverzicht="")
    assert response.status_code == 409
    assert "heeft dit intussen gewijzigd" in response.content.decode()
    with in_school(world.school):
        assert Cyclusplanning.objects.get(periode=world.periode).groepsoverzicht is not None


def test_copy_last_year_shifts_whole_weeks(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        oud = world.schooljaar
        nieuw = f.SchooljaarFactory(
            school=world.school,
            naam="volgend",
            startdatum=oud.startdatum.replace(year=oud.startdatum.year + 1),
            einddatum=oud.einddatum.replace(year=oud.einddatum.year + 1),
        )
        kopie = services.jaarplanning_kopieren(bron=oud, doel=nieuw)
        assert (kopie.periodes, kopie.planningen) == (1, 1)
        periode = m.Periode.objects.get(schooljaar=nieuw)
        planning = Cyclusplanning.objects.get(periode=periode)
        oude = world.pl["cyclusplanning"]
        assert planning.groepsoverzicht.weekday() == oude.groepsoverzicht.weekday()
        assert (planning.groepsoverzicht - oude.groepsoverzicht).days % 7 == 0
        assert nieuw.startdatum <= periode.startdatum <= planning.groepsoverzicht
        with pytest.raises(ValidationError, match="heeft al cycli"):
            services.jaarplanning_kopieren(bron=oud, doel=nieuw)


def _ctx(world: SchoolWorld, persona: str) -> TenantContext:
    user = world.users[persona]
    return TenantContext.build(
        world.school, user, list(m.Lidmaatschap.objects.filter(gebruiker=user))
    )


@pytest.mark.parametrize("vorm", ["pdf", "zip"])
def test_bundle_inline_holds_what_the_requester_may_open(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any, vorm: str
) -> None:
    with in_school(world.school), django_capture_on_commit_callbacks(execute=True):
        taak = start_job(
            ctx=_ctx(world, "docent"),
            soort_naam="pdf-bundel",
            titel="Alle groepen",
            parameters={"periode_id": world.periode.pk, "groep_id": None, "vorm": vorm},
        )
    with in_school(world.school):
        taak.refresh_from_db()
        assert taak.status == m.TaakStatus.KLAAR, taak.fout
        inhoud = taak.bestand.read()
    if vorm == "zip":
        with zipfile.ZipFile(io.BytesIO(inhoud)) as archief:
            namen = archief.namelist()
            assert namen == ["groepsplan-1a-cyclus-1.pdf"]  # 1B is not the docent's class
            inhoud = archief.read(namen[0])
    assert len(PdfReader(io.BytesIO(inhoud)).pages) >= 1
    assert taak.resultaat == "1 groepsoverzicht, waarvan 1 met groepsplan"


def test_bundle_with_nothing_visible_fails_with_a_dutch_message(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    andere = f.PeriodeFactory(schooljaar=world.schooljaar, naam="Cyclus 2")
    with in_school(world.school), django_capture_on_commit_callbacks(execute=True):
        taak = start_job(
            ctx=_ctx(world, "mentor"),
            soort_naam="pdf-bundel",
            titel="leeg",
            parameters={"periode_id": andere.pk, "groep_id": None, "vorm": "pdf"},
        )
    with in_school(world.school):
        taak.refresh_from_db()
    assert taak.status == m.TaakStatus.MISLUKT
    assert taak.fout == (
        "De taak is mislukt: in deze cyclus zijn geen groepsoverzichten die je mag openen."
    )


def test_stuck_job_is_queued_again_and_given_up_after_three_starts(
    world: SchoolWorld, in_school: Any
) -> None:
    from django.utils import timezone

    from zorgroute.background import requeue_stuck_jobs

    with in_school(world.school):
        taak = m.Achtergrondtaak.objects.create(
            school=world.school,
            soort="pdf-bundel",
            titel="vast",
            parameters={},
            aangevraagd_door=world.users["mentor"],
            status=m.TaakStatus.BEZIG,
            pogingen=1,
            hartslag=timezone.now() - dt.timedelta(minutes=11),
        )
    later = timezone.now()
    assert requeue_stuck_jobs(school_id=world.school.pk, nu=later) == [taak.pk]
    assert m.Wachtrijbericht.objects.filter(taak="zorgroute.achtergrondtaak_uitvoeren").exists()
    # Its heartbeat is fresh now: the next sweep leaves it alone.
    assert requeue_stuck_jobs(school_id=world.school.pk, nu=later) == []
    with in_school(world.school):
        m.Achtergrondtaak.objects.filter(pk=taak.pk).update(pogingen=3)
    requeue_stuck_jobs(school_id=world.school.pk, nu=later + dt.timedelta(minutes=11))
    with in_school(world.school):
        taak.refresh_from_db()
    assert taak.status == m.TaakStatus.MISLUKT and "herhaaldelijk vastgelopen" in taak.fout


def test_countdowns_beyond_the_visibility_timeout_are_refused(world: SchoolWorld) -> None:

    with pytest.raises(ValueError, match="visibility timeout"):
        enqueue("planning.meldingen_versturen", countdown=3600, school_id=1, ontvanger_id=1)
    assert not m.Wachtrijbericht.objects.filter(taak="planning.meldingen_versturen").exists()


def test_the_outbox_row_is_written_with_the_change_and_gone_after_publishing(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from groepsplan import services as gp_services

    with in_school(world.school), django_capture_on_commit_callbacks(execute=False) as callbacks:
        gp_services.groepsplan_activeren(groepsplan=world.gp["plan"])
        rijen = m.Wachtrijbericht.objects.filter(taak="groepsplan.actief_melding")
        assert [b.kwargs for b in rijen] == [
            {"plan_id": world.gp["plan"].pk, "school_id": world.school.pk}
        ]
    for callback in callbacks:
        callback()
    assert not m.Wachtrijbericht.objects.filter(taak="groepsplan.actief_melding").exists()
