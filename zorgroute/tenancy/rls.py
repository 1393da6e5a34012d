"""PostgreSQL row-level security for every school-owned table.

Applied after every `migrate` (post_migrate), idempotently, so a table added by a later
migration is covered without anyone remembering to. A tenant table is any table with a
`school_id` column (`zorgroute.tenancy.tables`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections

from .same_school import ensure_same_school_keys
from .tables import tenant_tables

#: Tenant tables the application role may only read and append to.
APPEND_ONLY_TABLES = {"zorgroute_accessevent"}

READ = ("SELECT",)
APPEND = ("SELECT", "INSERT")
WRITE = ("SELECT", "INSERT", "UPDATE")
FULL = ("SELECT", "INSERT", "UPDATE", "DELETE")

#: What the application role may do with each global (not school-owned) table: only what
#: the portal needs. A global table missing here gets SELECT only, and
#: tests/zorgroute/test_db_roles.py fails until someone decides.
GLOBAL_TABLE_GRANTS: dict[str, tuple[str, ...]] = {
    # Accounts: signing in updates last_login, beheer creates and changes accounts; accounts
    # are deactivated, never deleted by the portal.
    "zorgroute_gebruiker": WRITE,
    "zorgroute_historicalgebruiker": APPEND,
    "zorgroute_gebruiker_groups": READ,
    "zorgroute_gebruiker_user_permissions": READ,
    # Schools and boards are provisioned (demo, benchmarks, tests) and their settings edited;
    # only the owner deletes one.
    "zorgroute_organisatie": WRITE,
    "zorgroute_school": WRITE,
    # The outbox: written in the request's transaction, deleted once published.
    "zorgroute_wachtrijbericht": FULL,
    "django_session": FULL,
    # django-axes keeps and clears failed sign-ins.
    "axes_accessattempt": FULL,
    "axes_accessattemptexpiration": FULL,
    "axes_accessfailurelog": FULL,
    "axes_accesslog": FULL,
    # Two-factor login (django-otp): devices are made, confirmed, throttled and reset; a
    # used backup code is deleted.
    "otp_totp_totpdevice": FULL,
    "otp_static_staticdevice": FULL,
    "otp_static_statictoken": FULL,
    # Written by migrate (as the owner); the portal only reads them.
    "django_migrations": READ,
    "django_content_type": READ,
    "auth_permission": READ,
    "auth_group": READ,
    "auth_group_permissions": READ,
    # django-guardian's generic tables are unused (grants have direct foreign keys).
    "guardian_groupobjectpermission": READ,
    "guardian_userobjectpermission": READ,
}

TENANT_EXPR = "NULLIF(current_setting('zorgroute.school_id', true), '')::bigint"
USER_EXPR = "NULLIF(current_setting('zorgroute.user_id', true), '')::bigint"
#: The key id of the API token being checked (zorgroute.tenancy.api_auth).
API_KEY_EXPR = "NULLIF(current_setting('zorgroute.api_key_id', true), '')"


def _policies(table: str) -> list[str]:
    q = connections["default"].ops.quote_name
    t = q(table)
    statements = [
        f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS tenant_isolation ON {t}",
    ]
    if table in APPEND_ONLY_TABLES:
        return statements + _append_only_policies(t)
    statements.append(
        f"CREATE POLICY tenant_isolation ON {t} USING (school_id = {TENANT_EXPR}) "
        f"WITH CHECK (school_id = {TENANT_EXPR})"
    )
    if table == "zorgroute_lidmaatschap":
        # Before a school is chosen, a user may read (never write) their own memberships:
        # that is how the school picker and the membership check work.
        statements += [
            f"DROP POLICY IF EXISTS own_memberships ON {t}",
            f"CREATE POLICY own_memberships ON {t} FOR SELECT USING (gebruiker_id = {USER_EXPR})",
        ]
    if table == "zorgroute_apiclient":
        # Before the school is known, the API authentication may read (never write) the
        # one client whose key id the request presents.
        statements += [
            f"DROP POLICY IF EXISTS presented_key ON {t}",
            f"CREATE POLICY presented_key ON {t} FOR SELECT USING (key_id = {API_KEY_EXPR})",
        ]
    return statements


def _append_only_policies(t: str) -> list[str]:
    """The access log (issue 19): within the tenant anyone with the grant may read
    (`tenant_isolation`, as on every tenant table, here FOR SELECT only) and
    append; no policy allows an UPDATE, so no role changes a row; only the owner (the
    role running this, the `migrate` connection) may DELETE: the retention job's purge of
    entries past their term and the removal of a whole school."""
    return [
        f"DROP POLICY IF EXISTS tenant_append ON {t}",
        f"DROP POLICY IF EXISTS owner_purge ON {t}",
        f"CREATE POLICY tenant_isolation ON {t} FOR SELECT USING (school_id = {TENANT_EXPR})",
        f"CREATE POLICY tenant_append ON {t} FOR INSERT WITH CHECK (school_id = {TENANT_EXPR})",
        f"CREATE POLICY owner_purge ON {t} FOR DELETE TO CURRENT_USER "
        f"USING (school_id = {TENANT_EXPR})",
    ]


def table_grants(table: str, tenant: set[str]) -> tuple[str, ...]:
    """The privileges the application role gets on `table`."""
    if table in APPEND_ONLY_TABLES:
        return APPEND
    if table in tenant:
        return FULL
    return GLOBAL_TABLE_GRANTS.get(table, READ)


def apply_row_level_security(using: str = "default", **kwargs: Any) -> None:
    """Grants and policies, run as the owner after each real `migrate` (post_migrate).

    A flush (test teardown) sends post_migrate too, without a migration plan: nothing
    changed then, so this returns at once instead of re-issuing ~600 statements.
    """
    if "plan" not in kwargs:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    app_role = settings.ZORGROUTE_DB_APP_ROLE
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role])
        if cursor.fetchone() is None:
            raise RuntimeError(
                f"Database role {app_role!r} is missing; scripts/services.sh creates it "
                "(LOGIN NOBYPASSRLS, owning nothing)."
            )
        existing = set(connection.introspection.table_names(cursor))
        tenant = set(tenant_tables())
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {q(app_role)}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q(app_role)}")
        for table in sorted(existing):
            # REVOKE first: a grant that is no longer needed must not linger.
            cursor.execute(f"REVOKE ALL ON {q(table)} FROM {q(app_role)}")
            privileges = ", ".join(table_grants(table, tenant))
            cursor.execute(f"GRANT {privileges} ON {q(table)} TO {q(app_role)}")
        for table in sorted(tenant & existing):
            for statement in _policies(table):
                cursor.execute(statement)
    ensure_same_school_keys(connection)
