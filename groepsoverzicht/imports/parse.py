"""Parse: what a user pastes or uploads -> rows (`Rij`). A file that cannot be read at all
raises a ValidationError with a Dutch message; what is wrong in a row is for validation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .records import Rij, kort

#: Header names that identify the pupil, by number or by full name.
NUMMER_KOLOMMEN = frozenset({"leerlingnummer", "llnr", "nummer", "leerling-nummer", "lln"})
NAAM_KOLOMMEN = frozenset({"naam", "leerling", "volledige naam", "leerlingnaam"})

# Limits on what one paste or upload may hold. A table past a limit is refused with a Dutch
# message that names the limit (and the row and column), never with the input itself.
MAX_RIJEN = 5000
MAX_KOLOMMEN = 60
#: Filled cells in the whole table (a class or a school export holds far fewer).
MAX_CELLEN = 100_000
#: Characters in one cell (a result, a leerlingnummer, a name, an LVS extra column).
MAX_CEL_TEKENS = 1000
#: An .xlsx is a zip: every part together, unpacked (read from the zip's directory before
#: anything is unpacked; zipfile never unpacks more than the directory says).
MAX_UITGEPAKT_BYTES = 20 * 1024 * 1024
#: Unpacked : packed, for a part larger than XLSX_RATIO_VANAF (spreadsheet XML packs well,
#: but not a thousandfold: that is a decompression bomb).
MAX_XLSX_RATIO = 100
XLSX_RATIO_VANAF = 1024 * 1024
#: Cells in one row of the sheet's XML (openpyxl reads a whole row at once; Excel's own
#: maximum is 16,384 columns).
MAX_CELLEN_PER_RIJ = 16_384
#: XML elements in all parts of a workbook together (a sheet at the limits holds about
#: three per cell).
MAX_XML_ELEMENTEN = 500_000

ONLEESBAAR_XLSX = _("Het bestand is geen leesbaar Excel-bestand (.xlsx).")


def kolom_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column: 0 -> A, 26 -> AA."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cel(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class _Tabelgrenzen:
    """Collects a table row by row and stops at the first limit it passes."""

    rows: list[list[str]] = field(default_factory=list)
    cellen: int = 0

    def voeg_toe(self, row: list[str], nummer: int) -> None:
        """Add row `nummer` (1-based, as the user sees it) or raise the limit it passes."""
        if len(self.rows) >= MAX_RIJEN + 1:
            raise ValidationError(
                _("Dit zijn meer dan %(max)s regels; splits het bestand.") % {"max": MAX_RIJEN}
            )
        for index, tekst in enumerate(row):
            if len(tekst) > MAX_CEL_TEKENS:
                raise ValidationError(te_lange_cel(nummer, index))
            if tekst:
                self.cellen += 1
        if self.cellen > MAX_CELLEN:
            raise ValidationError(
                _(
                    "Het bestand heeft meer dan %(max)s gevulde cellen (de grens is bereikt in "
                    "rij %(rij)s); splits het bestand."
                )
                % {"max": _getal(MAX_CELLEN), "rij": nummer}
            )
        self.rows.append(row)


def te_lange_cel(nummer: int, index: int) -> str:
    return _(
        "Cel %(cel)s (rij %(rij)s, kolom %(kolom)s) is langer dan %(max)s tekens; zo'n lange "
        "waarde hoort niet in een resultatenbestand. Er is niets ingelezen."
    ) % {
        "cel": f"{kolom_letter(index)}{nummer}",
        "rij": nummer,
        "kolom": kolom_letter(index),
        "max": MAX_CEL_TEKENS,
    }


def _kies_scheiding(lines: list[str]) -> str:
    header = next((line for line in lines if line.strip()), "")
    if "\t" in header:
        return "\t"
    if ";" in header:
        return ";"
    return ","


def tabel_uit_tekst(tekst: str) -> list[list[str]]:
    """Lines pasted from a spreadsheet: tab-separated (Excel, Google Sheets) or separated by
    semicolons (a Dutch CSV) or commas. A line that is not CSV, or a field past Python's
    csv limit (128 KB), is a Dutch error naming the line, not a server error."""
    lines = tekst.splitlines()
    reader = csv.reader(lines, delimiter=_kies_scheiding(lines))
    grenzen = _Tabelgrenzen()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return grenzen.rows
        except csv.Error as exc:
            raise ValidationError(_csv_fout(reader.line_num or 1, exc)) from None
        grenzen.voeg_toe(row, reader.line_num)


def _csv_fout(regel: int, exc: csv.Error) -> str:
    if "field limit" in str(exc):
        return _(
            "Regel %(rij)s heeft een veld dat langer is dan %(max)s tekens; zo'n lange waarde "
            "hoort niet in een resultatenbestand. Er is niets ingelezen."
        ) % {"rij": regel, "max": MAX_CEL_TEKENS}
    return _(
        "Regel %(rij)s is geen leesbare regel (bijvoorbeeld een aanhalingsteken dat niet wordt "
        "gesloten). Er is niets ingelezen."
    ) % {"rij": regel}


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


def _zip_controleren(data: bytes) -> None:
    """Refuse a workbook that would unpack too large, from the zip's directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            onderdelen = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ValidationError(ONLEESBAAR_XLSX) from exc
    totaal = sum(info.file_size for info in onderdelen)
    if totaal > MAX_UITGEPAKT_BYTES:
        raise ValidationError(
            _(
                "Het Excel-bestand is uitgepakt groter dan %(max)s MB (%(mb)s MB). Bewaar alleen "
                "het tabblad met de resultaten, of lever een CSV-bestand aan."
            )
            % {"max": MAX_UITGEPAKT_BYTES // (1024 * 1024), "mb": totaal // (1024 * 1024)}
        )
    for info in onderdelen:
        if info.file_size > XLSX_RATIO_VANAF and (
            info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1)
        ):
            raise ValidationError(
                _(
                    "Het Excel-bestand is verdacht sterk ingepakt: een onderdeel wordt uitgepakt "
                    "meer dan %(max)s keer zo groot. Sla het opnieuw op vanuit Excel, of lever "
                    "een CSV-bestand aan."
                )
                % {"max": MAX_XLSX_RATIO}
            )


