"""The opbrengsten pages through HTTP: ambities (versioned saves), drill-down permissions,
the exports (CSV, the PDF job) and the board view's tenant isolation."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from pypdf import PdfReader

from opbrengsten.models import Ambitie
from tests.auth_helpers import log_in_verified
from zorgroute import models as m

from .. import factories as f
from ..world import SchoolWorld, build_school
from . import data


def _url(world: SchoolWorld, pad: str) -> str:
    return f"/{world.school.slug}/opbrengsten/{pad}"


# --- Ambities ------------------------------------------------------------------------------


def _velden(prefix: str, **waarden: Any) -> dict[str, Any]:
    basis = {"soort": "toets", "leerjaar": 2, "domein": "", "drempel": "", "percentage": 80}
    basis.update(waarden)
    return {f"{prefix}-{k}": v for k, v in basis.items()}


def test_schoolleider_sets_an_ambitie_and_a_wrong_level_names_the_scale(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("schoolleider")
    url = _url(world, f"ambities/{world.schooljaar.pk}/nieuw/")
    fout = client.post(url, _velden("nieuw", domein=world.go["domein"].pk, drempel="2F"))
    assert fout.status_code == 400
    tekst = fout.content.decode()
    assert "past niet bij de schaal van Cito VAS" in tekst
    assert 'value="80"' in tekst  # what was typed is kept
    ok = client.post(url, _velden("nieuw", domein=world.go["domein"].pk, drempel="ii"))
    assert ok.status_code == 302
    with in_school(world.school):
        ambitie = Ambitie.objects.get(leerjaar=2, soort="toets")
    assert (ambitie.drempel, ambitie.drempel_rang, ambitie.percentage) == ("II", 4, 80)
    # The same leerjaar and domain twice: the constraint's message, on the form.
    dubbel = client.post(url, _velden("nieuw", domein=world.go["domein"].pk, drempel="III"))
    assert dubbel.status_code == 400
    assert "al een ambitie" in dubbel.content.decode()
    # A goals ambitie needs no domain; a toets ambitie does.
    geen_domein = client.post(url, _velden("nieuw", drempel="III"))
    assert "Kies het domein van de toets" in geen_domein.content.decode()
    assert client.post(url, _velden("nieuw", soort="doelen", percentage=90)).status_code == 302
    page = client.get(_url(world, f"ambities/?schooljaar={world.schooljaar.pk}")).content.decode()
    assert "90% van de doelen bereikt in leerjaar 2" in page


def test_a_stale_ambitie_save_is_refused_and_keeps_the_input(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    ambitie = world.ob["ambitie"]
    oud = ambitie.versie
    client = login("schoolleider")
    url = _url(world, f"ambitie/{ambitie.pk}/")
    prefix = f"a{ambitie.pk}"
    velden = _velden(prefix, leerjaar=1, domein=world.go["domein"].pk, drempel="III")
    eerst = client.post(url, {**velden, f"{prefix}-version": oud, f"{prefix}-percentage": 70})
    assert eerst.status_code == 302
    tweede = client.post(url, {**velden, f"{prefix}-version": oud, f"{prefix}-percentage": 95})
    assert tweede.status_code == 409
    tekst = tweede.content.decode()
    naam = world.users["schoolleider"].volledige_naam
    assert f"Niet opgeslagen: {naam} heeft dit intussen gewijzigd" in tekst
    assert 'value="95"' in tekst
    with in_school(world.school):
        assert Ambitie.objects.get(pk=ambitie.pk).percentage == 70
        nieuw = Ambitie.objects.get(pk=ambitie.pk).versie
    # A stale removal is refused too (409), naming who changed it.
    assert client.post(url, {f"{prefix}-version": oud, "verwijderen": "1"}).status_code == 409
    weg = client.post(url, {f"{prefix}-version": nieuw, "verwijderen": "1"})
    assert weg.status_code == 302
    with in_school(world.school):
        assert not Ambitie.objects.filter(pk=ambitie.pk).exists()


def test_ambities_are_copied_from_last_year(world: SchoolWorld, login: Any, in_school: Any) -> None:
    jaar = world.schooljaar
    nieuw = f.SchooljaarFactory(
        school=world.school,
        startdatum=jaar.startdatum.replace(year=jaar.startdatum.year + 1),
        einddatum=jaar.einddatum.replace(year=jaar.einddatum.year + 1),
    )
    client = login("schoolleider")
    url = _url(world, f"ambities/{nieuw.pk}/kopieren/")
    assert client.post(url, {"bron": jaar.pk}).status_code == 302
    assert client.post(url, {"bron": jaar.pk}).status_code == 400  # not twice
    with in_school(world.school):
        assert Ambitie.objects.filter(schooljaar=nieuw).count() == 1


# --- Drill-down ----------------------------------------------------------------------------


def test_drill_down_shows_pupils_only_to_roles_that_may_open_them(
    world: SchoolWorld, client: Client
) -> None:
    k = data.klas(world, "2A", leerjaar=2, n=7)
    data.signaleer(world, k, 6)
    naam = k.leerlingen[0].achternaam
    url = _url(world, f"groepen/{k.groep.pk}/?schooljaar={world.schooljaar.pk}")
    log_in_verified(client, world.users["schoolleider"])
    page = client.get(url).content.decode()
    assert naam not in page
    assert "Je ziet hier alleen aantallen" in page
    assert ">6<" in page  # the class's number itself is an aggregate of 6
    # The class list behind a number links to this page.
    drill = client.get(
        _url(world, f"uitsplitsing/?schooljaar={world.schooljaar.pk}&maat=signalering&label=BL")
    ).content.decode()
    assert f"/opbrengsten/groepen/{k.groep.pk}/" in drill
    # The zorgcoördinator sees every pupil; the schoolleider once the school allows it.
    log_in_verified(client, world.users["zorgcoordinator"])
    assert naam in client.get(url).content.decode()
    world.school.schoolleider_ziet_dossiers = True
    world.school.save()
    log_in_verified(client, world.users["schoolleider"])
    assert naam in client.get(url).content.decode()


def test_a_class_of_another_school_is_not_found(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    url = _url(world, f"groepen/{school_b.groep.pk}/")
    assert login("schoolleider").get(url).status_code == 404


# --- Exports -------------------------------------------------------------------------------


def test_csv_per_chart_and_formula_text_is_neutralised(world: SchoolWorld, login: Any) -> None:
    a = data.klas(world, "2A", leerjaar=2, n=6)
    b = data.klas(world, "2B", leerjaar=2, n=6)
    data.evalueer(world, a, bereikt=6, deels=0, niet=0, aanpak="=HYPERLINK(1)")
    data.evalueer(world, b, bereikt=6, deels=0, niet=0, aanpak="=hyperlink(1)")
    client = login("schoolleider")
    base = f"?schooljaar={world.schooljaar.pk}"
    resp = client.get(_url(world, f"csv/{base}&onderdeel=interventies"))
    assert resp["Content-Type"].startswith("text/csv")
    tekst = resp.content.decode("utf-8-sig")
    # The typed approach (two plans, 12 goals, all reached) starts with ' in the CSV.
    assert "'=hyperlink(1);12;0;0;12;100%" in tekst
    assert client.get(_url(world, f"csv/{base}&onderdeel=bestaat-niet")).status_code == 404
    alles = client.get(_url(world, f"csv/{base}")).content.decode("utf-8-sig")
    assert "Cyclus op tijd" in alles and "Zorgstroom" in alles


def test_pdf_report_is_made_in_the_background_with_the_charts(
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    k = data.klas(world, "2A", leerjaar=2, n=8)
    data.signaleer(world, k, 6)
    client = login("schoolleider")
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            _url(world, "rapport/"), {"schooljaar": world.schooljaar.pk, "leerjaar": "2"}
        )
    assert resp.status_code == 302
    assert "/downloads/" in resp["Location"]
    with in_school(world.school):
        taak = m.Achtergrondtaak.objects.get(soort="opbrengsten-rapport")
        assert taak.status == m.TaakStatus.KLAAR, taak.fout
        assert taak.stap == taak.totaal == 6
        reader = PdfReader(io.BytesIO(taak.bestand.read()))
    tekst = "\n".join(page.extract_text() for page in reader.pages)
    assert "Gesignaleerde leerlingen per domein" in tekst  # a chart's title (SVG text)
    assert "leerjaar 2" in tekst
    assert k.leerlingen[0].achternaam not in tekst
    # The downloads page shows it to the requester.
    assert client.get(resp["Location"]).status_code == 200


# --- Board ---------------------------------------------------------------------------------


def test_board_compares_only_schools_with_a_membership(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    """A schoolleider of two schools of one board sees both side by side; a third school of
    the same board where they have no membership is not read, nor is school B (another
    board)."""
    leider = world.users["schoolleider"]
    tweede = build_school("gamma", organisatie=world.school.organisatie)
    derde = build_school("delta", organisatie=world.school.organisatie)
    f.LidmaatschapFactory(school=tweede.school, gebruiker=leider, rol=m.Rol.SCHOOLLEIDER)
    data.signaleer(tweede, data.klas(tweede, "2A", leerjaar=2, n=9), 9)
    data.signaleer(derde, data.klas(derde, "2A", leerjaar=2, n=9), 9)
    client = login("schoolleider")
    dash = client.get(_url(world, "")).content.decode()
    assert "Scholen van het bestuur vergelijken" in dash
    page = client.get(_url(world, "bestuur/")).content.decode()
    assert world.school.naam in page and tweede.school.naam in page
    assert derde.school.naam not in page and school_b.school.naam not in page
    assert ">9<" in page  # gamma's 9 signalled pupils
    # A leerjaar out of range is a notice, not an error.
    fout = client.get(_url(world, "bestuur/?leerjaar=12"))
    assert fout.status_code == 200 and "bestaat niet" in fout.content.decode()
    # The zorgcoördinator of one school has no board view link.
    assert (
        "bestuur vergelijken" not in login("zorgcoordinator").get(_url(world, "")).content.decode()
    )
