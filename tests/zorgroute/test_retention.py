"""Retention (issue 19): terms per school and data class, legal holds, the dry-run report
(page and command) and the refusal of a real run before a dry run. The clock is frozen."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groepsoverzicht.models import Overzichtregel
from groepsplan.ihp_opp.models import Ontwikkelingsperspectief
from izo_zat.traject.models import Traject
from zorgroute import models as m
from zorgroute.privacy.bewaren import services
from zorgroute.tasks import bewaartermijnen_school
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..tenancy_helpers import commits_with_owner
from ..world import PRIVACY_PERSONA, SchoolWorld

VANDAAG = dt.date(2030, 6, 15)


@pytest.fixture
def bevroren() -> Any:
    with time_machine.travel(dt.datetime(2030, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield VANDAAG


def leerling(
    world: SchoolWorld, naam: str, *plaatsingen: tuple[dt.date, dt.date | None]
) -> m.Leerling:
    kind = f.LeerlingFactory(school=world.school, voornaam=naam, achternaam="Oud")
    for start, eind in plaatsingen:
        f.PlaatsingFactory(
            groep=world.andere_groep, leerling=kind, startdatum=start, einddatum=eind
        )
    return kind


def vertrokken(world: SchoolWorld, naam: str, op: dt.date) -> m.Leerling:
    return leerling(world, naam, (op - dt.timedelta(days=300), op))


@pytest.fixture
def oud_leerlingen(world: SchoolWorld, bevroren: dt.date) -> dict[str, m.Leerling]:
    kinderen = {
        # Left three years ago: the care dossier (2 years) and OPP/referrals (3 years) go.
        "Anna": vertrokken(world, "Anna", dt.date(2027, 6, 1)),
        # Left 2 years and 4 months ago: only the care dossier goes.
        "Bram": vertrokken(world, "Bram", dt.date(2028, 1, 31)),
        # Left a year and a half ago: nothing yet.
        "Cees": vertrokken(world, "Cees", dt.date(2029, 1, 1)),
        # Left long ago, but held.
        "Dirk": vertrokken(world, "Dirk", dt.date(2026, 1, 1)),
        # Left in 2027 but came back: an open-ended plaatsing never expires.
        "Eva": leerling(
            world,
            "Eva",
            (dt.date(2026, 9, 1), dt.date(2027, 6, 1)),
            (dt.date(2027, 9, 1), None),
        ),
        # Leaves later this summer: a future end date has not expired.
        "Fleur": leerling(world, "Fleur", (dt.date(2021, 9, 1), dt.date(2030, 7, 1))),
    }
    with tenant_context(world.school.pk):
        services.bewaarblokkade_instellen(
            leerling=kinderen["Dirk"],
            reden="Lopende klacht bij de geschillencommissie",
            user=world.users["zorgcoordinator"],
        )
    return kinderen


def test_the_dry_run_lists_what_would_go_and_why_and_changes_nothing(
    world: SchoolWorld, login: Any, oud_leerlingen: dict[str, m.Leerling]
) -> None:
    response = login("zorgcoordinator").get(f"/{world.school.slug}/privacy/bewaren/proefrun/")
    assert response.status_code == 200
    overzicht = response.context["overzicht"]
    te_verwerken = {
        r.leerling.voornaam: (r.vertrokken_op, [(k.dataklasse, k.vervaldatum) for k in r.klassen])
        for r in overzicht.te_verwerken
    }
    assert te_verwerken == {
        "Anna": (
            dt.date(2027, 6, 1),
            [("zorgdossier", dt.date(2029, 6, 1)), ("opp-verwijzing", dt.date(2030, 6, 1))],
        ),
        "Bram": (dt.date(2028, 1, 31), [("zorgdossier", dt.date(2030, 1, 31))]),
    }
    assert [r.leerling.voornaam for r in overzicht.geblokkeerd] == ["Dirk"]
    text = response.content.decode()
    assert "vertrokken 1-6-2027 + 2 jaar = bewaren tot 1-6-2029" in text
    assert "Lopende klacht" not in text  # the hold's reason stays on the holds page
    with tenant_context(world.school.pk):
        assert not m.Bewaarrun.objects.exclude(toelichting="wereld").exists()
        assert m.BewaarOpschoning.objects.count() == 0
        namen = set(m.Leerling.objects.filter(achternaam="Oud").values_list("voornaam", flat=True))
    assert namen == {"Anna", "Bram", "Cees", "Dirk", "Eva", "Fleur"}


def test_the_dry_run_command_prints_the_report_and_records_it(
    world: SchoolWorld, oud_leerlingen: dict[str, m.Leerling]
) -> None:
    out = StringIO()
    call_command("bewaartermijnen", "--dry-run", "--school", world.school.slug, stdout=out)
    text = out.getvalue()
    assert "2 leerling(en) zouden worden geanonimiseerd, 1 geblokkeerd" in text
    assert "Bram Oud (wordt geanonimiseerd): Zorgdossier: vertrokken 31-01-2028 + 2 jaar" in text
    assert "Dirk Oud (GEBLOKKEERD)" in text
    assert "Eva" not in text and "Fleur" not in text and "Cees" not in text
    with tenant_context(world.school.pk):
        run = m.Bewaarrun.objects.get(proefrun=True)
        assert m.Leerling.objects.filter(achternaam="Oud").count() == 6
    assert (run.proefrun, run.aantal_leerlingen, run.aantal_geblokkeerd) == (True, 2, 1)
    assert run.per_dataklasse == {"zorgdossier": 2, "opp-verwijzing": 1}
    # The record keeps ids and dates, never names.
    assert "Anna" not in str(run.regels)


def test_a_real_run_is_refused_before_a_dry_run(
    world: SchoolWorld, login: Any, oud_leerlingen: dict[str, m.Leerling], bevroren: dt.date
) -> None:
    with tenant_context(world.school.pk), pytest.raises(ValidationError) as refused:
        services.bewaartermijnen_toepassen(school=world.school, user=None, vandaag=bevroren)
    assert refused.value.messages == [services.GEEN_PROEFRUN]
    with pytest.raises(CommandError, match="Geweigerd voor alfa-college: Eerst een proefrun"):
        call_command(
            "bewaartermijnen", "--school", world.school.slug, stdout=StringIO(), stderr=StringIO()
        )
    client = login("beheerder")
    assert (
        "nog geen proefrun vastgelegd"
        in client.get(f"/{world.school.slug}/privacy/bewaren/").content.decode()
    )
    # Looking at the report and recording it lifts the refusal, for this school only.
    response = client.post(f"/{world.school.slug}/privacy/bewaren/proefrun/")
    assert response.status_code == 302
    with tenant_context(world.school.pk):
        run = m.Bewaarrun.objects.get(proefrun=True)
        assert (run.proefrun, run.uitgevoerd_door_id) == (True, world.users["beheerder"].pk)
    page = client.get(f"/{world.school.slug}/privacy/bewaren/").content.decode()
    assert "Er is een proefrun vastgelegd" in page


def test_terms_are_set_per_school(
    world: SchoolWorld, school_b: SchoolWorld, login: Any, oud_leerlingen: dict[str, m.Leerling]
) -> None:
    url = f"/{world.school.slug}/privacy/bewaren/termijnen/"
    client = login("beheerder")
    response = client.post(url, {"version": 1, "zorgdossier_jaren": 5, "opp_verwijzing_jaren": 7})
    assert response.status_code == 302
    with tenant_context(world.school.pk):
        beleid = m.Bewaarbeleid.objects.get()
        assert (beleid.zorgdossier_jaren, beleid.opp_verwijzing_jaren) == (5, 7)
        assert beleid.gewijzigd_door == world.users["beheerder"]
    with tenant_context(school_b.school.pk):
        assert not m.Bewaarbeleid.objects.exists()
    # With five and seven years nothing is past its term yet.
    overzicht = client.get(f"/{world.school.slug}/privacy/bewaren/proefrun/").context["overzicht"]
    assert [r.leerling.voornaam for r in overzicht.regels] == []
    # A second save raises the version; a form with the old one is refused; a value out of
    # range is a Dutch error on its field.
    ok = client.post(url, {"version": 1, "zorgdossier_jaren": 5, "opp_verwijzing_jaren": 6})
    assert ok.status_code == 302
    stale = client.post(url, {"version": 1, "zorgdossier_jaren": 4, "opp_verwijzing_jaren": 7})
    assert stale.status_code == 409
    wrong = client.post(url, {"version": 2, "zorgdossier_jaren": 0, "opp_verwijzing_jaren": 7})
    assert wrong.status_code == 400
    assert "Het zorgdossier blijft minstens 1 jaar na vertrek bewaard." in wrong.content.decode()
    # The privacy officer sees the terms but does not set them.
    assert login(PRIVACY_PERSONA).post(url, {"version": 2}).status_code == 403


def test_a_legal_hold_is_set_and_lifted_with_who_and_when(
    world: SchoolWorld, school_b: SchoolWorld, login: Any, bevroren: dt.date
) -> None:
    url = f"/{world.school.slug}/privacy/bewaren/blokkades/"
    client = login(PRIVACY_PERSONA)
    data = {"leerling": str(world.andere_leerling.uuid), "reden": "Bezwaar van ouders"}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert "Voor deze leerling geldt al een bewaarblokkade" in again.content.decode()
    foreign = client.post(url, {"leerling": str(school_b.leerling.uuid), "reden": "x"})
    assert foreign.status_code == 400
    assert "Deze leerling hoort niet bij deze school." in foreign.content.decode()
    with tenant_context(world.school.pk):
        blokkade = m.Bewaarblokkade.objects.get()
    assert (blokkade.ingesteld_door, blokkade.reden) == (
        world.users[PRIVACY_PERSONA],
        "Bezwaar van ouders",
    )
    opheffen = f"/{world.school.slug}/privacy/bewaren/blokkades/opheffen/"
    assert login("zorgcoordinator").post(opheffen, {"blokkade": blokkade.pk}).status_code == 302
    with tenant_context(world.school.pk):
        blokkade.refresh_from_db()
    assert blokkade.opgeheven_door == world.users["zorgcoordinator"]
    assert blokkade.opgeheven_op is not None and blokkade.opgeheven_op.date() == bevroren
    # Lifted once: a second time, or another school's hold, is "not found".
    assert client.post(opheffen, {"blokkade": blokkade.pk}).status_code == 404
    with tenant_context(school_b.school.pk):
        b_hold = services.bewaarblokkade_instellen(
            leerling=school_b.leerling, reden="B", user=school_b.users["zorgcoordinator"]
        )
    assert client.post(opheffen, {"blokkade": b_hold.pk}).status_code == 404
    # The beheerder sets the terms, not holds.
    assert login("beheerder").get(url).status_code == 403


def _vertrokken_in_2027(world: SchoolWorld) -> None:
    with tenant_context(world.school.pk):
        m.Plaatsing.objects.filter(leerling__in=[world.leerling, world.andere_leerling]).update(
            einddatum=dt.date(2027, 6, 1)
        )


def _teksten(world: SchoolWorld) -> tuple[str, str, str]:
    with tenant_context(world.school.pk):
        return (
            Overzichtregel.objects.get(pk=world.go["regel"].pk).observaties,
            Ontwikkelingsperspectief.objects.get(pk=world.gp["opp"].pk).belemmerende_factoren,
            Traject.objects.get(pk=world.izo["traject"].pk).reden_verkort,
        )


@commits_with_owner
def test_the_nightly_job_anonymises_past_the_term_except_under_a_legal_hold(
    school_a: SchoolWorld, school_b: SchoolWorld
) -> None:
    """Sanne and Daan left on 1 June 2027; on 15 June 2030 both data classes are past their
    term. Daan is under a legal hold: the job leaves him alone until it is lifted."""
    world = school_a
    sanne, daan = world.leerling, world.andere_leerling
    with time_machine.travel(dt.datetime(2030, 6, 15, 3, 30, tzinfo=dt.UTC), tick=False):
        _vertrokken_in_2027(world)
        with tenant_context(world.school.pk):
            Overzichtregel.objects.filter(pk=world.go["regel"].pk).update(
                observaties=f"{sanne.voornaam} {sanne.achternaam} was stil vandaag."
            )
            Ontwikkelingsperspectief.objects.filter(pk=world.gp["opp"].pk).update(
                belemmerende_factoren=f"{sanne.voornaam} leest traag."
            )
            Traject.objects.filter(pk=world.izo["traject"].pk).update(
                reden_verkort=f"{daan.voornaam} {daan.achternaam} meldde zich thuis ziek."
            )
            blokkade = services.bewaarblokkade_instellen(
                leerling=daan, reden="Klacht loopt", user=world.users["zorgcoordinator"]
            )
            services.proefrun_vastleggen(school=world.school, user=None, vandaag=VANDAAG)

        run_id = bewaartermijnen_school(school_id=world.school.pk)
        observaties, opp, traject = _teksten(world)
        assert sanne.voornaam not in observaties and sanne.achternaam not in observaties
        assert sanne.voornaam not in opp
        assert traject == f"{daan.voornaam} {daan.achternaam} meldde zich thuis ziek."
        with tenant_context(world.school.pk):
            run = m.Bewaarrun.objects.get(pk=run_id)
            gedaan = set(m.BewaarOpschoning.objects.values_list("leerling_id", "dataklasse"))
            # Retention anonymises the care data; the pupil row itself stays.
            assert m.Leerling.objects.get(pk=sanne.pk).voornaam == sanne.voornaam
        assert (run.proefrun, run.aantal_leerlingen, run.aantal_geblokkeerd) == (False, 1, 1)
        assert run.per_dataklasse == {"zorgdossier": 1, "opp-verwijzing": 1}
        assert run.aantal_rijen > 0
        assert gedaan == {(sanne.pk, "zorgdossier"), (sanne.pk, "opp-verwijzing")}

        # Idempotent: the next night finds nothing new.
        again = bewaartermijnen_school(school_id=world.school.pk)
        with tenant_context(world.school.pk):
            assert m.Bewaarrun.objects.get(pk=again).aantal_leerlingen == 0
            assert m.BewaarOpschoning.objects.count() == 2
            services.bewaarblokkade_opheffen(blokkade=blokkade, user=world.users["zorgcoordinator"])

        # Lifted: Daan's data goes the night after.
        bewaartermijnen_school(school_id=world.school.pk)
        assert daan.voornaam not in _teksten(world)[2]
    with tenant_context(school_b.school.pk):
        assert not m.Bewaarrun.objects.exclude(toelichting="wereld").exists()


def test_the_report_and_the_holds_page_do_not_grow_in_queries_with_rows(
    world: SchoolWorld, login: Any, bevroren: dt.date, django_assert_num_queries: Any
) -> None:
    client = login("zorgcoordinator")
    pages = [
        f"/{world.school.slug}/privacy/bewaren/proefrun/",
        f"/{world.school.slug}/privacy/bewaren/blokkades/",
        f"/{world.school.slug}/privacy/bewaren/",
    ]

    def add(n: int) -> None:
        for i in range(n):
            kind = vertrokken(world, f"Kind{i}", dt.date(2026, 1, 1) + dt.timedelta(days=i))
            with tenant_context(world.school.pk):
                services.bewaarblokkade_instellen(
                    leerling=kind, reden="Klacht", user=world.users["zorgcoordinator"]
                )
                services.proefrun_vastleggen(school=world.school, user=None, vandaag=bevroren)

    add(1)
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    add(6)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    assert counts == [13, 10, 12]
