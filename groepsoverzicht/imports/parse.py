"""Parse: what a user pastes or uploads -> rows (`Rij`). A file that cannot be read at all
raises a ValidationError with a Dutch message; what is wrong in a row is for validation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .records import Rij

#: Header names that identify the pupil, by number or by full name.
NUMMER_KOLOMMEN = frozenset({"leerlingnummer", "llnr", "nummer", "leerling-nummer", "lln"})
NAAM_KOLOMMEN = frozenset({"naam", "leerling", "volledige naam", "leerlingnaam"})
#: An upload larger than this is refused before anything is parsed.
MAX_RIJEN = 5000
MAX_KOLOMMEN = 60


def _cel(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def tabel_uit_tekst(tekst: str) -> list[list[str]]:
    """Lines pasted from a spreadsheet: tab-separated (Excel, Google Sheets) or separated by
    semicolons (a Dutch CSV) or commas."""
    lines = tekst.splitlines()
    header = next((line for line in lines if line.strip()), "")
    if "\t" in header:
        delimiter = "\t"
    elif ";" in header:
        delimiter = ";"
    else:
        delimiter = ","
    return _limit(list(csv.reader(lines, delimiter=delimiter)))


def tabel_uit_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            tekst = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ValidationError(_("Het bestand is geen leesbaar CSV-bestand."))
    if "\x00" in tekst:
        raise ValidationError(_("Het bestand is geen leesbaar CSV-bestand."))
    return tabel_uit_tekst(tekst)


def tabel_uit_xlsx(data: bytes) -> list[list[str]]:
    """The first worksheet of an Excel workbook (values, not formulas)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(_("Het bestand is geen leesbaar Excel-bestand (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_KOLOMMEN):
            rows.append([_cel(v) for v in row])
            if len(rows) > MAX_RIJEN + 1:
                break
    finally:
        workbook.close()
    return _limit(rows)


def _limit(rows: list[list[str]]) -> list[list[str]]:
    if len(rows) > MAX_RIJEN + 1:
        raise ValidationError(
            _("Dit zijn meer dan %(max)s regels; splits het bestand.") % {"max": MAX_RIJEN}
        )
    return rows


def _kop(naam: str) -> str:
    return re.sub(r"\s+", " ", naam.strip().lower())


def rijen_uit_tabel(tabel: list[list[str]]) -> list[Rij]:
    """Rows from a table whose first non-empty line is the header: a column leerlingnummer
    (or the pupil's full name), then one column per domain code; other columns are passed
    on by header so the service can ignore known extras and report unknown ones."""
    header_index = next((i for i, row in enumerate(tabel) if any(c.strip() for c in row)), None)
    if header_index is None:
        raise ValidationError(_("Er staat niets in: plak of kies een bestand met een kopregel."))
    header = [c.strip() for c in tabel[header_index]]
    koppen = [_kop(c) for c in header]
    dubbel = sorted({k for k in koppen if k and koppen.count(k) > 1})
    if dubbel:
        raise ValidationError(
            _("De kopregel noemt een kolom meer dan eens: %(kolommen)s.")
            % {"kolommen": ", ".join(dubbel)}
        )
    sleutel = next((i for i, k in enumerate(koppen) if k in NUMMER_KOLOMMEN), None)
    if sleutel is None:
        sleutel = next((i for i, k in enumerate(koppen) if k in NAAM_KOLOMMEN), None)
    if sleutel is None:
        raise ValidationError(
            _(
                "De eerste regel moet de kolommen noemen: leerlingnummer (of naam) en daarna de "
                "domeincodes, bijvoorbeeld: leerlingnummer;TL;BL;SP;RK. Gevonden: %(kop)s"
            )
            % {"kop": "; ".join(header) or _("een lege regel")}
        )
    rijen = []
    for offset, row in enumerate(tabel[header_index + 1 :], start=header_index + 2):
        if not any(c.strip() for c in row):
            continue
        waarden = {
            header[i]: (row[i] if i < len(row) else "")
            for i in range(len(header))
            if i != sleutel and header[i]
        }
        leerling = row[sleutel].strip() if sleutel < len(row) else ""
        rijen.append(Rij(nummer=offset, leerling=leerling, waarden=waarden))
    return rijen


def rijen_uit_tekst(tekst: str) -> list[Rij]:
    """The rows of lines pasted from a spreadsheet."""
    return rijen_uit_tabel(tabel_uit_tekst(tekst))


def rijen_uit_bestand(naam: str, data: bytes) -> list[Rij]:
    """The rows of an uploaded file: an Excel workbook (.xlsx) or else a CSV file."""
    tabel = tabel_uit_xlsx(data) if naam.lower().endswith(".xlsx") else tabel_uit_csv(data)
    return rijen_uit_tabel(tabel)


def ingevulde_rijen(rijen: Iterable[Rij]) -> list[Rij]:
    """The rows that name a pupil or hold a value (blank lines are not rows)."""
    return [
        r
        for r in rijen
        if r.leerling.strip() or r.leerling_id or any((v or "").strip() for v in r.waarden.values())
    ]
