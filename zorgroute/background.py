"""Background jobs (achtergrondtaken): long work with a progress bar and a result on the
user's downloads page.

A job kind is a class registered in `settings.ZORGROUTE_ACHTERGRONDTAKEN` (kind → dotted
path), so feature apps add kinds without core importing them. A kind splits its work into
parts: `onderdelen()` lists them, `onderdeel()` makes one, `samenvoegen()` turns the parts
into the file. Each part runs in its own short tenant transaction that also commits the
progress, so the page sees it move while the job runs.

Exactly one result: a run locks the job row before writing the file and stops when it is
already done, so a message delivered twice (a killed worker, the stuck-job sweep) does not
make a second file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Achtergrondtaak, Gebruiker, Lidmaatschap, School, TaakStatus
from .outbox import enqueue
from .tenancy.context import TenantContext
from .tenancy.db import tenant_context

#: A running job whose heartbeat is older than this is started again by the sweep.
STUCK_AFTER = dt.timedelta(minutes=10)
#: After this many starts a job is given up (it fails the same way every time).
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class JobResult:
    bestandsnaam: str
    mime_type: str
    inhoud: bytes
    omschrijving: str


class JobKind(Protocol):
    """One kind of background job."""

    def onderdelen(self, ctx: TenantContext, taak: Achtergrondtaak) -> list[Any]: ...

    def onderdeel(self, ctx: TenantContext, taak: Achtergrondtaak, item: Any) -> Any: ...

    def samenvoegen(
        self, ctx: TenantContext, taak: Achtergrondtaak, delen: list[Any]
    ) -> JobResult: ...


def job_kind(name: str) -> JobKind:
    try:
        path = settings.ZORGROUTE_ACHTERGRONDTAKEN[name]
    except KeyError:
        raise ValueError(f"unknown background job kind {name!r}") from None
    cls: type[JobKind] = import_string(path)
    return cls()


def requester_context(job: Achtergrondtaak) -> TenantContext:
    """The requester's rights at run time (a membership ended meanwhile gives no rights)."""
    school = School.objects.get(pk=job.school_id)
    user = Gebruiker.objects.get(pk=job.aangevraagd_door_id)
    memberships = list(Lidmaatschap.objects.active().filter(school=school, gebruiker=user))
    return TenantContext.build(school, user, memberships)


@transaction.atomic
def start_job(
    *, ctx: TenantContext, soort_naam: str, titel: str, parameters: dict[str, Any]
) -> Achtergrondtaak:
    """Create the job and queue it after commit (through the outbox)."""
    job_kind(soort_naam)  # fail now on an unknown kind, not in the worker
    job = Achtergrondtaak.objects.create(
        school=ctx.school,
        aangevraagd_door=ctx.user,
        soort=soort_naam,
        titel=titel[:200],
        parameters=parameters,
    )
    enqueue("zorgroute.achtergrondtaak_uitvoeren", school_id=ctx.school.pk, taak_id=job.pk)
    return job


def _update_job(job_id: int, **fields: Any) -> None:
    """Set `fields` on the job and beat its heartbeat (the sweep leaves it alone)."""
    Achtergrondtaak.objects.filter(pk=job_id).update(hartslag=timezone.now(), **fields)


def run_job(*, school_id: int, taak_id: int) -> str:
    """Run a job to completion (the body of the Celery task). Returns the final status."""
    with tenant_context(school_id):
        job = Achtergrondtaak.objects.select_for_update().filter(pk=taak_id).first()
        if job is None or job.status in (TaakStatus.KLAAR, TaakStatus.MISLUKT):
            return job.status if job else "weg"
        _update_job(taak_id, status=TaakStatus.BEZIG, stap=0, pogingen=job.pogingen + 1, fout="")
        ctx = requester_context(job)
        kind = job_kind(job.soort)
        try:
            items = kind.onderdelen(ctx, job)
        except Exception as exc:
            _update_job(taak_id, status=TaakStatus.MISLUKT, fout=_error_text(exc))
            return TaakStatus.MISLUKT
        _update_job(taak_id, totaal=len(items), stap_omschrijving="")
    parts: list[Any] = []
    try:
        for number, item in enumerate(items, start=1):
            with tenant_context(school_id):
                parts.append(kind.onderdeel(ctx, job, item))
                _update_job(taak_id, stap=number, stap_omschrijving=str(item)[:200])
        with tenant_context(school_id):
            result = kind.samenvoegen(ctx, job, parts)
    except Exception as exc:
        with tenant_context(school_id):
            _update_job(taak_id, status=TaakStatus.MISLUKT, fout=_error_text(exc))
        return TaakStatus.MISLUKT
    with tenant_context(school_id):
        return _store_result(taak_id, result)


def _store_result(job_id: int, result: JobResult) -> str:
    """Save the one result file, unless another run of the same job finished first."""
    job = Achtergrondtaak.objects.select_for_update().get(pk=job_id)
    if job.status == TaakStatus.KLAAR:  # another run finished first: keep its file
        return TaakStatus.KLAAR
    name = f"{job.uuid}/{result.bestandsnaam}"
    if job.bestand:
        job.bestand.delete(save=False)
    job.bestand.save(name, ContentFile(result.inhoud), save=False)
    job.bestandsnaam = result.bestandsnaam
    job.mime_type = result.mime_type
    job.resultaat = result.omschrijving
    job.status = TaakStatus.KLAAR
    job.stap = job.totaal
    job.klaar_op = timezone.now()
    job.hartslag = job.klaar_op
    job.save()
    return TaakStatus.KLAAR


def _error_text(exc: Exception) -> str:
    # Dutch messages from our own code (ValueError/ValidationError) are shown as they are.
    text = str(exc).strip() or exc.__class__.__name__
    return f"De taak is mislukt: {text[:400]}"


def requeue_stuck_jobs(*, school_id: int, nu: dt.datetime | None = None) -> list[int]:
    """Jobs of one school whose worker went away: queue them again, or give up after
    MAX_ATTEMPTS starts. Returns the ids queued again."""
    now = nu or timezone.now()
    limit = now - STUCK_AFTER
    requeued: list[int] = []
    with tenant_context(school_id):
        running = Achtergrondtaak.objects.select_for_update(skip_locked=True).filter(
            status__in=[TaakStatus.WACHT, TaakStatus.BEZIG]
        )
        for job in running:
            if (job.hartslag or job.aangemaakt_op) > limit:
                continue
            if job.pogingen >= MAX_ATTEMPTS:
                _update_job(
                    job.pk,
                    status=TaakStatus.MISLUKT,
                    fout="De taak is herhaaldelijk vastgelopen. Start hem opnieuw; lukt het "
                    "dan nog niet, neem contact op met de beheerder.",
                )
                continue
            _update_job(job.pk)
            enqueue("zorgroute.achtergrondtaak_uitvoeren", school_id=school_id, taak_id=job.pk)
            requeued.append(job.pk)
    return requeued
