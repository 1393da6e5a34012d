"""Configuring what is measured: services and pages (zorgcoördinator, beheerder)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from groepsoverzicht.hulpzinnen import STANDAARD_HULPZINNEN
from groepsoverzicht.meten import services
from groepsoverzicht.models import Domein, Hulpzin, Ijkpunt, Meetinstrument, Toetsmoment
from opbrengsten.models import Ambitie
from zorgroute.services import DeleteRefused

from ..world import SchoolWorld


def _leeg(world: SchoolWorld, in_school: Any) -> None:
    """Remove the world's measuring configuration (and the results that hang on it)."""
    with in_school(world.school):
        Ambitie.objects.all().delete()
        Ijkpunt.objects.all().delete()
        Hulpzin.objects.all().delete()
        for instrument in Meetinstrument.objects.all():
            instrument.delete()


# --- services ------------------------------------------------------------------------------


def test_standaard_meten_creates_a_vo_configuration_once(
    world: SchoolWorld, in_school: Any
) -> None:
    _leeg(world, in_school)
    with in_school(world.school):
        summary = services.standaard_meten_create(school=world.school)
        assert [i.naam for i in summary.instrumenten] == [
            "Cito VAS basisvaardigheden",
            "SEO-vragenlijst",
        ]
        assert (summary.domeinen, summary.ijkpunten, summary.hulpzinnen) == (8, 16, 62)
        basis = Meetinstrument.objects.get(naam="Cito VAS basisvaardigheden")
        assert basis.schaal == "niveau_i_v" and basis.soort == "basis"
        assert list(basis.domeinen.order_by("volgorde").values_list("code", flat=True)) == [
            "TL",
            "BL",
            "SP",
            "RK",
        ]
        regels = {
            (i.soort, i.drempel, i.drempel_rang, i.reden)
            for i in Ijkpunt.objects.filter(domein__code="BL")
        }
        assert regels == {
            ("onder", "IV", 2, "achterstand"),
            ("dalend", "", None, "achterstand"),
            ("boven", "I", 5, "voorsprong"),
        }
        seo = Meetinstrument.objects.get(naam="SEO-vragenlijst")
        assert seo.schaal == "aandacht"
        assert set(seo.domeinen.values_list("naam", flat=True)) == {
            "Welbevinden",
            "Motivatie",
            "Zelfbeeld",
            "Sociaal gedrag",
        }
        assert set(
            Ijkpunt.objects.filter(domein__instrument=seo).values_list("soort", flat=True)
        ) == {"seo"}
        again = services.standaard_meten_create(school=world.school)
        assert not again.iets_aangemaakt
        assert Ijkpunt.objects.count() == 16


def test_standaard_hulpzinnen_are_all_of_bijlage_7b_in_order(
    world: SchoolWorld, in_school: Any
) -> None:
    assert [c for c, _ in STANDAARD_HULPZINNEN] == [
        "een instructie nodig die",
        "opdrachten nodig die",
        "(leer)activiteiten nodig die",
        "feedback nodig die",
        "groepsleden nodig die",
        "een leeromgeving nodig die",
        "docenten nodig die",
    ]
    with in_school(world.school):
        # The world's school already has one hulpzin: an edited list is left alone.
        assert services.hulpzinnen_standaard_create(school=world.school) == 0
        Hulpzin.objects.all().delete()
        assert services.hulpzinnen_standaard_create(school=world.school) == 62
        zinnen = list(Hulpzin.objects.all())
    assert (zinnen[0].categorie, zinnen[0].tekst) == (
        "een instructie nodig die",
        "kort en duidelijk is",
    )
    assert (zinnen[-1].categorie, zinnen[-1].tekst) == (
        "docenten nodig die",
        "de aanpak van hem goed en eenduidig op elkaar afstemmen",
    )
    assert "net boven zijn niveau liggen, zodat hij cognitieve uitdaging krijgt" in {
        z.tekst for z in zinnen
    }


def test_ijkpunt_drempel_is_checked_and_normalized_in_the_instruments_scale(
    world: SchoolWorld, in_school: Any
) -> None:
    domein = world.go["domein"]  # Cito VAS, niveau I–V
    with in_school(world.school):
        ijkpunt = services.ijkpunt_create(
            school=world.school, domein=domein, soort="onder", drempel=" iv ", reden="achterstand"
        )
        assert (ijkpunt.drempel, ijkpunt.drempel_rang) == ("IV", 2)
        with pytest.raises(ValidationError) as exc:
            services.ijkpunt_create(
                school=world.school, domein=domein, soort="onder", drempel="2F", reden="achterstand"
            )
        assert "drempel" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.ijkpunt_create(
                school=world.school, domein=domein, soort="boven", drempel="", reden="voorsprong"
            )
        assert "drempel" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.ijkpunt_create(school=world.school, domein=domein, soort="seo", reden="seo")
        assert "soort" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.ijkpunt_create(
                school=world.school,
                domein=domein,
                soort="dalend",
                aantal_momenten=1,
                reden="achterstand",
            )
        assert "aantal_momenten" in exc.value.message_dict
        dalend = services.ijkpunt_create(
            school=world.school, domein=domein, soort="dalend", drempel="III", reden="achterstand"
        )
        assert (dalend.drempel, dalend.drempel_rang, dalend.aantal_momenten) == ("", None, 3)


