"""The prepared IZO aanmelding (bijlage 20): opened by an "aanmelden bij IZO" decision,
pre-filled from the pupil's data, saved as a concept with a version, seen only by the
aanmelder, the mentor and the zorgcoördinator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from besprekingen.bilateraal import services as bs_bilateraal
from besprekingen.vergadering import services as bs_vergadering
from groepsoverzicht.models import Resultaat, Toetsmoment
from izo_zat.aanmelding.forms import ONDERSTEUNING as CHECKBOXES
from izo_zat.aanmelding.services import aanmelding_voorbereiden
from izo_zat.models import Aanmelding
from tests.auth_helpers import log_in_verified
from zorgroute.celery import app
from zorgroute.models import AccessEvent, Rol, Wachtrijbericht

from .. import factories as f
from ..world import SchoolWorld


def _url(world: SchoolWorld, aanmelding: Aanmelding | None = None) -> str:
    aanmelding = aanmelding or world.bs["aanmelding"]
    return reverse(
        "izo-aanmelding", kwargs={"school": world.school.slug, "aanmelding_id": aanmelding.pk}
    )


def _post_data(response: Any, **extra: Any) -> dict[str, Any]:
    """What the browser would send back: the form's current values, changed by `extra`."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if name in CHECKBOXES:
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(extra)
    return data


# --- opened by the decision --------------------------------------------------------------------


