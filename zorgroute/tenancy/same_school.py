"""Same-school references, held by PostgreSQL.

Row-level security checks a row's own `school_id`, never where its foreign keys point:
referential-integrity checks bypass RLS, so a plain foreign key happily accepts a row of
school A that points at a row of school B. For every foreign key (or one-to-one) from one
tenant table to another this module adds a second, composite key

    UNIQUE (school_id, id)                               on the target table, and
    FOREIGN KEY (school_id, <column>) REFERENCES <target> (school_id, id)

so the database refuses the cross-school pointer whatever code (or SQL) writes it. The set is
derived from the models after every real migrate (`apply_row_level_security` calls
`ensure_same_school_keys`), so a new foreign key is covered without anyone remembering to,
and a removed one loses its composite key.

The composite keys are DEFERRABLE INITIALLY DEFERRED like Django's own foreign keys, MATCH
SIMPLE (a NULL column is not checked) and have no ON DELETE action: Django cascades and sets
NULL in Python, before the deferred check runs at commit.

Foreign keys without a database constraint (`db_constraint=False`, e.g. the history tables
of django-simple-history) are skipped: there is nothing to strengthen, and a history row
must survive its target.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import ForeignKey

from .tables import tenant_models

#: The name endings that mark the constraints this module owns; only those are ever dropped.
FK_SUFFIX = "_same_school"
UNIQUE_SUFFIX = "_school_id_uniq"
#: PostgreSQL's identifier limit (NAMEDATALEN - 1).
MAX_NAME = 63


def constraint_name(stem: str, suffix: str) -> str:
    """`<stem><suffix>`, or a shortened stem plus a hash of the full name when that would
    pass PostgreSQL's 63-character limit (which would otherwise truncate it silently)."""
    name = stem + suffix
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{stem[: MAX_NAME - len(suffix) - len(digest) - 1]}_{digest}{suffix}"


@dataclass(frozen=True)
class Reference:
    """One foreign key column of a tenant table that points at another tenant table."""

    model: type[Any]
    field_name: str
    table: str
    column: str
    target_table: str
    target_column: str

    @property
    def name(self) -> str:
        return constraint_name(f"{self.table}_{self.column}", FK_SUFFIX)

    @property
    def unique_name(self) -> str:
        return target_unique_name(self.target_table, self.target_column)

    def __str__(self) -> str:
        return f"{self.table}.{self.column} -> {self.target_table}.{self.target_column}"


def target_unique_name(table: str, column: str) -> str:
    stem = table if column == "id" else f"{table}_{column}"
    return constraint_name(stem, UNIQUE_SUFFIX)


def references() -> list[Reference]:
    """Every enforced foreign key between two tenant tables, from the models."""
    tenant = set(tenant_models())
    found = []
    for model in tenant:
        meta = model._meta
        for field in meta.local_concrete_fields:
            # A OneToOneField is a ForeignKey too.
            if not isinstance(field, ForeignKey) or not getattr(field, "db_constraint", True):
                continue
            target = field.related_model
            if not isinstance(target, type) or target not in tenant:
                continue
            for side in (model, target):
                if side._meta.get_field("school").model is not side:
                    # Multi-table inheritance keeps school_id in the parent's table, where a
                    # composite key cannot reach it (no model does this today).
                    raise RuntimeError(f"{side.__name__}: school_id is not in its own table")
            # field.target_field is the referenced column: the primary key, or a to_field
            # (none today); the composite key covers both as (school_id, that column).
            found.append(
                Reference(
                    model=model,
                    field_name=field.name,
                    table=meta.db_table,
                    column=field.column,
                    target_table=target._meta.db_table,
                    target_column=field.target_field.column,
                )
            )
    return sorted(found, key=lambda r: (r.table, r.column))


# Our constraints as they stand, with their columns and (for a foreign key) the target, so a
# key whose model changed shape is replaced rather than trusted by name; and (kind 'c') which
# of the columns involved exist, since a migrate backwards leaves models without tables.
_EXISTING_SQL = """
SELECT c.conname, c.contype, t.relname,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             ORDER BY k.i)::text[],
       coalesce(ft.relname, ''),
       ARRAY(SELECT a.attname FROM unnest(coalesce(c.confkey, '{}')) WITH ORDINALITY
             AS k(attnum, i)
             JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
             ORDER BY k.i)::text[],
       c.condeferrable AND c.condeferred
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
LEFT JOIN pg_class ft ON ft.oid = c.confrelid
WHERE n.nspname = current_schema()
  AND ((c.contype = 'f' AND c.conname LIKE %s) OR (c.contype = 'u' AND c.conname LIKE %s))
UNION ALL
SELECT '', 'c', t.relname, ARRAY[a.attname]::text[], '', '{}'::text[], false
FROM pg_attribute a
JOIN pg_class t ON t.oid = a.attrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() AND t.relkind IN ('r', 'p')
  AND a.attnum > 0 AND NOT a.attisdropped AND a.attname = ANY(%s)
"""


