"""The mentor's overview in a real browser: confirm a proposed signal, name a need with a
sentence starter, and see it after a reload; a colleague editing the same cell gets the
conflict notice with both versions instead of overwriting."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.world import SchoolWorld

from .conftest import ConsoleLog, log_in_page

pytestmark = pytest.mark.browser


def _overview_url(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/groepsoverzichten/{world.go['overzicht'].pk}/"


def test_mentor_confirms_signal_and_names_a_need(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    naam = world.leerling.volledige_naam
    log_in(world.users["mentor"].email)
    page.get_by_role("link", name="Groepsoverzichten").first.click()
    page.get_by_role("link", name=re.compile("1A")).first.click()
    expect(page).to_have_url(re.compile(re.escape(_overview_url(world)) + "$"))

    # The rule proposed the pupil (BL: IV under the ijkpunt III); the mentor confirms.
    expect(page.get_by_text("Voorstel BL: IV, onder het ijkpunt III")).to_be_visible()
    page.get_by_role("button", name=re.compile(f"^Bevestigen\\W+{re.escape(naam)}")).click()
    expect(page.get_by_role("button", name=re.compile("^Bevestigen"))).to_have_count(0)

    # A need with a goal, the text started from a hulpzin.
    page.get_by_role("link", name=f"+ Onderwijsbehoefte voor {naam}").click()
    form = page.locator("form.behoefte-form")
    form.get_by_label("Doel (SMART)").fill(
        "Voor de kerstvakantie leest Sanne een tekst van 1 A4 en vat die samen in 3 zinnen."
    )
    form.get_by_label("Hulpzin invoegen").select_option(label="kort en duidelijk is")
    form.get_by_role("button", name="Invoegen").click()
    nodig = form.get_by_label(re.compile("nodig", re.IGNORECASE))
    expect(nodig).to_have_value(re.compile("kort en duidelijk is"))
    form.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Voor de kerstvakantie leest Sanne")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Voor de kerstvakantie leest Sanne")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Om dit doel te bereiken .*kort en duidelijk is"))
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Bevestigen"))).to_have_count(0)
    console_log.assert_clean()


def test_second_colleague_gets_the_conflict_notice(
    page: Page,
    browser: Browser,
    browser_world: SchoolWorld,
    live_server: Any,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    naam = world.leerling.volledige_naam
    cel_label = f"Observaties en analyse van het werk – {naam}"

    # The zorgcoördinator opens the overview first (sees the empty cell) ...
    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    colleague = other.new_page()
    log_in_page(colleague, world.users["zorgcoordinator"].email)
    colleague.goto(_overview_url(world))

    # ... then the mentor writes in the same cell, which autosaves.
    log_in(world.users["mentor"].email)
    page.goto(_overview_url(world))
    mijn_cel = page.get_by_label(cel_label)
    mijn_cel.fill("Leest graag strips; haakt af bij lange teksten.")
    mijn_cel.press("Tab")
    expect(page.get_by_text(re.compile("^Opgeslagen om"))).to_be_visible()

    # The colleague's edit of the same cell is refused with both versions shown.
    haar_cel = colleague.get_by_label(cel_label)
    haar_cel.fill("Werkt beter vooraan in de klas.")
    haar_cel.press("Tab")
    melding = colleague.get_by_role("alert")
    expect(melding).to_contain_text("heeft dit intussen gewijzigd")
    expect(melding).to_contain_text("Werkt beter vooraan in de klas.")
    expect(melding).to_contain_text("Leest graag strips; haakt af bij lange teksten.")

    # Keeping her own text is an explicit choice; nothing was lost on the way.
    melding.get_by_role("button", name="Mijn tekst bewaren").click()
    expect(colleague.get_by_role("alert")).to_have_count(0)
    page.reload()
    expect(page.get_by_label(cel_label)).to_have_value("Werkt beter vooraan in de klas.")
    other.close()
    console_log.assert_clean()
