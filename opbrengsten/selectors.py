"""The measures of the opbrengsten dashboards, computed in SQL.

Every measure is one aggregate query (annotate/aggregate with conditional counts) for the
whole selection, whatever the number of classes or pupils; Python only shapes the few
aggregate rows that come back. What a cell may show goes through `suppressie`.

The selection (`Selectie`) is a schooljaar, optionally one cycle (periode), and filters on
the classes: afdeling, leerjaar, niveau. Pupils are in the selection through their class.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Lower, Trim, TruncDate
from django.http import QueryDict
from django.utils import timezone

from besprekingen.models import Bespreking, Soort, Status
from groepsoverzicht.models import (
    Domein,
    Resultaat,
    SignaalReden,
    SignaalStatus,
    Signalering,
    Toetsmoment,
)
from groepsplan.ihp_opp.models import Ontwikkelingsperspectief
from groepsplan.ihp_opp.selectors import BIJNA_TE_LAAT, TE_LAAT, opp_status_sql
from groepsplan.models import Bijstelling, Doelevaluatie, DoelResultaat, Logboekregel
from izo_zat.models import (
    Aanmelding,
    AanmeldingStatus,
    Doorverwijzing,
    Traject,
    TrajectStatus,
    Triagebesluit,
    Zatcasus,
)
from planning.models import STAPPEN, Cyclusplanning
from planning.taken import TUSSEN_MARGE, overzichten_met_stappen, stappen_gedaan
from zorgroute.models import Afdeling, Groep, Niveau, Periode, Plaatsing, Schooljaar
from zorgroute.selectors import current_schooljaar
from zorgroute.tenancy.sql import planner_settings

from .models import Ambitie, AmbitieSoort
from .suppressie import Cel, aandeel, cel

# --- The selection --------------------------------------------------------------------------


@dataclass(frozen=True)
class Selectie:
    schooljaar: Schooljaar
    periode: Periode | None = None
    afdeling: Afdeling | None = None
    leerjaar: int | None = None
    niveau: str | None = None
    #: One class only (the class page of the drill-down).
    groep_id: int | None = None

    @property
    def van(self) -> dt.date:
        return self.periode.startdatum if self.periode else self.schooljaar.startdatum

    @property
    def tot(self) -> dt.date:
        return self.periode.einddatum if self.periode else self.schooljaar.einddatum

    def klasfilter(self, prefix: str = "") -> Q:
        """The class filters without the schooljaar (also used for earlier years)."""
        q = Q()
        if self.groep_id is not None:
            q &= Q(**{f"{prefix}pk": self.groep_id})
        if self.afdeling is not None:
            q &= Q(**{f"{prefix}afdeling_id": self.afdeling.pk})
        if self.leerjaar is not None:
            q &= Q(**{f"{prefix}leerjaar": self.leerjaar})
        if self.niveau:
            q &= Q(**{f"{prefix}niveau": self.niveau})
        return q

    def groepen(self) -> QuerySet[Groep]:
        return Groep.objects.filter(self.klasfilter(), schooljaar=self.schooljaar)

    def leerling_ids(self) -> QuerySet[Plaatsing, Any]:
        """Pupils placed in a selected class (a subquery, never fetched)."""
        return Plaatsing.objects.filter(groep__in=self.groepen()).values("leerling_id")

    def querystring(self, **extra: Any) -> str:
        q = QueryDict(mutable=True)
        q["schooljaar"] = str(self.schooljaar.pk)
        if self.periode:
            q["periode"] = str(self.periode.pk)
        if self.afdeling:
            q["afdeling"] = str(self.afdeling.pk)
        if self.leerjaar:
            q["leerjaar"] = str(self.leerjaar)
        if self.niveau:
            q["niveau"] = self.niveau
        for k, v in extra.items():
            if v not in (None, ""):
                q[k] = str(v)
        return q.urlencode()

    def omschrijving(self) -> str:
        delen = [self.schooljaar.naam, self.periode.naam if self.periode else "hele schooljaar"]
        if self.afdeling:
            delen.append(f"afdeling {self.afdeling.naam}")
        if self.leerjaar:
            delen.append(f"leerjaar {self.leerjaar}")
        if self.niveau:
            delen.append(str(Niveau(self.niveau).label))
        return ", ".join(delen)


@dataclass
class Keuzes:
    """What the filter form offers, and notices about values that were ignored."""

    schooljaren: list[Schooljaar]
    periodes: list[Periode]
    afdelingen: list[Afdeling]
    leerjaren: list[int]
    niveaus: list[tuple[str, str]]
    meldingen: list[str] = field(default_factory=list)


def parse_int(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


T = TypeVar("T", bound=Model)


def _gekozen(rijen: list[T], raw: str, melding: str, meldingen: list[str]) -> T | None:
    """The row whose pk is `raw`; a value that is none of them adds `melding`."""
    if not raw:
        return None
    gekozen = next((r for r in rijen if r.pk == parse_int(raw)), None)
    if gekozen is None:
        meldingen.append(melding)
    return gekozen


def _leerjaar(raw: str, meldingen: list[str]) -> int | None:
    leerjaar = parse_int(raw) if raw else None
    if raw and (leerjaar is None or not 1 <= leerjaar <= 8):
        meldingen.append(
            f"Leerjaar '{raw[:10]}' bestaat niet (kies 1 tot en met 8); alle leerjaren "
            "zijn getoond."
        )
        return None
    return leerjaar


def _niveau(raw: str, meldingen: list[str]) -> str | None:
    if raw and raw not in Niveau.values:
        meldingen.append("Het gekozen niveau bestaat niet; alle niveaus zijn getoond.")
        return None
    return raw or None


def selectie_uit(params: QueryDict) -> tuple[Selectie | None, Keuzes]:
    """The selection from GET parameters. A value that is not one of the choices is ignored
    with a notice (never an error page). Four queries, whatever the school's size."""
    schooljaren = list(Schooljaar.objects.order_by("-startdatum"))
    meldingen: list[str] = []
    jaar = _gekozen(
        schooljaren,
        params.get("schooljaar", ""),
        "Het gekozen schooljaar bestaat niet (meer); het huidige is gekozen.",
        meldingen,
    )
    if jaar is None:
        jaar = current_schooljaar() or (schooljaren[0] if schooljaren else None)
    afdelingen = list(Afdeling.objects.order_by("naam"))
    niveaus = [(str(v), str(label)) for v, label in Niveau.choices]
    if jaar is None:
        return None, Keuzes([], [], afdelingen, list(range(1, 9)), niveaus, meldingen)
    periodes = list(Periode.objects.filter(schooljaar=jaar).order_by("startdatum"))
    periode = _gekozen(
        periodes,
        params.get("periode", ""),
        f"De gekozen cyclus hoort niet bij {jaar.naam}; het hele schooljaar is getoond.",
        meldingen,
    )
    afdeling = _gekozen(
        afdelingen,
        params.get("afdeling", ""),
        "De gekozen afdeling bestaat niet; alle afdelingen zijn getoond.",
        meldingen,
    )
    leerjaar = _leerjaar(params.get("leerjaar", ""), meldingen)
    niveau = _niveau(params.get("niveau", ""), meldingen)
    keuzes = Keuzes(schooljaren, periodes, afdelingen, list(range(1, 9)), niveaus, meldingen)
    return Selectie(jaar, periode, afdeling, leerjaar, niveau), keuzes


