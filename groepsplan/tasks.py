"""Background work of groepsplannen: telling the class's teachers a plan became active."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from zorgroute.celery import app
from zorgroute.models import Gebruiker
from zorgroute.tasks import TenantTask

from .models import Groepsplan, PlanStatus


@app.task(base=TenantTask, name="groepsplan.actief_melding")
def groepsplan_actief_melding(*, plan_id: int, school_id: int) -> int:
    """One e-mail to each mentor and teacher of the class (cyclus B: of the lesgroep) with a
    link to the plan. Idempotent: the plan row is locked and marked, so a second delivery
    sends nothing. No care content in the mail: the class and the link only."""
    plan = (
        Groepsplan.objects.select_for_update(of=("self",))
        .select_related("groepsoverzicht__groep", "groepsoverzicht__periode", "school")
        .select_related("groepsoverzicht__lesgroep")
        .filter(pk=plan_id, status=PlanStatus.ACTIEF, activatie_gemeld_op__isnull=True)
        .first()
    )
    if plan is None:
        return 0
    overzicht = plan.groepsoverzicht
    if overzicht.lesgroep_id:
        wie = Q(docentschappen__lesgroep_id=overzicht.lesgroep_id)
    else:
        wie = Q(docentschappen__lesgroep__groep_id=overzicht.groep_id)
    ontvangers = list(
        Gebruiker.objects.filter(wie | Q(mentoraten__groep_id=overzicht.groep_id))
        .filter(is_active=True)
        .distinct()
        .order_by("email")
    )
    url = settings.ZORGROUTE_BASE_URL.rstrip("/") + reverse(
        "groepsplan-detail", kwargs={"school": plan.school.slug, "plan_id": plan.pk}
    )
    for gebruiker in ontvangers:
        context = {"plan": plan, "overzicht": overzicht, "gebruiker": gebruiker, "url": url}
        send_mail(
            subject=render_to_string("groepsplan/mail/actief_onderwerp.txt", context).strip(),
            message=render_to_string("groepsplan/mail/actief.txt", context),
            from_email=None,
            recipient_list=[gebruiker.email],
        )
    plan.activatie_gemeld_op = timezone.now()
    plan.save(update_fields=["activatie_gemeld_op"])
    return len(ontvangers)
