"""Beheer of a school's staff: invitations, the per-school staff record (Medewerker) and
roles (Lidmaatschap) in this school."""

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
        "rol": m.Rol.DOCENT,
        "afdeling": "",
        **extra,
    }


def test_invite_a_new_medewerker(  # type: ignore[no-untyped-def]
    login, world, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    """A new address gets an invitation, no account: the person chooses name and password."""
    beheerder = login("beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        response = beheerder.post(url(world, "beheer-medewerker-create"), medewerker_data())
    assert response.status_code == 302
    assert response["Location"] == url(world, "beheer-medewerker-list")
    assert not m.Gebruiker.objects.filter(email__iexact="nieuwe.collega@example.org").exists()
    with in_school(world.school):
        medewerker = m.Medewerker.objects.get(email="nieuwe.collega@example.org")
        uitnodiging = medewerker.uitnodigingen.get()
    assert medewerker.gebruiker is None and medewerker.afkorting == "DIJ"
    assert (uitnodiging.rol, uitnodiging.uitgenodigd_door) == (
        m.Rol.DOCENT,
        world.users["beheerder"],
    )
    [mail] = mailoutbox
    assert mail.to == ["nieuwe.collega@example.org"]
    assert mail.subject == f"Je bent uitgenodigd voor {world.school.naam}"
    page = beheerder.get(response["Location"]).content.decode()
    assert "Er is een uitnodiging voor" in page and "Uitgenodigd als docent" in page


def test_an_invitation_needs_names(login, world):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(url(world, "beheer-medewerker-create"), medewerker_data(voornaam=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Voornaam:" in html
    assert "Nieuwe.Collega@Example.org" in html  # what the user typed is kept


def test_an_address_already_on_the_staff_list_is_refused(login, world, in_school):  # type: ignore[no-untyped-def]
    """This school's own staff list, not other schools': a second invitation is refused."""
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-create"),
        medewerker_data(email=world.users["docent"].email.upper()),
    )
    assert response.status_code == 400
    assert "Er is al een medewerker met dit e-mailadres." in response.content.decode()


def test_invitation_can_be_sent_again(  # type: ignore[no-untyped-def]
    login, world, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    client = login("beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(world, "beheer-medewerker-create"), medewerker_data())
    with in_school(world.school):
        medewerker = m.Medewerker.objects.get(email="nieuwe.collega@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(world, "beheer-uitnodiging-opnieuw", medewerker_id=medewerker.pk)
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    with in_school(world.school):
        first, second = medewerker.uitnodigingen.order_by("created_at", "pk")
    assert first.gebruikt_op is not None and second.gebruikt_op is None
    # An accepted medewerker gets no new invitation.
    response = client.post(
        url(world, "beheer-uitnodiging-opnieuw", medewerker_id=world.medewerker.pk),
        follow=True,
    )
    assert "heeft de uitnodiging al aangenomen" in response.content.decode()


def test_same_role_twice_names_the_field(login, world, in_school):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lidmaatschap-create", medewerker_id=world.medewerker.pk),
        {"rol": m.Rol.DOCENT, "afdeling": "", "einddatum": ""},
    )
    assert response.status_code == 400
    assert "Rol: Deze medewerker heeft deze rol al op deze school." in response.content.decode()


def test_afdeling_only_for_teamleider(login, world, in_school):  # type: ignore[no-untyped-def]
    docent = world.users["docent"]
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-lidmaatschap-create", medewerker_id=world.medewerker.pk),
        {"rol": m.Rol.ZORGCOORDINATOR, "afdeling": world.afdeling.pk, "einddatum": ""},
    )
    assert response.status_code == 400
    assert "Afdeling: Alleen een teamleider kan tot een afdeling beperkt worden." in (
        response.content.decode()
    )
    response = client.post(
        url(world, "beheer-lidmaatschap-create", medewerker_id=world.medewerker.pk),
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
        url(world, "beheer-lidmaatschap-create", medewerker_id=world.medewerker.pk),
        {"rol": m.Rol.TEAMLEIDER, "afdeling": school_b.afdeling.pk, "einddatum": ""},
    )
    assert response.status_code == 400
    assert "Afdeling:" in response.content.decode()
    with in_school(world.school):
        assert not m.Lidmaatschap.objects.filter(gebruiker=docent, rol=m.Rol.TEAMLEIDER).exists()


def test_update_name_and_role(login, world, in_school):  # type: ignore[no-untyped-def]
    """The school's own record changes; the account's name is its holder's."""
    docent = world.users["docent"]
    account_naam = docent.volledige_naam
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-update", medewerker_id=world.medewerker.pk),
        {
            "voornaam": "Dirk",
            "tussenvoegsel": "",
            "achternaam": "Docent",
            "afkorting": "DDO",
            "version": world.medewerker.versie,
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        medewerker = m.Medewerker.objects.get(pk=world.medewerker.pk)
    assert (medewerker.volledige_naam, medewerker.afkorting) == ("Dirk Docent", "DDO")
    docent.refresh_from_db()
    assert docent.volledige_naam == account_naam
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


def test_stale_version_on_medewerker_is_a_conflict(login, world, in_school):  # type: ignore[no-untyped-def]
    stale = world.medewerker.versie
    with in_school(world.school):
        medewerker = m.Medewerker.objects.get(pk=world.medewerker.pk)
        medewerker.voornaam = "Collega-wijziging"
        medewerker.save()
    client = login("beheerder")
    response = client.post(
        url(world, "beheer-medewerker-update", medewerker_id=medewerker.pk),
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
    with in_school(world.school):
        medewerker.refresh_from_db()
    assert medewerker.voornaam == "Collega-wijziging"


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


def test_only_staff_of_this_school_can_be_opened(login, world, school_b):  # type: ignore[no-untyped-def]
    client = login("beheerder")
    stranger = school_b.medewerker
    assert (
        client.get(url(world, "beheer-medewerker-update", medewerker_id=stranger.pk)).status_code
        == 404
    )
    response = client.post(
        url(world, "beheer-medewerker-update", medewerker_id=stranger.pk),
        {"voornaam": "Gekaapt", "achternaam": "X", "version": stranger.versie},
    )
    assert response.status_code == 404
    account = school_b.users["docent"]
    account.refresh_from_db()
    assert account.voornaam != "Gekaapt"
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
