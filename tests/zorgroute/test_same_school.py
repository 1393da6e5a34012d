"""PostgreSQL refuses a row that points at another school's row (zorgroute.tenancy.same_school),
and two overlapping plaatsingen of one leerling (migration 0007).

Every reference between tenant tables is enumerated from the models, so a new foreign key is
tested (and counted) without being listed here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import DateField, DateTimeField, UUIDField
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.same_school import (
    FK_SUFFIX,
    UNIQUE_SUFFIX,
    Reference,
    Result,
    ensure_same_school_keys,
    references,
)

from ..world import SchoolWorld

pytestmark = pytest.mark.postgres_only

REFERENCES = references()


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _fetch(sql: str, params: list[object] | None = None) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        row: tuple[Any, ...] | None = cursor.fetchone()
    return row


def _pk(ref: Reference) -> str:
    return _q(ref.model._meta.pk.column)


def _own_row(ref: Reference) -> tuple[int, int | None] | None:
    """A row of the current school in the referencing table (id, current value), preferably
    one that uses the column, so a check constraint on its shape still holds after the
    update."""
    col = _q(ref.column)
    row = _fetch(
        f"SELECT {_pk(ref)}, {col} FROM {_q(ref.table)} ORDER BY {col} IS NULL, {_pk(ref)} LIMIT 1"
    )
    return None if row is None else (row[0], row[1])


def _target(ref: Reference, *, avoid: int | None = None) -> tuple[int, bool] | None:
    """A target row of the current school (id, referenced?), preferably not `avoid` and not
    referenced yet: a unique or exclusion constraint on the column fires before a foreign
    key, so a used target is freed first (`_free`)."""
    t, col = _q(ref.target_table), _q(ref.target_column)
    used = f"EXISTS (SELECT 1 FROM {_q(ref.table)} r WHERE r.{_q(ref.column)} = t.{col})"
    row = _fetch(
        f"SELECT t.{col}, {used} FROM {t} t ORDER BY t.{col} = %s, {used}, t.{col} LIMIT 1",
        [avoid],
    )
    return None if row is None else (row[0], row[1])


def _free(ref: Reference, target: int, *, keep: int | None = None) -> None:
    """Delete the current school's other rows that point at `target`, so no unique or
    exclusion constraint on the column can fire first. Their own deferred checks stay
    deferred (only the tested key is made immediate) and vanish with the savepoint."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_q(ref.table)} WHERE {_q(ref.column)} = %s AND {_pk(ref)} <> %s",
            [target, -1 if keep is None else keep],
        )


@contextmanager
def _undone(school_id: int) -> Iterator[None]:
    """Work as the school, then roll it all back: also what a statement that should have
    been refused did, and any checks _free() left pending."""
    with tenant_context(school_id):
        yield
        transaction.set_rollback(True)


def _check_now(ref: Reference) -> None:
    # The keys are deferred to commit, and a test transaction never commits. Only the tested
    # key: _free() may have left other keys' checks pending.
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {_q(ref.name)} IMMEDIATE")


#: Other columns a row must change for its check constraints to allow the tested column.
SHAPE: dict[str, dict[str, Any]] = {
    # Only a cycle-B overview (of a lesgroep) has a lesgroep; the world has cycle A only.
    "groepsoverzicht_groepsoverzicht.lesgroep_id": {"cyclus": "B"},
}


def _point(ref: Reference, row: int, target: int) -> None:
    values = {ref.column: target, **SHAPE.get(f"{ref.table}.{ref.column}", {})}
    assignments = ", ".join(f"{_q(column)} = %s" for column in values)
    _check_now(ref)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_q(ref.table)} SET {assignments} WHERE {_pk(ref)} = %s",
            [*values.values(), row],
        )
        assert cursor.rowcount == 1


#: A value for a required column with no default, for the tables the world leaves empty.
_FILLERS: dict[str, Any] = {
    "CharField": "",
    "TextField": "",
    "BooleanField": False,
    "PositiveIntegerField": 0,
    "PositiveSmallIntegerField": 0,
    "IntegerField": 0,
    "JSONField": {},
}


