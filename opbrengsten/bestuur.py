"""The board view (bestuur): the same measures side by side for the schools of one
Organisatie.

Board users are modelled as what they are in the data: a person with the schoolleider role
(or another role with VIEW_OPBRENGSTEN) in several schools of one board. No new role and no
cross-school query: the view lists the user's own active memberships (row-level security
lets a user read their own memberships in any school), and for each school where that gives
VIEW_OPBRENGSTEN it enters that school's tenant context (`tenant_context`: the RLS tenant
and the django-scopes scope) to compute its numbers, exactly as the school's own dashboard
would. A school where the user has no membership is never read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.utils import timezone

from zorgroute import permissions as p
from zorgroute.models import (
    Afdeling,
    Lidmaatschap,
    Niveau,
    Periode,
    Plaatsing,
    School,
    Schooljaar,
)
from zorgroute.tenancy.context import TenantContext
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.sql import cross_tenant_reads

from . import grafiek as g
from .presentatie import Opbouw, Tabel, Waarde
from .selectors import (
    OP_TIJD,
    TE_LAAT_GEDAAN,
    TE_LAAT_OPEN,
    Selectie,
    ambities_van,
    doelevaluaties_qs,
    naleving,
    resultaat_aantallen,
    signaleringen_qs,
    toetsresultaten,
    zorgstroom,
)
from .suppressie import Cel, aandeel, cel

#: The board's cycle filter offers at most this many cycles.
MAX_CYCLI = 12


def _leden(ctx: TenantContext) -> dict[int, list[Lidmaatschap]]:
    """The user's active memberships in the schools of this school's board (their own rows
    only: the RLS policy on memberships lets nothing else through)."""
    with cross_tenant_reads():
        leden = (
            Lidmaatschap.objects.active()
            .filter(gebruiker_id=ctx.user.pk, school__organisatie_id=ctx.school.organisatie_id)
            .select_related("school")
        )
        per_school: dict[int, list[Lidmaatschap]] = defaultdict(list)
        for lid in leden:
            per_school[lid.school_id].append(lid)
    return per_school


def bestuursscholen(ctx: TenantContext) -> list[tuple[School, TenantContext]]:
    """The board's schools where this user may see the dashboard, with the user's context
    in each (their own roles there). One query."""
    scholen = []
    for leden in _leden(ctx).values():
        school = leden[0].school
        school_ctx = TenantContext.build(school, ctx.user, leden)
        if school_ctx.has_perm(p.VIEW_OPBRENGSTEN):
            scholen.append((school, school_ctx))
    return sorted(scholen, key=lambda s: s[0].naam)


def heeft_bestuur(ctx: TenantContext) -> bool:
    return len(bestuursscholen(ctx)) > 1


@dataclass
class SchoolCijfers:
    school: School
    #: The school's own selection (its schooljaar, cycle and afdeling): the links of the
    #: cells go to that school's dashboard and drill-downs with the same choice.
    selectie: Selectie
    leerlingen: Cel
    cyclus_op_tijd: Cel
    gesignaleerd: Cel
    gesignaleerd_pct: Cel
    doelen_bereikt: Cel
    doelen_geevalueerd: Cel
    ambities_gehaald: str
    aanmeldingen: Cel
    wachttijd: Cel
    trajecten_open: Cel
    zat: Cel
    opp_te_laat: Cel

    def opbouw(self) -> Opbouw:
        """Links into this school's own dashboard, for its own selection."""
        return Opbouw(self.school.slug, self.selectie)


