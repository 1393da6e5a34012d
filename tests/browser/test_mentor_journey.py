"""A mentor's first visit, driven through real headless Chromium.

Locators are accessible ones (role + name, label), so these tests also check that headings,
tables, regions, labels and links are exposed to assistive technology the way we expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories as f
from tests.world import SchoolWorld
from zorgroute import models as m

from .conftest import ARTIFACTS, ConsoleLog

pytestmark = pytest.mark.browser

GENERIC_LOGIN_ERROR = "Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het opnieuw."


def _url(name: str, world: SchoolWorld, **kwargs: object) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def _fact(page: Page, term: str):  # type: ignore[no-untyped-def]
    """The <div> of a <dl class="facts"> whose <dt> is `term`."""
    return page.locator("dl.facts > div").filter(has=page.get_by_text(term, exact=True))


def test_mentor_logs_in_and_opens_class_and_pupil(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    leerling = world.leerling

    log_in(world.users["mentor"].email)

    # One school: the picker sends the mentor straight to that school's home page.
    expect(page).to_have_url(re.compile(rf"/{world.school.slug}/$"))
    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    mentor_van = page.get_by_role("region", name="Mentor van")
    klas = mentor_van.get_by_role("link", name=re.compile(r"^1A\b"))
    expect(klas).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^1B\b"))).to_have_count(0)

    klas.click()
    expect(page).to_have_url(re.compile(rf"/groepen/{world.groep.pk}/$"))
    expect(page.get_by_role("heading", level=1, name="Groep 1A")).to_be_visible()
    leerlingen = page.get_by_role("table", name="Leerlingen van groep 1A")
    expect(leerlingen).to_be_visible()
    pupil_link = leerlingen.get_by_role("link", name=f"{leerling.achternaam}, {leerling.voornaam}")
    expect(pupil_link).to_be_visible()
    # The pupil of the other class is not listed.
    expect(page.get_by_text(world.andere_leerling.achternaam)).to_have_count(0)

    pupil_link.click()
    expect(page).to_have_url(re.compile(rf"/leerlingen/{leerling.uuid}/$"))
    expect(page.get_by_role("heading", level=1, name=leerling.volledige_naam)).to_be_visible()
    expect(_fact(page, "Groep")).to_contain_text("1A")
    expect(_fact(page, "Geboortedatum")).to_contain_text("17-5-2012")
    geschiedenis = page.get_by_role("region", name="Inschrijvingsgeschiedenis")
    expect(geschiedenis.get_by_role("heading", name="Inschrijvingsgeschiedenis")).to_be_visible()
    table = geschiedenis.get_by_role("table", name=f"Plaatsingen van {leerling.volledige_naam}")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Schooljaar", "Groep", "Van", "Tot en met"]
    )
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="1A"))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text(
        [world.schooljaar.naam, re.compile(r"\d"), "heden"]
    )

    # The breadcrumb leads back to the class.
    kruimelpad = page.get_by_role("navigation", name="Kruimelpad")
    expect(kruimelpad.get_by_role("link", name="Groep 1A")).to_be_visible()

    console_log.assert_clean()


def test_user_with_two_schools_picks_one(
    page: Page,
    browser_schools: tuple[SchoolWorld, SchoolWorld],
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    school_a, school_b = browser_schools
    user = f.GebruikerFactory(email="twee-scholen@example.org")
    f.LidmaatschapFactory(school=school_a.school, gebruiker=user, rol=m.Rol.DOCENT)
    f.LidmaatschapFactory(school=school_b.school, gebruiker=user, rol=m.Rol.DOCENT)
    f.MentoraatFactory(groep=school_b.groep, gebruiker=user)

    log_in(user.email)

    expect(page).to_have_url(re.compile(r"/scholen/$"))
    expect(page.get_by_role("heading", level=1, name="Kies een school")).to_be_visible()
    scholen = page.get_by_role("main").get_by_role("listitem")
    expect(scholen).to_have_count(2)
    expect(page.get_by_role("link", name=re.compile(r"^Alfa College\b"))).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Beta College\b")).click()
    expect(page).to_have_url(re.compile(rf"/{school_b.school.slug}/$"))
    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Beta College")
    expect(
        page.get_by_role("region", name="Mentor van").get_by_role("link", name=re.compile("^1A"))
    ).to_be_visible()
    # The header names the chosen school and offers the way back to the picker.
    expect(page.get_by_role("link", name=re.compile(r"Zorgroute · Beta College"))).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Scholen")
    ).to_be_visible()

    console_log.assert_clean()


def test_wrong_password_shows_generic_error(
    page: Page, browser_world: SchoolWorld, log_in: Callable[..., None]
) -> None:
    log_in(browser_world.users["mentor"].email, "verkeerd-wachtwoord")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(GENERIC_LOGIN_ERROR)
    existing_account_message = alert.inner_text()

    # An address without an account gets exactly the same message: no account enumeration.
    log_in("bestaat-niet@example.org", "verkeerd-wachtwoord")
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_role("alert")).to_have_text(existing_account_message)
    expect(page.get_by_role("heading", level=1, name="Inloggen")).to_be_visible()


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(
    page: Page, browser_world: SchoolWorld, log_in: Callable[..., None]
) -> None:
    log_in(browser_world.users["mentor"].email)
    pupil_url = _url("leerling-detail", browser_world, leerling_uuid=browser_world.leerling.uuid)
    page.goto(pupil_url)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    # Visible once focused (it sits off-screen otherwise).
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, box
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert page.evaluate("location.hash") == "#inhoud"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), page.evaluate(
        "document.activeElement.outerHTML"
    )


def _visit_mentor_pages(page: Page, world: SchoolWorld, log_in: Callable[..., None]) -> dict:
    """Login page, then every page a mentor has so far; returns {name: Response}."""
    response = page.goto("/inloggen/")
    assert response is not None
    responses = {"login": response}
    log_in(world.users["mentor"].email)
    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    for name, url in {
        "home": _url("home", world),
        "groepen": _url("groep-list", world),
        "groep": _url("groep-detail", world, groep_id=world.groep.pk),
        "leerling": _url("leerling-detail", world, leerling_uuid=world.leerling.uuid),
    }.items():
        response = page.goto(url)
        assert response is not None and response.ok, (name, response and response.status)
        responses[name] = response
    return responses


def _csp_directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";"))
    return {words[0].lower(): words[1:] for words in parts if words}


def test_pages_send_csp_without_unsafe_inline_script(
    page: Page, browser_world: SchoolWorld, log_in: Callable[..., None]
) -> None:
    for name, response in _visit_mentor_pages(page, browser_world, log_in).items():
        csp = response.headers.get("content-security-policy")
        assert csp, f"{name}: no Content-Security-Policy header"
        directives = _csp_directives(csp)
        script_src = directives.get("script-src", directives.get("default-src"))
        assert script_src, f"{name}: CSP without script-src or default-src: {csp}"
        assert "'unsafe-inline'" not in script_src, f"{name}: {csp}"
        assert "'unsafe-eval'" not in script_src, f"{name}: {csp}"
        assert directives.get("object-src") == ["'none'"], f"{name}: {csp}"
        assert directives.get("frame-ancestors") == ["'none'"], f"{name}: {csp}"


def test_no_console_errors_while_navigating(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    """CSP violations, failed loads and uncaught exceptions all show up as console errors."""
    _visit_mentor_pages(page, browser_world, log_in)
    page.wait_for_load_state("load")
    console_log.assert_clean()


def test_pupil_page_fits_a_tablet_without_horizontal_scroll(
    page: Page, browser_world: SchoolWorld, log_in: Callable[..., None]
) -> None:
    """768×1024 (iPad portrait); the home and class pages are checked along the way."""
    world = browser_world
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(world.users["mentor"].email)
    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    overflowing = {}
    for name, (url, heading) in {
        "home": (_url("home", world), "Mijn klassen"),
        "groep": (_url("groep-detail", world, groep_id=world.groep.pk), "Groep 1A"),
        "leerling": (
            _url("leerling-detail", world, leerling_uuid=world.leerling.uuid),
            world.leerling.volledige_naam,
        ),
    }.items():
        page.goto(url)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        widths = page.evaluate(
            "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        assert widths["inner"] == 768, widths
        if widths["scroll"] > widths["inner"]:
            overflowing[name] = widths
    assert not overflowing, f"horizontal scroll at 768px: {overflowing}"


def test_screenshots_of_home_class_and_pupil(
    page: Page, browser_world: SchoolWorld, log_in: Callable[..., None]
) -> None:
    """Not an assertion on looks: saves PNGs in test-artifacts/ for a human to review."""
    world = browser_world
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(world.users["mentor"].email)
    expect(page.get_by_role("heading", level=1, name="Mijn klassen")).to_be_visible()
    shots = {
        "home": (_url("home", world), "Mijn klassen"),
        "groep": (_url("groep-detail", world, groep_id=world.groep.pk), "Groep 1A"),
        "leerling": (
            _url("leerling-detail", world, leerling_uuid=world.leerling.uuid),
            world.leerling.volledige_naam,
        ),
    }
    for name, (url, heading) in shots.items():
        page.goto(url)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        path = ARTIFACTS / f"mentor-{name}-1280x800.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 0
