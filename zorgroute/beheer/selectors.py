"""Reads for the beheer pages. Each returns a queryset already joined, prefetched and
annotated for the template that renders it, so a page's query count does not grow with
its rows. All run inside the tenant scope (the scoped managers add the school)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import (
    Case,
    CharField,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone

from zorgroute.models import (
    Afdeling,
    Gebruiker,
    Groep,
    Leerling,
    Lesgroep,
    Lidmaatschap,
    Medewerker,
    Periode,
    Plaatsing,
    Schooljaar,
    Uitnodiging,
    Vak,
)


def met_schoolnaam(qs: QuerySet[Gebruiker]) -> QuerySet[Gebruiker]:
    """Accounts annotated with `schoolnaam`: the name this school gives them (its
    `Medewerker` record), which the beheer pages show instead of the account's own name.
    One subquery, no extra query; the tenant scope picks this school's record."""
    naam = Concat(
        "voornaam",
        Case(
            When(tussenvoegsel="", then=Value("")),
            default=Concat(Value(" "), "tussenvoegsel"),
        ),
        Value(" "),
        "achternaam",
        output_field=CharField(),
    )
    record = Medewerker.objects.filter(gebruiker_id=OuterRef("pk")).annotate(naam=naam)
    return qs.annotate(schoolnaam=Subquery(record.values("naam")[:1]))


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
            Prefetch(
                "mentoren",
                queryset=met_schoolnaam(Gebruiker.objects.order_by("achternaam", "voornaam")),
            )
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
            Prefetch(
                "docenten",
                queryset=met_schoolnaam(Gebruiker.objects.order_by("achternaam", "voornaam")),
            )
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


def medewerkers_for_list() -> list[Medewerker]:
    """This school's staff records (invited ones included), each with its memberships
    (`rollen`) and, while not accepted, its newest invitation (`uitnodiging`). Only the
    school's own fields: never the account's. Three queries, whatever the number of rows."""
    medewerkers = list(Medewerker.objects.order_by("achternaam", "voornaam", "pk"))
    per_account: dict[int, list[Lidmaatschap]] = defaultdict(list)
    for lid in Lidmaatschap.objects.select_related("afdeling").order_by("rol"):
        per_account[lid.gebruiker_id].append(lid)
    open_ids = [mw.pk for mw in medewerkers if mw.gebruiker_id is None]
    laatste: dict[int, Uitnodiging] = {}
    if open_ids:
        for u in Uitnodiging.objects.filter(medewerker_id__in=open_ids).order_by("created_at"):
            laatste[u.medewerker_id] = u
    for mw in medewerkers:
        mw.rollen = per_account.get(mw.gebruiker_id or 0, [])  # type: ignore[attr-defined]
        mw.uitnodiging = laatste.get(mw.pk)  # type: ignore[attr-defined]
    return medewerkers


def medewerker_lidmaatschappen(medewerker: Medewerker) -> list[Lidmaatschap]:
    if medewerker.gebruiker_id is None:
        return []
    return list(
        Lidmaatschap.objects.filter(gebruiker_id=medewerker.gebruiker_id)
        .select_related("afdeling")
        .order_by("rol")
    )


def laatste_uitnodiging(medewerker: Medewerker) -> Uitnodiging | None:
    return medewerker.uitnodigingen.order_by("-created_at").first()


def medewerker_van(lid: Lidmaatschap) -> Medewerker:
    """This school's record of a membership's holder (every membership has one: see
    `Lidmaatschap.save`)."""
    return Medewerker.objects.get(gebruiker_id=lid.gebruiker_id)


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
