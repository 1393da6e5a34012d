"""Drill-down: the classes behind a number of the dashboard, and (for roles that may see
them) the pupils of one class behind it. The same querysets as the dashboard's measures,
grouped per class instead of per domain or leerjaar: one query per page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower, Trim
from django.utils import timezone

from groepsoverzicht.models import Resultaat, Toetsmoment
from groepsplan.ihp_opp.models import Ontwikkelingsperspectief
from groepsplan.ihp_opp.selectors import BIJNA_TE_LAAT, TE_LAAT, opp_status_sql
from izo_zat.models import (
    Aanmelding,
    AanmeldingStatus,
    Doorverwijzing,
    Traject,
    TrajectStatus,
    Zatcasus,
)
from planning.models import STAPPEN
from zorgroute.models import Groep, Leerling, Plaatsing

from .models import Ambitie
from .selectors import (
    GOAL_PAD,
    STAP_STATUS_LABELS,
    Selectie,
    aanmeldingen_met_triage,
    doelevaluaties_qs,
    naleving,
    parse_int,
    resultaat_aantallen,
    signaal_label,
    signaleringen_qs,
    wachttijd_aggregaten,
    wachttijd_cel,
)
from .suppressie import Cel, aandeel, cel

MATEN = {
    "naleving": "Cyclus op tijd",
    "signalering": "Gesignaleerde leerlingen",
    "doelen": "Doelen bereikt",
    "toets": "Toetsresultaten tegen de ambitie",
    "zorg": "Zorgstroom",
}

ZORG_SOORTEN = {
    "aanmeldingen": "IZO-aanmeldingen ingediend",
    "wacht": "Wachten nog op triage",
    "wachttijd": "Gemiddelde wachttijd tot triage (dagen)",
    "geaccepteerd": "Geaccepteerd (traject geopend)",
    "teruggestuurd": "Teruggestuurd naar de klas",
    "trajecten_geopend": "Trajecten geopend",
    "trajecten_open": "Trajecten lopend",
    "trajecten_gesloten": "Trajecten afgesloten",
    "zat": "Verwijzingen naar het ZAT",
    "doorverwijzingen": "Doorverwijzingen vanuit het ZAT",
    "opp": "OPP's",
    "opp_bijna": "OPP's bijna te laat",
    "opp_te_laat": "OPP's te laat",
}


@dataclass
class KlasRij:
    groep_id: int
    naam: str
    leerjaar: int
    cellen: list[Cel]


@dataclass
class Uitsplitsing:
    titel: str
    kolommen: list[str]
    rijen: list[KlasRij]
    #: The parameters that select the same number on the class page.
    params: dict[str, str]


def _params(raw: Any, *namen: str) -> dict[str, str]:
    return {n: str(raw.get(n, ""))[:200] for n in namen if raw.get(n)}


def _klassen(sel: Selectie) -> dict[int, Groep]:
    return {g.pk: g for g in sel.groepen().order_by("leerjaar", "naam")}


def _rijen(
    groepen: dict[int, Groep],
    waarden: dict[int, list[Cel]],
    breedte: int,
    *,
    leeg: list[Cel] | None = None,
) -> list[KlasRij]:
    leeg = leeg or [cel(0)] * breedte
    return [KlasRij(g.pk, g.naam, g.leerjaar, waarden.get(g.pk, leeg)) for g in groepen.values()]


def _naleving_per_klas(sel: Selectie, raw: Any, vandaag: dt.date) -> Uitsplitsing | None:
    """The classes behind one cell of the compliance summary: per class, the cycles in
    which this step had this status (or, without a status, each cycle's status). Classes,
    not pupils: nothing to suppress."""
    stap = str(raw.get("stap", ""))
    status = str(raw.get("status", ""))
    labels = dict(STAPPEN)
    if stap not in labels or (status and status not in STAP_STATUS_LABELS):
        return None
    n = naleving(sel, vandaag=vandaag)
    per_klas: dict[int, list[str]] = {}
    groepen: dict[int, Groep] = {}
    for k in n.klassen:
        groepen.setdefault(k.groep.pk, k.groep)
        stap_status = next(s for s in k.stappen if s.stap == stap)
        if not status:
            per_klas.setdefault(k.groep.pk, []).append(f"{k.periode.naam}: {stap_status.label}")
        elif stap_status.status == status:
            per_klas.setdefault(k.groep.pk, []).append(k.periode.naam)
    titel = str(labels[stap]) + (f": {STAP_STATUS_LABELS[status]}" if status else "")
    if status:
        rijen = [
            KlasRij(g.pk, g.naam, g.leerjaar, [Cel(len(c), str(len(c))), Cel(len(c), ", ".join(c))])
            for g in groepen.values()
            if (c := per_klas.get(g.pk))
        ]
        kolommen = ["Cycli", "Welke cycli"]
    else:
        rijen = [
            KlasRij(g.pk, g.naam, g.leerjaar, [Cel(len(c := per_klas.get(g.pk, [])), "; ".join(c))])
            for g in groepen.values()
        ]
        kolommen = ["Per cyclus"]
    return Uitsplitsing(
        titel, kolommen, rijen, {"stap": stap, **({"status": status} if status else {})}
    )


def _signaal_filter(qs: QuerySet[Any], label: str) -> QuerySet[Any]:
    return qs.annotate(label=signaal_label()).filter(label=label) if label else qs


def _doel_filter(qs: QuerySet[Any], params: dict[str, str]) -> QuerySet[Any]:
    if "vak" in params:
        vak = params["vak"]
        if vak:
            qs = qs.filter(**{GOAL_PAD + "lesgroep__vak__naam": vak})
        else:
            qs = qs.filter(**{GOAL_PAD + "lesgroep__isnull": True})
    if params.get("domein"):
        qs = qs.filter(
            Q(doel__behoefte__domein__code=params["domein"])
            | Q(doel__behoefte__domein__isnull=True, doel__plangroep__deel=params["domein"])
        )
    if params.get("aanpak"):
        qs = qs.annotate(aanpak=Lower(Trim(F("doel__plangroep__aanpak")))).filter(
            aanpak=params["aanpak"]
        )
    return qs


def uitsplitsing(
    sel: Selectie, maat: str, raw: Any, *, vandaag: dt.date | None = None
) -> Uitsplitsing | None:
    """Per class of the selection, the number(s) behind one cell of the dashboard. None for
    an unknown measure (the view says so)."""
    vandaag = vandaag or timezone.localdate()
    if maat == "naleving":
        return _naleving_per_klas(sel, raw, vandaag)
    per_maat = {
        "signalering": _signalering_per_klas,
        "doelen": _doelen_per_klas,
        "toets": _toets_per_klas,
    }
    if maat in per_maat:
        return per_maat[maat](sel, raw, _klassen(sel))
    if maat == "zorg":
        return _zorg_uitsplitsing(sel, raw, _klassen(sel), vandaag)
    return None


def _signalering_per_klas(
    sel: Selectie, raw: Any, groepen: dict[int, Groep]
) -> Uitsplitsing | None:
    """Pupils with a signal (optionally one label), per class."""
    params = _params(raw, "label")
    qs = _signaal_filter(signaleringen_qs(sel), params.get("label", ""))
    waarden = {
        r["g"]: [cel(r["n"])]
        for r in qs.values(g=F("regel__groepsoverzicht__groep_id")).annotate(
            n=Count("regel__leerling_id", distinct=True)
        )
    }
    titel = "Gesignaleerde leerlingen" + (f" ({params['label']})" if params else "")
    return Uitsplitsing(titel, ["Leerlingen"], _rijen(groepen, waarden, 1), params)


def _doelen_per_klas(sel: Selectie, raw: Any, groepen: dict[int, Groep]) -> Uitsplitsing | None:
    """Evaluated goals by result (optionally one vak, domain or aanpak), per class."""
    params = {k: str(raw.get(k, ""))[:200] for k in ("vak", "domein", "aanpak") if k in raw}
    qs = _doel_filter(doelevaluaties_qs(sel), params)
    waarden = {
        r["g"]: [
            cel(r["bereikt"]),
            cel(r["deels"]),
            cel(r["niet"]),
            aandeel(r["bereikt"], r["totaal"]),
        ]
        for r in qs.values(g=F(GOAL_PAD + "groep_id")).annotate(**resultaat_aantallen())
    }
    return Uitsplitsing(
        "Geëvalueerde doelen",
        ["Bereikt", "Deels", "Niet", "% bereikt"],
        _rijen(groepen, waarden, 4),
        params,
    )


def _toets_per_klas(sel: Selectie, raw: Any, groepen: dict[int, Groep]) -> Uitsplitsing | None:
    """Pupils at or above an ambitie's level at one toetsmoment, per class."""
    # An ambitie of this schooljaar, or (the cohort comparison) of a later one: its
    # domain, leerjaar and level are then applied to this schooljaar's classes.
    raw_id = parse_int(str(raw.get("ambitie", "")))
    ambitie = (
        Ambitie.objects.filter(pk=raw_id, schooljaar__startdatum__gte=sel.schooljaar.startdatum)
        .select_related("domein", "schooljaar")
        .first()
        if raw_id is not None
        else None
    )
    if ambitie is None or ambitie.drempel_rang is None or ambitie.domein_id is None:
        return None
    moment_id = parse_int(str(raw.get("moment", "")))
    moment = (
        Toetsmoment.objects.filter(
            pk=moment_id,
            datum__range=(sel.schooljaar.startdatum, sel.schooljaar.einddatum),
        )
        .values_list("naam", flat=True)
        .first()
        if moment_id is not None
        else None
    )
    if moment_id is not None and moment is None:
        return None
    # One toetsmoment of the schooljaar's trend, else the last one in the selection.
    laatste = (
        Resultaat.objects.filter(
            domein_id=ambitie.domein_id,
            toetsmoment_id=moment_id,
            toetsmoment__datum__range=(sel.schooljaar.startdatum, sel.schooljaar.einddatum),
        )
        if moment_id is not None
        else Resultaat.objects.filter(
            domein_id=ambitie.domein_id, toetsmoment__datum__range=(sel.van, sel.tot)
        ).order_by("-toetsmoment__datum")
    ).values("toetsmoment_id")[:1]
    qs = Resultaat.objects.filter(
        Q(leerling__plaatsingen__einddatum__isnull=True)
        | Q(leerling__plaatsingen__einddatum__gte=F("toetsmoment__datum")),
        domein_id=ambitie.domein_id,
        toetsmoment_id__in=laatste,
        leerling__plaatsingen__groep__in=sel.groepen().filter(leerjaar=ambitie.leerjaar),
        leerling__plaatsingen__startdatum__lte=F("toetsmoment__datum"),
    )
    waarden = {
        r["g"]: [cel(r["totaal"]), aandeel(r["gehaald"], r["totaal"])]
        for r in qs.values(g=F("leerling__plaatsingen__groep_id")).annotate(
            totaal=Count("leerling_id", distinct=True),
            gehaald=Count("leerling_id", distinct=True, filter=Q(rang__gte=ambitie.drempel_rang)),
        )
    }
    groepen = {k: g for k, g in groepen.items() if g.leerjaar == ambitie.leerjaar}
    wanneer = f"toetsmoment {moment}" if moment else "laatste toetsmoment"
    if ambitie.schooljaar_id != sel.schooljaar.pk:
        wanneer += f", schooljaar {sel.schooljaar.naam}"
    return Uitsplitsing(
        f"{ambitie} ({wanneer})",
        ["Getoetst", f"Op of boven {ambitie.drempel}"],
        _rijen(groepen, waarden, 2),
        {"ambitie": str(ambitie.pk), **({"moment": str(moment_id)} if moment else {})},
    )


def _zorg_uitsplitsing(
    sel: Selectie, raw: Any, groepen: dict[int, Groep], vandaag: dt.date
) -> Uitsplitsing | None:
    """One care-flow measure per class."""
    soort = str(raw.get("soort", ""))
    if soort not in ZORG_SOORTEN:
        return None
    if soort == "wachttijd":
        waarden = {
            r["groep_id"]: [
                cel(r["getrieerd"]),
                wachttijd_cel(r["wachttijd"], r["getrieerd"])[1],
            ]
            for r in aanmeldingen_met_triage(sel)
            .values("groep_id")
            .annotate(**wachttijd_aggregaten())
        }
        return Uitsplitsing(
            ZORG_SOORTEN[soort],
            ["Getrieerd", "Gemiddelde wachttijd (dagen)"],
            _rijen(groepen, waarden, 2, leeg=[cel(0), Cel(None, "–", "nog geen triage")]),
            {"soort": soort},
        )
    waarden = {g: [cel(n)] for g, n in _zorg_per_klas(sel, soort, vandaag).items()}
    return Uitsplitsing(
        ZORG_SOORTEN[soort], ["Aantal"], _rijen(groepen, waarden, 1), {"soort": soort}
    )


def _zorg_per_klas(sel: Selectie, soort: str, vandaag: dt.date) -> dict[int, int]:
    """One care-flow count per class: an aanmelding by its class, everything else by the
    class the pupil is placed in (a pupil placed twice in the selection counts in both)."""
    van, tot = sel.van, sel.tot
    if soort in ("aanmeldingen", "wacht", "geaccepteerd", "teruggestuurd"):
        qs = Aanmelding.objects.filter(
            groep__in=sel.groepen(), ingediend_op__date__range=(van, tot)
        )
        status = {
            "wacht": AanmeldingStatus.INGEDIEND,
            "geaccepteerd": AanmeldingStatus.GEACCEPTEERD,
            "teruggestuurd": AanmeldingStatus.TERUGGESTUURD,
        }.get(soort)
        if status:
            qs = qs.filter(status=status)
        return {r["groep_id"]: r["n"] for r in qs.values("groep_id").annotate(n=Count("pk"))}
    plaatsingen = Plaatsing.objects.filter(groep__in=sel.groepen())
    sub: QuerySet[Any, Any]
    if soort.startswith("trajecten"):
        sub = Traject.objects.all()
        if soort == "trajecten_open":
            sub = sub.filter(status=TrajectStatus.OPEN, created_at__date__lte=tot)
        elif soort == "trajecten_geopend":
            sub = sub.filter(created_at__date__range=(van, tot))
        else:
            sub = sub.filter(gesloten_op__date__range=(van, tot))
        veld = "leerling_id"
    elif soort == "zat":
        sub = Zatcasus.objects.filter(created_at__date__range=(van, tot))
        veld = "traject__leerling_id"
    elif soort == "doorverwijzingen":
        sub = Doorverwijzing.objects.filter(created_at__date__range=(van, tot))
        veld = "casus__traject__leerling_id"
    else:
        sub = Ontwikkelingsperspectief.objects.annotate(opp_status=opp_status_sql(vandaag))
        if soort == "opp_bijna":
            sub = sub.filter(opp_status=BIJNA_TE_LAAT)
        elif soort == "opp_te_laat":
            sub = sub.filter(opp_status=TE_LAAT)
        veld = "leerling_id"
    ids = sub.values(veld)
    return {
        r["groep_id"]: r["n"]
        for r in plaatsingen.filter(leerling_id__in=ids)
        .values("groep_id")
        .annotate(n=Count("leerling_id", distinct=True))
    }


# --- The pupils of one class behind the numbers (only for roles that may see them) -------


@dataclass
class LeerlingRij:
    leerling: Leerling
    signalen: list[str]
    bereikt: int
    deels: int
    niet: int


def leerlingen_van_klas(
    sel: Selectie, groep: Groep, zichtbaar: QuerySet[Leerling]
) -> list[LeerlingRij]:
    """The pupils of this class the user may open, with their confirmed signals and their
    own goal evaluations in the selection. Three queries."""
    leerlingen = list(
        zichtbaar.filter(plaatsingen__groep=groep).distinct().order_by("achternaam", "voornaam")
    )
    ids = [leerling.pk for leerling in leerlingen]
    signalen: dict[int, list[str]] = {}
    for r in (
        signaleringen_qs(sel)
        .filter(regel__groepsoverzicht__groep=groep, regel__leerling_id__in=ids)
        .annotate(label=signaal_label())
        .values("regel__leerling_id", "label")
        .distinct()
        .order_by("label")
    ):
        signalen.setdefault(r["regel__leerling_id"], []).append(r["label"])
    doelen = {
        r["leerling_id"]: r
        for r in doelevaluaties_qs(sel)
        .filter(leerling_id__in=ids)
        .values("leerling_id")
        .annotate(**resultaat_aantallen())
    }
    rijen = []
    for leerling in leerlingen:
        d = doelen.get(leerling.pk, {})
        rijen.append(
            LeerlingRij(
                leerling,
                signalen.get(leerling.pk, []),
                d.get("bereikt", 0),
                d.get("deels", 0),
                d.get("niet", 0),
            )
        )
    return rijen
