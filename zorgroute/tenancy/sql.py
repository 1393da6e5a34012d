"""The only ways out of the ORM and out of the django-scopes scope, each named for what it is.

Outside `zorgroute/tenancy/` the linter bans raw cursors, `scopes_disabled` and the names of
the tenant settings (ruff TID251 in pyproject.toml, and tests/zorgroute/test_guard_rails.py),
so every bypass in the project goes through one of these functions:

- `tenant_cursor()` / `execute_in_tenant()`: raw SQL, only inside a tenant transaction, so
  row-level security confines every statement to the current school;
- `planner_settings()`: transaction-local PostgreSQL planner settings (never a tenant
  setting or the role);
- `cross_tenant_reads()`: a query across schools that row-level security itself limits;
- `purge_access_events()`: the retention job's removal of access-log entries past their
  term, on the owner connection;
- `delete_schools()` and `refresh_planner_statistics()`: maintenance for the demo reset
  and the benchmarks, on the owner connection (`owner_alias()`), never for a request or a
  task.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Q
from django_scopes import scopes_disabled

from .db import DbState, current_db_state
from .tables import tenant_tables

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


def owner_alias() -> str:
    """The connection for maintenance the portal itself may not do: on PostgreSQL the
    owner role (MIGRATE_DATABASE_URL), on the demo's SQLite the one database."""
    if connection.vendor != "postgresql":
        return DEFAULT_DB_ALIAS
    alias = settings.ZORGROUTE_MIGRATE_DB_ALIAS
    if alias not in settings.DATABASES:
        raise ImproperlyConfigured(
            "This maintenance step runs as the database owner: set MIGRATE_DATABASE_URL."
        )
    return alias


def delete_schools(
    school_ids: Sequence[int], *, organisatie_ids: Sequence[int] = (), accounts: Q | None = None
) -> Counter[str]:
    """Delete whole schools: every row of every tenant table, the school rows, then the
    given boards and the accounts matching `accounts`. Returns the count per table.

    Maintenance only (the demo reset, the benchmarks' clean-up), in one transaction on the
    owner connection: the application role may not delete from the append-only access
    log, nor delete a school or an account. Each school's rows are deleted with that school
    as the tenant, so FORCE ROW LEVEL SECURITY still confines every statement to it. Plain
    DELETEs per table: the ORM cascade would write a simple-history row per object. Foreign
    keys are deferred, so the order of the tables does not matter."""
    if current_db_state() != DbState():
        raise RuntimeError("delete_schools() must not run inside a tenant transaction")
    using = owner_alias()
    owner = connections[using]
    deleted: Counter[str] = Counter()
    quote = owner.ops.quote_name
    postgres = owner.vendor == "postgresql"
    with transaction.atomic(using=using), owner.cursor() as cursor:
        for school_id in school_ids:
            if postgres:
                cursor.execute(
                    "SELECT set_config('zorgroute.school_id', %s, true)", [str(school_id)]
                )
            for table in tenant_tables():
                cursor.execute(f"DELETE FROM {quote(table)} WHERE school_id = %s", [school_id])  # noqa: S608
                if cursor.rowcount:
                    deleted[table] += cursor.rowcount
        if postgres:
            cursor.execute("SELECT set_config('zorgroute.school_id', '', true)")
        from ..models import Gebruiker, Organisatie, School

        deleted["zorgroute_school"] += (
            School.objects.using(using).filter(pk__in=school_ids).delete()[0]
        )
        if accounts is not None:
            _count, per_model = Gebruiker.objects.using(using).filter(accounts).delete()
            deleted["zorgroute_gebruiker"] += per_model.get("zorgroute.Gebruiker", 0)
        if organisatie_ids:
            boards = Organisatie.objects.using(using).filter(
                pk__in=organisatie_ids, scholen__isnull=True
            )
            deleted["zorgroute_organisatie"] += boards.delete()[0]
    return deleted


def refresh_planner_statistics() -> None:
    """`VACUUM (ANALYZE)` of the whole database, as autovacuum would do after a bulk load:
    for the benchmarks, which measure freshly generated data. Runs as the owner (only an
    owner may vacuum a table), outside a transaction (PostgreSQL refuses VACUUM inside one)."""
    if connection.vendor != "postgresql":
        return
    owner = connections[owner_alias()]
    if owner.in_atomic_block:
        raise RuntimeError("VACUUM cannot run inside a transaction")
    with owner.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def purge_access_events(school_id: int, *, before: dt.datetime) -> int:
    """Remove one school's access-log entries older than `before` (the retention job, once
    the log's term has passed); returns how many. The application role may not delete from
    the access log (no grant, no policy): this runs on the owner connection, in its own
    transaction, with the school as the tenant so row-level security still confines it."""
    if current_db_state().school_id is not None:
        raise RuntimeError("purge_access_events() runs outside a tenant transaction")
    using = owner_alias()
    owner = connections[using]
    with transaction.atomic(using=using), owner.cursor() as cursor:
        if owner.vendor == "postgresql":
            cursor.execute("SELECT set_config('zorgroute.school_id', %s, true)", [str(school_id)])
        cursor.execute(
            "DELETE FROM zorgroute_accessevent WHERE school_id = %s AND created_at < %s",
            [school_id, before],
        )
        return cursor.rowcount
