"""Exact query counts of the IZO/ZAT lists, agendas, report pages and PDFs at two sizes: the
count must not grow with the number of meetings, cases, decisions or actions. (The IZO
agenda, the traject page and the ZAT case page are pinned in test_overleg and test_zat.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from izo_zat.advies.services import handelingsadvies_create
from izo_zat.models import IzoVerslag, Traject, Zatcasus, Zorgoverleg
from izo_zat.overleg.services import izo_verslag_update, izobesluit_create, overleg_plannen
from izo_zat.toestemming.services import toestemming_vastleggen
from izo_zat.traject.services import traject_verkort_openen
from izo_zat.zat.services import (
    doorverwijzing_create,
    traject_delen,
    zat_aanmelden,
    zat_actie_create,
    zat_verslag_update,
)

from .. import factories as f
from ..world import SchoolWorld
from .helpers import url

VANDAAG = timezone.localdate


def _zorg(world: SchoolWorld) -> Any:
    return world.users["zorgcoordinator"]


def _meer_casussen(world: SchoolWorld, in_school: Any, aantal: int) -> None:
    """`aantal` more pupils of 1B, each discussed in the world's IZO, referred to the ZAT with
    consent, shared with the ZAT-lid and discussed in the world's ZAT meeting."""
    zorg = _zorg(world)
    with in_school(world.school):
        izo = Zorgoverleg.objects.get(pk=world.izo["overleg"].pk)
        zat_overleg = Zorgoverleg.objects.get(pk=world.izo["zat_overleg"].pk)
        for i in range(aantal):
            leerling = f.LeerlingFactory(school=world.school, voornaam=f"Casus{i}")
            f.PlaatsingFactory(groep=world.andere_groep, leerling=leerling)
            traject = traject_verkort_openen(
                leerling=leerling, reden="Acuut.", izo_datum=izo.datum, user=zorg
            )
            verslag = izo_verslag_update(
                overleg=izo, traject=traject, version=None, velden={"samenvatting": "x"}, user=zorg
            )
            besluit = izobesluit_create(
                verslag=verslag, soort="zat", omschrijving=f"Vraag {i}", user=zorg
            )
            izobesluit_create(
                verslag=verslag, soort="ouders", omschrijving="Opvoedondersteuning", user=zorg
            )
            handelingsadvies_create(
                izo_verslag=verslag, tekst="Vaste plek", bestemming="groepsplan", user=zorg
            )
            toestemming_vastleggen(
                leerling=leerling,
                doel="zat",
                gegeven_door="ouder",
                naam_gever="Ouder",
                gegeven_op=VANDAAG(),
                geldig_tot=VANDAAG() + dt.timedelta(days=100),
                user=zorg,
            )
            casus = zat_aanmelden(izobesluit=besluit, user=zorg)
            traject_delen(
                casus=casus,
                gebruiker=world.users["zat_lid"],
                geldig_tot=VANDAAG() + dt.timedelta(days=50),
                user=zorg,
            )
            zat_verslag_update(
                overleg=zat_overleg, casus=casus, version=None, velden={"analyse": "a"}, user=zorg
            )
            zat_actie_create(
                casus=casus,
                wat="Gesprek",
                partner=world.izo["partner"],
                deadline=VANDAAG() + dt.timedelta(days=5),
                user=zorg,
            )
        for dagen in range(aantal):
            overleg_plannen(
                soort="izo",
                datum=VANDAAG() + dt.timedelta(days=20 + dagen),
                voorzitter=zorg,
                user=zorg,
                school_id=world.school.pk,
                deelnemer_ids=[world.users["teamleider"].pk],
            )
            overleg_plannen(
                soort="zat",
                datum=VANDAAG() + dt.timedelta(days=20 + dagen),
                voorzitter=zorg,
                user=zorg,
                school_id=world.school.pk,
                deelnemer_ids=[world.users["zat_lid"].pk],
            )


