"""The school's ijkpunten applied to results: which pupils to propose for the S column, and
why. Pure functions over plain data, so the rules are easy to test and to re-run nightly."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import IjkpuntSoort


@dataclass(frozen=True)
class Meting:
    domein_id: int
    datum: dt.date
    waarde: str
    rang: Decimal


@dataclass(frozen=True)
class Regel:
    id: int
    domein_id: int
    domein_code: str
    soort: str
    drempel: str
    drempel_rang: Decimal | None
    aantal_momenten: int
    leerjaar: int | None
    reden: str


@dataclass(frozen=True)
class Voorstel:
    ijkpunt_id: int
    reden: str
    uitleg: str


def _fires(regel: Regel, reeks: list[Meting]) -> str | None:
    """The explanation when the rule fires on this pupil's series (oldest first)."""
    if not reeks:
        return None
    laatste = reeks[-1]
    code = regel.domein_code
    if regel.soort == IjkpuntSoort.DALEND:
        n = max(regel.aantal_momenten, 2)
        staart = reeks[-n:]
        if len(staart) == n and all(a.rang > b.rang for a, b in itertools.pairwise(staart)):
            verloop = " → ".join(m.waarde for m in staart)
            return f"{code}: {n} toetsmomenten dalend ({verloop})"
        return None
    if regel.soort == IjkpuntSoort.SEO_AANDACHT:
        # On the aandacht scale "aandacht" ranks 0 and "geen" 1: without a threshold,
        # "aandacht" itself is the signal.
        grens = regel.drempel_rang if regel.drempel_rang is not None else Decimal(1)
        return f"{code}: vraagt aandacht" if laatste.rang < grens else None
    if regel.drempel_rang is None:
        return None
    if regel.soort == IjkpuntSoort.ONDER_DREMPEL and laatste.rang < regel.drempel_rang:
        return f"{code}: {laatste.waarde}, onder het ijkpunt {regel.drempel}"
    if regel.soort == IjkpuntSoort.BOVEN_DREMPEL and laatste.rang >= regel.drempel_rang:
        return f"{code}: {laatste.waarde}, op of boven {regel.drempel} (voorsprong)"
    return None


def voorstellen(
    *, regels: Iterable[Regel], metingen: Iterable[Meting], leerjaar: int
) -> list[Voorstel]:
    """Proposals for one pupil: every rule (for this leerjaar) that fires on its results."""
    per_domein: dict[int, list[Meting]] = {}
    for meting in sorted(metingen, key=lambda m: m.datum):
        per_domein.setdefault(meting.domein_id, []).append(meting)
    result = []
    for regel in regels:
        if regel.leerjaar is not None and regel.leerjaar != leerjaar:
            continue
        uitleg = _fires(regel, per_domein.get(regel.domein_id, []))
        if uitleg:
            result.append(Voorstel(ijkpunt_id=regel.id, reden=regel.reden, uitleg=uitleg))
    return result


def trend(reeks: list[Meting]) -> str:
    """'op', 'neer' or 'gelijk' from the last two results; '' with fewer than two."""
    if len(reeks) < 2:
        return ""
    a, b = reeks[-2].rang, reeks[-1].rang
    return "op" if b > a else "neer" if b < a else "gelijk"


@dataclass(frozen=True)
class Moment:
    """A crucial learning moment ahead, with the date it next falls on."""

    id: int
    naam: str
    datum: dt.date
    domein_id: int
    domein_code: str
    ondergrens: Decimal | None


def volgende_datum(maand: int, na: dt.date) -> dt.date:
    """The first day of `maand` on or after the first of the month of `na`."""
    year = na.year if maand >= na.month else na.year + 1
    return dt.date(year, maand, 1)


def proactief(*, momenten: Iterable[Moment], metingen: Iterable[Meting]) -> list[tuple[int, str]]:
    """(moment id, explanation) for each crucial moment ahead whose domain shows a pupil only
    just at the ijkpunt, or falling, while not yet below it (that is the preventive rule)."""
    per_domein: dict[int, list[Meting]] = {}
    for meting in sorted(metingen, key=lambda m: m.datum):
        per_domein.setdefault(meting.domein_id, []).append(meting)
    result = []
    maanden = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december"]  # fmt: skip
    for moment in momenten:
        reeks = per_domein.get(moment.domein_id, [])
        if not reeks:
            continue
        laatste = reeks[-1]
        grens = moment.ondergrens
        if grens is not None and laatste.rang < grens:
            continue
        net_op_grens = grens is not None and laatste.rang == grens
        dalend = len(reeks) >= 2 and laatste.rang < reeks[-2].rang
        if not (net_op_grens or dalend):
            continue
        hoe = "net op het ijkpunt" if net_op_grens else "dalend"
        wanneer = f"{maanden[moment.datum.month - 1]} {moment.datum.year}"
        result.append(
            (
                moment.id,
                f"{moment.domein_code}: {laatste.waarde}, {hoe}, vóór {moment.naam} ({wanneer})",
            )
        )
    return result
