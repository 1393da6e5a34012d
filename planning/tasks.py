"""Celery beat jobs that keep the cycle moving, and the e-mails they send. Thin: ids in,
the tenant re-entered (TenantTask; a beat job fans out one task per school), a service
called."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from zorgroute.celery import app
from zorgroute.models import Gebruiker, Lidmaatschap, School
from zorgroute.tasks import TenantTask
from zorgroute.tenancy.context import TenantContext
from zorgroute.tenancy.db import tenant_context

from . import services
from .models import Fase, Melding
from .taken import alle_taken


def _per_school(taak: Any) -> int:
    """Fan a beat job out: one task per school, each in its own tenant."""
    scholen = list(School.objects.values_list("pk", flat=True))
    for school_id in scholen:
        taak.delay(school_id=school_id)
    return len(scholen)


@app.task(name="planning.deadlines_controleren")
def deadlines_controleren() -> int:
    """Beat, every morning: the deadline check of every school."""
    return _per_school(deadlines_school)


@app.task(base=TenantTask, name="planning.deadlines_school")
def deadlines_school(*, school_id: int) -> int:
    school = School.objects.get(pk=school_id)
    return sum(services.meldingen_bepalen(school=school, vandaag=timezone.localdate()).values())


@app.task(name="planning.weekoverzicht")
def weekoverzicht() -> int:
    """Beat, Monday morning: everyone's open items in one e-mail."""
    return _per_school(weekoverzicht_school)


@app.task(base=TenantTask, name="planning.weekoverzicht_school")
def weekoverzicht_school(*, school_id: int) -> int:
    school = School.objects.get(pk=school_id)
    return sum(services.weekoverzicht_bepalen(school=school, vandaag=timezone.localdate()).values())


@app.task(name="planning.signalering_nachtelijk")
def signalering_nachtelijk() -> int:
    """Beat, every night: run the signalling rules again on the overviews of the running
    cycle, so results imported during the day show up as proposals in the morning."""
    return _per_school(signalering_school)


@app.task(base=TenantTask, commits_in_parts=True, name="planning.signalering_school")
def signalering_school(*, school_id: int) -> int:
    from groepsoverzicht.models import Groepsoverzicht
    from groepsoverzicht.services import signaleringen_voorstellen

    vandaag = timezone.localdate()
    with tenant_context(school_id):
        ids = list(
            Groepsoverzicht.objects.filter(
                periode__startdatum__lte=vandaag, periode__einddatum__gte=vandaag
            ).values_list("pk", flat=True)
        )
    nieuw = 0
    # One transaction per overview: a failing overview does not undo the others.
    for overzicht_id in ids:
        with tenant_context(school_id):
            overzicht = Groepsoverzicht.objects.get(pk=overzicht_id)
            nieuw += signaleringen_voorstellen(overzicht=overzicht)[0]
    return nieuw


@app.task(base=TenantTask, name="planning.meldingen_versturen")
def meldingen_versturen(*, school_id: int, ontvanger_id: int) -> int:
    """One e-mail with a recipient's unsent notifications, marked sent in the same
    transaction. Idempotent: delivered twice, the second run finds nothing unsent."""
    meldingen = list(
        Melding.objects.select_for_update(skip_locked=True)
        .filter(ontvanger_id=ontvanger_id, verzonden_op__isnull=True)
        .order_by("deadline", "pk")
    )
    if not meldingen:
        return 0
    school = School.objects.get(pk=school_id)
    gebruiker = Gebruiker.objects.get(pk=ontvanger_id)
    base = settings.ZORGROUTE_BASE_URL.rstrip("/")
    context: dict[str, Any] = {
        "school": school,
        "gebruiker": gebruiker,
        "meldingen": [m for m in meldingen if m.fase in (Fase.BINNENKORT, Fase.TE_LAAT)],
        "escalaties": [m for m in meldingen if m.fase == Fase.ESCALATIE],
        "weekoverzicht": any(m.fase == Fase.WEEKOVERZICHT for m in meldingen),
        "takenlijst_url": base + reverse("taken", kwargs={"school": school.slug}),
        "voorkeur_url": base + reverse("taken-voorkeur", kwargs={"school": school.slug}),
    }
    if context["weekoverzicht"]:
        lidmaatschappen = list(Lidmaatschap.objects.active().filter(gebruiker=gebruiker))
        ctx = TenantContext.build(school, gebruiker, lidmaatschappen)
        context["taken"] = alle_taken(
            school,
            timezone.localdate(),
            gebruiker_id=gebruiker.pk,
            zorgcoordinator=ctx.has_role("zorgcoordinator"),
        )
        context["vandaag"] = timezone.localdate()
    send_mail(
        subject=render_to_string("planning/mail/onderwerp.txt", context).strip(),
        message=render_to_string("planning/mail/meldingen.txt", context),
        from_email=None,
        recipient_list=[gebruiker.email],
    )
    Melding.objects.filter(pk__in=[m.pk for m in meldingen]).update(verzonden_op=timezone.now())
    return len(meldingen)