def _fk_shape(ref: Reference) -> tuple[Any, ...]:
    """A foreign key as `_EXISTING_SQL` reads it back."""
    return (
        ref.table,
        ["school_id", ref.column],
        ref.target_table,
        ["school_id", ref.target_column],
        True,
    )


def _like_suffix(suffix: str) -> str:
    return "%" + suffix.replace("_", r"\_")


@dataclass
class Result:
    created: list[str]
    dropped: list[str]


@dataclass
class _Existing:
    """Our constraints as the catalog has them, and which of the columns involved exist."""

    foreign_keys: dict[str, tuple[Any, ...]]
    uniques: dict[str, tuple[Any, ...]]
    columns: set[tuple[str, str]]


def _read_existing(cursor: Any, names: list[str]) -> _Existing:
    cursor.execute(_EXISTING_SQL, [_like_suffix(FK_SUFFIX), _like_suffix(UNIQUE_SUFFIX), names])
    existing = _Existing(foreign_keys={}, uniques={}, columns=set())
    for name, kind, table, columns, target, target_columns, deferred in cursor.fetchall():
        if kind == "f":
            existing.foreign_keys[name] = (
                table,
                list(columns),
                target,
                list(target_columns),
                deferred,
            )
        elif kind == "u":
            existing.uniques[name] = (table, list(columns))
        else:
            existing.columns.add((table, columns[0]))
    return existing


def _buildable(modelled: list[Reference], present: set[tuple[str, str]]) -> dict[str, Reference]:
    """The references whose tables and columns all exist, by constraint name."""
    return {
        r.name: r
        for r in modelled
        if {
            (r.table, "school_id"),
            (r.table, r.column),
            (r.target_table, "school_id"),
            (r.target_table, r.target_column),
        }
        <= present
    }


def _key_changes(
    q: Any, existing: _Existing, wanted: dict[str, Reference], result: Result
) -> list[str]:
    """The DDL that makes the database's keys match `wanted`, in an order that works:
    stale foreign keys out, missing unique keys and foreign keys in, unneeded unique keys
    out (after the foreign keys that needed them)."""
    wanted_unique = {r.unique_name: (r.target_table, r.target_column) for r in wanted.values()}
    ddl: list[str] = []
    for name, shape in existing.foreign_keys.items():
        ref = wanted.get(name)
        if ref is None or shape != _fk_shape(ref):
            ddl.append(f"ALTER TABLE {q(shape[0])} DROP CONSTRAINT {q(name)}")
            result.dropped.append(name)
    for name, (table, column) in sorted(wanted_unique.items()):
        if existing.uniques.get(name) == (table, ["school_id", column]):
            continue
        if name in existing.uniques:
            ddl.append(f"ALTER TABLE {q(existing.uniques[name][0])} DROP CONSTRAINT {q(name)}")
            result.dropped.append(name)
        ddl.append(
            f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} "
            f"UNIQUE ({q('school_id')}, {q(column)})"
        )
        result.created.append(name)
    for name, ref in sorted(wanted.items()):
        if existing.foreign_keys.get(name) != _fk_shape(ref):
            ddl.append(
                f"ALTER TABLE {q(ref.table)} ADD CONSTRAINT {q(name)} "
                f"FOREIGN KEY ({q('school_id')}, {q(ref.column)}) "
                f"REFERENCES {q(ref.target_table)} ({q('school_id')}, {q(ref.target_column)}) "
                "MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED"
            )
            result.created.append(name)
    for name, (table, _columns) in existing.uniques.items():
        if name not in wanted_unique:
            ddl.append(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
            result.dropped.append(name)
    return ddl


def ensure_same_school_keys(connection: BaseDatabaseWrapper) -> Result:
    """Make the composite keys in the database match `references()`: one catalog query,
    then only the DDL for what is missing, changed or no longer backed by a model. A
    reference whose table or column does not exist (yet, or any more: a migrate backwards)
    is left out until it does."""
    result = Result(created=[], dropped=[])
    if connection.vendor != "postgresql":
        return result
    modelled = references()
    names = sorted(
        {"school_id"} | {r.column for r in modelled} | {r.target_column for r in modelled}
    )
    with connection.cursor() as cursor:
        existing = _read_existing(cursor, names)
        wanted = _buildable(modelled, existing.columns)
        for statement in _key_changes(connection.ops.quote_name, existing, wanted, result):
            cursor.execute(statement)
    return result
