"""The demo data generator: deterministic, sized by its parameters, idempotent, and every
documented demo account works and sees only its own school."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.auth_helpers import log_in_demo_account
from zorgroute import demo
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from ..tenancy_helpers import commits_with_owner
from ..world import build_school

SMALL = {"leerlingen": 60, "groepen_per_leerjaar": 2, "leerlingen_tweede_school": 12}


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def small_demo(db: None, today: dt.date) -> demo.DemoResult:
    return demo.generate_demo(seed=7, today=today, **SMALL)


def school(slug: str) -> m.School:
    return m.School.objects.get(slug=slug)


login = log_in_demo_account


# --------------------------------------------------------------------- determinism --


@commits_with_owner
def test_same_seed_gives_identical_rows_and_another_seed_does_not(
    small_demo: demo.DemoResult, today: dt.date
) -> None:
    first = demo.demo_fingerprint()
    with tenant_context(small_demo.school_ids[demo.MAIN_SLUG]):
        uuids = sorted(str(u) for u in m.Leerling.objects.values_list("uuid", flat=True))

    demo.reset_demo()
    assert not m.School.objects.filter(slug__in=demo.DEMO_SLUGS).exists()
    again = demo.generate_demo(seed=7, today=today, **SMALL)
    assert demo.demo_fingerprint() == first
    # Fresh primary keys, same natural data: the fingerprint is not comparing ids.
    assert again.school_ids != small_demo.school_ids
    with tenant_context(again.school_ids[demo.MAIN_SLUG]):
        assert sorted(str(u) for u in m.Leerling.objects.values_list("uuid", flat=True)) == uuids

    demo.reset_demo()
    demo.generate_demo(seed=8, today=today, **SMALL)
    assert demo.demo_fingerprint() != first


def test_dates_follow_the_reference_day(db: None) -> None:
    demo.generate_demo(seed=7, today=dt.date(2031, 2, 14), **SMALL)
    with tenant_context(school(demo.MAIN_SLUG).pk):
        jaren = list(m.Schooljaar.objects.order_by("startdatum").values_list("naam", flat=True))
        assert jaren == ["2029-2030", "2030-2031"]
        assert m.Periode.objects.filter(schooljaar__naam="2030-2031").count() == 3
        grant = m.LeerlingGrant.objects.first()
        assert grant is not None
        assert grant.geldig_tot == dt.date(2031, 2, 14) + dt.timedelta(days=91)


# ------------------------------------------------------------------------ the shape --


def test_size_parameters_and_roster_shape(small_demo: demo.DemoResult, today: dt.date) -> None:
    linde = school(demo.MAIN_SLUG)
    with tenant_context(linde.pk):
        assert m.Leerling.objects.count() == 60
        huidig = m.Schooljaar.objects.get(startdatum__lte=today, einddatum__gte=today)
        assert m.Groep.objects.filter(schooljaar=huidig).count() == 3 * 2
        assert m.Groep.objects.exclude(schooljaar=huidig).count() == 2 * 2  # leerjaar 1–2
        # Every pupil has exactly one plaatsing this year; pupils in leerjaar 2–3 mostly
        # moved up from last year.
        this_year = m.Plaatsing.objects.filter(groep__schooljaar=huidig)
        assert this_year.count() == 60
        assert this_year.values("leerling").distinct().count() == 60
        assert m.Plaatsing.objects.exclude(groep__schooljaar=huidig).exists()
        for groep in m.Groep.objects.all():
            assert 1 <= groep.mentoraten.count() <= 2, groep
        assert m.Lesgroep.objects.filter(groep__isnull=True).count() == 2
        assert m.Clusterplaatsing.objects.exists()
        assert m.Lesgroepdocent.objects.values("lesgroep").distinct().count() == (
            m.Lesgroep.objects.count()
        )
        assert m.LeerlingGrant.objects.valid().count() == 2
    with tenant_context(school(demo.OTHER_SLUG).pk):
        assert m.Leerling.objects.count() == 12
    assert linde.organisatie != school(demo.OTHER_SLUG).organisatie


@commits_with_owner
def test_command_sizes_and_is_idempotent_without_reset() -> None:
    out = StringIO()
    call_command("demo_data", "--leerlingen", "60", "--seed", "3", stdout=out)
    assert "mentor@de-linde.demo" in out.getvalue()
    assert demo.DEMO_PASSWORD in out.getvalue()
    assert f"oathtool --totp -b {demo.DEMO_TOTP_SECRET}" in out.getvalue()
    assert "Of gebruik een reservecode" in out.getvalue()
    fingerprint = demo.demo_fingerprint()
    users = m.Gebruiker.objects.count()
    with tenant_context(school(demo.MAIN_SLUG).pk):
        assert m.Leerling.objects.count() == 60

    out = StringIO()
    call_command("demo_data", "--leerlingen", "60", "--seed", "3", stdout=out)
    assert "staat al" in out.getvalue()
    assert m.Gebruiker.objects.count() == users
    assert demo.demo_fingerprint() == fingerprint

    out = StringIO()
    call_command("demo_data", "--reset", "--leerlingen", "30", "--quiet", stdout=out)
    assert out.getvalue() == ""
    with tenant_context(school(demo.MAIN_SLUG).pk):
        assert m.Leerling.objects.count() == 30


@commits_with_owner
def test_reset_leaves_other_schools_alone_and_clears_the_access_log(
    small_demo: demo.DemoResult, client: Client
) -> None:
    other = build_school("gamma")
    with tenant_context(other.school.pk):
        before = m.Leerling.objects.count()
    # Reading a pupil's page writes an append-only access event; reset must clear it too.
    login(client, "zorgcoordinator@de-linde.demo")
    linde = school(demo.MAIN_SLUG)
    with tenant_context(linde.pk):
        leerling = m.Leerling.objects.first()
    assert leerling is not None
    url = reverse("leerling-detail", kwargs={"school": linde.slug, "leerling_uuid": leerling.uuid})
    assert client.get(url).status_code == 200
    with tenant_context(linde.pk):
        assert m.AccessEvent.objects.exists()

    deleted = demo.reset_demo()
    assert deleted["zorgroute_accessevent"] == 1
    assert not demo.demo_exists()
    assert not m.Organisatie.objects.filter(naam__in=demo.DEMO_ORGANISATIES).exists()
    with tenant_context(linde.pk):
        assert not m.Leerling.objects.exists()
        assert not m.AccessEvent.objects.exists()
    with tenant_context(other.school.pk):
        assert m.Leerling.objects.count() == before
    assert m.Gebruiker.objects.filter(email="mentor@gamma.example.org").exists()


# ------------------------------------------------------------------------- personas --

PERSONAS = [
    ("mentor@de-linde.demo", demo.MAIN_SLUG, ["Mijn klassen", "Mentor van"]),
    ("docent@de-linde.demo", demo.MAIN_SLUG, ["Mijn klassen", "Klassen waar ik les geef"]),
    ("zorgcoordinator@de-linde.demo", demo.MAIN_SLUG, ["Hele school"]),
    ("teamleider@de-linde.demo", demo.MAIN_SLUG, ["Mijn afdeling"]),
    ("schoolleider@de-linde.demo", demo.MAIN_SLUG, ["Hele school"]),
    ("zat@de-linde.demo", demo.MAIN_SLUG, ["Gedeelde leerlingen"]),
    ("beheerder@de-linde.demo", demo.MAIN_SLUG, ["Beheer"]),
    ("privacy@de-linde.demo", demo.MAIN_SLUG, ["Privacy", "privacyfunctionaris"]),
    ("mentor@de-regenboog.demo", demo.OTHER_SLUG, ["Mijn klassen", "Groep 7"]),
    ("ib@de-regenboog.demo", demo.OTHER_SLUG, ["Hele school"]),
    ("directeur@de-regenboog.demo", demo.OTHER_SLUG, ["Hele school"]),
]


def test_the_table_lists_exactly_the_documented_accounts(small_demo: demo.DemoResult) -> None:
    assert [a.email for a in small_demo.accounts] == [email for email, _, _ in PERSONAS]


@pytest.mark.parametrize(("email", "slug", "expected"), PERSONAS, ids=[p[0] for p in PERSONAS])
def test_every_persona_logs_in_and_reaches_their_home(
    small_demo: demo.DemoResult, client: Client, email: str, slug: str, expected: list[str]
) -> None:
    login(client, email)
    picker = client.get(reverse("kies-school"))
    assert picker["Location"] == reverse("home", kwargs={"school": slug})
    response = client.get(reverse("home", kwargs={"school": slug}))
    assert response.status_code == 200
    body = response.content.decode()
    for text in expected:
        assert text in body


def test_a_printed_backup_code_logs_a_demo_account_in_once(
    small_demo: demo.DemoResult, client: Client
) -> None:
    email = "zorgcoordinator@de-linde.demo"
    code = f"{small_demo.reservecodes[0][:5]} {small_demo.reservecodes[0][5:]}"
    home = reverse("home", kwargs={"school": demo.MAIN_SLUG})
    for expected in (302, 200):
        client.post(reverse("login"), {"username": email, "password": demo.DEMO_PASSWORD})
        response = client.post(reverse("tweestaps-code"), {"code": code, "next": home})
        assert response.status_code == expected
        client.post(reverse("logout"))


def test_mentor_sees_their_class_and_zat_only_the_shared_pupils(
    small_demo: demo.DemoResult, client: Client, today: dt.date
) -> None:
    linde = school(demo.MAIN_SLUG)
    with tenant_context(linde.pk):
        klas = m.Groep.objects.get(
            mentoraten__gebruiker__email="mentor@de-linde.demo",
            schooljaar__startdatum__lte=today,
            schooljaar__einddatum__gte=today,
        )
        leerlingen = list(m.Leerling.objects.filter(plaatsingen__groep=klas))
        gedeeld = [
            g.content_object for g in m.LeerlingGrant.objects.select_related("content_object")
        ]
    login(client, "mentor@de-linde.demo")
    page = client.get(reverse("groep-detail", kwargs={"school": linde.slug, "groep_id": klas.pk}))
    assert page.status_code == 200
    assert klas.naam in page.content.decode()
    assert leerlingen

    client.logout()
    login(client, "zat@de-linde.demo")
    body = client.get(reverse("home", kwargs={"school": linde.slug})).content.decode()
    for leerling in gedeeld:
        assert leerling.volledige_naam in body
        url = reverse(
            "leerling-detail", kwargs={"school": linde.slug, "leerling_uuid": leerling.uuid}
        )
        assert client.get(url).status_code == 200
    ander = next(ll for ll in leerlingen if ll not in gedeeld)
    url = reverse("leerling-detail", kwargs={"school": linde.slug, "leerling_uuid": ander.uuid})
    assert client.get(url).status_code == 404


def test_the_other_school_sees_nothing_of_de_linde(
    small_demo: demo.DemoResult, client: Client
) -> None:
    linde = school(demo.MAIN_SLUG)
    with tenant_context(linde.pk):
        groep = m.Groep.objects.first()
        leerling = m.Leerling.objects.first()
    assert groep is not None and leerling is not None
    for email in ("mentor@de-regenboog.demo", "ib@de-regenboog.demo"):
        login(client, email)
        assert client.get(reverse("home", kwargs={"school": demo.OTHER_SLUG})).status_code == 200
        assert client.get(reverse("home", kwargs={"school": demo.MAIN_SLUG})).status_code == 404
        for name, kwargs in (
            ("groep-detail", {"groep_id": groep.pk}),
            ("leerling-detail", {"leerling_uuid": leerling.uuid}),
        ):
            for slug in (demo.MAIN_SLUG, demo.OTHER_SLUG):
                url = reverse(name, kwargs={"school": slug, **kwargs})
                assert client.get(url).status_code == 404, (email, url)
        client.logout()
