"""A member of staff signs in through the school's own identity provider, in Chromium,
against the real test OpenID provider (tests/oidc): the portal's login page, the provider's
login page on its own origin, and back on the school's home page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.oidc.provider import (
    OidcTestProvider,
    oidc_provider,  # noqa: F401  (a session fixture: the real provider)
)
from tests.world import SchoolWorld
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .conftest import ConsoleLog
from .oidc_steps import sign_in_with_school_provider

pytestmark = pytest.mark.browser


def test_a_teacher_signs_in_with_the_school_account(
    page: Page,
    live_server,  # type: ignore[no-untyped-def]
    browser_world: SchoolWorld,
    oidc_provider: OidcTestProvider,  # noqa: F811
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    mentor = world.users["mentor"]

    # The school trusts its provider's MFA claim, so no second code is asked in the portal.
    account = sign_in_with_school_provider(
        page, live_server, oidc_provider, mentor, amr=["pwd", "mfa"], trust_mfa=True
    )

    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    with tenant_context(world.school.pk):
        koppeling = m.SchoolInlogKoppeling.objects.get(gebruiker=mentor)
    assert koppeling.subject == account.sub

    # Signing in again after logging out: the provider still knows the browser (single
    # sign-on, no second login there) and the portal finds the account by its subject.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('login')}")
    page.get_by_role("link", name="Inloggen met je schoolaccount").click()
    page.get_by_label("Korte naam van je school").fill(world.school.slug)
    page.get_by_role("button", name="Verder naar je school").click()
    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    assert page.url == f"{live_server.url}/{world.school.slug}/"
    console_log.assert_clean()
