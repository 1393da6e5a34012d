"""Beheer of staff accounts (Gebruiker, a global table) and their roles in this school."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.auth_helpers import log_in_verified
from zorgroute import models as m

from .. import factories as f
from ..world import SchoolWorld

pytestmark = pytest.mark.django_db


def url(world: SchoolWorld, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def medewerker_data(**extra: Any) -> dict[str, Any]:
    return {
        "email": "  Nieuwe.Collega@Example.org ",
        "voornaam": "Ilse",
        "tussenvoegsel": "van",
        "achternaam": "Dijk",
        "afkorting": "DIJ",
        "password": "een-Lang-wachtwoord-2026",
        "rol": m.Rol.DOCENT,
        "afdeling": "",
        **extra,
    }


def test_create_medewerker_with_first_password(login, world, in_school, client):  # type: ignore[no-untyped-def]
    beheerder = login("beheerder")
    response = beheerder.post(url(world, "beheer-medewerker-create"), medewerker_data())
    assert response.status_code == 302
    gebruiker = m.Gebruiker.objects.get(email="nieuwe.collega@example.org")
    assert gebruiker.volledige_naam == "Ilse van Dijk"
    assert gebruiker.check_password("een-Lang-wachtwoord-2026")
    with in_school(world.school):
        lid = m.Lidmaatschap.objects.get(gebruiker=gebruiker)
    assert lid.rol == m.Rol.DOCENT
    page = beheerder.get(response["Location"])
    assert "Geef het eerste wachtwoord veilig door" in page.content.decode()


def test_new_account_needs_names_and_a_valid_password(login, world):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-create"),
        medewerker_data(voornaam="", password="123"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voornaam: Vul de voornaam in voor het nieuwe account." in html
    assert "Eerste wachtwoord:" in html
    assert "Nieuwe.Collega@Example.org" in html  # what the user typed is kept
    assert not m.Gebruiker.objects.filter(email="nieuwe.collega@example.org").exists()


def test_existing_email_adds_a_role_to_the_existing_account(  # type: ignore[no-untyped-def]
    login, world, school_b, in_school
):
    """A colleague who also works at school B keeps one account; name and password stay."""
    collega = school_b.users["docent"]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-create"),
        medewerker_data(
            email=collega.email.upper(), voornaam="Anders", password="", rol=m.Rol.ZORGCOORDINATOR
        ),
    )
    assert response.status_code == 302
    collega.refresh_from_db()
    assert collega.voornaam != "Anders"
    assert collega.check_password("geheim-wachtwoord-123")
    with in_school(world.school):
        assert m.Lidmaatschap.objects.get(gebruiker=collega).rol == m.Rol.ZORGCOORDINATOR
    with in_school(school_b.school):
        assert m.Lidmaatschap.objects.get(gebruiker=collega).rol == m.Rol.DOCENT
    page = client.get(response["Location"])
    assert "had al een account" in page.content.decode()


def test_same_role_twice_names_the_field(login, world, in_school):  # type: ignore[no-untyped-def]
    docent = world.users["docent"]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lidmaatschap-create", gebruiker_id=docent.pk),
        {"rol": m.Rol.DOCENT, "afdeling": "", "einddatum": ""},
    )
    assert response.status_code == 400
    assert "Rol: Deze medewerker heeft deze rol al op deze school." in response.content.decode()


def test_afdeling_only_for_teamleider(login, world, in_school):  # type: ignore[no-untyped-def]
    docent = world.users["docent"]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lidmaatschap-create", gebruiker_id=docent.pk),
        {"rol": m.Rol.ZORGCOORDINATOR, "afdeling": world.afdeling.pk, "einddatum": ""},
    )
    assert response.status_code == 400
    assert "Afdeling: Alleen een teamleider kan tot een afdeling beperkt worden." in (
        response.content.decode()
    )
    response = client.post(
        url(world, "beheer-lidmaatschap-create", gebruiker_id=docent.pk),
        {"rol": m.Rol.TEAMLEIDER, "afdeling": world.afdeling.pk, "einddatum": ""},
    )
    assert response.status_code == 302
    with in_school(world.school):
        lid = m.Lidmaatschap.objects.get(gebruiker=docent, rol=m.Rol.TEAMLEIDER)
    assert lid.afdeling_id == world.afdeling.pk


def test_afdeling_of_another_school_is_refused(login, world, school_b, in_school):  # type: ignore[no-untyped-def]
    docent = world.users["docent"]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lidmaatschap-create", gebruiker_id=docent.pk),
        {"rol": m.Rol.TEAMLEIDER, "afdeling": school_b.afdeling.pk, "einddatum": ""},
    )
    assert response.status_code == 400
    assert "Afdeling:" in response.content.decode()
    with in_school(world.school):
        assert not m.Lidmaatschap.objects.filter(gebruiker=docent, rol=m.Rol.TEAMLEIDER).exists()


def test_update_name_and_role(login, world, in_school):  # type: ignore[no-untyped-def]
    docent = world.users["docent"]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-update", gebruiker_id=docent.pk),
        {
            "voornaam": "Dirk",
            "tussenvoegsel": "",
            "achternaam": "Docent",
            "afkorting": "DDO",
            "version": docent.versie,
        },
    )
    assert response.status_code == 302
    docent.refresh_from_db()
    assert (docent.voornaam, docent.afkorting) == ("Dirk", "DDO")
    with in_school(world.school):
        lid = m.Lidmaatschap.objects.get(pk=world.lidmaatschap.pk)
        version = lid.versie
    einde = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        url(world, "beheer-lidmaatschap-update", lidmaatschap_id=lid.pk),
        {"rol": m.Rol.DOCENT, "afdeling": "", "einddatum": einde, "version": version},
    )
    assert response.status_code == 302
    with in_school(world.school):
        lid.refresh_from_db()
    assert lid.einddatum == einde


def test_stale_version_on_medewerker_is_a_conflict(login, world):  # type: ignore[no-untyped-def]
    docent = world.users["docent"]
    stale = docent.versie
    docent.voornaam = "Collega-wijziging"
    docent.save()
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-update", gebruiker_id=docent.pk),
        {
            "voornaam": "Mijn",
            "tussenvoegsel": "",
            "achternaam": "X",
            "afkorting": "",
            "version": stale,
        },
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "heeft dit intussen gewijzigd" in html
    assert "Collega-wijziging" in html and 'value="Mijn"' in html
    docent.refresh_from_db()
    assert docent.voornaam == "Collega-wijziging"


def test_end_role_stops_access(login, world, in_school, client):  # type: ignore[no-untyped-def]
    beheerder = login("beheerder")
    response = beheerder.post(
        url(world, "beheer-lidmaatschap-end", lidmaatschap_id=world.lidmaatschap.pk)
    )
    assert response.status_code == 302
    with in_school(world.school):
        lid = m.Lidmaatschap.objects.get(pk=world.lidmaatschap.pk)
        assert lid.einddatum == timezone.localdate() - dt.timedelta(days=1)
        assert lid.history.latest("history_date").history_user_id == world.users["beheerder"].pk
    log_in_verified(client, world.users["docent"])
    assert client.get(url(world, "home")).status_code == 404


def test_beheerder_cannot_end_own_beheerder_role(login, world, in_school):  # type: ignore[no-untyped-def]
    beheerder = world.users["beheerder"]
    with in_school(world.school):
        own = m.Lidmaatschap.objects.get(gebruiker=beheerder)
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lidmaatschap-end", lidmaatschap_id=own.pk), follow=True
    )
    assert "Je kunt je eigen beheerdersrol niet beëindigen" in response.content.decode()
    with in_school(world.school):
        own.refresh_from_db()
    assert own.einddatum is None


def test_only_accounts_of_this_school_can_be_opened(login, world, school_b):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    stranger = school_b.users["docent"]
    no_school = f.GebruikerFactory()
    for user in (stranger, no_school):
        assert (
            client.get(url(world, "beheer-medewerker-update", gebruiker_id=user.pk)).status_code
            == 404
        )
        response = client.post(
            url(world, "beheer-medewerker-update", gebruiker_id=user.pk),
            {"voornaam": "Gekaapt", "achternaam": "X", "version": user.versie},
        )
        assert response.status_code == 404
        user.refresh_from_db()
        assert user.voornaam != "Gekaapt"
    foreign_lid = school_b.lidmaatschap
    assert (
        client.get(
            url(world, "beheer-lidmaatschap-update", lidmaatschap_id=foreign_lid.pk)
        ).status_code
        == 404
    )
    assert (
        client.post(
            url(world, "beheer-lidmaatschap-end", lidmaatschap_id=foreign_lid.pk)
        ).status_code
        == 404
    )


def test_mentor_choices_are_this_schools_staff_only(login, world, school_b):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    html = client.get(url(world, "beheer-groep-create")).content.decode()
    assert world.users["docent"].volledige_naam in html
    assert f'<option value="{school_b.users["mentor"].pk}"' not in html
    # An external ZAT-lid is no mentor.
    assert f'<option value="{world.users["zat_lid"].pk}"' not in html


def test_leerling_search_and_pagination(login, world, in_school):  # type: ignore[no-untyped-def]
    for i in range(55):
        f.LeerlingFactory(school=world.school, achternaam=f"Pagina{i:02d}", voornaam="Test")
    client = login("beheerder")
    first = client.get(url(world, "beheer-leerling-list")).content.decode()
    assert "57 leerlingen" in first and "pagina 1 van 2" in first
    assert first.count("/beheer/leerlingen/") - first.count("/beheer/leerlingen/nieuw/") >= 50
    second = client.get(url(world, "beheer-leerling-list") + "?pagina=2").content.decode()
    assert "pagina 2 van 2" in second
    found = client.get(
        url(world, "beheer-leerling-list") + f"?q=sanne+{world.leerling.achternaam[:6]}"
    ).content.decode()
    assert "1 leerling gevonden" in found and world.leerling.achternaam in found
    nummer = client.get(
        url(world, "beheer-leerling-list") + f"?q={world.andere_leerling.leerlingnummer}"
    ).content.decode()
    assert world.andere_leerling.achternaam in nummer and world.leerling.achternaam not in nummer
