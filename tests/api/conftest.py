from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.world import SchoolWorld
from zorgroute.integrations.services import apiclient_create
from zorgroute.models import ApiClient, ApiScope
from zorgroute.tenancy.db import tenant_context

ALL_SCOPES = list(ApiScope.values)


@pytest.fixture
def make_client() -> Callable[..., tuple[ApiClient, str]]:
    """make_client(world, scopes=[…]) → (ApiClient, token), created by the beheerder."""

    def _make(world: SchoolWorld, scopes: list[str] | None = None, **extra: Any):  # type: ignore[no-untyped-def]
        with tenant_context(world.school.pk):
            return apiclient_create(
                school=world.school,
                naam=extra.pop("naam", "Magister"),
                bron=extra.pop("bron", "magister"),
                scopes=ALL_SCOPES if scopes is None else scopes,
                aangemaakt_door=world.users["beheerder"],
                **extra,
            )

    return _make


class Api:
    """A test client speaking to /api/v1/<school>/ with a bearer token."""

    def __init__(self, client: Client, token: str, school_slug: str) -> None:
        self.client, self.token, self.slug = client, token, school_slug

    def url(self, path: str, slug: str | None = None) -> str:
        return f"/api/v1/{slug or self.slug}/{path}"

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} | {
            f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()
        }

    def get(self, path: str, slug: str | None = None, **headers: str) -> Any:
        return self.client.get(self.url(path, slug), **self._headers(headers))

    def post(self, path: str, data: Any, slug: str | None = None, **headers: str) -> Any:
        return self.client.post(
            self.url(path, slug), data, content_type="application/json", **self._headers(headers)
        )

    def put(self, path: str, data: Any, slug: str | None = None, **headers: str) -> Any:
        return self.client.put(
            self.url(path, slug), data, content_type="application/json", **self._headers(headers)
        )


@pytest.fixture
def api(client: Client, world: SchoolWorld, make_client) -> Api:  # type: ignore[no-untyped-def]
    """School A's client with every scope."""
    _obj, token = make_client(world)
    return Api(client, token, world.school.slug)
