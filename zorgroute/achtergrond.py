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
VASTGELOPEN_NA = dt.timedelta(minutes=10)
#: After this many starts a job is given up (it fails the same way every time).
MAX_POGINGEN = 3


@dataclass(frozen=True)
class Resultaat:
    bestandsnaam: str
    mime_type: str
    inhoud: bytes
    omschrijving: str


class Soort(Protocol):
    """One kind of background job."""

    def onderdelen(self, ctx: TenantContext, taak: Achtergrondtaak) -> list[Any]: ...

    def onderdeel(self, ctx: TenantContext, taak: Achtergrondtaak, item: Any) -> Any: ...

    def samenvoegen(
        self, ctx: TenantContext, taak: Achtergrondtaak, delen: list[Any]
    ) -> Resultaat: ...


def soort(naam: str) -> Soort:
    try:
        path = settings.ZORGROUTE_ACHTERGRONDTAKEN[naam]
    except KeyError:
        raise ValueError(f"unknown background job kind {naam!r}") from None
    cls: type[Soort] = import_string(path)
    return cls()


def context_voor(taak: Achtergrondtaak) -> TenantContext:
    """The requester's rights at run time (a membership ended meanwhile gives no rights)."""
    school = School.objects.get(pk=taak.school_id)
    user = Gebruiker.objects.get(pk=taak.aangevraagd_door_id)
    lidmaatschappen = list(Lidmaatschap.objects.active().filter(school=school, gebruiker=user))
    return TenantContext.build(school, user, lidmaatschappen)


@transaction.atomic
def achtergrondtaak_starten(
    *, ctx: TenantContext, soort_naam: str, titel: str, parameters: dict[str, Any]
) -> Achtergrondtaak:
    """Create the job and queue it after commit (through the outbox)."""
    soort(soort_naam)  # fail now on an unknown kind, not in the worker
    taak = Achtergrondtaak.objects.create(
        school=ctx.school,
        aangevraagd_door=ctx.user,
        soort=soort_naam,
        titel=titel[:200],
        parameters=parameters,
    )
    enqueue("zorgroute.achtergrondtaak_uitvoeren", school_id=ctx.school.pk, taak_id=taak.pk)
    return taak


def _bijwerken(taak_id: int, **velden: Any) -> None:
    Achtergrondtaak.objects.filter(pk=taak_id).update(hartslag=timezone.now(), **velden)


def uitvoeren(*, school_id: int, taak_id: int) -> str:
    """Run a job to completion (the body of the Celery task). Returns the final status."""
    with tenant_context(school_id):
        taak = Achtergrondtaak.objects.select_for_update().filter(pk=taak_id).first()
        if taak is None or taak.status in (TaakStatus.KLAAR, TaakStatus.MISLUKT):
            return taak.status if taak else "weg"
        _bijwerken(taak_id, status=TaakStatus.BEZIG, stap=0, pogingen=taak.pogingen + 1, fout="")
        ctx = context_voor(taak)
        uitvoerder = soort(taak.soort)
        try:
            items = uitvoerder.onderdelen(ctx, taak)
        except Exception as exc:
            _bijwerken(taak_id, status=TaakStatus.MISLUKT, fout=_fouttekst(exc))
            return TaakStatus.MISLUKT
        _bijwerken(taak_id, totaal=len(items), stap_omschrijving="")
    delen: list[Any] = []
    try:
        for nummer, item in enumerate(items, start=1):
            with tenant_context(school_id):
                delen.append(uitvoerder.onderdeel(ctx, taak, item))
                _bijwerken(taak_id, stap=nummer, stap_omschrijving=str(item)[:200])
        with tenant_context(school_id):
            resultaat = uitvoerder.samenvoegen(ctx, taak, delen)
    except Exception as exc:
        with tenant_context(school_id):
            _bijwerken(taak_id, status=TaakStatus.MISLUKT, fout=_fouttekst(exc))
        return TaakStatus.MISLUKT
    with tenant_context(school_id):
        taak = Achtergrondtaak.objects.select_for_update().get(pk=taak_id)
        if taak.status == TaakStatus.KLAAR:  # another run finished first: keep its file
            return TaakStatus.KLAAR
        naam = f"{taak.uuid}/{resultaat.bestandsnaam}"
        if taak.bestand:
            taak.bestand.delete(save=False)
        taak.bestand.save(naam, ContentFile(resultaat.inhoud), save=False)
        taak.bestandsnaam = resultaat.bestandsnaam
        taak.mime_type = resultaat.mime_type
        taak.resultaat = resultaat.omschrijving
        taak.status = TaakStatus.KLAAR
        taak.stap = taak.totaal
        taak.klaar_op = timezone.now()
        taak.hartslag = taak.klaar_op
        taak.save()
    return TaakStatus.KLAAR


def _fouttekst(exc: Exception) -> str:
    # Dutch messages from our own code (ValueError/ValidationError) are shown as they are.
    tekst = str(exc).strip() or exc.__class__.__name__
    return f"De taak is mislukt: {tekst[:400]}"


def vastgelopen_taken(*, school_id: int, nu: dt.datetime | None = None) -> list[int]:
    """Jobs of one school whose worker went away: queue them again, or give up after
    MAX_POGINGEN starts. Returns the ids queued again."""
    nu = nu or timezone.now()
    grens = nu - VASTGELOPEN_NA
    opnieuw: list[int] = []
    with tenant_context(school_id):
        loopt = Achtergrondtaak.objects.select_for_update(skip_locked=True).filter(
            status__in=[TaakStatus.WACHT, TaakStatus.BEZIG]
        )
        for taak in loopt:
            laatst = taak.hartslag or taak.aangemaakt_op
            if laatst > grens:
                continue
            if taak.pogingen >= MAX_POGINGEN:
                _bijwerken(
                    taak.pk,
                    status=TaakStatus.MISLUKT,
                    fout="De taak is herhaaldelijk vastgelopen. Start hem opnieuw; lukt het "
                    "dan nog niet, neem contact op met de beheerder.",
                )
                continue
            _bijwerken(taak.pk)
            enqueue("zorgroute.achtergrondtaak_uitvoeren", school_id=school_id, taak_id=taak.pk)
            opnieuw.append(taak.pk)
    return opnieuw
