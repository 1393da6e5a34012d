"""A groepsbespreking in a real browser: the mentor plans and prepares it, a teacher brings in
a question, the mentor runs the meeting (records an agreement, a decision and an action for
the teacher) and closes it; the teacher sees the action on their home page and ticks it off."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from besprekingen.models import Actie, Bespreking, Status
from tests.world import SchoolWorld
from zorgroute.tenancy.db import tenant_context

from .conftest import ConsoleLog

pytestmark = pytest.mark.browser

VRAAG = "Hoe houden we Sanne bij de les tijdens lange leesopdrachten?"
ACTIE = "Leesopdrachten bij Nederlands in stukken knippen"


def _uitloggen(page: Page) -> None:
    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    expect(page.get_by_label("E-mailadres")).to_be_visible()


def test_mentor_runs_a_groepsbespreking_and_the_teacher_gets_the_action(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    slug = world.school.slug
    mentor, docent = world.users["mentor"], world.users["docent"]
    overzicht = world.go["overzicht"]
    sanne = world.leerling.volledige_naam

    # --- The mentor plans the meeting from the overview and sees the prepared agenda. -------
    log_in(mentor.email)
    page.goto(f"/{slug}/groepsoverzichten/{overzicht.pk}/")
    page.get_by_role("link", name=re.compile("bespreking plannen", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("plannen")
    datum = dt.date.today() + dt.timedelta(days=3)
    page.get_by_label("Datum").fill(datum.isoformat())
    page.get_by_role("button", name="Bespreking plannen").click()
    expect(page.get_by_role("heading", name=re.compile("^Agenda"))).to_be_visible()
    # The agenda is filled from the data: the signal proposal for Sanne, with its reason.
    signaleren = page.locator("#punt-signaleren")
    expect(signaleren).to_contain_text(sanne)
    expect(signaleren).to_contain_text("BL: IV, onder het ijkpunt III")
    expect(page.get_by_role("heading", name="Checklist voorbereiding")).to_be_visible()
    bespreking_url = page.url
    with tenant_context(world.school.pk):
        bespreking = Bespreking.objects.exclude(pk=world.bs["bespreking"].pk).get(
            groepsoverzicht=overzicht, soort="groep"
        )
    _uitloggen(page)

    # --- The teacher finds it on their home page and brings in a question. -----------------
    log_in(docent.email)
    page.goto(f"/{slug}/")
    page.get_by_role("link", name=re.compile("Groepsbespreking.*1A")).nth(0).click()
    page.goto(bespreking_url)
    page.get_by_label("Bij agendapunt").select_option(label="Inventariseren vragen docenten")
    page.get_by_label("Over leerling (optioneel)").select_option(label=sanne)
    page.get_by_role("textbox", name="Vraag of gesprekspunt").fill(VRAAG)
    page.get_by_role("button", name="Inbrengen").click()
    expect(page.locator("#punt-vragen")).to_contain_text(VRAAG)
    _uitloggen(page)

    # --- The mentor runs the meeting. --------------------------------------------------------
    log_in(mentor.email)
    page.goto(f"/{slug}/besprekingen/{bespreking.pk}/vergadering/")
    page.get_by_role("button", name="Vergadering starten").click()
    vragen = page.locator("#punt-vragen")
    expect(vragen).to_contain_text(VRAAG)
    vragen.get_by_label(re.compile("^Afspraken bij punt")).fill(
        "Lange teksten opdelen; na elk deel een korte check."
    )
    vragen.get_by_role("button", name="Afspraken opslaan").click()
    expect(page.locator("#punt-vragen")).to_contain_text("Laatst opgeslagen door")

    # A decision about Sanne under "signaleren" (keyboard: open the disclosure, fill, submit).
    signaleren = page.locator("#punt-signaleren")
    signaleren.get_by_text("Besluit over een leerling vastleggen").click()
    signaleren.get_by_label("Leerling").select_option(label=sanne)
    signaleren.get_by_label("Soort besluit").select_option(value="afspraak")
    signaleren.get_by_label("Besluit of afspraak").fill("Sanne blijft gesignaleerd voor lezen.")
    signaleren.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#punt-signaleren")).to_contain_text("Sanne blijft gesignaleerd")

    # An action for the teacher.
    acties = page.locator("#punt-acties")
    acties.get_by_label("Wat moet er gebeuren").fill(ACTIE)
    acties.get_by_label("Wie").select_option(label=docent.volledige_naam)
    acties.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator("#punt-acties")).to_contain_text(ACTIE)

    # Close with the summary; the report shows the agreements and the action.
    page.goto(f"/{slug}/besprekingen/{bespreking.pk}/afsluiten/")
    page.get_by_role("textbox", name="Samenvatting van belangrijkste afspraken").fill(
        "Sanne blijft in de leesgroep; Nederlands knipt opdrachten op."
    )
    page.get_by_role("button", name="Afsluiten en verslag versturen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verslag")
    expect(page.locator("main")).to_contain_text("Lange teksten opdelen")
    expect(page.locator("main")).to_contain_text(ACTIE)
    with tenant_context(world.school.pk):
        assert Bespreking.objects.get(pk=bespreking.pk).status == Status.AFGESLOTEN
    # Each attendee got the report by mail (tasks run eagerly in the test settings).
    assert {m.to[0] for m in mail.outbox} >= {mentor.email, docent.email}
    _uitloggen(page)

    # --- The teacher sees the action on the home page and ticks it off. ----------------------
    log_in(docent.email)
    page.goto(f"/{slug}/")
    actie_item = page.locator(".acties-lijst li").filter(has_text=ACTIE)
    expect(actie_item).to_be_visible()
    actie_item.get_by_role("button", name=re.compile("^Gedaan")).click()
    expect(page.locator(".acties-lijst li").filter(has_text=ACTIE)).to_have_count(0)
    with tenant_context(world.school.pk):
        assert Actie.objects.get(omschrijving=ACTIE).status == "gedaan"
    console_log.assert_clean()
