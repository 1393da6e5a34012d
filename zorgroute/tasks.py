"""Celery base task: ids in, tenant scope re-entered, a service called."""

from __future__ import annotations

from typing import Any

from celery import Task, shared_task
from celery.signals import worker_ready

from .outbox import drain
from .tenancy.db import tenant_context


class TenantTask(Task):
    """Every task that works on one school's data: it takes `school_id` as a keyword argument
    and runs inside `tenant_context(school_id)`: its own transaction as the application role,
    the RLS tenant setting and the django-scopes scope. Arguments are ids, never model
    instances. tests/zorgroute/test_tasks.py checks that every registered task with a
    `school_id` parameter has this base.

    A task that must commit in parts (a job that records its progress, a delivery that must
    not hold a transaction open over an HTTP call) sets `commits_in_parts = True`: it then
    runs outside any transaction and scope, and each part is a `tenant_context(school_id)` of
    its own (or a service that opens one), so nothing is read or written outside a tenant."""

    abstract = True
    commits_in_parts = False

    def __call__(self, *args: Any, school_id: int, **kwargs: Any) -> Any:
        school_id = int(school_id)
        if self.commits_in_parts:
            return super().__call__(*args, school_id=school_id, **kwargs)
        with tenant_context(school_id):
            return super().__call__(*args, school_id=school_id, **kwargs)


# --- Work every app shares: the outbox drain and background jobs ---------------------------


# The task keeps its Dutch name: queued rows and beat schedules refer to it.
@shared_task(name="zorgroute.wachtrij_legen")
def drain_outbox() -> int:
    """Beat, every minute: publish what the outbox kept while Redis was down."""
    return drain()


@worker_ready.connect
def _drain_at_start(**_kwargs: Any) -> None:
    # A worker that starts after a broker outage drains the outbox right away.
    drain()


@shared_task(
    base=TenantTask,
    commits_in_parts=True,
    name="zorgroute.achtergrondtaak_uitvoeren",
    acks_late=True,
)
def achtergrondtaak_uitvoeren(*, school_id: int, taak_id: int) -> str:
    """A job commits its progress per part: zorgroute.background.run_job opens a tenant
    transaction for each."""
    from .background import run_job

    return run_job(school_id=school_id, taak_id=int(taak_id))


@shared_task(name="zorgroute.requeue_stuck_jobs")
def requeue_stuck_jobs() -> int:
    """Beat, every five minutes: start jobs again whose worker went away."""
    from .background import requeue_stuck_jobs as sweep
    from .models import School

    return sum(len(sweep(school_id=pk)) for pk in School.objects.values_list("pk", flat=True))


# --- Accounts stay in their school (issue 19): the invitation mail -------------------------


@shared_task(base=TenantTask, name="zorgroute.uitnodiging_versturen")
def uitnodiging_versturen(*, uitnodiging_id: int, school_id: int) -> int:
    """Mail the invitation link (queued by zorgroute.beheer.services in the invitation's
    transaction). The same text whether or not the address has an account anywhere. A
    used or replaced invitation is not mailed (a late or repeated delivery)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    from .beheer.services import uitnodiging_token
    from .models import Uitnodiging

    uitnodiging = (
        Uitnodiging.objects.select_related("medewerker", "school")
        .filter(pk=uitnodiging_id, gebruikt_op__isnull=True)
        .first()
    )
    if uitnodiging is None:
        return 0
    path = reverse(
        "uitnodiging",
        kwargs={
            "school": uitnodiging.school.slug,
            "sleutel": uitnodiging.sleutel,
            "token": uitnodiging_token(uitnodiging),
        },
    )
    context = {
        "school": uitnodiging.school,
        "uitnodiging": uitnodiging,
        "url": settings.ZORGROUTE_BASE_URL.rstrip("/") + path,
    }
    send_mail(
        subject=render_to_string("zorgroute/mail/uitnodiging_onderwerp.txt", context).strip(),
        message=render_to_string("zorgroute/mail/uitnodiging.txt", context),
        from_email=None,
        recipient_list=[uitnodiging.medewerker.email],
    )
    return 1


# --- Retention (issue 19) -------------------------------------------------------------------


@shared_task(name="zorgroute.bewaartermijnen_nachtelijk")
def bewaartermijnen_nachtelijk() -> int:
    """Beat, every night: the retention run of every school, one task per school."""
    from .models import School

    scholen = list(School.objects.values_list("pk", flat=True))
    for school_id in scholen:
        bewaartermijnen_school.delay(school_id=school_id)
    return len(scholen)


@shared_task(base=TenantTask, commits_in_parts=True, name="zorgroute.bewaartermijnen_school")
def bewaartermijnen_school(*, school_id: int) -> int:
    """Purge the access log past its term, anonymise what is past its retention term
    (zorgroute.privacy.bewaren.nachtelijk); returns the id of the run record."""
    from .privacy.bewaren.nachtelijk import nachtelijke_run

    return nachtelijke_run(school_id=school_id).pk
