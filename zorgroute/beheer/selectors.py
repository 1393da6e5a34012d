"""Reads for the beheer pages. Each returns a queryset already joined, prefetched and
annotated for the template that renders it, so a page's query count does not grow with
its rows. All run inside the tenant scope (the scoped managers add the school)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from zorgroute.models import (
    Afdeling,
    Gebruiker,
    Groep,
    Leerling,
    Lesgroep,
    Lidmaatschap,
    Periode,
    Plaatsing,
    Schooljaar,
    Vak,
)


def _active_q(prefix: str, on: dt.date) -> Q:
    return Q(**{f"{prefix}startdatum__lte": on}) & (
        Q(**{f"{prefix}einddatum__isnull": True}) | Q(**{f"{prefix}einddatum__gte": on})
    )


def schooljaren_for_list() -> QuerySet[Schooljaar]:
    return (
        Schooljaar.objects.prefetch_related(
            Prefetch("periodes", queryset=Periode.objects.order_by("startdatum"))
        )
        .annotate(aantal_groepen=Count("groepen", distinct=True))
        .order_by("-startdatum")
    )


def afdelingen_for_list() -> QuerySet[Afdeling]:
    return Afdeling.objects.annotate(
        aantal_groepen=Count("groepen", distinct=True),
        aantal_teamleiders=Count("lidmaatschappen", distinct=True),
    ).order_by("naam")


def groepen_for_list(
    schooljaar: Schooljaar | None, *, on: dt.date | None = None
) -> QuerySet[Groep]:
    on = on or timezone.localdate()
    qs = Groep.objects.all()
    if schooljaar is not None:
        qs = qs.filter(schooljaar=schooljaar)
    return (
        qs.select_related("schooljaar", "afdeling")
        .prefetch_related(
            Prefetch("mentoren", queryset=Gebruiker.objects.order_by("achternaam", "voornaam"))
        )
        .annotate(
            aantal_leerlingen=Count(
                "plaatsingen", filter=_active_q("plaatsingen__", on), distinct=True
            )
        )
        .order_by("leerjaar", "naam")
    )


def vakken_for_list() -> QuerySet[Vak]:
    return Vak.objects.annotate(aantal_lesgroepen=Count("lesgroepen")).order_by("naam")


def lesgroepen_for_list(schooljaar: Schooljaar | None) -> QuerySet[Lesgroep]:
    qs = Lesgroep.objects.all()
    if schooljaar is not None:
        qs = qs.filter(schooljaar=schooljaar)
    return (
        qs.select_related("vak", "groep", "schooljaar")
        .prefetch_related(
            Prefetch("docenten", queryset=Gebruiker.objects.order_by("achternaam", "voornaam"))
        )
        .annotate(aantal_clusterleerlingen=Count("clusterplaatsingen", distinct=True))
        .order_by("vak__naam", "naam")
    )


def leerlingen_for_list(zoek: str = "", *, on: dt.date | None = None) -> QuerySet[Leerling]:
    """Pupils with their current groep; every word of `zoek` must match a name part or the
    leerlingnummer."""
    on = on or timezone.localdate()
    qs = Leerling.objects.all()
    for term in zoek.split():
        qs = qs.filter(
            Q(voornaam__icontains=term)
            | Q(tussenvoegsel__icontains=term)
            | Q(achternaam__icontains=term)
            | Q(leerlingnummer__icontains=term)
        )
    huidige = (
        Plaatsing.objects.filter(_active_q("", on), leerling_id=OuterRef("pk"))
        .order_by("-startdatum")
        .values("groep__naam")[:1]
    )
    return qs.annotate(huidige_groep=Subquery(huidige)).order_by("achternaam", "voornaam", "pk")


def leerling_plaatsingen(leerling: Leerling) -> list[Plaatsing]:
    return list(
        Plaatsing.objects.filter(leerling=leerling)
        .select_related("groep", "groep__schooljaar")
        .order_by("-startdatum")
    )


def groep_plaatsingen(groep: Groep) -> list[Plaatsing]:
    """Every plaatsing of the groep, current and past."""
    return list(
        Plaatsing.objects.filter(groep=groep)
        .select_related("leerling")
        .order_by("leerling__achternaam", "leerling__voornaam", "-startdatum")
    )


def medewerkers_for_list() -> QuerySet[Gebruiker]:
    """Accounts with any membership (current or ended) in this school, with those
    memberships. Gebruiker is a global table: the school comes from the membership."""
    lidmaatschappen = Lidmaatschap.objects.select_related("afdeling").order_by("rol")
    return (
        Gebruiker.objects.filter(pk__in=Lidmaatschap.objects.values("gebruiker_id"))
        .prefetch_related(Prefetch("lidmaatschappen", queryset=lidmaatschappen))
        .order_by("achternaam", "voornaam")
    )


def medewerker_lidmaatschappen(gebruiker: Gebruiker) -> list[Lidmaatschap]:
    return list(
        Lidmaatschap.objects.filter(gebruiker=gebruiker).select_related("afdeling").order_by("rol")
    )


def school_gebruikers() -> QuerySet[Gebruiker]:
    """The accounts a beheerder of this school may open (404 for any other)."""
    return Gebruiker.objects.filter(pk__in=Lidmaatschap.objects.values("gebruiker_id"))


def beheer_counts() -> dict[str, int]:
    today = timezone.localdate()
    return {
        "schooljaren": Schooljaar.objects.count(),
        "afdelingen": Afdeling.objects.count(),
        "groepen": Groep.objects.count(),
        "vakken": Vak.objects.count(),
        "lesgroepen": Lesgroep.objects.count(),
        "leerlingen": Leerling.objects.count(),
        "medewerkers": Lidmaatschap.objects.active(today).values("gebruiker_id").distinct().count(),
    }
