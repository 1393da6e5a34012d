"""Shared fixtures: one committed two-school world per test process.

Building the world (tests/world.py: school A "alfa" with every persona, school B "beta",
and an outsider who has every role in B) takes ~1,000 queries. It is built once, right
after the test database is created, and committed. Every test still runs in its own
rolled-back transaction (pytest-django) and gets a fresh deep copy of the in-memory
`SchoolWorld`, so a test may change rows and instances freely.

The test database is created and migrated by the owner role (alias "migrate",
MIGRATE_DATABASE_URL); the tests, like the portal, then run as the application role.

Transactional tests (a live server, worker processes, threads) commit what they write.
Django would flush every table afterwards and re-run post_migrate; the application role may
not TRUNCATE, and the world would be gone. Instead the owner empties the tables and the
world is built again (`_reset_committed_data`).
"""

from __future__ import annotations

import copy
import os
import time
import warnings
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.test import Client, TransactionTestCase
from psycopg import sql

from tests.auth_helpers import log_in_verified
from zorgroute.tenancy.db import tenant_context

from .tenancy_helpers import committed_connection
from .webhook_receiver import receiver  # noqa: F401  (a fixture: a real HTTP receiver)
from .world import SchoolWorld, add_outsider, build_school

#: Tables a reset keeps: written by migrate, never by a test.
KEEP_TABLES = {"django_migrations", "django_content_type", "auth_permission"}

_committed: dict[str, SchoolWorld] = {}


def _build_committed_world() -> None:
    with transaction.atomic():
        school_a = build_school("alfa")
        school_b = build_school("beta")
        add_outsider(school_a, school_b)
    _committed.update(a=school_a, b=school_b)


def _owner_alias() -> str:
    return settings.ZORGROUTE_MIGRATE_DB_ALIAS


def _close_all_connections() -> None:
    for conn in connections.all(initialized_only=True):
        conn.close()
        close_pool = getattr(conn, "close_pool", None)
        if callable(close_pool):
            close_pool()


def _reset_database() -> None:
    """Empty every table as the owner (RLS does not apply to TRUNCATE), then commit the world."""
    _close_all_connections()
    with committed_connection("migrate") as owner:
        tables = [
            name
            for (name,) in owner.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
            if name not in KEEP_TABLES
        ]
        names = sql.SQL(", ").join(map(sql.Identifier, tables))
        owner.execute(sql.SQL("TRUNCATE {}").format(names))
    _build_committed_world()


def _reset_committed_data(self: TransactionTestCase) -> None:
    """Replaces TransactionTestCase's flush (see the module docstring)."""
    _reset_database()


TransactionTestCase._fixture_teardown = _reset_committed_data  # type: ignore[method-assign]


def _commits(item: pytest.Item) -> bool:
    """A test on committed data (live server, real workers, threads, a browser): the slow
    lane, each one also followed by a reset of the world."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in fixtures
        or "live_server" in fixtures
        or bool(marker and marker.kwargs.get("transaction"))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Start the slow lane first, spread over the xdist workers.

    With `--dist worksteal` (scripts/test.sh) each worker starts on an equal, contiguous
    share of the list and idle workers take work from busy ones. Putting an equal part of
    the slow tests at the head of each share runs them side by side from the start instead
    of as a serial tail; the fast tests fill in around them."""
    workers = max(1, int(getattr(config.option, "numprocesses", 0) or 0))
    if workers == 1:
        workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2:
        return
    slow = [item for item in items if _commits(item)]
    fast = [item for item in items if not _commits(item)]
    share = -(-len(items) // workers)  # ceiling: the size of each worker's share
    ordered: list[pytest.Item] = []
    for worker in range(workers):
        head = slow[worker::workers]
        fill = share - len(head)
        ordered += head + fast[:fill]
        fast = fast[fill:]
    ordered += fast
    items[:] = ordered


@pytest.fixture(scope="session")
def django_db_setup(
    django_test_environment: None,
    django_db_blocker,  # type: ignore[no-untyped-def]
    django_db_keepdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """Create and migrate the test database as the owner, then point the application-role
    connection at it and commit the world."""
    owner_alias = _owner_alias()
    if owner_alias not in settings.DATABASES:
        pytest.exit(
            "The tests need PostgreSQL with two roles: run them through scripts/test.sh, or set "
            "DATABASE_URL (application role) and MIGRATE_DATABASE_URL (owner).",
            returncode=2,
        )
    with django_db_blocker.unblock():
        owner = connections[owner_alias]
        old_name = owner.settings_dict["NAME"]
        test_name = owner.creation.create_test_db(
            verbosity=0, autoclobber=True, keepdb=django_db_keepdb, serialize=False
        )
        _close_all_connections()
        settings.DATABASES["default"]["NAME"] = test_name
        connections["default"].settings_dict["NAME"] = test_name
        _reset_database()  # also right for a kept database (--reuse-db)
    yield
    with django_db_blocker.unblock():
        _close_all_connections()
        if not django_db_keepdb:
            _end_application_sessions()
        settings.DATABASES["default"]["NAME"] = old_name
        if not django_db_keepdb:
            _destroy_test_database(owner, old_name)


def _end_application_sessions() -> None:
    """Threads and worker processes of the tests on committed data may still hold a
    connection. A role may end its own sessions (the owner may not end the application
    role's), so each role ends its own, and the owner can drop the database."""
    for alias in ("default", "migrate"):
        with committed_connection(alias) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND usename = current_user "
                "AND pid <> pg_backend_pid()"
            )


def _destroy_test_database(owner, old_name: str) -> None:  # type: ignore[no-untyped-def]
    """Drop the test database; like pytest-django, one that cannot be dropped is a warning.
    (PostgreSQL itself waits up to 5 s for other sessions before it refuses a DROP.)"""
    for _attempt in range(3):
        try:
            owner.creation.destroy_test_db(old_name, verbosity=0)
            return
        except OperationalError as exc:
            if "being accessed by other users" not in str(exc):
                raise
            time.sleep(0.5)
    with committed_connection("migrate") as owner_conn:
        holders = owner_conn.execute(
            "SELECT usename, backend_type, state FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    warnings.warn(f"Test database left behind, still in use by {holders}", stacklevel=1)


@pytest.fixture
def _world_copy(db: None) -> tuple[SchoolWorld, SchoolWorld]:
    """A fresh copy of the committed world for one test (one deepcopy keeps shared objects
    shared between the two schools)."""
    return copy.deepcopy((_committed["a"], _committed["b"]))


@pytest.fixture
def school_a(_world_copy: tuple[SchoolWorld, SchoolWorld]) -> SchoolWorld:
    return _world_copy[0]


@pytest.fixture
def school_b(_world_copy: tuple[SchoolWorld, SchoolWorld]) -> SchoolWorld:
    return _world_copy[1]


@pytest.fixture
def world(school_a: SchoolWorld, school_b: SchoolWorld) -> SchoolWorld:
    """School A with every persona, plus an outsider who has every role in school B."""
    return school_a


@pytest.fixture
def login(client: Client, world: SchoolWorld):  # type: ignore[no-untyped-def]
    """login("mentor") → a test client logged in as that persona of school A."""

    def _login(persona: str) -> Client:
        log_in_verified(client, world.users[persona])
        return client

    return _login


@pytest.fixture
def in_school():  # type: ignore[no-untyped-def]
    """`with in_school(school): …` to read or write one school's rows in a test."""

    def _in_school(school):  # type: ignore[no-untyped-def]
        return tenant_context(school.pk)

    return _in_school
