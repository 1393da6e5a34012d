"""Review of the access log (issue 19): who read which pupil, filtered, paginated, unusual
access highlighted; the zorgcoördinator and the privacy officer only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zorgroute import models as m
from zorgroute.audit import write_access_events
from zorgroute.privacy.toegang.selectors import OPVALLEND_DREMPEL
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import PRIVACY_PERSONA, SchoolWorld


def inzage(
    world: SchoolWorld,
    persona: str,
    leerlingen: list[m.Leerling],
    *,
    op: dt.datetime | None = None,
    pagina: str = "leerling-detail",
) -> None:
    with time_machine.travel(op or timezone.now(), tick=False), tenant_context(world.school.pk):
        write_access_events(
            school_id=world.school.pk,
            gebruiker_id=world.users[persona].pk,
            leerling_ids=[leerling.pk for leerling in leerlingen],
            pagina=pagina,
            pad=f"/{world.school.slug}/{pagina}/",
        )


def overzicht(client: Client, world: SchoolWorld, **params: Any) -> Any:
    response = client.get(f"/{world.school.slug}/privacy/inzages/", params)
    assert response.status_code == 200
    return response


def leerlingen_in(world: SchoolWorld, groep: m.Groep, aantal: int) -> list[m.Leerling]:
    result = []
    for _ in range(aantal):
        leerling = f.LeerlingFactory(school=world.school)
        f.PlaatsingFactory(groep=groep, leerling=leerling)
        result.append(leerling)
    return result


def test_filters_by_user_pupil_period_and_kind(world: SchoolWorld, login: Any) -> None:
    sanne, daan = world.leerling, world.andere_leerling
    inzage(world, "mentor", [sanne])
    inzage(world, "zorgcoordinator", [daan], pagina="izo-traject")
    inzage(world, "mentor", [daan], op=timezone.now() - dt.timedelta(days=40))
    client = login("zorgcoordinator")

    def rows(**params: Any) -> list[tuple[str, str, str]]:
        page = overzicht(client, world, **params).context["page"]
        return [(e.gebruiker.voornaam, e.leerling.voornaam, e.pagina) for e in page.object_list]

    # Without a date: the last 30 days.
    assert sorted(rows()) == [
        ("Mentor", "Sanne", "leerling-detail"),
        ("Zorgcoordinator", "Daan", "izo-traject"),
    ]
    assert rows(gebruiker=world.users["mentor"].pk) == [("Mentor", "Sanne", "leerling-detail")]
    assert rows(leerling="Daan") == [("Zorgcoordinator", "Daan", "izo-traject")]
    assert rows(leerling=str(sanne.uuid)) == [("Mentor", "Sanne", "leerling-detail")]
    assert rows(soort="zorgroute") == [("Zorgcoordinator", "Daan", "izo-traject")]
    assert rows(soort="leerling") == [("Mentor", "Sanne", "leerling-detail")]
    vandaag = timezone.localdate()
    oud = {"van": vandaag - dt.timedelta(days=45), "tot": vandaag - dt.timedelta(days=35)}
    assert rows(**oud) == [("Mentor", "Daan", "leerling-detail")]


def test_a_wrong_period_is_a_dutch_error(world: SchoolWorld, login: Any) -> None:
    response = overzicht(login("zorgcoordinator"), world, van="2026-05-01", tot="2026-04-01")
    assert "De datum &#x27;Tot en met&#x27; ligt vóór de datum &#x27;Van&#x27;." in (
        response.content.decode()
    )


def test_many_pupils_outside_own_classes_on_one_day_is_highlighted(
    world: SchoolWorld, login: Any
) -> None:
    """The mentor of 1A reads 21 pupils of 1B: highlighted. The docent of 1A-ne reads 21
    pupils of 1A, their own class: not highlighted. 20 of 1B is not over the threshold."""
    vreemd = leerlingen_in(world, world.andere_groep, OPVALLEND_DREMPEL + 1)
    eigen = leerlingen_in(world, world.groep, OPVALLEND_DREMPEL + 1)
    inzage(world, "mentor", vreemd)
    inzage(world, "docent", eigen)
    inzage(world, "teamleider", vreemd[:OPVALLEND_DREMPEL])
    response = overzicht(login(PRIVACY_PERSONA), world)
    opvallend = response.context["opvallend"]
    assert [(o.gebruiker_id, o.aantal) for o in opvallend] == [
        (world.users["mentor"].pk, OPVALLEND_DREMPEL + 1)
    ]
    gemarkeerd = {e.gebruiker_id for e, hoog in response.context["regels"] if hoog}
    assert gemarkeerd == {world.users["mentor"].pk}
    text = response.content.decode()
    assert f"meer dan {OPVALLEND_DREMPEL} verschillende leerlingen" in text
    assert "niet in de eigen klassen" in text


def test_the_same_reads_on_different_days_are_not_summed(world: SchoolWorld, login: Any) -> None:
    vreemd = leerlingen_in(world, world.andere_groep, OPVALLEND_DREMPEL + 1)
    inzage(world, "mentor", vreemd[:12])
    inzage(world, "mentor", vreemd[12:], op=timezone.now() - dt.timedelta(days=2))
    assert overzicht(login("zorgcoordinator"), world).context["opvallend"] == []


def test_query_count_does_not_grow_with_rows(
    world: SchoolWorld, login: Any, django_assert_num_queries: Any
) -> None:
    client = login("zorgcoordinator")
    inzage(world, "mentor", [world.leerling, world.andere_leerling])
    with CaptureQueriesContext(connection) as weinig:
        overzicht(client, world)
    inzage(world, "docent", leerlingen_in(world, world.groep, 30))
    inzage(world, "teamleider", leerlingen_in(world, world.andere_groep, 30))
    with django_assert_num_queries(len(weinig.captured_queries)):
        response = overzicht(client, world)
    assert len(response.context["regels"]) == 50
    assert response.context["page"].paginator.num_pages == 2
    assert len(weinig.captured_queries) == 12
    tweede = overzicht(client, world, pagina=2)
    assert len(tweede.context["regels"]) == 12


def test_the_privacy_officer_sees_who_read_a_pupil(world: SchoolWorld, login: Any) -> None:
    inzage(world, "mentor", [world.leerling])
    client = login(PRIVACY_PERSONA)
    response = client.get(f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/inzages/")
    assert response.status_code == 200
    assert world.users["mentor"].volledige_naam in response.content.decode()
    # ...but not the pupil's care pages.
    assert client.get(f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/").status_code == 403
    with tenant_context(world.school.pk):
        gelogd = m.AccessEvent.objects.filter(gebruiker=world.users[PRIVACY_PERSONA])
        assert list(gelogd.values_list("leerling_id", "pagina")) == [
            (world.leerling.pk, "leerling-inzages")
        ]


NIEUWE_URLS = [
    "privacy/inzages/",
    "privacy/bewaren/",
    "privacy/bewaren/termijnen/",
    "privacy/bewaren/proefrun/",
    "privacy/bewaren/blokkades/",
    "privacy/bewaren/blokkades/opheffen/",
]


@pytest.mark.parametrize("pad", NIEUWE_URLS)
def test_an_outsider_gets_404_on_every_new_url(world: SchoolWorld, login: Any, pad: str) -> None:
    client = login("outsider")
    url = f"/{world.school.slug}/{pad}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"blokkade": 1, "reden": "x"}).status_code == 404


def test_the_privacy_officer_starts_at_the_review_and_retention(
    world: SchoolWorld, login: Any
) -> None:
    text = login(PRIVACY_PERSONA).get(f"/{world.school.slug}/").content.decode()
    assert "<h1>Privacy</h1>" in text
    assert f'href="/{world.school.slug}/privacy/inzages/"' in text
    assert f'href="/{world.school.slug}/privacy/bewaren/"' in text
    assert world.leerling.achternaam not in text
