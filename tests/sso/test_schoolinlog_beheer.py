"""The beheer page of the school's identity provider: create and change the one
configuration, the secret encrypted at rest and never shown again, and invisible to every
other school."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.auth_helpers import log_in_verified
from tests.tenancy_helpers import committed_connection
from tests.world import SchoolWorld
from zorgroute import models as m
from zorgroute.crypto import PREFIX
from zorgroute.tenancy.db import tenant_context

ENTRA_TENANT = "2f4a9c1e-7b3d-4e8a-9f10-6c5d4b3a2e1f"


def _url(world: SchoolWorld) -> str:
    return reverse("beheer-schoolinlog", kwargs={"school": world.school.slug})


def _inlog(world: SchoolWorld) -> m.SchoolInlog:
    with tenant_context(world.school.pk):
        return m.SchoolInlog.objects.get()


def _form(inlog: m.SchoolInlog | None = None, **values: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "soort": m.ProviderSoort.ENTRA,
        "issuer": ENTRA_TENANT,
        "client_id": "zorgroute-portal",
        "client_secret": "",
        "koppelwijze": m.Koppelwijze.EMAIL,
        "google_domein": "",
        "mfa_acr_waarden": "",
        "actief": "on",
        "vertrouwt_mfa": "on",
    }
    if inlog is not None:
        data["version"] = inlog.versie
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def test_the_beheerder_changes_the_provider_and_the_secret_is_never_shown(
    login: Any, world: SchoolWorld
) -> None:
    client: Client = login("beheerder")
    inlog = _inlog(world)
    page = client.get(_url(world)).content.decode()
    assert "wereld-geheim" not in page
    assert "http://testserver/inloggen/school/callback/" in page  # to register at the provider
    assert f"/inloggen/school/{world.school.slug}/start/" in page  # the direct sign-in link

    response = client.post(_url(world), _form(inlog))

    assert response.status_code == 302
    saved = _inlog(world)
    # The Entra preset turned the tenant id into the issuer address.
    assert saved.issuer == f"https://login.microsoftonline.com/{ENTRA_TENANT}/v2.0"
    assert saved.client_secret == "wereld-geheim"  # left empty: the stored secret stays
    assert (saved.client_id, saved.vertrouwt_mfa, saved.actief) == ("zorgroute-portal", True, True)
    assert saved.gewijzigd_door == world.users["beheerder"]
    # Subjects of the old issuer do not carry over to another provider.
    with tenant_context(world.school.pk):
        assert not m.SchoolInlogKoppeling.objects.exists()

    client.post(_url(world), _form(saved, client_secret="nieuw-geheim"))
    assert _inlog(world).client_secret == "nieuw-geheim"
    assert "nieuw-geheim" not in client.get(_url(world)).content.decode()


def test_a_school_without_a_provider_creates_one_and_must_give_a_secret(
    login: Any, world: SchoolWorld
) -> None:
    with tenant_context(world.school.pk):
        m.SchoolInlog.objects.all().delete()
    client: Client = login("beheerder")
    form = _form(soort=m.ProviderSoort.GOOGLE, issuer="", google_domein="alfa.example.org")

    refused = client.post(_url(world), form)
    assert refused.status_code == 400
    assert "Vul het clientgeheim van de provider in." in refused.content.decode()

    assert client.post(_url(world), {**form, "client_secret": "g-geheim"}).status_code == 302
    created = _inlog(world)
    assert created.issuer == "https://accounts.google.com"  # the Google preset
    assert (created.google_domein, created.client_secret) == ("alfa.example.org", "g-geheim")


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"soort": "google", "issuer": ""}, "Vul het Google Workspace-domein van de school in."),
        ({"soort": "overig", "issuer": ""}, "Vul het issuer-adres van de provider in."),
        ({"soort": "overig", "issuer": "geen adres"}, "Vul een volledig adres in"),
        (
            {"soort": "overig", "issuer": "http://idp.example.org"},
            "Het issuer-adres moet met https:// beginnen.",
        ),
    ],
)
def test_a_wrong_configuration_names_the_problem(
    login: Any, world: SchoolWorld, settings: Any, values: dict[str, str], error: str
) -> None:
    settings.ZORGROUTE_SSO_ALLOW_HTTP = False  # as in production
    client: Client = login("beheerder")
    before = _inlog(world)

    response = client.post(_url(world), _form(before, **values))

    assert response.status_code == 400
    assert error in response.content.decode()
    assert _inlog(world).versie == before.versie


def test_another_school_cannot_see_or_change_the_provider(
    client: Client, world: SchoolWorld, school_b: SchoolWorld
) -> None:
    before = _inlog(world)
    log_in_verified(client, school_b.users["beheerder"])  # beheerder of school B

    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), _form(before, client_id="overgenomen")).status_code == 404

    after = _inlog(world)
    assert (after.client_id, after.versie) == (before.client_id, before.versie)
    # School B's own page shows school B's configuration, never A's.
    page = client.get(_url(school_b)).content.decode()
    assert f"/inloggen/school/{school_b.school.slug}/start/" in page
    assert world.school.slug not in page


def test_only_the_beheerder_opens_the_page(login: Any, world: SchoolWorld) -> None:
    for persona in ("mentor", "zorgcoordinator", "schoolleider"):
        assert login(persona).get(_url(world)).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_client_secret_is_encrypted_in_the_database(school_a: SchoolWorld) -> None:
    with tenant_context(school_a.school.pk):
        from zorgroute.sso import services

        services.schoolinlog_update(
            inlog=m.SchoolInlog.objects.get(),
            version=None,
            user=school_a.users["beheerder"],
            values={"client_secret": "zeer-geheim-clientgeheim"},
        )

    with committed_connection("migrate") as owner:  # the table owner, raw SQL
        # FORCE ROW LEVEL SECURITY holds for the owner too: look as school A.
        owner.execute(
            "SELECT set_config('zorgroute.school_id', %s, false)", [str(school_a.school.pk)]
        )
        rows = owner.execute(
            "SELECT client_secret FROM zorgroute_schoolinlog UNION ALL "
            "SELECT client_secret FROM zorgroute_historicalschoolinlog"
        ).fetchall()
    stored = [value for (value,) in rows]
    assert len(stored) >= 3  # the row, its creation and its change in the history
    assert all(value.startswith(PREFIX) for value in stored)
    assert not any("geheim" in value for value in stored)
    assert _inlog(school_a).client_secret == "zeer-geheim-clientgeheim"
