"""Mails of the IZO route: a submitted aanmelding to the zorgcoördinatoren, a triage
decision to the applicant. Names and status only; the care content stays in the portal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from zorgroute.celery import app
from zorgroute.models import Lidmaatschap, Rol
from zorgroute.tasks import TenantTask

from .models import Aanmelding

NAAR_ZORGTEAM = frozenset({"ingediend", "aangevuld"})


@app.task(base=TenantTask, name="izo_zat.triage_melding")
def triage_melding(*, soort: str, aanmelding_id: int, school_id: int) -> int:
    aanmelding = (
        Aanmelding.objects.select_related("leerling", "groep", "aanmelder", "school")
        .filter(pk=aanmelding_id)
        .first()
    )
    if aanmelding is None:
        return 0
    if soort in NAAR_ZORGTEAM:
        today = timezone.localdate()
        ontvangers = sorted(
            set(
                Lidmaatschap.objects.filter(school_id=school_id, rol=Rol.ZORGCOORDINATOR)
                .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=today))
                .values_list("gebruiker__email", flat=True)
            )
        )
    else:
        ontvangers = [aanmelding.aanmelder.email]
    if not ontvangers:
        return 0
    url = settings.ZORGROUTE_BASE_URL.rstrip("/") + reverse(
        "izo-aanmelding",
        kwargs={"school": aanmelding.school.slug, "aanmelding_id": aanmelding.pk},
    )
    context = {"soort": soort, "aanmelding": aanmelding, "url": url}
    send_mail(
        subject=render_to_string("izo_zat/mail/triage_onderwerp.txt", context).strip(),
        message=render_to_string("izo_zat/mail/triage.txt", context),
        from_email=None,
        recipient_list=ontvangers,
    )
    return len(ontvangers)
