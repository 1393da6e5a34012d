"""Two workers delivering the same webhook at once (real transactions, two connections):
the row lock lets one POST and move the cursor; the other skips it. Nothing twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from api import webhooks
from groepsoverzicht.models import Groepsoverzicht
from tests.webhook_receiver import Receiver
from tests.world import build_school
from zorgroute.integrations import services as integrations_services
from zorgroute.integrations.services import apiclient_create
from zorgroute.models import Webhook
from zorgroute.tenancy.db import tenant_context

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def test_two_workers_never_deliver_one_batch_twice(receiver: Receiver) -> None:
    world = build_school("hook-a")
    with tenant_context(world.school.pk):
        client, _token = apiclient_create(
            school=world.school,
            naam="Ontvanger",
            bron="ontvanger",
            scopes=["care:read"],
            aangemaakt_door=world.users["beheerder"],
        )
        webhook, _secret = integrations_services.webhook_create(
            client=client, url=receiver.url, aangemaakt_door=world.users["beheerder"]
        )
        Webhook.objects.filter(pk=webhook.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=1)
        )
        Groepsoverzicht.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=5))
    receiver.plan = ["slow", "slow"]
    barrier = threading.Barrier(2)
    statuses: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            uitkomst = webhooks.afleveren(school_id=world.school.pk, webhook_id=webhook.pk)
            statuses.append(uitkomst.status)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    # One delivered; the other found the row locked (or, if it came late, nothing new).
    assert sorted(statuses) in (["bezet", "gelukt"], ["gelukt", "leeg"])
    assert len(receiver.received) == 1
    with tenant_context(world.school.pk):
        stored = Webhook.objects.get(pk=webhook.pk)
        assert stored.cursor and stored.leveringen.count() == 1
    assert webhooks.afleveren(school_id=world.school.pk, webhook_id=webhook.pk).status == "leeg"