@dataclass
class Vergelijking:
    organisatie: str
    jaren: list[str]
    jaar: str
    leerjaar: int | None
    niveau: str | None
    niveaus: list[tuple[str, str]]
    scholen: list[SchoolCijfers]
    #: The n-th cycle (periode) of each school's schooljaar, and the choices (1..most).
    cyclus: int | None = None
    cycli: list[int] = field(default_factory=list)
    #: An afdeling by name (schools of one board often share them), and the names.
    afdeling: str = ""
    afdelingen: list[str] = field(default_factory=list)
    grafieken: list[g.Grafiek] = field(default_factory=list)
    meldingen: list[str] = field(default_factory=list)
    #: Schools left out of this selection, each with the reason.
    niet_meegeteld: list[str] = field(default_factory=list)

    @property
    def kolommen(self) -> list[str]:
        return [
            "Leerlingen",
            "Cyclusstappen op tijd",
            "Gesignaleerde leerlingen",
            "Gesignaleerd (% van de leerlingen)",
            "Doelen geëvalueerd",
            "Doelen bereikt",
            "Toetsambities gehaald",
            "IZO-aanmeldingen",
            "Wachttijd tot triage (dagen)",
            "Trajecten lopend",
            "Verwijzingen naar het ZAT",
            "OPP's te laat",
        ]

    def querystring(self) -> str:
        q = QueryDict(mutable=True)
        for k, v in [
            ("jaar", self.jaar),
            ("cyclus", self.cyclus),
            ("afdeling", self.afdeling),
            ("leerjaar", self.leerjaar),
            ("niveau", self.niveau),
        ]:
            if v:
                q[k] = str(v)
        return q.urlencode()

    def omschrijving(self) -> str:
        delen = [f"schooljaar {self.jaar}" if self.jaar else "huidige schooljaar"]
        delen.append(f"cyclus {self.cyclus}" if self.cyclus else "hele schooljaar")
        if self.afdeling:
            delen.append(f"afdeling {self.afdeling}")
        if self.leerjaar:
            delen.append(f"leerjaar {self.leerjaar}")
        if self.niveau:
            delen.append(str(Niveau(self.niveau).label))
        return ", ".join(delen)

    def tabel(self) -> Tabel:
        """The comparison as a table; each number links to the school's own drill-down
        (or dashboard section) for the same selection."""
        rijen = []
        for s in self.scholen:
            o = s.opbouw()
            dash = o.dashboardlink()
            rijen.append(
                (
                    Waarde(s.school.naam, dash),
                    [
                        Waarde(s.selectie.omschrijving()),
                        Waarde(s.leerlingen, dash),
                        Waarde(s.cyclus_op_tijd, dash + "#naleving"),
                        Waarde(s.gesignaleerd, o.link("signalering")),
                        Waarde(s.gesignaleerd_pct, o.link("signalering")),
                        Waarde(s.doelen_geevalueerd, o.link("doelen")),
                        Waarde(s.doelen_bereikt, o.link("doelen")),
                        Waarde(s.ambities_gehaald, dash + "#toetsen"),
                        Waarde(s.aanmeldingen, o.link("zorg", soort="aanmeldingen")),
                        Waarde(s.wachttijd, o.link("zorg", soort="wachttijd")),
                        Waarde(s.trajecten_open, o.link("zorg", soort="trajecten_open")),
                        Waarde(s.zat, o.link("zorg", soort="zat")),
                        Waarde(s.opp_te_laat, o.link("zorg", soort="opp_te_laat")),
                    ],
                )
            )
        return Tabel(["School", "Selectie", *self.kolommen], rijen, "Per school")


def _cijfers(school: School, sel: Selectie, vandaag: dt.date) -> SchoolCijfers:
    """One school's numbers (inside its tenant context). Eleven queries."""
    leerlingen = Plaatsing.objects.filter(groep__in=sel.groepen()).aggregate(
        n=Count("leerling_id", distinct=True)
    )["n"]
    telling: dict[str, int] = defaultdict(int)
    for _veld, _label, per_status in naleving(sel, vandaag=vandaag).per_stap:
        for status, n in per_status.items():
            telling[status] += n
    aan_de_beurt = telling[OP_TIJD] + telling[TE_LAAT_GEDAAN] + telling[TE_LAAT_OPEN]
    op_tijd = (
        Cel(
            round(100 * telling[OP_TIJD] / aan_de_beurt),
            f"{round(100 * telling[OP_TIJD] / aan_de_beurt)}%",
        )
        if aan_de_beurt
        else Cel(None, "–", "nog geen stap aan de beurt")
    )
    gesignaleerd = signaleringen_qs(sel).aggregate(n=Count("regel__leerling_id", distinct=True))[
        "n"
    ]
    doelen = doelevaluaties_qs(sel).aggregate(**resultaat_aantallen())
    ambities = ambities_van(sel.schooljaar)
    toetsen = toetsresultaten(sel, ambities, met_cohorten=False)
    gehaald = sum(
        1
        for t in toetsen
        if t.huidig.waarde is not None and t.huidig.waarde >= t.ambitie.percentage
    )
    gemeten = sum(1 for t in toetsen if t.huidig.waarde is not None)
    zorg = zorgstroom(sel, vandaag=vandaag)
    return SchoolCijfers(
        school=school,
        selectie=sel,
        leerlingen=cel(leerlingen),
        cyclus_op_tijd=op_tijd,
        gesignaleerd=cel(gesignaleerd),
        gesignaleerd_pct=aandeel(gesignaleerd, leerlingen),
        doelen_bereikt=aandeel(doelen["bereikt"], doelen["totaal"]),
        doelen_geevalueerd=cel(doelen["totaal"]),
        ambities_gehaald=f"{gehaald} van {gemeten}" if toetsen else "geen ambities",
        aanmeldingen=zorg.aanmeldingen,
        wachttijd=zorg.wachttijd,
        trajecten_open=zorg.trajecten_open,
        zat=zorg.zat_verwijzingen,
        opp_te_laat=zorg.opp_te_laat,
    )


