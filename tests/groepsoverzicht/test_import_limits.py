"""Limits on what a paste or upload may hold (issue 19): a decompression bomb, too many rows,
cells or cells in a row, a cell that is too long, a CSV field past Python's csv limit. Each
is a Dutch error that names the limit (and the row and column) and never repeats the input;
memory stays bounded, measured in this process with tracemalloc. A file at the limits still
imports."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from groepsoverzicht import imports
from groepsoverzicht.imports import parse
from groepsoverzicht.imports.records import kort
from groepsoverzicht.models import Domein, Resultaat

from .. import factories as f
from ..world import SchoolWorld
from .xlsx_parts import sheet_xml, strings_xml, xlsx

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
#: What the refusal of a bomb may cost this process at most (the bomb below unpacks to
#: 400 MB; before the limits it took 2.66 GB on the server).
MAX_PEAK_BYTES = 40 * MB


def _url(world: SchoolWorld, name: str) -> str:
    return (
        f"/{world.school.slug}/resultaten/groepen/{world.groep.pk}/toetsmomenten/"
        f"{world.go['toetsmoment'].pk}/{name}/"
    )


def _upload(naam: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = naam
    return upload


def _peak(action: Callable[[], Any]) -> tuple[Any, int]:
    """What `action` returns and the peak of memory it allocated (tracemalloc)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = action()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _refused(data: bytes) -> str:
    with pytest.raises(ValidationError) as exc:
        parse.tabel_uit_xlsx(data)
    return " ".join(exc.value.messages)


def _bomb() -> bytes:
    """About 400 KB packed: one shared string of 400 MB of 'A'."""
    huge = (b"A" * MB for _ in range(400))
    return xlsx(
        sheet_xml([["leerlingnummer", "TL"]]), strings_xml((b"<si><t>", *huge, b"</t></si>"))
    )


