"""Accounts stay in their school (issue 19). A school invites by e-mail; it never looks an
address up among the accounts, never links an account the person did not confirm, and never
reads or changes an account's own fields (name, e-mail address, password). Names and codes
per school live on its own staff record (`Medewerker`).

The attacks come from the security test: school A's beheerder (pages) and school A's API
client with roster:write try to attach school B's intern begeleider by her e-mail address,
read her real name and rename her."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import Api
from zorgroute import models as m
from zorgroute.integrations.services import apiclient_create
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld

pytestmark = pytest.mark.django_db

WACHTWOORD = "een-lang-eigen-wachtwoord-2027"


def _url(world: SchoolWorld, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def _invite(client: Client, world: SchoolWorld, email: str, **extra: Any) -> Any:
    data = {
        "email": email,
        "voornaam": "Ingevuld",
        "tussenvoegsel": "",
        "achternaam": "Doorschool",
        "afkorting": "IDS",
        "rol": m.Rol.ZORGCOORDINATOR,
        "afdeling": "",
        **extra,
    }
    return client.post(_url(world, "beheer-medewerker-create"), data)


def _link(mail: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/uitnodiging/\S+/)", mail.body)
    assert match, mail.body
    return match.group(1)


def _ib_of(school: SchoolWorld) -> m.Gebruiker:
    """The other school's intern begeleider (zorgcoördinator), with a distinctive name on
    her account and on her staff record at that school."""
    ib = school.users["zorgcoordinator"]
    ib.voornaam, ib.achternaam = "Ingrid", "Begeleidster-Geheim"
    ib.save()
    with tenant_context(school.school.pk):
        m.Medewerker.objects.filter(gebruiker=ib).update(
            voornaam=ib.voornaam, achternaam=ib.achternaam
        )
    return ib


def _same_apart_from_ids(html: str) -> str:
    """A page without what differs per request or per row: the CSRF token and the ids in
    the links (the new record's own id)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r"/medewerkers/\d+/", "/medewerkers/ID/", html)


# --- the pages -----------------------------------------------------------------------------


def test_pages_cannot_attach_read_or_rename_another_schools_account(  # type: ignore[no-untyped-def]
    login, world, school_b, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    ib = _ib_of(school_b)
    client = login("beheerder")
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, world, ib.email.upper(), voornaam="Gekaapt")
    assert response.status_code == 302
    with in_school(world.school):
        record = m.Medewerker.objects.get(email=ib.email)
        assert record.gebruiker is None  # nothing linked before she confirms
        assert not m.Lidmaatschap.objects.filter(gebruiker=ib).exists()
    ib.refresh_from_db()
    assert (ib.voornaam, ib.achternaam) == ("Ingrid", "Begeleidster-Geheim")
    for page in (
        client.get(_url(world, "beheer-medewerker-list")),
        client.get(_url(world, "beheer-medewerker-update", medewerker_id=record.pk)),
    ):
        assert page.status_code == 200
        assert "Begeleidster-Geheim" not in page.content.decode()
    # Renaming through the record changes school A's record only.
    response = client.post(
        _url(world, "beheer-medewerker-update", medewerker_id=record.pk),
        {"voornaam": "Nog", "achternaam": "Anders", "afkorting": "", "version": record.versie},
    )
    assert response.status_code == 302
    ib.refresh_from_db()
    assert (ib.voornaam, ib.achternaam) == ("Ingrid", "Begeleidster-Geheim")
    with in_school(school_b.school):
        assert m.Medewerker.objects.get(gebruiker=ib).achternaam == "Begeleidster-Geheim"
    # Her record at school B cannot be opened from school A at all.
    with in_school(school_b.school):
        hers = m.Medewerker.objects.get(gebruiker=ib)
    assert (
        client.get(_url(world, "beheer-medewerker-update", medewerker_id=hers.pk)).status_code
        == 404
    )


def test_a_shared_account_is_renamed_per_school_only(login, world, school_b, in_school):  # type: ignore[no-untyped-def]
    """A person who works at both schools: school A edits its own record, never the
    account's name nor school B's record."""
    ib = _ib_of(school_b)
    f.LidmaatschapFactory(school=world.school, gebruiker=ib, rol=m.Rol.DOCENT)
    with in_school(world.school):
        record = m.Medewerker.objects.get(gebruiker=ib)
    client = login("beheerder")
    response = client.post(
        _url(world, "beheer-medewerker-update", medewerker_id=record.pk),
        {
            "voornaam": "Juf",
            "tussenvoegsel": "",
            "achternaam": "Ingrid",
            "afkorting": "ING",
            "version": record.versie,
        },
    )
    assert response.status_code == 302
    ib.refresh_from_db()
    assert (ib.voornaam, ib.achternaam) == ("Ingrid", "Begeleidster-Geheim")
    with in_school(school_b.school):
        assert m.Medewerker.objects.get(gebruiker=ib).volledige_naam == (
            "Ingrid Begeleidster-Geheim"
        )
    html = client.get(_url(world, "beheer-medewerker-list")).content.decode()
    assert "Ingrid, Juf" in html and "ING" in html


def test_the_staff_form_answers_alike_for_a_new_and_an_existing_address(  # type: ignore[no-untyped-def]
    login, world, school_b, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    """The same redirect, the same page after it and the same mail, apart from the address:
    the form does not tell whether an address has an account elsewhere."""
    client = login("beheerder")
    answers = []
    for email in ("nog.nergens@example.org", school_b.users["zorgcoordinator"].email):
        with django_capture_on_commit_callbacks(execute=True):
            response = _invite(client, world, email)
        page = client.get(response["Location"])
        mail = mailoutbox[-1]
        answers.append(
            [
                str(response.status_code),
                response["Location"],
                _same_apart_from_ids(page.content.decode()).replace(email, "ADRES"),
                mail.subject,
                mail.body.replace(_link(mail), "LINK"),
            ]
        )
        with in_school(world.school):  # the list shows every invitation: compare one at a time
            m.Medewerker.objects.filter(email=email).delete()
    assert answers[0] == answers[1]
    assert "Er is een uitnodiging voor" in answers[0][2]


# --- the API -----------------------------------------------------------------------------------


def test_the_api_cannot_attach_read_or_rename_another_schools_account(  # type: ignore[no-untyped-def]
    client, world, school_b, in_school
):
    with in_school(world.school):
        _o, token = apiclient_create(
            school=world.school,
            naam="Magister",
            bron="magister",
            scopes=[m.ApiScope.ROSTER_WRITE],
            aangemaakt_door=world.users["beheerder"],
        )
    api = Api(client, token, world.school.slug)
    ib = _ib_of(school_b)

    def send(rows: list[dict[str, Any]]) -> Any:
        return api.post("medewerkers/", json.dumps({"medewerkers": rows}))

    foreign = {"sourcedId": "t-ib", "email": ib.email.upper(), "voornaam": "G", "achternaam": "K"}
    new = {
        "sourcedId": "t-new",
        "email": "nog.nergens@example.org",
        "voornaam": "G",
        "achternaam": "K",
    }
    bodies = [send([row]).json() for row in (foreign, new)]
    assert bodies[0] == bodies[1]
    assert bodies[0]["uitgenodigd"] == 1 and bodies[0]["aangemaakt"] == 0
    listed = api.get("medewerkers/?page_size=100")
    assert "Begeleidster-Geheim" not in listed.content.decode()
    [hers] = [r for r in listed.json()["results"] if r["sourcedId"] == "t-ib"]
    assert (hers["achternaam"], hers["uitgenodigd"]) == ("K", True)
    # Renaming by the same sourcedId changes school A's record only.
    assert send([dict(foreign, achternaam="Hernoemd")]).json()["bijgewerkt"] == 1
    ib.refresh_from_db()
    assert ib.achternaam == "Begeleidster-Geheim"
    with in_school(world.school):
        assert not m.Lidmaatschap.objects.filter(gebruiker=ib).exists()
    with in_school(school_b.school):
        assert m.Medewerker.objects.get(gebruiker=ib).achternaam == "Begeleidster-Geheim"


# --- the person's side: the link in the mail ------------------------------------------------


def test_a_new_person_accepts_and_chooses_name_and_password(  # type: ignore[no-untyped-def]
    login, world, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(login("beheerder"), world, "nieuw.persoon@example.org")
    link = _link(mailoutbox[-1])
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Je bent uitgenodigd voor {world.school.naam}" in html
    assert 'value="Ingevuld"' in html  # the school's spelling, to correct if needed
    form = {"voornaam": "Nina", "tussenvoegsel": "de", "achternaam": "Vries"}
    weak = visitor.post(link, {**form, "password1": "kort", "password2": "kort"})
    assert weak.status_code == 400
    assert 'id="id_password1_error"' in weak.content.decode()
    differ = visitor.post(link, {**form, "password1": WACHTWOORD, "password2": WACHTWOORD + "x"})
    assert "De twee wachtwoorden zijn niet gelijk." in differ.content.decode()
    assert not m.Gebruiker.objects.filter(email="nieuw.persoon@example.org").exists()

    done = visitor.post(link, {**form, "password1": WACHTWOORD, "password2": WACHTWOORD})
    assert done.status_code == 302 and done["Location"] == reverse("login")
    account = m.Gebruiker.objects.get(email="nieuw.persoon@example.org")
    assert account.volledige_naam == "Nina de Vries" and account.check_password(WACHTWOORD)
    with in_school(world.school):
        record = m.Medewerker.objects.get(gebruiker=account)
        assert record.volledige_naam == "Ingevuld Doorschool"  # the school's own record
        assert m.Lidmaatschap.objects.get(gebruiker=account).rol == m.Rol.ZORGCOORDINATOR
    logged_in = visitor.post(
        reverse("login"), {"username": "nieuw.persoon@example.org", "password": WACHTWOORD}
    )
    assert logged_in.status_code == 302
    # In the school now; its care pages first ask for the second factor (issue 19).
    assert visitor.get(_url(world, "home"))["Location"].startswith(reverse("tweestaps-instellen"))
    again = visitor.get(link)
    assert again.status_code == 410 and "al gebruikt" in again.content.decode()


def test_an_existing_account_confirms_after_logging_in(  # type: ignore[no-untyped-def]
    login, world, school_b, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    ib = _ib_of(school_b)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(login("beheerder"), world, ib.email)
    link = _link(mailoutbox[-1])
    visitor = Client()
    anonymous = visitor.get(link)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert "next=" in anonymous["Location"]
    # Someone else's session cannot confirm it.
    visitor.force_login(school_b.users["docent"])
    wrong = visitor.post(link)
    assert wrong.status_code == 400 and "ander e-mailadres" in wrong.content.decode()
    with in_school(world.school):
        assert not m.Lidmaatschap.objects.filter(gebruiker=school_b.users["docent"]).exists()

    visitor.force_login(ib)
    page = visitor.get(link)
    assert page.status_code == 200 and "Uitnodiging bevestigen" in page.content.decode()
    with in_school(world.school):
        assert not m.Lidmaatschap.objects.filter(gebruiker=ib).exists()  # not before the POST
    done = visitor.post(link)
    assert done.status_code == 302 and done["Location"] == _url(world, "home")
    ib.refresh_from_db()
    assert (ib.voornaam, ib.achternaam) == ("Ingrid", "Begeleidster-Geheim")
    assert ib.check_password("geheim-wachtwoord-123")
    with in_school(world.school):
        assert m.Lidmaatschap.objects.get(gebruiker=ib).rol == m.Rol.ZORGCOORDINATOR
        assert m.Medewerker.objects.get(gebruiker=ib).volledige_naam == "Ingevuld Doorschool"
    # In the school now; its care pages first ask for the second factor (issue 19).
    assert visitor.get(_url(world, "home"))["Location"].startswith(reverse("tweestaps-instellen"))
    html = login("beheerder").get(_url(world, "beheer-medewerker-list")).content.decode()
    assert "Doorschool, Ingevuld" in html and "Begeleidster-Geheim" not in html


def test_expired_used_and_wrong_links_are_refused_in_dutch(  # type: ignore[no-untyped-def]
    login, world, school_b, in_school, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(login("beheerder"), world, "laat@example.org")
    link = _link(mailoutbox[-1])
    visitor = Client()
    wrong = visitor.get(link[:-3] + "00/")
    assert wrong.status_code == 404 and "klopt niet" in wrong.content.decode()
    other_school = link.replace(f"/{world.school.slug}/", f"/{school_b.school.slug}/")
    assert visitor.get(other_school).status_code == 404
    with in_school(world.school):
        m.Uitnodiging.objects.update(verloopt_op=timezone.now() - dt.timedelta(minutes=1))
    expired = visitor.post(
        link,
        {"voornaam": "L", "achternaam": "A", "password1": WACHTWOORD, "password2": WACHTWOORD},
    )
    assert expired.status_code == 410
    assert "Deze uitnodiging is verlopen." in expired.content.decode()
    assert not m.Gebruiker.objects.filter(email="laat@example.org").exists()
    # A new invitation replaces the old link: the old one then counts as used.
    with in_school(world.school):
        record = m.Medewerker.objects.get(email="laat@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        login("beheerder").post(_url(world, "beheer-uitnodiging-opnieuw", medewerker_id=record.pk))
    replaced = visitor.get(link)
    assert replaced.status_code == 410 and "al gebruikt of vervangen" in replaced.content.decode()
    assert visitor.get(_link(mailoutbox[-1])).status_code == 200


def test_the_outsider_gets_404_on_the_new_pages(client, world, school_b, in_school):  # type: ignore[no-untyped-def]
    """The walks cover every tenant URL; named here too: school B's beheerder (every role
    there) on school A's staff pages."""
    with in_school(world.school):
        pending = m.Medewerker.objects.create(
            school=world.school, email="open@example.org", voornaam="O", achternaam="P"
        )
    client.force_login(world.users["outsider"])
    for name, kwargs in [
        ("beheer-medewerker-list", {}),
        ("beheer-medewerker-create", {}),
        ("beheer-medewerker-update", {"medewerker_id": pending.pk}),
        ("beheer-uitnodiging-opnieuw", {"medewerker_id": pending.pk}),
        ("beheer-lidmaatschap-create", {"medewerker_id": world.medewerker.pk}),
    ]:
        assert client.get(_url(world, name, **kwargs)).status_code == 404, name
        assert client.post(_url(world, name, **kwargs), {}).status_code == 404, name


def test_only_the_holder_changes_the_accounts_own_name(client, world, in_school):  # type: ignore[no-untyped-def]
    url = reverse("mijn-gegevens")
    assert client.get(url).status_code == 302  # login first
    docent = world.users["docent"]
    client.force_login(docent)
    page = client.get(url)
    assert page.status_code == 200 and "Mijn gegevens" in page.content.decode()
    stale = docent.versie
    response = client.post(
        url, {"voornaam": "Daan", "tussenvoegsel": "", "achternaam": "Eigen", "version": stale}
    )
    assert response.status_code == 302
    docent.refresh_from_db()
    assert docent.volledige_naam == "Daan Eigen"
    with in_school(world.school):  # the school's record keeps the school's name
        assert m.Medewerker.objects.get(gebruiker=docent).volledige_naam != "Daan Eigen"
    conflict = client.post(
        url, {"voornaam": "Oud", "tussenvoegsel": "", "achternaam": "Formulier", "version": stale}
    )
    assert conflict.status_code == 409
    assert "intussen op een andere plek gewijzigd" in conflict.content.decode()
    docent.refresh_from_db()
    assert docent.volledige_naam == "Daan Eigen"


#: The beheer staff list: the request's own queries (session, user, school, membership,
#: savepoints, RLS settings) plus three for the list: records, roles, open invitations.
MEDEWERKER_LIST_QUERIES = 11


@pytest.mark.parametrize("extra", [1, 8])
def test_the_staff_list_has_a_pinned_query_count(  # type: ignore[no-untyped-def]
    login, world, in_school, django_assert_num_queries, extra
):
    for i in range(extra):
        user = f.GebruikerFactory()
        f.LidmaatschapFactory(school=world.school, gebruiker=user, rol=m.Rol.DOCENT)
        f.LidmaatschapFactory(school=world.school, gebruiker=user, rol=m.Rol.TEAMLEIDER)
        _invite(login("beheerder"), world, f"open{i}@example.org")
    client = login("beheerder")
    with django_assert_num_queries(MEDEWERKER_LIST_QUERIES):
        response = client.get(_url(world, "beheer-medewerker-list"))
    assert response.status_code == 200
    assert response.content.decode().count("Uitgenodigd als zorgcoördinator") == extra