def _kies_jaar(jaren: list[Schooljaar], naam: str, vandaag: dt.date) -> Schooljaar | None:
    if naam:
        return next((j for j in jaren if j.naam == naam), None)
    huidig = (j for j in jaren if j.startdatum <= vandaag <= j.einddatum)
    return next(huidig, jaren[0] if jaren else None)


def _getal(raw: str, hoogste: int) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and len(raw) < 3 and 1 <= int(raw) <= hoogste else None


@dataclass(frozen=True)
class _Keuze:
    """What the board user chose, applied to each school in its own terms."""

    jaarnaam: str
    cyclus: int | None
    afdeling: str
    leerjaar: int | None
    niveau: str | None
    vandaag: dt.date


@dataclass
class _Uitkomst:
    """One school's part of the comparison: its numbers, or why it is left out, and what
    the filter choices need to know of it."""

    cijfers: SchoolCijfers | None
    reden: str
    jaren: set[str]
    afdelingen: set[str]
    cycli: int


def _school_uitkomst(school: School, user_id: int, k: _Keuze) -> _Uitkomst:
    """One school, read entirely inside its own tenant context."""
    with tenant_context(school.pk, user_id=user_id):
        schooljaren = list(Schooljaar.objects.order_by("-startdatum"))
        jaren = {j.naam for j in schooljaren}
        afdelingen = {a.naam: a for a in Afdeling.objects.all()}
        jaar = _kies_jaar(schooljaren, k.jaarnaam, k.vandaag)
        if jaar is None:
            reden = f"geen schooljaar {k.jaarnaam}" if k.jaarnaam else "geen schooljaar"
            return _Uitkomst(None, f"{school.naam}: {reden}", jaren, set(afdelingen), 0)
        periodes = list(Periode.objects.filter(schooljaar=jaar).order_by("startdatum"))
        reden = ""
        if k.cyclus is not None and k.cyclus > len(periodes):
            reden = f"{school.naam}: geen cyclus {k.cyclus} in {jaar.naam}"
        afdeling = afdelingen.get(k.afdeling) if k.afdeling else None
        if k.afdeling and afdeling is None:
            reden = f"{school.naam}: geen afdeling {k.afdeling}"
        if reden:
            return _Uitkomst(None, reden, jaren, set(afdelingen), len(periodes))
        sel = Selectie(
            jaar,
            periode=periodes[k.cyclus - 1] if k.cyclus else None,
            afdeling=afdeling,
            leerjaar=k.leerjaar,
            niveau=k.niveau,
        )
        cijfers = _cijfers(school, sel, k.vandaag)
    return _Uitkomst(cijfers, "", jaren, set(afdelingen), len(periodes))


def _in_own_connection(school: School, user_id: int, k: _Keuze) -> _Uitkomst:
    """A worker thread: Django gives it its own database connection (from the pool), so
    its tenant transaction is its own; the connection goes back when the school is done."""
    try:
        return _school_uitkomst(school, user_id, k)
    finally:
        connection.close()


def _worker_count(school_count: int) -> int:
    """How many schools are read at the same time. Each worker reads committed data in
    its own connection, so this is for PostgreSQL and read-only pages; the test settings
    use 1 because a test's data lives in its (uncommitted) test transaction."""
    if connection.vendor != "postgresql" or school_count < 2:
        return 1
    return max(1, min(int(getattr(settings, "OPBRENGSTEN_BESTUUR_WERKERS", 2)), school_count))


