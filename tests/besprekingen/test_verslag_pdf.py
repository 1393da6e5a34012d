"""The report of a meeting (bijlage 16) as PDF: a real A4 document (pypdf text) with the
class, the agreed texts, the summary and the actions; access logged per pupil named."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from besprekingen.models import Bespreking
from besprekingen.vergadering import services as vergadering_services
from tests.auth_helpers import log_in_verified
from zorgroute.models import AccessEvent

from ..groepsoverzicht.test_pdf import pdf_tekst
from ..world import SchoolWorld


def pdf_url(world: SchoolWorld) -> str:
    return reverse(
        "bespreking-verslag-pdf",
        kwargs={"school": world.school.slug, "bespreking_id": world.bs["bespreking"].pk},
    )


def test_the_report_pdf_holds_the_report(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        bespreking = Bespreking.objects.get(pk=world.bs["bespreking"].pk)
        vergadering_services.verslagpunt_update(
            bespreking=bespreking,
            punt="aandachtspunten",
            tekst="Na de pauze starten we met een rustige opdracht.",
            version=0,
            user=world.users["mentor"],
        )
        vergadering_services.bespreking_afsluiten(
            bespreking=bespreking,
            samenvatting="Rust na de pauze; Sanne naar het IZO.",
            version=None,
            user=world.users["mentor"],
        )
    response = login("docent").get(pdf_url(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="verslag-')
    reader, text = pdf_tekst(response.content)
    assert len(reader.pages) >= 1
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210  # A4 portrait
    assert "Verslag groepsbespreking" in text
    assert "1A" in text
    assert "Na de pauze starten we met een rustige opdracht." in text
    assert "Rust na de pauze; Sanne naar het IZO." in text
    assert world.users["docent"].volledige_naam in text  # owner of an action
    assert "Leesstrategieën bij Nederlands uitproberen" in text
    assert world.users["mentor"].volledige_naam in text
    with in_school(world.school):
        gelogd = set(
            AccessEvent.objects.filter(gebruiker=world.users["docent"]).values_list(
                "leerling_id", flat=True
            )
        )
    assert world.leerling.pk in gelogd


def test_the_pdf_is_not_for_who_may_not_see_the_meeting(world: SchoolWorld, client: Any) -> None:
    log_in_verified(client, world.users["outsider"])
    assert client.get(pdf_url(world)).status_code in (403, 404)
