"""Fixtures for the school sign-in tests: the real OpenID provider (tests/oidc) and a school
whose beheerder configured it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from tests.oidc.provider import (
    OidcTestProvider,
    TestAccount,
    oidc_provider,  # noqa: F401  (a session fixture: the real provider)
    sign_in_at_provider,
)
from tests.world import SchoolWorld
from zorgroute import models as m
from zorgroute.sso import services

CALLBACK = "http://testserver/inloggen/school/callback/"


@dataclass
class ConfiguredSchool:
    world: SchoolWorld
    provider: OidcTestProvider
    inlog: m.SchoolInlog


def configure(
    world: SchoolWorld, provider: OidcTestProvider, *, redirect_uri: str = CALLBACK, **values: Any
) -> m.SchoolInlog:
    """The school's beheerder points the school's provider (switched off in the world) at
    `provider`, with a client registered there for `redirect_uri`, and switches it on."""
    client_id, secret = provider.register_client(redirect_uri)
    defaults: dict[str, Any] = {
        "soort": m.ProviderSoort.OVERIG,
        "issuer": provider.issuer,
        "client_id": client_id,
        "client_secret": secret,
        "koppelwijze": m.Koppelwijze.EMAIL,
        "vertrouwt_mfa": False,
        "actief": True,
    }
    with _tenant(world):
        return services.schoolinlog_update(
            inlog=world.sso["inlog"],
            version=None,
            user=world.users["beheerder"],
            values={**defaults, **values},
        )


def _tenant(world: SchoolWorld):  # type: ignore[no-untyped-def]
    from zorgroute.tenancy.db import tenant_context

    return tenant_context(world.school.pk)


@pytest.fixture
def configured(
    world: SchoolWorld,
    oidc_provider: OidcTestProvider,  # noqa: F811
) -> ConfiguredSchool:
    return ConfiguredSchool(world, oidc_provider, configure(world, oidc_provider))


def provider_redirect(client: Client, world: SchoolWorld, next_url: str = "") -> str:
    url = reverse("schoolinlog-start", kwargs={"school_slug": world.school.slug})
    response = client.get(url, {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response["Location"])


def callback_path(callback_url: str) -> str:
    parts = urlsplit(callback_url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return f"{parts.path}?{parts.query}"


def sign_in(client: Client, world: SchoolWorld, account: TestAccount, next_url: str = ""):  # type: ignore[no-untyped-def]
    """The whole round trip: the portal sends the browser to the provider, the person signs
    in there, the provider sends the browser back to the portal's callback."""
    back = sign_in_at_provider(
        requests.Session(), provider_redirect(client, world, next_url), account
    )
    return client.get(callback_path(back))