def test_a_decompression_bomb_upload_is_a_small_dutch_error_in_bounded_memory(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    bomb = _bomb()
    assert len(bomb) < 500 * 1024
    with in_school(world.school):
        before = Resultaat.objects.count()
    client = login("docent")
    response, peak = _peak(
        lambda: client.post(_url(world, "uploaden"), {"bestand": _upload("bom.xlsx", bomb)})
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Het Excel-bestand is uitgepakt groter dan 20 MB (400 MB)" in body
    assert len(response.content) < 100 * 1024
    assert "AAAAAAAAAA" not in body
    assert peak < MAX_PEAK_BYTES, f"peak {peak / MB:.0f} MB"
    with in_school(world.school):
        assert Resultaat.objects.count() == before


def test_the_htmx_upload_of_a_bomb_gets_the_fragment_with_the_error(
    world: SchoolWorld, login: Any
) -> None:
    response = login("docent").post(
        _url(world, "uploaden"),
        {"bestand": _upload("bom.xlsx", _bomb())},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert 'id="upload-blok"' in body and "uitgepakt groter dan 20 MB" in body
    assert len(response.content) < 20 * 1024


def test_a_part_packed_more_than_a_hundredfold_is_refused_below_the_size_limit() -> None:
    part = (b"A" * MB for _ in range(15))
    data = xlsx(sheet_xml([["x"]]), strings_xml((b"<si><t>", *part, b"</t></si>")))
    melding, peak = _peak(lambda: _refused(data))
    assert "verdacht sterk ingepakt" in melding and "100 keer" in melding
    assert peak < 5 * MB


def test_a_row_with_too_many_cells_is_refused_before_openpyxl_reads_it() -> None:
    row = ["1"] * (parse.MAX_CELLEN_PER_RIJ + 1)
    melding = _refused(xlsx(sheet_xml([row]), strings_xml()))
    assert "meer dan 16.384 cellen" in melding


def test_too_many_xml_elements_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_XML_ELEMENTEN", 1000)
    strings = (f"<si><t>{i}</t></si>".encode() for i in range(600))
    melding = _refused(xlsx(sheet_xml([["x"]]), strings_xml(strings)))
    assert "meer dan 1.000 XML-elementen" in melding


def test_a_workbook_with_a_dtd_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&b;</t></si></sst>",
    )
    assert "geen leesbaar Excel-bestand" in _refused(xlsx(sheet_xml([["x"]]), laughs))


def test_too_many_rows_or_filled_cells_name_the_limit_and_the_row() -> None:
    rows = [["1"]] * (parse.MAX_RIJEN + 2)
    assert "meer dan 5000 regels" in _refused(xlsx(sheet_xml(rows), strings_xml()))
    wide = [[str(c) for c in range(parse.MAX_KOLOMMEN)] for _ in range(1700)]
    melding = _refused(xlsx(sheet_xml(wide), strings_xml()))
    assert "meer dan 100.000 gevulde cellen" in melding
    assert "rij 1667" in melding  # 1667 × 60 > 100,000


def test_a_cell_that_is_too_long_names_cell_row_and_column_and_is_not_repeated(
    world: SchoolWorld, login: Any
) -> None:
    lang = "Z" * (parse.MAX_CEL_TEKENS + 1)
    data = xlsx(sheet_xml([["leerlingnummer", "TL", "mentor"], ["1", "II", lang]]), strings_xml())
    assert "Cel C2 (rij 2, kolom C) is langer dan 1000 tekens" in _refused(data)
    response = login("docent").post(_url(world, "uploaden"), {"bestand": _upload("a.xlsx", data)})
    assert response.status_code == 400
    assert "Cel C2 (rij 2, kolom C)" in response.content.decode()
    assert "ZZZZZZZZZZ" not in response.content.decode()


# --- CSV and paste -----------------------------------------------------------------------


def test_a_pasted_field_past_the_csv_limit_is_a_dutch_error_not_a_500(
    world: SchoolWorld, login: Any
) -> None:
    """Python's csv refuses a field over 131,072 characters with _csv.Error."""
    veld = "Q" * 200_000
    tekst = f"leerlingnummer;TL\n1;II\n2;{veld}\n"
    response = login("mentor").post(_url(world, "plakken"), {"tekst": tekst})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Regel 3 heeft een veld dat langer is dan 1000 tekens" in body
    assert body.count(veld) == 1  # only in the textarea that keeps what was pasted


def test_a_quoted_field_over_the_csv_limit_in_an_uploaded_csv(
    world: SchoolWorld, login: Any
) -> None:
    data = b'leerlingnummer;TL\n1;"' + b"x;" * 70_000 + b'"\n'
    response = login("mentor").post(_url(world, "uploaden"), {"bestand": _upload("a.csv", data)})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Regel 2 heeft een veld dat langer is dan 1000 tekens" in body
    assert "x;x;x;x;" not in body


def test_a_pasted_cell_over_the_cell_limit_names_row_and_column() -> None:
    with pytest.raises(ValidationError, match=r"Cel B2 \(rij 2, kolom B\) is langer dan 1000"):
        imports.tabel_uit_tekst("leerlingnummer\tTL\n1\t" + "V" * 1001)


def test_an_unknown_pupil_or_column_repeats_only_the_start_of_the_input(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    kop = "K" * 900
    waarde = "W" * 900
    naam = "N" * 900
    tekst = f"leerlingnummer;TL;{kop}\n{naam};II;1\n{world.leerling.leerlingnummer};{waarde};1\n"
    with in_school(world.school):
        f.create_in_school(
            Domein, school=world.school, instrument=world.go["instrument"], code="TL", naam="TL"
        )
    response = login("mentor").post(_url(world, "plakken"), {"tekst": tekst})
    body = response.content.decode()
    assert "Niets opgeslagen" in body
    assert "langer dan 40 tekens" in body
    # Each of them once, in the textarea that keeps the paste; the errors show its start.
    for invoer in (kop, waarde, naam):
        assert body.count(invoer) == 1
    assert "K" * 39 + "…" in body and "N" * 39 + "…" in body


# --- at the limits -------------------------------------------------------------------------


def test_a_table_at_every_limit_is_read() -> None:
    kolommen = 20
    rows = [[f"k{c}" for c in range(kolommen)]] + [
        [str(r * kolommen + c) for c in range(kolommen)] for r in range(parse.MAX_RIJEN - 1)
    ]
    rows[1][1] = "x" * parse.MAX_CEL_TEKENS
    assert sum(len(r) for r in rows) == parse.MAX_CELLEN
    tabel = parse.tabel_uit_xlsx(xlsx(sheet_xml(rows), strings_xml()))
    assert len(tabel) == parse.MAX_RIJEN and tabel[1][1] == rows[1][1]
    tekst = "\n".join(";".join(r) for r in rows)
    assert imports.tabel_uit_tekst(tekst) == rows
    rows.append(["1"])
    with pytest.raises(ValidationError, match=r"meer dan 100\.000 gevulde cellen"):
        imports.tabel_uit_tekst("\n".join(";".join(r) for r in rows))


def test_a_real_excel_file_with_a_cell_at_the_limit_imports(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        f.create_in_school(
            Domein, school=world.school, instrument=world.go["instrument"], code="TL", naam="TL"
        )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["leerlingnummer", "TL", "mentor"])  # mentor: an LVS column, ignored
    sheet.append([int(world.leerling.leerlingnummer), "II", "m" * parse.MAX_CEL_TEKENS])
    data = io.BytesIO()
    workbook.save(data)
    response = login("mentor").post(
        _url(world, "uploaden"), {"bestand": _upload("export.xlsx", data.getvalue())}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_school(world.school):
        stored = Resultaat.objects.get(
            toetsmoment=world.go["toetsmoment"], leerling=world.leerling, domein__code="TL"
        )
    assert stored.waarde == "II"


def test_kort_cuts_long_input_for_messages() -> None:
    assert kort("kort  en\ngoed") == "kort en goed"
    assert kort("a" * 100) == "a" * 39 + "…"
