"""Celery tasks of the API: webhook delivery. Thin: ids in, the tenant re-entered (a
TenantTask that commits in parts: api.webhooks opens a tenant transaction per step), a
function of api.webhooks called."""

from __future__ import annotations

from typing import Any

from zorgroute.celery import app
from zorgroute.models import School
from zorgroute.outbox import enqueue, visibility_timeout
from zorgroute.tasks import TenantTask
from zorgroute.tenancy.db import tenant_context

from . import webhooks

#: Celery retries of one delivery (backoff in between); after them the beat job resumes
#: once the webhook's backoff has passed.
MAX_RETRIES = 4
#: Batches one task delivers before it hands the rest to a new task.
BATCHES_PER_RUN = 10


@app.task(name="api.webhooks_plannen")
def webhooks_plannen() -> int:
    """Beat, every minute: one delivery task per active webhook whose backoff has passed,
    queued through the outbox of each school's transaction; old delivery records go."""
    queued = 0
    for school_id in School.objects.order_by("pk").values_list("pk", flat=True):
        with tenant_context(school_id):
            webhooks.oude_leveringen_opruimen(school_id=school_id)
            for webhook_id in webhooks.actieve_webhooks(school_id=school_id):
                enqueue("api.webhook_afleveren", school_id=school_id, webhook_id=webhook_id)
                queued += 1
    return queued


@app.task(
    bind=True,
    base=TenantTask,
    commits_in_parts=True,
    name="api.webhook_afleveren",
    max_retries=MAX_RETRIES,
    acks_late=True,
)
def webhook_afleveren(self: Any, *, school_id: int, webhook_id: int) -> str:
    """Deliver a webhook's pending batches. Idempotent: the cursor only moves on a 2xx, under
    the webhook's row lock; a second copy of this task finds the row locked or nothing new.
    A failure is retried with exponential backoff (bounded by MAX_RETRIES). Commits in parts:
    no transaction stays open over the HTTP call (api.webhooks opens one per step)."""
    webhook_id = int(webhook_id)
    herhaling = bool(self.request.retries)
    for _ in range(BATCHES_PER_RUN):
        uitkomst = webhooks.afleveren(
            school_id=school_id, webhook_id=webhook_id, herhaling=herhaling
        )
        herhaling = False
        if uitkomst.status == "mislukt" and uitkomst.wacht:
            if self.request.retries >= MAX_RETRIES:
                return uitkomst.status  # the beat job tries again after the backoff
            countdown = min(uitkomst.wacht, visibility_timeout() - 60)
            raise self.retry(countdown=countdown, exc=WebhookMislukt(uitkomst.fout))
        if uitkomst.status != "gelukt" or not uitkomst.meer:
            return uitkomst.status
    with tenant_context(school_id):  # more waiting: a fresh task, through the outbox
        enqueue("api.webhook_afleveren", school_id=school_id, webhook_id=webhook_id)
    return "gelukt"


class WebhookMislukt(Exception):
    """A delivery failed (the reason is on the webhook and its delivery record)."""
