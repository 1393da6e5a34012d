"""The password policy: at least 12 characters, no common password, a change-password page
that keeps this session and ends the others, and rate-limited password-reset mails."""

from __future__ import annotations

import itertools
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from zorgroute.models import Gebruiker

from ..world import SchoolWorld

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
NIEUW = "Herfst-vakantie-2027!"
_SOURCES = itertools.count()


def _log_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": password})
    assert response.status_code == 302, response.content.decode()
    return client


def _logged_in(client: Client) -> bool:
    client.get(reverse("kies-school"))
    return "_auth_user_id" in client.session


def _unique_source() -> str:
    # The reset counters live in Redis (under a prefix of this test process) and outlast a
    # test's transaction: every request that must not share a source gets its own.
    n = next(_SOURCES)
    return f"198.18.{n // 250}.{n % 250 + 1}"


def test_passwords_need_twelve_characters_in_dutch(world: SchoolWorld) -> None:
    user = world.users["mentor"]
    with pytest.raises(ValidationError) as refused:
        validate_password("Kort-wacht1", user)  # 11
    assert refused.value.messages == ["Dit wachtwoord is te kort: gebruik minstens 12 tekens."]
    validate_password("Kort-wacht12", user)  # 12: accepted


def test_a_common_password_is_refused_in_dutch(world: SchoolWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_password("1q2w3e4r5t6y", world.users["mentor"])
    assert refused.value.messages == ["Dit wachtwoord is te algemeen."]


def test_the_user_menu_links_to_the_change_password_page(world: SchoolWorld, login: object) -> None:
    client = login("mentor")  # type: ignore[operator]
    body = client.get(reverse("kies-school"), follow=True).content.decode()
    assert f'href="{reverse("password_change")}"' in body
    assert "Wachtwoord wijzigen" in body


def test_the_change_password_page_needs_a_login(client: Client) -> None:
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    world: SchoolWorld,
) -> None:
    email = world.users["mentor"].email
    here, elsewhere = _log_in(email), _log_in(email)
    page = here.get(reverse("password_change"))
    assert page.status_code == 200
    body = page.content.decode()
    for label in ("Huidig wachtwoord", "Nieuw wachtwoord", "Nieuw wachtwoord (nog een keer)"):
        assert f">{label}" in body
    key_before = here.session.session_key

    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NIEUW, "new_password2": NIEUW},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert "Je wachtwoord is gewijzigd" in here.get(response["Location"]).content.decode()
    assert here.session.session_key != key_before
    assert _logged_in(here)
    assert not _logged_in(elsewhere)

    assert (
        Client().post(reverse("login"), {"username": email, "password": NIEUW}).status_code == 302
    )
    old = Client().post(reverse("login"), {"username": email, "password": PASSWORD})
    assert old.status_code == 200


def test_a_wrong_current_or_short_new_password_is_refused_in_dutch(world: SchoolWorld) -> None:
    client = _log_in(world.users["mentor"].email)
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "niet-mijn-wachtwoord", "new_password1": NIEUW, "new_password2": NIEUW},
    )
    assert wrong.status_code == 200
    assert "Je huidige wachtwoord klopt niet" in wrong.content.decode()
    short = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Kort-wacht1",
            "new_password2": "Kort-wacht1",
        },
    )
    assert short.status_code == 200
    assert "gebruik minstens 12 tekens" in short.content.decode()
    assert _logged_in(client)


def _reset(email: str, source: str) -> str:
    client = Client(REMOTE_ADDR=source)
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    page = client.get(response["Location"]).content.decode()
    return page[page.index("<main") : page.index("</main>")]  # the answer, without tokens


def test_reset_mails_are_limited_per_address_in_every_spelling(world: SchoolWorld) -> None:
    email = f"reset-{uuid.uuid4().hex[:10]}@example.org"
    Gebruiker.objects.create_user(email, PASSWORD, voornaam="Rita", achternaam="Reset")
    spellings = [email, f" {email.upper()} ", email.capitalize()]
    limit = settings.ZORGROUTE_PASSWORD_RESET_PER_ADDRESS
    assert limit == 3
    answers = {_reset(spellings[i % 3], _unique_source()) for i in range(limit)}
    assert len(mail.outbox) == limit
    # Over the limit, from a new source too: no mail, and the very same answer.
    answers.add(_reset(email, _unique_source()))
    assert len(mail.outbox) == limit
    assert len(answers) == 1
    assert "hooguit 3 keer" in answers.pop()


def test_reset_mails_are_limited_per_source(world: SchoolWorld) -> None:
    source = _unique_source()
    for i in range(settings.ZORGROUTE_PASSWORD_RESET_PER_SOURCE):
        _reset(f"onbekend-{i}-{uuid.uuid4().hex[:6]}@example.org", source)
    assert mail.outbox == []
    email = world.users["docent"].email
    unknown_answer = _reset("nog-een-onbekende@example.org", _unique_source())
    assert _reset(email, source) == unknown_answer
    assert mail.outbox == []
    # The same account from another source still gets its mail.
    _reset(email, _unique_source())
    assert [m.to for m in mail.outbox] == [[email]]
