"""The portal logs in as a role that owns nothing and cannot become one that does.

Row-level security only holds if the connecting role cannot switch it off: an owner can
`ALTER TABLE … NO FORCE ROW LEVEL SECURITY`, and a role that may `SET ROLE` to the owner can
too. So the runtime role (DATABASE_URL) owns no table, is no member of the owner, and gets
only the privileges the portal needs; migrations run as the owner (MIGRATE_DATABASE_URL).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.sql import emit_post_migrate_signal
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from zorgroute.tenancy.rls import GLOBAL_TABLE_GRANTS, table_grants
from zorgroute.tenancy.tables import tenant_tables

pytestmark = pytest.mark.postgres_only
APP_ROLE = settings.ZORGROUTE_DB_APP_ROLE
OWNER = settings.ZORGROUTE_MIGRATE_DB_ALIAS
PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def _one(sql: str, params: list[object] | None = None, using: str = "default") -> object:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def test_the_portal_connects_as_the_application_role(db: None) -> None:
    assert _one("SELECT session_user") == APP_ROLE
    assert _one("SELECT current_user") == APP_ROLE
    attributes = _one(
        "SELECT (rolsuper, rolbypassrls, rolcreatedb, rolcreaterole)::text FROM pg_roles "
        "WHERE rolname = current_user"
    )
    assert attributes == "(f,f,f,f)"


@pytest.mark.django_db(databases=["default", OWNER])
def test_the_application_role_owns_nothing_and_is_no_member_of_the_owner() -> None:
    owner = _one("SELECT current_user", using=OWNER)
    assert owner != APP_ROLE
    assert _one("SELECT count(*) FROM pg_class WHERE relowner = %s::regrole", [APP_ROLE]) == 0
    assert _one("SELECT pg_has_role(%s, %s, 'MEMBER')", [APP_ROLE, owner]) is False
    # The owner owns every table (so RLS is FORCEd on it, not merely enabled).
    assert (
        _one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> %s",
            [owner],
        )
        == 0
    )


@pytest.mark.parametrize(
    "statement",
    [
        "SET ROLE {owner}",
        "SET SESSION AUTHORIZATION {owner}",
        "ALTER TABLE zorgroute_leerling NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE zorgroute_leerling DISABLE ROW LEVEL SECURITY",
        "DROP POLICY tenant_isolation ON zorgroute_leerling",
        "CREATE TABLE ingebroken (id int)",
        "TRUNCATE zorgroute_leerling",
        "ALTER TABLE zorgroute_leerling OWNER TO CURRENT_USER",
        "SET row_security = off; SELECT count(*) FROM zorgroute_leerling",
    ],
)
@pytest.mark.django_db(databases=["default", OWNER])
def test_sql_run_by_the_portal_cannot_switch_off_row_level_security(statement: str) -> None:
    owner = _one("SELECT current_user", using=OWNER)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(owner=owner))


def _granted(table: str) -> set[str]:
    return {
        privilege
        for privilege in PRIVILEGES
        if _one("SELECT has_table_privilege(%s, %s, %s)", [APP_ROLE, table, privilege])
    }


def test_every_table_grants_the_application_role_exactly_what_it_needs(db: None) -> None:
    tenant = set(tenant_tables())
    tables = connection.introspection.table_names()
    wrong = {
        table: (sorted(_granted(table)), sorted(table_grants(table, tenant)))
        for table in tables
        if _granted(table) != set(table_grants(table, tenant))
    }
    assert wrong == {}
    # Global tables cannot be deleted from wholesale, and none is truncatable.
    assert "DELETE" not in _granted("zorgroute_gebruiker")
    assert "DELETE" not in _granted("zorgroute_school")
    assert "UPDATE" not in _granted("zorgroute_accessevent")


def test_every_global_table_has_a_decided_grant(db: None) -> None:
    """A new global table (no school_id, so no row-level security) must be listed in
    GLOBAL_TABLE_GRANTS: someone has to decide what the portal may do with it."""
    tenant = set(tenant_tables())
    undecided = sorted(
        table
        for table in connection.introspection.table_names()
        if table not in tenant and table not in GLOBAL_TABLE_GRANTS
    )
    assert undecided == []


def test_migrate_runs_as_the_owner_by_default(db: None) -> None:
    from zorgroute.management.commands.migrate import Command

    parser = Command().create_parser("manage.py", "migrate")
    assert parser.parse_args([]).database == OWNER
    assert parser.parse_args(["--database", "default"]).database == "default"


@pytest.mark.parametrize(
    ("statement", "refusal"),
    [
        ("ALTER TABLE zorgroute_leerling ADD COLUMN ingebroken int", "must be owner"),
        ("CREATE TABLE ingebroken (id int)", "permission denied"),
    ],
)
def test_the_application_role_cannot_change_the_schema(
    db: None, statement: str, refusal: str
) -> None:
    """What a migration does (through Django's schema editor) is refused to the portal."""
    with (
        pytest.raises(DatabaseError, match=refusal),
        transaction.atomic(),
        connection.schema_editor(atomic=False) as editor,
    ):
        editor.execute(statement)


def test_the_deployment_files_keep_the_owner_credentials_to_the_migrate_job() -> None:
    """docker-compose.yml: web, worker and beat log in as the application role; only the
    migrate job gets MIGRATE_DATABASE_URL. The image's default command does not migrate."""
    import yaml

    root = Path(__file__).resolve().parents[2]
    services = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    for name in ("web", "worker", "beat"):
        environment = services[name].get("environment") or {}
        assert "MIGRATE_DATABASE_URL" not in environment, name
    app_env = yaml.safe_load((root / "docker-compose.yml").read_text())["x-app"]["environment"]
    assert app_env["DATABASE_URL"].startswith(f"postgres://{APP_ROLE}:")
    assert "MIGRATE_DATABASE_URL" not in app_env
    migrate = services["migrate"]
    assert migrate["command"][-2:] == ["migrate", "--noinput"]
    assert migrate["environment"]["MIGRATE_DATABASE_URL"].startswith("postgres://zorgroute:")
    cmd = next(
        line for line in (root / "Dockerfile").read_text().splitlines() if line.startswith("CMD")
    )
    assert "migrate" not in cmd
    roles_sql = (root / "docker" / "initdb" / "01-roles.sql").read_text()
    assert f"GRANT {APP_ROLE} TO" not in roles_sql
    assert f"ALTER ROLE {APP_ROLE} LOGIN" in roles_sql


def _ddl(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("GRANT", "REVOKE", "ALTER TABLE", "CREATE POLICY", "DROP POLICY"))
    ]


@pytest.mark.django_db(databases=["default", OWNER])
def test_grants_and_policies_run_once_per_migrate_and_never_after_a_flush() -> None:
    """post_migrate is sent once per app (14 here), after every migrate and every flush. The
    DDL runs only for this app's signal and only when a migration plan came with it."""
    owner = connections[OWNER]
    with CaptureQueriesContext(owner) as flush:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=OWNER)  # as flush sends it
    assert _ddl(flush) == []
    with CaptureQueriesContext(owner) as migrate:
        emit_post_migrate_signal(verbosity=0, interactive=False, db=OWNER, plan=[])
    policies = [s for s in _ddl(migrate) if s.startswith("CREATE POLICY tenant_isolation")]
    assert len(policies) == len(tenant_tables())
