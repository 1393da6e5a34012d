"""Reads for the core pages, shaped for the templates that render them."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from . import access
from .models import (
    AccessEvent,
    Gebruiker,
    Groep,
    Leerling,
    Lesgroep,
    Lidmaatschap,
    Plaatsing,
    School,
    Schooljaar,
)
from .tenancy.context import TenantContext
from .tenancy.sql import cross_tenant_reads


def schools_for_user(user: Gebruiker) -> list[School]:
    """The schools where the user has an active membership (the school picker).

    Memberships of several schools are read at once (the board's dashboard does the same
    in opbrengsten.bestuur); on PostgreSQL RLS limits it to the user's own rows (policy
    own_memberships).
    """
    with cross_tenant_reads():
        school_ids = Lidmaatschap.objects.active().filter(gebruiker_id=user.pk).values("school_id")
        return list(School.objects.filter(pk__in=school_ids).order_by("naam"))


def current_schooljaar(*, on: dt.date | None = None) -> Schooljaar | None:
    on = on or timezone.localdate()
    return (
        Schooljaar.objects.filter(startdatum__lte=on, einddatum__gte=on).first()
        or Schooljaar.objects.order_by("-startdatum").first()
    )


def groepen_for_list(ctx: TenantContext, schooljaar: Schooljaar | None) -> QuerySet[Groep]:
    today = timezone.localdate()
    qs = access.visible_groepen(ctx)
    if schooljaar is not None:
        qs = qs.filter(schooljaar=schooljaar)
    return (
        qs.select_related("afdeling", "schooljaar")
        .prefetch_related(
            Prefetch(
                "mentoren",
                queryset=Gebruiker.objects.order_by("achternaam"),
            )
        )
        .annotate(
            aantal_leerlingen=Count(
                "plaatsingen",
                filter=Q(plaatsingen__startdatum__lte=today)
                & (Q(plaatsingen__einddatum__isnull=True) | Q(plaatsingen__einddatum__gte=today)),
                distinct=True,
            )
        )
        .order_by("leerjaar", "naam")
    )


def groep_plaatsingen(ctx: TenantContext, groep: Groep) -> list[Plaatsing]:
    """Active plaatsingen of the groep whose pupils this user may see."""
    visible = access.visible_leerlingen(ctx)
    return list(
        Plaatsing.objects.active()
        .filter(groep=groep, leerling__in=visible)
        .select_related("leerling")
        .order_by("leerling__achternaam", "leerling__voornaam")
    )


def groep_lesgroepen(groep: Groep) -> list[Lesgroep]:
    """The teachers per subject of a class."""
    return list(
        Lesgroep.objects.filter(groep=groep)
        .select_related("vak")
        .prefetch_related(Prefetch("docenten", queryset=Gebruiker.objects.order_by("achternaam")))
        .order_by("vak__naam")
    )


def leerling_plaatsingen(leerling: Leerling) -> list[Plaatsing]:
    return list(
        Plaatsing.objects.filter(leerling=leerling)
        .select_related("groep", "groep__schooljaar")
        .order_by("-startdatum")
    )


def leerling_access_events(leerling: Leerling, *, limit: int = 200) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(leerling=leerling)
        .select_related("gebruiker")
        .order_by("-created_at")[:limit]
    )
