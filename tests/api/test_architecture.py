"""Every operation of the OpenAPI schema, walked from the schema itself: it declares a scope,
refuses a missing key (401), a client without the scope (403) and a client of another
school (404, that school unchanged), and every API URL is in the schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve

from tests.tenancy_helpers import school_checksum
from tests.urlwalk import api_routes
from tests.world import SchoolWorld
from zorgroute.models import ApiScope, LeerlingExternId
from zorgroute.tenancy.middleware import required_scope

from .conftest import Api

pytestmark = pytest.mark.django_db


def _operations(client: Client) -> list[tuple[str, str]]:
    schema = json.loads(client.get("/api/v1/schema/?format=json").content)
    return [
        (path, method.upper())
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _fill(path: str, slug: str, sourced_id: str) -> str:
    return path.replace("{school}", slug).replace("{sourced_id}", sourced_id)


def _call(api: Api, method: str, url: str, **headers: str) -> Any:
    extra = {"HTTP_AUTHORIZATION": f"Bearer {api.token}"} if api.token else {}
    extra |= {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return api.client.generic(method, url, "{}", content_type="application/json", **extra)


def test_every_api_url_is_in_the_schema_with_a_scope(client: Client) -> None:
    documented = {resolve(_fill(p, "s", "x")).url_name for p, _m in _operations(client)}
    routes = {r.name for r in api_routes()}
    assert routes and routes == documented
    for path, _method in _operations(client):
        assert required_scope(resolve(_fill(path, "s", "x")).func) in ApiScope.values, path


def test_every_operation_guards_key_scope_and_school(
    client: Client, world: SchoolWorld, school_b: SchoolWorld, make_client: Any, in_school: Any
) -> None:
    with in_school(school_b.school):
        LeerlingExternId.objects.create(
            school=school_b.school, leerling=school_b.leerling, bron="magister", extern_id="b-1"
        )
    _obj, token = make_client(world)
    alles = Api(client, token, world.school.slug)
    anonymous = Api(client, "", world.school.slug)
    before = school_checksum(school_b.school)
    operations = _operations(client)
    assert len(operations) >= 10
    for path, method in operations:
        scope = required_scope(resolve(_fill(path, "s", "x")).func)
        others = [s for s in ApiScope.values if s != scope]
        _o, other_token = make_client(world, scopes=others, naam=f"zonder {scope}")
        zonder_scope = Api(client, other_token, world.school.slug)
        own = _fill(path, world.school.slug, "b-1")
        foreign = _fill(path, school_b.school.slug, "b-1")

        assert _call(anonymous, method, own).status_code == 401, (method, path)
        assert _call(zonder_scope, method, own).status_code == 403, (method, path)
        assert _call(alles, method, foreign).status_code == 404, (method, path)
        if "{sourced_id}" in path:
            # A's school with B's external id: not found in A.
            response = _call(alles, method, own, **{"If-Match": '"x"'})
            assert response.status_code == 404, (method, path)
    assert school_checksum(school_b.school) == before
