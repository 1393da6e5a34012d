"""Small numbers are never shown: the one place that turns a count into what a dashboard
cell, a chart, a CSV or the PDF may show.

A count of 1 to 4 pupils (or goals, aanmeldingen, …) shows "<5". A percentage is shown only
when no count of fewer than 5 can be derived from it: its denominator is at least 5, and
neither the part nor the rest is 1 to 4 (62% of 8 would give away 3 of 8). Zero is shown: it
names nobody. Every view, export and chart goes through `cel` / `aandeel`, so a suppressed
value never reaches the page, not even as the length of a bar.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Counts below this are suppressed.
DREMPEL = 5
ONDERDRUKT = "<5"


@dataclass(frozen=True)
class Cel:
    """What a dashboard may show of one number. `waarde` is None when it is suppressed, so
    code that draws or exports cannot use the real value by mistake."""

    waarde: float | int | None
    tekst: str
    #: Spoken/tooltip text: "minder dan 5" instead of "<5".
    uitleg: str = ""

    @property
    def onderdrukt(self) -> bool:
        return self.waarde is None

    def __str__(self) -> str:
        return self.tekst


def klein(n: int) -> bool:
    return 0 < n < DREMPEL


def _onderdrukt() -> Cel:
    return Cel(None, ONDERDRUKT, "minder dan 5 leerlingen: niet getoond")


def cel(n: int | None) -> Cel:
    """A count as it may be shown."""
    n = int(n or 0)
    if klein(n):
        return _onderdrukt()
    return Cel(n, str(n))


def aandeel(deel: int | None, totaal: int | None) -> Cel:
    """The share `deel / totaal` as a whole percentage, or suppressed."""
    deel, totaal = int(deel or 0), int(totaal or 0)
    if totaal == 0:
        return Cel(None, "–", "geen gegevens")
    if totaal < DREMPEL or klein(deel) or klein(totaal - deel):
        return _onderdrukt()
    pct = round(100 * deel / totaal)
    return Cel(pct, f"{pct}%")
