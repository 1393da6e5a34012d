"""Queue Celery work only after the transaction commits, without losing it when Redis is
down: the transactional outbox.

`na_commit(task, **kwargs)` writes a `Wachtrijbericht` in the caller's transaction. After
commit it is published and deleted; when the broker cannot be reached the row stays, and
`wachtrij_legen()` (a beat job every minute, and every worker at start-up) publishes it once
Redis is back. Delivery is at least once, so every task is idempotent (one notification,
one PDF, however often it runs).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import Task
from django.conf import settings
from django.db import transaction

from .models import Wachtrijbericht

log = logging.getLogger(__name__)

#: After a failed publish, requests stop trying for this long (a save must not wait for the
#: broker's connect timeout over and over); the drain job keeps trying.
PAUZE_NA_STORING = 30.0
_broker_weg_tot = 0.0


def visibility_timeout() -> int:
    return int(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


def na_commit(task: Task, /, *, countdown: int | None = None, **kwargs: Any) -> None:
    """Queue `task(**kwargs)` once the current transaction commits (ids only, never models).

    A countdown at or beyond the broker's visibility timeout would be delivered twice by
    Redis, so it is refused here rather than discovered in production."""
    if countdown is not None and countdown >= visibility_timeout():
        raise ValueError(
            f"countdown {countdown}s is not below the broker's visibility timeout "
            f"({visibility_timeout()}s); schedule it with beat instead"
        )
    if countdown is not None:
        kwargs["_countdown"] = countdown
    bericht = Wachtrijbericht.objects.create(taak=task.name, kwargs=kwargs)
    transaction.on_commit(lambda: publiceren([bericht.pk], vanuit_verzoek=True))


def _verstuur(bericht: Wachtrijbericht) -> None:
    from .celery import app

    kwargs = dict(bericht.kwargs)
    countdown = kwargs.pop("_countdown", None)
    if app.conf.task_always_eager:
        app.tasks[bericht.taak].apply(kwargs=kwargs, throw=app.conf.task_eager_propagates)
        return
    # retry=False: when Redis is down, fail at once and leave the row for the drain job.
    app.send_task(bericht.taak, kwargs=kwargs, countdown=countdown, retry=False)


def publiceren(ids: list[int] | None = None, *, vanuit_verzoek: bool = False) -> int:
    """Publish the given outbox rows (all when `ids` is None); returns how many went out.

    Rows are locked with SKIP LOCKED, so two drainers never publish the same row; a row is
    deleted in the same transaction that published it."""
    global _broker_weg_tot
    from .celery import app

    if vanuit_verzoek and time.monotonic() < _broker_weg_tot:
        return 0
    if app.conf.task_always_eager:
        # Inline (demo, most tests): take the rows out first, then run the tasks outside the
        # outbox transaction, so a task's own transaction and errors stay its own.
        with transaction.atomic():
            qs = Wachtrijbericht.objects.select_for_update(skip_locked=True)
            berichten = list(qs.filter(pk__in=ids) if ids is not None else qs.all())
            Wachtrijbericht.objects.filter(pk__in=[b.pk for b in berichten]).delete()
        for bericht in berichten:
            _verstuur(bericht)
        return len(berichten)
    verstuurd = 0
    with transaction.atomic():
        qs = Wachtrijbericht.objects.select_for_update(skip_locked=True)
        for bericht in qs.filter(pk__in=ids) if ids is not None else qs.all():
            try:
                _verstuur(bericht)
            except Exception as exc:  # kombu raises several kinds for "broker unreachable"
                _broker_weg_tot = time.monotonic() + PAUZE_NA_STORING
                log.warning("broker unreachable, %s stays in the outbox: %s", bericht, exc)
                Wachtrijbericht.objects.filter(pk=bericht.pk).update(
                    pogingen=bericht.pogingen + 1, laatste_fout=str(exc)[:500]
                )
                break
            bericht.delete()
            verstuurd += 1
    if verstuurd:
        _broker_weg_tot = 0.0
    return verstuurd


def wachtrij_legen() -> int:
    """The drain: publish everything still in the outbox."""
    return publiceren(None)
