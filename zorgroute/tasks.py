"""Celery base task: ids in, tenant scope re-entered, a service called."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from .tenancy.db import tenant_context


class TenantTask(Task):
    """Every tenant task takes `school_id` as a keyword argument and runs inside
    `tenant_context(school_id)`: its own transaction as the application role, the RLS tenant
    setting and the django-scopes scope. Arguments are ids, never model instances."""

    abstract = True

    def __call__(self, *args: Any, school_id: int, **kwargs: Any) -> Any:
        with tenant_context(int(school_id)):
            return super().__call__(*args, school_id=school_id, **kwargs)


# --- Work every app shares: the outbox drain and background jobs ---------------------------


@shared_task(name="zorgroute.wachtrij_legen")
def wachtrij_legen() -> int:
    """Beat, every minute: publish what the outbox kept while Redis was down."""
    from .wachtrij import wachtrij_legen as legen

    return legen()


@worker_ready.connect
def _legen_bij_start(**_kwargs: Any) -> None:
    # A worker that starts after a broker outage drains the outbox right away.
    from .wachtrij import wachtrij_legen as legen

    legen()


@shared_task(name="zorgroute.achtergrondtaak_uitvoeren", acks_late=True)
def achtergrondtaak_uitvoeren(*, school_id: int, taak_id: int) -> str:
    """Not a TenantTask: a job commits its progress per part, so it opens its own tenant
    transactions (zorgroute.achtergrond.uitvoeren) instead of running in one."""
    from .achtergrond import uitvoeren

    return uitvoeren(school_id=int(school_id), taak_id=int(taak_id))


@shared_task(name="zorgroute.vastgelopen_taken")
def vastgelopen_taken() -> int:
    """Beat, every five minutes: start jobs again whose worker went away."""
    from .achtergrond import vastgelopen_taken as sweep
    from .models import School

    return sum(len(sweep(school_id=pk)) for pk in School.objects.values_list("pk", flat=True))