# --- 1. Cycle compliance per class ----------------------------------------------------------

OP_TIJD = "op_tijd"
TE_LAAT_GEDAAN = "te_laat_gedaan"
TE_LAAT_OPEN = "te_laat"
OPEN = "open"
NVT = "nvt"
GEEN_DEADLINE = "geen_deadline"

STAP_STATUS_LABELS = {
    OP_TIJD: "op tijd",
    TE_LAAT_GEDAAN: "te laat gedaan",
    TE_LAAT_OPEN: "te laat, nog open",
    OPEN: "nog niet aan de beurt",
    NVT: "niet van toepassing",
    GEEN_DEADLINE: "geen deadline",
}
#: Symbols next to the words, so the table is readable without colour.
STAP_STATUS_TEKENS = {
    OP_TIJD: "✓",
    TE_LAAT_GEDAAN: "!",
    TE_LAAT_OPEN: "✗",
    OPEN: "…",
    NVT: "–",
    GEEN_DEADLINE: "?",
}


@dataclass
class StapStatus:
    stap: str
    status: str
    deadline: dt.date | None
    gedaan_op: dt.date | None

    @property
    def label(self) -> str:
        return STAP_STATUS_LABELS[self.status]

    @property
    def teken(self) -> str:
        return STAP_STATUS_TEKENS[self.status]


@dataclass
class KlasNaleving:
    groep: Groep
    periode: Periode
    stappen: list[StapStatus]


@dataclass
class Naleving:
    klassen: list[KlasNaleving]
    #: Per step: {status: number of classes}.
    per_stap: list[tuple[str, str, dict[str, int]]]


def _stap_status(
    gedaan: bool | None, gedaan_op: dt.date | None, deadline: dt.date | None, vandaag: dt.date
) -> str:
    if gedaan is None:
        return NVT
    if deadline is None:
        return GEEN_DEADLINE
    if gedaan:
        return OP_TIJD if gedaan_op is not None and gedaan_op <= deadline else TE_LAAT_GEDAAN
    return TE_LAAT_OPEN if deadline < vandaag else OPEN


