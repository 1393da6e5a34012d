"""Reads for the groepsoverzicht pages, in a fixed number of queries whatever the class
size: the overview grid is built from six queries (see `overzicht_grid`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from zorgroute.models import Groep, Leerling, Lesgroep, Periode, Plaatsing
from zorgroute.tenancy.context import TenantContext

from .access import Rechten
from .models import (
    ChecklistAntwoord,
    Cyclus,
    Domein,
    Groepsoverzicht,
    Hulpzin,
    Ijkpunt,
    IjkpuntSoort,
    InstrumentSoort,
    Onderwijsbehoefte,
    Opmerking,
    Overzichtregel,
    Resultaat,
    SignaalStatus,
    Signalering,
)
from .signalering import Meting, trend

#: How many test moments per domain the overview shows (the trend at a glance).
MOMENTEN_PER_DOMEIN = 3


@dataclass
class Waarde:
    moment: str
    waarde: str
    onder: bool


@dataclass
class Cel:
    domein_id: int
    waarden: list[Waarde] = field(default_factory=list)
    trend: str = ""

    @property
    def laatste(self) -> Waarde | None:
        return self.waarden[-1] if self.waarden else None


@dataclass
class Rij:
    regel: Overzichtregel
    cellen: list[Cel]
    voorstellen: list[Signalering]
    signaleringen: list[Signalering]
    afgewezen: list[Signalering]
    behoeften: list[Onderwijsbehoefte]

    @property
    def gesignaleerd(self) -> bool:
        return bool(self.signaleringen)

    @property
    def onvolledig(self) -> bool:
        """Signalled but without a complete need (a goal plus what the pupil needs)."""
        return self.gesignaleerd and not any(b.is_compleet for b in self.behoeften)


@dataclass
class Grid:
    overzicht: Groepsoverzicht
    rechten: Rechten
    domeinen: list[Domein]
    rijen: list[Rij]

    @property
    def aantal_gesignaleerd(self) -> int:
        return sum(1 for r in self.rijen if r.gesignaleerd)

    @property
    def aantal_voorstellen(self) -> int:
        return sum(len(r.voorstellen) for r in self.rijen)

    @property
    def aantal_onvolledig(self) -> int:
        return sum(1 for r in self.rijen if r.onvolledig)


def relevante_domeinen(overzicht: Groepsoverzicht) -> QuerySet[Domein]:
    """The domains an overview shows: basisvaardigheden, SEO and werkhouding for cyclus A;
    the vak's own tests for cyclus B. Annotated with the school's lower ijkpunt, so the
    grid can highlight low scores without another query."""
    qs = Domein.objects.filter(instrument__actief=True).select_related("instrument")
    if overzicht.cyclus == Cyclus.A:
        qs = qs.exclude(instrument__soort=InstrumentSoort.VAKTOETS)
    else:
        vak_id = overzicht.lesgroep.vak_id if overzicht.lesgroep else 0
        qs = qs.filter(instrument__soort=InstrumentSoort.VAKTOETS, instrument__vak_id=vak_id)
    leerjaar = overzicht.groep.leerjaar
    # An SEO rule on an aandacht-scale needs no threshold: "aandacht" (rank 0) is below the
    # rank of "geen" (1). Rules without a usable threshold are skipped (NULLs would sort
    # first in a descending order on PostgreSQL).
    grens = Coalesce(
        "drempel_rang",
        Case(
            When(soort=IjkpuntSoort.SEO_AANDACHT, then=Value(Decimal(1))),
            output_field=DecimalField(max_digits=9, decimal_places=3),
        ),
    )
    ondergrens = (
        Ijkpunt.objects.filter(
            domein_id=OuterRef("pk"),
            actief=True,
            soort__in=[IjkpuntSoort.ONDER_DREMPEL, IjkpuntSoort.SEO_AANDACHT],
        )
        .filter(Q(leerjaar__isnull=True) | Q(leerjaar=leerjaar))
        .annotate(grens=grens)
        .filter(grens__isnull=False)
        .order_by("-grens")
        .values("grens")[:1]
    )
    return qs.annotate(ondergrens=Subquery(ondergrens)).order_by(
        "instrument__soort", "instrument__naam", "volgorde", "code"
    )


def overzicht_grid(ctx: TenantContext, overzicht: Groepsoverzicht, rechten: Rechten) -> Grid:
    regels = list(
        Overzichtregel.objects.filter(groepsoverzicht=overzicht)
        .select_related("leerling", "gewijzigd_door")
        .prefetch_related(
            Prefetch(
                "signaleringen",
                queryset=Signalering.objects.select_related("ijkpunt").order_by("created_at"),
            ),
            Prefetch(
                "onderwijsbehoeften",
                queryset=Onderwijsbehoefte.objects.select_related("domein").order_by("created_at"),
            ),
        )
        .order_by("leerling__achternaam", "leerling__voornaam")
    )
    domeinen = list(relevante_domeinen(overzicht))
    per_leerling: dict[tuple[int, int], list[Meting]] = {}
    namen: dict[tuple[int, object], str] = {}  # (domein, datum) -> toetsmoment name
    if regels and domeinen:
        for res in (
            Resultaat.objects.filter(
                leerling_id__in=[r.leerling_id for r in regels],
                domein_id__in=[d.pk for d in domeinen],
                toetsmoment__datum__lte=overzicht.periode.einddatum,
            )
            .order_by("toetsmoment__datum")
            .values(
                "leerling_id",
                "domein_id",
                "waarde",
                "rang",
                "toetsmoment__datum",
                "toetsmoment__naam",
            )
        ):
            per_leerling.setdefault((res["leerling_id"], res["domein_id"]), []).append(
                Meting(res["domein_id"], res["toetsmoment__datum"], res["waarde"], res["rang"])
            )
            namen[(res["domein_id"], res["toetsmoment__datum"])] = res["toetsmoment__naam"]
    rijen = []
    for regel in regels:
        cellen = []
        for domein in domeinen:
            reeks = per_leerling.get((regel.leerling_id, domein.pk), [])[-MOMENTEN_PER_DOMEIN:]
            grens: Decimal | None = getattr(domein, "ondergrens", None)
            cellen.append(
                Cel(
                    domein_id=domein.pk,
                    waarden=[
                        Waarde(
                            moment=namen.get((m.domein_id, m.datum), ""),
                            waarde=m.waarde,
                            onder=grens is not None and m.rang < grens,
                        )
                        for m in reeks
                    ],
                    trend=trend(reeks),
                )
            )
        signalen = list(regel.signaleringen.all())
        rij = Rij(
            regel=regel,
            cellen=cellen,
            voorstellen=[s for s in signalen if s.status == SignaalStatus.VOORGESTELD],
            signaleringen=[s for s in signalen if s.status == SignaalStatus.BEVESTIGD],
            afgewezen=[s for s in signalen if s.status == SignaalStatus.AFGEWEZEN],
            behoeften=list(regel.onderwijsbehoeften.all()),
        )
        if not rechten.bijzonderheden:
            regel.bijzonderheden = ""
        rijen.append(rij)
    return Grid(overzicht=overzicht, rechten=rechten, domeinen=domeinen, rijen=rijen)


def hulpzinnen() -> list[Hulpzin]:
    return list(Hulpzin.objects.filter(actief=True).order_by("volgorde", "categorie", "tekst"))


def open_opmerkingen(overzicht: Groepsoverzicht) -> list[Opmerking]:
    return list(
        Opmerking.objects.filter(groepsoverzicht=overzicht, afgehandeld=False)
        .select_related("auteur", "leerling")
        .order_by("-created_at")
    )


# --- Header counters and a row's history --------------------------------------------------------


@dataclass(frozen=True)
class Tellers:
    """The counters in the overview's header."""

    gesignaleerd: int
    voorstellen: int
    onvolledig: int
    leerlingen: int

    @classmethod
    def van_grid(cls, grid: Grid) -> Tellers:
        """From a grid that is already loaded (the page): no extra query."""
        return cls(
            gesignaleerd=grid.aantal_gesignaleerd,
            voorstellen=grid.aantal_voorstellen,
            onvolledig=grid.aantal_onvolledig,
            leerlingen=len(grid.rijen),
        )