class _Grens(Exception):
    """A limit passed while streaming the workbook's XML (the message says which)."""


class _XmlTeller:
    """Counts while expat streams the workbook's XML; raises _Grens at a limit."""

    def __init__(self) -> None:
        self.elementen = 0
        self.per_rij = 0

    def start(self, tag: str, _attrs: Any) -> None:
        self.elementen += 1
        if self.elementen > MAX_XML_ELEMENTEN:
            raise _Grens(
                _(
                    "Het Excel-bestand bevat te veel onderdelen (meer dan %(max)s "
                    "XML-elementen); bewaar alleen het tabblad met de resultaten, of lever een "
                    "CSV-bestand aan."
                )
                % {"max": _getal(MAX_XML_ELEMENTEN)}
            )
        local = tag.rsplit(" ", 1)[-1]
        if local == "row":
            self.per_rij = 0
        elif local == "c":
            self.per_rij += 1
            if self.per_rij > MAX_CELLEN_PER_RIJ:
                raise _Grens(
                    _(
                        "Een rij van het Excel-bestand heeft meer dan %(max)s cellen; bewaar "
                        "alleen de kolommen met leerlingnummer en resultaten."
                    )
                    % {"max": _getal(MAX_CELLEN_PER_RIJ)}
                )

    @staticmethod
    def geen_dtd(*_args: Any) -> None:
        raise _Grens(ONLEESBAAR_XLSX)

    def lees(self, stream: IO[bytes]) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.StartDoctypeDeclHandler = self.geen_dtd
        while chunk := stream.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _xml_tellen(archive: zipfile.ZipFile) -> None:
    """Stream every XML part of the workbook (expat, no tree) before openpyxl reads it:
    at most MAX_XML_ELEMENTEN elements together (openpyxl keeps one object per shared
    string), at most MAX_CELLEN_PER_RIJ cells in one row (it reads a whole row at once),
    and no DTD (entities are how XML bombs work; a workbook has none)."""
    teller = _XmlTeller()
    try:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as stream:
                    teller.lees(stream)
    except _Grens as exc:
        raise ValidationError(str(exc)) from None
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise ValidationError(ONLEESBAAR_XLSX) from exc


def _getal(n: int) -> str:
    """A number as Dutch text: 100000 -> 100.000."""
    return f"{n:_}".replace("_", ".")


def tabel_uit_xlsx(data: bytes) -> list[list[str]]:
    """The first worksheet of an Excel workbook (values, not formulas), within the limits:
    the unpacked size and packing ratio are checked from the zip's directory first, the
    XML by streaming it (`_xml_tellen`), then openpyxl (read-only, row by row) stops at the
    first row, cell count or cell length past its limit."""
    from openpyxl import load_workbook

    _zip_controleren(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _xml_tellen(archive)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(ONLEESBAAR_XLSX) from exc
    try:
        if not workbook.worksheets:
            raise ValidationError(ONLEESBAAR_XLSX)
        sheet = workbook.worksheets[0]
        grenzen = _Tabelgrenzen()
        try:
            for nummer, row in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_KOLOMMEN), start=1
            ):
                grenzen.voeg_toe([_cel(v) for v in row], nummer)
        except ValidationError:
            raise
        except Exception as exc:  # a damaged sheet part
            raise ValidationError(ONLEESBAAR_XLSX) from exc
    finally:
        workbook.close()
    return grenzen.rows


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
            % {"kop": kort("; ".join(header)) or _("een lege regel")}
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
