"""The only ways out of the ORM and out of the django-scopes scope, each named for what it is.

Outside `zorgroute/tenancy/` the linter bans raw cursors, `scopes_disabled` and the names of
the tenant settings (ruff TID251 in pyproject.toml, and tests/zorgroute/test_guard_rails.py),
so every bypass in the project goes through one of these functions:

- `tenant_cursor()` / `execute_in_tenant()`: raw SQL, only inside a tenant transaction, so
  row-level security confines every statement to the current school;
- `planner_settings()`: transaction-local PostgreSQL planner settings (never a tenant
  setting or the role);
- `cross_tenant_reads()`: a query across schools that row-level security itself limits;
- `delete_school_rows()` and `refresh_planner_statistics()`: maintenance for the demo
  reset and the benchmarks, never for a request or a task.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django_scopes import scopes_disabled

from .db import DbState, current_db_state
from .rls import tenant_tables

#: Planner settings a query may change for its own transaction (see `planner_settings`).
PLANNER_SETTINGS = frozenset(
    {"enable_nestloop", "enable_hashjoin", "enable_mergejoin", "enable_seqscan", "jit"}
)


@contextmanager
def tenant_cursor() -> Iterator[CursorWrapper]:
    """A database cursor for SQL the ORM cannot express (bulk UPDATE … FROM VALUES, COPY).

    Refuses unless a school is the tenant of the current transaction (a request's, or
    `tenant_context`'s), so row-level security confines every statement to that school,
    and the statement commits or rolls back with the rest of the transaction."""
    if current_db_state().school_id is None or not connection.in_atomic_block:
        raise RuntimeError("Raw SQL runs only inside a tenant transaction (tenant_context)")
    with connection.cursor() as cursor:
        yield cursor


def execute_in_tenant(sql: str, params: Sequence[Any] = ()) -> int:
    """Run one statement with `tenant_cursor()`; returns the number of rows it touched."""
    with tenant_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@contextmanager
def planner_settings(**settings: str) -> Iterator[None]:
    """Change PostgreSQL planner settings for the statements inside the block, e.g.
    `planner_settings(enable_nestloop="off", jit="off")`, and restore them afterwards.

    Transaction-local (`set_config(…, true)`): nothing outlives the transaction on a pooled
    connection. Only the names in PLANNER_SETTINGS are accepted, so this can never set the
    tenant or the role. A no-op on other databases."""
    unknown = set(settings) - PLANNER_SETTINGS
    if unknown:
        raise ValueError(f"Not a planner setting: {sorted(unknown)}")
    if connection.vendor != "postgresql" or not settings:
        yield
        return
    names = list(settings)
    reads = ", ".join("current_setting(%s)" for _ in names)
    writes = ", ".join("set_config(%s, %s, true)" for _ in names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {reads}, {writes}",
            [*names, *(v for name in names for v in (name, settings[name]))],
        )
        row = cursor.fetchone()
    previous = list(row[: len(names)]) if row else ["on"] * len(names)
    try:
        yield
    finally:
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {writes}",
                    [v for name, old in zip(names, previous, strict=True) for v in (name, old)],
                )


@contextmanager
def cross_tenant_reads() -> Iterator[None]:
    """Lift the django-scopes scope for a read that spans schools by design: the user's own
    memberships in every school (the school picker, the board's dashboard), or the API key
    a client presents.

    Safe because the scope is only the first of two fences: row-level security still
    applies to every statement, and its policies let exactly these rows through (a user's
    own memberships: `own_memberships`; the presented key: `presented_key`). Do not write
    inside the block, and do not use it for rows whose policy is the tenant alone: those
    come back empty outside a tenant, and the scope would have said so louder."""
    with scopes_disabled():
        yield


def delete_school_rows(school_id: int) -> Counter[str]:
    """Delete every row of one school from every tenant table; returns the count per table.

    Maintenance only (the demo reset, the benchmarks' clean-up): runs as the connecting
    (owner) role, because the append-only access log refuses DELETE to the application
    role, with the school as the tenant, so FORCE ROW LEVEL SECURITY still confines every
    statement to it. Plain DELETEs per table: the ORM cascade would write a simple-history
    row per object. Foreign keys are deferred, so the order of the tables does not matter.
    The caller deletes the school row itself afterwards."""
    if current_db_state() != DbState():
        raise RuntimeError("delete_school_rows() must not run inside a tenant transaction")
    deleted: Counter[str] = Counter()
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT set_config('role', 'none', true), "
                "set_config('zorgroute.school_id', %s, true)",
                [str(school_id)],
            )
        for table in tenant_tables():
            cursor.execute(f"DELETE FROM {quote(table)} WHERE school_id = %s", [school_id])  # noqa: S608
            if cursor.rowcount:
                deleted[table] += cursor.rowcount
        if postgres:
            cursor.execute("SELECT set_config('zorgroute.school_id', '', true)")
    return deleted


def refresh_planner_statistics() -> None:
    """`VACUUM (ANALYZE)` of the whole database, as autovacuum would do after a bulk load:
    for the benchmarks, which measure freshly generated data. Must run outside a
    transaction (PostgreSQL refuses VACUUM inside one)."""
    if connection.in_atomic_block:
        raise RuntimeError("VACUUM cannot run inside a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
