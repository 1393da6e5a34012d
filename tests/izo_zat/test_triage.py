"""From aanmelding to traject (issue 6): submitting to the zorgteam, the zorgcoördinator's
triage (accept and schedule, ask for information, send back), the mails after commit,
starting an aanmelding from the pupil, the lists and the home panel, and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from izo_zat.aanmelding.forms import ONDERSTEUNING as CHECKBOXES
from izo_zat.aanmelding.services import aanmelding_indienen, aanmelding_update
from izo_zat.models import Aanmelding, Traject, Triagebesluit

from .. import factories as f
from ..world import SchoolWorld

COMPLEET = {
    "ouders_op_de_hoogte": "ja",
    "probleem": "Sanne haakt af bij lange teksten en haar cijfers voor lezen dalen.",
    "hulpvraag_leerling": "Sanne wil leren hoe ze een lange tekst aanpakt.",
    "begeleidingsvraag": "Hoe geven wij instructie die kort en duidelijk is?",
}


def _url(name: str, world: SchoolWorld, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def _aanmelding_url(world: SchoolWorld, aanmelding: Aanmelding | None = None) -> str:
    aanmelding = aanmelding or world.bs["aanmelding"]
    return _url("izo-aanmelding", world, aanmelding_id=aanmelding.pk)


def _indienen_url(world: SchoolWorld) -> str:
    return _url("izo-aanmelding-indienen", world, aanmelding_id=world.bs["aanmelding"].pk)


def _triage_url(world: SchoolWorld) -> str:
    return _url("izo-triage", world, aanmelding_id=world.bs["aanmelding"].pk)


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


def _aanmelding(world: SchoolWorld, in_school: Any) -> Aanmelding:
    with in_school(world.school):
        return Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)


def _ingediend(world: SchoolWorld, in_school: Any) -> Aanmelding:
    """Sanne's aanmelding, completed and submitted by the mentor (mails discarded)."""
    with in_school(world.school):
        a = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        velden = {k: v for k, v in COMPLEET.items() if k != "ouders_op_de_hoogte"}
        a = aanmelding_update(
            aanmelding=a, version=None, velden={**velden, "ouders_op_de_hoogte": True}
        )
        return aanmelding_indienen(aanmelding=a, version=None)


def _recipients() -> list[str]:
    return [adres for bericht in mail.outbox for adres in bericht.to]


# --- submitting --------------------------------------------------------------------------------


def test_submit_with_missing_fields_gives_dutch_errors_and_nothing_changes(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("mentor")
    page = client.get(_aanmelding_url(world))
    body = page.content.decode()
    assert "Indienen bij het zorgteam" in body and "Opslaan als concept" in body
    assert "komen met een volgende uitbreiding" not in body  # the old sentence is gone
    data = _post_data(page, probleem="Mijn beschrijving van het probleem.", ouders_op_de_hoogte="")
    data["hulpvraag_leerling"] = data["begeleidingsvraag"] = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_indienen_url(world), data)
    assert response.status_code == 400
    fouten = response.context["form"].errors
    assert fouten["hulpvraag_leerling"] == ["Beschrijf de hulpvraag van de leerling."]
    assert fouten["begeleidingsvraag"] == [
        "Beschrijf de begeleidingsvraag van de mentor en docenten."
    ]
    assert fouten["ouders_op_de_hoogte"] == ["Geef aan of de ouders op de hoogte zijn."]
    assert "probleem" not in fouten
    body = response.content.decode()
    assert "Niet ingediend" in body
    assert "Mijn beschrijving van het probleem." in body  # the input is kept
    # Nothing changed: not submitted, and not saved either (one transaction), no mail.
    a = _aanmelding(world, in_school)
    assert a.status == "concept" and a.probleem == "" and a.ingediend_op is None
    assert mail.outbox == []


