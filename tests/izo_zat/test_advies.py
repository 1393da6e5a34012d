"""Handelingsadviezen of the IZO land as proposals on the class's groepsplan; the mentor takes
one over (reworded) into the plan or the pupil's IHP, or explains why not. Who may judge,
what the plan and the traject show, and what happens without a plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from groepsplan.ihp_opp.models import Handelingsplan
from groepsplan.models import Plangroep
from izo_zat.advies.services import handelingsadvies_create
from izo_zat.models import Handelingsadvies

from ..world import SchoolWorld
from .helpers import izo_plannen, sanne_geaccepteerd, url, verslag_schrijven


def _advies(world: SchoolWorld, in_school: Any, *, bestemming: str = "groepsplan") -> Any:
    traject = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=timezone.localdate() + dt.timedelta(days=3))
    verslag = verslag_schrijven(world, in_school, overleg, traject)
    with in_school(world.school):
        return handelingsadvies_create(
            izo_verslag=verslag,
            tekst="Geef Sanne de tekst een dag vooraf, met drie kernvragen.",
            bestemming=bestemming,
            user=world.users["zorgcoordinator"],
        )


def test_the_proposal_shows_on_the_plan_for_who_writes_it(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    advies = _advies(world, in_school)
    plan = url(world, "groepsplan-detail", plan_id=world.gp["plan"].pk)
    body = login("mentor").get(plan).content.decode()
    assert "Handelingsadviezen van het zorgteam" in body
    assert "Geef Sanne de tekst een dag vooraf" in body
    assert url(world, "izo-advies-beoordelen", advies_id=advies.pk) in body
    # The teacher reads the plan, not the zorgteam's open proposals.
    assert "Handelingsadviezen van het zorgteam" not in login("docent").get(plan).content.decode()
    # The mentor finds it on the home page too.
    assert (
        "Handelingsadviezen om over te nemen"
        in login("mentor").get(url(world, "home")).content.decode()
    )


def test_taking_it_over_writes_it_into_the_groups_aanpak(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    advies = _advies(world, in_school)
    pagina = url(world, "izo-advies-beoordelen", advies_id=advies.pk)
    client = login("mentor")
    form = client.get(pagina)
    assert form.status_code == 200
    subgroep = world.gp["subgroep"]
    assert form.context["form"].initial["plangroep"] == subgroep.pk  # the group Sanne is in
    response = client.post(
        pagina,
        {
            "actie": "overnemen",
            "tekst": "Tekst een dag vooraf geven, met drie kernvragen.",
            "plangroep": subgroep.pk,
            "veld": "aanpak",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url(world, "groepsplan-detail", plan_id=world.gp["plan"].pk)
    with in_school(world.school):
        aanpak = Plangroep.objects.get(pk=subgroep.pk).aanpak
        fresh = Handelingsadvies.objects.get(pk=advies.pk)
    assert "Tekst een dag vooraf geven, met drie kernvragen." in aanpak
    assert "(handelingsadvies IZO" in aanpak
    assert (fresh.status, fresh.groepsplan_id, fresh.beoordeeld_door_id) == (
        "overgenomen",
        world.gp["plan"].pk,
        world.users["mentor"].pk,
    )
    # Judged once: the page says so and a second POST changes nothing.
    again = client.post(pagina, {"actie": "overnemen", "tekst": "Nog eens", "veld": "aanpak"})
    assert again.status_code == 400
    with in_school(world.school):
        assert Plangroep.objects.get(pk=subgroep.pk).aanpak == aanpak


def test_an_ihp_advice_lands_in_the_pupils_ihp(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    advies = _advies(world, in_school, bestemming="ihp")
    response = login("mentor").post(
        url(world, "izo-advies-beoordelen", advies_id=advies.pk),
        {"actie": "overnemen", "tekst": "Pre-teaching van de woordenschat."},
    )
    assert response.status_code == 302
    with in_school(world.school):
        ihp = Handelingsplan.objects.get(pk=world.gp["ihp"].pk)
    assert "Pre-teaching van de woordenschat." in ihp.aanpak
    assert ihp.versie == world.gp["ihp"].versie + 1


def test_not_taking_it_over_needs_a_reason_the_zorgteam_reads(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    advies = _advies(world, in_school)
    pagina = url(world, "izo-advies-beoordelen", advies_id=advies.pk)
    client = login("mentor")
    response = client.post(pagina, {"actie": "niet", "toelichting": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["toelichting"] == [
        "Schrijf op waarom het advies niet past; het zorgteam leest het."
    ]
    response = client.post(
        pagina, {"actie": "niet", "toelichting": "Niet haalbaar met 31 leerlingen."}
    )
    assert response.status_code == 302
    traject = url(world, "izo-traject-detail", traject_id=advies.traject_id)
    body = login("zorgcoordinator").get(traject).content.decode()
    assert "Niet overgenomen" in body and "Niet haalbaar met 31 leerlingen." in body


def test_who_may_judge(world: SchoolWorld, login: Any, in_school: Any) -> None:
    advies = _advies(world, in_school)
    pagina = url(world, "izo-advies-beoordelen", advies_id=advies.pk)
    assert login("docent").get(pagina).status_code == 404  # teaches Sanne, no traject access
    # The teamleider sees the traject but does not write the plan: reads only.
    response = login("teamleider").get(pagina)
    assert (
        response.status_code == 200
        and "De mentor van de klas beoordeelt" in response.content.decode()
    )
    assert (
        login("teamleider").post(pagina, {"actie": "niet", "toelichting": "x"}).status_code == 403
    )


def test_without_a_plan_the_page_says_what_to_do_first(world: SchoolWorld, login: Any) -> None:
    pagina = url(world, "izo-advies-beoordelen", advies_id=world.izo["advies"].pk)
    client = login("zorgcoordinator")
    assert "Er is nog geen groepsplan" in client.get(pagina).content.decode()
    response = client.post(pagina, {"actie": "overnemen", "tekst": "Vaste plek"})
    assert response.status_code == 400
    assert "Maak eerst het groepsplan." in response.content.decode()