def naleving(sel: Selectie, *, vandaag: dt.date | None = None) -> Naleving:
    """Per class and cycle, each step of the cycle: done on time, late, or still open,
    against the jaarplanning's deadlines. "Done" is planning.taken's definition; the date it
    was done is read from the data: the last signalling decision of the overview (or its
    creation), the date of the closed groepsbespreking, the plan's activation, the first
    logbook note or adjustment around the tussenevaluatie, the last goal evaluation.
    Three queries (classes, deadlines, annotated overviews)."""
    vandaag = vandaag or timezone.localdate()
    periodes = [sel.periode] if sel.periode else None
    planning_qs = (
        Cyclusplanning.objects.filter(periode=sel.periode)
        if sel.periode
        else Cyclusplanning.objects.filter(periode__schooljaar=sel.schooljaar)
    )
    planningen = {p.periode_id: p for p in planning_qs.select_related("periode")}
    if periodes is None:
        periodes = sorted((p.periode for p in planningen.values()), key=lambda p: p.startdatum)
    groepen = list(sel.groepen().order_by("leerjaar", "naam"))
    tussen = Coalesce(F("periode__planning__tussenevaluatie"), F("groepsplan__tussenevaluatie"))
    overzichten: dict[tuple[int, int], Any] = {
        (o.groep_id, o.periode_id): o
        for o in overzichten_met_stappen(sel.groepen(), [p.pk for p in periodes])
        # Only what the steps read; the moments as local dates computed in SQL.
        .only("groep_id", "periode_id")
        .annotate(
            tussen_datum=tussen,
            gemaakt_op=TruncDate("created_at"),
            beslist_op=Subquery(
                Signalering.objects.filter(
                    regel__groepsoverzicht_id=OuterRef("pk"), besloten_op__isnull=False
                )
                .order_by("-besloten_op")
                .values(d=TruncDate("besloten_op"))[:1]
            ),
            besproken_op=Subquery(
                Bespreking.objects.filter(
                    groepsoverzicht_id=OuterRef("pk"),
                    soort=Soort.GROEPSBESPREKING,
                    status=Status.AFGESLOTEN,
                )
                .order_by("datum")
                .values("datum")[:1]
            ),
            actief_op=TruncDate("groepsplan__geactiveerd_op"),
            logboek_op=Subquery(
                Logboekregel.objects.filter(
                    groepsplan_id=OuterRef("groepsplan__id"),
                    datum__gte=OuterRef("tussen_datum") - TUSSEN_MARGE,
                )
                .order_by("datum")
                .values("datum")[:1]
            ),
            bijgesteld_op=Subquery(
                Bijstelling.objects.filter(
                    groepsplan_id=OuterRef("groepsplan__id"),
                    datum__gte=OuterRef("tussen_datum") - TUSSEN_MARGE,
                )
                .order_by("datum")
                .values("datum")[:1]
            ),
            geevalueerd_op=Subquery(
                Doelevaluatie.objects.filter(
                    doel__plangroep__groepsplan_id=OuterRef("groepsplan__id")
                )
                .order_by("-created_at")
                .values(d=TruncDate("created_at"))[:1]
            ),
        )
    }
    klassen: list[KlasNaleving] = []
    telling: dict[str, dict[str, int]] = {veld: defaultdict(int) for veld, _l in STAPPEN}
    for periode in periodes:
        planning = planningen.get(periode.pk)
        for groep in groepen:
            o = overzichten.get((groep.pk, periode.pk))
            gedaan = stappen_gedaan(o) if o is not None else dict.fromkeys(telling, False)
            if o is not None and not o.plan_tussen:
                gedaan["tussenevaluatie"] = None
            data: dict[str, dt.date | None] = {}
            if o is not None:
                tussen_data = [d for d in (o.logboek_op, o.bijgesteld_op) if d is not None]
                data = {
                    "groepsoverzicht": o.beslist_op or o.gemaakt_op,
                    "groepsbespreking": o.besproken_op,
                    "groepsplan": o.actief_op,
                    "tussenevaluatie": min(tussen_data) if tussen_data else None,
                    "eindevaluatie": o.geevalueerd_op,
                }
            stappen = []
            for veld, _label in STAPPEN:
                deadline = getattr(planning, veld) if planning else None
                if deadline is None and o is not None and veld == "tussenevaluatie":
                    deadline = o.plan_tussen
                if deadline is None and o is not None and veld == "eindevaluatie":
                    deadline = o.plan_eind
                status = _stap_status(gedaan.get(veld), data.get(veld), deadline, vandaag)
                telling[veld][status] += 1
                stappen.append(StapStatus(veld, status, deadline, data.get(veld)))
            klassen.append(KlasNaleving(groep, periode, stappen))
    per_stap = [(veld, str(label), dict(telling[veld])) for veld, label in STAPPEN]
    return Naleving(klassen, per_stap)


