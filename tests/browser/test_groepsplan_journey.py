"""The groepsplan in a real browser: cluster three pupils into a subgroup (keyboard way),
write a goal, activate the plan, evaluate it and download the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from groepsoverzicht import models as go
from groepsoverzicht import services as go_services
from tests import factories as f
from tests.world import SchoolWorld
from zorgroute.tenancy.db import tenant_context

from .conftest import ConsoleLog

pytestmark = pytest.mark.browser


def test_mentor_clusters_plans_activates_evaluates_and_downloads(
    page: Page,
    browser_world: SchoolWorld,
    log_in: Callable[..., None],
    console_log: ConsoleLog,
) -> None:
    world = browser_world
    mentor = world.users["mentor"]
    overzicht = world.go["overzicht"]
    plan = world.gp["plan"]
    # Two more signalled pupils in the class; Sanne is already in the subgroup.
    extra = [f.PlaatsingFactory(groep=world.groep).leerling for _ in range(2)]
    with tenant_context(world.school.pk):
        for leerling in extra:
            regel = go.Overzichtregel.objects.create(
                school=world.school, groepsoverzicht=overzicht, leerling=leerling
            )
            go_services.signalering_create(
                regel=regel, reden="achterstand", uitleg="BL onder niveau", user=mentor
            )

    log_in(mentor.email)
    page.goto(f"/{world.school.slug}/groepsplannen/{plan.pk}/clusteren/")
    bord = page.locator("#deel-basis")
    for leerling in extra:
        bord.get_by_label(f"Verplaats {leerling.volledige_naam} naar").select_option(
            label="Subgroep begrijpend lezen"
        )
        bord.get_by_label(f"Verplaats {leerling.volledige_naam} naar").locator(
            "xpath=ancestor::form"
        ).get_by_role("button", name="Verplaats").click()
        # Wait for the board to come back with the pupil in the subgroup before the next.
        expect(
            bord.locator(".gp-zone-sub").filter(has_text="Subgroep begrijpend lezen")
        ).to_contain_text(leerling.volledige_naam)

    # Write a goal for the subgroup and activate the plan.
    page.goto(f"/{world.school.slug}/groepsplannen/{plan.pk}/")
    for naam in [world.leerling.volledige_naam, *(ll.volledige_naam for ll in extra)]:
        expect(page.locator(".gp-leerlingen").filter(has_text=naam).first).to_be_visible()
    nieuw_doel = page.get_by_label("Nieuw doel voor Subgroep begrijpend lezen")
    nieuw_doel.fill("Voor 1-12 beantwoorden zij minimaal 8 van de 10 vragen bij een tekst goed.")
    nieuw_doel.locator("xpath=ancestor::form").get_by_role("button", name="Doel toevoegen").click()
    expect(page.get_by_text("minimaal 8 van de 10 vragen")).to_be_visible()
    page.get_by_role("button", name="Activeren").click()
    expect(page.locator("#plan-status")).to_contain_text("Actief")

    # Evaluate every goal, for the group and per pupil, then close the evaluation.
    page.goto(f"/{world.school.slug}/groepsplannen/{plan.pk}/evaluatie/")
    doelen = page.locator("section.gp-doel")
    for i in range(doelen.count()):
        doel = page.locator("section.gp-doel").nth(i)
        for select in doel.get_by_label(re.compile("^Resultaat")).all():
            select.select_option("bereikt")
        for select in doel.get_by_label(re.compile("^Vervolg")).all():
            select.select_option("stoppen")
        doel.get_by_role("button", name="Evaluatie van dit doel opslaan").click()
        expect(
            page.locator("section.gp-doel").nth(i).locator("tr.gp-rij-gedaan").first
        ).to_be_visible()
    page.get_by_label("Wat heeft het plan opgeleverd?").fill(
        "Alle drie lezen nu zelfstandig een A4-tekst."
    )
    page.get_by_role("button", name="Evaluatie afronden").click()
    expect(page.get_by_text("Alle drie lezen nu zelfstandig een A4-tekst.")).to_be_visible()

    # The PDF of overview + plan.
    page.goto(f"/{world.school.slug}/groepsplannen/{plan.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert open(download.path(), "rb").read(5) == b"%PDF-"  # noqa: SIM115
    console_log.assert_clean()
