"""Beheer: the beheerder manages the roster and staff accounts of their own school.

Views through HTTP, with the database row checked inside the school's tenant context.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from zorgroute import models as m
from zorgroute.beheer import urls as beheer_urls

from .. import factories as f
from ..world import SchoolWorld

pytestmark = pytest.mark.django_db


def url(world: SchoolWorld, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def body(response: Any) -> str:
    return str(response.content.decode())


def test_every_beheer_page_opens_for_the_beheerder(login, world):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    objects = world.objects_by_kwarg()
    for pattern in beheer_urls.urlpatterns:
        assert pattern.name.startswith("beheer-")
        kwargs = {k: objects[k] for k in pattern.pattern.regex.groupindex}
        response = client.get(url(world, pattern.name, **kwargs))
        assert response.status_code == 200, pattern.name
        html = body(response)
        assert "<script>" not in html and "onclick" not in html
        assert 'class="beheer-nav"' in html


@pytest.mark.parametrize(
    "persona", ["mentor", "docent", "zorgcoordinator", "teamleider", "schoolleider", "zat_lid"]
)
def test_other_roles_get_403_and_change_nothing(login, world, in_school, persona):  # type: ignore[no-untyped-def]
    client = login(persona)
    assert client.get(url(world, "beheer-index")).status_code == 403
    assert client.get(url(world, "beheer-groep-list")).status_code == 403
    response = client.post(url(world, "beheer-vak-create"), {"naam": "Latijn", "afkorting": "la"})
    assert response.status_code == 403
    with in_school(world.school):
        assert not m.Vak.objects.filter(afkorting="la").exists()


def test_beheerder_of_another_school_gets_404(login, world):  # type: ignore[no-untyped-def]
    client = login("outsider")  # every role, beheerder included, in school B only
    assert client.get(url(world, "beheer-index")).status_code == 404


# --- schooljaren and periodes ----------------------------------------------------------------


def test_schooljaar_create_and_update(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    start = world.schooljaar.einddatum + dt.timedelta(days=1)
    response = client.post(
        url(world, "beheer-schooljaar-create"),
        {"naam": "volgend", "startdatum": start, "einddatum": start + dt.timedelta(days=364)},
    )
    assert response.status_code == 302
    with in_school(world.school):
        jaar = m.Schooljaar.objects.get(naam="volgend")
        version = jaar.versie
    response = client.post(
        url(world, "beheer-schooljaar-update", schooljaar_id=jaar.pk),
        {
            "naam": "volgend jaar",
            "startdatum": start,
            "einddatum": start + dt.timedelta(days=300),
            "version": version,
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        jaar.refresh_from_db()
    assert jaar.naam == "volgend jaar"
    assert jaar.einddatum == start + dt.timedelta(days=300)


def test_overlapping_schooljaar_names_the_field(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-schooljaar-create"),
        {
            "naam": "dubbel",
            "startdatum": world.schooljaar.startdatum + dt.timedelta(days=10),
            "einddatum": world.schooljaar.einddatum + dt.timedelta(days=10),
        },
    )
    assert response.status_code == 400
    html = body(response)
    assert "Startdatum: Dit schooljaar overlapt met schooljaar" in html
    assert 'value="dubbel"' in html
    with in_school(world.school):
        assert not m.Schooljaar.objects.filter(naam="dubbel").exists()


def test_periode_create_and_update(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    start = world.periode.einddatum + dt.timedelta(days=1)
    response = client.post(
        url(world, "beheer-periode-create", schooljaar_id=world.schooljaar.pk),
        {"naam": "Cyclus 2", "startdatum": start, "einddatum": start + dt.timedelta(weeks=10)},
    )
    assert response.status_code == 302
    with in_school(world.school):
        periode = m.Periode.objects.get(naam="Cyclus 2")
        assert periode.schooljaar_id == world.schooljaar.pk
        version = periode.versie
    response = client.post(
        url(world, "beheer-periode-update", periode_id=periode.pk),
        {
            "naam": "Cyclus 2 (najaar)",
            "startdatum": start,
            "einddatum": start + dt.timedelta(weeks=8),
            "version": version,
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        periode.refresh_from_db()
    assert periode.naam == "Cyclus 2 (najaar)"


def test_periode_outside_schooljaar_keeps_input_and_names_field(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-periode-create", schooljaar_id=world.schooljaar.pk),
        {
            "naam": "Zomercyclus",
            "startdatum": world.schooljaar.einddatum - dt.timedelta(days=5),
            "einddatum": world.schooljaar.einddatum + dt.timedelta(days=20),
        },
    )
    assert response.status_code == 400
    html = body(response)
    assert "Startdatum: Een periode moet binnen het schooljaar" in html
    assert 'value="Zomercyclus"' in html
    # The error is linked to the input for screen readers.
    assert 'aria-describedby="id_startdatum_error"' in html
    assert 'id="id_startdatum_error"' in html
    with in_school(world.school):
        assert not m.Periode.objects.filter(naam="Zomercyclus").exists()


def test_einddatum_before_startdatum_is_an_error_on_einddatum(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    start = world.periode.einddatum + dt.timedelta(days=5)
    response = client.post(
        url(world, "beheer-periode-create", schooljaar_id=world.schooljaar.pk),
        {"naam": "Achterstevoren", "startdatum": start, "einddatum": start - dt.timedelta(days=1)},
    )
    assert response.status_code == 400
    assert "Einddatum: De einddatum ligt vóór de startdatum." in body(response)
    with in_school(world.school):
        assert not m.Periode.objects.filter(naam="Achterstevoren").exists()


# --- afdelingen ------------------------------------------------------------------------------


def test_afdeling_create_update_delete(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    assert client.post(url(world, "beheer-afdeling-create"), {"naam": "Mavo"}).status_code == 302
    with in_school(world.school):
        afdeling = m.Afdeling.objects.get(naam="Mavo")
        version = afdeling.versie
    response = client.post(
        url(world, "beheer-afdeling-update", afdeling_id=afdeling.pk),
        {"naam": "Vmbo-t", "version": version},
    )
    assert response.status_code == 302
    with in_school(world.school):
        afdeling.refresh_from_db()
        assert afdeling.naam == "Vmbo-t"
    response = client.post(url(world, "beheer-afdeling-delete", afdeling_id=afdeling.pk))
    assert response.status_code == 302
    with in_school(world.school):
        assert not m.Afdeling.objects.filter(pk=afdeling.pk).exists()


def test_afdeling_with_a_teamleider_is_not_deleted(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-afdeling-delete", afdeling_id=world.afdeling.pk), follow=True
    )
    assert response.status_code == 200
    assert "er zijn nog teamleiders aan gekoppeld" in body(response)
    with in_school(world.school):
        assert m.Afdeling.objects.filter(pk=world.afdeling.pk).exists()
        assert m.Lidmaatschap.objects.filter(afdeling=world.afdeling).exists()


# --- groepen ---------------------------------------------------------------------------------


def groep_data(world: SchoolWorld, **extra: Any) -> dict[str, Any]:
    return {
        "schooljaar": world.schooljaar.pk,
        "naam": "2C",
        "leerjaar": 2,
        "niveau": m.Niveau.VWO,
        "afdeling": world.afdeling.pk,
        "mentoren": [world.users["docent"].pk],
        **extra,
    }


def test_groep_create_and_update_with_mentoren(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(url(world, "beheer-groep-create"), groep_data(world))
    assert response.status_code == 302
    with in_school(world.school):
        groep = m.Groep.objects.get(naam="2C")
        assert list(groep.mentoren.all()) == [world.users["docent"]]
        assert groep.afdeling_id == world.afdeling.pk
        version = groep.versie
    response = client.post(
        url(world, "beheer-groep-update", groep_id=groep.pk),
        groep_data(
            world, naam="2D", mentoren=[world.users["mentor"].pk], afdeling="", version=version
        ),
    )
    assert response.status_code == 302
    with in_school(world.school):
        groep.refresh_from_db()
        assert groep.naam == "2D"
        assert groep.afdeling_id is None
        assert list(groep.mentoren.all()) == [world.users["mentor"]]


def test_mentor_from_another_school_is_refused(login, world, school_b, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-groep-create"),
        groep_data(world, mentoren=[school_b.users["mentor"].pk]),
    )
    assert response.status_code == 400
    assert "Mentoren:" in body(response)
    with in_school(world.school):
        assert not m.Groep.objects.filter(naam="2C").exists()
        assert not m.Mentoraat.objects.filter(gebruiker=school_b.users["mentor"]).exists()


def test_schooljaar_of_another_school_is_refused(login, world, school_b, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-groep-create"),
        groep_data(world, schooljaar=school_b.schooljaar.pk, afdeling=school_b.afdeling.pk),
    )
    assert response.status_code == 400
    html = body(response)
    assert "Schooljaar:" in html and "Afdeling:" in html
    with in_school(world.school):
        assert not m.Groep.objects.filter(naam="2C").exists()


def test_duplicate_groep_naam_names_the_field(login, world):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(url(world, "beheer-groep-create"), groep_data(world, naam="1A"))
    assert response.status_code == 400
    assert "Naam: Dit schooljaar heeft al een groep met deze naam." in body(response)


def test_groep_page_shows_and_adds_plaatsingen(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    page = client.get(url(world, "beheer-groep-update", groep_id=world.groep.pk))
    assert world.leerling.volledige_naam in body(page)
    with in_school(world.school):
        nieuw = f.LeerlingFactory(school=world.school, voornaam="Noor", achternaam="Visser")
    response = client.post(
        url(world, "beheer-groep-plaatsing-create", groep_id=world.groep.pk),
        {"leerling": nieuw.pk, "startdatum": world.schooljaar.startdatum},
    )
    assert response.status_code == 302
    assert response["Location"] == url(world, "beheer-groep-update", groep_id=world.groep.pk)
    with in_school(world.school):
        assert m.Plaatsing.objects.get(leerling=nieuw).groep_id == world.groep.pk


def test_leerling_of_another_school_cannot_be_placed(login, world, school_b, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-groep-plaatsing-create", groep_id=world.groep.pk),
        {"leerling": school_b.andere_leerling.pk, "startdatum": world.schooljaar.startdatum},
    )
    assert response.status_code == 400
    assert "Leerling:" in body(response)
    with in_school(school_b.school):
        assert m.Plaatsing.objects.filter(leerling=school_b.andere_leerling).count() == 1


# --- vakken ----------------------------------------------------------------------------------


def test_vak_create_update_delete(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(url(world, "beheer-vak-create"), {"naam": "Wiskunde", "afkorting": "wi"})
    assert response.status_code == 302
    with in_school(world.school):
        vak = m.Vak.objects.get(afkorting="wi")
        version = vak.versie
    response = client.post(
        url(world, "beheer-vak-update", vak_id=vak.pk),
        {"naam": "Wiskunde A", "afkorting": "wiA", "version": version},
    )
    assert response.status_code == 302
    with in_school(world.school):
        vak.refresh_from_db()
        assert (vak.naam, vak.afkorting) == ("Wiskunde A", "wiA")
    assert client.post(url(world, "beheer-vak-delete", vak_id=vak.pk)).status_code == 302
    with in_school(world.school):
        assert not m.Vak.objects.filter(pk=vak.pk).exists()


def test_duplicate_vak_afkorting_keeps_input_and_names_field(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-vak-create"), {"naam": "Nederlandse taal", "afkorting": "ne"}
    )
    assert response.status_code == 400
    html = body(response)
    assert "Afkorting: Er is al een vak met deze afkorting." in html
    assert 'value="Nederlandse taal"' in html
    with in_school(world.school):
        assert m.Vak.objects.filter(afkorting="ne").count() == 1


def test_vak_with_lesgroepen_is_not_deleted(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(url(world, "beheer-vak-delete", vak_id=world.vak.pk), follow=True)
    assert response.status_code == 200
    assert "heeft nog lesgroepen en kan niet verwijderd worden" in body(response)
    with in_school(world.school):
        assert m.Vak.objects.filter(pk=world.vak.pk).exists()


# --- lesgroepen ------------------------------------------------------------------------------


def test_lesgroep_for_a_groep_and_for_a_cluster(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    base = {"schooljaar": world.schooljaar.pk, "vak": world.vak.pk}
    response = client.post(
        url(world, "beheer-lesgroep-create"),
        {
            **base,
            "naam": "1B-ne",
            "groep": world.andere_groep.pk,
            "docenten": [world.users["docent"].pk],
        },
    )
    assert response.status_code == 302
    response = client.post(
        url(world, "beheer-lesgroep-create"),
        {
            **base,
            "naam": "ne-plus",
            "groep": "",
            "leerlingen": [world.leerling.pk, world.andere_leerling.pk],
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        klas = m.Lesgroep.objects.get(naam="1B-ne")
        assert klas.groep_id == world.andere_groep.pk
        assert list(klas.docenten.all()) == [world.users["docent"]]
        cluster = m.Lesgroep.objects.get(naam="ne-plus")
        assert cluster.groep_id is None
        assert set(cluster.leerlingen.all()) == {world.leerling, world.andere_leerling}
        version = cluster.versie
    response = client.post(
        url(world, "beheer-lesgroep-update", lesgroep_id=cluster.pk),
        {
            **base,
            "naam": "ne-plus",
            "groep": "",
            "leerlingen": [world.leerling.pk],
            "version": version,
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        assert list(cluster.leerlingen.all()) == [world.leerling]


def test_lesgroep_needs_groep_or_cluster_not_both(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    base = {"schooljaar": world.schooljaar.pk, "vak": world.vak.pk, "naam": "fout"}
    both = client.post(
        url(world, "beheer-lesgroep-create"),
        {**base, "groep": world.groep.pk, "leerlingen": [world.leerling.pk]},
    )
    assert "Leerlingen (alleen bij een cluster): Kies een groep óf" in body(both)
    neither = client.post(url(world, "beheer-lesgroep-create"), {**base, "groep": ""})
    assert "Groep: Kies een groep, of kies de leerlingen" in body(neither)
    with in_school(world.school):
        assert not m.Lesgroep.objects.filter(naam="fout").exists()


def test_lesgroep_with_groep_or_docent_of_another_school_is_refused(  # type: ignore[no-untyped-def]
    login, world, school_b, in_school
):
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lesgroep-create"),
        {
            "schooljaar": world.schooljaar.pk,
            "vak": world.vak.pk,
            "naam": "vreemd",
            "groep": school_b.groep.pk,
            "docenten": [school_b.users["docent"].pk],
        },
    )
    assert response.status_code == 400
    html = body(response)
    assert "Groep:" in html and "Docenten:" in html
    with in_school(world.school):
        assert not m.Lesgroep.objects.filter(naam="vreemd").exists()


# --- leerlingen and plaatsingen ----------------------------------------------------------------


def leerling_data(**extra: Any) -> dict[str, Any]:
    return {
        "voornaam": "Fenna",
        "tussenvoegsel": "de",
        "achternaam": "Boer",
        "geboortedatum": "2013-03-04",
        "leerlingnummer": "990001",
        "eck_id": "",
        **extra,
    }


def test_leerling_create_update_and_place(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(url(world, "beheer-leerling-create"), leerling_data())
    assert response.status_code == 302
    with in_school(world.school):
        leerling = m.Leerling.objects.get(leerlingnummer="990001")
        version = leerling.versie
    assert response["Location"] == url(world, "beheer-leerling-update", leerling_uuid=leerling.uuid)
    response = client.post(
        url(world, "beheer-leerling-update", leerling_uuid=leerling.uuid),
        leerling_data(voornaam="Femke", version=version),
    )
    assert response.status_code == 302
    response = client.post(
        url(world, "beheer-leerling-plaatsing-create", leerling_uuid=leerling.uuid),
        {"groep": world.andere_groep.pk, "startdatum": world.schooljaar.startdatum},
    )
    assert response.status_code == 302
    with in_school(world.school):
        leerling.refresh_from_db()
        assert leerling.voornaam == "Femke"
        plaatsing = m.Plaatsing.objects.get(leerling=leerling)
        assert plaatsing.groep_id == world.andere_groep.pk
    page = client.get(url(world, "beheer-leerling-update", leerling_uuid=leerling.uuid))
    assert world.andere_groep.naam in body(page)


def test_duplicate_leerlingnummer_names_the_field(login, world):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-leerling-create"),
        leerling_data(leerlingnummer=world.leerling.leerlingnummer),
    )
    assert response.status_code == 400
    html = body(response)
    assert "Leerlingnummer: Er is al een leerling met dit leerlingnummer." in html
    assert 'value="Fenna"' in html


def test_overlapping_plaatsing_keeps_input_and_names_field(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    start = world.schooljaar.startdatum + dt.timedelta(days=30)
    response = client.post(
        url(world, "beheer-leerling-plaatsing-create", leerling_uuid=world.leerling.uuid),
        {"groep": world.andere_groep.pk, "startdatum": start},
    )
    assert response.status_code == 400
    html = body(response)
    assert "Startdatum: Deze leerling is in deze periode al geplaatst in groep 1A." in html
    assert f'value="{start.isoformat()}"' in html
    assert f'<option value="{world.andere_groep.pk}" selected>' in html
    with in_school(world.school):
        assert m.Plaatsing.objects.filter(leerling=world.leerling).count() == 1


def test_plaatsing_einddatum_before_startdatum(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    with in_school(world.school):
        version = m.Plaatsing.objects.get(pk=world.plaatsing.pk).versie
    response = client.post(
        url(world, "beheer-plaatsing-update", plaatsing_id=world.plaatsing.pk),
        {
            "groep": world.groep.pk,
            "startdatum": world.schooljaar.startdatum + dt.timedelta(days=10),
            "einddatum": world.schooljaar.startdatum,
            "version": version,
        },
    )
    assert response.status_code == 400
    assert "Einddatum: De einddatum ligt vóór de startdatum." in body(response)
    with in_school(world.school):
        world.plaatsing.refresh_from_db()
    assert world.plaatsing.einddatum is None


def test_plaatsing_in_groep_of_another_school_is_refused(login, world, school_b, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-leerling-plaatsing-create", leerling_uuid=world.andere_leerling.uuid),
        {"groep": school_b.groep.pk, "startdatum": world.schooljaar.startdatum},
    )
    assert response.status_code == 400
    assert "Groep:" in body(response)
    with in_school(world.school):
        assert m.Plaatsing.objects.filter(leerling=world.andere_leerling).count() == 1


def test_plaatsing_end_and_delete(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    with in_school(world.school):
        version = m.Plaatsing.objects.get(pk=world.plaatsing.pk).versie
    einde = world.schooljaar.startdatum + dt.timedelta(days=60)
    response = client.post(
        url(world, "beheer-plaatsing-update", plaatsing_id=world.plaatsing.pk) + "?vanuit=groep",
        {
            "groep": world.groep.pk,
            "startdatum": world.schooljaar.startdatum,
            "einddatum": einde,
            "version": version,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url(world, "beheer-groep-update", groep_id=world.groep.pk)
    with in_school(world.school):
        world.plaatsing.refresh_from_db()
        assert world.plaatsing.einddatum == einde
    response = client.post(url(world, "beheer-plaatsing-delete", plaatsing_id=world.plaatsing.pk))
    assert response.status_code == 302
    with in_school(world.school):
        assert not m.Plaatsing.objects.filter(pk=world.plaatsing.pk).exists()


# --- stale versions --------------------------------------------------------------------------


def test_stale_version_shows_conflict_and_saves_nothing(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    with in_school(world.school):
        stale = m.Vak.objects.get(pk=world.vak.pk).versie
    # A colleague saves in between.
    with in_school(world.school):
        vak = m.Vak.objects.get(pk=world.vak.pk)
        vak.naam = "Nederlands (collega)"
        vak.save()
    response = client.post(
        url(world, "beheer-vak-update", vak_id=world.vak.pk),
        {"naam": "Nederlands (mijn versie)", "afkorting": "ne", "version": stale},
    )
    assert response.status_code == 409
    html = body(response)
    assert "heeft dit intussen gewijzigd" in html
    assert 'value="Nederlands (mijn versie)"' in html  # what the user typed
    assert "Nederlands (collega)" in html  # the current values
    with in_school(world.school):
        vak.refresh_from_db()
        assert vak.naam == "Nederlands (collega)"
        assert f'value="{vak.versie}"' in html  # saving again is a conscious choice


def test_stale_version_on_groep_keeps_mentoren_unchanged(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-groep-update", groep_id=world.groep.pk),
        groep_data(world, naam="1A", version=0),
    )
    assert response.status_code == 409
    assert "heeft dit intussen gewijzigd" in body(response)
    with in_school(world.school):
        assert list(world.groep.mentoren.all()) == [world.users["mentor"]]


def test_missing_version_is_a_conflict(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-afdeling-update", afdeling_id=world.afdeling.pk), {"naam": "Anders"}
    )
    assert response.status_code == 409
    with in_school(world.school):
        world.afdeling.refresh_from_db()
    assert world.afdeling.naam == "Onderbouw"


# --- history ---------------------------------------------------------------------------------


def test_history_records_the_beheerder(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    beheerder = world.users["beheerder"]
    client.post(url(world, "beheer-groep-create"), groep_data(world))
    with in_school(world.school):
        groep = m.Groep.objects.get(naam="2C")
        version = groep.versie
    client.post(
        url(world, "beheer-groep-update", groep_id=groep.pk),
        groep_data(world, naam="2E", version=version),
    )
    with in_school(world.school):
        rows = list(m.Groep.history.filter(id=groep.pk).order_by("history_date"))
        assert [(r.history_type, r.naam) for r in rows] == [("+", "2C"), ("~", "2E")]
        assert all(r.history_user_id == beheerder.pk for r in rows)
        mentoraat = m.Mentoraat.history.get(groep_id=groep.pk)
        assert mentoraat.history_user_id == beheerder.pk


def test_deleting_a_plaatsing_is_in_the_history(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    client.post(url(world, "beheer-plaatsing-delete", plaatsing_id=world.plaatsing.pk))
    with in_school(world.school):
        row = m.Plaatsing.history.filter(id=world.plaatsing.pk).latest("history_date")
    assert row.history_type == "-"
    assert row.history_user_id == world.users["beheerder"].pk


# --- pinned query counts ----------------------------------------------------------------------


def _groepen(world: SchoolWorld, n: int) -> None:
    for i in range(n):
        groep = f.GroepFactory(schooljaar=world.schooljaar, leerjaar=2, naam=f"Q{i}")
        f.MentoraatFactory(groep=groep, gebruiker=world.users["mentor"])
        f.MentoraatFactory(groep=groep)
        for _ in range(3):
            f.PlaatsingFactory(groep=groep)


# Both include the request's fixed cost: savepoint + release (test transaction), three
# set_config calls (app role, tenant), session, user, school, the user's memberships.
# Groep list: + schooljaren (filter) + groepen with counts + mentoren prefetch.
GROEP_LIST_QUERIES = 11
# Leerling list: + paginator count + one page of pupils with their current groep.
LEERLING_LIST_QUERIES = 10


@pytest.mark.parametrize("extra", [0, 6])
def test_groep_list_query_count_is_constant(  # type: ignore[no-untyped-def]
    login, world, django_assert_num_queries, extra
):
    _groepen(world, extra)
    client: Client = login("beheerder")
    with django_assert_num_queries(GROEP_LIST_QUERIES):
        response = client.get(url(world, "beheer-groep-list"))
    assert response.status_code == 200
    assert body(response).count("beheer/groepen/") >= 2 + extra


@pytest.mark.parametrize("extra", [0, 8])
def test_leerling_list_query_count_is_constant(  # type: ignore[no-untyped-def]
    login, world, django_assert_num_queries, extra
):
    for i in range(extra):
        f.PlaatsingFactory(groep=world.groep, leerling__achternaam=f"Zoek{i}")
    client: Client = login("beheerder")
    with django_assert_num_queries(LEERLING_LIST_QUERIES):
        response = client.get(url(world, "beheer-leerling-list"))
    assert response.status_code == 200
    assert body(response).count("beheer/leerlingen/") >= 2 + extra


# --- services directly ------------------------------------------------------------------------


def test_services_refuse_rows_of_another_school(world, school_b, in_school):  # type: ignore[no-untyped-def]
    """Defence in depth behind the forms' choice lists."""
    from django.core.exceptions import ValidationError

    from zorgroute import services

    with in_school(school_b.school):
        foreign_groep = m.Groep.objects.select_related("schooljaar").get(pk=school_b.groep.pk)
    with in_school(world.school):
        with pytest.raises(ValidationError) as exc:
            services.plaatsing_create(
                leerling=world.andere_leerling,
                groep=foreign_groep,
                startdatum=world.schooljaar.startdatum,
                einddatum=None,
            )
        assert "groep" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            services.groep_create(
                school=world.school,
                schooljaar=world.schooljaar,
                naam="X1",
                leerjaar=1,
                niveau=m.Niveau.HAVO,
                afdeling=None,
                mentoren=[school_b.users["mentor"]],
            )
        assert "mentoren" in exc.value.message_dict
        assert not m.Groep.objects.filter(naam="X1").exists()
        assert m.Plaatsing.objects.filter(leerling=world.andere_leerling).count() == 1
