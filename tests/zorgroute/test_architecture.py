"""Architecture rules that make a forgotten tenant check fail a test, not a school."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django_scopes.manager import DisabledQuerySet

from zorgroute.models import ApiScope
from zorgroute.permissions import ALL_PERMISSIONS
from zorgroute.tenancy.middleware import required_permission, required_scope
from zorgroute.tenancy.public import PUBLIC_URL_NAMES
from zorgroute.tenancy.tables import tenant_tables
from zorgroute.tenancy.url_objects import URL_KWARG_MODELS

from ..project import project_app_labels
from ..urlwalk import all_routes

#: The installed apps whose code is in this repository, from the app registry.
PROJECT_APPS = project_app_labels()

#: Models that are deliberately not owned by one school.
# The outbox is drained for all schools at once; the school travels in the task arguments.
GLOBAL_MODELS = {
    "zorgroute.Organisatie",
    "zorgroute.School",
    "zorgroute.Gebruiker",
    "zorgroute.Wachtrijbericht",
}


def test_every_url_is_tenant_guarded_or_explicitly_public() -> None:
    offenders = []
    for route in all_routes():
        if route.name in PUBLIC_URL_NAMES and not route.is_tenant:
            continue
        if route.is_api:
            if required_scope(route.callback) not in ApiScope.values:
                offenders.append(f"{route.route} ({route.name}): API view without a scope")
            continue
        if not route.is_tenant:
            offenders.append(f"{route.route} ({route.name}): neither public nor under <school>/")
            continue
        perm = required_permission(route.callback)
        if perm not in ALL_PERMISSIONS:
            offenders.append(f"{route.route} ({route.name}): required_permission={perm!r}")
    assert offenders == []


def test_every_url_has_a_unique_name() -> None:
    names = [r.name for r in all_routes()]
    assert None not in names
    assert len(names) == len(set(names))


def test_every_object_kwarg_in_a_tenant_url_is_registered() -> None:
    unknown = {
        (route.name, kwarg)
        for route in all_routes()
        if route.name not in PUBLIC_URL_NAMES  # e.g. the password link's uidb64 and token
        for kwarg in route.kwargs
        if kwarg != "school" and kwarg not in URL_KWARG_MODELS
    }
    assert unknown == set()


def test_project_apps_come_from_the_registry() -> None:
    assert {"zorgroute", "planning", "opbrengsten", "api"} <= PROJECT_APPS
    assert not PROJECT_APPS & {"auth", "contenttypes", "guardian", "simple_history"}


def test_public_list_names_only_existing_urls() -> None:
    names = {r.name for r in all_routes()}
    assert names >= PUBLIC_URL_NAMES


def _project_models() -> list[type]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and not m.__name__.startswith("Historical")
    ]


def test_every_project_model_is_school_owned_and_fail_closed() -> None:
    offenders = []
    for model in _project_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        if label in GLOBAL_MODELS:
            continue
        fields = {f.attname for f in model._meta.concrete_fields}
        if "school_id" not in fields:
            offenders.append(f"{label}: no direct school foreign key")
            continue
        # Outside a scope the default manager must refuse, not return every school's rows.
        if not isinstance(model._default_manager.get_queryset(), DisabledQuerySet):
            offenders.append(f"{label}: default manager is not a fail-closed ScopedManager")
    assert offenders == []


def test_many_to_many_tables_are_school_owned() -> None:
    for model in _project_models():
        if model._meta.label in GLOBAL_MODELS:
            continue
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            assert not through._meta.auto_created, f"{model.__name__}.{field.name}"
            assert "school_id" in {f.attname for f in through._meta.concrete_fields}


@pytest.mark.django_db
@pytest.mark.postgres_only
def test_every_tenant_table_has_forced_rls_and_a_policy() -> None:
    if connection.vendor != "postgresql":
        pytest.fail("the test suite must run on PostgreSQL")
    tables = tenant_tables()
    assert "zorgroute_leerling" in tables
    assert "zorgroute_historicalleerling" in tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) "
            "FROM pg_class c WHERE c.relname = ANY(%s)",
            [tables],
        )
        rows = {name: (rls, force, policies) for name, rls, force, policies in cursor.fetchall()}
    assert set(rows) == set(tables)
    assert {t for t, (rls, force, n) in rows.items() if not (rls and force and n >= 1)} == set()