def _per_school(
    scholen: list[tuple[School, TenantContext]], user_id: int, k: _Keuze
) -> list[_Uitkomst]:
    """Each school's part, in the order of `scholen`. The schools are independent (one
    tenant context each, no shared state), so on PostgreSQL a few are read in parallel:
    while one thread waits for the database another builds its queries."""
    workers = _worker_count(len(scholen))
    if workers == 1:
        return [_school_uitkomst(school, user_id, k) for school, _ctx in scholen]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bestuur") as pool:
        return list(pool.map(lambda sc: _in_own_connection(sc[0], user_id, k), scholen))


def vergelijking(
    ctx: TenantContext, params: Any, *, vandaag: dt.date | None = None
) -> Vergelijking:
    """Every board school's numbers for one schooljaar (by name, e.g. 2026-2027; default:
    each school's current one), optionally its n-th cycle, one afdeling (by name), one
    leerjaar and one niveau. A school without that schooljaar, cycle or afdeling is left
    out and named."""
    vandaag = vandaag or timezone.localdate()
    meldingen: list[str] = []
    raw_lj = str(params.get("leerjaar", ""))
    leerjaar = _getal(raw_lj, 8)
    if raw_lj.strip() and leerjaar is None:
        meldingen.append(
            f"Leerjaar '{raw_lj[:10]}' bestaat niet (kies 1 tot en met 8); alle "
            "leerjaren zijn getoond."
        )
    raw_cyclus = str(params.get("cyclus", ""))
    cyclus = _getal(raw_cyclus, MAX_CYCLI)
    if raw_cyclus.strip() and cyclus is None:
        meldingen.append(
            f"Cyclus '{raw_cyclus[:10]}' bestaat niet; het hele schooljaar is getoond."
        )
    niveau = str(params.get("niveau", "")) or None
    if niveau and niveau not in Niveau.values:
        meldingen.append("Het gekozen niveau bestaat niet; alle niveaus zijn getoond.")
        niveau = None
    jaarnaam = str(params.get("jaar", ""))[:20]
    afdeling_naam = str(params.get("afdeling", "")).strip()[:100]
    keuze = _Keuze(jaarnaam, cyclus, afdeling_naam, leerjaar, niveau, vandaag)
    uitkomsten = _per_school(bestuursscholen(ctx), ctx.user.pk, keuze)
    cijfers = [u.cijfers for u in uitkomsten if u.cijfers is not None]
    niet_meegeteld = [u.reden for u in uitkomsten if u.reden]
    jaren = {j for u in uitkomsten for j in u.jaren}
    afdelingsnamen = {a for u in uitkomsten for a in u.afdelingen}
    meeste_cycli = max((u.cycli for u in uitkomsten), default=0)
    if jaarnaam and jaarnaam not in jaren:
        meldingen.append(f"Geen school van het bestuur heeft schooljaar '{jaarnaam}'.")
    if afdeling_naam and afdeling_naam not in afdelingsnamen:
        meldingen.append(f"Geen school van het bestuur heeft een afdeling '{afdeling_naam}'.")
    v = Vergelijking(
        organisatie=ctx.school.organisatie.naam,
        jaren=sorted(jaren, reverse=True),
        jaar=jaarnaam,
        leerjaar=leerjaar,
        niveau=niveau,
        niveaus=[(str(k), str(label)) for k, label in Niveau.choices],
        scholen=cijfers,
        cyclus=cyclus,
        cycli=list(range(1, max(meeste_cycli, cyclus or 0) + 1)),
        afdeling=afdeling_naam,
        afdelingen=sorted(afdelingsnamen),
        meldingen=meldingen,
        niet_meegeteld=niet_meegeteld,
    )
    for sleutel, titel, attr, anker in [
        ("bestuur-cyclus", "Cyclusstappen op tijd per school", "cyclus_op_tijd", "#naleving"),
        ("bestuur-doelen", "Doelen bereikt per school", "doelen_bereikt", "#doelen"),
        (
            "bestuur-signalering",
            "Gesignaleerde leerlingen (% van de leerlingen)",
            "gesignaleerd_pct",
            "#signaleringen",
        ),
    ]:
        v.grafieken.append(
            g.maak(
                id=sleutel,
                titel=titel,
                series=["%"],
                balken=[
                    g.Balk(
                        label=s.school.naam[:26],
                        segmenten=[g.Segment(0, getattr(s, attr))],
                        link=s.opbouw().dashboardlink(anker),
                    )
                    for s in cijfers
                ],
                eenheid="procent",
            )
        )
    return v
