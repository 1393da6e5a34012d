"""Session lifetime with a frozen clock: a new key at login, the idle timeout (30 minutes),
the absolute timeout (10 hours), htmx sent to the login page, and "log out everywhere"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ..world import SchoolWorld

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
MINUTE = 60
HOUR = 60 * MINUTE


def _log_in(client: Client, email: str) -> None:
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def _logged_in(client: Client) -> bool:
    client.get(reverse("kies-school"))
    return "_auth_user_id" in client.session


@pytest.fixture
def clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def test_the_timeouts_are_thirty_minutes_idle_and_ten_hours_in_all() -> None:
    assert settings.ZORGROUTE_SESSION_IDLE_SECONDS == 30 * MINUTE
    assert settings.ZORGROUTE_SESSION_ABSOLUTE_SECONDS == 10 * HOUR
    assert settings.SESSION_COOKIE_AGE <= settings.ZORGROUTE_SESSION_ABSOLUTE_SECONDS


def test_a_login_gets_a_new_session_key(client: Client, world: SchoolWorld) -> None:
    anonymous = client.session
    anonymous["voor_het_inloggen"] = True
    anonymous.save()
    before = anonymous.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    _log_in(client, world.users["mentor"].email)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not SessionStore().exists(before)
    assert _logged_in(client)


def test_an_idle_session_ends_after_thirty_minutes(
    client: Client, world: SchoolWorld, clock: time_machine.Traveller
) -> None:
    _log_in(client, world.users["mentor"].email)
    for _ in range(3):
        clock.shift(dt.timedelta(minutes=29))
        assert _logged_in(client)
    clock.shift(dt.timedelta(minutes=31))
    page = reverse("password_change")
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page.replace('/', '%2F')}"
    login_page = client.get(response["Location"]).content.decode()
    assert "Je was 30 minuten niet actief en bent automatisch uitgelogd" in login_page
    assert not _logged_in(client)


def test_a_busy_session_ends_ten_hours_after_the_login(
    client: Client, world: SchoolWorld, clock: time_machine.Traveller
) -> None:
    _log_in(client, world.users["mentor"].email)
    for _ in range(23):  # 23 × 25 minutes = 9 h 35 min, never idle
        clock.shift(dt.timedelta(minutes=25))
        assert _logged_in(client)
    clock.shift(dt.timedelta(minutes=26))  # 10 h 1 min after the login
    response = client.get(reverse("kies-school"))
    assert response["Location"].startswith(reverse("login"))
    login_page = client.get(response["Location"]).content.decode()
    assert "Je was langer dan 10 uur ingelogd en bent automatisch uitgelogd" in login_page
    assert not _logged_in(client)
    # A new login starts a new ten hours.
    _log_in(client, world.users["mentor"].email)
    clock.shift(dt.timedelta(minutes=20))
    assert _logged_in(client)


def test_an_htmx_request_of_an_ended_session_is_sent_to_the_login_page(
    client: Client, world: SchoolWorld, clock: time_machine.Traveller
) -> None:
    _log_in(client, world.users["mentor"].email)
    assert _logged_in(client)
    clock.shift(dt.timedelta(minutes=31))
    response = client.get(f"/{world.school.slug}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login")
    assert not _logged_in(client)


def test_log_out_everywhere_ends_the_session_on_every_device(world: SchoolWorld) -> None:
    email = world.users["mentor"].email
    laptop, phone, colleague = Client(), Client(), Client()
    _log_in(laptop, email)
    _log_in(phone, email)
    _log_in(colleague, world.users["docent"].email)
    assert _logged_in(laptop) and _logged_in(phone)

    page = laptop.get(reverse("password_change")).content.decode()
    assert f'action="{reverse("logout_everywhere")}"' in page
    assert laptop.get(reverse("logout_everywhere")).status_code == 405
    response = laptop.post(reverse("logout_everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "Je bent op alle apparaten uitgelogd" in laptop.get(reverse("login")).content.decode()

    assert not _logged_in(laptop)
    assert not _logged_in(phone)
    assert _logged_in(colleague)  # another account's session is untouched
    _log_in(phone, email)  # and a new login works
    assert _logged_in(phone)


def test_log_out_everywhere_needs_a_login(client: Client) -> None:
    response = client.post(reverse("logout_everywhere"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
