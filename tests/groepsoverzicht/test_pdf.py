"""The groepsoverzicht PDF: a real PDF (pypdf), landscape, with the content a reader needs,
bijzonderheden only for those who may see them, and a query count that does not grow."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from groepsoverzicht import models as go
from zorgroute.models import Leerling
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld

DOMEINCODES = ["TL", "SP", "RK", "WS", "LV"]  # plus the world's BL: six domains
RANGEN = {5: "I", 4: "II", 3: "III", 2: "IV", 1: "V"}


def vul_klas(world: SchoolWorld, aantal: int) -> dict[str, Any]:
    """Give the world's overview `aantal` pupils with 3 toetsmomenten × 6 domains of results,
    text in every column, a confirmed signal and needs. Returns the new objects by name."""
    school = world.school
    instrument = world.go["instrument"]
    with tenant_context(school.pk):
        domeinen = [world.go["domein"]] + [
            go.Domein.objects.create(
                school=school, instrument=instrument, code=code, naam=f"Domein {code}", volgorde=i
            )
            for i, code in enumerate(DOMEINCODES, start=1)
        ]
        start = world.schooljaar.startdatum
        momenten = [
            go.Toetsmoment.objects.create(
                school=school, instrument=instrument, naam=naam, datum=start - dt.timedelta(days=d)
            )
            for naam, d in (("E-vorig", 200), ("M-vorig", 90))
        ] + [world.go["toetsmoment"]]
        go.Resultaat.objects.filter(leerling=world.leerling).delete()
        leerlingen = [world.leerling]
        for i in range(aantal - 1):
            leerling = cast(Leerling, f.PlaatsingFactory(groep=world.groep).leerling)
            leerlingen.append(leerling)
            go.Overzichtregel.objects.create(
                school=school,
                groepsoverzicht=world.go["overzicht"],
                leerling=leerling,
                werkhouding=f"Werkt rustig {i}",
                talenten="Tekenen" if i % 2 else "",
                bijzonderheden="Geheim detail",
            )
        resultaten = []
        for n, leerling in enumerate(leerlingen):
            for domein in domeinen:
                for k, moment in enumerate(momenten):
                    rang = 4 - k if n == 0 else 3 + (n + k) % 3
                    resultaten.append(
                        go.Resultaat(
                            school=school,
                            leerling=leerling,
                            domein=domein,
                            toetsmoment=moment,
                            waarde=RANGEN[rang],
                            rang=Decimal(rang),
                            bron="handmatig",
                        )
                    )
        go.Resultaat.objects.bulk_create(resultaten)
        regel = world.go["regel"]
        regel.werkhouding = "Snel afgeleid bij lange teksten"
        regel.talenten = "Voetbal"
        regel.bijzonderheden = "Dyslexieverklaring aanwezig"
        regel.save()
        signalering = world.go["signalering"]
        signalering.status = go.SignaalStatus.BEVESTIGD
        signalering.save()
        go.Onderwijsbehoefte.objects.create(
            school=school,
            regel=regel,
            soort="pedagogisch",
            doel="Leest eind periode zelfstandig een tekst van een A4 samen",
            behoefte="feedback nodig die succeservaringen benadrukt",
        )
        overzicht = world.go["overzicht"]
        overzicht.aandachtspunten_groep = "Veel onrust na de pauze"
        overzicht.save()
    return {"domeinen": domeinen, "momenten": momenten, "leerlingen": leerlingen}


def pdf_url(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/groepsoverzichten/{world.go['overzicht'].pk}/pdf/"


def pdf_tekst(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_the_pdf_is_a_readable_landscape_overview(world: SchoolWorld, login: Any) -> None:
    vul_klas(world, 8)
    response = login("mentor").get(pdf_url(world))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="groepsoverzicht-1a-cyclus-1.pdf"'
    )
    reader, text = pdf_tekst(response.content)
    assert len(reader.pages) >= 1
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height  # landscape
        assert round(float(page.mediabox.width) / 72 * 25.4) == 297  # A4
    assert world.school.naam in text
    assert "klas 1A" in text
    assert "Cyclus 1" in text
    assert date_format(timezone.localdate(), "j F Y") in text
    assert world.leerling.volledige_naam in text
    assert world.users["mentor"].volledige_naam in text
    # The S column: the confirmed signal with its reason.
    assert "Achterstand: BL: IV, onder het ijkpunt III" in text
    # The needs: with a goal, and one without (incomplete).
    assert "feedback nodig die succeservaringen benadrukt" in text
    assert "Leest eind periode zelfstandig" in text
    assert "Onvolledig: nog geen doel" in text
    assert "een instructie nodig die kort en duidelijk is" in text
    # Low values are marked in text, with a legend.
    assert "IV!" in text
    assert "onder het ijkpunt van de school" in text
    assert "Veel onrust na de pauze" in text
    assert "Pagina 1 van" in text


def test_bijzonderheden_only_for_who_may_see_them(world: SchoolWorld, login: Any) -> None:
    vul_klas(world, 8)
    _reader, mentor_text = pdf_tekst(login("mentor").get(pdf_url(world)).content)
    _reader, docent_text = pdf_tekst(login("docent").get(pdf_url(world)).content)

    assert "Dyslexieverklaring aanwezig" in mentor_text
    assert "Bijzonderheden" in mentor_text
    assert "Dyslexieverklaring" not in docent_text
    assert "Geheim detail" not in docent_text
    assert "Bijzonderheden zijn in deze afdruk weggelaten" in docent_text
    # The reader still sees the rest of the overview.
    assert world.leerling.volledige_naam in docent_text


def test_pdf_of_another_schools_overview_is_404(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    url = f"/{world.school.slug}/groepsoverzichten/{school_b.go['overzicht'].pk}/pdf/"
    assert login("mentor").get(url).status_code == 404


#: The whole request: the savepoint and the app-role set_config around it (4), session,
#: user, school, memberships (4), the overview with its rights (1), the grid (6: rows,
#: signals, needs, domains, results) and the mentors (1). Equal for 8 and 32 pupils.
PDF_REQUEST_QUERIES = 16  # incl. one insert of the per-pupil access events


@pytest.mark.parametrize("aantal", [8, 32])
def test_pdf_query_count_does_not_grow(
    aantal: int, world: SchoolWorld, login: Any, django_assert_num_queries: Any
) -> None:
    vul_klas(world, aantal)
    client = login("mentor")
    with django_assert_num_queries(PDF_REQUEST_QUERIES):
        response = client.get(pdf_url(world))
    assert response.status_code == 200
    _reader, text = pdf_tekst(response.content)
    assert text.count("Leerling") >= 1


def test_pdf_download_is_logged_per_pupil(world: SchoolWorld, login: Any, in_school: Any) -> None:
    from zorgroute.models import AccessEvent

    url = f"/{world.school.slug}/groepsoverzichten/{world.go['overzicht'].pk}/pdf/"
    assert login("mentor").get(url).status_code == 200
    with in_school(world.school):
        events = list(AccessEvent.objects.filter(pagina="groepsoverzicht-pdf"))
    assert [e.leerling_id for e in events] == [world.leerling.pk]
    assert events[0].gebruiker_id == world.users["mentor"].pk
