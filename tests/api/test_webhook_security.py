"""Webhook hardening (issue 19): delivery connects to the address that was checked (no DNS
rebinding), IPv6 forms of internal IPv4 addresses (NAT64, IPv4-mapped, IPv4-compatible,
6to4) are refused at save and at send, and the secret is stored encrypted, with key
rotation and a deploy check for the keys.

The resolver is replaced (socket.getaddrinfo) in the rebinding tests: DNS is not what is
tested, the sender's use of it is. Which address the sender connects to is observed with
Python's own audit event `socket.connect`; a connection to a public address is stopped
there, before it leaves the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.webhook_receiver import Receiver
from tests.world import SchoolWorld
from zorgroute.crypto import PREFIX, DecryptionFailed, derived_key
from zorgroute.integrations import services, webhooks
from zorgroute.management.commands.rotate_encryption_keys import encrypted_fields
from zorgroute.models import Webhook
from zorgroute.tenancy.sql import tenant_cursor

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.215.14"
_connects: list[Any] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect" and _connects is not None:
        address = args[1]
        _connects.append(address)
        if isinstance(address, tuple) and address[0] == PUBLIC:
            raise ConnectionRefusedError("stopped by the test: no traffic leaves the machine")


sys.addaudithook(_audit)


@pytest.fixture
def connects() -> Iterator[list[Any]]:
    """Every address a socket connects to during the test."""
    global _connects
    _connects = []
    try:
        yield _connects
    finally:
        _connects = None


@dataclass
class Resolver:
    """Answers for host names, one list of addresses per lookup (the last one repeats);
    other names go to the real resolver. `calls`: the names looked up."""

    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    state = Resolver()
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in state.answers:
            return real(host, port, *args, **kwargs)
        state.calls.append(host)
        queue = state.answers[host]
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, int(port or 0)),
            )
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return state


def _send(url: str) -> webhooks.Antwoord:
    return webhooks.send(url=url, secret="whsec_x", event="ping", delivery_id="d", body=b"{}")


def test_delivery_connects_to_the_address_that_was_checked(
    resolver: Resolver, connects: list[Any]
) -> None:
    """The first lookup answers a public address, any later one 127.0.0.1 (rebinding)."""
    resolver.answers["lvs.example"] = [[PUBLIC], ["127.0.0.1"]]
    antwoord = _send("https://lvs.example/hook")
    assert resolver.calls == ["lvs.example"]  # resolved once
    assert [a for a in connects if isinstance(a, tuple)] == [(PUBLIC, 443)]
    assert not antwoord.gelukt and "Verbinding mislukt: NewConnectionError" in antwoord.fout


def test_a_name_with_any_internal_address_is_refused_before_connecting(
    resolver: Resolver, connects: list[Any], settings: Any
) -> None:
    settings.ZORGROUTE_WEBHOOK_LOCALHOST = False
    resolver.answers["lvs.example"] = [[PUBLIC, "10.0.0.7"]]
    resolver.answers["nat64.example"] = [["64:ff9b::a9fe:a9fe"]]
    resolver.answers["mapped.example"] = [["::ffff:169.254.169.254"]]
    resolver.answers["loopback.example"] = [["::ffff:127.0.0.1"]]
    for host in ("lvs.example", "nat64.example", "mapped.example", "loopback.example"):
        antwoord = _send(f"https://{host}/hook")
        assert not antwoord.gelukt and "intern netwerk" in antwoord.fout, host
    assert connects == []


def test_a_loopback_receiver_gets_the_signed_post_with_the_host_name(
    resolver: Resolver, receiver: Receiver
) -> None:
    """Tests allow loopback: the POST goes to the resolved 127.0.0.1 with the name as Host."""
    port = receiver.url.split(":")[2].split("/")[0]
    resolver.answers["localhost"] = [["127.0.0.1"]]
    antwoord = webhooks.send(
        url=f"http://localhost:{port}/hook/?x=1",
        secret="whsec_geheim",
        event="ping",
        delivery_id="d",
        body=b'{"a":1}',
    )
    assert antwoord.gelukt, antwoord
    [request] = receiver.received
    assert request["headers"]["Host"] == f"localhost:{port}"
    assert webhooks.verify_signature(
        "whsec_geheim", request["headers"]["X-Zorgroute-Signature"], request["body"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://[64:ff9b::a9fe:a9fe]/latest/",  # NAT64 of the cloud metadata address
        "https://[64:ff9b::a00:1]/hook",  # NAT64 of 10.0.0.1
        "https://[64:ff9b:1::a9fe:a9fe]/hook",  # the local-use NAT64 prefix
        "https://[::ffff:169.254.169.254]/latest/",  # IPv4-mapped
        "https://[::ffff:a9fe:a9fe]/latest/",
        "https://[::ffff:127.0.0.1]/hook",
        "https://[::ffff:192.168.1.1]/hook",
        "https://[::169.254.169.254]/hook",  # IPv4-compatible
        "https://[::127.0.0.1]/hook",
        "https://[2002:a9fe:a9fe::1]/hook",  # 6to4
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://2852039166/latest/",  # 169.254.169.254 as one number
        "https://0xa9fea9fe/latest/",
        "https://127.1/hook",
    ],
)
def test_internal_addresses_in_any_form_are_refused_at_save(
    url: str, settings: Any, world: SchoolWorld, in_school: Any
) -> None:
    settings.ZORGROUTE_WEBHOOK_LOCALHOST = False
    assert webhooks.url_problem(url) == webhooks.INTERN
    with in_school(world.school), pytest.raises(ValidationError) as exc:
        services.webhook_create(
            client=world.webhook.client, url=url, aangemaakt_door=world.users["beheerder"]
        )
    assert "intern netwerk" in str(exc.value)


@pytest.mark.parametrize(
    "url", ["https://[::ffff:93.184.215.14]/hook", "https://[2606:2800:21f:cb07::1]/hook"]
)
def test_public_ipv6_forms_are_allowed(url: str) -> None:
    assert webhooks.url_problem(url) is None


# --- the secret at rest ----------------------------------------------------------------------


def _stored(webhook_id: int) -> str:
    with tenant_cursor() as cursor:
        cursor.execute("SELECT geheim FROM zorgroute_webhook WHERE id = %s", [webhook_id])
        return str(cursor.fetchone()[0])


def _create(world: SchoolWorld) -> tuple[Webhook, str]:
    return services.webhook_create(
        client=world.webhook.client,
        url="https://lvs.example/nieuw",
        aangemaakt_door=world.users["beheerder"],
    )


def test_the_secret_is_stored_encrypted(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        services.webhook_uitzetten(webhook=world.webhook)
        webhook, secret = _create(world)
        stored = _stored(webhook.pk)
        assert stored.startswith(PREFIX) and secret not in stored
        assert Webhook.objects.get(pk=webhook.pk).geheim == secret


def test_the_worlds_secret_is_encrypted_as_the_owner_reads_it(
    world: SchoolWorld, in_school: Any
) -> None:
    """Raw SQL on the owner's own connection (committed rows: the world's webhook)."""
    from tests.tenancy_helpers import committed_connection

    with in_school(world.school):
        secret = Webhook.objects.get(pk=world.webhook.pk).geheim
    with committed_connection("migrate") as owner, owner.transaction():
        owner.execute("SELECT set_config('zorgroute.school_id', %s, true)", [str(world.school.pk)])
        row = owner.execute(
            "SELECT geheim FROM zorgroute_webhook WHERE id = %s", [world.webhook.pk]
        ).fetchone()
    assert row is not None and row[0].startswith(PREFIX)
    assert secret.startswith("whsec_") and secret not in row[0]


def test_rotation_re_encrypts_and_the_old_key_decrypts_until_dropped(
    world: SchoolWorld, school_b: SchoolWorld, in_school: Any, settings: Any
) -> None:
    # The world's secrets were written with the key derived from SECRET_KEY (no keys set).
    derived = derived_key(settings.SECRET_KEY).decode()
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ZORGROUTE_ENCRYPTION_KEYS = [old, derived]
    with in_school(world.school):
        services.webhook_uitzetten(webhook=world.webhook)
        webhook, secret = _create(world)
        before = _stored(webhook.pk)
    settings.ZORGROUTE_ENCRYPTION_KEYS = [new, old, derived]  # the new key in front
    with in_school(world.school):
        assert Webhook.objects.get(pk=webhook.pk).geheim == secret  # the old key decrypts
    call_command("rotate_encryption_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.ZORGROUTE_ENCRYPTION_KEYS = [new]  # the old keys dropped
    with in_school(world.school):
        after = _stored(webhook.pk)
        assert after != before and after.startswith(PREFIX)
        assert Webhook.objects.get(pk=webhook.pk).geheim == secret
    with in_school(school_b.school):
        # Every school's secrets were rotated: school B's opens with the new key alone.
        assert Webhook.objects.get(pk=school_b.webhook.pk).geheim.startswith("whsec_")
    settings.ZORGROUTE_ENCRYPTION_KEYS = [old]
    with in_school(world.school), pytest.raises(DecryptionFailed):
        Webhook.objects.get(pk=webhook.pk)


def test_rotation_finds_every_encrypted_column_by_walking_the_models() -> None:
    from django.apps import apps

    from zorgroute.crypto import EncryptedTextField

    found = {model: set(names) for model, names in encrypted_fields().items()}
    assert found[Webhook] == {"geheim"}
    for model in apps.get_models(include_auto_created=True):
        for column in model._meta.concrete_fields:
            if isinstance(column, EncryptedTextField):
                assert column.attname in found[model], model


# --- the deploy check --------------------------------------------------------------------------


def _check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[2]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zorgroute.settings.prod",
        "DJANGO_SECRET_KEY": "check-deploy-" + Fernet.generate_key().decode(),
        "DJANGO_ALLOWED_HOSTS": "zorgroute.example.nl",
        "PYTHONPATH": str(root),
        **env,
    }
    if "ZORGROUTE_ENCRYPTION_KEYS" not in env:
        environment.pop("ZORGROUTE_ENCRYPTION_KEYS", None)
    # Set by the browser tests' conftest in this process; a deployment never has it.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_encryption_keys_fails_the_deploy_check() -> None:
    without = _check_deploy()
    assert without.returncode != 0
    assert "zorgroute.E001" in without.stderr and "ZORGROUTE_ENCRYPTION_KEYS" in without.stderr
    bad = _check_deploy(ZORGROUTE_ENCRYPTION_KEYS="geen-sleutel")
    assert bad.returncode != 0 and "zorgroute.E002" in bad.stderr
    with_key = _check_deploy(ZORGROUTE_ENCRYPTION_KEYS=Fernet.generate_key().decode())
    assert with_key.returncode == 0, with_key.stderr
    assert "no issues" in with_key.stdout


def test_the_data_migration_encrypts_secrets_stored_in_plain_text(
    world: SchoolWorld, school_b: SchoolWorld, in_school: Any
) -> None:
    """A secret written before encryption (plain in the column) is encrypted by the
    migration, for every school (each under its own tenant)."""
    import importlib
    from types import SimpleNamespace

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0012_webhook_geheim_versleuteld"
    migration = importlib.import_module(f"zorgroute.migrations.{name}")
    state = MigrationLoader(connection).project_state(("zorgroute", name))
    for w in (world, school_b):
        with in_school(w.school), tenant_cursor() as cursor:
            cursor.execute(
                "UPDATE zorgroute_webhook SET geheim = %s WHERE id = %s",
                [f"whsec_plain_{w.school.pk}", w.webhook.pk],
            )
    migration.encrypt_existing(state.apps, SimpleNamespace(connection=connection))
    for w in (world, school_b):
        with in_school(w.school):
            stored = _stored(w.webhook.pk)
            assert stored.startswith(PREFIX) and "whsec_plain" not in stored
            assert Webhook.objects.get(pk=w.webhook.pk).geheim == f"whsec_plain_{w.school.pk}"
