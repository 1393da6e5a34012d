"""Strong login, driven through real headless Chromium (issue 19's browser test).

One journey, one function per step:

1. a zorgcoördinator sets up two-factor login (scans nothing: types the key the page shows
   into a TOTP computation, as an authenticator app would);
2. logs out;
3. logs in again with the password and a code;
4. exports a pupil's dossier (AVG inzage): the readable PDF, opened and checked;
5. a second user (a mentor) signs in through the school's own identity provider, the real
   test OpenID provider on loopback, whose MFA the school trusts.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.auth_helpers import totp_code
from tests.oidc.provider import (
    OidcTestProvider,
    oidc_provider,  # noqa: F401  (a session fixture: the real provider)
)
from tests.world import SchoolWorld

from .conftest import ConsoleLog, type_code
from .oidc_steps import sign_in_with_school_provider

pytestmark = pytest.mark.browser


def stap_1_tweestaps_instellen(
    page: Page, world: SchoolWorld, log_in: Callable[..., None]
) -> TOTPDevice:
    """Password only; the first care page asks to set up the app; confirm with its code;
    the ten backup codes are shown once, with a print button."""
    zorg = world.users["zorgcoordinator"]
    log_in(zorg.email, app=False)
    expect(page).to_have_url(re.compile(r"/inloggen/tweestaps/instellen/\?next="))
    expect(
        page.get_by_role("heading", level=1, name="Tweestapsverificatie instellen")
    ).to_be_visible()
    expect(page.get_by_role("img", name="QR-code voor je authenticator-app")).to_be_visible()
    geheim = page.locator("#tweestaps-geheim").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", geheim), geheim

    # What an authenticator app does with the typed-in key.
    code = f"{totp(base64.b32decode(geheim.replace(' ', ''))):06d}"
    type_code(page, code)

    expect(page).to_have_url(re.compile(r"/inloggen/tweestaps/reservecodes/"))
    expect(page.get_by_role("heading", level=1, name="Je reservecodes")).to_be_visible()
    expect(page.get_by_role("list", name="Reservecodes").get_by_role("listitem")).to_have_count(10)
    expect(page.get_by_role("button", name="Codes printen")).to_be_visible()
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    expect(page).to_have_url(re.compile(rf"/{world.school.slug}/$"))
    expect(page.get_by_role("heading", level=1, name="Hele school")).to_be_visible()

    device = TOTPDevice.objects.get(user=zorg, confirmed=True)
    assert device.bin_key == base64.b32decode(geheim.replace(" ", ""))
    return device


def stap_2_uitloggen(page: Page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "button", name=re.compile("^Uitloggen")
    ).click()
    expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()


def stap_3_inloggen_met_code(page: Page, world: SchoolWorld, device: TOTPDevice) -> None:
    """The password, then the code page right away; a wrong code is refused in Dutch."""
    zorg = world.users["zorgcoordinator"]
    page.goto(reverse("login"))
    page.get_by_label("E-mailadres").fill(zorg.email)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/code/\?next="))
    expect(page.get_by_role("heading", level=1, name="Code invullen")).to_be_visible()
    code_veld = page.get_by_role("textbox", name="Code", exact=True)
    expect(code_veld).to_have_attribute("autocomplete", "one-time-code")
    expect(code_veld).to_have_attribute("inputmode", "numeric")

    type_code(page, "000000")
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")

    # A wrong code throttles every device of the user; the test does not wait out the 1 s.
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=zorg).update(
            throttling_failure_timestamp=None, throttling_failure_count=0
        )
    type_code(page, totp_code(device))
    expect(page).to_have_url(re.compile(rf"/{world.school.slug}/$"))
    expect(page.get_by_role("heading", level=1, name="Hele school")).to_be_visible()


def stap_4_dossier_exporteren(page: Page, world: SchoolWorld) -> None:
    """From the pupil's page to the AVG page, then the readable PDF: a real PDF whose text
    names the pupil and the parts of the dossier."""
    leerling = world.leerling
    page.goto(
        reverse(
            "leerling-detail", kwargs={"school": world.school.slug, "leerling_uuid": leerling.uuid}
        )
    )
    page.get_by_role("link", name="AVG: inzage, export of anonimisering").click()
    expect(
        page.get_by_role("heading", level=1, name=f"AVG: {leerling.volledige_naam}")
    ).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export als PDF (leesbaar)").click()
    download = download_info.value
    assert download.suggested_filename == f"avg-export-{leerling.uuid}.pdf"
    reader = PdfReader(download.path())
    text = " ".join(p.extract_text() for p in reader.pages)
    assert leerling.achternaam in text
    assert len(reader.pages) >= 1


def stap_5_inloggen_via_school(
    page: Page, live_server: Any, world: SchoolWorld, provider: OidcTestProvider
) -> None:
    """A fresh browser context: the mentor signs in with the school account; the school
    trusts the provider's MFA, so the portal asks no code and shows the mentor's classes."""
    context = page.context.browser.new_context(base_url=live_server.url)  # type: ignore[union-attr]
    try:
        second = context.new_page()
        sign_in_with_school_provider(
            second,
            live_server,
            provider,
            world.users["mentor"],
            amr=["pwd", "mfa"],
            trust_mfa=True,
        )
        expect(second.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    finally:
        context.close()


def test_strong_login_export_and_school_sign_in(
    page: Page,
    live_server: Any,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
    oidc_provider: OidcTestProvider,  # noqa: F811
) -> None:
    device = stap_1_tweestaps_instellen(page, browser_world, log_in)
    stap_2_uitloggen(page)
    stap_3_inloggen_met_code(page, browser_world, device)
    stap_4_dossier_exporteren(page, browser_world)
    console_log.assert_clean()
    stap_5_inloggen_via_school(page, live_server, browser_world, oidc_provider)
