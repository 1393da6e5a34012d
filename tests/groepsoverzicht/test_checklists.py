"""Kijkwijzer and begrijpwijzer: pre-answers from known data (both ways), saving the whole
list in one POST, a colleague's change never silently overwritten, and who may save."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from groepsoverzicht import models as go
from groepsoverzicht.access import Rechten
from groepsoverzicht.checklists import BEGRIJPWIJZER, KIJKWIJZER, voorantwoorden
from groepsoverzicht.checklists.services import checklist_update
from groepsoverzicht.selectors import overzicht_grid
from zorgroute.tenancy.context import TenantContext
from zorgroute.tenancy.db import tenant_context
from zorgroute.versioning import StaleVersion

from ..world import SchoolWorld
from .test_pdf import vul_klas

ALLES = Rechten(bewerken=True, opmerken=False, bijzonderheden=True)


def _voor(world: SchoolWorld, checklist: Any = KIJKWIJZER) -> dict[str, Any]:
    with tenant_context(world.school.pk):
        ctx = TenantContext(
            school=world.school,
            user=world.users["mentor"],
            roles=frozenset(),
            afdeling_ids=frozenset(),
            teamleider_school_breed=False,
        )
        grid = overzicht_grid(ctx, world.go["overzicht"], ALLES)
        return voorantwoorden(checklist, grid)


def _url(world: SchoolWorld, slug: str = "kijkwijzer", overzicht: Any = None) -> str:
    overzicht = overzicht or world.go["overzicht"]
    return f"/{world.school.slug}/groepsoverzichten/{overzicht.pk}/{slug}/"


def test_items_are_the_seeds_lists() -> None:
    assert len(KIJKWIJZER.items) == 9 + 11 + 4
    assert len(BEGRIJPWIJZER.items) == 8
    vragen = {i.code: i.vraag for i in KIJKWIJZER.items + BEGRIJPWIJZER.items}
    assert vragen["kw-1b"] == "Zijn ter vergelijking de resultaten op voorgaande toetsen aanwezig?"
    assert vragen["bw-a"] == (
        "Zijn de onderwijsbehoeften benoemd van de leerlingen die bij stap 2 gesignaleerd zijn?"
    )
    assert len(vragen) == 32  # codes are unique


def test_pre_answers_from_the_worlds_sparse_overview(world: SchoolWorld) -> None:
    """One pupil, one result on one toetsmoment, a proposed (not confirmed) signal, one
    need without a goal."""
    voor = _voor(world)
    assert voor["kw-1a"].antwoord is True
    assert voor["kw-1a"].basis == "1 van 1 leerling hebben toetsresultaten."
    assert voor["kw-1b"].antwoord is False  # only one toetsmoment
    assert voor["kw-1b"].basis == ("0 van 1 leerling hebben resultaten van eerdere toetsmomenten.")
    assert voor["kw-1i"].antwoord is False
    # A proposal for achterstand awaits a decision: not yet signalled.
    assert voor["kw-2a"].antwoord is False
    assert "wacht nog op een besluit" in voor["kw-2a"].basis
    assert voor["kw-2b"].antwoord is None  # nothing points to voorsprong
    assert voor["kw-2h"].antwoord is True  # BL has the school's ijkpunt
    assert "kw-2i" not in voor  # the data cannot answer this one

    begrijp = _voor(world, BEGRIJPWIJZER)
    assert begrijp["bw-a"].antwoord is None  # nobody confirmed yet
    assert begrijp["bw-b"].antwoord is False
    assert begrijp["bw-b"].basis == "0 van 1 onderwijsbehoefte heeft een doel."


def test_pre_answers_from_a_full_overview(world: SchoolWorld) -> None:
    vul_klas(world, 8)  # 3 toetsmomenten for all; confirmed signal; a need with a goal
    voor = _voor(world)
    assert voor["kw-1b"].antwoord is True
    assert voor["kw-1b"].basis == "8 van 8 leerlingen hebben resultaten van eerdere toetsmomenten."
    assert voor["kw-1g"].antwoord is True  # werkhouding filled for every pupil
    assert voor["kw-1i"].antwoord is False
    assert voor["kw-1i"].basis == "4 van 8 leerlingen hebben talenten ingevuld."
    assert voor["kw-2a"].antwoord is True
    assert voor["kw-2a"].basis == "1 leerling gesignaleerd (achterstand)."

    begrijp = _voor(world, BEGRIJPWIJZER)
    assert begrijp["bw-a"].antwoord is True
    assert begrijp["bw-a"].basis == "1 van 1 gesignaleerde leerling hebben een onderwijsbehoefte."
    assert begrijp["bw-b"].antwoord is False  # the world's need still has no goal
    assert begrijp["bw-b"].basis == "1 van 2 onderwijsbehoeften hebben een doel."
    with tenant_context(world.school.pk):
        go.Onderwijsbehoefte.objects.filter(doel="").update(doel="Leest vlot")
    assert _voor(world, BEGRIJPWIJZER)["bw-b"].antwoord is True


def test_signalled_pupil_without_a_need_makes_bw_a_false(world: SchoolWorld) -> None:
    with tenant_context(world.school.pk):
        go.Signalering.objects.update(status=go.SignaalStatus.BEVESTIGD)
        go.Onderwijsbehoefte.objects.all().delete()
    voor = _voor(world, BEGRIJPWIJZER)
    assert voor["bw-a"].antwoord is False
    assert voor["bw-a"].basis == "0 van 1 gesignaleerde leerling hebben een onderwijsbehoefte."
    assert _voor(world)["kw-2a"].antwoord is True


def test_the_page_shows_items_pre_answers_and_accessible_controls(
    world: SchoolWorld, login: Any
) -> None:
    response = login("mentor").get(_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == len(KIJKWIJZER.items)
    assert '<legend><span class="item-letter">b.</span> Zijn ter vergelijking' in html
    assert "0 van 1 leerling hebben resultaten van eerdere toetsmomenten." in html
    assert 'id="opmerking-kw-1b"' in html and 'for="opmerking-kw-1b"' in html
    # The pre-answer is the initial choice while nothing is saved: 1a is +.
    assert 'name="antwoord-kw-1a" value="ja" checked' in html
    assert "Checklist opslaan" in html


def _post(
    world: SchoolWorld, client: Any, data: dict[str, str], slug: str = "begrijpwijzer"
) -> Any:
    return client.post(_url(world, slug), data)


def test_saving_the_whole_list_in_one_post(world: SchoolWorld, login: Any) -> None:
    client = login("mentor")
    response = _post(
        world,
        client,
        {
            "antwoord-bw-a": "ja",
            "opmerking-bw-a": "Alle drie benoemd",
            "antwoord-bw-b": "nee",
            "antwoord-bw-c": "open",
            "afspraken": "Doelen SMART maken in de teamvergadering",
        },
    )
    assert response.status_code == 302
    with tenant_context(world.school.pk):
        rows = {
            a.item: (a.antwoord, a.opmerking, a.beantwoord_door_id)
            for a in go.ChecklistAntwoord.objects.filter(groepsoverzicht=world.go["overzicht"])
        }
    mentor = world.users["mentor"].pk
    assert rows == {
        "bw-a": (True, "Alle drie benoemd", mentor),
        "bw-b": (False, "", mentor),
        "bw-afspraken": (None, "Doelen SMART maken in de teamvergadering", mentor),
    }
    page = client.get(_url(world, "begrijpwijzer")).content.decode()
    assert 'name="antwoord-bw-b" value="nee" checked' in page
    assert "Doelen SMART maken in de teamvergadering" in page
    assert "opgeslagen (3 antwoorden gewijzigd)" in page


def test_a_colleagues_change_is_not_overwritten(world: SchoolWorld) -> None:
    overzicht = world.go["overzicht"]
    with tenant_context(world.school.pk):
        checklist_update(
            overzicht=overzicht,
            antwoorden={"kw-1c": (True, "Zie observaties")},
            user=world.users["zorgcoordinator"],
        )
        # The mentor loaded the page before that save: they saw "open, no remark".
        with pytest.raises(StaleVersion) as conflict:
            checklist_update(
                overzicht=overzicht,
                antwoorden={"kw-1c": (False, ""), "kw-1d": (True, "")},
                gezien={"kw-1c": (None, ""), "kw-1d": (None, "")},
                user=world.users["mentor"],
            )
        assert [(c.name, c.theirs) for c in conflict.value.conflicts] == [
            ("kw-1c", "+ – “Zie observaties”")
        ]
        assert conflict.value.changed_by == world.users["zorgcoordinator"].volledige_naam
        stored = {a.item: a.antwoord for a in go.ChecklistAntwoord.objects.all()}
        assert stored == {"kw-1c": True}  # nothing of the list was saved
        with pytest.raises(ValidationError):
            checklist_update(
                overzicht=overzicht, antwoorden={"xx": (True, "")}, user=world.users["mentor"]
            )


def test_conflict_through_the_page_keeps_the_users_input(world: SchoolWorld, login: Any) -> None:
    with tenant_context(world.school.pk):
        checklist_update(
            overzicht=world.go["overzicht"],
            antwoorden={"bw-c": (True, "Door de zorgcoördinator")},
            user=world.users["zorgcoordinator"],
        )
    response = _post(
        world,
        login("mentor"),
        {
            "antwoord-bw-c": "nee",
            "opmerking-bw-c": "Mijn eigen tekst",
            "gezien-antwoord-bw-c": "open",
            "gezien-opmerking-bw-c": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Mijn eigen tekst" in html
    assert "Door de zorgcoördinator" in html
    # The one conflict notice, naming the colleague, with both answers of the item.
    naam = world.users["zorgcoordinator"].volledige_naam
    assert f"Niet opgeslagen: {naam} heeft dit intussen gewijzigd." in html
    assert "– “Mijn eigen tekst”" in html


@pytest.mark.parametrize("persona", ["docent", "teamleider"])
def test_readers_may_open_but_not_save(persona: str, world: SchoolWorld, login: Any) -> None:
    client = login(persona)
    page = client.get(_url(world))
    assert page.status_code == 200
    assert "Checklist opslaan" not in page.content.decode()
    assert _post(world, client, {"antwoord-bw-a": "ja"}).status_code == 403
    with tenant_context(world.school.pk):
        assert not go.ChecklistAntwoord.objects.exists()


def test_zorgcoordinator_may_save(world: SchoolWorld, login: Any) -> None:
    assert _post(world, login("zorgcoordinator"), {"antwoord-bw-a": "ja"}).status_code == 302


def test_another_schools_overview_is_404(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    client = login("mentor")
    for slug in ("kijkwijzer", "begrijpwijzer"):
        url = _url(world, slug, school_b.go["overzicht"])
        assert client.get(url).status_code == 404
        assert client.post(url, {"antwoord-bw-a": "ja"}).status_code == 404
    with tenant_context(school_b.school.pk):
        assert not go.ChecklistAntwoord.objects.exists()


def test_checklist_page_query_count_does_not_grow(
    world: SchoolWorld, login: Any, django_assert_num_queries: Any
) -> None:
    client = login("mentor")
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for aantal in (8, 32):
        with tenant_context(world.school.pk):
            go.Domein.objects.exclude(pk=world.go["domein"].pk).delete()
            go.Toetsmoment.objects.exclude(pk=world.go["toetsmoment"].pk).delete()
            go.Onderwijsbehoefte.objects.exclude(pk=world.go["behoefte"].pk).delete()
            go.Overzichtregel.objects.exclude(pk=world.go["regel"].pk).delete()
        vul_klas(world, aantal)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(world)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
