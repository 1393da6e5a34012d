"""The IZO and ZAT route in a real browser (issue 6): the mentor completes and submits the
prepared aanmelding, the zorgcoördinator asks for information, the mentor supplies it and
resubmits, the zorgcoördinator accepts, discusses Sanne in the IZO (report, a ZAT decision,
closing the meeting), is refused the referral without consent, records the parents' consent,
refers her to the ZAT and shares the case with a jeugdarts of the GGD. The jeugdarts logs in
and sees that case, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from izo_zat.models import Aanmelding, Toestemming, Traject, Zatcasus
from izo_zat.partners.services import partnerlid_create
from tests import factories as f
from tests.world import SchoolWorld
from zorgroute.models import Rol
from zorgroute.tenancy.db import tenant_context

from .conftest import ConsoleLog

pytestmark = pytest.mark.browser

VRAAG = "Wat is er met de ouders besproken over het huiswerk?"


def _uitloggen(page: Page) -> None:
    page.get_by_role("button", name=re.compile("Uitloggen")).click()
    expect(page.get_by_label("E-mailadres")).to_be_visible()


def test_aanmelding_through_izo_to_zat_and_the_partner_sees_only_that_case(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    slug = world.school.slug
    mentor, zorg = world.users["mentor"], world.users["zorgcoordinator"]
    aanmelding = world.bs["aanmelding"]
    url = f"/{slug}/izo/aanmeldingen/{aanmelding.pk}/"
    # The world recorded consent for Sanne; here it was never given, so the gate shows. A
    # jeugdarts of the GGD has an account (made by the beheerder) and no case yet.
    jeugdarts = f.GebruikerFactory(email="jeugdarts@ggd.example.org", voornaam="Jet")
    f.LidmaatschapFactory(school=world.school, gebruiker=jeugdarts, rol=Rol.ZAT_LID)
    with tenant_context(world.school.pk):
        Toestemming.objects.filter(leerling=world.leerling).delete()
        partnerlid_create(partner=world.izo["partner"], gebruiker=jeugdarts, functie="Jeugdarts")

    # --- The mentor opens the prepared aanmelding from the home page and submits it. -------
    log_in(mentor.email)
    page.get_by_role("link", name=re.compile("IZO-aanmelding openen")).click()
    expect(page).to_have_url(re.compile(re.escape(url) + "$"))
    # Submitting without the central questions names what is missing.
    page.get_by_role("button", name="Indienen bij het zorgteam").click()
    expect(page.locator("main")).to_contain_text("Beschrijf de hulpvraag van de leerling.")
    # That page came back as a 400 on purpose; Chromium logs every 4xx document load.
    assert all("400 (Bad Request)" in e for e in console_log.errors)
    console_log.errors.clear()
    page.get_by_role("radio", name="Ja", exact=True).check()
    page.get_by_label("Wat is het probleem?").fill("Sanne leest trager dan haar klasgenoten.")
    page.get_by_label(re.compile("^Wat is de hulpvraag van de leerling")).fill(
        "Sanne wil hulp bij het plannen van leeswerk."
    )
    page.get_by_label(re.compile("^Wat is de begeleidingsvraag")).fill(
        "Hoe bieden we de leesstof aan zonder dat ze afhaakt?"
    )
    page.get_by_role("button", name="Indienen bij het zorgteam").click()
    expect(page.locator("main")).to_contain_text("Ingediend")
    _uitloggen(page)

    # --- The zorgcoördinator asks for missing information. ---------------------------------
    log_in(zorg.email)
    page.goto(f"/{slug}/izo/aanmeldingen/")
    page.get_by_role("link", name=re.compile(world.leerling.volledige_naam)).first.click()
    page.goto(f"{url}triage/")
    page.get_by_label("Aanvullende informatie vragen aan de aanmelder").check()
    page.get_by_label("Reden van het besluit").fill("Het gesprek met ouders ontbreekt.")
    page.get_by_label("Welke informatie ontbreekt?").fill(VRAAG)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("main")).to_contain_text("Informatie gevraagd")
    _uitloggen(page)

    # --- The mentor sees the question as a task, supplies it and resubmits. ---------------
    log_in(mentor.email)
    expect(page.locator("main")).to_contain_text(VRAAG)
    page.goto(url)
    expect(page.locator("main")).to_contain_text(VRAAG)
    page.get_by_label(re.compile("^Hoe functioneert de leerling thuis")).fill(
        "Ouders zien dat ze thuis uitstelt; afgesproken: vaste huiswerktijd."
    )
    page.get_by_role("button", name="Aanvullen en opnieuw indienen").click()
    expect(page.locator("main")).to_contain_text("Ingediend")
    _uitloggen(page)

    # --- The zorgcoördinator accepts: the traject opens with the IZO date. ------------------
    log_in(zorg.email)
    page.goto(f"{url}triage/")
    page.get_by_label("Accepteren en inplannen in het IZO").check()
    page.get_by_label("Reden van het besluit").fill("Compleet; bespreken in het IZO.")
    izo = dt.date.today() + dt.timedelta(days=5)
    page.get_by_label("Bespreken in het IZO van").fill(izo.isoformat())
    page.get_by_role("button", name="Besluit vastleggen").click()
    with tenant_context(world.school.pk):
        traject = Traject.objects.get(aanmelding_id=aanmelding.pk)
        assert Aanmelding.objects.get(pk=aanmelding.pk).status == "geaccepteerd"
    assert traject.izo_datum == izo and traject.status == "open"
    page.goto(f"/{slug}/izo/trajecten/{traject.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.leerling.volledige_naam)

    # --- The zorgcoördinator plans the IZO on that date; Sanne is on its agenda. -----------
    page.goto(f"/{slug}/izo/overleggen/")
    page.get_by_role("link", name="IZO plannen").click()
    page.get_by_label("Datum").fill(izo.isoformat())
    page.get_by_role("button", name="Plannen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IZO van")
    expect(page.locator("main")).to_contain_text("Nieuwe aanmelding")
    page.get_by_role("link", name=world.leerling.volledige_naam).click()
    # The report is pre-filled from the aanmelding: the pupil's own question.
    expect(page.get_by_label("Hulpvraag van de leerling")).to_have_value(
        "Sanne wil hulp bij het plannen van leeswerk."
    )
    page.get_by_label("Aanbod in de groep").fill("Leesstof een dag vooraf, met kernvragen.")
    page.get_by_label("Samenvatting van afspraken, besluiten en vervolgstappen").fill(
        "RT voor begrijpend lezen; aanmelden bij het ZAT voor de thuissituatie."
    )
    page.get_by_label("Evaluatie in het IZO van").fill((izo + dt.timedelta(days=42)).isoformat())
    page.get_by_role("button", name="Verslag starten en opslaan").click()
    expect(page.locator("main")).to_contain_text("is opgeslagen")
    page.get_by_label("Aanmelden bij het ZAT").check()
    page.get_by_label(re.compile("^Wat, met welk doel")).fill(
        "Hoe ondersteunen school en GGD het gezin?"
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("#besluiten")).to_contain_text("Hoe ondersteunen school en GGD het gezin?")
    verslag_url = page.url.split("#")[0]
    # Close the meeting: the follow-up moves to the evaluation date.
    page.get_by_role("link", name="Agenda").click()
    page.get_by_role("link", name="Overleg afsluiten…").click()
    page.get_by_role("button", name="Overleg afsluiten").click()
    expect(page.locator("main")).to_contain_text("is afgesloten")

    # --- Referral: refused without consent, allowed once the consent is recorded. --------
    page.goto(verslag_url)
    page.get_by_role("link", name="Aanmelden bij het ZAT…").click()
    expect(page.locator("main")).to_contain_text("Er is geen geldige toestemming")
    page.get_by_role("button", name="Aanmelden bij het ZAT").click()
    expect(page.locator(".error-summary")).to_contain_text("moeten eerst toestemming geven")
    assert all("400 (Bad Request)" in e for e in console_log.errors)
    console_log.errors.clear()
    with tenant_context(world.school.pk):
        assert not Zatcasus.objects.filter(traject=traject).exists()
    aanmelden_url = page.url
    page.get_by_role("link", name="Toestemming vastleggen in het register").click()
    page.get_by_label("Waarvoor").select_option(label="Bespreking in het ZAT")
    page.get_by_label("Ouder", exact=True).check()
    page.get_by_label("Naam van wie toestemming gaf").fill("M. Jansen")
    page.get_by_role("button", name="Toestemming vastleggen").click()
    expect(page.locator("main")).to_contain_text("De toestemming is vastgelegd.")
    page.goto(aanmelden_url)
    page.get_by_role("button", name="Aanmelden bij het ZAT").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ZAT-casus van")
    expect(page.locator("main")).to_contain_text("Niveau 3")
    # Share the case with the jeugdarts (access until the consent ends by default).
    page.get_by_label("Met wie").select_option(label=jeugdarts.volledige_naam)
    page.get_by_role("button", name="Delen").click()
    expect(page.locator("main")).to_contain_text(f"gedeeld met {jeugdarts.volledige_naam}")
    with tenant_context(world.school.pk):
        casus = Zatcasus.objects.get(traject=traject)
    _uitloggen(page)

    # --- The jeugdarts sees that case, and only that case. -------------------------------
    log_in(jeugdarts.email)
    expect(page.locator("main")).to_contain_text("Met mij gedeelde ZAT-casussen")
    page.get_by_role("link", name=world.leerling.volledige_naam).click()
    expect(page.locator("main")).to_contain_text("Hoe ondersteunen school en GGD het gezin?")
    expect(page.locator("main")).to_contain_text("Uit de aanmelding bij het IZO")
    page.goto(f"/{slug}/zat/casussen/")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("main")).not_to_contain_text(world.andere_leerling.volledige_naam)
    for vreemd in (
        f"/{slug}/zat/casussen/{world.izo['casus'].pk}/",  # Daan's case, shared with another
        f"/{slug}/leerlingen/{world.leerling.uuid}/",
        f"/{slug}/izo/trajecten/{traject.pk}/",
    ):
        response = page.goto(vreemd)
        assert response is not None and response.status in (403, 404), vreemd
    console_log.errors.clear()  # the refused pages above are logged as 403/404 loads
    page.goto(f"/{slug}/zat/casussen/{casus.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.leerling.volledige_naam)
    console_log.assert_clean()
