"""Query counts of list pages that grow with the school: pinned and flat at two sizes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from groepsoverzicht import services as go_services
from groepsplan import models as gp
from tests.auth_helpers import log_in_verified
from zorgroute.tenancy.db import tenant_context

from . import factories as f
from .world import SchoolWorld


def _grow(world: SchoolWorld, n: int) -> None:
    """n extra classes, each with a pupil, an overview and an OPP for that pupil."""
    for i in range(n):
        groep = f.GroepFactory(schooljaar=world.schooljaar, naam=f"8X{i}", afdeling=world.afdeling)
        f.MentoraatFactory(groep=groep, gebruiker=world.users["mentor"])
        leerling = f.PlaatsingFactory(groep=groep).leerling
        f.create_in_school(
            gp.Ontwikkelingsperspectief,
            school=world.school,
            leerling=leerling,
            uitstroomniveau="vmbo-kader",
            startdatum_ondersteuning=world.schooljaar.startdatum,
            aangemaakt_door=world.users["zorgcoordinator"],
        )
        with tenant_context(world.school.pk):
            go_services.groepsoverzicht_create(
                groep=groep, periode=world.periode, cyclus="A", user=world.users["mentor"]
            )


PAGES = {
    "groepsoverzicht-list": ("mentor", "/{slug}/groepsoverzichten/"),
    "opp-list": ("zorgcoordinator", "/{slug}/opp/"),
    "meten-index": ("zorgcoordinator", "/{slug}/meten/"),
}


# Exact, including the 8 queries of request overhead inside the test transaction.
EXPECTED = {"groepsoverzicht-list": 9, "opp-list": 9, "meten-index": 14}


@pytest.mark.parametrize("n", [1, 5], ids=["klein", "groot"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_list_pages_have_pinned_flat_query_counts(
    page: str, n: int, world: SchoolWorld, client: Client, django_assert_num_queries: Any
) -> None:
    persona, path = PAGES[page]
    _grow(world, n)
    log_in_verified(client, world.users[persona])
    url = path.format(slug=world.school.slug)
    client.get(url)  # warm up the session
    with django_assert_num_queries(EXPECTED[page]):
        assert client.get(url).status_code == 200
