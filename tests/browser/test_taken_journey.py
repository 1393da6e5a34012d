"""The mentor's to-do list in real Chromium: an overdue item on the home page, done, gone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.world import SchoolWorld

from .conftest import ConsoleLog

pytestmark = pytest.mark.browser


def test_mentor_does_an_overdue_item_and_it_disappears(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    log_in(world.users["mentor"].email)

    # The world's cycle started months ago: the plan's deadline (week 4) has passed.
    taken = page.get_by_role("region", name=re.compile(r"^Mijn taken"))
    expect(taken).to_be_visible()
    item = taken.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Groepsplan 1A (Cyclus 1) afmaken en activeren")
    )
    expect(item).to_be_visible()
    expect(item).to_have_class(re.compile(r"\bte-laat\b"))
    expect(item.get_by_text("te laat", exact=True)).to_be_visible()

    # The full list says the same, with the number of late items.
    page.get_by_role("link", name=re.compile(r"^Alle taken")).click()
    expect(page.get_by_role("heading", level=1, name="Mijn taken")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("te laat")

    # Do it: open the plan from the item and activate it.
    page.get_by_role("link", name="Groepsplan 1A (Cyclus 1) afmaken en activeren").click()
    expect(page).to_have_url(re.compile(rf"/groepsplannen/{world.gp['plan'].pk}/$"))
    page.get_by_role("button", name="Activeren").click()
    expect(page.locator("#plan-status")).to_contain_text("Actief")

    # Back on the to-do list and the home page, the item is gone.
    page.goto(f"/{world.school.slug}/taken/")
    expect(
        page.get_by_role("link", name="Groepsplan 1A (Cyclus 1) afmaken en activeren")
    ).to_have_count(0)
    page.goto(f"/{world.school.slug}/")
    op_start = page.get_by_role("region", name=re.compile(r"^Mijn taken"))
    expect(op_start.get_by_role("link", name=re.compile("afmaken en activeren"))).to_have_count(0)
    # The cycle moves on: the active plan's evaluation (the cycle has ended) is next.
    expect(op_start.get_by_role("link", name="Groepsplan 1A (Cyclus 1) evalueren")).to_be_visible()
    console_log.assert_clean()
