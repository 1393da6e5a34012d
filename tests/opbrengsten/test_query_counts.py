"""Query counts of the opbrengsten pages: pinned, and equal for a small and a big school
(more classes, each with pupils, signals, evaluated goals and results). The measures are
aggregate queries; nothing loops over classes or pupils in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from ..world import SchoolWorld
from . import data


def _grow(world: SchoolWorld, n: int) -> int:
    moment = data.toetsmoment(world, "M-groei", world.schooljaar.startdatum + dt.timedelta(days=40))
    laatste = 0
    for i in range(n):
        k = data.klas(world, f"2G{i}", leerjaar=2, n=6)
        data.signaleer(world, k, 5)
        data.evalueer(world, k, bereikt=3, deels=2, niet=1, aanpak="Verlengde instructie")
        data.toets(world, k, moment, [3, 3, 3, 2, 2, 4])
        laatste = k.groep.pk
    return laatste


PAGES = {
    "dashboard": "/{slug}/opbrengsten/?schooljaar={jaar}",
    "dashboard-cyclus": "/{slug}/opbrengsten/?schooljaar={jaar}&periode={periode}&leerjaar=2",
    "uitsplitsing": "/{slug}/opbrengsten/uitsplitsing/?schooljaar={jaar}&maat=doelen",
    "klas": "/{slug}/opbrengsten/groepen/{groep}/?schooljaar={jaar}",
    "csv": "/{slug}/opbrengsten/csv/?schooljaar={jaar}",
    "ambities": "/{slug}/opbrengsten/ambities/?schooljaar={jaar}",
}

# Exact, including the request overhead inside the test transaction (savepoints, RLS
# settings, session, user, school, memberships, the home-panel-free base page). The
# dashboard: the filter choices (schooljaren, afdelingen, periodes), the board check, the
# ambities, the pupil count, compliance (planningen, classes, annotated overviews), signals
# (2), goals (1), test results (2, plus the planner hint set and restored), care flow (5),
# approaches (1).
EXPECTED = {
    ("schoolleider", "dashboard"): 31,
    # Leerjaar 2 has no toets-ambitie in the world: the results query is not needed.
    ("schoolleider", "dashboard-cyclus"): 26,
    ("schoolleider", "uitsplitsing"): 13,
    ("schoolleider", "klas"): 31,
    # The pupils behind the numbers: the visible pupils, their signals and their goals.
    ("zorgcoordinator", "klas"): 34,
    ("schoolleider", "csv"): 30,
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
    groep = _grow(world, n)
    client.force_login(world.users[persona])
    url = PAGES[naam].format(
        slug=world.school.slug, jaar=world.schooljaar.pk, periode=world.periode.pk, groep=groep
    )
    client.get(url)  # warm up the session
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url)
    assert response.status_code == 200
