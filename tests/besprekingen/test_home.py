"""The besprekingen panels on the home page and the pupil page."""

from __future__ import annotations

from typing import Any

from ..world import SchoolWorld


def test_attendees_see_the_meeting_and_their_actions_on_the_home_page(
    world: SchoolWorld, login: Any
) -> None:
    slug = world.school.slug
    bespreking_url = f"/{slug}/besprekingen/{world.bs['bespreking'].pk}/"
    mentor = login("mentor").get(f"/{slug}/").content.decode()
    assert bespreking_url in mentor
    # The IZO decision gave the mentor an action that opens the prepared aanmelding.
    assert "IZO-aanmelding van Sanne" in mentor
    assert f"/{slug}/izo/aanmeldingen/{world.bs['aanmelding'].pk}/" in mentor
    docent = login("docent").get(f"/{slug}/").content.decode()
    assert bespreking_url in docent
    assert world.bs["actie"].omschrijving in docent
    assert "IZO-aanmelding van Sanne" not in docent


def test_others_see_no_meeting_on_their_home_page(world: SchoolWorld, login: Any) -> None:
    slug = world.school.slug
    for persona in ("schoolleider", "zat_lid", "beheerder"):
        body = login(persona).get(f"/{slug}/").content.decode()
        assert f"/{slug}/besprekingen/{world.bs['bespreking'].pk}/" not in body, persona
        assert world.bs["actie"].omschrijving not in body, persona


def test_the_pupil_page_shows_the_dossier_timeline_to_those_who_may_see_it(
    world: SchoolWorld, login: Any
) -> None:
    url = f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/"
    mentor = login("mentor").get(url).content.decode()
    assert "Besprekingen en afspraken" in mentor
    assert world.bs["besluit"].tekst in mentor
    assert world.bs["bilateraal"].samenvatting in mentor
    # The ZAT-lid sees the shared pupil, but nothing of the school's meetings.
    zat = login("zat_lid").get(url).content.decode()
    assert "Besprekingen en afspraken" not in zat
    assert world.bs["besluit"].tekst not in zat
