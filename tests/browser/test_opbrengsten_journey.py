"""The schoolleider's opbrengsten in real Chromium: open the dashboard from the home page,
filter a leerjaar, drill into a class, and download the PDF report made in the
background."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.opbrengsten import data
from tests.world import SchoolWorld

from .conftest import ConsoleLog

pytestmark = pytest.mark.browser


def test_schoolleider_filters_drills_into_a_class_and_downloads_the_report(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    klas = data.klas(world, "2A", leerjaar=2, n=8)
    data.signaleer(world, klas, 6)
    log_in(world.users["schoolleider"].email)

    panel = page.get_by_role("region", name="Opbrengsten")
    panel.get_by_role("link", name="Naar het dashboard").click()
    expect(page.get_by_role("heading", level=1, name=re.compile(r"^Opbrengsten"))).to_be_visible()
    # Charts are images with a text alternative, next to their tables.
    grafiek = page.get_by_role("img", name="Gesignaleerde leerlingen per domein")
    expect(grafiek).to_be_visible()

    # Filter leerjaar 2 with the plain GET form.
    page.get_by_label("Leerjaar", exact=True).select_option(label="Leerjaar 2")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"leerjaar=2"))
    expect(page.get_by_role("status").filter(has_text="Selectie")).to_contain_text("leerjaar 2")
    signaleringen = page.get_by_role("region", name="Gesignaleerde leerlingen")
    expect(signaleringen.get_by_role("cell", name="6").first).to_be_visible()

    # Drill into the class: its numbers, no pupil names for a schoolleider.
    cyclus = page.get_by_role("region", name="Cyclus op tijd")
    cyclus.get_by_role("link", name="2A", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Opbrengsten klas 2A")).to_be_visible()
    expect(page.get_by_text("Je ziet hier alleen aantallen")).to_be_visible()
    expect(page.get_by_text(klas.leerlingen[0].achternaam)).to_have_count(0)

    # Back, and the PDF report of this selection.
    page.get_by_role("link", name="← Terug naar het dashboard").click()
    expect(page).to_have_url(re.compile(r"leerjaar=2"))
    page.get_by_role("button", name="PDF-rapport maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Opbrengsten")
    knop = page.locator("#download-knop")
    expect(knop).to_be_visible(timeout=30_000)
    with page.expect_download() as download_info:
        knop.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert open(download.path(), "rb").read(5) == b"%PDF-"  # noqa: SIM115
    console_log.assert_clean()
