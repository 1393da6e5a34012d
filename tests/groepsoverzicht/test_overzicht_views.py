"""The overview screen through HTTP: list and start, the grid (cyclus A and B), autosaving
cells with the conflict case, signals, onderwijsbehoeften, remarks, rights and query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from groepsoverzicht import models as go
from groepsoverzicht import services
from tests.auth_helpers import log_in_verified
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(world: SchoolWorld, suffix: str = "") -> str:
    return f"/{world.school.slug}/groepsoverzichten/{suffix}"


def _o(world: SchoolWorld, suffix: str = "") -> str:
    return _url(world, f"{world.go['overzicht'].pk}/{suffix}")


def _cel_url(world: SchoolWorld, regel: Any = None) -> str:
    regel = regel or world.go["regel"]
    return _o(world, f"regels/{regel.pk}/cel/")


def _refresh(world: SchoolWorld, obj: Any) -> Any:
    with tenant_context(world.school.pk):
        obj.refresh_from_db()
    return obj


def _text(response: Any) -> str:
    return response.content.decode()


# --- List and create ---------------------------------------------------------------------------


def test_list_groups_by_periode_with_counts(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").get(_url(world))
    text = _text(response)
    assert response.status_code == 200
    assert "Cyclus 1" in text
    assert f"{world.go['overzicht'].pk}/" in text
    assert "Nieuw groepsoverzicht" in text
    # One proposal, no confirmed signal, one need without a goal.
    assert '<td class="num"><span class="let-op-tekst">1</span></td>' in text


def test_list_is_empty_for_a_docent_of_another_class(
    world: SchoolWorld, client: Client, in_school: Any
) -> None:
    stranger = f.GebruikerFactory(email="vreemd@alfa.example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=stranger, rol="docent")
    log_in_verified(client, stranger)
    text = _text(client.get(_url(world)))
    assert f"{world.go['overzicht'].pk}/" not in text
    assert "nog geen groepsoverzichten" in text


def test_create_form_offers_only_own_classes_and_lesgroepen(world: SchoolWorld, login: Any) -> None:
    mentor_page = _text(login("mentor").get(_url(world, "nieuw/")))
    assert f'value="g-{world.groep.pk}"' in mentor_page
    assert f'value="g-{world.andere_groep.pk}"' not in mentor_page
    assert f'value="l-{world.lesgroep.pk}"' not in mentor_page
    docent_page = _text(login("docent").get(_url(world, "nieuw/")))
    assert f'value="l-{world.lesgroep.pk}"' in docent_page
    assert f'value="g-{world.groep.pk}"' not in docent_page
    zorg_page = _text(login("zorgcoordinator").get(_url(world, "nieuw/")))
    assert f'value="g-{world.andere_groep.pk}"' in zorg_page


def test_create_form_preselects_the_class_of_a_link(world: SchoolWorld, login: Any) -> None:
    text = _text(login("mentor").get(_url(world, "nieuw/"), {"keuze": f"g-{world.groep.pk}"}))
    assert f'<option value="g-{world.groep.pk}" selected>' in text


def test_create_refuses_a_class_the_mentor_does_not_have(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").post(
        _url(world, "nieuw/"),
        {"keuze": f"g-{world.andere_groep.pk}", "periode": world.periode.pk},
    )
    assert response.status_code == 400
    assert "Klas of lesgroep: Kies een klas of lesgroep uit de lijst." in _text(response)


def test_create_says_an_overview_exists_already(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").post(
        _url(world, "nieuw/"), {"keuze": f"g-{world.groep.pk}", "periode": world.periode.pk}
    )
    assert response.status_code == 400
    assert "Er is al een groepsoverzicht" in _text(response)
    assert "Open het bestaande groepsoverzicht" in _text(response)


def test_create_carries_the_previous_overview_over(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    volgende = f.PeriodeFactory(
        schooljaar=world.schooljaar,
        naam="Cyclus 2",
        startdatum=world.periode.einddatum + dt.timedelta(days=1),
        einddatum=world.periode.einddatum + dt.timedelta(weeks=10),
    )
    with in_school(world.school):
        go.Overzichtregel.objects.filter(pk=world.go["regel"].pk).update(
            observaties="Leest graag strips."
        )
    client = login("mentor")
    keuze = {"keuze": f"g-{world.groep.pk}", "periode": volgende.pk}
    preview = client.get(_url(world, "nieuw/"), keuze, **HTMX)
    assert "Vorig overzicht gevonden" in _text(preview)
    response = client.post(_url(world, "nieuw/"), {**keuze, "overnemen": "on"})
    assert response.status_code == 302
    with in_school(world.school):
        nieuw = go.Groepsoverzicht.objects.get(periode=volgende)
        regel = nieuw.regels.get()
        assert nieuw.vorige_id == world.go["overzicht"].pk
        assert regel.observaties == "Leest graag strips."
        assert regel.overgenomen
        assert [b.overgenomen for b in regel.onderwijsbehoeften.all()] == [True]
    page = _text(client.get(response["Location"]))
    assert "overgenomen uit" in page  # the success message
    assert "badge-overgenomen" in page


def test_create_cyclus_b_for_a_lesgroep_without_carry_over(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login("docent").post(
        _url(world, "nieuw/"), {"keuze": f"l-{world.lesgroep.pk}", "periode": world.periode.pk}
    )
    assert response.status_code == 302
    with in_school(world.school):
        nieuw = go.Groepsoverzicht.objects.get(lesgroep=world.lesgroep)
        assert nieuw.cyclus == "B"
        assert nieuw.vorige_id is None
        assert nieuw.regels.count() == 1


# --- The page ----------------------------------------------------------------------------------


def test_page_cyclus_a_for_the_mentor(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        go.Overzichtregel.objects.filter(pk=world.go["regel"].pk).update(
            bijzonderheden="Dyslexieverklaring"
        )
    text = _text(login("mentor").get(_o(world)))
    assert ">BL</abbr>" in text
    assert f"<dd>{world.users['mentor'].volledige_naam}</dd>" in text  # Mentor in the header
    assert 'class="score onder' in text  # IV is below the ijkpunt III
    assert "Bijzonderheden" in text and "Dyslexieverklaring" in text
    assert text.count('name="waarde"') == 8  # 7 text columns + aandachtspunten
    assert "BL: IV, onder het ijkpunt III" in text and "Bevestigen" in text
    assert "Onvolledig: doel ontbreekt" in text
    assert "Sanne haakt af bij lange teksten." in text  # open remark in the side panel
    assert 'hx-trigger="change, keyup changed delay:1500ms"' in text
    assert 'aria-live="polite"' in text
    assert "style=" not in text and "onclick" not in text and "<script>" not in text


def test_seo_aandacht_is_highlighted_without_a_threshold(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """An SEO rule on an aandacht scale needs no drempel: "aandacht" is below "geen"."""
    with in_school(world.school):
        svl = go.Meetinstrument.objects.create(
            school=world.school, naam="SVL", soort="seo", schaal="aandacht"
        )
        domein = go.Domein.objects.create(
            school=world.school, instrument=svl, code="WB", naam="Welbevinden"
        )
        go.Ijkpunt.objects.create(school=world.school, domein=domein, soort="seo", reden="seo")
        moment = go.Toetsmoment.objects.create(
            school=world.school, instrument=svl, naam="SVL1", datum=world.periode.startdatum
        )
        go.Resultaat.objects.create(
            school=world.school,
            leerling=world.leerling,
            domein=domein,
            toetsmoment=moment,
            waarde="aandacht",
            rang=0,
            bron="handmatig",
        )
    text = _text(login("mentor").get(_o(world)))
    assert '<span class="score onder laatste" title="SVL1 – onder het ijkpunt">' in text


def test_page_hides_bijzonderheden_and_editing_from_a_docent(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        go.Overzichtregel.objects.filter(pk=world.go["regel"].pk).update(
            bijzonderheden="Dyslexieverklaring", observaties="Concentratie wisselt"
        )
    response = login("docent").get(_o(world))
    text = _text(response)
    assert response.status_code == 200
    assert "Dyslexieverklaring" not in text
    assert "Bijzonderheden" not in text
    assert "Concentratie wisselt" in text
    assert 'name="waarde"' not in text
    assert "Bevestigen" not in text
    assert "Opmerking voor de mentor" in text
    assert "Sanne haakt af" not in text  # remarks are the mentor's


def test_page_cyclus_b(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        toets = go.Meetinstrument.objects.create(
            school=world.school, naam="Methodetoets ne", soort="vak", schaal="cijfer", vak=world.vak
        )
        domein = go.Domein.objects.create(
            school=world.school, instrument=toets, code="H1", naam="Hoofdstuk 1"
        )
        moment = go.Toetsmoment.objects.create(
            school=world.school,
            instrument=toets,
            naam="T1",
            datum=world.periode.startdatum + dt.timedelta(days=7),
        )
        go.Resultaat.objects.create(
            school=world.school,
            leerling=world.leerling,
            domein=domein,
            toetsmoment=moment,
            waarde="6,5",
            rang=Decimal("6.5"),
            bron="handmatig",
        )
        overzicht = services.groepsoverzicht_create(
            groep=world.groep,
            periode=world.periode,
            cyclus="B",
            lesgroep=world.lesgroep,
            user=world.users["docent"],
        )
    text = _text(login("docent").get(_url(world, f"{overzicht.pk}/")))
    assert "Nederlands" in text and ">H1</abbr>" in text and "6,5" in text
    assert f"<dd>{world.users['docent'].volledige_naam}</dd>" in text  # Docent in the header
    assert ">BL</abbr>" not in text  # cyclus A domains stay in cyclus A
    assert "Observaties" in text and "Werkhouding" not in text
    assert text.count('name="waarde"') == 3  # observaties, gesprekken, aandachtspunten
    assert "Opmerking voor de mentor" not in text
    # The mentor of the class reads it; bijzonderheden are not a cyclus B column.
    mentor_text = _text(login("mentor").get(_url(world, f"{overzicht.pk}/")))
    assert 'name="waarde"' not in mentor_text


# --- Autosave and conflicts --------------------------------------------------------------------


def test_cell_autosave_saves_and_records_history(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    regel = world.go["regel"]
    response = login("mentor").post(
        _cel_url(world),
        {"veld": "observaties", "waarde": "Werkt geconcentreerd.\r\nVraagt hulp.", "gezien": ""},
        **HTMX,
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Opgeslagen om" in text
    assert f'id="gezien-{regel.pk}-observaties"' in text and 'hx-swap-oob="true"' in text
    regel = _refresh(world, regel)
    assert regel.observaties == "Werkt geconcentreerd.\nVraagt hulp."
    assert regel.gewijzigd_door == world.users["mentor"]
    with in_school(world.school):
        last = regel.history.latest()
        assert last.observaties == regel.observaties
        assert last.history_user_id == world.users["mentor"].pk


def test_cell_plain_post_redirects_back_to_the_row(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").post(
        _cel_url(world), {"veld": "talenten", "waarde": "Tekenen", "gezien": ""}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#regel-{world.go['regel'].pk}")
    assert _refresh(world, world.go["regel"]).talenten == "Tekenen"


def test_second_editor_gets_both_versions_and_nothing_is_overwritten(
    world: SchoolWorld, school_b: SchoolWorld
) -> None:
    mentor, zorg = Client(), Client()
    log_in_verified(mentor, world.users["mentor"])
    log_in_verified(zorg, world.users["zorgcoordinator"])
    # Both screens showed an empty cell; the mentor saves first.
    first = mentor.post(
        _cel_url(world),
        {"veld": "gesprekken", "waarde": "Gesprek met moeder", "gezien": ""},
        **HTMX,
    )
    assert "Opgeslagen" in _text(first)
    second = zorg.post(
        _cel_url(world), {"veld": "gesprekken", "waarde": "Gesprek met IB", "gezien": ""}, **HTMX
    )
    text = _text(second)
    assert second.status_code == 200
    assert second["HX-Retarget"] == f"#af-{world.go['regel'].pk}-gesprekken"
    assert "Jouw tekst" in text and "Gesprek met IB" in text
    assert f"Tekst van {world.users['mentor'].volledige_naam}" in text
    assert "Gesprek met moeder" in text
    assert "Mijn tekst bewaren" in text and "Tekst van collega overnemen" in text
    assert _refresh(world, world.go["regel"]).gesprekken == "Gesprek met moeder"
    # Without JavaScript the same notice comes as a page with 409.
    plain = zorg.post(
        _cel_url(world), {"veld": "gesprekken", "waarde": "Gesprek met IB", "gezien": ""}
    )
    assert plain.status_code == 409 and "Gesprek met moeder" in _text(plain)
    # "Mijn tekst bewaren" re-posts with the colleague's text as seen: now it is saved.
    keep = zorg.post(
        _cel_url(world),
        {
            "veld": "gesprekken",
            "waarde": "Gesprek met IB",
            "gezien": "Gesprek met moeder",
            "hele_cel": "1",
        },
        **HTMX,
    )
    assert "Opgeslagen om" in _text(keep) and 'name="waarde"' in _text(keep)
    assert _refresh(world, world.go["regel"]).gesprekken == "Gesprek met IB"


def test_aandachtspunten_autosave_and_conflict(world: SchoolWorld, login: Any) -> None:
    url = _o(world, "aandachtspunten/")
    client = login("mentor")
    veld = "aandachtspunten_groep"
    ok = client.post(url, {"veld": veld, "waarde": "Rust na de pauze", "gezien": ""}, **HTMX)
    assert "Opgeslagen om" in _text(ok)
    stale = client.post(url, {"veld": veld, "waarde": "Samenwerken", "gezien": ""}, **HTMX)
    assert "Jouw tekst" in _text(stale) and "Rust na de pauze" in _text(stale)
    assert stale["HX-Retarget"] == "#af-aandachtspunten"
    assert _refresh(world, world.go["overzicht"]).aandachtspunten_groep == "Rust na de pauze"


def test_signalen_opnieuw_berekenen_reports_the_result(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").post(_o(world, "signalen-berekenen/"), follow=True)
    assert "Signalen opnieuw berekend" in _text(response)


# --- Signals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "shown"), [("bevestigd", "Gesignaleerd"), ("afgewezen", "1 afgewezen")]
)
def test_confirm_or_reject_a_proposal(
    world: SchoolWorld, login: Any, status: str, shown: str
) -> None:
    signalering = world.go["signalering"]
    response = login("mentor").post(
        _o(world, f"signaleringen/{signalering.pk}/besluit/"), {"status": status}, **HTMX
    )
    assert response.status_code == 200
    assert shown in _text(response)
    assert f'id="s-{world.go["regel"].pk}"' in _text(response)
    signalering = _refresh(world, signalering)
    assert signalering.status == status
    assert signalering.besloten_door == world.users["mentor"]


def test_manual_flag_needs_a_reason_and_explanation(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    url = _o(world, f"regels/{world.go['regel'].pk}/signaleren/")
    client = login("mentor")
    bad = client.post(url, {"reden": "", "uitleg": "  "})
    text = _text(bad)
    assert bad.status_code == 400
    assert "Reden: Kies een reden voor het signaal." in text
    assert "Toelichting: Schrijf kort op waarom je deze leerling signaleert." in text
    ok = client.post(
        url,
        {"reden": "thuissituatie", "uitleg": "Verhuizing na de kerst", "proactief": "on"},
        **HTMX,
    )
    assert "Gesignaleerd: </span>Thuissituatie" in _text(ok) and "proactief" in _text(ok)
    with in_school(world.school):
        flag = go.Signalering.objects.get(uitleg="Verhuizing na de kerst")
        assert flag.status == "bevestigd" and flag.proactief and flag.ijkpunt_id is None


# --- Onderwijsbehoeften ------------------------------------------------------------------------


def test_need_with_a_hulpzin_and_without_goal_is_saved_as_incomplete(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    regel = world.go["regel"]
    client = login("mentor")
    form = _text(client.get(_o(world, f"regels/{regel.pk}/behoeften/nieuw/"), **HTMX))
    assert (
        'data-zin="Om dit doel te bereiken heeft deze leerling een instructie nodig die kort'
        in form
    )
    assert '<optgroup label="een instructie nodig die">' in form
    response = client.post(
        _o(world, f"regels/{regel.pk}/behoeften/nieuw/"),
        {"soort": "pedagogisch", "doel": "", "behoefte": "", "hulpzin": world.go["hulpzin"].pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Onvolledig: doel ontbreekt" in _text(response)
    with in_school(world.school):
        nieuw = go.Onderwijsbehoefte.objects.filter(regel=regel).latest("created_at")
        assert nieuw.behoefte == (
            "Om dit doel te bereiken heeft deze leerling een instructie nodig die kort en "
            "duidelijk is"
        )
        assert not nieuw.is_compleet


def test_need_without_any_text_is_refused_with_a_dutch_error(
    world: SchoolWorld, login: Any
) -> None:
    response = login("mentor").post(
        _o(world, f"regels/{world.go['regel'].pk}/behoeften/nieuw/"),
        {"soort": "didactisch", "doel": "Leest in mei op niveau III", "behoefte": ""},
    )
    assert response.status_code == 400
    assert "Wat heeft de leerling nodig: vul dit in of kies een hulpzin." in _text(response)


def test_need_update_with_a_stale_version_shows_both_and_keeps_the_colleagues(
    world: SchoolWorld, login: Any
) -> None:
    behoefte = world.go["behoefte"]
    url = _o(world, f"behoeften/{behoefte.pk}/")
    client = login("mentor")
    data = {
        "soort": "didactisch",
        "doel": "Eind periode niveau III",
        "behoefte": "Verlengde instructie",
    }
    ok = client.post(url, {**data, "version": behoefte.versie}, **HTMX)
    assert "Eind periode niveau III" in _text(ok) and "Onvolledig" not in _text(ok)
    stale = client.post(url, {**data, "doel": "Iets anders", "version": behoefte.versie}, **HTMX)
    text = _text(stale)
    assert "Jouw invoer" in text and "Iets anders" in text
    assert "Tekst van collega" in text and "Eind periode niveau III" in text
    assert f"Versie van {world.users['mentor'].volledige_naam}" in text
    assert "Mijn tekst bewaren" in text
    assert _refresh(world, behoefte).doel == "Eind periode niveau III"


def test_need_delete(world: SchoolWorld, login: Any, in_school: Any) -> None:
    behoefte = world.go["behoefte"]
    response = login("mentor").post(_o(world, f"behoeften/{behoefte.pk}/verwijderen/"), **HTMX)
    assert response.status_code == 200
    with in_school(world.school):
        assert not go.Onderwijsbehoefte.objects.filter(pk=behoefte.pk).exists()


# --- Remarks -----------------------------------------------------------------------------------


def test_docent_leaves_a_remark_and_the_mentor_handles_it(
    world: SchoolWorld, client: Client, in_school: Any
) -> None:
    log_in_verified(client, world.users["docent"])
    response = client.post(
        _o(world, "opmerkingen/nieuw/"),
        {"leerling": str(world.leerling.pk), "tekst": "Sanne mist vaak huiswerk."},
        **HTMX,
    )
    assert response.status_code == 200 and "Verstuurd" in _text(response)
    with in_school(world.school):
        opmerking = go.Opmerking.objects.get(tekst="Sanne mist vaak huiswerk.")
        assert opmerking.leerling_id == world.leerling.pk
        assert opmerking.auteur == world.users["docent"]
    log_in_verified(client, world.users["mentor"])
    assert "Sanne mist vaak huiswerk." in _text(client.get(_o(world)))
    done = client.post(_o(world, f"opmerkingen/{opmerking.pk}/afhandelen/"), **HTMX)
    assert "Sanne mist vaak huiswerk." not in _text(done)
    assert _refresh(world, opmerking).afgehandeld


def test_empty_remark_is_refused(world: SchoolWorld, login: Any) -> None:
    response = login("docent").post(_o(world, "opmerkingen/nieuw/"), {"tekst": " "})
    assert response.status_code == 400
    assert "Opmerking voor de mentor: Schrijf een opmerking." in _text(response)


# --- Rights ------------------------------------------------------------------------------------

WRITES = {
    "cel": lambda w: (_cel_url(w), {"veld": "observaties", "waarde": "x", "gezien": ""}),
    "aandachtspunten": lambda w: (
        _o(w, "aandachtspunten/"),
        {"veld": "aandachtspunten_groep", "waarde": "x", "gezien": ""},
    ),
    "berekenen": lambda w: (_o(w, "signalen-berekenen/"), {}),
    "besluit": lambda w: (
        _o(w, f"signaleringen/{w.go['signalering'].pk}/besluit/"),
        {"status": "bevestigd"},
    ),
    "signaleren": lambda w: (
        _o(w, f"regels/{w.go['regel'].pk}/signaleren/"),
        {"reden": "gedrag", "uitleg": "x"},
    ),
    "behoefte-nieuw": lambda w: (
        _o(w, f"regels/{w.go['regel'].pk}/behoeften/nieuw/"),
        {"soort": "didactisch", "behoefte": "x"},
    ),
    "behoefte-wijzig": lambda w: (
        _o(w, f"behoeften/{w.go['behoefte'].pk}/"),
        {"soort": "didactisch", "behoefte": "x", "version": 1},
    ),
    "behoefte-weg": lambda w: (_o(w, f"behoeften/{w.go['behoefte'].pk}/verwijderen/"), {}),
    "afhandelen": lambda w: (_o(w, f"opmerkingen/{w.go['opmerking'].pk}/afhandelen/"), {}),
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("docent", 403),
        ("teamleider", 403),
        ("schoolleider", 403),
        ("beheerder", 403),
        ("outsider", 404),
    ],
)
def test_read_only_personas_cannot_write(
    world: SchoolWorld, login: Any, in_school: Any, write: str, persona: str, expected: int
) -> None:
    url, data = WRITES[write](world)
    before = _state(world, in_school)
    assert login(persona).post(url, data, **HTMX).status_code == expected
    assert _state(world, in_school) == before


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("persona", ["mentor", "zorgcoordinator"])
def test_editors_may_write(world: SchoolWorld, login: Any, write: str, persona: str) -> None:
    url, data = WRITES[write](world)
    # Re-running the rules reloads the whole page (a redirect); the others answer a fragment.
    expected = 302 if write == "berekenen" else 200
    assert login(persona).post(url, data, **HTMX).status_code == expected


def _state(world: SchoolWorld, in_school: Any) -> tuple[Any, ...]:
    with in_school(world.school):
        regel = go.Overzichtregel.objects.get(pk=world.go["regel"].pk)
        return (
            regel.versie,
            go.Groepsoverzicht.objects.get(pk=world.go["overzicht"].pk).versie,
            tuple(go.Signalering.objects.values_list("pk", "status").order_by("pk")),
            tuple(go.Onderwijsbehoefte.objects.values_list("pk", "versie").order_by("pk")),
            tuple(go.Opmerking.objects.values_list("pk", "afgehandeld").order_by("pk")),
        )


def test_ids_of_another_overview_give_404(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        ander = services.groepsoverzicht_create(
            groep=world.andere_groep,
            periode=world.periode,
            cyclus="A",
            user=world.users["zorgcoordinator"],
        )
        regel = ander.regels.get()
        behoefte = services.onderwijsbehoefte_create(regel=regel, soort="didactisch", behoefte="x")
        signaal = services.signalering_create(
            regel=regel, reden="gedrag", uitleg="x", user=world.users["zorgcoordinator"]
        )
        opmerking = services.opmerking_create(
            overzicht=ander, tekst="x", user=world.users["zorgcoordinator"]
        )
    client = login("zorgcoordinator")  # sees and changes both overviews
    posts = [
        (_cel_url(world, regel), {"veld": "observaties", "waarde": "x", "gezien": ""}),
        (_o(world, f"regels/{regel.pk}/signaleren/"), {"reden": "gedrag", "uitleg": "x"}),
        (
            _o(world, f"regels/{regel.pk}/behoeften/nieuw/"),
            {"soort": "didactisch", "behoefte": "x"},
        ),
        (
            _o(world, f"behoeften/{behoefte.pk}/"),
            {"soort": "didactisch", "behoefte": "y", "version": 1},
        ),
        (_o(world, f"behoeften/{behoefte.pk}/verwijderen/"), {}),
        (_o(world, f"signaleringen/{signaal.pk}/besluit/"), {"status": "afgewezen"}),
        (_o(world, f"opmerkingen/{opmerking.pk}/afhandelen/"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data, **HTMX).status_code == 404, url
        assert client.get(url).status_code == 404, url
    assert client.get(_o(world, f"regels/{regel.pk}/")).status_code == 404
    with in_school(world.school):
        regel.refresh_from_db()
        assert regel.observaties == "" and regel.versie == 1
        assert go.Onderwijsbehoefte.objects.get(pk=behoefte.pk).behoefte == "x"
        assert go.Signalering.objects.get(pk=signaal.pk).status == "bevestigd"


# --- Query counts ------------------------------------------------------------------------------

DOMEINEN = [("basis", "TL"), ("basis", "SP"), ("basis", "RK"), ("seo", "WB"), ("seo", "MO")]


def _fill(world: SchoolWorld, leerlingen: int) -> None:
    """The world's class with `leerlingen` pupils, 6 domains × 3 test moments of results, and
    per pupil a signal, a need and a text cell."""
    school = world.school
    overzicht = world.go["overzicht"]
    extra = [f.PlaatsingFactory(groep=world.groep).leerling for _ in range(leerlingen - 1)]
    with tenant_context(school.pk):
        seo = go.Meetinstrument.objects.create(
            school=school, naam="SVL", soort="seo", schaal="niveau_a_e"
        )
        instrumenten = {"basis": world.go["instrument"], "seo": seo}
        domeinen = [world.go["domein"]] + [
            go.Domein.objects.create(school=school, instrument=instrumenten[s], code=c, naam=c)
            for s, c in DOMEINEN
        ]
        start = world.periode.startdatum
        momenten = {
            key: [
                go.Toetsmoment.objects.create(
                    school=school, instrument=inst, naam=f"{key}{i}", datum=start + dt.timedelta(i)
                )
                for i in range(3)
            ]
            for key, inst in instrumenten.items()
        }
        nieuw = go.Overzichtregel.objects.bulk_create(
            go.Overzichtregel(school=school, groepsoverzicht=overzicht, leerling=leerling)
            for leerling in extra
        )
        regels = [world.go["regel"], *nieuw]
        alle = [world.leerling, *extra]
        go.Resultaat.objects.filter(leerling__in=alle).delete()
        go.Resultaat.objects.bulk_create(
            go.Resultaat(
                school=school,
                leerling=leerling,
                domein=domein,
                toetsmoment=moment,
                waarde="III",
                rang=Decimal(3 - i % 2),
                bron="import",
            )
            for leerling in alle
            for domein in domeinen
            for i, moment in enumerate(
                momenten["seo" if domein.instrument_id == seo.pk else "basis"]
            )
        )
        for regel in regels[1:]:
            go.Signalering.objects.create(
                school=school, regel=regel, reden="gedrag", uitleg="x", status="bevestigd"
            )
            go.Onderwijsbehoefte.objects.create(
                school=school, regel=regel, soort="didactisch", doel="d", behoefte="b"
            )
        go.Overzichtregel.objects.filter(groepsoverzicht=overzicht).update(observaties="tekst")


#: The request overhead in tests is 8 (savepoint, role, session, user, school, membership,
#: restore, release); the page adds the overview with rights and mentor name (1), the grid
#: (5) and the open remarks (1).
PAGE_QUERIES = 15
#: Saving a cell: the overview (1), the row (1), savepoint, lock, update, history, release.
CELL_QUERIES = 15


@pytest.mark.parametrize("leerlingen", [8, 32])
def test_page_query_count_is_flat(
    world: SchoolWorld, client: Client, django_assert_num_queries: Any, leerlingen: int
) -> None:
    _fill(world, leerlingen)
    log_in_verified(client, world.users["mentor"])
    client.get(_o(world))  # warm up the session
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(_o(world))
    assert response.status_code == 200
    assert _text(response).count('class="col-naam"') == leerlingen + 1


@pytest.mark.parametrize("leerlingen", [8, 32])
def test_cell_save_query_count_is_flat(
    world: SchoolWorld, client: Client, django_assert_num_queries: Any, leerlingen: int
) -> None:
    _fill(world, leerlingen)
    log_in_verified(client, world.users["mentor"])
    client.get(_o(world))
    with django_assert_num_queries(CELL_QUERIES):
        response = client.post(
            _cel_url(world), {"veld": "observaties", "waarde": "nieuw", "gezien": "tekst"}, **HTMX
        )
    assert "Opgeslagen" in _text(response)
