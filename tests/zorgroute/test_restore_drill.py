"""The restore drill on the committed test world: scripts/backup.sh dumps the test database
as the backup role, scripts/restore_drill.sh restores it into a fresh database as the owner
and scripts/restore_check.py compares the two. A restore that lost a row, changed a field,
or came back without a policy or a grant must fail the drill."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.world import SchoolWorld
from zorgroute.models import Leerling

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres_only


def _owner(dbname: str) -> psycopg.Connection:
    params = settings.DATABASES[settings.ZORGROUTE_MIGRATE_DB_ALIAS]
    return psycopg.connect(
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        password=params["PASSWORD"],
        dbname=dbname,
        autocommit=True,
    )


def _environment() -> dict[str, str]:
    """BACKUP_DATABASE_URL from scripts/services.sh; without it, its development default on
    the test server (the backup role that services.sh creates)."""
    owner = settings.DATABASES[settings.ZORGROUTE_MIGRATE_DB_ALIAS]
    default = (
        f"postgres://zorgroute_backup:zorgroute_backup@{owner['HOST']}:{owner['PORT']}/postgres"
    )
    return {
        **os.environ,
        "BACKUP_DATABASE_URL": os.environ.get("BACKUP_DATABASE_URL", default),
        "MIGRATE_DATABASE_URL": os.environ["MIGRATE_DATABASE_URL"],
        "PYTHON": sys.executable,
    }


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=_environment(), capture_output=True, text=True, timeout=300
    )


def _databases(prefix: str) -> set[str]:
    with _owner("postgres") as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"]
        ).fetchall()
    return {name for (name,) in rows}


def _found(pattern: str, text: str) -> re.Match[str]:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in:\n{text}"
    return match


@pytest.fixture
def source(world: SchoolWorld) -> Iterator[str]:
    """The test database with the committed two-school world in it; any restored copy the
    test leaves behind is dropped afterwards."""
    name = settings.DATABASES["default"]["NAME"]
    yield name
    with _owner("postgres") as conn:
        for restored in _databases(f"{name}_herstel_"):
            conn.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def test_the_drill_restores_the_test_world_and_finds_everything_equal(
    source: str, world: SchoolWorld
) -> None:
    result = _run("scripts/restore_drill.sh", "--database", source)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert "RESULTAAT: OK" in report
    tables, rows = map(int, _found(r"(\d+) tabellen, (\d+) rijen", report).groups())
    # Every table of every app, and the world's rows of both schools.
    assert tables > 100
    assert rows > 500
    policies = int(_found(r"policies: (\d+)", report)[1])
    assert policies > 100
    # The fresh database is gone again.
    assert not _databases(f"{source}_herstel_")


def _tamper(restored: str, world: SchoolWorld) -> None:
    """What a broken restore looks like: a changed field, a lost policy, a lost grant and an
    extra row. (As the owner: row-level security is forced, so the tenant is set first.)"""
    with _owner(restored) as conn:
        conn.execute("SELECT set_config('zorgroute.school_id', %s, false)", [str(world.school.pk)])
        changed = conn.execute(
            "UPDATE zorgroute_leerling SET voornaam = 'Gewijzigd' WHERE id = %s",
            [world.leerling.pk],
        )
        assert changed.rowcount == 1
        conn.execute("DROP POLICY tenant_isolation ON zorgroute_leerlinggrant")
        conn.execute("REVOKE DELETE ON zorgroute_plaatsing FROM zorgroute_app")
        conn.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())")


def test_the_check_fails_on_a_changed_field_a_lost_policy_a_lost_grant_and_an_extra_row(
    source: str, world: SchoolWorld
) -> None:
    assert Leerling._meta.db_table == "zorgroute_leerling"
    drill = _run("scripts/restore_drill.sh", "--database", source, "--keep", "--sample", "50")
    assert drill.returncode == 0, drill.stdout + drill.stderr
    restored = _found(r"Herstelde database: (\S+)", drill.stdout)[1]
    _tamper(restored, world)

    env = _environment()
    base = env["BACKUP_DATABASE_URL"].rsplit("/", 1)[0]
    check = _run(
        sys.executable, "scripts/restore_check.py", "--sample", "50",
        f"{base}/{source}", f"{base}/{restored}",
    )  # fmt: skip
    assert check.returncode == 1, check.stdout + check.stderr
    report = check.stdout
    assert "RESULTAAT: FOUT" in report
    assert "zorgroute_leerling: 1 van de steekproefrijen wijken af" in report
    assert (
        "policies: ontbreekt in de herstelde database: zorgroute_leerlinggrant | tenant_isolation"
        in report
    )
    assert (
        "rechten: ontbreekt in de herstelde database: zorgroute_plaatsing | zorgroute_app | DELETE"
        in report
    )
    assert "django_migrations: " in report and " rijen in de bron, " in report
