"""Background work of the IZO route: the aanmelding an "aanmelden bij IZO" decision asks
for, and the mails (a submitted aanmelding to the zorgcoördinatoren, a triage decision to
the applicant, a closed meeting, a shared ZAT case). Mails carry names and status only; the
care content stays in the portal."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from besprekingen.models import Besluit
from zorgroute.celery import app
from zorgroute.models import Lidmaatschap, Mentoraat, Plaatsing, Rol
from zorgroute.tasks import TenantTask

from .aanmelding.services import aanmelding_uit_besluit
from .models import Aanmelding

NAAR_ZORGTEAM = frozenset({"ingediend", "aangevuld"})


@app.task(base=TenantTask, name="izo_zat.aanmelding_voorbereiden", acks_late=True)
def aanmelding_voorbereiden(*, besluit_id: int, school_id: int) -> int:
    """Queued by besprekingen.vergadering.services.besluit_vastleggen in the decision's transaction.
    Idempotent (one aanmelding per decision), so a second delivery changes nothing."""
    besluit = Besluit.objects.select_related("bespreking").filter(pk=besluit_id).first()
    if besluit is None:
        return 0  # the decision was removed before the task ran
    return 1 if aanmelding_uit_besluit(besluit=besluit) is not None else 0


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


def _absolute(name: str, **kwargs: object) -> str:
    return settings.ZORGROUTE_BASE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


@app.task(base=TenantTask, name="izo_zat.overleg_afgesloten_melding")
def overleg_afgesloten_melding(*, overleg_id: int, school_id: int) -> int:
    """After an IZO: the zorgcoördinator reports back to the mentor(s), the teamleider of the
    afdeling and the applicant of each discussed pupil (seed §6.2.3), one mail per person
    with a link per pupil. After a ZAT: every attendee gets the link to the meeting."""
    from .models import IzoVerslag, OverlegSoort, Zorgoverleg

    overleg = Zorgoverleg.objects.select_related("school").filter(pk=overleg_id).first()
    if overleg is None:
        return 0
    slug = overleg.school.slug
    per_persoon: dict[str, list[tuple[str, str]]] = {}
    if overleg.soort == OverlegSoort.IZO:
        today = timezone.localdate()
        for verslag in IzoVerslag.objects.filter(overleg=overleg).select_related(
            "traject__leerling", "traject__aanmelding__aanmelder"
        ):
            leerling = verslag.traject.leerling
            plaatsing = (
                Plaatsing.objects.active(today)
                .filter(leerling=leerling)
                .select_related("groep")
                .first()
            )
            ontvangers = set()
            if plaatsing is not None:
                ontvangers |= set(
                    Mentoraat.objects.filter(groep=plaatsing.groep).values_list(
                        "gebruiker__email", flat=True
                    )
                )
                if plaatsing.groep.afdeling_id:
                    ontvangers |= set(
                        Lidmaatschap.objects.active(today)
                        .filter(rol=Rol.TEAMLEIDER, afdeling_id=plaatsing.groep.afdeling_id)
                        .values_list("gebruiker__email", flat=True)
                    )
            if verslag.traject.aanmelding is not None:
                ontvangers.add(verslag.traject.aanmelding.aanmelder.email)
            url = _absolute("izo-verslag-detail", school=slug, verslag_id=verslag.pk)
            for email in ontvangers:
                per_persoon.setdefault(email, []).append((leerling.volledige_naam, url))
    else:
        url = _absolute("zat-overleg-detail", school=slug, zatoverleg_id=overleg.pk)
        for email in overleg.deelnemers.values_list("gebruiker__email", flat=True):
            per_persoon[email] = [("", url)]
    for email, regels in sorted(per_persoon.items()):
        context = {"overleg": overleg, "regels": regels}
        send_mail(
            subject=render_to_string("izo_zat/mail/overleg_onderwerp.txt", context).strip(),
            message=render_to_string("izo_zat/mail/overleg.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    return len(per_persoon)


@app.task(base=TenantTask, name="izo_zat.zat_gedeeld_melding")
def zat_gedeeld_melding(*, grant_id: int, school_id: int) -> int:
    """Tell a partner member a case was shared with them: a link, no names or content."""
    from .models import TrajectGrant, Zatcasus

    grant = TrajectGrant.objects.select_related("user", "school").filter(pk=grant_id).first()
    if grant is None or grant.ingetrokken_op is not None:
        return 0
    casus = (
        Zatcasus.objects.filter(traject_id=grant.content_object_id).order_by("-created_at").first()
    )
    if casus is None:
        return 0
    context = {
        "grant": grant,
        "url": _absolute("zat-casus", school=grant.school.slug, zatcasus_id=casus.pk),
    }
    send_mail(
        subject=f"Een ZAT-casus van {grant.school.naam} is met u gedeeld",
        message=render_to_string("izo_zat/mail/zat_gedeeld.txt", context),
        from_email=None,
        recipient_list=[grant.user.email],
    )
    return 1
