"""Bilateraal overleg: recorded from the pupil page, lands in the pupil's dossier timeline and
on the agenda of the class's next groepsbespreking; need-to-know (a docent who does not
teach the pupil gets a 404 and sees nothing of it)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from besprekingen.models import Actie, Besluit, BesluitSoort, Bespreking, Soort
from besprekingen.selectors import open_bilaterale_overleggen
from tests.auth_helpers import log_in_verified
from zorgroute.models import Rol

from .. import factories as f
from ..world import SchoolWorld


def _url(world: SchoolWorld, leerling: Any = None) -> str:
    leerling = leerling or world.leerling
    return reverse(
        "bilateraal-create", kwargs={"school": world.school.slug, "leerling_uuid": leerling.uuid}
    )


def _detail(world: SchoolWorld) -> str:
    return reverse(
        "leerling-detail",
        kwargs={"school": world.school.slug, "leerling_uuid": world.leerling.uuid},
    )


def _data(world: SchoolWorld, **extra: Any) -> dict[str, Any]:
    return {
        "met": world.users["zorgcoordinator"].pk,
        "datum": "",
        "onderwerp": "Faalangst bij toetsen",
        "afspraken": "Sanne mag toetsen in een aparte ruimte maken; evalueren over vier weken.",
        **extra,
    }


def _andere_docent(world: SchoolWorld) -> Any:
    docent = f.GebruikerFactory(email=f"ander@{world.school.slug}.example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=docent, rol=Rol.DOCENT)
    return docent


def test_form_offers_zorgteam_and_teamleiders_with_today_as_default(
    world: SchoolWorld, login: Any
) -> None:
    response = login("mentor").get(_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    form = response.context["form"]
    keuzes = {pk for pk, _label in form.fields["met"].choices if pk}
    assert keuzes == {world.users["zorgcoordinator"].pk, world.users["teamleider"].pk}
    assert "Bilateraal overleg vastleggen" in body
    assert 'type="date"' in body
    assert form["datum"].value() is not None


def test_zorgteam_may_also_choose_mentor_and_teachers_of_the_class(
    world: SchoolWorld, login: Any
) -> None:
    form = login("zorgcoordinator").get(_url(world)).context["form"]
    keuzes = {pk for pk, _label in form.fields["met"].choices if pk}
    assert {world.users["mentor"].pk, world.users["docent"].pk, world.users["teamleider"].pk} <= (
        keuzes
    )
    assert world.users["zorgcoordinator"].pk not in keuzes


def test_bilateral_record_lands_in_timeline_and_on_next_groepsbespreking(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("mentor")
    data = _data(
        world,
        datum="",
        actie_omschrijving="Ouders bellen over de toetsafspraak",
        actie_eigenaar=world.users["zorgcoordinator"].pk,
        actie_deadline="",
    )
    data["datum"] = str(world.bs["bilateraal"].datum)
    response = client.post(_url(world), data)
    assert response.status_code == 302
    assert response["Location"] == _detail(world)

    with in_school(world.school):
        overleg = Bespreking.objects.filter(
            soort=Soort.BILATERAAL, onderwerp="Faalangst bij toetsen"
        ).get()
        assert overleg.leerling_id == world.leerling.pk
        besluit = Besluit.objects.get(bespreking=overleg)
        assert besluit.soort == BesluitSoort.BILATERAAL
        actie = Actie.objects.get(bespreking=overleg)
        assert actie.eigenaar == world.users["zorgcoordinator"]
        agenda = open_bilaterale_overleggen(world.bs["bespreking"])
        assert overleg in agenda

    page = client.get(_detail(world)).content.decode()
    assert "aparte ruimte" in page
    assert "Ouders bellen over de toetsafspraak" in page
    # The zorgcoördinator, the other party, sees it too.
    client.logout()
    assert "aparte ruimte" in login("zorgcoordinator").get(_detail(world)).content.decode()


def test_missing_agreements_is_a_dutch_error_on_the_field_and_input_is_kept(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login("mentor").post(_url(world), _data(world, afspraken="  ", datum="2026-01-05"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["afspraken"] == ["Schrijf de afspraken op."]
    body = response.content.decode()
    assert "Faalangst bij toetsen" in body
    with in_school(world.school):
        assert not Bespreking.objects.filter(onderwerp="Faalangst bij toetsen").exists()


def test_partner_must_be_from_the_list(world: SchoolWorld, login: Any) -> None:
    data = _data(world, met=world.users["docent"].pk, datum="2026-01-05")
    response = login("mentor").post(_url(world), data)
    assert response.status_code == 400
    assert response.context["form"].errors["met"] == ["Kies iemand uit de lijst."]


def test_docent_not_teaching_the_pupil_gets_404_and_sees_nothing(
    world: SchoolWorld, client: Any
) -> None:
    log_in_verified(client, _andere_docent(world))
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), _data(world, datum="2026-01-05")).status_code == 404
    assert client.get(_detail(world)).status_code == 404
    home = client.get(reverse("home", kwargs={"school": world.school.slug})).content.decode()
    assert "vaste plek vooraan" not in home


def test_outsider_and_roles_without_permission(world: SchoolWorld, login: Any) -> None:
    assert login("outsider").get(_url(world)).status_code == 404
    for persona in ("schoolleider", "beheerder", "zat_lid"):
        assert login(persona).get(_url(world)).status_code in (403, 404)
    # The teamleider of the afdeling sees the pupil and may record an overleg.
    assert login("teamleider").get(_url(world)).status_code == 200
