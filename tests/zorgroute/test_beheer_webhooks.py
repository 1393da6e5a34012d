"""Beheer of webhooks on the API-client page: add (the secret is shown once), test against
a real receiver, switch off; only for an active client with care:read."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.webhook_receiver import Receiver
from tests.world import SchoolWorld
from zorgroute.integrations.services import apiclient_create
from zorgroute.models import Webhook, Webhooklevering

pytestmark = pytest.mark.django_db


def _url(world: SchoolWorld, rest: str = "") -> str:
    return f"/{world.school.slug}/beheer/api-clients/{rest}"


def _lezer(world: SchoolWorld, in_school: Any, scopes: list[str] | None = None) -> Any:
    with in_school(world.school):
        client, _token = apiclient_create(
            school=world.school,
            naam="ParnasSys",
            bron="parnassys",
            scopes=scopes or ["care:read"],
            aangemaakt_door=world.users["beheerder"],
        )
    return client


def test_add_shows_the_secret_once_then_test_and_switch_off(
    login: Any,
    world: SchoolWorld,
    in_school: Any,
    receiver: Receiver,
) -> None:
    lezer = _lezer(world, in_school)
    client = login("beheerder")
    listing = client.get(_url(world)).content.decode()
    assert 'Webhook toevoegen<span class="visually-hidden"> voor ParnasSys' in listing
    form = client.get(_url(world, f"{lezer.pk}/webhook/nieuw/"))
    assert form.status_code == 200 and "X-Zorgroute-Signature" in form.content.decode()
    response = client.post(_url(world, f"{lezer.pk}/webhook/nieuw/"), {"url": receiver.url})
    assert response.status_code == 200
    html = response.content.decode()
    secret = re.search(r'value="(whsec_[^"]+)"', html).group(1)  # type: ignore[union-attr]
    with in_school(world.school):
        webhook = Webhook.objects.get(client=lezer)
    assert webhook.geheim == secret and webhook.actief
    # Never shown again.
    listing = client.get(_url(world)).content.decode()
    assert receiver.url in listing and secret not in listing
    assert secret not in client.get(_url(world, f"webhooks/{webhook.pk}/testen/")).content.decode()
    # A second active webhook for the same client is refused, naming why.
    again = client.post(_url(world, f"{lezer.pk}/webhook/nieuw/"), {"url": receiver.url})
    assert "al een actieve webhook" in again.content.decode()
    # The test message arrives, signed with the secret.
    done = client.post(_url(world, f"webhooks/{webhook.pk}/testen/"), follow=True)
    assert "Testbericht aangekomen: de ontvanger antwoordde HTTP 200" in done.content.decode()
    [ping] = receiver.received
    assert ping["headers"]["X-Zorgroute-Event"] == "ping"
    from zorgroute.integrations.webhooks import verify_signature

    assert verify_signature(secret, ping["headers"]["X-Zorgroute-Signature"], ping["body"])
    # A failing receiver is reported, in Dutch.
    receiver.plan = [500]
    failed = client.post(_url(world, f"webhooks/{webhook.pk}/testen/"), follow=True)
    assert "Testbericht niet aangekomen. De ontvanger antwoordde HTTP 500." in (
        failed.content.decode()
    )
    with in_school(world.school):
        assert Webhooklevering.objects.filter(webhook=webhook, event="ping").count() == 2
        assert Webhook.objects.get(pk=webhook.pk).fouten_op_rij == 0  # a test is no failure
    # Switch off (confirmed), after which a new one may be added.
    assert client.get(_url(world, f"webhooks/{webhook.pk}/uitzetten/")).status_code == 200
    assert client.post(_url(world, f"webhooks/{webhook.pk}/uitzetten/")).status_code == 302
    with in_school(world.school):
        webhook.refresh_from_db()
    assert not webhook.actief and "Uitgezet door" in webhook.reden_uitgezet
    listing = client.get(_url(world)).content.decode()
    assert "uitgezet" in listing and "Webhook toevoegen" in listing


def test_bad_urls_and_clients_without_care_read_are_refused(
    login: Any, world: SchoolWorld, in_school: Any
) -> None:
    client = login("beheerder")
    lezer = _lezer(world, in_school)
    for url, reason in [
        ("http://lvs.example/hook", "Alleen https-adressen"),
        ("https://10.0.0.7/hook", "intern netwerk"),
        ("ftp://lvs.example/", "begint met https://"),
    ]:
        html = client.post(_url(world, f"{lezer.pk}/webhook/nieuw/"), {"url": url}).content
        assert reason in html.decode(), url
    schrijver = _lezer(world, in_school, scopes=["roster:write"])
    form = client.get(_url(world, f"{schrijver.pk}/webhook/nieuw/")).content.decode()
    assert "mag de zorgdata niet lezen" in form
    html = client.post(
        _url(world, f"{schrijver.pk}/webhook/nieuw/"), {"url": "https://lvs.example/hook"}
    ).content.decode()
    assert "scope care:read" in html
    with in_school(world.school):
        assert not Webhook.objects.filter(client__in=[lezer, schrijver]).exists()
