"""Fixtures for browser tests: real headless Chromium (Debian's package) via Playwright.

The machine has no network besides loopback, so Playwright never downloads a browser: we
point it at the system Chromium (env CHROMIUM_PATH, else `chromium` on PATH). One browser
per test session, a fresh context (cookies, storage) per test. Pages are served by
pytest-django's `live_server`, so tests need committed data: `browser_world` builds the
school world on `transactional_db` (the committed world of tests/conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

# Playwright's sync API runs an asyncio loop in the test thread; Django would otherwise
# refuse ORM calls from it (SynchronousOnlyOperation). Must be set before any DB access.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

from tests.auth_helpers import give_totp_device, totp_code
from tests.world import SchoolWorld
from zorgroute.models import Gebruiker

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "geheim-wachtwoord-123"  # tests.factories.GebruikerFactory
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 800}


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path or not Path(path).exists():
        pytest.fail(
            "No Chromium found for the browser tests. Install Debian's `chromium` package or "
            "set CHROMIUM_PATH to a Chromium binary (do not run `playwright install`).",
            pytrace=False,
        )
    return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=DEFAULT_VIEWPORT,  # type: ignore[arg-type]
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


class BrowserConsoleErrors(AssertionError):
    """The browser logged errors (CSP violations, failed loads, uncaught exceptions)."""


@dataclass
class ConsoleLog:
    """Console errors and uncaught page errors seen while a test ran."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        def on_console(msg: ConsoleMessage) -> None:
            if msg.type in ("error", "assert"):
                self.errors.append(f"console.{msg.type}: {msg.text} ({msg.location})")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def assert_clean(self) -> None:
        if self.errors:
            raise BrowserConsoleErrors("Browser console errors:\n" + "\n".join(self.errors))


@pytest.fixture
def console_log() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(
    context: BrowserContext, console_log: ConsoleLog, request: pytest.FixtureRequest
) -> Iterator[Page]:
    page = context.new_page()
    console_log.attach(page)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        try:
            page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"), full_page=True)
        except Exception as exc:  # a broken page must not hide the failure
            print(f"Could not save failure screenshot: {exc}")


@pytest.fixture
def browser_schools(
    transactional_db: None, school_a: SchoolWorld, school_b: SchoolWorld
) -> tuple[SchoolWorld, SchoolWorld]:
    """Schools A and B of the committed world (tests/conftest.py), so the live server thread
    sees them; after the test the world is built afresh."""
    return school_a, school_b


@pytest.fixture
def browser_world(browser_schools: tuple[SchoolWorld, SchoolWorld]) -> SchoolWorld:
    """Like tests.conftest `world` (school A with every persona, plus an outsider with every
    role in school B), but on `transactional_db`."""
    return browser_schools[0]


def log_in_page(page: Page, email: str, password: str = PASSWORD, *, app: bool = True) -> None:
    """Fill in and submit the real login form on this page, starting from the site root,
    then type the code of the user's authenticator app where the portal asks for it: the
    app is a real TOTP device made here (`app=False`: none is made), the code is computed
    from its key as the app would."""
    user = Gebruiker.objects.filter(email__iexact=email).first()
    device = give_totp_device(user) if (user is not None and app) else None
    page.goto("/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if device is not None and urlsplit(page.url).path == reverse("tweestaps-code"):
        type_code(page, totp_code(device))


@pytest.fixture
def log_in(page: Page) -> Callable[..., None]:
    """log_in(email) logs in on the test's page (log_in_page)."""

    def _log_in(email: str, password: str = PASSWORD, *, app: bool = True) -> None:
        log_in_page(page, email, password, app=app)

    return _log_in


def type_code(page: Page, code: str) -> None:
    """Type a code on the code page (or the set-up page) and submit it."""
    page.get_by_role("textbox", name="Code", exact=True).fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^(Controleren|Bevestigen)$")).click()
