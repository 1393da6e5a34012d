"""Strong login, driven through real headless Chromium (issue 19's browser test).

One journey, one function per step, so later steps (export a pupil's dossier, sign in
through the school's identity provider) can be appended to the sequence:

1. a zorgcoördinator sets up two-factor login (scans nothing: types the key the page shows
   into a TOTP computation, as an authenticator app would);
2. logs out;
3. logs in again with the password and a code.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.auth_helpers import totp_code
from tests.world import SchoolWorld

from .conftest import ConsoleLog, type_code

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


def test_zorgcoordinator_sets_up_two_factor_logs_out_and_logs_in_with_a_code(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    device = stap_1_tweestaps_instellen(page, browser_world, log_in)
    stap_2_uitloggen(page)
    stap_3_inloggen_met_code(page, browser_world, device)
    console_log.assert_clean()
