"""Query counts of the core pages are pinned and do not grow with the number of rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.auth_helpers import log_in_verified
from zorgroute import models as m

from .. import factories as f
from ..world import SchoolWorld


def _grow(world: SchoolWorld, *, leerlingen: int, groepen: int) -> None:
    """Add pupils to the mentor's class and extra classes (each with a mentor) to the school."""
    for _ in range(leerlingen):
        f.PlaatsingFactory(groep=world.groep)
    for i in range(groepen):
        groep = f.GroepFactory(schooljaar=world.schooljaar, naam=f"9Z{i}", afdeling=world.afdeling)
        f.MentoraatFactory(groep=groep, gebruiker=world.users["mentor"])
        f.PlaatsingFactory(groep=groep)
        lesgroep = f.LesgroepFactory(groep=world.groep, naam=f"extra-{i}")
        f.LesgroepdocentFactory(lesgroep=lesgroep, gebruiker=world.users["docent"])
    # More history for the pupil: earlier placements in last year's classes.
    for i in range(leerlingen // 4):
        vorig = f.SchooljaarFactory(
            school=world.school,
            naam=f"oud-{i}",
            startdatum=world.schooljaar.startdatum.replace(
                year=world.schooljaar.startdatum.year - 1 - i
            ),
            einddatum=world.schooljaar.einddatum.replace(
                year=world.schooljaar.einddatum.year - 1 - i
            ),
        )
        oude_groep = f.GroepFactory(schooljaar=vorig, naam=f"oud{i}")
        f.PlaatsingFactory(
            groep=oude_groep,
            leerling=world.leerling,
            startdatum=vorig.startdatum,
            einddatum=vorig.einddatum,
        )


PAGES = {
    "groep-list": lambda w: f"/{w.school.slug}/groepen/",
    "groep-detail": lambda w: f"/{w.school.slug}/groepen/{w.groep.pk}/",
    "leerling-detail": lambda w: f"/{w.school.slug}/leerlingen/{w.leerling.uuid}/",
    "home": lambda w: f"/{w.school.slug}/",
    "leerling-inzages": lambda w: f"/{w.school.slug}/leerlingen/{w.leerling.uuid}/inzages/",
}

# Exact counts, including the request's savepoint pair (the test runs in a transaction),
# the RLS settings, session, user, school and membership lookups. The home page has three
# more for the besprekingen panel (my actions, my meetings, new reports) and one for the IZO
# panel; the pupil page four for the dossier timeline (visibility, decisions, actions,
# questions) and two or three for the IZO panel (traject, consents, and for a mentor
# whether they keep the pupil's consent registry). The zorgteam's meetings panel on the home
# page adds the coming IZO/ZAT meetings, the plan-van-aanpak actions and, for a mentor, the
# handelingsadviezen waiting; the pupil page adds the zorgteam timeline. The to-do panel
# (planning) adds the school's reminder setting, the running cycles' deadlines and, for a
# mentor, the classes with their mentors and their overviews, the active subject plans of
# their lesgroepen; for the zorgcoördinator the
# OPP's and IZO follow-ups. The class page adds its cycles for the PDF bundle.
EXPECTED = {
    "mentor": {"groep-list": 11, "groep-detail": 16, "leerling-detail": 20, "home": 24},
    "zorgcoordinator": {
        "groep-list": 11,
        "groep-detail": 16,
        "leerling-detail": 19,
        "home": 23,
        # 11, was 10: the access log page is addressed by the pupil, so access_leerling
        # logs it too (one insert; who looked shows who is involved in the pupil's care).
        "leerling-inzages": 11,
    },
}
CASES = [(persona, page) for persona, pages in EXPECTED.items() for page in sorted(pages)]


@pytest.mark.parametrize(("persona", "page"), CASES)
@pytest.mark.parametrize("size", [(2, 1), (12, 5)], ids=["klein", "groot"])
def test_query_count_is_pinned_and_flat(
    page: str,
    persona: str,
    size: tuple[int, int],
    world: SchoolWorld,
    client: Client,
    django_assert_num_queries: Any,
) -> None:
    _grow(world, leerlingen=size[0], groepen=size[1])
    for _ in range(size[0]):  # earlier views of the pupil, for the access log page
        log_in_verified(client, world.users["mentor"])
        client.get(PAGES["leerling-detail"](world))
    log_in_verified(client, world.users[persona])
    url = PAGES[page](world)
    with django_assert_num_queries(EXPECTED[persona][page]):
        response = client.get(url)
    assert response.status_code == 200


def test_bigger_class_shows_all_pupils(world: SchoolWorld, client: Client, in_school: Any) -> None:
    _grow(world, leerlingen=12, groepen=0)
    log_in_verified(client, world.users["mentor"])
    body = client.get(PAGES["groep-detail"](world)).content.decode()
    with in_school(world.school):
        namen = list(
            m.Plaatsing.objects.filter(groep=world.groep).values_list(
                "leerling__achternaam", flat=True
            )
        )
    assert len(namen) == 13
    assert all(naam in body for naam in namen)