# --- 2. Signalled pupils per domain and leerjaar --------------------------------------------


@dataclass
class Signaleringen:
    leerjaren: list[int]
    #: (label key for the drill-down, shown name, {leerjaar: Cel}, total Cel)
    rijen: list[tuple[str, str, dict[int, Cel], Cel]]
    #: Distinct signalled pupils per leerjaar (a pupil with two signals counts once).
    per_leerjaar: dict[int, Cel]
    totaal: Cel


def signaal_label() -> Coalesce:
    return Coalesce(F("ijkpunt__domein__code"), F("cruciaal_moment__domein__code"), F("reden"))


def signaleringen_qs(sel: Selectie) -> QuerySet[Signalering]:
    qs = Signalering.objects.filter(
        status=SignaalStatus.BEVESTIGD, regel__groepsoverzicht__groep__in=sel.groepen()
    )
    if sel.periode:
        qs = qs.filter(regel__groepsoverzicht__periode=sel.periode)
    else:
        qs = qs.filter(regel__groepsoverzicht__periode__schooljaar=sel.schooljaar)
    return qs


def signaleringen(sel: Selectie) -> Signaleringen:
    """Confirmed signals, counted as distinct pupils per domain (the ijkpunt's or cruciaal
    moment's domain; a hand signal by its reason) and leerjaar. Two queries."""
    qs = signaleringen_qs(sel)
    rijen_raw = (
        qs.annotate(label=signaal_label(), lj=F("regel__groepsoverzicht__groep__leerjaar"))
        .values("label", "lj")
        .annotate(n=Count("regel__leerling_id", distinct=True))
        .order_by("label", "lj")
    )
    per_lj_raw = (
        qs.annotate(lj=F("regel__groepsoverzicht__groep__leerjaar"))
        .values("lj")
        .annotate(n=Count("regel__leerling_id", distinct=True))
        .order_by("lj")
    )
    per_label: dict[str, dict[int, int]] = defaultdict(dict)
    for r in rijen_raw:
        per_label[r["label"]][r["lj"]] = r["n"]
    per_lj = {r["lj"]: r["n"] for r in per_lj_raw}
    leerjaren = sorted(per_lj)
    redenen = dict(SignaalReden.choices)
    rijen = []
    for label, waarden in sorted(per_label.items()):
        naam = str(redenen.get(label, label))
        rijen.append(
            (
                label,
                naam,
                {lj: cel(waarden.get(lj, 0)) for lj in leerjaren},
                cel(sum(waarden.values())),
            )
        )
    return Signaleringen(
        leerjaren,
        rijen,
        {lj: cel(n) for lj, n in per_lj.items()},
        cel(sum(per_lj.values())),
    )


# --- 3. Goals reached -----------------------------------------------------------------------


@dataclass
class DoelRij:
    sleutel: str
    label: str
    bereikt: Cel
    deels: Cel
    niet: Cel
    totaal: Cel
    pct_bereikt: Cel
    ambitie: int | None = None
    groep_id: int | None = None


@dataclass
class Doelen:
    per_groep: list[DoelRij]
    per_vak: list[DoelRij]
    per_domein: list[DoelRij]
    per_leerjaar: list[DoelRij]
    totaal: DoelRij


def doelevaluaties_qs(sel: Selectie) -> QuerySet[Doelevaluatie]:
    qs = Doelevaluatie.objects.filter(
        doel__plangroep__groepsplan__groepsoverzicht__groep__in=sel.groepen()
    )
    if sel.periode:
        return qs.filter(doel__plangroep__groepsplan__groepsoverzicht__periode=sel.periode)
    return qs.filter(
        doel__plangroep__groepsplan__groepsoverzicht__periode__schooljaar=sel.schooljaar
    )


def resultaat_aantallen() -> dict[str, Count]:
    return {
        "bereikt": Count("pk", filter=Q(resultaat=DoelResultaat.BEREIKT)),
        "deels": Count("pk", filter=Q(resultaat=DoelResultaat.DEELS)),
        "niet": Count("pk", filter=Q(resultaat=DoelResultaat.NIET)),
        "totaal": Count("pk"),
    }


def _doelrij(sleutel: Any, label: str, r: dict[str, Any], **extra: Any) -> DoelRij:
    return DoelRij(
        str(sleutel),
        label,
        cel(r["bereikt"]),
        cel(r["deels"]),
        cel(r["niet"]),
        cel(r["totaal"]),
        aandeel(r["bereikt"], r["totaal"]),
        **extra,
    )


GOAL_PAD = "doel__plangroep__groepsplan__groepsoverzicht__"


