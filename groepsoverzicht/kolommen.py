"""The text columns of an overview row as the screen shows them: which a user sees, in
the order of bijlage 3 (cyclus A) or 4 (cyclus B), with their headers and labels."""

from __future__ import annotations

from dataclasses import dataclass

from .access import Rechten
from .models import Cyclus, Groepsoverzicht


@dataclass(frozen=True)
class Kolom:
    veld: str
    kop: str  # short column header
    label: str  # full label (screen readers, hints)


KOLOMMEN = {
    "werkhouding": Kolom("werkhouding", "Werkhouding", "Werkhouding, taakaanpak en motivatie"),
    "observaties": Kolom("observaties", "Observaties", "Observaties en analyse van het werk"),
    "gesprekken": Kolom("gesprekken", "Gesprekken", "Gesprekken met leerling en ouders"),
    "stimulerend": Kolom("stimulerend", "Stimulerend", "Stimulerende factoren"),
    "belemmerend": Kolom("belemmerend", "Belemmerend", "Belemmerende factoren"),
    "talenten": Kolom("talenten", "Talenten", "Talenten"),
    "bijzonderheden": Kolom("bijzonderheden", "Bijzonderheden", "Bijzonderheden"),
}

#: Cyclus B (bijlage 4) has the observations and conversations of the subject teacher.
VELDEN_B = ["observaties", "gesprekken"]


def kolommen(overzicht: Groepsoverzicht, rechten: Rechten) -> list[Kolom]:
    """The text columns this user sees in this overview, in the order of bijlage 3/4."""
    if overzicht.cyclus == Cyclus.B:
        return [KOLOMMEN[v] for v in VELDEN_B]
    return [k for k in KOLOMMEN.values() if k.veld != "bijzonderheden" or rechten.bijzonderheden]
