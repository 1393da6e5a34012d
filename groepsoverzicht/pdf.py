"""The PDF of a groepsoverzicht (bijlage 3/4 as a landscape print): the context only.

Built from `selectors.overzicht_grid`, so the number of queries does not grow with the
class; `zorgroute.pdf.render_pdf` turns it into bytes. The wide Excel sheet of the seed is
split into sections (results and signals; observations; needs; group attention points),
each a plain table of at most `RIJEN_PER_TABEL` pupils: long single tables are what makes
WeasyPrint slow, and narrower tables stay readable on paper.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker
from zorgroute.tenancy.context import TenantContext

from .access import Rechten
from .models import Cyclus, Domein, Groepsoverzicht, Overzichtregel
from .selectors import Grid, Rij, overzicht_grid

RIJEN_PER_TABEL = 40
DOMEINEN_PER_TABEL = 8
TREND_TEKST = {"op": "↑", "neer": "↓", "gelijk": "="}

#: The text columns in the order of bijlage 3 (bijzonderheden only with the right).
TEKSTKOLOMMEN: list[tuple[str, str]] = [
    ("werkhouding", "Werkhouding / taakaanpak / motivatie"),
    ("observaties", "Observaties en analyse van het werk"),
    ("gesprekken", "Gesprekken met leerling en ouders"),
    ("stimulerend", "Stimulerende factoren"),
    ("belemmerend", "Belemmerende factoren"),
    ("talenten", "Talenten"),
    ("bijzonderheden", "Bijzonderheden"),
]


def _delen(items: list[Any], grootte: int) -> list[list[Any]]:
    return [items[i : i + grootte] for i in range(0, len(items), grootte)] or [[]]


def verantwoordelijken(overzicht: Groepsoverzicht) -> list[Gebruiker]:
    """The mentor(s) of the class (cyclus A) or the docent(en) of the lesgroep (B)."""
    if overzicht.cyclus == Cyclus.B and overzicht.lesgroep is not None:
        return list(overzicht.lesgroep.docenten.order_by("achternaam", "voornaam"))
    return list(overzicht.groep.mentoren.order_by("achternaam", "voornaam"))


def bestandsnaam(overzicht: Groepsoverzicht) -> str:
    """A Dutch file name: groepsoverzicht-1A-cyclus-1.pdf (lesgroep for cyclus B)."""
    naam = overzicht.lesgroep.naam if overzicht.lesgroep else overzicht.groep.naam
    delen = ["groepsoverzicht", naam, overzicht.periode.naam]
    return "-".join(slugify(d) or "x" for d in delen).replace("--", "-") + ".pdf"


def _cel(rij: Rij, index: int) -> dict[str, Any]:
    cel = rij.cellen[index]
    return {"waarden": cel.waarden, "trend": TREND_TEKST.get(cel.trend, "")}


def _teksten(regel: Overzichtregel, velden: list[str]) -> list[str]:
    return [getattr(regel, veld).strip() for veld in velden]


def overzicht_pdf_context(
    ctx: TenantContext, overzicht: Groepsoverzicht, rechten: Rechten
) -> dict[str, Any]:
    grid: Grid = overzicht_grid(ctx, overzicht, rechten)
    domeinen: list[Domein] = grid.domeinen
    velden = [
        (veld, label)
        for veld, label in TEKSTKOLOMMEN
        if veld != "bijzonderheden" or rechten.bijzonderheden
    ]
    veldnamen = [v for v, _label in velden]
    resultaat_blokken = []
    for kolommen in _delen(domeinen, DOMEINEN_PER_TABEL):
        indices = [domeinen.index(d) for d in kolommen]
        for rijen in _delen(grid.rijen, RIJEN_PER_TABEL):
            resultaat_blokken.append(
                {
                    "kolommen": kolommen,
                    "rijen": [
                        {"rij": rij, "cellen": [_cel(rij, i) for i in indices]} for rij in rijen
                    ],
                }
            )
    behoefte_rijen = [r for r in grid.rijen if r.gesignaleerd or r.behoeften]
    return {
        "overzicht": overzicht,
        "grid": grid,
        "rechten": rechten,
        "school": ctx.school,
        "is_cyclus_b": overzicht.cyclus == Cyclus.B,
        "vak": overzicht.lesgroep.vak if overzicht.lesgroep else None,
        "verantwoordelijken": verantwoordelijken(overzicht),
        "gegenereerd_op": timezone.localtime(),
        "resultaat_blokken": resultaat_blokken,
        "tekstkolommen": velden,
        "tekst_blokken": _delen(
            [{"rij": r, "teksten": _teksten(r.regel, veldnamen)} for r in grid.rijen],
            RIJEN_PER_TABEL,
        ),
        "behoefte_blokken": _delen(behoefte_rijen, RIJEN_PER_TABEL) if behoefte_rijen else [],
        "titel": _("Groepsoverzicht %(naam)s") % {"naam": overzicht},
        # Whose data the document holds (zorgroute.pdf.render_pdf logs each of them).
        "leerling_ids": sorted({rij.regel.leerling_id for rij in grid.rijen}),
    }
