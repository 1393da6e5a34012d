"""Server-rendered bar charts (inline SVG): the geometry is computed here, the template
`opbrengsten/partials/grafiek.html` draws it. No JavaScript, so the charts also appear in the
PDF. Every chart has a table next to it (the same cells), each series a pattern and a label
so colour is never the only cue, and suppressed cells are drawn as an empty, hatched bar with
"<5" (their real value never reaches the SVG)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .suppressie import Cel

#: Fill patterns per series, in order (ids of <pattern>s in the template) and their names in
#: the legend, so a reader without colour vision, or a grey printout, tells them apart.
PATRONEN = [
    ("vol", "effen"),
    ("streep", "schuine strepen"),
    ("stip", "stippen"),
    ("ruit", "ruitjes"),
    ("horizontaal", "liggende strepen"),
]

BREEDTE = 640
LABEL_BREEDTE = 170
BALK_HOOGTE = 22
RUIMTE = 8
MARGE_BOVEN = 8
AS_HOOGTE = 26
LEGENDA_HOOGTE = 18


@dataclass(frozen=True)
class Legenda:
    naam: str
    patroon: str
    patroon_naam: str
    y: int

    @property
    def tekst_y(self) -> int:
        return self.y + 11


@dataclass
class Segment:
    serie: int
    cel: Cel
    x: int = 0
    breedte: int = 0
    tekst_x: int = 0
    patroon: str = "vol"


@dataclass
class Balk:
    label: str
    segmenten: list[Segment]
    #: A target (ambitie) in the same unit, drawn as a marked line.
    doel: float | None = None
    y: int = 0
    doel_x: int | None = None
    onderdrukt: bool = False
    link: str = ""
    tekst_y: int = 0
    eind_x: int = 0
    #: What a screen reader says for the bar (label and the shown values).
    beschrijving: str = ""


@dataclass
class Grafiek:
    id: str
    titel: str
    series: list[str]
    balken: list[Balk]
    #: "aantal" (scale to the biggest bar) or "procent" (0–100).
    eenheid: str = "aantal"
    doel_label: str = "ambitie"
    hoogte: int = 0
    as_y: int = 0
    schaal_max: float = 0
    streepjes: list[tuple[int, str]] = field(default_factory=list)
    legenda: list[Legenda] = field(default_factory=list)

    @property
    def breedte(self) -> int:
        return BREEDTE

    @property
    def label_breedte(self) -> int:
        return LABEL_BREEDTE

    @property
    def heeft_doel(self) -> bool:
        return any(b.doel is not None for b in self.balken)


def maak(
    *,
    id: str,
    titel: str,
    series: list[str],
    balken: list[Balk],
    eenheid: str = "aantal",
    doel_label: str = "ambitie",
) -> Grafiek:
    """Lay out a (stacked) horizontal bar chart."""
    grafiek = Grafiek(
        id=id, titel=titel, series=series, balken=balken, eenheid=eenheid, doel_label=doel_label
    )
    if eenheid == "procent":
        schaal = 100.0
    else:
        totalen = [
            sum(float(s.cel.waarde) for s in b.segmenten if s.cel.waarde is not None)
            for b in balken
        ]
        # A round maximum (a multiple of 4, at least 8) so the axis shows whole numbers.
        schaal = float(max(8, math.ceil(max([*totalen, 1.0]) / 4) * 4))
    grafiek.schaal_max = schaal
    ruimte = BREEDTE - LABEL_BREEDTE - 40
    for i, balk in enumerate(balken):
        balk.y = MARGE_BOVEN + i * (BALK_HOOGTE + RUIMTE)
        x = LABEL_BREEDTE
        balk.onderdrukt = all(s.cel.onderdrukt for s in balk.segmenten)
        for seg in balk.segmenten:
            seg.x = x
            seg.breedte = (
                0 if seg.cel.waarde is None else round(ruimte * float(seg.cel.waarde) / schaal)
            )
            seg.tekst_x = round(x + seg.breedte / 2)
            seg.patroon = PATRONEN[seg.serie % len(PATRONEN)][0]
            x += seg.breedte
        if balk.doel is not None:
            balk.doel_x = round(LABEL_BREEDTE + ruimte * min(balk.doel, schaal) / schaal)
        balk.tekst_y = int(balk.y + BALK_HOOGTE / 2 + 5)
        balk.eind_x = int(x + 6)
        delen = [
            f"{series[s.serie % len(series)] if len(series) > 1 else ''} {s.cel.tekst}".strip()
            for s in balk.segmenten
        ]
        balk.beschrijving = (
            f"{balk.label}: "
            + ", ".join(delen)
            + (f" ({doel_label} {round(balk.doel)}%)" if balk.doel is not None else "")
        )
    grafiek.as_y = MARGE_BOVEN + len(balken) * (BALK_HOOGTE + RUIMTE)
    stappen = 4
    for k in range(stappen + 1):
        waarde = schaal * k / stappen
        tekst = f"{round(waarde)}%" if eenheid == "procent" else f"{round(waarde)}"
        grafiek.streepjes.append((round(LABEL_BREEDTE + ruimte * k / stappen), tekst))
    eerste = next((s.serie for b in balken for s in b.segmenten), 0)
    items = [
        (naam, *PATRONEN[(i if len(series) > 1 else eerste) % len(PATRONEN)])
        for i, naam in enumerate(series)
    ]
    if grafiek.heeft_doel:
        items.append((doel_label, "doel", "rode streeplijn"))
    items.append(("minder dan 5: niet getoond", "leeg", "grijze arcering"))
    y = grafiek.as_y + AS_HOOGTE + 4
    grafiek.legenda = [
        Legenda(naam, patroon, patroon_naam, y + i * LEGENDA_HOOGTE)
        for i, (naam, patroon, patroon_naam) in enumerate(items)
    ]
    grafiek.hoogte = y + len(items) * LEGENDA_HOOGTE + 4
    return grafiek
