"""Query counts of the opbrengsten pages: pinned, and equal for a small and a big school
(more classes, each with pupils, signals, evaluated goals and results). The measures are
aggregate queries; nothing loops over classes or pupils in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from tests.auth_helpers import log_in_verified

from ..world import SchoolWorld
from . import data


def _grow(world: SchoolWorld, n: int) -> tuple[int, int]:
    moment = data.toetsmoment(world, "M-groei", world.schooljaar.startdatum + dt.timedelta(days=40))
    laatste = 0
    for i in range(n):
        k = data.klas(world, f"2G{i}", leerjaar=2, n=6)
        data.signaleer(world, k, 5)
        data.evalueer(world, k, bereikt=3, deels=2, niet=1, aanpak="Verlengde instructie")
        data.toets(world, k, moment, [3, 3, 3, 2, 2, 4])
        laatste = k.groep.pk
    return laatste, moment.pk


PAGES = {
    "dashboard": "/{slug}/opbrengsten/?schooljaar={jaar}",
    "dashboard-cyclus": "/{slug}/opbrengsten/?schooljaar={jaar}&periode={periode}&leerjaar=2",
    "uitsplitsing": "/{slug}/opbrengsten/uitsplitsing/?schooljaar={jaar}&maat=doelen",
    "uitsplitsing-naleving": (
        "/{slug}/opbrengsten/uitsplitsing/?schooljaar={jaar}&maat=naleving&stap=groepsplan"
    ),
    "uitsplitsing-wachttijd": (
        "/{slug}/opbrengsten/uitsplitsing/?schooljaar={jaar}&maat=zorg&soort=wachttijd"
    ),
    "uitsplitsing-trend": (
        "/{slug}/opbrengsten/uitsplitsing/?schooljaar={jaar}&maat=toets&ambitie={ambitie}"
        "&moment={moment}"
    ),
    "bestuur": "/{slug}/opbrengsten/bestuur/",
    "bestuur-csv": "/{slug}/opbrengsten/bestuur/csv/?leerjaar=2",
    "klas": "/{slug}/opbrengsten/groepen/{groep}/?schooljaar={jaar}",
    "csv": "/{slug}/opbrengsten/csv/?schooljaar={jaar}",
    "ambities": "/{slug}/opbrengsten/ambities/?schooljaar={jaar}",
}

# Exact, including the request overhead inside the test transaction (savepoints, RLS
# settings, session, user, school, memberships, the home-panel-free base page). The
# dashboard: the filter choices (schooljaren, afdelingen, periodes), the board check, the
# ambities, the pupil count, compliance (planningen, classes, annotated overviews), signals
# (2), goals (1), test results (3, plus the planner hint set and restored), care flow (5),
# approaches (1).
EXPECTED = {
    ("schoolleider", "dashboard"): 31,
    # Leerjaar 2 has no toets-ambitie in the world: the results query is not needed.
    ("schoolleider", "dashboard-cyclus"): 26,
    ("schoolleider", "uitsplitsing"): 13,
    # Compliance behind one step: the classes, deadlines and annotated overviews.
    ("schoolleider", "uitsplitsing-naleving"): 14,
    ("schoolleider", "uitsplitsing-wachttijd"): 13,
    # The ambitie, the toetsmoment, then one aggregate.
    ("schoolleider", "uitsplitsing-trend"): 15,
    # A board of one school here; see the test below for the cost per school.
    ("schoolleider", "bestuur"): 34,
    ("schoolleider", "bestuur-csv"): 29,
    # The class page shows no test results or approaches: those are never computed.
    ("schoolleider", "klas"): 24,
    # The pupils behind the numbers: the visible pupils, their signals and their goals.
    ("zorgcoordinator", "klas"): 27,
    ("schoolleider", "csv"): 29,
    ("schoolleider", "ambities"): 15,
}


@pytest.mark.parametrize("n", [1, 5], ids=["klein", "groot"])
@pytest.mark.parametrize("page", sorted(EXPECTED), ids=lambda p: "-".join(p))
def test_opbrengsten_pages_have_pinned_flat_query_counts(
    page: tuple[str, str],
    n: int,
    world: SchoolWorld,
    client: Client,
    django_assert_num_queries: Any,
) -> None:
    persona, naam = page
    groep, moment = _grow(world, n)
    log_in_verified(client, world.users[persona])
    url = PAGES[naam].format(
        slug=world.school.slug,
        jaar=world.schooljaar.pk,
        periode=world.periode.pk,
        groep=groep,
        ambitie=world.ob["ambitie"].pk,
        moment=moment,
    )
    client.get(url)  # warm up the session
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url)
    assert response.status_code == 200


#: The board reads each school in its own tenant context: a fixed number of queries per
#: school, whatever its size: its tenant context, its schooljaren, afdelingen and
#: periodes, and the measures (compliance, signals, goals, ambities, test results with the
#: planner hint, care flow).
PER_SCHOOL = 24


@pytest.mark.parametrize("n", [1, 5], ids=["klein", "groot"])
def test_board_costs_a_fixed_number_of_queries_per_school(
    n: int, world: SchoolWorld, client: Client, django_assert_num_queries: Any
) -> None:
    from zorgroute import models as m

    from .. import factories as f
    from ..world import build_school

    url = f"/{world.school.slug}/opbrengsten/bestuur/"
    log_in_verified(client, world.users["schoolleider"])
    client.get(url)
    with django_assert_num_queries(EXPECTED[("schoolleider", "bestuur")]) as een:
        client.get(url)
    tweede = build_school("gamma", organisatie=world.school.organisatie)
    f.LidmaatschapFactory(
        school=tweede.school, gebruiker=world.users["schoolleider"], rol=m.Rol.SCHOOLLEIDER
    )
    for i in range(n):
        data.signaleer(tweede, data.klas(tweede, f"2G{i}", leerjaar=2, n=6), 5)
    with django_assert_num_queries(len(een) + PER_SCHOOL):
        response = client.get(url)
    assert response.status_code == 200 and tweede.school.naam in response.content.decode()


@pytest.mark.parametrize("n", [1, 5], ids=["klein", "groot"])
def test_pdf_report_job_has_a_pinned_query_count(
    n: int,
    world: SchoolWorld,
    client: Client,
    django_assert_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Starting the report and running the job in the background (here inline, after the
    commit): six sections, each one dashboard section, whatever the school's size."""
    _grow(world, n)
    log_in_verified(client, world.users["schoolleider"])
    client.get(f"/{world.school.slug}/downloads/")
    with (
        django_assert_num_queries(RAPPORT),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/{world.school.slug}/opbrengsten/rapport/", {"schooljaar": world.schooljaar.pk}
        )
    assert response.status_code == 302


#: The request (start the job) and the job: per section its progress, the selection and
#: only that section's measure (a Dashboard computes what is read), then the PDF.
RAPPORT = 96