def test_domein_codes_are_upper_case_and_not_an_import_column(
    world: SchoolWorld, in_school: Any
) -> None:
    instrument = world.go["instrument"]
    with in_school(world.school):
        assert services.domein_create(instrument=instrument, code=" tl ", naam="Lezen").code == "TL"
        with pytest.raises(ValidationError) as exc:
            services.domein_create(instrument=instrument, code="naam", naam="Naam")
        assert "code" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.domein_create(instrument=instrument, code="bl", naam="Dubbel")
        assert "code" in exc.value.message_dict


def test_parts_with_results_cannot_be_deleted_or_rescaled(
    world: SchoolWorld, in_school: Any
) -> None:
    instrument, domein, moment = (world.go[k] for k in ("instrument", "domein", "toetsmoment"))
    with in_school(world.school):
        for call in (
            lambda: services.instrument_delete(instrument=instrument),
            lambda: services.domein_delete(domein=domein),
            lambda: services.toetsmoment_delete(toetsmoment=moment),
        ):
            with pytest.raises(DeleteRefused):
                call()
        with pytest.raises(ValidationError) as exc:
            services.instrument_update(
                instrument=instrument,
                version=None,
                user=None,
                naam=instrument.naam,
                soort="basis",
                schaal="cijfer",
                vak=None,
            )
        assert "schaal" in exc.value.message_dict
        leeg = services.toetsmoment_create(
            instrument=instrument, naam="M2", datum=moment.datum.replace(day=1)
        )
        services.toetsmoment_delete(toetsmoment=leeg)
        assert not Toetsmoment.objects.filter(pk=leeg.pk).exists()


