"""Query counts of the to-do list, the jaarplanning and the downloads: pinned, and equal
for a small and a big school (more classes with overviews and plans, OPP's, actions,
cycles, downloads)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from besprekingen import rules
from groepsoverzicht import services as go_services
from groepsplan import models as gp
from planning.models import Cyclusplanning
from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld


def _grow(world: SchoolWorld, n: int) -> None:
    mentor, zorg = world.users["mentor"], world.users["zorgcoordinator"]
    with tenant_context(world.school.pk):
        for i in range(n):
            groep = f.GroepFactory(
                schooljaar=world.schooljaar, naam=f"8X{i}", afdeling=world.afdeling
            )
            f.MentoraatFactory(groep=groep, gebruiker=mentor)
            leerling = f.PlaatsingFactory(groep=groep).leerling
            f.create_in_school(
                gp.Ontwikkelingsperspectief,
                school=world.school,
                leerling=leerling,
                uitstroomniveau="vmbo-kader",
                startdatum_ondersteuning=world.periode.startdatum,
                aangemaakt_door=zorg,
            )
            go_services.groepsoverzicht_create(
                groep=groep, periode=world.periode, cyclus="A", user=mentor
            )
            rules.actie_create(
                bespreking=world.bs["bespreking"],
                omschrijving=f"Actie {i}",
                eigenaar=mentor,
                deadline=world.periode.startdatum + dt.timedelta(days=20),
            )
            periode = f.PeriodeFactory(
                schooljaar=world.schooljaar,
                naam=f"Extra {i}",
                startdatum=world.periode.einddatum + dt.timedelta(days=1 + 7 * i),
                einddatum=world.periode.einddatum + dt.timedelta(days=7 + 7 * i),
            )
            Cyclusplanning.objects.create(
                school=world.school, periode=periode, groepsoverzicht=periode.startdatum
            )
            m.Achtergrondtaak.objects.create(
                school=world.school,
                soort="pdf-bundel",
                titel=f"Bundel {i}",
                parameters={},
                aangevraagd_door=mentor,
                status=m.TaakStatus.BEZIG,
                stap=i,
                totaal=n,
            )


PAGES = {
    ("mentor", "taken"): "/{slug}/taken/",
    ("zorgcoordinator", "taken"): "/{slug}/taken/",
    ("schoolleider", "jaarplanning"): "/{slug}/jaarplanning/",
    ("mentor", "download-list"): "/{slug}/downloads/",
}

# Exact, including the request overhead inside the test transaction (savepoints, RLS
# settings, session, user, school, memberships). The to-do list reads the reminder setting,
# the running cycles, the mentor's classes with their mentors and overviews, the actions,
# and (zorgcoördinator) the OPP's and IZO follow-ups; the jaarplanning the cycles with their
# deadlines, the setting and the schooljaren.
EXPECTED = {
    ("mentor", "taken"): 16,
    ("zorgcoordinator", "taken"): 16,
    ("schoolleider", "jaarplanning"): 12,
    ("mentor", "download-list"): 9,
}


@pytest.mark.parametrize("n", [1, 6], ids=["klein", "groot"])
@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: "-".join(p))
def test_planning_pages_have_pinned_flat_query_counts(
    page: tuple[str, str],
    n: int,
    world: SchoolWorld,
    client: Client,
    django_assert_num_queries: Any,
) -> None:
    persona, _naam = page
    _grow(world, n)
    log_in_verified(client, world.users[persona])
    url = PAGES[page].format(slug=world.school.slug)
    client.get(url)  # warm up the session
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url)
    assert response.status_code == 200
