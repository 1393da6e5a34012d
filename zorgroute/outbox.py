"""Queue Celery work only after the transaction commits, without losing it when Redis is
down: the transactional outbox.

`enqueue("app.task_name", **kwargs)` writes a `Wachtrijbericht` in the caller's transaction.
After commit it is published and deleted; when the broker cannot be reached the row stays,
and `drain()` (a beat job every minute, and every worker at start-up) publishes it once
Redis is back. Delivery is at least once, so every task is idempotent (one notification, one
PDF, however often it runs).

Work is queued by task name, so a service never imports the task module that imports it
back; tests/zorgroute/test_tasks.py checks that every name queued is a registered task.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import Wachtrijbericht

log = logging.getLogger(__name__)

#: After a failed publish, requests stop trying for this long (a save must not wait for the
#: broker's connect timeout over and over); the drain job keeps trying.
PAUSE_AFTER_FAILURE = 30.0
_broker_down_until = 0.0


def visibility_timeout() -> int:
    return int(settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"])


def enqueue(task_name: str, /, *, countdown: int | None = None, **kwargs: Any) -> None:
    """Queue the task `task_name` with `kwargs` once the current transaction commits (ids
    only, never models).

    A countdown at or beyond the broker's visibility timeout would be delivered twice by
    Redis, so it is refused here rather than discovered in production."""
    if countdown is not None and countdown >= visibility_timeout():
        raise ValueError(
            f"countdown {countdown}s is not below the broker's visibility timeout "
            f"({visibility_timeout()}s); schedule it with beat instead"
        )
    if countdown is not None:
        kwargs["_countdown"] = countdown
    message = Wachtrijbericht.objects.create(taak=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: publish([message.pk], from_request=True))


def _send(message: Wachtrijbericht) -> None:
    from .celery import app

    kwargs = dict(message.kwargs)
    countdown = kwargs.pop("_countdown", None)
    if app.conf.task_always_eager:
        # Inline, the task's module may not be imported yet (work is queued by name); the
        # import of every tasks module costs ~40 ms, so only when the name is unknown.
        if message.taak not in app.tasks:
            app.loader.import_default_modules()
        app.tasks[message.taak].apply(kwargs=kwargs, throw=app.conf.task_eager_propagates)
        return
    # retry=False: when Redis is down, fail at once and leave the row for the drain job.
    app.send_task(message.taak, kwargs=kwargs, countdown=countdown, retry=False)


def publish(ids: list[int] | None = None, *, from_request: bool = False) -> int:
    """Publish the given outbox rows (all when `ids` is None); returns how many went out.

    Rows are locked with SKIP LOCKED, so two drainers never publish the same row; a row is
    deleted in the same transaction that published it."""
    global _broker_down_until
    from .celery import app

    if from_request and time.monotonic() < _broker_down_until:
        return 0
    if app.conf.task_always_eager:
        # Inline (demo, most tests): take the rows out first, then run the tasks outside the
        # outbox transaction, so a task's own transaction and errors stay its own.
        with transaction.atomic():
            qs = Wachtrijbericht.objects.select_for_update(skip_locked=True)
            messages = list(qs.filter(pk__in=ids) if ids is not None else qs.all())
            Wachtrijbericht.objects.filter(pk__in=[m.pk for m in messages]).delete()
        for message in messages:
            _send(message)
        return len(messages)
    sent = 0
    with transaction.atomic():
        qs = Wachtrijbericht.objects.select_for_update(skip_locked=True)
        for message in qs.filter(pk__in=ids) if ids is not None else qs.all():
            try:
                _send(message)
            except Exception as exc:  # kombu raises several kinds for "broker unreachable"
                _broker_down_until = time.monotonic() + PAUSE_AFTER_FAILURE
                log.warning("broker unreachable, %s stays in the outbox: %s", message, exc)
                Wachtrijbericht.objects.filter(pk=message.pk).update(
                    pogingen=message.pogingen + 1, laatste_fout=str(exc)[:500]
                )
                break
            message.delete()
            sent += 1
    if sent:
        _broker_down_until = 0.0
    return sent


def drain() -> int:
    """Publish everything still in the outbox."""
    return publish(None)
