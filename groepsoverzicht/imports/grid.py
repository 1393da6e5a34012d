"""Parse the results grid: a POST with one field per cell (`w-<leerling>-<domein>`) and the
value it showed when the page was opened (`o-<leerling>-<domein>`) -> rows of the changed
cells and the values they are expected to still have; and back: an import's errors and
conflicts to their cells."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..models import Domein
from .records import Cel, ImportFout, ImportResultaat, Rij


def cel_naam(leerling_id: int, domein_id: int) -> str:
    return f"w-{leerling_id}-{domein_id}"


def origineel_naam(leerling_id: int, domein_id: int) -> str:
    return f"o-{leerling_id}-{domein_id}"


@dataclass
class GridInvoer:
    """The changed cells of a grid POST as rows (row number = position in the grid)."""

    rijen: list[Rij] = field(default_factory=list)
    verwacht: dict[Cel, str] = field(default_factory=dict)
    leerling_op_rij: dict[int, int] = field(default_factory=dict)
    domein_op_code: dict[str, int] = field(default_factory=dict)

    def cel(self, fout: ImportFout) -> Cel | None:
        """The cell an error is about; None for an error about a row or the header."""
        if fout.rij in self.leerling_op_rij and fout.kolom in self.domein_op_code:
            return self.leerling_op_rij[fout.rij], self.domein_op_code[fout.kolom]
        return None

    def cel_fouten(self, result: ImportResultaat) -> dict[Cel, str]:
        return {cel: fout.reden for fout in result.fouten if (cel := self.cel(fout)) is not None}

    def fout_rijen(self, result: ImportResultaat) -> list[tuple[ImportFout, str]]:
        """Each error with the anchor of its cell's input ("" when it has none)."""
        return [
            (fout, f"#id_{cel_naam(*cel)}" if (cel := self.cel(fout)) is not None else "")
            for fout in result.fouten
        ]


def grid_invoer(
    data: Mapping[str, Any], leerling_ids: Iterable[int], domeinen: Iterable[Domein]
) -> GridInvoer:
    """Only cells the user changed become values, each expected to still hold the value the
    page showed: a colleague's save in between is then a conflict, not overwritten."""
    invoer = GridInvoer(domein_op_code={d.code: d.pk for d in domeinen})
    for nummer, leerling_id in enumerate(leerling_ids, start=1):
        waarden = {}
        for code, domein_id in invoer.domein_op_code.items():
            naam = cel_naam(leerling_id, domein_id)
            nieuw = data.get(naam, "").strip()
            oud = data.get(origineel_naam(leerling_id, domein_id), "").strip()
            if naam in data and nieuw != oud:
                waarden[code] = nieuw
                invoer.verwacht[(leerling_id, domein_id)] = oud
        if waarden:
            invoer.leerling_op_rij[nummer] = leerling_id
            invoer.rijen.append(Rij(nummer=nummer, leerling_id=leerling_id, waarden=waarden))
    return invoer


def met_opgeslagen_waarden(data: Any, result: ImportResultaat) -> Any:
    """A copy of the POST in which each conflicting cell's original is the value stored now:
    saving the page again then keeps the user's value."""
    post = data.copy()
    for (leerling_id, domein_id), stored in result.conflicten.items():
        post[origineel_naam(leerling_id, domein_id)] = stored
    return post
