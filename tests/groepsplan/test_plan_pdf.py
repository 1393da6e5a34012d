"""PDFs of the groepsplan (with its groepsoverzicht), an IHP and an OPP ready to sign: real
PDFs (pypdf text), access logged per pupil, and query counts that do not grow."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groepsplan import models as gp
from groepsplan import services as gp_services
from groepsplan.ihp_opp import services as s
from zorgroute.models import AccessEvent

from .. import factories as f
from ..groepsoverzicht.test_pdf import pdf_tekst, vul_klas
from ..world import SchoolWorld


def plan_pdf_url(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/groepsplannen/{world.gp['plan'].pk}/pdf/"


def ihp_pdf_url(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/ihp/{world.gp['ihp'].pk}/pdf/"


def opp_pdf_url(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/opp/{world.gp['opp'].pk}/pdf/"


def vul_plan(world: SchoolWorld, aantal: int, in_school: Any) -> None:
    """`aantal` pupils in the overview; all but Sanne in a pedagogical subgroep with goals,
    a rooster item, an adjustment and an IHP each."""
    klas = vul_klas(world, aantal)
    plan = world.gp["plan"]
    with in_school(world.school):
        anderen = [ll.pk for ll in klas["leerlingen"][1:]]
        groep = gp_services.plangroep_create(
            groepsplan=plan, deel="pedagogisch", soort="sub", naam="Rust", leerling_ids=anderen
        )
        gp.Plandoel.objects.bulk_create(
            gp.Plandoel(school=world.school, plangroep=groep, tekst=f"Doel {i}: 3 keer per week")
            for i in range(aantal)
        )
        gp.Roosteritem.objects.create(
            school=world.school,
            plangroep=groep,
            dag=1,
            moment="1e uur",
            docent=world.users["docent"],
        )
        gp.Bijstelling.objects.create(
            school=world.school,
            groepsplan=plan,
            datum=dt.date.today(),
            auteur=world.users["mentor"],
            reden="Te druk",
            wijziging="Kleinere groep",
        )
        for leerling in klas["leerlingen"][1:]:
            s.ihp_create(groepsplan=plan, leerling=leerling, user=world.users["mentor"])


def test_plan_pdf_is_overview_plus_plan(world: SchoolWorld, login: Any, in_school: Any) -> None:
    vul_plan(world, 4, in_school)
    response = login("mentor").get(plan_pdf_url(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="groepsplan-1a-cyclus-1.pdf"'
    _reader, text = pdf_tekst(response.content)
    assert world.school.naam in text
    assert "Groepsplan met groepsoverzicht" in text
    # The overview part …
    assert "Resultaten en signalering" in text
    assert "Veel onrust na de pauze" in text
    # … and the plan part: groups, pupils, goals, rooster, adjustments, IHP appendices.
    assert "Subgroep begrijpend lezen" in text
    assert world.leerling.volledige_naam in text
    assert "leest Sanne een tekst van 1 A4" in text
    assert "Verlengde instructie begrijpend lezen" in text
    assert "Kleinere groep" in text
    assert "individuele handelingsplannen" in text


def test_ihp_pdf_is_ready_to_sign(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        s.instemming_vastleggen(
            handelingsplan=world.gp["ihp"],
            naam="M. Jansen",
            relatie="ouder",
            datum=dt.date(2026, 1, 5),
            wijze="gesprek",
            user=world.users["mentor"],
        )
    response = login("docent").get(ihp_pdf_url(world))
    assert response.status_code == 200
    _reader, text = pdf_tekst(response.content)
    assert world.school.naam in text
    assert "Individueel handelingsplan" in text
    assert world.leerling.volledige_naam in text
    assert world.users["mentor"].volledige_naam in text
    assert "vat voor 1-12 een tekst van 1 A4 samen" in text
    assert "Afspraken met ouders" in text
    assert "Handtekening Ouder/verzorger" in text
    assert "Handtekening Leerling" in text
    assert "Handtekening Namens school" in text
    assert "M. Jansen (Ouder) – 5 januari 2026, in een gesprek" in text


def test_opp_pdf_is_ready_to_sign(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        s.opp_update(
            opp=world.gp["opp"],
            version=world.gp["opp"].versie,
            uitstroombestemming="mbo niveau 2",
            verwachtingen={world.vak.pk: "1F eind leerjaar 2"},
        )
    response = login("mentor").get(opp_pdf_url(world))
    assert response.status_code == 200
    _reader, text = pdf_tekst(response.content)
    assert world.school.naam in text
    assert "Ontwikkelingsperspectief (OPP)" in text
    assert world.leerling.volledige_naam in text
    assert "1A" in text and world.users["mentor"].volledige_naam in text
    assert "mbo niveau 2" in text
    assert "Nederlands 1F eind leerjaar 2" in text
    assert "Twee keer per week begeleiding" in text
    assert "nog niet (uiterlijk" in text
    assert "Handtekening Ouder/verzorger" in text
    assert "Handtekening Leerling (16 jaar of ouder)" in text
    assert "Handtekening Namens school (zorgcoördinator)" in text


def test_pdfs_are_logged_per_pupil(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("mentor")
    for url in (plan_pdf_url(world), ihp_pdf_url(world), opp_pdf_url(world)):
        assert client.get(url).status_code == 200
    with in_school(world.school):
        paginas = sorted(
            AccessEvent.objects.filter(
                leerling=world.leerling, pagina__in=["groepsplan-pdf", "ihp-pdf", "opp-pdf"]
            ).values_list("pagina", flat=True)
        )
    assert paginas == ["groepsplan-pdf", "ihp-pdf", "opp-pdf"]


def test_pdfs_of_another_school_are_404(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    client = login("zorgcoordinator")
    slug = world.school.slug
    assert client.get(f"/{slug}/groepsplannen/{school_b.gp['plan'].pk}/pdf/").status_code == 404
    assert client.get(f"/{slug}/ihp/{school_b.gp['ihp'].pk}/pdf/").status_code == 404
    assert client.get(f"/{slug}/opp/{school_b.gp['opp'].pk}/pdf/").status_code == 404
    assert login("docent").get(opp_pdf_url(world)).status_code == 403


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


#: The whole plan-PDF request, equal for 4 and 16 pupils: request overhead (savepoint, role,
#: session, user, school, memberships), the plan and its rights (access_plan), the overview
#: with its rights (access_overzicht), the overview grid and mentors (as the overview PDF),
#: plangroepen, leden+leerling, doelen, rooster+docent, adjustments, IHP's, and one insert
#: of the per-pupil access events.
PLAN_PDF_QUERIES = 24


@pytest.mark.parametrize("aantal", [4, 16])
def test_plan_pdf_query_count_does_not_grow(
    aantal: int, world: SchoolWorld, login: Any, in_school: Any
) -> None:
    vul_plan(world, aantal, in_school)
    assert _queries(login("mentor"), plan_pdf_url(world)) == PLAN_PDF_QUERIES


#: IHP PDF (equal for 1 and 6 agreements): request overhead, the IHP via the visible plans,
#: access_plan, the IHP with plan/overview/klas, mentors, agreements, the access-event insert.
IHP_PDF_QUERIES = 15
#: OPP PDF (equal for 1 and 6 agreements and subjects): request overhead, the OPP of a visible
#: pupil, the mentor check, the current class, its mentors, verwachtingen with vak,
#: agreements, the access-event insert.
OPP_PDF_QUERIES = 15


@pytest.mark.parametrize("aantal", [1, 6])
def test_ihp_and_opp_pdf_query_counts_do_not_grow(
    aantal: int, world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        for i in range(aantal):
            s.instemming_vastleggen(
                handelingsplan=world.gp["ihp"],
                naam=f"Ouder {i}",
                relatie="ouder",
                datum=dt.date(2026, 1, 5),
                wijze="gesprek",
                user=world.users["mentor"],
            )
            s.instemming_vastleggen(
                ontwikkelingsperspectief=world.gp["opp"],
                naam=f"Ouder {i}",
                relatie="ouder",
                datum=dt.date(2026, 1, 5),
                wijze="gesprek",
                user=world.users["mentor"],
            )
        vakken = [
            f.VakFactory(school=world.school, naam=f"Vak {i}", afkorting=f"v{i}")
            for i in range(aantal)
        ]
        s.opp_update(
            opp=world.gp["opp"],
            version=world.gp["opp"].versie,
            verwachtingen={v.pk: "2F" for v in vakken},
        )
    client = login("mentor")
    assert (
        _queries(client, ihp_pdf_url(world)),
        _queries(client, opp_pdf_url(world)),
    ) == (IHP_PDF_QUERIES, OPP_PDF_QUERIES)
