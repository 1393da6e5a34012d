"""The stages of the results import one by one: the grid parser, validation, the plan, and
the write stage's two writers, which the same cases run against the real test database
(the ORM writer uses only the ORM, so it runs on PostgreSQL too) with identical results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from groepsoverzicht.imports.grid import grid_invoer, met_opgeslagen_waarden
from groepsoverzicht.imports.plan import plannen
from groepsoverzicht.imports.records import (
    Geschreven,
    ImportFout,
    ImportOpdracht,
    ImportResultaat,
    Nieuw,
    Plan,
    Rij,
)
from groepsoverzicht.imports.validate import controleren
from groepsoverzicht.imports.write import OrmWriter, PostgresWriter, schrijven, writer_for
from groepsoverzicht.models import Domein, Resultaat
from groepsoverzicht.scales import Waarde

from .. import factories as f
from ..world import SchoolWorld

WRITERS = [OrmWriter, PostgresWriter]


@pytest.fixture
def stand(world: SchoolWorld, in_school: Any) -> dict[str, Any]:
    """Cito VAS with BL (the world's) and TL; two more pupils in 1A. Stored before the
    import: Sanne BL = IV (the world's), Piet TL = II."""
    school = world.school
    bl = world.go["domein"]
    tl = f.create_in_school(
        Domein, school=school, instrument=world.go["instrument"], code="TL", naam="TL"
    )
    piet, kees = (
        f.PlaatsingFactory(
            groep=world.groep,
            leerling=f.LeerlingFactory(school=school, voornaam=naam, achternaam="Berg"),
        ).leerling
        for naam in ("Piet", "Kees")
    )
    f.create_in_school(
        Resultaat,
        school=school,
        leerling=piet,
        domein=tl,
        toetsmoment=world.go["toetsmoment"],
        waarde="II",
        rang=4,
        bron="import",
    )
    return {"bl": bl, "tl": tl, "sanne": world.leerling, "piet": piet, "kees": kees}


def _opdracht(world: SchoolWorld, **kwargs: Any) -> ImportOpdracht:
    return ImportOpdracht(
        school=world.school,
        toetsmoment=world.go["toetsmoment"],
        bron=kwargs.pop("bron", "import"),
        user=world.users["mentor"],
        groep=world.groep,
        **kwargs,
    )


def _rijen(stand: dict[str, Any]) -> list[Rij]:
    """Sanne: TL new, BL changed; Piet: TL cleared; Kees: TL new, BL new."""
    return [
        Rij(nummer=2, leerling_id=stand["sanne"].pk, waarden={"TL": "I", "BL": "ii"}),
        Rij(nummer=3, leerling_id=stand["piet"].pk, waarden={"TL": ""}),
        Rij(nummer=4, leerling_id=stand["kees"].pk, waarden={"TL": "III", "BL": "V"}),
    ]


def _plan(world: SchoolWorld, stand: dict[str, Any], **kwargs: Any) -> Plan:
    opdracht = _opdracht(world, lege_cel_wist=True, **kwargs)
    controle = controleren(_rijen(stand), opdracht)
    assert not controle.fouten
    return plannen(controle, opdracht)


def _writer(cls: type[OrmWriter], world: SchoolWorld) -> OrmWriter:
    return cls.from_opdracht(_opdracht(world))


def _snapshot(world: SchoolWorld) -> dict[str, Any]:
    """What a write left behind, without ids and timestamps (the two writers run in turn,
    so theirs differ)."""
    resultaten = sorted(
        Resultaat.objects.filter(toetsmoment=world.go["toetsmoment"]).values_list(
            "leerling_id", "domein__code", "waarde", "rang", "bron"
        )
    )
    history = sorted(
        Resultaat.history.model._default_manager.filter(school_id=world.school.pk).values_list(
            "history_type",
            "leerling_id",
            "domein_id",
            "waarde",
            "rang",
            "bron",
            "history_user_id",
            "history_change_reason",
        ),
        key=repr,
    )
    return {"resultaten": resultaten, "history": history}


# --- validate and plan ---------------------------------------------------------------------


def test_validation_collects_every_error_and_keeps_the_valid_rows(
    world: SchoolWorld, stand: dict[str, Any], in_school: Any
) -> None:
    rijen = [
        *_rijen(stand),
        Rij(nummer=5, leerling="424242", waarden={"TL": "I"}),
        Rij(nummer=6, leerling_id=stand["kees"].pk, waarden={"TL": "zes", "XX": "1"}),
    ]
    with in_school(world.school):
        controle = controleren(rijen, _opdracht(world))
    assert [(fout.rij, fout.kolom) for fout in controle.fouten] == [
        (None, "XX"),
        (4, "leerlingnummer"),  # Kees twice
        (5, "leerlingnummer"),  # unknown
        (6, "TL"),  # not on the scale
        (6, "leerlingnummer"),
    ]
    assert isinstance(controle.fouten[0], ImportFout)
    assert [g.rij.nummer for g in controle.geldig] == [2, 3]
    assert controle.overgeslagen == 3
    # Without lege_cel_wist an empty cell is not a value.
    assert controle.geldig[1].cellen == {}


def test_the_plan_sorts_cells_into_insert_update_delete_and_unchanged(
    world: SchoolWorld, stand: dict[str, Any], in_school: Any
) -> None:
    with in_school(world.school):
        plan = _plan(world, stand)
    sanne, piet, kees = stand["sanne"], stand["piet"], stand["kees"]
    tl, bl = stand["tl"], stand["bl"]
    assert sorted(plan.nieuw) == sorted(
        [
            Nieuw(sanne.pk, tl.pk, Waarde("I", Decimal("5.000"))),
            Nieuw(kees.pk, tl.pk, Waarde("III", Decimal("3.000"))),
            Nieuw(kees.pk, bl.pk, Waarde("V", Decimal("1.000"))),
        ]
    )
    assert [(r.leerling_id, r.domein_id, r.waarde, r.bron) for r in plan.gewijzigd] == [
        (sanne.pk, bl.pk, "II", "import")
    ]
    assert [(r.leerling_id, r.domein_id) for r in plan.gewist] == [(piet.pk, tl.pk)]
    assert (plan.ongewijzigd, plan.conflicten, plan.fouten) == (0, {}, [])


def test_the_plan_refuses_cells_a_colleague_changed(
    world: SchoolWorld, stand: dict[str, Any], in_school: Any
) -> None:
    sanne, bl = stand["sanne"], stand["bl"]
    verwacht = {(sanne.pk, bl.pk): "III"}  # the page showed III; IV is stored
    with in_school(world.school):
        plan = _plan(world, stand, verwacht=verwacht)
        assert plan.conflicten == {(sanne.pk, bl.pk): "IV"}
        assert (plan.nieuw, plan.gewijzigd, plan.gewist) == ([], [], [])
        [fout] = plan.fouten
        assert (fout.rij, fout.kolom, fout.leerling) == (2, "BL", sanne.volledige_naam)
        assert "opgeslagen is nu 'IV'" in fout.reden
        # With alleen_geldige only the conflicting cell is left out.
        rest = _plan(world, stand, verwacht=verwacht, alleen_geldige=True)
    assert rest.conflicten == plan.conflicten
    assert (len(rest.nieuw), rest.gewijzigd, len(rest.gewist)) == (3, [], 1)


# --- write: both writers, the same cases ---------------------------------------------------


@pytest.mark.parametrize("writer_cls", WRITERS)
def test_a_writer_applies_the_plan_with_history(
    writer_cls: type[OrmWriter], world: SchoolWorld, stand: dict[str, Any], in_school: Any
) -> None:
    sanne, piet, kees = stand["sanne"], stand["piet"], stand["kees"]
    with in_school(world.school):
        reden = _opdracht(world).reden
        before = Resultaat.history.model._default_manager.filter(school_id=world.school.pk)
        history_before = set(before.values_list("history_id", flat=True))
        geschreven = schrijven(_plan(world, stand), _writer(writer_cls, world))
        assert geschreven == Geschreven(aangemaakt=3, bijgewerkt=1, verwijderd=1)
        assert _snapshot(world)["resultaten"] == [
            (sanne.pk, "BL", "II", Decimal("4.000"), "import"),
            (sanne.pk, "TL", "I", Decimal("5.000"), "import"),
            (kees.pk, "BL", "V", Decimal("1.000"), "import"),
            (kees.pk, "TL", "III", Decimal("3.000"), "import"),
        ]
        nieuw = (
            Resultaat.history.model._default_manager.filter(school_id=world.school.pk)
            .exclude(history_id__in=history_before)
            .filter(history_change_reason=reden)
        )
        assert sorted(nieuw.values_list("history_type", "leerling_id", "waarde")) == sorted(
            [
                ("+", kees.pk, "III"),
                ("+", kees.pk, "V"),
                ("+", sanne.pk, "I"),
                ("-", piet.pk, "II"),
                ("~", sanne.pk, "II"),
            ]
        )
        assert set(nieuw.values_list("history_user_id", flat=True)) == {world.users["mentor"].pk}


def test_both_writers_leave_identical_rows_history_and_counts(
    world: SchoolWorld, stand: dict[str, Any], in_school: Any
) -> None:
    outcomes = []
    with in_school(world.school):
        for writer_cls in WRITERS:
            savepoint = transaction.savepoint()
            geschreven = schrijven(_plan(world, stand), _writer(writer_cls, world))
            outcomes.append((geschreven, _snapshot(world)))
            transaction.savepoint_rollback(savepoint)
    orm, postgres = outcomes
    assert orm == postgres
    assert orm[0] == Geschreven(3, 1, 1)


@pytest.mark.parametrize("writer_cls", WRITERS)
def test_a_writer_with_an_empty_plan_writes_nothing(
    writer_cls: type[OrmWriter],
    world: SchoolWorld,
    in_school: Any,
    django_assert_num_queries: Any,
) -> None:
    with in_school(world.school), django_assert_num_queries(0):
        assert schrijven(Plan(), _writer(writer_cls, world)) == Geschreven(0, 0, 0)


#: Statements per write of a batch: PostgreSQL inserts the results and their history in one
#: statement and updates in one per 1,000; the ORM needs two for an insert.
QUERIES = {
    OrmWriter: {"create": 2, "update": 2},
    PostgresWriter: {"create": 1, "update": 2},
}


@pytest.mark.parametrize("writer_cls", WRITERS)
def test_a_writer_takes_a_constant_number_of_statements(
    writer_cls: type[OrmWriter],
    world: SchoolWorld,
    in_school: Any,
    django_assert_num_queries: Any,
) -> None:
    leerlingen: list[Any] = [
        f.PlaatsingFactory(
            groep=world.groep, leerling=f.LeerlingFactory(school=world.school)
        ).leerling
        for _ in range(30)
    ]
    bl = world.go["domein"].pk
    with in_school(world.school):
        writer = _writer(writer_cls, world)
        nieuw = [Nieuw(ll.pk, bl, Waarde("II", Decimal(4))) for ll in leerlingen]
        with django_assert_num_queries(QUERIES[writer_cls]["create"]):
            assert writer.create(nieuw) == 30
        stored = list(Resultaat.objects.filter(leerling__in=leerlingen, domein_id=bl))
        for r in stored:
            r.waarde, r.rang = "I", Decimal(5)
        with django_assert_num_queries(QUERIES[writer_cls]["update"]):
            assert writer.update(stored) == 30
        assert set(
            Resultaat.objects.filter(leerling__in=leerlingen).values_list("waarde", flat=True)
        ) == {"I"}


def test_the_writer_is_chosen_by_the_database(
    world: SchoolWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    opdracht = _opdracht(world)
    assert type(writer_for(opdracht)) is (
        PostgresWriter if connection.vendor == "postgresql" else OrmWriter
    )
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert type(writer_for(opdracht)) is OrmWriter


# --- the grid ------------------------------------------------------------------------------


def test_the_grid_sends_changed_cells_only_and_maps_errors_back(world: SchoolWorld) -> None:
    bl = world.go["domein"]
    a, b = world.leerling.pk, 999
    post = QueryDict(mutable=True)
    post.update({f"w-{a}-{bl.pk}": " III ", f"o-{a}-{bl.pk}": "IV"})  # changed
    post.update({f"w-{b}-{bl.pk}": "II", f"o-{b}-{bl.pk}": "II"})  # unchanged
    invoer = grid_invoer(post, [b, a], [bl])
    assert invoer.rijen == [Rij(nummer=2, leerling_id=a, waarden={"BL": "III"})]
    assert invoer.verwacht == {(a, bl.pk): "IV"}
    result = ImportResultaat(
        fouten=[ImportFout(2, "BL", "fout"), ImportFout(None, "XX", "kop")],
        conflicten={(a, bl.pk): "I"},
    )
    assert invoer.cel_fouten(result) == {(a, bl.pk): "fout"}
    assert [anker for _fout, anker in invoer.fout_rijen(result)] == [f"#id_w-{a}-{bl.pk}", ""]
    assert met_opgeslagen_waarden(post, result)[f"o-{a}-{bl.pk}"] == "I"
