"""A reusable browser step: sign in through the school's own identity provider.

`sign_in_with_school_provider(page, live_server, provider, user)` points the user's school
at the real test OpenID provider (tests/oidc, the `oidc_provider` fixture), gives the user
an account there, and then does what the person does in Chromium: on the login page
"Inloggen met je schoolaccount", the school's short name, the provider's own login page,
and back in the portal on the school's home page. Needs committed data (the browser
fixtures' `browser_world`).
"""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.oidc.provider import OidcTestProvider, TestAccount
from zorgroute import models as m
from zorgroute.selectors import schools_for_user
from zorgroute.sso import services
from zorgroute.tenancy.db import app_role_transaction, tenant_context


def configure_school_provider(
    live_server: Any, provider: OidcTestProvider, school: m.School, **values: Any
) -> m.SchoolInlog:
    """What the school's beheerder does: register the portal at the provider (redirect URI
    of this live server) and switch the school's sign-in on."""
    client_id, secret = provider.register_client(
        f"{live_server.url}{reverse('schoolinlog-callback')}"
    )
    with tenant_context(school.pk):
        inlog = m.SchoolInlog.objects.get()
        return services.schoolinlog_update(
            inlog=inlog,
            version=None,
            user=None,
            values={
                "soort": m.ProviderSoort.OVERIG,
                "issuer": provider.issuer,
                "client_id": client_id,
                "client_secret": secret,
                "koppelwijze": m.Koppelwijze.EMAIL,
                "actief": True,
                **values,
            },
        )


def sign_in_with_school_provider(
    page: Page,
    live_server: Any,
    provider: OidcTestProvider,
    user: m.Gebruiker,
    *,
    school: m.School | None = None,
    amr: list[str] | None = None,
    trust_mfa: bool = False,
) -> TestAccount:
    """Sign `user` in through the provider of `school` (default: the user's only school)
    and stop on the school's home page. `amr=["pwd", "mfa"]` with `trust_mfa=True` makes
    the provider's second factor count."""
    if school is None:
        with app_role_transaction(user_id=user.pk):  # RLS: the user's own memberships
            school = schools_for_user(user)[0]
    configure_school_provider(live_server, provider, school, vertrouwt_mfa=trust_mfa)
    account = provider.add_account(user.email, amr=amr)

    page.goto(reverse("login"))
    page.get_by_role("link", name="Inloggen met je schoolaccount").click()
    expect(
        page.get_by_role("heading", level=1, name="Inloggen met je schoolaccount")
    ).to_be_visible()
    page.get_by_label("Korte naam van je school").fill(school.slug)
    page.get_by_role("button", name="Verder naar je school").click()

    # The provider's own login page, on its own origin.
    expect(page.get_by_role("heading", name="Inloggen bij de testprovider")).to_be_visible()
    assert page.url.startswith(provider.issuer)
    page.get_by_label("E-mailadres bij de provider").fill(account.email)
    page.get_by_label("Wachtwoord bij de provider").fill(account.password)
    page.get_by_role("button", name="Inloggen bij provider").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/{school.slug}/$"))
    return account