def test_submit_saves_and_mails_the_zorgcoordinatoren(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login("mentor")
    data = _post_data(client.get(_aanmelding_url(world)), **COMPLEET)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_indienen_url(world), data)
    assert response.status_code == 302
    assert response["Location"] == _aanmelding_url(world)
    a = _aanmelding(world, in_school)
    assert a.status == "ingediend" and a.ingediend_op is not None
    assert a.probleem == COMPLEET["probleem"] and a.ouders_op_de_hoogte is True
    assert _recipients() == [world.users["zorgcoordinator"].email]
    assert mail.outbox[0].subject.startswith("Nieuwe IZO-aanmelding: Sanne")
    # The applicant sees the status; the form is read-only now.
    body = client.get(_aanmelding_url(world)).content.decode()
    assert "Ingediend, wacht op triage" in body
    assert "Indienen bij het zorgteam" not in body and "Opslaan als concept" not in body
    assert "ingediend bij het zorgteam" in body  # the success message
    # Submitting again is refused (no longer editable).
    assert client.post(_indienen_url(world), data).status_code == 403


def test_stale_submit_is_409_with_input_kept(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("mentor")
    stale = _post_data(client.get(_aanmelding_url(world)), **COMPLEET)
    with in_school(world.school):
        a = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        a.probleem = "Versie van de collega."
        a.save()
    response = client.post(_indienen_url(world), stale)
    assert response.status_code == 409
    body = response.content.decode()
    assert COMPLEET["probleem"] in body and "Versie van de collega." in body
    a = _aanmelding(world, in_school)
    assert a.status == "concept" and a.probleem == "Versie van de collega."
    # Submitting the form as shown (now with the current version) goes through.
    assert client.post(_indienen_url(world), _post_data(response)).status_code == 302
    assert _aanmelding(world, in_school).status == "ingediend"


# --- triage outcomes ---------------------------------------------------------------------------


def test_accept_opens_the_traject_with_the_izo_date_and_mails_the_applicant(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ingediend(world, in_school)
    client = login("zorgcoordinator")
    page = client.get(_triage_url(world))
    assert page.status_code == 200
    body = page.content.decode()
    assert COMPLEET["hulpvraag_leerling"] in body  # the submitted aanmelding, read-only
    volgende_week = timezone.localdate() + dt.timedelta(days=7)
    assert page.context["form"]["izo_datum"].value() == volgende_week
    izo = timezone.localdate() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _triage_url(world),
            {"uitkomst": "accepteren", "reden": "Duidelijke hulpvraag.", "izo_datum": izo},
        )
    assert response.status_code == 302
    assert response["Location"] == _url("izo-aanmelding-list", world)
    with in_school(world.school):
        a = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        traject = Traject.objects.get(aanmelding=a)
        besluit = Triagebesluit.objects.get(aanmelding=a)
    assert a.status == "geaccepteerd"
    assert traject.izo_datum == izo and traject.status == "open" and traject.zorgniveau == "2"
    assert besluit.door_id == world.users["zorgcoordinator"].pk
    assert besluit.reden == "Duidelijke hulpvraag." and besluit.uitkomst == "accepteren"
    assert _recipients() == [world.users["mentor"].email]
    assert "geaccepteerd" in mail.outbox[0].subject
    # The applicant sees the IZO date, the link to the traject and the history.
    body = login("mentor").get(_aanmelding_url(world)).content.decode()
    assert "Geaccepteerd, traject geopend" in body
    assert f'datetime="{izo:%Y-%m-%d}"' in body
    assert _url("izo-traject-detail", world, traject_id=traject.pk) in body
    assert "Duidelijke hulpvraag." in body and "Triagebesluiten" in body


def test_ask_for_information_then_complete_and_resubmit(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ingediend(world, in_school)
    zc = world.users["zorgcoordinator"]
    vraag = "Welke aanpassingen zijn er de afgelopen periode in de les al geprobeerd?"
    with django_capture_on_commit_callbacks(execute=True):
        response = login("zorgcoordinator").post(
            _triage_url(world),
            {
                "uitkomst": "info_vragen",
                "reden": "Ik kan nog niet inschatten wat er al gedaan is.",
                "gevraagde_informatie": vraag,
                "izo_datum": "",
            },
        )
    assert response.status_code == 302
    assert _aanmelding(world, in_school).status == "info_gevraagd"
    assert _recipients() == [world.users["mentor"].email]
    assert mail.outbox[0].subject.startswith("Informatie gevraagd")
    mail.outbox.clear()

    client = login("mentor")
    # The question is a task on the home page and at the top of the aanmelding.
    home = client.get(_url("home", world)).content.decode()
    assert "Informatie aanvullen:" in home and vraag in home
    page = client.get(_aanmelding_url(world))
    body = page.content.decode()
    assert "Taak: vul de gevraagde informatie aan" in body and vraag in body
    assert f"Gevraagd door {zc.volledige_naam} op" in body
    assert "Aanvullen en opnieuw indienen" in body
    data = _post_data(page, al_gedaan="Kortere teksten en een leesstrategie in twee lessen.")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_indienen_url(world), data)
    assert response.status_code == 302
    a = _aanmelding(world, in_school)
    assert a.status == "ingediend"
    assert a.al_gedaan == "Kortere teksten en een leesstrategie in twee lessen."
    assert _recipients() == [zc.email]
    assert "aangevuld" in mail.outbox[0].subject
    # Back in the inbox, marked as completed; the history keeps the question.
    inbox = login("zorgcoordinator").get(_url("izo-aanmelding-list", world))
    assert [x.pk for x in inbox.context["inbox"].wacht] == [a.pk]
    assert "aangevuld" in inbox.content.decode()
    triage_page = login("zorgcoordinator").get(_triage_url(world)).content.decode()
    assert vraag in triage_page


def test_send_back_shows_the_first_line_actions(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _ingediend(world, in_school)
    acties = "Twee weken vaste leesstrategie en korte instructie; daarna evalueren."
    with django_capture_on_commit_callbacks(execute=True):
        response = login("zorgcoordinator").post(
            _triage_url(world),
            {
                "uitkomst": "terugsturen",
                "reden": "Eerst de eerste lijn benutten.",
                "eerstelijns_acties": acties,
            },
        )
    assert response.status_code == 302
    assert _aanmelding(world, in_school).status == "teruggestuurd"
    assert _recipients() == [world.users["mentor"].email]
    assert "teruggestuurd" in mail.outbox[0].subject
    with in_school(world.school):
        assert not Traject.objects.filter(aanmelding_id=world.bs["aanmelding"].pk).exists()
    body = login("mentor").get(_aanmelding_url(world)).content.decode()
    assert "Eerst in de klas proberen" in body and acties in body
    assert "Eerst de eerste lijn benutten." in body
    assert "Indienen bij het zorgteam" not in body  # decided: read-only
    assert _url("izo-aanmelding-start", world, leerling_uuid=world.leerling.uuid) in body
    # Applying again later starts a new aanmelding; the sent-back one stays as it was.
    response = login("mentor").post(_start_url(world))
    with in_school(world.school):
        nieuw = Aanmelding.objects.filter(leerling=world.leerling).exclude(
            pk=world.bs["aanmelding"].pk
        )
        assert [a.status for a in nieuw] == ["concept"]
        assert response["Location"] == _aanmelding_url(world, nieuw[0])


@pytest.mark.parametrize(
    ("data", "veld", "melding"),
    [
        (
            {"uitkomst": "accepteren", "reden": " ", "izo_datum": "2099-01-05"},
            "reden",
            "Schrijf de reden van het besluit op; de aanmelder ziet die.",
        ),
        (
            {"uitkomst": "info_vragen", "reden": "Onvolledig."},
            "gevraagde_informatie",
            "Schrijf op welke informatie de aanmelder moet aanvullen.",
        ),
        (
            {"uitkomst": "terugsturen", "reden": "Eerst de klas."},
            "eerstelijns_acties",
            "Schrijf op welke acties de mentor eerst in de klas probeert.",
        ),
        (
            {"uitkomst": "accepteren", "reden": "Goed.", "izo_datum": ""},
            "izo_datum",
            "Kies in welk IZO de leerling besproken wordt.",
        ),
        ({"reden": "Goed."}, "uitkomst", "Kies een besluit."),
    ],
)
def test_triage_needs_a_reason_and_what_the_outcome_requires(
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_capture_on_commit_callbacks: Any,
    data: dict[str, str],
    veld: str,
    melding: str,
) -> None:
    _ingediend(world, in_school)
    with django_capture_on_commit_callbacks(execute=True):
        response = login("zorgcoordinator").post(_triage_url(world), data)
    assert response.status_code == 400
    assert response.context["form"].errors[veld] == [melding]
    if data.get("reden", "").strip():
        assert data["reden"] in response.content.decode()  # input kept
    a = _aanmelding(world, in_school)
    assert a.status == "ingediend"
    with in_school(world.school):
        assert not Triagebesluit.objects.filter(aanmelding=a).exists()
        assert not Traject.objects.filter(aanmelding=a).exists()
    assert mail.outbox == []


# --- who may triage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 403), ("teamleider", 403), ("docent", 403), ("zat_lid", 403), ("outsider", 404)],
)
def test_triage_by_anyone_but_the_zorgcoordinator_is_refused(
    world: SchoolWorld, login: Any, in_school: Any, persona: str, status: int
) -> None:
    _ingediend(world, in_school)
    client = login(persona)
    assert client.get(_triage_url(world)).status_code == status
    data = {"uitkomst": "accepteren", "reden": "Ik besluit.", "izo_datum": "2099-01-05"}
    assert client.post(_triage_url(world), data).status_code == status
    a = _aanmelding(world, in_school)
    assert a.status == "ingediend"
    with in_school(world.school):
        assert not Triagebesluit.objects.filter(aanmelding=a).exists()


def test_triage_of_a_concept_is_refused(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("zorgcoordinator")
    response = client.get(_triage_url(world))
    assert response.status_code == 302 and response["Location"] == _aanmelding_url(world)
    body = client.get(response["Location"]).content.decode()
    assert "nog niet ingediend; triage kan pas daarna" in body
    assert "Triage: besluit over deze aanmelding" not in body
    data = {"uitkomst": "accepteren", "reden": "Snel.", "izo_datum": "2099-01-05"}
    assert client.post(_triage_url(world), data).status_code == 403
    a = _aanmelding(world, in_school)
    assert a.status == "concept"
    with in_school(world.school):
        assert not Triagebesluit.objects.filter(aanmelding=a).exists()


def test_zorgcoordinator_sees_the_triage_button_on_a_submitted_aanmelding(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    _ingediend(world, in_school)
    body = login("zorgcoordinator").get(_aanmelding_url(world)).content.decode()
    assert _triage_url(world) in body
    assert _triage_url(world) not in login("mentor").get(_aanmelding_url(world)).content.decode()


# --- access to submitting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("docent", 404), ("teamleider", 404), ("outsider", 404), ("zorgcoordinator", 403)],
)
def test_only_the_applicant_and_mentor_submit(
    world: SchoolWorld, login: Any, in_school: Any, persona: str, status: int
) -> None:
    page = login("mentor").get(_aanmelding_url(world))
    data = _post_data(page, **COMPLEET)
    assert login(persona).post(_indienen_url(world), data).status_code == status
    assert _aanmelding(world, in_school).status == "concept"
    # GET on the submit URL answers like an unknown URL.
    assert login("mentor").get(_indienen_url(world)).status_code == 404


# --- starting directly from the pupil ----------------------------------------------------------


def _start_url(world: SchoolWorld, leerling: Any = None) -> str:
    leerling = leerling or world.leerling
    return _url("izo-aanmelding-start", world, leerling_uuid=leerling.uuid)


def _nieuwe_leerling(world: SchoolWorld) -> Any:
    leerling = f.LeerlingFactory(school=world.school, voornaam="Noor", achternaam="Visser")
    f.PlaatsingFactory(groep=world.groep, leerling=leerling)
    return leerling


@pytest.mark.parametrize("persona", ["mentor", "teamleider", "zorgcoordinator"])
def test_start_an_aanmelding_for_a_pupil(
    world: SchoolWorld, login: Any, in_school: Any, persona: str
) -> None:
    noor = _nieuwe_leerling(world)
    client = login(persona)
    page = client.get(_start_url(world, noor))
    assert page.status_code == 200
    assert "IZO-aanmelding starten voor Noor Visser" in page.content.decode()
    response = client.post(_start_url(world, noor))
    assert response.status_code == 302
    with in_school(world.school):
        a = Aanmelding.objects.get(leerling=noor)
    assert a.status == "concept" and a.aanmelder == world.users[persona]
    assert a.groep_id == world.groep.pk and a.besluit_id is None
    assert response["Location"] == _aanmelding_url(world, a)
    assert "gestart als concept" in client.get(response["Location"]).content.decode()
    # Starting again opens the same aanmelding, and says so.
    again = client.post(_start_url(world, noor))
    assert again["Location"] == _aanmelding_url(world, a)
    assert "loopt al een IZO-aanmelding" in client.get(again["Location"]).content.decode()
    with in_school(world.school):
        assert Aanmelding.objects.filter(leerling=noor).count() == 1


def test_start_when_someone_elses_aanmelding_is_under_way(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """The teamleider cannot open the mentor's concept: told so, no second aanmelding."""
    client = login("teamleider")
    response = client.post(_start_url(world))
    leerling_url = _url("leerling-detail", world, leerling_uuid=world.leerling.uuid)
    assert response.status_code == 302 and response["Location"] == leerling_url
    with in_school(world.school):
        assert Aanmelding.objects.filter(leerling=world.leerling).count() == 1
    # The mentor, whose concept it is, is taken to it.
    response = login("mentor").post(_start_url(world))
    assert response["Location"] == _aanmelding_url(world)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("docent", 403), ("outsider", 404), ("schoolleider", 403), ("zat_lid", 403)],
)
def test_who_may_not_start(
    world: SchoolWorld, login: Any, in_school: Any, persona: str, status: int
) -> None:
    noor = _nieuwe_leerling(world)
    # The docent sees Noor (they teach 1A) but is not the mentor: 403, not 404.
    client = login(persona)
    assert client.get(_start_url(world, noor)).status_code == status
    assert client.post(_start_url(world, noor)).status_code == status
    with in_school(world.school):
        assert not Aanmelding.objects.filter(leerling=noor).exists()


def test_mentor_cannot_start_for_a_pupil_they_do_not_see(world: SchoolWorld, login: Any) -> None:
    # Daan is in 1B, which the mentor has nothing to do with.
    assert login("mentor").post(_start_url(world, world.andere_leerling)).status_code == 404


# --- lists -------------------------------------------------------------------------------------


def test_list_shows_each_user_only_what_they_may_open(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    mentor_list = login("mentor").get(_url("izo-aanmelding-list", world))
    assert mentor_list.status_code == 200
    assert [a.pk for a in mentor_list.context["aanmeldingen"]] == [world.bs["aanmelding"].pk]
    assert "Concept (nog niet ingediend)" in mentor_list.content.decode()
    docent_list = login("docent").get(_url("izo-aanmelding-list", world))
    assert docent_list.status_code == 200 and docent_list.context["aanmeldingen"] == []
    assert world.leerling.volledige_naam not in docent_list.content.decode()
    assert login("outsider").get(_url("izo-aanmelding-list", world)).status_code == 404
    assert login("schoolleider").get(_url("izo-aanmelding-list", world)).status_code == 403
    # A concept is not in the zorgcoördinator's inbox; submitted, it waits for triage.
    zc = login("zorgcoordinator")
    assert zc.get(_url("izo-aanmelding-list", world)).context["inbox"].wacht == []
    _ingediend(world, in_school)
    inbox = zc.get(_url("izo-aanmelding-list", world))
    assert [a.pk for a in inbox.context["inbox"].wacht] == [world.bs["aanmelding"].pk]
    body = inbox.content.decode()
    assert "Wacht op triage" in body and "0 dagen" in body and _triage_url(world) in body


def _grow(world: SchoolWorld, in_school: Any, aantal: int) -> None:
    """`aantal` more pupils of 1A with an aanmelding in each state of the inbox."""
    statussen = ["ingediend", "info_gevraagd", "geaccepteerd", "teruggestuurd", "ingediend"]
    nu = timezone.now()
    for i in range(aantal):
        leerling = f.LeerlingFactory(school=world.school, voornaam=f"Kind{i}", achternaam="Extra")
        f.PlaatsingFactory(groep=world.groep, leerling=leerling)
        status = statussen[i % len(statussen)]
        a = f.create_in_school(
            Aanmelding,
            school=world.school,
            leerling=leerling,
            groep=world.groep,
            aanmelder=world.users["mentor"],
            status=status,
            ingediend_op=nu - dt.timedelta(days=i + 1),
            probleem=f"Probleem {i}",
        )
        f.create_in_school(
            Triagebesluit,
            school=world.school,
            aanmelding=a,
            uitkomst="info_vragen",
            reden=f"Reden {i}",
            gevraagde_informatie=f"Vraag {i}",
            door=world.users["zorgcoordinator"],
        )
        if status == "geaccepteerd":
            f.create_in_school(
                Traject,
                school=world.school,
                leerling=leerling,
                aanmelding=a,
                route="aanmelding",
                izo_datum=timezone.localdate(),
                geopend_door=world.users["zorgcoordinator"],
            )


#: The list on PostgreSQL, whatever the number of aanmeldingen: the request's own queries
#: (savepoints, session, user, school, membership, RLS settings) and one for the aanmeldingen
#: with pupil, class, applicant, traject and latest triage decision.
QUERIES_LIST = 9


@pytest.mark.parametrize("persona", ["zorgcoordinator", "mentor"])
@pytest.mark.parametrize("aantal", [1, 6])
def test_list_query_count_is_flat(
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_assert_num_queries: Any,
    persona: str,
    aantal: int,
) -> None:
    _grow(world, in_school, aantal)
    client = login(persona)
    client.get(_url("izo-aanmelding-list", world))  # warm up (session)
    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(_url("izo-aanmelding-list", world))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Kind{aantal - 1} Extra" in body
    if persona == "zorgcoordinator":
        inbox = response.context["inbox"]
        assert len(inbox.wacht) == sum(1 for i in range(aantal) if i % 5 in (0, 4))
        # Oldest first, with the waiting time in days.
        assert [a.wachtdagen for a in inbox.wacht] == sorted(
            (a.wachtdagen for a in inbox.wacht), reverse=True
        )
        assert f"{aantal} dag" in body  # the oldest waits `aantal` days
    else:
        assert len(response.context["aanmeldingen"]) == aantal + 1  # and Sanne's concept


# --- home panel --------------------------------------------------------------------------------


def test_home_panel(world: SchoolWorld, login: Any, in_school: Any) -> None:
    mentor_home = login("mentor").get(_url("home", world)).content.decode()
    assert "Aanmelding afmaken en indienen:" in mentor_home
    assert _aanmelding_url(world) in mentor_home
    zc_home = login("zorgcoordinator").get(_url("home", world)).content.decode()
    assert "Aanmeldingen wachten op triage: <strong>0</strong>" in zc_home
    _ingediend(world, in_school)
    zc_home = login("zorgcoordinator").get(_url("home", world)).content.decode()
    assert "Aanmeldingen wachten op triage: <strong>1</strong>" in zc_home
    assert _triage_url(world) in zc_home
    mentor_home = login("mentor").get(_url("home", world)).content.decode()
    assert "wacht op triage" in mentor_home and "Aanmelding afmaken" not in mentor_home
    # Roles without aanmelden_izo get no panel; a docent without aanmeldingen neither.
    assert "Zorgteam (IZO)" not in login("schoolleider").get(_url("home", world)).content.decode()
    assert "Zorgteam (IZO)" not in login("docent").get(_url("home", world)).content.decode()