def _optellen(rijen: list[dict[str, Any]], sleutel: str) -> dict[Any, dict[str, int]]:
    """Sum the counts of aggregate rows (one per class × vak × domain) by one key."""
    som: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RESULTAAT_VELDEN, 0))
    for r in rijen:
        for veld in RESULTAAT_VELDEN:
            som[r[sleutel]][veld] += r[veld]
    return som


RESULTAAT_VELDEN = ("bereikt", "deels", "niet", "totaal")


def doelen(sel: Selectie, ambities: list[Ambitie]) -> Doelen:
    """Evaluated goals (Doelevaluatie rows: the group's evaluation, or each pupil's in a
    subgroep) by result: per class, subject (cyclus B's vak; cyclus A is vakoverstijgend),
    domain (the need's domain, else the plan's part) and leerjaar, with the leerjaar's
    ambitie. Counted by the chosen result, never by what was typed. One query, grouped by
    class, vak and domain; the other breakdowns add up its (few) rows."""
    rijen = list(
        doelevaluaties_qs(sel)
        .values(
            g=F(GOAL_PAD + "groep_id"),
            naam=F(GOAL_PAD + "groep__naam"),
            lj=F(GOAL_PAD + "groep__leerjaar"),
            vak=F(GOAL_PAD + "lesgroep__vak__naam"),
            dom=Coalesce(F("doel__behoefte__domein__code"), F("doel__plangroep__deel")),
        )
        .annotate(**resultaat_aantallen())
        .order_by()
    )
    namen = {r["g"]: r["naam"] for r in rijen}
    per_groep = sorted(
        (_doelrij(g, namen[g], r, groep_id=g) for g, r in _optellen(rijen, "g").items()),
        key=lambda d: d.label,
    )
    per_vak = [
        _doelrij(vak or "", vak or "Vakoverstijgend (cyclus A)", r)
        for vak, r in sorted(_optellen(rijen, "vak").items(), key=lambda x: x[0] or "")
    ]
    delen = {"pedagogisch": "Pedagogisch (deel 1)", "basis": "Basisvaardigheden", "vak": "Vak"}
    per_domein = [
        _doelrij(dom, delen.get(dom, dom), r)
        for dom, r in sorted(_optellen(rijen, "dom").items(), key=lambda x: x[0] or "")
    ]
    doel_ambitie = {a.leerjaar: a.percentage for a in ambities if a.soort == AmbitieSoort.DOELEN}
    per_leerjaar = [
        _doelrij(lj, f"Leerjaar {lj}", r, ambitie=doel_ambitie.get(lj))
        for lj, r in sorted(_optellen(rijen, "lj").items())
    ]
    totaal = _doelrij("", "Totaal", {v: sum(r[v] for r in rijen) for v in RESULTAAT_VELDEN})
    return Doelen(per_groep, per_vak, per_domein, per_leerjaar, totaal)


@contextmanager
def zonder_nested_loops() -> Iterator[None]:
    """Ask PostgreSQL for hash joins in one big join. Its row estimates for tenant tables
    are far too low (the scope's school filter and the RLS policy are counted as two
    independent conditions), so it picks nested loops over tens of thousands of rows for
    the results × placements join. A nested loop it cannot avoid then costs 10^10, which
    would switch on JIT compilation (hundreds of ms for a 10 ms query), so JIT is off too.
    Transaction-local, and restored afterwards."""
    with planner_settings(enable_nestloop="off", jit="off"):
        yield


# --- 4. Test results against the ambities ---------------------------------------------------


@dataclass
class ToetsUitkomst:
    ambitie: Ambitie
    #: The last toetsmoment in the selection (the cycle, else the schooljaar).
    huidig: Cel
    huidig_moment: str
    aantal: Cel
    #: Per toetsmoment of the schooljaar: (naam, Cel) — the trend over the cycles.
    trend: list[tuple[str, Cel]]
    #: Per schooljaar (the same leerjaar in earlier years, at each year's last toetsmoment).
    cohorten: list[tuple[str, Cel]]
    #: The toetsmoment ids of `trend` and the schooljaar ids of `cohorten`, in their order
    #: (the drill-down links of each point).
    trend_momenten: list[int] = field(default_factory=list)
    cohort_jaren: list[int] = field(default_factory=list)


def _toets_gehaald(ambities: list[Ambitie]) -> Q:
    q = Q(pk__in=[])
    for a in ambities:
        q |= Q(domein_id=a.domein_id, lj=a.leerjaar, rang__gte=a.drempel_rang)
    return q


