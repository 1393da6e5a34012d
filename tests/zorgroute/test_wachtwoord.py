"""A (first) password by an e-mailed link: for forgotten passwords and for accounts made
without one (medewerkers that an LVS sends through the API)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.world import SchoolWorld
from zorgroute.models import Gebruiker, Lidmaatschap, Rol

pytestmark = pytest.mark.django_db

NIEUW = "Zomer-vakantie-2027!"


def _link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/wachtwoord/nieuw/\S+/)", body)
    assert match, body
    return match.group(1)


def test_an_account_without_a_password_chooses_one_and_logs_in(
    client: Client, world: SchoolWorld, in_school: object
) -> None:
    nieuw = Gebruiker(email="nieuw@alfa.example.org", voornaam="Nina", achternaam="Nieuw")
    nieuw.set_unusable_password()
    nieuw.save()
    with in_school(world.school):  # type: ignore[operator]
        Lidmaatschap.objects.create(school=world.school, gebruiker=nieuw, rol=Rol.DOCENT)

    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page

    response = client.post(reverse("password_reset"), {"email": "NIEUW@alfa.example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@alfa.example.org"] and "Nina" in message.body

    form_url = client.get(_link(message.body), follow=True).redirect_chain[-1][0]
    page = client.get(form_url)
    assert "Kies een wachtwoord" in page.content.decode()
    done = client.post(form_url, {"new_password1": NIEUW, "new_password2": NIEUW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")

    response = client.post(
        reverse("login"), {"username": "nieuw@alfa.example.org", "password": NIEUW}
    )
    assert response.status_code == 302
    # The link works once.
    again = client.get(_link(message.body), follow=True)
    assert "werkt niet meer" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client: Client) -> None:
    response = client.post(reverse("password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    page = client.get(reverse("password_reset_done")).content.decode()
    assert "Als dit e-mailadres bij een account hoort" in page


def test_a_weak_password_is_refused_in_dutch(client: Client, world: SchoolWorld) -> None:
    client.post(reverse("password_reset"), {"email": "mentor@alfa.example.org"})
    form_url = client.get(_link(mail.outbox[0].body), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "abc", "new_password2": "abc"})
    assert response.status_code == 200
    assert "te kort" in response.content.decode()
