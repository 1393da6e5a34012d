"""The history of a pupil's row (who changed what, when) and the header counters that htmx
actions keep up to date with an out-of-band swap."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from groepsoverzicht import models as go
from groepsoverzicht import selectors, services
from groepsoverzicht.access import Rechten
from tests.auth_helpers import log_in_verified

from ..world import SchoolWorld

HTMX = {"HTTP_HX_REQUEST": "true"}
DATUM = re.compile(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}")


def _o(world: SchoolWorld, suffix: str = "") -> str:
    return f"/{world.school.slug}/groepsoverzichten/{world.go['overzicht'].pk}/{suffix}"


def _geschiedenis(world: SchoolWorld, regel: Any = None) -> str:
    regel = regel or world.go["regel"]
    return _o(world, f"regels/{regel.pk}/geschiedenis/")


def _cel(client: Client, world: SchoolWorld, veld: str, waarde: str, gezien: str = "") -> None:
    response = client.post(
        _o(world, f"regels/{world.go['regel'].pk}/cel/"),
        {"veld": veld, "waarde": waarde, "gezien": gezien},
        **HTMX,
    )
    assert response.status_code == 200, response.content


def _text(response: Any) -> str:
    return response.content.decode()


def _tellers(text: str) -> dict[str, str]:
    """The counters block of a page or fragment: {dt: dd}."""
    blok = re.search(r'<dl class="go-tellers" id="signalen"[^>]*>(.*?)</dl>', text, re.S)
    assert blok, text
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", blok.group(1)))


# --- History -------------------------------------------------------------------------------------


def test_history_shows_who_changed_what_and_when(world: SchoolWorld, login: Any) -> None:
    mentor = login("mentor")
    _cel(mentor, world, "observaties", "Werkt snel.")
    zorg = login("zorgcoordinator")
    _cel(zorg, world, "observaties", "Werkt snel, maar slordig.", gezien="Werkt snel.")
    _cel(zorg, world, "talenten", "Tekenen")
    mentor = login("mentor")
    signalering = world.go["signalering"]
    mentor.post(
        _o(world, f"signaleringen/{signalering.pk}/besluit/"), {"status": "bevestigd"}, **HTMX
    )
    mentor.post(
        _o(world, f"regels/{world.go['regel'].pk}/behoeften/nieuw/"),
        {"soort": "pedagogisch", "doel": "Na 6 weken zelf starten.", "behoefte": "Een startkaart."},
        **HTMX,
    )

    response = mentor.get(_geschiedenis(world))
    text = _text(response)
    assert response.status_code == 200
    assert "<caption>Wijzigingen in de regel van" in text
    naam_mentor = world.users["mentor"].volledige_naam
    naam_zorg = world.users["zorgcoordinator"].volledige_naam
    # Text cells: the column, old → new, who.
    assert "Observaties en analyse van het werk" in text
    assert "Werkt snel, maar slordig." in text and "Tekenen" in text
    assert re.search(
        r"<td>" + re.escape(naam_zorg) + r"</td>\s*<th scope=\"row\">Talenten", text
    ), text
    # The colleague's edit shows the mentor's text as the old version.
    oud_nieuw = re.search(
        r"Was: </span>Werkt snel\.</del>.*?Wordt: </span>Werkt snel, maar", text, re.S
    )
    assert oud_nieuw
    # The signal: confirmed by the mentor, with its explanation.
    assert re.search(
        re.escape(naam_mentor) + r"</td>\s*<th scope=\"row\">Signaal: Achterstand "
        r"<span class=\"geschiedenis-actie\">bevestigd</span>",
        text,
    ), text
    assert "BL: IV, onder het ijkpunt III" in text
    # The need: added, with its goal.
    assert 'Onderwijsbehoefte <span class="geschiedenis-actie">toegevoegd</span>' in text
    assert "Na 6 weken zelf starten." in text
    # Dates as 23-11-2026 14:05; newest first.
    assert DATUM.search(text)
    assert text.index("Na 6 weken zelf starten.") < text.index("Tekenen")
    assert text.index("Tekenen") < text.index("Werkt snel, maar slordig.")


def test_history_link_per_pupil_in_the_grid(world: SchoolWorld, login: Any) -> None:
    text = _text(login("docent").get(_o(world)))
    naam = world.leerling.volledige_naam
    assert (
        f'href="{_geschiedenis(world)}">Geschiedenis'
        f'<span class="visually-hidden"> van {naam}</span></a>'
    ) in text


def test_bijzonderheden_changes_are_hidden_from_a_docent(world: SchoolWorld, login: Any) -> None:
    mentor = login("mentor")
    _cel(mentor, world, "bijzonderheden", "Ouders gaan scheiden.")
    _cel(mentor, world, "werkhouding", "Komt vaak te laat.")
    assert "Ouders gaan scheiden." in _text(mentor.get(_geschiedenis(world)))

    response = login("docent").get(_geschiedenis(world))
    text = _text(response)
    assert response.status_code == 200
    assert "Komt vaak te laat." in text
    assert "Ouders gaan scheiden." not in text
    assert "Bijzonderheden" not in text


def test_history_of_another_overviews_row_is_404(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        ander = services.groepsoverzicht_create(
            groep=world.andere_groep,
            periode=world.periode,
            cyclus="A",
            user=world.users["zorgcoordinator"],
        )
        regel = ander.regels.get()
    client = login("zorgcoordinator")  # sees both overviews
    assert client.get(_geschiedenis(world, regel)).status_code == 404
    own = f"/{world.school.slug}/groepsoverzichten/{ander.pk}/regels/{regel.pk}/geschiedenis/"
    assert client.get(own).status_code == 200


def test_history_of_a_row_without_changes(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        ander = services.groepsoverzicht_create(
            groep=world.andere_groep,
            periode=world.periode,
            cyclus="A",
            user=world.users["zorgcoordinator"],
        )
        regel = ander.regels.get()
    text = _text(
        login("zorgcoordinator").get(
            f"/{world.school.slug}/groepsoverzichten/{ander.pk}/regels/{regel.pk}/geschiedenis/"
        )
    )
    # Rows are created with a history record, so the history starts at the creation.
    assert "toegevoegd aan het groepsoverzicht" in text
    assert "eerste vastgelegde stand" not in text


def _wijzig(world: SchoolWorld, in_school: Any, keer: int) -> None:
    """`keer` rounds of: a text edit, a signal decision and a need edit (by two users)."""
    users = [world.users["mentor"], world.users["zorgcoordinator"]]
    with in_school(world.school):
        regel = world.go["regel"]
        behoefte = world.go["behoefte"]
        for i in range(keer):
            user = users[i % 2]
            regel = services.regel_cel_update(
                regel=regel,
                veld="observaties",
                waarde=f"versie {i}",
                gezien=regel.observaties,
                user=user,
            )
            services.signalering_besluiten(
                signalering=world.go["signalering"],
                status="bevestigd" if i % 2 == 0 else "afgewezen",
                user=user,
            )
            behoefte = services.onderwijsbehoefte_update(
                behoefte=behoefte,
                version=behoefte.versie,
                values={"doel": f"doel {i}"},
                user=user,
            )


#: Request overhead in tests (8), the overview with rights (1), the row (1), and the history
#: of the row, its signals and its needs (3).
HISTORY_QUERIES = 13


@pytest.mark.parametrize("keer", [2, 12])
def test_history_query_count_is_flat(
    world: SchoolWorld,
    client: Client,
    in_school: Any,
    django_assert_num_queries: Any,
    keer: int,
) -> None:
    _wijzig(world, in_school, keer)
    log_in_verified(client, world.users["mentor"])
    client.get(_o(world))  # warm up the session
    with django_assert_num_queries(HISTORY_QUERIES):
        response = client.get(_geschiedenis(world))
    text = _text(response)
    assert response.status_code == 200
    assert text.count("versie ") == 2 * keer - 1  # each text edit shows old and new
    assert f"doel {keer - 1}" in text


# --- Header counters ---------------------------------------------------------------------------


def test_counters_come_along_after_confirming_a_proposal(world: SchoolWorld, login: Any) -> None:
    client = login("mentor")
    before = _tellers(_text(client.get(_o(world))))
    assert before["Gesignaleerd"] == "0" and before["Open voorstellen"] == "1"
    signalering = world.go["signalering"]
    response = client.post(
        _o(world, f"signaleringen/{signalering.pk}/besluit/"), {"status": "bevestigd"}, **HTMX
    )
    text = _text(response)
    assert response.status_code == 200
    assert '<dl class="go-tellers" id="signalen" hx-swap-oob="true">' in text
    # The need of the world's row has no goal: signalled without a complete need.
    assert _tellers(text) == {
        "Gesignaleerd": "1",
        "Open voorstellen": "0",
        "Zonder volledige behoefte": "1",
        "Leerlingen": "1",
    }


def test_counters_come_along_after_adding_and_deleting_a_complete_need(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("mentor")
    signalering = world.go["signalering"]
    client.post(
        _o(world, f"signaleringen/{signalering.pk}/besluit/"), {"status": "bevestigd"}, **HTMX
    )
    response = client.post(
        _o(world, f"regels/{world.go['regel'].pk}/behoeften/nieuw/"),
        {"soort": "didactisch", "doel": "Toets BL op III.", "behoefte": "Verlengde instructie."},
        **HTMX,
    )
    assert response.status_code == 200
    assert _tellers(_text(response))["Zonder volledige behoefte"] == "0"
    assert _tellers(_text(client.get(_o(world))))["Zonder volledige behoefte"] == "0"
    with in_school(world.school):
        nieuw = go.Onderwijsbehoefte.objects.get(doel="Toets BL op III.")
    response = client.post(_o(world, f"behoeften/{nieuw.pk}/verwijderen/"), {}, **HTMX)
    assert _tellers(_text(response))["Zonder volledige behoefte"] == "1"


def test_counters_match_the_grid(world: SchoolWorld, in_school: Any) -> None:
    """The one-query counters have the same meaning as the grid's (whitespace-only goals are
    incomplete, rejected signals do not count)."""
    with in_school(world.school):
        regel = world.go["regel"]
        services.signalering_create(
            regel=regel, reden="gedrag", uitleg="Onrustig", user=world.users["mentor"]
        )
        go.Onderwijsbehoefte.objects.create(
            school=world.school, regel=regel, soort="didactisch", doel="  ", behoefte="x"
        )
        overzicht = world.go["overzicht"]
        grid = selectors.overzicht_grid(
            None,  # type: ignore[arg-type]  # the grid does not use the context
            overzicht,
            Rechten(bewerken=True, opmerken=False, bijzonderheden=True),
        )
        assert selectors.overzicht_tellers(overzicht) == selectors.Tellers.van_grid(grid)
        assert selectors.overzicht_tellers(overzicht).onvolledig == 1


#: Confirming a proposal over htmx: request overhead (8), the overview (1), the signal (1),
#: savepoint, lock, update, history, release (5), the row with its signals, needs and their
#: domains (4), and the counters (1, one aggregate query; 19 before the counters came along).
BESLUIT_QUERIES = 20


@pytest.mark.parametrize("leerlingen", [8, 32])
def test_confirm_with_counters_query_count_is_flat(
    world: SchoolWorld, client: Client, django_assert_num_queries: Any, leerlingen: int
) -> None:
    from .test_overzicht_views import _fill

    _fill(world, leerlingen)
    log_in_verified(client, world.users["mentor"])
    client.get(_o(world))
    signalering = world.go["signalering"]
    with django_assert_num_queries(BESLUIT_QUERIES):
        response = client.post(
            _o(world, f"signaleringen/{signalering.pk}/besluit/"), {"status": "bevestigd"}, **HTMX
        )
    tellers = _tellers(_text(response))
    assert tellers["Gesignaleerd"] == str(leerlingen)
    assert tellers["Leerlingen"] == str(leerlingen)
