"""Beheer of API clients: create with scopes (key shown once, stored hashed), list with the
last-used date, revoke (the key stops working at once)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.world import SchoolWorld
from zorgroute.integrations.services import apiclient_create
from zorgroute.models import ApiClient
from zorgroute.models.api import hash_secret

pytestmark = pytest.mark.django_db


def _url(world: SchoolWorld, rest: str = "") -> str:
    return f"/{world.school.slug}/beheer/api-clients/{rest}"


def test_create_shows_the_key_once_and_stores_only_its_hash(
    login: Any, world: SchoolWorld, in_school: Any
) -> None:
    client: Client = login("beheerder")
    assert client.get(_url(world, "nieuw/")).status_code == 200
    response = client.post(
        _url(world, "nieuw/"),
        {
            "naam": "SOMtoday",
            "bron": "somtoday",
            "scopes": ["results:write", "care:read"],
            "max_per_minuut": "120",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    token = re.search(r'value="(zr_[0-9a-f]{16}_[^"]+)"', html).group(1)  # type: ignore[union-attr]
    with in_school(world.school):
        stored = ApiClient.objects.get(naam="SOMtoday")
        row = str(list(ApiClient.objects.filter(pk=stored.pk).values()))
    assert stored.scopes == ["care:read", "results:write"]
    assert stored.secret_hash == hash_secret(token.split("_", 2)[2])
    assert token.split("_", 2)[2] not in row
    # Listed without the secret, never shown again.
    listing = client.get(_url(world)).content.decode()
    assert "SOMtoday" in listing and token not in listing and "nog nooit" in listing
    # The key works for its scopes.
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/v1/{world.school.slug}/periodes/").status_code == 200
    assert api.get(f"/api/v1/{world.school.slug}/leerlingen/").status_code == 403


def test_create_without_scope_names_the_field(login: Any, world: SchoolWorld) -> None:
    response = login("beheerder").post(
        _url(world, "nieuw/"), {"naam": "X", "bron": "x", "max_per_minuut": "10"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Niet opgeslagen" in html and "Wat mag deze koppeling?: " in html


def test_revoke_stops_the_key_at_once(login: Any, world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        obj, token = apiclient_create(
            school=world.school,
            naam="Magister",
            bron="magister",
            scopes=["care:read"],
            aangemaakt_door=world.users["beheerder"],
        )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/v1/{world.school.slug}/periodes/").status_code == 200
    client = login("beheerder")
    assert "Magister" in client.get(_url(world)).content.decode()
    assert client.get(_url(world, f"{obj.pk}/intrekken/")).status_code == 200
    assert client.post(_url(world, f"{obj.pk}/intrekken/")).status_code == 302
    assert api.get(f"/api/v1/{world.school.slug}/periodes/").status_code == 401
    assert "ingetrokken op" in client.get(_url(world)).content.decode()
    # Revoking twice: the revoked client is no longer offered.
    assert client.post(_url(world, f"{obj.pk}/intrekken/")).status_code == 404