def test_izo_decision_opens_one_concept_aanmelding_for_the_mentor(
    world: SchoolWorld, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    leerling = world.leerling
    with in_school(world.school):
        with django_capture_on_commit_callbacks(execute=True):
            besluit = bs_vergadering.besluit_vastleggen(
                bespreking=world.bs["bespreking"],
                punt="izo",
                leerling=leerling,
                soort="izo",
                tekst="Toch aanmelden: ook rekenen loopt terug.",
                user=world.users["zorgcoordinator"],
            )
        aanmeldingen = list(Aanmelding.objects.filter(besluit=besluit))
        assert len(aanmeldingen) == 1
        aanmelding = aanmeldingen[0]
        assert aanmelding.aanmelder == world.users["mentor"]
        assert aanmelding.status == "concept"
        assert aanmelding.groep == world.groep
        # Idempotent: a replay never opens a second one.
        assert aanmelding_voorbereiden(besluit=besluit, aanmelder=world.users["mentor"]) == (
            aanmelding
        )
        assert Aanmelding.objects.filter(besluit=besluit).count() == 1
        # Another kind of decision opens nothing.
        with django_capture_on_commit_callbacks(execute=True):
            afspraak = bs_vergadering.besluit_vastleggen(
                bespreking=world.bs["bespreking"],
                punt="signaleren",
                leerling=leerling,
                soort="afspraak",
                tekst="Sanne zit vooraan.",
                user=world.users["mentor"],
            )
        assert not Aanmelding.objects.filter(besluit=afspraak).exists()


TAAK = "izo_zat.aanmelding_voorbereiden"


def test_the_decision_queues_the_aanmelding_in_its_transaction(
    world: SchoolWorld, in_school: Any
) -> None:
    """besprekingen queues izo_zat's task by name inside the decision's transaction: until
    it commits there is no aanmelding yet, and a refused decision queues nothing."""
    with in_school(world.school):
        besluit = bs_vergadering.besluit_vastleggen(
            bespreking=world.bs["bespreking"],
            punt="izo",
            leerling=world.leerling,
            soort="izo",
            tekst="Aanmelden: lezen blijft achter.",
            user=world.users["zorgcoordinator"],
        )
        berichten = Wachtrijbericht.objects.filter(taak=TAAK)
        assert [b.kwargs for b in berichten] == [
            {"school_id": world.school.pk, "besluit_id": besluit.pk}
        ]
        assert not Aanmelding.objects.filter(besluit=besluit).exists()
        with pytest.raises(ValidationError):
            bs_vergadering.besluit_vastleggen(
                bespreking=world.bs["bespreking"],
                punt="izo",
                leerling=world.leerling,
                soort="izo",
                tekst="  ",
                user=world.users["zorgcoordinator"],
            )
        assert berichten.count() == 1


def test_the_task_prepares_one_aanmelding_however_often_it_runs(
    world: SchoolWorld, in_school: Any
) -> None:
    """Delivery is at least once: a second run finds the aanmelding of the decision."""
    with in_school(world.school):
        besluit = bs_vergadering.besluit_vastleggen(
            bespreking=world.bs["bespreking"],
            punt="izo",
            leerling=world.leerling,
            soort="izo",
            tekst="Aanmelden: lezen blijft achter.",
            user=world.users["zorgcoordinator"],
        )
    kwargs = {"besluit_id": besluit.pk, "school_id": world.school.pk}
    assert app.tasks[TAAK].apply(kwargs=kwargs).get() == 1
    assert app.tasks[TAAK].apply(kwargs=kwargs).get() == 1
    with in_school(world.school):
        aanmeldingen = list(Aanmelding.objects.filter(besluit=besluit))
    assert len(aanmeldingen) == 1
    assert aanmeldingen[0].aanmelder == world.users["mentor"]


# --- the page: pre-filled from the data ------------------------------------------------------


def test_page_is_prefilled_from_the_pupils_data_and_logged(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        regel = world.go["regel"]
        regel.stimulerend = "Sanne is behulpzaam en werkt graag samen."
        regel.werkhouding = "Begint pas na aansporing."
        regel.save()
    response = login("mentor").get(_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    leerling = world.leerling
    assert leerling.volledige_naam in body
    assert world.users["mentor"].volledige_naam in body  # aanmelder and mentor
    assert world.groep.naam in body
    assert "Begrijpend lezen" in body and ">IV<" not in body and "IV " in body  # the result
    assert "BL: IV, onder het ijkpunt III" in body  # signal with its reason
    assert "een instructie nodig die kort en duidelijk is" in body  # the need
    assert "Subgroep begrijpend lezen" in body  # the earlier plan
    assert "Sanne haakt af bij lange teksten" in body  # the question brought in (dossier)
    assert "vmbo-gt" in body  # the OPP
    assert "triage" in body and "concept" in body.lower()
    form = response.context["form"]
    # Initial text from the data; nothing stored yet.
    assert form["stimulerend"].value() == "Sanne is behulpzaam en werkt graag samen."
    assert form["werkhouding"].value() == "Begint pas na aansporing."
    assert "Subgroep begrijpend lezen" in form["al_gedaan"].value()
    with in_school(world.school):
        stored = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        assert stored.stimulerend == "" and stored.al_gedaan == ""
        assert AccessEvent.objects.filter(
            leerling=leerling, gebruiker=world.users["mentor"], pagina="izo-aanmelding"
        ).exists()


def test_save_concept_and_parents_not_informed_needs_a_reason(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("mentor")
    page = client.get(_url(world))
    data = _post_data(
        page,
        ouders_op_de_hoogte="nee",
        reden_ouders_niet_op_de_hoogte="  ",
        hulpvraag_leerling="Sanne wil leren hoe ze een lange tekst aanpakt.",
        ondersteuning_leerling="on",
    )
    response = client.post(_url(world), data)
    assert response.status_code == 400
    assert response.context["form"].errors["reden_ouders_niet_op_de_hoogte"] == [
        "Schrijf op waarom de ouders niet op de hoogte zijn van de aanmelding."
    ]
    assert "Sanne wil leren hoe ze een lange tekst aanpakt." in response.content.decode()

    data["reden_ouders_niet_op_de_hoogte"] = "Eerst gesprek met Sanne zelf; ouders volgende week."
    response = client.post(_url(world), data)
    assert response.status_code == 302
    with in_school(world.school):
        a = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        assert a.ouders_op_de_hoogte is False
        assert a.reden_ouders_niet_op_de_hoogte.startswith("Eerst gesprek")
        assert a.hulpvraag_leerling.startswith("Sanne wil leren")
        assert a.ondersteuning_leerling and not a.ondersteuning_ouders
        assert "Subgroep begrijpend lezen" in a.al_gedaan  # the accepted initial text
        assert a.status == "concept"
    # Saved once: the form now shows what is stored, not suggestions.
    again = client.get(_url(world)).context["form"]
    assert again["ouders_op_de_hoogte"].value() == "nee"


def test_stale_save_is_409_with_input_kept(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("mentor")
    stale = _post_data(client.get(_url(world)), probleem="Mijn versie van het probleem.")
    with in_school(world.school):
        a = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        a.probleem = "Versie van de collega."
        a.save()
    response = client.post(_url(world), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mijn versie van het probleem." in body
    assert "Versie van de collega." in body
    with in_school(world.school):
        assert Aanmelding.objects.get(pk=a.pk).probleem == "Versie van de collega."
    # The form now carries the current version: saving again replaces it knowingly.
    again = _post_data(response)
    assert client.post(_url(world), again).status_code == 302
    with in_school(world.school):
        assert Aanmelding.objects.get(pk=a.pk).probleem == "Mijn versie van het probleem."


# --- who may open it -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 200),
        ("zorgcoordinator", 200),
        ("docent", 404),  # teaches the pupil but is not the mentor
        ("teamleider", 404),
        ("schoolleider", 403),
        ("zat_lid", 403),
        ("beheerder", 403),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_aanmelding(
    world: SchoolWorld, login: Any, persona: str, status: int
) -> None:
    assert login(persona).get(_url(world)).status_code == status


def test_zorgcoordinator_reads_but_does_not_write(world: SchoolWorld, login: Any) -> None:
    client = login("zorgcoordinator")
    page = client.get(_url(world))
    assert "Opslaan als concept" not in page.content.decode()
    assert client.post(_url(world), _post_data(page)).status_code == 403


def test_aanmelder_who_no_longer_sees_the_pupil_gets_404(
    world: SchoolWorld, client: Any, in_school: Any
) -> None:
    ander = f.GebruikerFactory(email=f"oud@{world.school.slug}.example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=ander, rol=Rol.DOCENT)
    with in_school(world.school):
        a = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        a.aanmelder = ander
        a.save()
    log_in_verified(client, ander)
    assert client.get(_url(world)).status_code == 404


# --- query count -----------------------------------------------------------------------------


@pytest.mark.parametrize("aantal", [1, 8])
def test_page_query_count_does_not_grow_with_the_data(
    aantal: int,
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_assert_num_queries: Any,
) -> None:
    today = timezone.localdate()
    with in_school(world.school):
        for i in range(aantal):
            moment = f.create_in_school(
                Toetsmoment,
                school=world.school,
                instrument=world.go["instrument"],
                naam=f"X{i}",
                datum=world.schooljaar.startdatum + dt.timedelta(days=40 + i),
            )
            f.create_in_school(
                Resultaat,
                school=world.school,
                leerling=world.leerling,
                domein=world.go["domein"],
                toetsmoment=moment,
                waarde="III",
                rang=3,
                bron="handmatig",
            )
            bs_bilateraal.bilateraal_vastleggen(
                leerling=world.leerling,
                met=world.users["zorgcoordinator"],
                datum=today - dt.timedelta(days=i),
                onderwerp=f"Overleg {i}",
                afspraken=f"Afspraak {i}",
                user=world.users["mentor"],
                actie_omschrijving=f"Actie {i}",
            )
    client = login("mentor")
    client.get(_url(world))  # warm up (session, caches)
    with django_assert_num_queries(QUERIES_PAGE):
        assert client.get(_url(world)).status_code == 200


#: The aanmelding page on PostgreSQL, whatever the number of results and besprekingen: the
#: request's own queries (session, user, school, membership, RLS settings), the aanmelding,
#: class and mentors (2), results (1), latest overview rows with signals and needs (3),
#: plans with goals and evaluations (3), IHPs, OPP, earlier aanmeldingen (3), the dossier
#: timeline (4) and the access-log insert.
QUERIES_PAGE = 28
