"""The lockout after failed logins: one account whatever the capitals or spaces of its
address, per account whatever the source, per source over many accounts, and a forged
X-Forwarded-For changes nothing (the lockout bypass the security test found)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ..world import SchoolWorld

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"
LOCKED = "Te veel mislukte pogingen"


def _variants(email: str) -> list[str]:
    local, domain = email.split("@")
    return [
        email,
        email.upper(),
        f" {email} ",
        f"{local.capitalize()}@{domain.upper()}",
        f"\t{email.upper()}  ",
        f"{local}@{domain.capitalize()}",
    ]


def _attempt(client: Client, username: str, password: str, **extra: str) -> int:
    response = client.post(reverse("login"), {"username": username, "password": password}, **extra)
    if response.status_code == 429:
        assert LOCKED in response.content.decode()
    return response.status_code


def test_a_variant_of_the_address_logs_in_as_the_same_account(
    client: Client, world: SchoolWorld
) -> None:
    email = world.users["mentor"].email
    assert _attempt(client, f"  {email.upper()} ", PASSWORD) == 302
    assert client.get(reverse("kies-school")).status_code == 302
    assert int(client.session["_auth_user_id"]) == world.users["mentor"].pk


def test_a_lock_by_one_spelling_holds_for_every_spelling(
    client: Client, world: SchoolWorld
) -> None:
    variants = _variants(world.users["mentor"].email)
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, variants[i % len(variants)], "fout-wachtwoord") == 200
    # The fifth failure locks the account (and answers with the lockout page).
    assert _attempt(client, variants[-1], "fout-wachtwoord") == 429
    # Locked: also with the right password, in every spelling.
    for variant in variants:
        assert _attempt(client, variant, PASSWORD) == 429
    # 24 more guesses spread over the spellings never get in, nor does the right one after.
    for i in range(24):
        assert _attempt(client, variants[i % len(variants)], f"gok-{i}") == 429
    assert _attempt(client, variants[0], PASSWORD) == 429
    # One account, one key.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {variants[0]}


def test_the_account_lock_holds_from_every_source(client: Client, world: SchoolWorld) -> None:
    email = world.users["mentor"].email
    for i in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, email, "fout-wachtwoord", REMOTE_ADDR=f"192.0.2.{i + 1}")
    assert _attempt(client, email, PASSWORD, REMOTE_ADDR="198.51.100.7") == 429
    # Only that account: a colleague from the same addresses still logs in.
    assert _attempt(client, world.users["docent"].email, PASSWORD, REMOTE_ADDR="192.0.2.1") == 302


def test_failures_over_many_accounts_lock_the_source(client: Client, world: SchoolWorld) -> None:
    limit = settings.ZORGROUTE_LOGIN_SOURCE_FAILURE_LIMIT
    # A school's staff behind one address: a few typos of several colleagues lock nobody.
    assert limit > settings.AXES_FAILURE_LIMIT
    source = {"REMOTE_ADDR": "203.0.113.5"}
    for i in range(limit - 1):
        assert _attempt(client, f"gok{i}@example.org", "fout-wachtwoord", **source) == 200
    assert _attempt(client, world.users["docent"].email, PASSWORD, **source) == 302
    client.post(reverse("logout"))
    assert _attempt(client, "nog-een@example.org", "fout-wachtwoord", **source) == 429
    # Now the source is locked, also for a right password of another account ...
    assert _attempt(client, world.users["mentor"].email, PASSWORD, **source) == 429
    # ... but not that account from elsewhere.
    assert (
        _attempt(client, world.users["mentor"].email, PASSWORD, REMOTE_ADDR="198.51.100.9") == 302
    )


def test_a_forged_forwarded_for_changes_neither_key_nor_lock(
    client: Client, world: SchoolWorld
) -> None:
    email = world.users["mentor"].email
    for i in range(settings.AXES_FAILURE_LIMIT):
        forged = {"HTTP_X_FORWARDED_FOR": f"10.0.0.{i}", "HTTP_X_REAL_IP": f"10.1.0.{i}"}
        _attempt(client, email, "fout-wachtwoord", **forged)
    assert settings.AXES_IPWARE_PROXY_COUNT == 0
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    # A fresh forged address does not unlock, with the right password either.
    assert _attempt(client, email, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.99") == 429


def test_the_source_lock_ignores_forged_forwarded_for(client: Client, world: SchoolWorld) -> None:
    for i in range(settings.ZORGROUTE_LOGIN_SOURCE_FAILURE_LIMIT):
        _attempt(client, f"gok{i}@example.org", "fout", HTTP_X_FORWARDED_FOR=f"10.2.{i}.1")
    assert (
        _attempt(client, world.users["docent"].email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
        == 429
    )


def test_logging_in_to_ones_own_account_keeps_the_guesses_at_a_colleague(
    client: Client, world: SchoolWorld
) -> None:
    """A success clears that account's failures only; otherwise an attacker with an
    account could guess at a colleague's password without end, logging in between."""
    victim = world.users["mentor"].email
    own = world.users["docent"].email
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, victim, "fout-wachtwoord") == 200
    assert _attempt(client, own, PASSWORD) == 302
    client.post(reverse("logout"))
    assert _attempt(client, victim, "nog-fout") == 429
    assert _attempt(client, victim, PASSWORD) == 429