def _pages(world: SchoolWorld) -> dict[str, tuple[str, str, int]]:
    """page -> (persona, url, exact queries)."""
    izo, zat_overleg = world.izo["overleg"], world.izo["zat_overleg"]
    return {
        # Page basics (8) and one query for the meetings with their counts.
        "izo-overleg-list": ("zorgcoordinator", url(world, "izo-overleg-list"), 9),
        "zat-overleg-list": ("zat_lid", url(world, "zat-overleg-list"), 9),
        # The cases with class and care coordinator in one query.
        "zat-casus-list": ("zat_lid", url(world, "zat-casus-list"), 9),
        "zat-casus-list-zc": ("zorgcoordinator", url(world, "zat-casus-list"), 9),
        # The meeting, its attendees, the cases due with their class, and the reports.
        "zat-overleg-detail": (
            "zat_lid",
            url(world, "zat-overleg-detail", zatoverleg_id=zat_overleg.pk),
            12,
        ),
        "izo-overleg-detail-teamleider": (
            "teamleider",
            url(world, "izo-overleg-detail", overleg_id=izo.pk),
            11,
        ),
        # One pupil in the IZO: the report, the agenda for previous/next, decisions with
        # their ZAT cases, adviezen, earlier reports with decisions, the consent, the class.
        "izo-verslag": (
            "zorgcoordinator",
            url(world, "izo-verslag", overleg_id=izo.pk, traject_id=world.izo["traject"].pk),
            26,
        ),
        "zat-verslag": (
            "zat_lid",
            url(
                world,
                "zat-verslag",
                zatoverleg_id=zat_overleg.pk,
                zatcasus_id=world.izo["casus"].pk,
            ),
            16,
        ),
        # The PDFs' contexts: the report with decisions and adviezen; the plan van aanpak.
        "izo-verslag-pdf": (
            "zorgcoordinator",
            url(world, "izo-verslag-pdf", verslag_id=world.izo["verslag"].pk),
            15,
        ),
        # 16, was 15: access_zatcasus now logs every read of a shared case on behalf of
        # the partner, the PDF included (one look-up of the partner's name, not per row).
        "zat-plan-pdf": (
            "zat_lid",
            url(world, "zat-plan-pdf", zatcasus_id=world.izo["casus"].pk),
            16,
        ),
        "izo-aanmelding-pdf": (
            "mentor",
            url(world, "izo-aanmelding-pdf", aanmelding_id=world.bs["aanmelding"].pk),
            27,
        ),
    }


PAGES = [
    "izo-overleg-list",
    "zat-overleg-list",
    "zat-casus-list",
    "zat-casus-list-zc",
    "zat-overleg-detail",
    "izo-overleg-detail-teamleider",
    "izo-verslag",
    "zat-verslag",
    "izo-verslag-pdf",
    "zat-plan-pdf",
    "izo-aanmelding-pdf",
]


def _meer_voor_dit_verslag(world: SchoolWorld, in_school: Any) -> None:
    """More decisions and adviezen on Daan's own report and actions on his case (the pages
    of one report or case must not grow with them either)."""
    zorg = _zorg(world)
    with in_school(world.school):
        verslag = IzoVerslag.objects.get(pk=world.izo["verslag"].pk)
        casus = Zatcasus.objects.get(pk=world.izo["casus"].pk)
        for i in range(4):
            izobesluit_create(verslag=verslag, soort="ouders", omschrijving=f"Steun {i}", user=zorg)
            handelingsadvies_create(
                izo_verslag=verslag, tekst=f"Advies {i}", bestemming="groepsplan", user=zorg
            )
            zat_actie_create(
                casus=casus,
                wat=f"Actie {i}",
                partner=world.izo["partner"],
                deadline=VANDAAG() + dt.timedelta(days=i + 1),
                user=zorg,
            )
            doorverwijzing_create(casus=casus, soort="ggz", user=zorg)
        # An earlier, closed IZO of Daan: one more earlier report on the page.
        vroeg = Zorgoverleg.objects.create(
            school=world.school,
            soort="izo",
            datum=VANDAAG() - dt.timedelta(days=30),
            voorzitter=zorg,
            aangemaakt_door=zorg,
            status="afgesloten",
        )
        IzoVerslag.objects.create(
            school=world.school,
            overleg=vroeg,
            traject=Traject.objects.get(pk=world.izo["traject"].pk),
            samenvatting="Eerder",
        )


@pytest.mark.parametrize("page", PAGES)
def test_query_count_is_the_same_at_two_sizes(
    page: str,
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_assert_num_queries: Any,
) -> None:
    persona, pagina, queries = _pages(world)[page]
    client = login(persona)
    assert client.get(pagina).status_code == 200
    with django_assert_num_queries(queries):
        klein = client.get(pagina)
    _meer_casussen(world, in_school, 4)
    _meer_voor_dit_verslag(world, in_school)
    with django_assert_num_queries(queries):
        groot = client.get(pagina)
    assert groot.status_code == klein.status_code == 200
    if page in GROEIT:
        assert len(groot.content) > len(klein.content), "the larger data set shows more"


#: Pages that show more at the larger size (the others show one report or form).
GROEIT = {
    "izo-overleg-list",
    "zat-overleg-list",
    "zat-casus-list",
    "zat-casus-list-zc",
    "zat-overleg-detail",
    "izo-verslag",
    "izo-verslag-pdf",
    "zat-plan-pdf",
}