def toetsresultaten(
    sel: Selectie, ambities: list[Ambitie], *, met_cohorten: bool = True
) -> list[ToetsUitkomst]:
    """Per toets-ambitie (domain, leerjaar, level): the share of pupils at or above the
    level, per toetsmoment of this schooljaar (trend) and per earlier schooljaar for the
    same leerjaar (cohort comparison). A pupil counts in the leerjaar of the class they were
    placed in on the test date. Three queries (the toetsmomenten, the results, the
    schooljaren); without `met_cohorten` only this schooljaar's toetsmomenten and
    placements are read (the board needs no history)."""
    toets = [a for a in ambities if a.soort == AmbitieSoort.TOETS and a.drempel_rang is not None]
    if not toets:
        return []
    if sel.leerjaar is not None:
        toets = [a for a in toets if a.leerjaar == sel.leerjaar]
        if not toets:
            return []
    domein_ids = {a.domein_id for a in toets}
    # The toetsmomenten first (a few rows), so the big join reads only their results
    # through the (school, domein, toetsmoment) index instead of every year's.
    momenten_qs = Toetsmoment.objects.filter(
        instrument__domeinen__in=domein_ids, datum__lte=sel.schooljaar.einddatum
    )
    if not met_cohorten:
        momenten_qs = momenten_qs.filter(datum__gte=sel.schooljaar.startdatum)
    momenten = {t.pk: t for t in momenten_qs.distinct().order_by("datum")}
    plaatsing_jaar = (
        {} if met_cohorten else {"leerling__plaatsingen__groep__schooljaar": sel.schooljaar}
    )
    resultaten = (
        Resultaat.objects.filter(
            Q(leerling__plaatsingen__einddatum__isnull=True)
            | Q(leerling__plaatsingen__einddatum__gte=F("toetsmoment__datum")),
            sel.klasfilter("leerling__plaatsingen__groep__"),
            domein_id__in=domein_ids,
            toetsmoment_id__in=list(momenten),
            leerling__plaatsingen__groep__leerjaar__in={a.leerjaar for a in toets},
            leerling__plaatsingen__startdatum__lte=F("toetsmoment__datum"),
            toetsmoment__datum__gte=F("leerling__plaatsingen__groep__schooljaar__startdatum"),
            toetsmoment__datum__lte=F("leerling__plaatsingen__groep__schooljaar__einddatum"),
            **plaatsing_jaar,
        )
        .annotate(
            lj=F("leerling__plaatsingen__groep__leerjaar"),
            jaar=F("leerling__plaatsingen__groep__schooljaar_id"),
        )
        .values("jaar", "lj", "domein_id", "toetsmoment_id")
        .annotate(
            # One result per pupil, domain and moment (a unique key) and one placement on
            # a date (placements do not overlap): rows are pupils, no DISTINCT needed.
            totaal=Count("pk"),
            gehaald=Count("pk", filter=_toets_gehaald(toets)),
        )
        .order_by()
    )
    with zonder_nested_loops():
        rijen = list(resultaten)
    telling: dict[tuple[int, int], dict[int, dict[int, tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for r in rijen:
        telling[(r["domein_id"], r["lj"])][r["jaar"]][r["toetsmoment_id"]] = (
            r["gehaald"],
            r["totaal"],
        )
    jaren = {j.pk: j for j in Schooljaar.objects.filter(startdatum__lte=sel.schooljaar.startdatum)}
    uitkomsten = []
    for a in toets:
        per_jaar = telling.get((a.domein_id or 0, a.leerjaar), {})
        dit_jaar = per_jaar.get(sel.schooljaar.pk, {})
        trend_ids = sorted(dit_jaar, key=lambda i: momenten[i].datum)
        trend = [(momenten[i].naam, aandeel(*dit_jaar[i])) for i in trend_ids]
        in_selectie = [i for i in trend_ids if sel.van <= momenten[i].datum <= sel.tot]
        laatste = in_selectie[-1] if in_selectie else (trend_ids[-1] if trend_ids else None)
        cohorten, cohort_jaren = [], []
        for jaar_id in sorted(
            per_jaar, key=lambda j: jaren[j].startdatum if j in jaren else dt.date.min
        ):
            if jaar_id not in jaren:
                continue
            rij = per_jaar[jaar_id]
            last = max(rij, key=lambda i: momenten[i].datum)
            cohorten.append((jaren[jaar_id].naam, aandeel(*rij[last])))
            cohort_jaren.append(jaar_id)
        uitkomsten.append(
            ToetsUitkomst(
                ambitie=a,
                huidig=aandeel(*dit_jaar[laatste]) if laatste else aandeel(0, 0),
                huidig_moment=momenten[laatste].naam if laatste else "",
                aantal=cel(dit_jaar[laatste][1]) if laatste else cel(0),
                trend=trend,
                cohorten=cohorten,
                trend_momenten=trend_ids,
                cohort_jaren=cohort_jaren,
            )
        )
    return uitkomsten


# --- 5. Care flow ---------------------------------------------------------------------------


@dataclass
class Zorgstroom:
    aanmeldingen: Cel
    wacht_op_triage: Cel
    geaccepteerd: Cel
    teruggestuurd: Cel
    #: Average days from submitting to the first triage decision (None: nothing triaged, or
    #: fewer than 5 triaged, which would say something about one pupil).
    wachttijd_dagen: float | None
    wachttijd: Cel
    trajecten_open: Cel
    trajecten_geopend: Cel
    trajecten_gesloten: Cel
    zat_verwijzingen: Cel
    doorverwijzingen: Cel
    opp_totaal: Cel
    opp_bijna: Cel
    opp_te_laat: Cel

    def rijen(self) -> list[tuple[str, str, Cel]]:
        return [
            ("aanmeldingen", "IZO-aanmeldingen ingediend", self.aanmeldingen),
            ("wacht", "Wachten nog op triage", self.wacht_op_triage),
            ("geaccepteerd", "Geaccepteerd (traject geopend)", self.geaccepteerd),
            ("teruggestuurd", "Teruggestuurd naar de klas", self.teruggestuurd),
            ("wachttijd", "Gemiddelde wachttijd tot triage (dagen)", self.wachttijd),
            ("trajecten_geopend", "Trajecten geopend", self.trajecten_geopend),
            ("trajecten_open", "Trajecten lopend", self.trajecten_open),
            ("trajecten_gesloten", "Trajecten afgesloten", self.trajecten_gesloten),
            ("zat", "Verwijzingen naar het ZAT", self.zat_verwijzingen),
            ("doorverwijzingen", "Doorverwijzingen vanuit het ZAT", self.doorverwijzingen),
            ("opp", "OPP's", self.opp_totaal),
            ("opp_bijna", "OPP's bijna te laat", self.opp_bijna),
            ("opp_te_laat", "OPP's te laat (vaststellen of evalueren)", self.opp_te_laat),
        ]


def aanmeldingen_met_triage(sel: Selectie) -> QuerySet[Aanmelding]:
    """IZO aanmeldingen of the selected classes submitted in the selection's period, each
    with the moment of its first triage decision (`eerste`)."""
    eerste_triage = Subquery(
        Triagebesluit.objects.filter(aanmelding_id=OuterRef("pk"))
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return Aanmelding.objects.filter(
        groep__in=sel.groepen(), ingediend_op__date__range=(sel.van, sel.tot)
    ).annotate(eerste=eerste_triage)


def wachttijd_aggregaten() -> dict[str, Any]:
    """The triaged count and the average wait, over `aanmeldingen_met_triage` rows."""
    return {
        "getrieerd": Count("pk", filter=Q(eerste__isnull=False)),
        "wachttijd": Avg(
            ExpressionWrapper(F("eerste") - F("ingediend_op"), output_field=DurationField())
        ),
    }


#: An average waiting time is shown only over at least this many triaged aanmeldingen
#: (fewer would say something about one pupil's case).
MIN_GETRIEERD = 5


def wachttijd_cel(gemiddeld: dt.timedelta | None, getrieerd: int) -> tuple[float | None, Cel]:
    """The average wait in days (one decimal), and the cell that may show it."""
    if gemiddeld is None or getrieerd < MIN_GETRIEERD:
        # 1 to 4 triaged shows "<5": too few for an average.
        return None, cel(getrieerd) if getrieerd else Cel(None, "–", "nog geen triage")
    dagen = round(gemiddeld.total_seconds() / 86400, 1)
    return dagen, Cel(dagen, f"{dagen:.1f}".replace(".", ","))


def zorgstroom(sel: Selectie, *, vandaag: dt.date | None = None) -> Zorgstroom:
    """IZO aanmeldingen and triage, trajecten, ZAT referrals and OPP deadlines of the pupils
    of the selected classes, in the selected cycle (or schooljaar). Five queries."""
    vandaag = vandaag or timezone.localdate()
    van, tot = sel.van, sel.tot
    a = aanmeldingen_met_triage(sel).aggregate(
        n=Count("pk"),
        wacht=Count("pk", filter=Q(status=AanmeldingStatus.INGEDIEND)),
        geaccepteerd=Count("pk", filter=Q(status=AanmeldingStatus.GEACCEPTEERD)),
        teruggestuurd=Count("pk", filter=Q(status=AanmeldingStatus.TERUGGESTUURD)),
        **wachttijd_aggregaten(),
    )
    leerlingen = sel.leerling_ids()
    t = Traject.objects.filter(leerling_id__in=leerlingen).aggregate(
        open=Count("pk", filter=Q(status=TrajectStatus.OPEN, created_at__date__lte=tot)),
        geopend=Count("pk", filter=Q(created_at__date__range=(van, tot))),
        gesloten=Count("pk", filter=Q(gesloten_op__date__range=(van, tot))),
    )
    z = Zatcasus.objects.filter(
        traject__leerling_id__in=leerlingen, created_at__date__range=(van, tot)
    ).aggregate(n=Count("pk"))
    d = Doorverwijzing.objects.filter(
        casus__traject__leerling_id__in=leerlingen, created_at__date__range=(van, tot)
    ).aggregate(n=Count("pk"))
    o = (
        Ontwikkelingsperspectief.objects.filter(leerling_id__in=leerlingen)
        .annotate(opp_status=opp_status_sql(vandaag))
        .aggregate(
            n=Count("pk"),
            bijna=Count("pk", filter=Q(opp_status=BIJNA_TE_LAAT)),
            te_laat=Count("pk", filter=Q(opp_status=TE_LAAT)),
        )
    )
    dagen, wachttijd = wachttijd_cel(a["wachttijd"], a["getrieerd"])
    return Zorgstroom(
        aanmeldingen=cel(a["n"]),
        wacht_op_triage=cel(a["wacht"]),
        geaccepteerd=cel(a["geaccepteerd"]),
        teruggestuurd=cel(a["teruggestuurd"]),
        wachttijd_dagen=dagen,
        wachttijd=wachttijd,
        trajecten_open=cel(t["open"]),
        trajecten_geopend=cel(t["geopend"]),
        trajecten_gesloten=cel(t["gesloten"]),
        zat_verwijzingen=cel(z["n"]),
        doorverwijzingen=cel(d["n"]),
        opp_totaal=cel(o["n"]),
        opp_bijna=cel(o["bijna"]),
        opp_te_laat=cel(o["te_laat"]),
    )


# --- 6. Interventions and reached goals -----------------------------------------------------

#: An approach is listed only when at least this many groepsplannen use it (a text used in
#: one plan could be about one pupil).
MIN_PLANNEN = 2
MAX_AANPAKKEN = 10


def interventies(sel: Selectie) -> list[DoelRij]:
    """The approaches (plangroep aanpak, compared without case and surrounding spaces) of
    the evaluated goals, with how many goals were reached under them; the most used first.
    One query."""
    return [
        _doelrij(r["aanpak"], r["aanpak"][:120], r)
        for r in doelevaluaties_qs(sel)
        .annotate(aanpak=Lower(Trim(F("doel__plangroep__aanpak"))))
        .exclude(aanpak="")
        .values("aanpak")
        .annotate(
            plannen=Count("doel__plangroep__groepsplan_id", distinct=True), **resultaat_aantallen()
        )
        .filter(plannen__gte=MIN_PLANNEN, totaal__gte=5)  # type: ignore[misc]
        .order_by("-totaal", "aanpak")[:MAX_AANPAKKEN]
    ]


# --- Together -------------------------------------------------------------------------------


def ambities_van(jaar: Schooljaar) -> list[Ambitie]:
    return list(
        Ambitie.objects.filter(schooljaar=jaar)
        .select_related("domein")
        .order_by("leerjaar", "soort", "domein__code")
    )


class Dashboard:
    """All measures of one selection, each computed (in its own queries) when first read:
    the page reads them all, a PDF section or a CSV of one chart only its own."""

    def __init__(self, selectie: Selectie, *, vandaag: dt.date | None = None) -> None:
        self.selectie = selectie
        self.vandaag = vandaag

    @cached_property
    def ambities(self) -> list[Ambitie]:
        return ambities_van(self.selectie.schooljaar)

    @cached_property
    def leerlingen(self) -> Cel:
        n = Plaatsing.objects.filter(groep__in=self.selectie.groepen()).aggregate(
            n=Count("leerling_id", distinct=True)
        )["n"]
        return cel(n)

    @cached_property
    def naleving(self) -> Naleving:
        return naleving(self.selectie, vandaag=self.vandaag)

    @cached_property
    def signaleringen(self) -> Signaleringen:
        return signaleringen(self.selectie)

    @cached_property
    def doelen(self) -> Doelen:
        return doelen(self.selectie, self.ambities)

    @cached_property
    def toetsen(self) -> list[ToetsUitkomst]:
        return toetsresultaten(self.selectie, self.ambities)

    @cached_property
    def zorg(self) -> Zorgstroom:
        return zorgstroom(self.selectie, vandaag=self.vandaag)

    @cached_property
    def interventies(self) -> list[DoelRij]:
        return interventies(self.selectie)


def dashboard(sel: Selectie, *, vandaag: dt.date | None = None) -> Dashboard:
    return Dashboard(sel, vandaag=vandaag)


def domeinen_voor_ambities() -> QuerySet[Domein]:
    return Domein.objects.select_related("instrument").order_by("instrument__naam", "volgorde")