def test_an_instrument_whose_domain_has_an_ambitie_is_refused_not_a_500(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        instrument = services.instrument_create(
            school=world.school, naam="Leestoets", soort="basis", schaal="niveau_i_v", vak=None
        )
        domein = services.domein_create(instrument=instrument, code="LT", naam="Lezen")
        Ambitie.objects.create(
            school=world.school,
            schooljaar=world.schooljaar,
            leerjaar=1,
            soort="toets",
            domein=domein,
            drempel="III",
            percentage=80,
        )
        with pytest.raises(DeleteRefused) as exc:
            services.instrument_delete(instrument=instrument)
        assert "LT" in str(exc.value) and "ambitie" in str(exc.value)
        assert Meetinstrument.objects.filter(pk=instrument.pk).exists()


def test_a_vaktoets_needs_its_vak(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        with pytest.raises(ValidationError) as exc:
            services.instrument_create(
                school=world.school, naam="Proefwerk", soort="vak", schaal="cijfer", vak=None
            )
        assert "vak" in exc.value.message_dict
        toets = services.instrument_create(
            school=world.school, naam="Proefwerk", soort="vak", schaal="cijfer", vak=world.vak
        )
        assert toets.cyclus == "B"


# --- pages ---------------------------------------------------------------------------------


def test_index_offers_the_defaults_to_an_empty_school_and_creates_them(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    _leeg(world, in_school)
    client = login("zorgcoordinator")
    slug = world.school.slug
    body = client.get(f"/{slug}/meten/").content.decode()
    assert "Standaardinstellingen aanmaken" in body
    assert client.get(f"/{slug}/meten/standaard/").status_code == 200
    response = client.post(f"/{slug}/meten/standaard/")
    assert response.status_code == 302
    page = client.get(f"/{slug}/meten/").content.decode()
    assert "Cito VAS basisvaardigheden" in page and "Sociaal gedrag" in page
    assert "Standaardinstellingen aanmaken" not in page


def test_beheerder_creates_an_instrument_with_a_domain_and_toetsmoment(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("beheerder")
    slug = world.school.slug
    response = client.post(
        f"/{slug}/meten/instrumenten/nieuw/",
        {"naam": "Diataal", "soort": "basis", "schaal": "referentieniveau", "actief": "on"},
    )
    assert response.status_code == 302
    with in_school(world.school):
        instrument = Meetinstrument.objects.get(naam="Diataal")
    response = client.post(
        f"/{slug}/meten/instrumenten/{instrument.pk}/domeinen/nieuw/",
        {"code": "bl", "naam": "Begrijpend lezen", "volgorde": "1"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/{slug}/meten/instrumenten/{instrument.pk}/toetsmomenten/nieuw/",
        {"naam": "Najaar", "datum": "2026-10-01"},
    )
    assert response.status_code == 302
    with in_school(world.school):
        assert list(instrument.domeinen.values_list("code", flat=True)) == ["BL"]
        assert instrument.toetsmomenten.get().naam == "Najaar"


def test_ijkpunt_form_names_the_drempel_error_and_keeps_the_input(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    url = f"/{world.school.slug}/meten/ijkpunten/nieuw/"
    data = {
        "domein": world.go["domein"].pk,
        "soort": "onder",
        "drempel": "2F",
        "aantal_momenten": "3",
        "leerjaar": "2",
        "reden": "achterstand",
        "actief": "on",
    }
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "2F" in body and "I, II, III, IV of V" in body
    assert 'id="id_drempel_error"' in body
    with in_school(world.school):
        assert Ijkpunt.objects.count() == 1
    data["drempel"] = "iii"
    assert client.post(url, data).status_code == 302
    with in_school(world.school):
        nieuw = Ijkpunt.objects.get(leerjaar=2)
    assert (nieuw.drempel, nieuw.drempel_rang) == ("III", 3)


def test_stale_instrument_edit_is_a_conflict(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    instrument = world.go["instrument"]
    client = login("zorgcoordinator")
    url = f"/{world.school.slug}/meten/instrumenten/{instrument.pk}/"
    page = client.get(url)
    version = page.context["form"]["version"].value()
    with in_school(world.school):
        services.instrument_update(
            instrument=instrument,
            version=None,
            user=None,
            naam="Cito VAS 2",
            soort="basis",
            schaal="niveau_i_v",
            vak=None,
        )
    response = client.post(
        url,
        {
            "naam": "Cito VAS mijn naam",
            "soort": "basis",
            "schaal": "niveau_i_v",
            "actief": "on",
            "version": version,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Cito VAS mijn naam" in body and "Cito VAS 2" in body
    with in_school(world.school):
        assert Meetinstrument.objects.get(pk=instrument.pk).naam == "Cito VAS 2"


def test_hulpzinnen_page_offers_the_standard_list_when_empty(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    url = f"/{world.school.slug}/meten/hulpzinnen/"
    assert "Standaardlijst toevoegen" not in client.get(url).content.decode()
    with in_school(world.school):
        Hulpzin.objects.all().delete()
    assert "Standaardlijst toevoegen" in client.get(url).content.decode()
    response = client.post(f"/{world.school.slug}/meten/hulpzinnen/standaard/")
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "feedback nodig die" in body and "met hem willen samenwerken" in body
    with in_school(world.school):
        assert Hulpzin.objects.count() == 62
    # A second click adds nothing.
    client.post(f"/{world.school.slug}/meten/hulpzinnen/standaard/")
    with in_school(world.school):
        assert Hulpzin.objects.count() == 62


def test_deleting_a_toetsmoment_with_results_is_refused_on_the_page(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    moment = world.go["toetsmoment"]
    client = login("zorgcoordinator")
    url = f"/{world.school.slug}/meten/toetsmomenten/{moment.pk}/verwijderen/"
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert "heeft al resultaten" in response.content.decode()
    with in_school(world.school):
        assert Toetsmoment.objects.filter(pk=moment.pk).exists()


def test_domein_of_another_school_is_not_found(
    world: SchoolWorld, school_b: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    vreemd = school_b.go["domein"]
    url = f"/{world.school.slug}/meten/domeinen/{vreemd.pk}/"
    assert client.post(url, {"code": "XX", "naam": "x", "volgorde": "0"}).status_code == 404
    with in_school(school_b.school):
        assert Domein.objects.get(pk=vreemd.pk).code == "BL"


def test_crucial_moment_crud_through_the_pages(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    slug = world.school.slug
    domein = world.go["domein"]
    bad = client.post(
        f"/{slug}/meten/cruciale-momenten/nieuw/",
        {"naam": "Profielkeuze", "leerjaar": "3", "maand": "13", "vooruitkijken": "4"},
    )
    assert bad.status_code == 200
    assert "Profielkeuze" in bad.content.decode()  # what was typed is kept
    ok = client.post(
        f"/{slug}/meten/cruciale-momenten/nieuw/",
        {
            "naam": "Profielkeuze",
            "leerjaar": "3",
            "maand": "3",
            "domein": domein.pk,
            "vooruitkijken": "4",
        },
    )
    assert ok.status_code == 302
    with in_school(world.school):
        from groepsoverzicht.models import CruciaalMoment

        moment = CruciaalMoment.objects.get(naam="Profielkeuze")
        assert (moment.leerjaar, moment.maand, moment.domein_id) == (3, 3, domein.pk)
    index = client.get(f"/{slug}/meten/").content.decode()
    assert "Profielkeuze" in index
