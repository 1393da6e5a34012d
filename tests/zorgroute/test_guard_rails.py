"""Lint bans the ways around the tenancy layers outside zorgroute/tenancy/.

Ruff (TID251 banned-api in pyproject.toml) flags `scopes_disabled` and
`django.db.connection.cursor()` while you type. This test holds the same bans in the test
run, plus what ruff cannot express: a cursor from `connections[...]` or any other connection
object, and the names of the tenant settings written as a string (a `set_config` by hand).
The one place for all of these is zorgroute/tenancy/ (sql.py names each bypass); migrations
are generated and tests may use them to set up and inspect data, so both are exempt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.db import connection

from zorgroute import models as m
from zorgroute.tenancy.db import app_role_transaction, tenant_context
from zorgroute.tenancy.sql import delete_schools, execute_in_tenant, planner_settings

from ..project import ROOT, project_source_files
from ..world import SchoolWorld

EXEMPT = ROOT / "zorgroute" / "tenancy"

#: The PostgreSQL settings row-level security reads (zorgroute/tenancy/rls.py).
TENANT_SETTINGS = ("zorgroute.school_id", "zorgroute.user_id", "zorgroute.api_key_id")


def _violations(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.alias) and node.name.split(".")[-1] == "scopes_disabled":
            found.append((node.lineno, "imports scopes_disabled: use tenancy.sql"))
        elif (isinstance(node, ast.Name) and node.id == "scopes_disabled") or (
            isinstance(node, ast.Attribute) and node.attr == "scopes_disabled"
        ):
            found.append((node.lineno, "uses scopes_disabled: use tenancy.sql"))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "cursor"
        ):
            found.append((node.lineno, "opens a raw cursor: use tenancy.sql.tenant_cursor"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            for name in TENANT_SETTINGS:
                if name in node.value:
                    found.append((node.lineno, f"names the tenant setting {name!r}"))
    return found


def _offenders() -> list[str]:
    offenders = []
    for path in project_source_files():
        if path.is_relative_to(EXEMPT):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, message in sorted(set(_violations(tree))):
            offenders.append(f"{path.relative_to(ROOT)}:{line}: {message}")
    return offenders


def test_no_tenancy_bypass_outside_the_tenancy_package() -> None:
    offenders = _offenders()
    assert not offenders, "\n".join(["Bypasses outside zorgroute/tenancy/:", *offenders])


def test_the_banned_setting_names_are_the_ones_rls_reads() -> None:
    rls = (EXEMPT / "rls.py").read_text(encoding="utf-8")
    assert all(f"current_setting('{name}'" in rls for name in TENANT_SETTINGS)


def test_the_check_sees_every_kind_of_bypass() -> None:
    source = "\n".join(
        [
            "from django_scopes import scopes_disabled",
            "import django_scopes",
            "django_scopes.scopes_disabled()",
            "with connections['default'].cursor() as c: pass",
            "with connection.cursor() as c: pass",
            "SQL = \"SELECT set_config('zorgroute.school_id', %s, true)\"",
            "f'{x}zorgroute.user_id'",
        ]
    )
    assert sorted({line for line, _ in _violations(ast.parse(source))}) == [1, 3, 4, 5, 6, 7]


def test_the_project_files_include_every_app() -> None:
    files = {p.relative_to(ROOT).parts[0] for p in project_source_files()}
    assert {"zorgroute", "planning", "opbrengsten", "api"} <= files
    assert not any("migrations" in p.parts for p in project_source_files())
    assert Path(EXEMPT / "sql.py") in set(project_source_files())


# --- The named bypasses themselves ---------------------------------------------------------


@pytest.mark.django_db
def test_raw_sql_is_refused_outside_a_tenant_transaction(
    school_a: SchoolWorld, school_b: SchoolWorld
) -> None:
    sql = f"UPDATE {m.Leerling._meta.db_table} SET voornaam = voornaam WHERE school_id = %s"
    with pytest.raises(RuntimeError, match="tenant transaction"):
        execute_in_tenant(sql, [school_a.school.pk])
    with app_role_transaction(), pytest.raises(RuntimeError, match="tenant transaction"):
        execute_in_tenant(sql, [school_a.school.pk])
    with tenant_context(school_a.school.pk):
        assert execute_in_tenant(sql, [school_a.school.pk]) == m.Leerling.objects.count() > 0
        # Row-level security confines raw SQL to the tenant like any other statement.
        assert execute_in_tenant(sql, [school_b.school.pk]) == 0


@pytest.mark.django_db
def test_planner_settings_are_restored_and_cannot_touch_the_tenant(
    school_a: SchoolWorld,
) -> None:
    with (
        pytest.raises(ValueError, match="planner setting"),
        planner_settings(**{"zorgroute.school_id": "1"}),
    ):
        pass
    with tenant_context(school_a.school.pk):
        with planner_settings(enable_nestloop="off"):
            assert _setting("enable_nestloop") == "off"
        assert _setting("enable_nestloop") == "on"


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_deleting_a_school_refuses_to_run_inside_a_tenant(school_a: SchoolWorld) -> None:
    with tenant_context(school_a.school.pk), pytest.raises(RuntimeError):
        delete_schools([school_a.school.pk])
    with tenant_context(school_a.school.pk):
        assert m.Leerling.objects.exists()
