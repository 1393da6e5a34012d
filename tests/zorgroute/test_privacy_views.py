"""The four-eyes erasure through the pages (zorgroute.privacy.views): a beheerder requests,
a zorgcoördinator (another person) confirms, or the other way round; the same person is
refused; roles without AVG rights get 403, a user of another school 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f
from tests.auth_helpers import log_in_verified
from zorgroute import models as m

from ..world import SchoolWorld

pytestmark = pytest.mark.django_db


def _url(world: SchoolWorld, name: str, leerling: m.Leerling | None = None) -> str:
    leerling = leerling or world.leerling
    return reverse(name, kwargs={"school": world.school.slug, "leerling_uuid": leerling.uuid})


def _client(user: m.Gebruiker) -> Client:
    client = Client()
    log_in_verified(client, user)
    return client


def test_beheerder_requests_and_zorgcoordinator_confirms(
    world: SchoolWorld, in_school: Any
) -> None:
    beheerder = _client(world.users["beheerder"])
    zorgco = _client(world.users["zorgcoordinator"])
    response = beheerder.post(_url(world, "avg-verzoek"), {"reden": "Verzoek van de ouders"})
    assert response.status_code == 302
    # The requester cannot confirm their own request.
    refused = beheerder.post(_url(world, "avg-verzoek-bevestigen"))
    assert refused.status_code == 403
    assert "zelf ingediend" in refused.content.decode()
    with in_school(world.school):
        assert m.Leerling.objects.get(pk=world.leerling.pk).voornaam == "Sanne"
    page = zorgco.get(_url(world, "avg-leerling"))
    assert "Verzoek bevestigen en anonimiseren" in page.content.decode()
    assert zorgco.post(_url(world, "avg-verzoek-bevestigen")).status_code == 302
    with in_school(world.school):
        sanne = m.Leerling.objects.get(pk=world.leerling.pk)
        assert sanne.volledige_naam == f"Leerling {sanne.pk}"
        verzoek = m.Anonimiseringsverzoek.objects.get(leerling=sanne)
        assert verzoek.status == m.VerzoekStatus.UITGEVOERD
        assert verzoek.afgehandeld_door == world.users["zorgcoordinator"]
        assert verzoek.anonimisering is not None and verzoek.anonimisering.identiteit


def test_zorgcoordinator_requests_and_a_second_zorgcoordinator_may_not_confirm(
    world: SchoolWorld, in_school: Any
) -> None:
    collega = f.GebruikerFactory(email="zc2@example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=collega, rol=m.Rol.ZORGCOORDINATOR)
    zorgco = _client(world.users["zorgcoordinator"])
    assert zorgco.post(_url(world, "avg-verzoek"), {"reden": "Uitgeschreven"}).status_code == 302
    refused = _client(collega).post(_url(world, "avg-verzoek-bevestigen"))
    assert refused.status_code == 403
    assert "andere rol" in refused.content.decode()
    beheerder = _client(world.users["beheerder"])
    assert beheerder.post(_url(world, "avg-verzoek-bevestigen")).status_code == 302
    with in_school(world.school):
        assert m.Leerling.objects.get(pk=world.leerling.pk).voornaam == "Leerling"


def test_a_request_needs_a_reason_and_can_be_withdrawn(world: SchoolWorld, in_school: Any) -> None:
    beheerder = _client(world.users["beheerder"])
    response = beheerder.post(_url(world, "avg-verzoek"), {"reden": ""})
    assert response.status_code == 400
    assert "Geef een reden" in response.content.decode()
    beheerder.post(_url(world, "avg-verzoek"), {"reden": "Verzoek"})
    again = beheerder.post(_url(world, "avg-verzoek"), {"reden": "Nog eens"})
    assert again.status_code == 400 and "al een verzoek open" in again.content.decode()
    assert beheerder.post(_url(world, "avg-verzoek-intrekken")).status_code == 302
    zorgco = _client(world.users["zorgcoordinator"])
    nothing = zorgco.post(_url(world, "avg-verzoek-bevestigen"))
    assert nothing.status_code == 403 and "geen verzoek open" in nothing.content.decode()
    with in_school(world.school):
        assert m.Leerling.objects.get(pk=world.leerling.pk).voornaam == "Sanne"


@pytest.mark.parametrize("name", ["avg-verzoek", "avg-verzoek-bevestigen", "avg-verzoek-intrekken"])
def test_other_roles_get_403_and_other_schools_404(
    world: SchoolWorld, school_b: SchoolWorld, name: str, in_school: Any
) -> None:
    mentor = _client(world.users["mentor"])
    assert mentor.post(_url(world, name), {"reden": "x"}).status_code == 403
    outsider = _client(world.users["outsider"])
    assert outsider.post(_url(world, name), {"reden": "x"}).status_code == 404
    # A beheerder of school A with school B's pupil in school A's URL: 404.
    beheerder = _client(world.users["beheerder"])
    foreign = reverse(
        name, kwargs={"school": world.school.slug, "leerling_uuid": school_b.leerling.uuid}
    )
    assert beheerder.post(foreign, {"reden": "x"}).status_code == 404
    with in_school(world.school):
        assert not m.Anonimiseringsverzoek.objects.filter(leerling=world.leerling).exists()


def test_the_overview_lists_open_requests_and_finds_pupils(
    world: SchoolWorld, in_school: Any, django_assert_num_queries: Any
) -> None:
    beheerder = _client(world.users["beheerder"])
    beheerder.post(_url(world, "avg-verzoek"), {"reden": "Verzoek van de ouders"})
    url = reverse("avg-overzicht", kwargs={"school": world.school.slug})
    beheerder.get(url)  # warm up the session and the school
    with django_assert_num_queries(10):
        page = beheerder.get(url, {"q": "Sanne"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Verzoek van de ouders" in html
    assert _url(world, "avg-leerling") in html


def test_the_pupil_page_links_to_the_avg_page_for_the_zorgcoordinator_only(
    world: SchoolWorld, login: Any
) -> None:
    detail = reverse(
        "leerling-detail",
        kwargs={"school": world.school.slug, "leerling_uuid": world.leerling.uuid},
    )
    link = _url(world, "avg-leerling")
    assert link in login("zorgcoordinator").get(detail).content.decode()
    assert link not in login("mentor").get(detail).content.decode()


def test_a_legal_hold_stops_a_confirmed_erasure(world: SchoolWorld, in_school: Any) -> None:
    """A bewaarblokkade stops every erasure: the nightly purge and a four-eyes request."""
    with in_school(world.school):
        m.Bewaarblokkade.objects.create(
            school=world.school,
            leerling=world.leerling,
            reden="Klacht in behandeling",
            ingesteld_door=world.users["zorgcoordinator"],
        )
    beheerder = _client(world.users["beheerder"])
    assert beheerder.post(_url(world, "avg-verzoek"), {"reden": "Verzoek"}).status_code == 302
    refused = _client(world.users["zorgcoordinator"]).post(_url(world, "avg-verzoek-bevestigen"))
    assert refused.status_code == 403
    assert "bewaarblokkade" in refused.content.decode()
    with in_school(world.school):
        assert m.Leerling.objects.get(pk=world.leerling.pk).voornaam == "Sanne"


def test_the_privacy_officer_exports_but_never_erases(world: SchoolWorld) -> None:
    privacy = _client(world.users["privacy"])
    page = privacy.get(_url(world, "avg-leerling")).content.decode()
    assert "Export als PDF" in page and "Anonimisering aanvragen" not in page
    assert privacy.get(_url(world, "avg-export-json")).status_code == 200
    assert privacy.post(_url(world, "avg-verzoek"), {"reden": "x"}).status_code == 403
