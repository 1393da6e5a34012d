"""Background work of besprekingen: sending the report to every attendee."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from zorgroute.celery import app
from zorgroute.tasks import TenantTask

from .models import Actie, Bespreking, Deelnemer, Status


@app.task(base=TenantTask, name="besprekingen.verslag_versturen")
def verslag_versturen(*, bespreking_id: int, school_id: int) -> int:
    """E-mail each attendee who has not had it yet a link to the report and their own
    actions. Idempotent: an attendee marked as sent is skipped, so a retry sends nothing
    twice. Pupil care content stays in the portal; the mail holds names of actions only."""
    bespreking = (
        Bespreking.objects.select_related("groep", "school", "groepsoverzicht__lesgroep")
        .filter(pk=bespreking_id, status=Status.AFGESLOTEN)
        .first()
    )
    if bespreking is None:
        return 0
    url = settings.ZORGROUTE_BASE_URL.rstrip("/") + reverse(
        "bespreking-verslag",
        kwargs={"school": bespreking.school.slug, "bespreking_id": bespreking.pk},
    )
    acties_per_eigenaar: dict[int, list[Actie]] = {}
    for actie in Actie.objects.filter(bespreking=bespreking).order_by("deadline", "pk"):
        acties_per_eigenaar.setdefault(actie.eigenaar_id, []).append(actie)
    verstuurd = 0
    for deelnemer in (
        Deelnemer.objects.select_for_update()
        .filter(bespreking=bespreking, verslag_ontvangen_op__isnull=True)
        .select_related("gebruiker")
    ):
        context: dict[str, Any] = {
            "bespreking": bespreking,
            "gebruiker": deelnemer.gebruiker,
            "acties": acties_per_eigenaar.get(deelnemer.gebruiker_id, []),
            "url": url,
        }
        send_mail(
            subject=render_to_string("besprekingen/mail/verslag_onderwerp.txt", context).strip(),
            message=render_to_string("besprekingen/mail/verslag.txt", context),
            from_email=None,
            recipient_list=[deelnemer.gebruiker.email],
        )
        deelnemer.verslag_ontvangen_op = timezone.now()
        deelnemer.save(update_fields=["verslag_ontvangen_op"])
        verstuurd += 1
    return verstuurd