def overzicht_tellers(overzicht: Groepsoverzicht) -> Tellers:
    """The header counters in one aggregate query, with the same meaning as `Grid`'s:
    rows with a confirmed signal, open proposals, and signalled rows without a complete need
    (a goal and what the pupil needs, both not blank)."""
    from django.db.models import Count, Exists

    bevestigd = Exists(
        Signalering.objects.filter(regel_id=OuterRef("pk"), status=SignaalStatus.BEVESTIGD)
    )
    compleet = Exists(
        Onderwijsbehoefte.objects.filter(regel_id=OuterRef("pk"))
        .exclude(doel__regex=r"^\s*$")
        .exclude(behoefte__regex=r"^\s*$")
    )
    totalen = (
        Overzichtregel.objects.filter(groepsoverzicht=overzicht)
        .order_by()
        .aggregate(
            leerlingen=Count("pk", distinct=True),
            gesignaleerd=Count("pk", distinct=True, filter=Q(bevestigd)),
            onvolledig=Count("pk", distinct=True, filter=Q(bevestigd) & ~Q(compleet)),
            voorstellen=Count(
                "signaleringen", filter=Q(signaleringen__status=SignaalStatus.VOORGESTELD)
            ),
        )
    )
    return Tellers(
        gesignaleerd=totalen["gesignaleerd"],
        voorstellen=totalen["voorstellen"],
        onvolledig=totalen["onvolledig"],
        leerlingen=totalen["leerlingen"],
    )