def _value(ref: Reference, field: Any, target: int, world: SchoolWorld) -> Any:
    """A valid value for one column of the inserted row: `target` in the column under test,
    the world's school, an existing row for other references, else a filler."""
    shape = SHAPE.get(f"{ref.table}.{ref.column}", {})
    if field.column in shape:
        return shape[field.column]
    if field.column == ref.column:
        return target
    if field.attname == "school_id":
        return world.school.pk
    if field.null:
        return None
    if field.is_relation:
        return _related_value(field, world)
    if field.has_default():
        return field.get_default()
    return _filler(field)


def _related_value(field: Any, world: SchoolWorld) -> Any:
    if field.related_model is m.Gebruiker:
        return world.users["zorgcoordinator"].pk
    table = _q(field.related_model._meta.db_table)
    found = _fetch(f"SELECT {_q(field.target_field.column)} FROM {table} LIMIT 1")
    assert found is not None, f"no {table} row in school {world.school.slug}"
    return found[0]


def _filler(field: Any) -> Any:
    if isinstance(field, DateTimeField):
        return timezone.now()
    if isinstance(field, DateField):
        return timezone.localdate()
    if isinstance(field, UUIDField):
        return uuid.uuid4()
    return _FILLERS[field.get_internal_type()]


def _insert(ref: Reference, target: int, world: SchoolWorld) -> None:
    """Insert a row of `world`'s school into the referencing table, pointing at `target`."""
    columns, values = [], []
    for field in ref.model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(_q(field.column))
        values.append(field.get_db_prep_save(_value(ref, field, target, world), connection))
    _check_now(ref)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_q(ref.table)} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(values))})",
            values,
        )


def test_the_models_have_references_to_check() -> None:
    # A floor, so the enumeration cannot silently come back empty.
    assert len(REFERENCES) >= 100
    assert "zorgroute_plaatsing.leerling_id -> zorgroute_leerling.id" in map(str, REFERENCES)
    assert set(SHAPE) <= {f"{r.table}.{r.column}" for r in REFERENCES}


