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
    if regel.drempel_rang is None:
        return None
    if regel.soort == IjkpuntSoort.ONDER_DREMPEL and laatste.rang < regel.drempel_rang:
        return f"{code}: {laatste.waarde}, onder het ijkpunt {regel.drempel}"
    if regel.soort == IjkpuntSoort.BOVEN_DREMPEL and laatste.rang >= regel.drempel_rang:
        return f"{code}: {laatste.waarde}, op of boven {regel.drempel} (voorsprong)"
    if regel.soort == IjkpuntSoort.SEO_AANDACHT and laatste.rang < regel.drempel_rang:
        return f"{code}: vraagt aandacht"
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