@dataclass
class RegelHistorie:
    """The historical records of one row, its signals and its needs, oldest first."""

    regel: list[object]
    signaleringen: list[object]
    behoeften: list[object]


def regel_historie(regel: Overzichtregel) -> RegelHistorie:
    """Three queries, whatever the number of changes. The history tables are school-owned
    too (row-level security); the row was fetched through the tenant's manager."""
    return RegelHistorie(
        regel=list(
            Overzichtregel.history.filter(id=regel.pk)
            .select_related("history_user", "gewijzigd_door")
            .order_by("history_date", "history_id")
        ),
        signaleringen=list(
            Signalering.history.filter(regel_id=regel.pk)
            .select_related("history_user", "besloten_door")
            .order_by("history_date", "history_id")
        ),
        behoeften=list(
            Onderwijsbehoefte.history.filter(regel_id=regel.pk)
            .select_related("history_user", "domein")
            .order_by("history_date", "history_id")
        ),
    )


# --- Checklists -----------------------------------------------------------------------------


def checklist_antwoorden(
    overzicht: Groepsoverzicht, codes: frozenset[str]
) -> dict[str, tuple[bool | None, str]]:
    """The stored answers of one checklist: item code -> (antwoord, opmerking)."""
    return {
        a.item: (a.antwoord, a.opmerking)
        for a in ChecklistAntwoord.objects.filter(groepsoverzicht=overzicht, item__in=list(codes))
    }


# --- The list of overviews and starting one ---------------------------------------------------