@pytest.mark.parametrize("ref", REFERENCES, ids=str)
def test_a_row_cannot_point_at_another_schools_row(
    ref: Reference, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    """An UPDATE of a row of school A (or, where the world has none, an INSERT) that points
    the column at school B's row is refused by the composite key; the same statement with a
    row of school A is accepted."""
    a, b = world.school.pk, school_b.school.pk
    # Row-level security hides school B's rows from A: look B's target up as B.
    with tenant_context(b):
        foreign = _target(ref)
    assert foreign is not None, f"the test world has no {ref.target_table} row in school B"
    with tenant_context(a):
        row = _own_row(ref)
        own = _target(ref, avoid=row[1] if row else None)
    assert own is not None, f"the test world has no {ref.target_table} row in school A"
    refused = f'violates foreign key constraint "{ref.name}"'

    if row is not None:
        with pytest.raises(IntegrityError, match=refused), _undone(b):
            if foreign[1]:
                _free(ref, foreign[0])
            with tenant_context(a):
                _point(ref, row[0], foreign[0])
        with _undone(a):
            if own[1]:
                _free(ref, own[0], keep=row[0])
            _point(ref, row[0], own[0])
    else:
        with pytest.raises(IntegrityError, match=refused), _undone(a):
            _insert(ref, foreign[0], world)
        with _undone(a):
            _insert(ref, own[0], world)


def test_every_reference_has_its_composite_key_and_no_other_is_left(db: None) -> None:
    """As many same-school keys in the database as references in the models, by name, so a
    new foreign key cannot be forgotten and a removed one leaves nothing behind."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, contype, condeferrable AND condeferred FROM pg_constraint "
            "WHERE (contype = 'f' AND conname LIKE %s) OR (contype = 'u' AND conname LIKE %s)",
            ["%" + FK_SUFFIX.replace("_", r"\_"), "%" + UNIQUE_SUFFIX.replace("_", r"\_")],
        )
        rows = cursor.fetchall()
    foreign_keys = [name for name, kind, _deferred in rows if kind == "f"]
    assert len(foreign_keys) == len(REFERENCES)
    assert set(foreign_keys) == {r.name for r in REFERENCES}
    assert {name for name, kind, _d in rows if kind == "u"} == {r.unique_name for r in REFERENCES}
    assert all(deferred for _name, kind, deferred in rows if kind == "f")


@pytest.mark.django_db(databases=["default", "migrate"])
def test_the_keys_follow_the_models_and_a_rerun_is_one_query() -> None:
    """On the owner connection, as after a migrate (the application role may not alter a
    table), rolled back with the test."""
    owner = connections["migrate"]
    # As after a migrate that removed a foreign key and added another: a key of ours that no
    # model backs any more, and a reference whose key is missing.
    missing = REFERENCES[0]
    with owner.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE zorgroute_plaatsing ADD CONSTRAINT zorgroute_plaatsing_weg_same_school "
            "FOREIGN KEY (school_id, groep_id) REFERENCES zorgroute_groep (school_id, id)"
        )
        cursor.execute(f"ALTER TABLE {_q(missing.table)} DROP CONSTRAINT {_q(missing.name)}")
    result = ensure_same_school_keys(owner)
    assert result.dropped == ["zorgroute_plaatsing_weg_same_school"]
    assert result.created == [missing.name]
    with CaptureQueriesContext(owner) as queries:
        assert ensure_same_school_keys(owner) == Result(created=[], dropped=[])
    assert len(queries) == 1


# --- overlapping plaatsingen -------------------------------------------------------------


def _insert_plaatsing(
    world: SchoolWorld, groep: m.Groep, start: dt.date, end: dt.date | None = None
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO zorgroute_plaatsing "
            "(school_id, leerling_id, groep_id, startdatum, einddatum, versie, created_at, "
            "updated_at) VALUES (%s, %s, %s, %s, %s, 1, now(), now())",
            [world.school.pk, world.leerling.pk, groep.pk, start, end],
        )


def _end_plaatsing(world: SchoolWorld, end: dt.date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE zorgroute_plaatsing SET einddatum = %s WHERE id = %s",
            [end, world.plaatsing.pk],
        )


OVERLAP = 'violates exclusion constraint "plaatsing_geen_overlap"'


def test_an_overlapping_plaatsing_is_refused_by_the_database(world: SchoolWorld) -> None:
    # world.leerling sits in 1A from the schooljaar's start, open-ended.
    start = world.plaatsing.startdatum
    with pytest.raises(IntegrityError, match=OVERLAP), tenant_context(world.school.pk):
        _insert_plaatsing(world, world.andere_groep, start + dt.timedelta(days=100))
    # Both ends count as days of the plaatsing, as in Plaatsing.clean().
    end = start + dt.timedelta(days=30)
    with pytest.raises(IntegrityError, match=OVERLAP), tenant_context(world.school.pk):
        _end_plaatsing(world, end)
        _insert_plaatsing(world, world.andere_groep, end, end + dt.timedelta(days=5))
    # A closed range that starts before and reaches into the open-ended one.
    with pytest.raises(IntegrityError, match=OVERLAP), tenant_context(world.school.pk):
        _insert_plaatsing(world, world.andere_groep, start - dt.timedelta(days=10), start)


def test_a_plaatsing_after_the_previous_one_ended_is_accepted(world: SchoolWorld) -> None:
    end = world.plaatsing.startdatum + dt.timedelta(days=30)
    with tenant_context(world.school.pk):
        _end_plaatsing(world, end)
        _insert_plaatsing(world, world.andere_groep, end + dt.timedelta(days=1))
        assert m.Plaatsing.objects.filter(leerling=world.leerling).count() == 2


def test_an_overlap_that_clean_missed_gets_the_dutch_message(
    world: SchoolWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests placing one pupil at once both pass clean(); the database refuses the
    second, and the service turns that into the form's Dutch error instead of a 500."""
    from django.core.exceptions import ValidationError

    from zorgroute.services import plaatsing_create

    monkeypatch.setattr(m.Plaatsing, "clean", lambda self: None)  # as if racing past it
    with tenant_context(world.school.pk), pytest.raises(ValidationError) as refused:
        plaatsing_create(
            leerling=world.leerling,
            groep=world.andere_groep,
            startdatum=world.plaatsing.startdatum,
            einddatum=None,
        )
    assert refused.value.message_dict == {
        "startdatum": ["Deze leerling is in deze periode al in een andere groep geplaatst."]
    }
    with tenant_context(world.school.pk):
        assert m.Plaatsing.objects.filter(leerling=world.leerling).count() == 1
