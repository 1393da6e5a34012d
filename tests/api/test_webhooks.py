"""Webhooks push the change feed: a real HTTP receiver on 127.0.0.1 gets signed batches; a
failing receiver is retried with the cursor standing still; after success it moves and
nothing is delivered twice; too many failures switch the webhook off; one school's webhook
never carries another school's changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.utils import timezone

from api import tasks, webhooks
from besprekingen.models import Bespreking
from groepsoverzicht.models import Groepsoverzicht, Onderwijsbehoefte
from groepsplan.models import Groepsplan
from tests.webhook_receiver import Receiver
from tests.world import SchoolWorld
from zorgroute.integrations import services as integrations_services
from zorgroute.integrations.services import apiclient_create, apiclient_revoke
from zorgroute.integrations.webhooks import url_problem, verify_signature
from zorgroute.models import Webhook, Webhooklevering

pytestmark = pytest.mark.django_db


def _webhook(world: SchoolWorld, in_school: Any, url: str) -> tuple[Webhook, str]:
    """A care:read client with a webhook to `url`, started an hour ago; the care objects
    changed ten minutes ago (so they are in its feed, and settled)."""
    with in_school(world.school):
        client, _token = apiclient_create(
            school=world.school,
            naam="Ontvanger",
            bron="ontvanger",
            scopes=["care:read"],
            aangemaakt_door=world.users["beheerder"],
        )
        webhook, secret = integrations_services.webhook_create(
            client=client, url=url, aangemaakt_door=world.users["beheerder"]
        )
        Webhook.objects.filter(pk=webhook.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=1)
        )
        if world.webhook is not None:  # the world's own webhook points nowhere reachable
            integrations_services.webhook_uitzetten(webhook=world.webhook)
        past = timezone.now() - dt.timedelta(minutes=10)
        for model in (Groepsoverzicht, Onderwijsbehoefte, Groepsplan, Bespreking):
            model.objects.update(updated_at=past)
    return webhook, secret


def _fresh(world: SchoolWorld, in_school: Any, webhook: Webhook) -> Webhook:
    with in_school(world.school):
        return Webhook.objects.get(pk=webhook.pk)


def _deliver(world: SchoolWorld, webhook: Webhook, herhaling: bool = False) -> Any:
    return webhooks.afleveren(school_id=world.school.pk, webhook_id=webhook.pk, herhaling=herhaling)


def _items(request: dict[str, Any]) -> list[tuple[str, int, str]]:
    body = json.loads(request["body"])
    return [(w["soort"], w["id"], w["actie"]) for w in body["wijzigingen"]]


def test_a_delivery_is_signed_and_moves_the_cursor_once(
    world: SchoolWorld, in_school: Any, receiver: Receiver
) -> None:
    webhook, secret = _webhook(world, in_school, receiver.url)
    uitkomst = _deliver(world, webhook)
    assert uitkomst.status == "gelukt", uitkomst
    [request] = receiver.received
    headers, body = request["headers"], request["body"]
    assert headers["X-Zorgroute-Event"] == "wijzigingen"
    assert headers["Content-Type"] == "application/json"
    # The receiver's check, by hand: HMAC-SHA256 over "<t>.<body>" with the secret.
    parts = dict(p.split("=", 1) for p in headers["X-Zorgroute-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(parts["v1"], expected.hexdigest())
    assert abs(int(parts["t"]) - time.time()) < 60
    assert verify_signature(secret, headers["X-Zorgroute-Signature"], body)
    assert not verify_signature("whsec_wrong", headers["X-Zorgroute-Signature"], body)
    assert not verify_signature(secret, headers["X-Zorgroute-Signature"], body + b" ")
    data = json.loads(body)
    assert data["event"] == "wijzigingen" and data["school"] == world.school.slug
    assert data["levering"] == headers["X-Zorgroute-Delivery"]
    assert set(_items(request)) >= {
        ("groepsoverzicht", world.go["overzicht"].pk, "gewijzigd"),
        ("onderwijsbehoefte", world.go["behoefte"].pk, "gewijzigd"),
        ("groepsplan", world.gp["plan"].pk, "gewijzigd"),
    }
    stored = _fresh(world, in_school, webhook)
    assert stored.cursor == data["volgende"] and stored.laatst_gelukt_op is not None
    # Nothing new: nothing is sent again.
    assert _deliver(world, webhook).status == "leeg"
    assert len(receiver.received) == 1
    # A deletion afterwards is the next batch, alone.
    with in_school(world.school):
        behoefte = Onderwijsbehoefte.objects.get(pk=world.go["behoefte"].pk)
        behoefte.delete()
        Onderwijsbehoefte.history.filter(history_type="-").update(
            history_date=timezone.now() - dt.timedelta(minutes=1)
        )
    assert _deliver(world, webhook).status == "gelukt"
    assert _items(receiver.received[1]) == [
        ("onderwijsbehoefte", world.go["behoefte"].pk, "verwijderd")
    ]


def test_a_failing_receiver_keeps_the_cursor_and_backs_off(
    world: SchoolWorld, in_school: Any, receiver: Receiver
) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    receiver.plan = [500, "timeout"]
    first = _deliver(world, webhook)
    assert first.status == "mislukt" and "HTTP 500" in first.fout and first.wacht == 30
    stored = _fresh(world, in_school, webhook)
    assert stored.cursor == "" and stored.fouten_op_rij == 1
    assert stored.laatste_fout == "De ontvanger antwoordde HTTP 500."
    assert stored.volgende_poging_op is not None and stored.volgende_poging_op > timezone.now()
    # The beat job and a plain delivery wait for the backoff.
    assert _deliver(world, webhook).status == "wacht"
    with in_school(world.school):
        assert webhook.pk not in webhooks.actieve_webhooks(school_id=world.school.pk)
    # A retry (its countdown was the backoff) tries again: a timeout.
    second = _deliver(world, webhook, herhaling=True)
    assert second.status == "mislukt" and "Geen antwoord" in second.fout
    assert second.wacht == 60
    stored = _fresh(world, in_school, webhook)
    assert stored.cursor == "" and stored.fouten_op_rij == 2
    # Then it works: the same batch, with the same delivery id, and the cursor moves.
    assert _deliver(world, webhook, herhaling=True).status == "gelukt"
    ids = {r["headers"]["X-Zorgroute-Delivery"] for r in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1
    assert len({r["body"].split(b'"wijzigingen"')[1] for r in receiver.received}) == 1
    stored = _fresh(world, in_school, webhook)
    assert stored.cursor and stored.fouten_op_rij == 0 and stored.volgende_poging_op is None
    with in_school(world.school):
        pogingen = list(
            Webhooklevering.objects.filter(webhook=webhook)
            .order_by("pk")
            .values_list("gelukt", "http_status")
        )
    assert pogingen == [(False, 500), (False, None), (True, 200)]
    assert _deliver(world, webhook).status == "leeg"


def _apply(world: SchoolWorld, webhook: Webhook, monkeypatch: Any) -> tuple[Any, list[Any]]:
    """Run the task as a worker would (retries included; eagerly, so without waiting); the
    countdowns it asked for."""
    countdowns: list[Any] = []
    retry = tasks.webhook_afleveren.retry

    def spy(*args: Any, **kwargs: Any) -> Any:
        countdowns.append(kwargs.get("countdown"))
        return retry(*args, **kwargs)

    monkeypatch.setattr(tasks.webhook_afleveren, "retry", spy)
    # An eager apply() only re-runs a Retry when it does not propagate exceptions.
    propagates = tasks.app.conf.task_eager_propagates
    tasks.app.conf.task_eager_propagates = False
    try:
        result = tasks.webhook_afleveren.apply(
            kwargs={"school_id": world.school.pk, "webhook_id": webhook.pk}
        )
    finally:
        tasks.app.conf.task_eager_propagates = propagates
    return result, countdowns


def test_the_task_retries_with_backoff_until_it_succeeds(
    world: SchoolWorld, in_school: Any, receiver: Receiver, monkeypatch: Any
) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    receiver.plan = [500, "timeout", 503]
    result, countdowns = _apply(world, webhook, monkeypatch)
    assert result.get() == "gelukt"  # delivered on the fourth try
    assert countdowns == [30, 60, 120]  # exponential backoff
    assert len(receiver.received) == 4
    assert len({r["headers"]["X-Zorgroute-Delivery"] for r in receiver.received}) == 1
    stored = _fresh(world, in_school, webhook)
    assert stored.cursor and stored.fouten_op_rij == 0 and stored.actief


def test_retries_are_bounded_and_the_beat_job_resumes(
    world: SchoolWorld, in_school: Any, receiver: Receiver, monkeypatch: Any
) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    receiver.plan = [500] * (tasks.MAX_RETRIES + 1)
    result, countdowns = _apply(world, webhook, monkeypatch)
    assert result.get() == "mislukt"
    assert countdowns == [30, 60, 120, 240]
    assert len(receiver.received) == tasks.MAX_RETRIES + 1
    stored = _fresh(world, in_school, webhook)
    assert stored.cursor == "" and stored.actief
    assert stored.fouten_op_rij == tasks.MAX_RETRIES + 1
    # The beat job leaves it alone during the backoff, and queues it once that has passed.
    with in_school(world.school):
        assert webhooks.actieve_webhooks(school_id=world.school.pk) == []
        Webhook.objects.filter(pk=webhook.pk).update(volgende_poging_op=timezone.now())
        assert webhooks.actieve_webhooks(school_id=world.school.pk) == [webhook.pk]


def test_beat_queues_active_webhooks_through_the_outbox(
    world: SchoolWorld,
    school_b: SchoolWorld,
    in_school: Any,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Any,
) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    with in_school(school_b.school):
        assert school_b.webhook is not None
        integrations_services.webhook_uitzetten(webhook=school_b.webhook)
    with django_capture_on_commit_callbacks(execute=True):
        queued = tasks.webhooks_plannen()
    assert queued == 1
    assert len(receiver.received) == 1
    assert _fresh(world, in_school, webhook).cursor
    with django_capture_on_commit_callbacks(execute=True):
        tasks.webhooks_plannen()
    assert len(receiver.received) == 1  # nothing new, nothing sent
    # Delivery records older than 30 days are cleared by the beat job.
    with in_school(world.school):
        Webhooklevering.objects.update(created_at=timezone.now() - dt.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.webhooks_plannen()
    with in_school(world.school):
        assert not Webhooklevering.objects.exists()
    # A revoked client's webhook gets nothing and is switched off.
    with in_school(world.school):
        apiclient_revoke(client=webhook.client)
        Onderwijsbehoefte.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=1))
    assert _deliver(world, webhook).status == "inactief"
    assert len(receiver.received) == 1
    assert not _fresh(world, in_school, webhook).actief


def test_too_many_failures_switch_the_webhook_off_and_the_page_says_so(
    world: SchoolWorld, in_school: Any, receiver: Receiver, login: Any
) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    receiver.plan = [500] * integrations_services.MAX_FOUTEN_OP_RIJ
    for _ in range(integrations_services.MAX_FOUTEN_OP_RIJ):
        assert _deliver(world, webhook, herhaling=True).status == "mislukt"
    stored = _fresh(world, in_school, webhook)
    assert not stored.actief and stored.cursor == ""
    assert "Automatisch uitgezet na 10 mislukte pogingen op rij" in stored.reden_uitgezet
    assert _deliver(world, webhook, herhaling=True).status == "inactief"
    assert len(receiver.received) == integrations_services.MAX_FOUTEN_OP_RIJ
    page = login("beheerder").get(f"/{world.school.slug}/beheer/api-clients/").content.decode()
    assert "Automatisch uitgezet na 10 mislukte pogingen op rij" in page
    assert "weer aanzetten" in page
    # Switched on again it resumes from its cursor: what was missed still arrives.
    assert (
        login("beheerder")
        .post(f"/{world.school.slug}/beheer/api-clients/webhooks/{webhook.pk}/aanzetten/")
        .status_code
        == 302
    )
    assert _deliver(world, webhook).status == "gelukt"
    assert _items(receiver.received[-1]) == _items(receiver.received[0])


def test_a_webhook_never_carries_another_schools_changes(
    world: SchoolWorld, school_b: SchoolWorld, in_school: Any, receiver: Receiver
) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    past = timezone.now() - dt.timedelta(minutes=10)
    with in_school(school_b.school):
        for model in (Groepsoverzicht, Onderwijsbehoefte, Groepsplan, Bespreking):
            model.objects.update(updated_at=past)
        andere = Groepsoverzicht.objects.create(
            school=school_b.school,
            groep=school_b.andere_groep,
            periode=school_b.periode,
            cyclus="A",
            aangemaakt_door=school_b.users["mentor"],
        )
        andere_id = andere.pk
        andere.delete()
        Groepsoverzicht.history.filter(id=andere_id).update(history_date=past)
        b_keys = {("groepsoverzicht", andere_id)} | {
            (model._meta.model_name, pk)
            for model in (Groepsoverzicht, Onderwijsbehoefte, Groepsplan, Bespreking)
            for pk in model.objects.values_list("pk", flat=True)
        }
    assert _deliver(world, webhook).status == "gelukt"
    delivered = {(s, i) for s, i, _a in _items(receiver.received[0])}
    assert delivered and not delivered & b_keys
    # School A's delivery task cannot reach school B's webhook by id either.
    with in_school(school_b.school):
        client_b, _t = apiclient_create(
            school=school_b.school,
            naam="B",
            bron="b",
            scopes=["care:read"],
            aangemaakt_door=school_b.users["beheerder"],
        )
        hook_b, _s = integrations_services.webhook_create(
            client=client_b, url=receiver.url, aangemaakt_door=school_b.users["beheerder"]
        )
    assert webhooks.afleveren(school_id=world.school.pk, webhook_id=hook_b.pk).status == "bezet"
    assert len(receiver.received) == 1


def test_redirects_are_not_followed(world: SchoolWorld, in_school: Any, receiver: Receiver) -> None:
    webhook, _secret = _webhook(world, in_school, receiver.url)
    receiver.plan = ["redirect"]
    uitkomst = _deliver(world, webhook)
    assert uitkomst.status == "mislukt" and "Doorverwijzing (HTTP 302)" in uitkomst.fout
    assert len(receiver.received) == 1  # the Location was not visited
    assert _fresh(world, in_school, webhook).cursor == ""


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://lvs.example/hook", True),
        ("https://lvs.example:8443/hook?x=1", True),
        ("http://lvs.example/hook", False),
        ("ftp://lvs.example/hook", False),
        ("file:///etc/passwd", False),
        ("https://10.1.2.3/hook", False),
        ("https://169.254.169.254/latest/", False),
        ("https://user:pw@lvs.example/hook", False),
        ("https://", False),
        ("lvs.example/hook", False),
        ("http://127.0.0.1:8000/hook", True),  # the test settings allow localhost over http
    ],
)
def test_which_urls_are_allowed(url: str, ok: bool) -> None:
    assert (url_problem(url) is None) is ok, url_problem(url)


def test_plain_http_to_localhost_only_where_the_settings_allow_it(settings: Any) -> None:
    settings.ZORGROUTE_WEBHOOK_LOCALHOST = False
    assert url_problem("http://127.0.0.1:8000/hook")
    assert url_problem("https://localhost/hook")
    assert url_problem("https://lvs.example/hook") is None


def test_the_beat_job_is_scheduled_every_minute(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["webhooks"]
    assert entry == {"task": "api.webhooks_plannen", "schedule": 60.0}
    assert tasks.webhooks_plannen.name in tasks.app.tasks
    assert tasks.webhook_afleveren.max_retries == tasks.MAX_RETRIES
