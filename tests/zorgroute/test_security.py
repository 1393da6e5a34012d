"""Login, throttling and the security baseline every page inherits."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.auth_helpers import log_in_verified

from ..world import SchoolWorld

PASSWORD = "geheim-wachtwoord-123"


def test_login_by_email_then_pick_school(client: Client, world: SchoolWorld) -> None:
    response = client.post(
        reverse("login"), {"username": "MENTOR@alfa.example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("kies-school")
    # One school: the picker goes straight to its home page.
    picked = client.get(reverse("kies-school"))
    assert picked["Location"] == f"/{world.school.slug}/"


def test_picker_lists_every_school_of_the_user(
    client: Client, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    outsider = world.users["outsider"]
    from .. import factories as f

    f.LidmaatschapFactory(school=world.school, gebruiker=outsider, rol="docent")
    log_in_verified(client, outsider)
    body = client.get(reverse("kies-school")).content.decode()
    assert world.school.naam in body
    assert school_b.school.naam in body


def test_wrong_password_gives_one_generic_error(client: Client, world: SchoolWorld) -> None:
    known = client.post(reverse("login"), {"username": "mentor@alfa.example.org", "password": "x"})
    unknown = client.post(reverse("login"), {"username": "niemand@example.org", "password": "x"})
    assert known.status_code == unknown.status_code == 200
    message = "Dit e-mailadres en wachtwoord horen niet bij elkaar"
    assert message in known.content.decode()
    assert message in unknown.content.decode()


def test_repeated_failures_lock_out_even_with_forged_forwarded_for(
    client: Client, world: SchoolWorld
) -> None:
    call_command("axes_reset", verbosity=0)
    data = {"username": "mentor@alfa.example.org", "password": "fout"}
    for i in range(5):
        # A forged X-Forwarded-For must not give each attempt a fresh lockout key.
        client.post(reverse("login"), data, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    locked = client.post(
        reverse("login"),
        {"username": "mentor@alfa.example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.0.0.99",
    )
    assert locked.status_code == 429
    assert "Te veel mislukte pogingen" in locked.content.decode()
    call_command("axes_reset", verbosity=0)
    ok = client.post(
        reverse("login"), {"username": "mentor@alfa.example.org", "password": PASSWORD}
    )
    assert ok.status_code == 302


def test_pages_carry_csp_without_inline_script_and_no_store(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").get(f"/{world.school.slug}/")
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    # No script element without the nonce, and no inline event handlers.
    body = response.content.decode()
    assert " onclick=" not in body and " onload=" not in body
    assert "<script>" not in body


def test_login_page_is_public_and_home_needs_login(client: Client, world: SchoolWorld) -> None:
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("gezond")).json()["status"] == "ok"
    assert client.get("/").status_code == 302


def test_logout_needs_post_and_ends_the_session(world: SchoolWorld, login: Any) -> None:
    client = login("mentor")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(f"/{world.school.slug}/").status_code == 302
