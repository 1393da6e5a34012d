"""Entering results: the one import service, and the grid, paste and upload pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from openpyxl import Workbook

from groepsoverzicht import imports
from groepsoverzicht.imports import Rij
from groepsoverzicht.models import Domein, Resultaat
from zorgroute import models as m

from .. import factories as f
from ..world import SchoolWorld

CODES = ["TL", "BL", "SP", "RK"]


@pytest.fixture
def klas(world: SchoolWorld, in_school: Any) -> dict[str, Any]:
    """The world's Cito VAS instrument with TL, BL (exists), SP and RK, and three more
    pupils in class 1A."""
    school = world.school
    instrument = world.go["instrument"]
    for volgorde, code in enumerate(CODES, start=1):
        if code != "BL":
            f.create_in_school(
                Domein,
                school=school,
                instrument=instrument,
                code=code,
                naam=code,
                volgorde=volgorde,
            )
    extra = [
        f.PlaatsingFactory(
            groep=world.groep,
            leerling=f.LeerlingFactory(school=school, voornaam="Piet", achternaam=f"Berg{i}"),
        ).leerling
        for i in range(3)
    ]
    return {"leerlingen": [world.leerling, *extra], "toetsmoment": world.go["toetsmoment"]}


def _run(world: SchoolWorld, in_school: Any, rijen: list[Rij], **kwargs: Any):  # type: ignore[no-untyped-def]
    kwargs.setdefault("groep", world.groep)
    with in_school(world.school):
        return imports.resultaten_importeren(
            school=world.school,
            toetsmoment=world.go["toetsmoment"],
            rijen=rijen,
            bron=kwargs.pop("bron", "import"),
            user=world.users["mentor"],
            **kwargs,
        )


def _rows(leerlingen: list[m.Leerling], waarde: str = "III") -> list[Rij]:
    return [
        Rij(nummer=i + 2, leerling=ll.leerlingnummer, waarden={c: waarde for c in CODES})
        for i, ll in enumerate(leerlingen)
    ]


def _results(world: SchoolWorld, in_school: Any) -> dict[tuple[int, str], Resultaat]:
    with in_school(world.school):
        return {
            (r.leerling_id, r.domein.code): r
            for r in Resultaat.objects.select_related("domein").filter(
                toetsmoment=world.go["toetsmoment"]
            )
        }


def _history_count(world: SchoolWorld, in_school: Any) -> int:
    with in_school(world.school):
        return Resultaat.history.model._default_manager.filter(school_id=world.school.pk).count()


# --- the service ---------------------------------------------------------------------------


def test_import_upserts_and_a_replay_changes_nothing(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    leerlingen = klas["leerlingen"]
    first = _run(world, in_school, _rows(leerlingen))
    assert first.opgeslagen and first.geldig
    # The world already had Sanne's BL = IV: that one is updated, the other 15 are new.
    assert (first.aangemaakt, first.bijgewerkt, first.ongewijzigd) == (15, 1, 0)
    stored = _results(world, in_school)
    assert len(stored) == 16
    assert {r.waarde for r in stored.values()} == {"III"}
    assert {r.rang for r in stored.values()} == {3}
    history_after_first = _history_count(world, in_school)

    replay = _run(world, in_school, _rows(leerlingen))
    assert (replay.aangemaakt, replay.bijgewerkt, replay.ongewijzigd) == (0, 0, 16)
    again = _results(world, in_school)
    assert {k: r.updated_at for k, r in again.items()} == {
        k: r.updated_at for k, r in stored.items()
    }
    assert {k: r.pk for k, r in again.items()} == {k: r.pk for k, r in stored.items()}
    assert _history_count(world, in_school) == history_after_first


def test_bulk_writes_are_in_the_history_with_the_user(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    before = _history_count(world, in_school)
    _run(world, in_school, _rows(klas["leerlingen"][:1], "II"))
    with in_school(world.school):
        rows = list(
            Resultaat.history.model._default_manager.filter(school_id=world.school.pk).order_by(
                "-history_id"
            )[:4]
        )
    assert _history_count(world, in_school) == before + 4
    assert {r.history_user_id for r in rows} == {world.users["mentor"].pk}
    assert {r.history_type for r in rows} == {"+", "~"}  # BL existed: an update


def test_a_changed_value_is_updated(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    sanne = world.leerling
    _run(world, in_school, _rows([sanne]))
    before = _results(world, in_school)[(sanne.pk, "SP")]
    result = _run(
        world, in_school, [Rij(nummer=2, leerling=sanne.leerlingnummer, waarden={"SP": "i"})]
    )
    assert (result.aangemaakt, result.bijgewerkt, result.ongewijzigd) == (0, 1, 0)
    after = _results(world, in_school)[(sanne.pk, "SP")]
    assert (after.waarde, after.rang, after.pk) == ("I", 5, before.pk)
    assert after.updated_at > before.updated_at


def test_bad_rows_save_nothing_and_name_row_and_column(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    a, b, c, d = klas["leerlingen"]
    rijen = [
        Rij(nummer=2, leerling=a.leerlingnummer, waarden={"TL": "II", "BL": "VI"}),
        Rij(nummer=3, leerling="999999", waarden={"TL": "II"}),
        Rij(nummer=4, leerling=b.leerlingnummer, waarden={"TL": "II"}),
        Rij(nummer=5, leerling=b.leerlingnummer, waarden={"TL": "III"}),
        Rij(nummer=6, leerling=c.leerlingnummer, waarden={"TL": "II", "XX": "1"}),
        Rij(nummer=7, leerling=world.andere_leerling.leerlingnummer, waarden={"TL": "II"}),
        Rij(nummer=8, leerling=d.leerlingnummer, waarden={"TL": "II"}),
    ]
    before = _results(world, in_school)
    result = _run(world, in_school, rijen)
    assert not result.opgeslagen
    assert _results(world, in_school).keys() == before.keys()  # nothing half-imported
    assert before[(a.pk, "BL")].waarde == "IV"
    plekken = {(fout.rij, fout.kolom) for fout in result.fouten}
    assert plekken == {
        (None, "XX"),  # unknown column, reported once on the header
        (2, "BL"),  # VI is not on the scale I–V
        (3, "leerlingnummer"),  # unknown pupil
        (4, "leerlingnummer"),  # twice in the batch
        (5, "leerlingnummer"),
        (7, "leerlingnummer"),  # not in class 1A
    }
    reden = {(fout.rij, fout.kolom): fout.reden for fout in result.fouten}
    assert "VI" in reden[(2, "BL")] and "I, II, III, IV of V" in reden[(2, "BL")]
    assert "niet in groep 1A" in reden[(7, "leerlingnummer")]
    assert "rijen 4, 5" in reden[(4, "leerlingnummer")]
    assert "(BL, TL, SP, RK)" in reden[(None, "XX")]  # BL has volgorde 0 in the world


def test_alleen_geldige_imports_the_valid_rows_only(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    a, b, *_ = klas["leerlingen"]
    rijen = [
        Rij(nummer=2, leerling=a.leerlingnummer, waarden={"TL": "II", "BL": "VI"}),
        Rij(nummer=3, leerling=b.leerlingnummer, waarden={"TL": "I", "XX": "?"}),
    ]
    result = _run(world, in_school, rijen, alleen_geldige=True, bron="api")
    assert result.opgeslagen
    assert result.overgeslagen_rijen == 1
    assert [(f.rij, f.kolom) for f in result.fouten] == [(None, "XX"), (2, "BL")]
    stored = _results(world, in_school)
    assert stored[(b.pk, "TL")].waarde == "I"
    assert stored[(b.pk, "TL")].bron == "api"
    assert (a.pk, "TL") not in stored


def test_a_pupil_of_another_school_is_refused(
    world: SchoolWorld, school_b: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    vreemd = school_b.leerling
    for rij in (
        Rij(nummer=2, leerling=vreemd.leerlingnummer, waarden={"TL": "II"}),
        Rij(nummer=2, leerling=vreemd.volledige_naam, waarden={"TL": "II"}),
        Rij(nummer=2, leerling_id=vreemd.pk, waarden={"TL": "II"}),
    ):
        for groep in (world.groep, None):
            result = _run(world, in_school, [rij], groep=groep)
            assert not result.opgeslagen
            assert result.fouten[0].rij == 2
    with in_school(school_b.school):
        assert not Resultaat.objects.filter(leerling=vreemd, domein__code="TL").exists()


def test_pupils_are_found_by_name_also_in_lvs_order(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    sanne = world.leerling  # Sanne alfaJansen
    rijen = [
        Rij(nummer=2, leerling="sanne  ALFAJANSEN", waarden={"TL": "II"}),
        Rij(nummer=3, leerling="Berg1, Piet", waarden={"TL": "IV"}),
    ]
    result = _run(world, in_school, rijen)
    assert result.geldig, result.fouten
    stored = _results(world, in_school)
    assert stored[(sanne.pk, "TL")].waarde == "II"
    assert stored[(klas["leerlingen"][2].pk, "TL")].waarde == "IV"


def test_empty_cells_leave_results_alone_unless_asked(
    world: SchoolWorld, klas: dict[str, Any], in_school: Any
) -> None:
    sanne = world.leerling
    leeg = [Rij(nummer=2, leerling=sanne.leerlingnummer, waarden={"BL": ""})]
    assert _run(world, in_school, leeg).gewijzigd == 0
    assert (sanne.pk, "BL") in _results(world, in_school)
    result = _run(world, in_school, leeg, lege_cel_wist=True)
    assert result.verwijderd == 1
    assert (sanne.pk, "BL") not in _results(world, in_school)


@pytest.mark.parametrize("aantal", [10, 100])
def test_import_of_10_and_100_rows_takes_the_same_queries(
    aantal: int, world: SchoolWorld, in_school: Any, django_assert_num_queries: Any
) -> None:
    leerlingen = [
        f.PlaatsingFactory(
            groep=world.groep, leerling=f.LeerlingFactory(school=world.school)
        ).leerling
        for _ in range(aantal)
    ]

    def rijen(waarde: str) -> list[Rij]:
        return [
            Rij(nummer=i + 2, leerling=ll.leerlingnummer, waarden={"BL": waarde})
            for i, ll in enumerate(leerlingen)
        ]

    def run(waarde: str) -> imports.ImportResultaat:
        return imports.resultaten_importeren(
            school=world.school,
            toetsmoment=world.go["toetsmoment"],
            rijen=rijen(waarde),
            bron="import",
            user=world.users["mentor"],
            groep=world.groep,
        )

    with in_school(world.school):
        with django_assert_num_queries(QUERIES_CREATE):
            assert run("II").aangemaakt == aantal
        with django_assert_num_queries(QUERIES_UPDATE):
            assert run("IV").bijgewerkt == aantal
        with django_assert_num_queries(QUERIES_REPLAY):
            assert run("IV").ongewijzigd == aantal


# --- parsing -------------------------------------------------------------------------------


def test_paste_accepts_tabs_or_semicolons_and_numbers_rows_as_lines() -> None:
    tab = imports.rijen_uit_tabel(
        imports.tabel_uit_tekst("leerlingnummer\tTL\tBL\n\n123\tII\tIV\n")
    )
    assert [(r.nummer, r.leerling, dict(r.waarden)) for r in tab] == [
        (3, "123", {"TL": "II", "BL": "IV"})
    ]
    semi = imports.rijen_uit_tabel(imports.tabel_uit_tekst("Naam;Leerlingnummer;TL\nA B;7;I"))
    assert [(r.leerling, dict(r.waarden)) for r in semi] == [("7", {"Naam": "A B", "TL": "I"})]


def test_a_table_without_pupil_column_or_with_duplicate_columns_is_refused() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="leerlingnummer"):
        imports.rijen_uit_tabel(imports.tabel_uit_tekst("TL;BL\nII;III"))
    with pytest.raises(ValidationError, match="meer dan eens"):
        imports.rijen_uit_tabel(imports.tabel_uit_tekst("leerlingnummer;TL;tl\n1;II;III"))
    with pytest.raises(ValidationError, match="Excel"):
        imports.tabel_uit_xlsx(b"geen excel")


# --- pages ---------------------------------------------------------------------------------


def _url(world: SchoolWorld, name: str, groep: m.Groep | None = None) -> str:
    groep = groep or world.groep
    return (
        f"/{world.school.slug}/resultaten/groepen/{groep.pk}/toetsmomenten/"
        f"{world.go['toetsmoment'].pk}/"
        + {"invoer": "", "plakken": "plakken/", "uploaden": "uploaden/"}[name]
    )


def test_paste_page_imports_and_redirects_to_the_grid(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a, b, *_ = klas["leerlingen"]
    tekst = f"leerlingnummer\tTL\tBL\n{a.leerlingnummer}\tII\tI\n{b.leerlingnummer}\tV\tIII\n"
    response = login("mentor").post(_url(world, "plakken"), {"tekst": tekst})
    assert response.status_code == 302
    assert response["Location"] == _url(world, "invoer")
    stored = _results(world, in_school)
    assert stored[(a.pk, "BL")].waarde == "I"
    assert stored[(b.pk, "TL")].waarde == "V"
    assert stored[(b.pk, "TL")].bron == "import"


def test_paste_page_lists_bad_rows_and_saves_nothing(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a = klas["leerlingen"][0]
    tekst = f"leerlingnummer;TL\n{a.leerlingnummer};II\n424242;III\n"
    response = login("mentor").post(_url(world, "plakken"), {"tekst": tekst})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Niets opgeslagen" in body
    assert "<td>3</td>" in body and "424242" in body
    assert tekst.splitlines()[1] in body  # the pasted text is kept
    assert (a.pk, "TL") not in _results(world, in_school)


def test_csv_upload_of_an_lvs_export_with_extra_columns(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a, b, *_ = klas["leerlingen"]
    csv_text = (
        "Leerlingnummer;Naam;Klas;TL;BL;SP;RK\r\n"
        f"{a.leerlingnummer};{a.volledige_naam};1A;I;II;III;IV\r\n"
        f"{b.leerlingnummer};{b.volledige_naam};1A;II;II;II;V\r\n"
    ).encode("cp1252")
    upload = io.BytesIO(csv_text)
    upload.name = "vas-m1.csv"
    client = login("docent")  # teaches 1A
    response = client.post(_url(world, "uploaden"), {"bestand": upload})
    assert response.status_code == 302
    stored = _results(world, in_school)
    assert stored[(a.pk, "RK")].waarde == "IV"
    assert stored[(b.pk, "RK")].waarde == "V"
    # The same file again: no duplicates, nothing changed.
    upload.seek(0)
    client.post(_url(world, "uploaden"), {"bestand": upload})
    assert _results(world, in_school).keys() == stored.keys()


def test_xlsx_upload(world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any) -> None:
    a, b, *_ = klas["leerlingen"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["leerlingnummer", "naam", "TL", "BL"])
    sheet.append([int(a.leerlingnummer), a.volledige_naam, "II", "iv"])
    sheet.append([int(b.leerlingnummer), b.volledige_naam, "I", None])
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    data.name = "export.xlsx"
    response = login("zorgcoordinator").post(
        _url(world, "uploaden"), {"bestand": data}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == _url(world, "invoer")
    stored = _results(world, in_school)
    assert stored[(a.pk, "BL")].waarde == "IV"
    assert stored[(b.pk, "TL")].waarde == "I"
    assert (b.pk, "BL") not in stored


def test_upload_with_bad_rows_shows_them_in_the_htmx_fragment(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a = klas["leerlingen"][0]
    upload = io.BytesIO(f"leerlingnummer,TL\n{a.leerlingnummer},VII\n".encode())
    upload.name = "fout.csv"
    response = login("mentor").post(
        _url(world, "uploaden"), {"bestand": upload}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # the fragment only
    assert 'id="upload-blok"' in body and "VII" in body and "<td>2</td>" in body
    assert (a.pk, "TL") not in _results(world, in_school)


def test_upload_refuses_other_file_types(world: SchoolWorld, login: Any) -> None:
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "cijfers.pdf"
    response = login("mentor").post(_url(world, "uploaden"), {"bestand": upload})
    assert response.status_code == 400  # the form's error, on the page
    assert "Kies een CSV-bestand" in response.content.decode()


def _grid_post(
    world: SchoolWorld, values: dict[tuple[int, int], tuple[str, str]]
) -> dict[str, str]:
    data = {}
    for (leerling_id, domein_id), (origineel, nieuw) in values.items():
        data[f"o-{leerling_id}-{domein_id}"] = origineel
        data[f"w-{leerling_id}-{domein_id}"] = nieuw
    return data


def test_grid_saves_changed_cells_and_clears_emptied_ones(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a, b, *_ = klas["leerlingen"]
    bl = world.go["domein"]
    with in_school(world.school):
        tl = Domein.objects.get(instrument=bl.instrument, code="TL")
    client = login("mentor")
    page = client.get(_url(world, "invoer"))
    assert page.status_code == 200
    assert f'name="w-{a.pk}-{bl.pk}"' in page.content.decode()
    assert 'value="IV"' in page.content.decode()
    data = _grid_post(world, {(a.pk, bl.pk): ("IV", ""), (b.pk, tl.pk): ("", "ii")})
    response = client.post(_url(world, "invoer"), data)
    assert response.status_code == 302
    stored = _results(world, in_school)
    assert (a.pk, "BL") not in stored
    assert stored[(b.pk, "TL")].waarde == "II"
    assert stored[(b.pk, "TL")].bron == "handmatig"


def test_grid_error_keeps_every_typed_value_and_saves_nothing(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a, b, *_ = klas["leerlingen"]
    bl = world.go["domein"]
    data = _grid_post(world, {(a.pk, bl.pk): ("IV", "II"), (b.pk, bl.pk): ("", "zes")})
    response = login("mentor").post(_url(world, "invoer"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="zes"' in body and 'value="II"' in body
    assert "zes" in body and 'aria-invalid="true"' in body
    assert _results(world, in_school)[(a.pk, "BL")].waarde == "IV"


def test_grid_refuses_to_overwrite_a_colleagues_change(
    world: SchoolWorld, klas: dict[str, Any], login: Any, in_school: Any
) -> None:
    a = klas["leerlingen"][0]
    bl = world.go["domein"]
    with in_school(world.school):
        Resultaat.objects.filter(leerling=a, domein=bl).update(waarde="III", rang=3)
    # The mentor's page still showed IV.
    data = _grid_post(world, {(a.pk, bl.pk): ("IV", "I")})
    client = login("mentor")
    response = client.post(_url(world, "invoer"), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "intussen door iemand anders gewijzigd" in body and "III" in body
    assert _results(world, in_school)[(a.pk, "BL")].waarde == "III"
    # Saving again (the page now carries the current value) keeps the mentor's value.
    data[f"o-{a.pk}-{bl.pk}"] = "III"
    assert client.post(_url(world, "invoer"), data).status_code == 302
    assert _results(world, in_school)[(a.pk, "BL")].waarde == "I"


def test_docent_cannot_enter_results_for_another_class(world: SchoolWorld, login: Any) -> None:
    other = _url(world, "invoer", world.andere_groep)
    data = {f"w-{world.andere_leerling.pk}-{world.go['domein'].pk}": "I"}
    assert login("docent").post(other, data).status_code == 404


@pytest.mark.parametrize("aantal", [3, 30])
def test_grid_page_query_count_does_not_grow_with_the_class(
    aantal: int, world: SchoolWorld, login: Any, django_assert_num_queries: Any
) -> None:
    for _ in range(aantal):
        leerling = f.PlaatsingFactory(
            groep=world.groep, leerling=f.LeerlingFactory(school=world.school)
        ).leerling
        f.create_in_school(
            Resultaat,
            school=world.school,
            leerling=leerling,
            domein=world.go["domein"],
            toetsmoment=world.go["toetsmoment"],
            waarde="II",
            rang=4,
            bron="import",
        )
    client = login("mentor")
    with django_assert_num_queries(QUERIES_GRID):
        assert client.get(_url(world, "invoer")).status_code == 200


#: An import, whatever its size: savepoint, domeinen, pupils, existing results (locked),
#: one bulk write, one bulk history insert, release. A replay skips the two writes. New
#: results on PostgreSQL: the write and its history rows are one statement (a CTE).
QUERIES_CREATE = 6 if connection.vendor == "postgresql" else 7
QUERIES_UPDATE = 7
QUERIES_REPLAY = 5
#: The grid page: 6 for session, user, school, membership and the RLS settings; then groep,
#: toetsmoment with instrument, domeinen, pupils, results.
QUERIES_GRID = 13
