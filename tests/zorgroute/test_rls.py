"""PostgreSQL row-level security: the backstop below the ORM scopes."""

from __future__ import annotations

import http.cookiejar
import urllib.request
from typing import Any

import pytest
from django.conf import settings
from django.db import ProgrammingError, connection, transaction
from django.test import Client
from psycopg_pool import ConnectionPool

from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute.tenancy.db import app_role_transaction, set_db_tenant, tenant_context
from zorgroute.tenancy.tables import tenant_tables

from .. import factories as f
from ..tenancy_helpers import conninfo
from ..world import SchoolWorld, build_school

pytestmark = pytest.mark.postgres_only
APP_ROLE = settings.ZORGROUTE_DB_APP_ROLE


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return int(cursor.fetchone()[0])


def test_suite_runs_on_postgresql() -> None:
    assert connection.vendor == "postgresql"


def test_app_role_owns_nothing_and_cannot_bypass_rls(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = %s",
            [APP_ROLE],
        )
        assert cursor.fetchone() == (False, False, True)
        cursor.execute("SELECT count(*) FROM pg_tables WHERE tableowner = %s", [APP_ROLE])
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False), "the connecting role must not bypass RLS"


def test_without_a_tenant_every_tenant_table_is_empty(school_a: SchoolWorld) -> None:
    with tenant_context(school_a.school.pk):
        assert _count("zorgroute_leerling") == 2  # the data is there for the tenant
    with app_role_transaction():
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == APP_ROLE
        counts = {table: _count(table) for table in tenant_tables()}
    assert set(counts.values()) == {0}, counts
    # The owner role is forced through RLS too.
    assert _count("zorgroute_leerling") == 0


def test_inserting_a_row_for_another_school_fails(
    school_a: SchoolWorld, school_b: SchoolWorld
) -> None:
    with pytest.raises(ProgrammingError, match="row-level security"), app_role_transaction():
        set_db_tenant(school_a.school.pk, None)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO zorgroute_afdeling (school_id, naam, created_at, updated_at) "
                "VALUES (%s, 'Ingebroken', now(), now())",
                [school_b.school.pk],
            )


def test_updating_another_schools_rows_changes_nothing(
    school_a: SchoolWorld, school_b: SchoolWorld
) -> None:
    with app_role_transaction():
        set_db_tenant(school_a.school.pk, None)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE zorgroute_leerling SET voornaam = 'X' WHERE school_id = %s",
                [school_b.school.pk],
            )
            assert cursor.rowcount == 0


def test_access_log_is_append_only_for_the_app_role(school_a: SchoolWorld) -> None:
    with tenant_context(school_a.school.pk):
        m.AccessEvent.objects.create(
            school=school_a.school,
            gebruiker=school_a.users["mentor"],
            leerling=school_a.leerling,
            pagina="test",
            pad="/",
        )
    for statement in (
        "UPDATE zorgroute_accessevent SET pagina = 'vervalst'",
        "DELETE FROM zorgroute_accessevent",
    ):
        with (
            pytest.raises(ProgrammingError, match="permission denied"),
            tenant_context(school_a.school.pk),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    with tenant_context(school_a.school.pk):
        assert m.AccessEvent.objects.filter(pagina="test").count() == 1


def test_tenant_settings_do_not_outlive_the_transaction(school_a: SchoolWorld) -> None:
    with tenant_context(school_a.school.pk):
        assert _count("zorgroute_leerling") == 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, coalesce(current_setting('zorgroute.school_id', true), '')"
        )
        user, tenant = cursor.fetchone()
    assert user == APP_ROLE  # the portal logs in as the application role; no switching
    assert tenant == ""


@pytest.mark.django_db(transaction=True)
def test_pooled_connections_never_carry_a_tenant_over() -> None:
    """Alternate 200 committed transactions for two schools over a pool of two connections;
    every transaction starts clean and sees only its own school."""
    a = build_school("pool-a")
    b = build_school("pool-b")
    seen: list[tuple[int, str | None, int, int]] = []
    with ConnectionPool(conninfo("default"), min_size=2, max_size=2, open=True) as pool:
        for i in range(200):
            school = a.school if i % 2 == 0 else b.school
            with pool.connection() as conn, conn.transaction():
                cur = conn.execute(
                    "SELECT current_user, current_setting('zorgroute.school_id', true)"
                )
                user, leftover = cur.fetchone()
                assert user == APP_ROLE
                assert leftover in (None, ""), f"transaction {i} inherited tenant {leftover}"
                conn.execute("SELECT set_config('zorgroute.school_id', %s, true)", [str(school.pk)])
                mine = conn.execute("SELECT count(*) FROM zorgroute_leerling").fetchone()[0]
                others = conn.execute(
                    "SELECT count(*) FROM zorgroute_leerling WHERE school_id <> %s",
                    [school.pk],
                ).fetchone()[0]
                seen.append((i, leftover, mine, others))
    assert len(seen) == 200
    assert {(mine, others) for _, _, mine, others in seen} == {(2, 0)}


def _session_cookie(user: m.Gebruiker) -> str:
    client = Client()
    log_in_verified(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.django_db(transaction=True)
def test_alternating_requests_over_a_small_pool_stay_in_their_school(live_server: Any) -> None:
    """Many alternating requests of two schools' users through the live server, whose
    connections come from Django's pool: each page shows only its own school."""
    a = build_school("wissel-a")
    b = build_school("wissel-b")
    assert connection.settings_dict["OPTIONS"].get("pool"), "test settings use the pool"
    cookies = {
        "a": _session_cookie(a.users["zorgcoordinator"]),
        "b": _session_cookie(b.users["zorgcoordinator"]),
    }
    worlds = {"a": a, "b": b}
    for i in range(60):
        key = "a" if i % 2 == 0 else "b"
        other = "b" if key == "a" else "a"
        w = worlds[key]
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        request = urllib.request.Request(  # noqa: S310 - the live server on loopback
            f"{live_server.url}/{w.school.slug}/groepen/{w.groep.pk}/",
            headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookies[key]}"},
        )
        with opener.open(request, timeout=10) as response:
            body = response.read().decode()
        assert w.leerling.achternaam in body
        assert worlds[other].leerling.achternaam not in body
        assert worlds[other].school.naam not in body


def test_service_code_in_a_transaction_keeps_the_outer_state(school_a: SchoolWorld) -> None:
    """A nested tenant block restores the outer state instead of clearing it."""
    with transaction.atomic():
        with tenant_context(school_a.school.pk):
            with tenant_context(school_a.school.pk):
                assert _count("zorgroute_leerling") == 2
            assert _count("zorgroute_leerling") == 2
        assert _count("zorgroute_leerling") == 0


def test_factories_respect_rls(school_a: SchoolWorld) -> None:
    leerling = f.LeerlingFactory(school=school_a.school)
    with tenant_context(school_a.school.pk):
        assert m.Leerling.objects.filter(pk=leerling.pk).exists()