def _count(qs: QuerySet[Any], outer: str = "pk") -> Coalesce:
    """A correlated COUNT(*) of `qs` (filtered on groepsoverzicht = the outer row)."""
    counted = (
        qs.filter(**{_outer_field(qs): OuterRef(outer)})
        .order_by()
        .values(_outer_field(qs))
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _outer_field(qs: QuerySet[Any]) -> str:
    model = qs.model
    if model is Overzichtregel:
        return "groepsoverzicht_id"
    return "regel__groepsoverzicht_id"


def overzichten_met_tellers(qs: QuerySet[Groepsoverzicht]) -> list[Groepsoverzicht]:
    """The overviews of `qs` for the list page, each with its counts in the same query:
    `aantal_leerlingen`, `aantal_gesignaleerd`, `aantal_voorstellen`, `aantal_onvolledig`."""
    return list(
        qs.select_related("groep", "periode", "periode__schooljaar", "lesgroep", "lesgroep__vak")
        .annotate(
            aantal_leerlingen=_count(Overzichtregel.objects.all()),
            aantal_gesignaleerd=_count(
                Overzichtregel.objects.filter(
                    pk__in=Signalering.objects.filter(status=SignaalStatus.BEVESTIGD).values(
                        "regel_id"
                    )
                )
            ),
            aantal_voorstellen=_count(Signalering.objects.filter(status=SignaalStatus.VOORGESTELD)),
            aantal_onvolledig=_count(Onderwijsbehoefte.objects.filter(doel="")),
        )
        .order_by("-periode__startdatum", "cyclus", "groep__leerjaar", "groep__naam")
    )


def bestaand_overzicht(
    *, groep: Groep, periode: Periode, cyclus: str, lesgroep: Lesgroep | None
) -> Groepsoverzicht | None:
    """The overview that already exists for this class or lesgroep in this periode."""
    return Groepsoverzicht.objects.filter(
        groep=groep, periode=periode, cyclus=cyclus, lesgroep=lesgroep
    ).first()


def leerlingen_in_periode(
    *, groep: Groep, periode: Periode, lesgroep: Lesgroep | None
) -> list[Leerling]:
    """The pupils of the class (A) or the lesgroep (B) at any time during the periode."""
    in_periode = Q(startdatum__lte=periode.einddatum) & (
        Q(einddatum__isnull=True) | Q(einddatum__gte=periode.startdatum)
    )
    if lesgroep is not None and lesgroep.groep_id is None:
        qs = Leerling.objects.filter(clusterplaatsingen__lesgroep=lesgroep)
    else:
        target = lesgroep.groep_id if lesgroep is not None and lesgroep.groep_id else groep.pk
        placed = Plaatsing.objects.filter(in_periode, groep_id=target).values("leerling_id")
        qs = Leerling.objects.filter(pk__in=placed)
    return list(qs.order_by("achternaam", "voornaam"))


def vorig_overzicht(
    *, groep: Groep, periode: Periode, cyclus: str, lesgroep: Lesgroep | None
) -> Groepsoverzicht | None:
    """The overview of the previous cycle to start from.

    Cyclus A: the class's own previous overview; at the start of a schooljaar (a new class)
    the latest earlier overview in which most of its pupils were, e.g. last year's 1A for
    this year's 2A. Cyclus B: only the same lesgroep's previous overview, so a docent never
    receives a colleague's subject notes they could not see."""
    eerder = Groepsoverzicht.objects.filter(
        cyclus=cyclus, periode__startdatum__lt=periode.startdatum
    ).select_related("periode", "groep")
    if cyclus == Cyclus.B:
        return eerder.filter(lesgroep=lesgroep).order_by("-periode__startdatum").first()
    eigen = eerder.filter(groep=groep).order_by("-periode__startdatum").first()
    if eigen is not None:
        return eigen
    pupils = [
        leerling.pk
        for leerling in leerlingen_in_periode(groep=groep, periode=periode, lesgroep=None)
    ]
    return (
        eerder.filter(regels__leerling_id__in=pupils)
        .annotate(gedeeld=Count("regels"))
        .order_by("-periode__startdatum", "-gedeeld")
        .first()
    )


# --- One row and the pupils of an overview ------------------------------------------------------


def regel_rij(overzicht: Groepsoverzicht, regel_id: int) -> Rij | None:
    """One row with its signals and needs (to re-render its S or needs cell); None when the
    row is not in this overview."""
    regel = (
        Overzichtregel.objects.filter(groepsoverzicht=overzicht, pk=regel_id)
        .select_related("leerling")
        .prefetch_related("signaleringen", "onderwijsbehoeften__domein")
        .first()
    )
    if regel is None:
        return None
    signalen = sorted(regel.signaleringen.all(), key=lambda s: s.created_at)
    return Rij(
        regel=regel,
        cellen=[],
        voorstellen=[s for s in signalen if s.status == SignaalStatus.VOORGESTELD],
        signaleringen=[s for s in signalen if s.status == SignaalStatus.BEVESTIGD],
        afgewezen=[s for s in signalen if s.status == SignaalStatus.AFGEWEZEN],
        behoeften=sorted(regel.onderwijsbehoeften.all(), key=lambda b: b.created_at),
    )


def overzicht_leerlingen(overzicht: Groepsoverzicht) -> list[tuple[int, str]]:
    """(leerling id, name) of every pupil in the overview, by name."""
    regels = Overzichtregel.objects.filter(groepsoverzicht=overzicht).select_related("leerling")
    return [
        (r.leerling_id, str(r.leerling))
        for r in regels.order_by("leerling__achternaam", "leerling__voornaam")
    ]


def overzicht_leerling(overzicht: Groepsoverzicht, leerling_id: int) -> Leerling:
    """A pupil of the overview (one the form offered)."""
    return (
        Overzichtregel.objects.filter(groepsoverzicht=overzicht, leerling_id=leerling_id)
        .select_related("leerling")
        .get()
        .leerling
    )
