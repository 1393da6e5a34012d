"""The meeting screen: run a groepsbespreking, record per agenda point, decisions and
actions, edit the overview in place (one copy, with history), close with the report and the
mail to every attendee, tick actions off; who may do what, and flat query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from besprekingen.models import (
    Actie,
    ActieStatus,
    Besluit,
    BesluitSoort,
    Bespreking,
    Inbreng,
    Status,
    Verslagpunt,
)
from besprekingen.tasks import verslag_versturen
from besprekingen.vergadering import services as vergadering_services
from groepsoverzicht import models as go
from groepsplan import models as gp
from izo_zat.models import Aanmelding
from tests.auth_helpers import log_in_verified
from zorgroute.models import Rol

from .. import factories as f
from ..world import SchoolWorld

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(world: SchoolWorld, name: str = "bespreking-vergadering", **kwargs: Any) -> str:
    return reverse(
        name,
        kwargs={"school": world.school.slug, "bespreking_id": world.bs["bespreking"].pk, **kwargs},
    )


def text(response: Any) -> str:
    return response.content.decode()


def bespreking(world: SchoolWorld, in_school: Any) -> Bespreking:
    with in_school(world.school):
        return Bespreking.objects.get(pk=world.bs["bespreking"].pk)


def sluiten(world: SchoolWorld, in_school: Any, samenvatting: str = "Kort samengevat.") -> None:
    with in_school(world.school):
        vergadering_services.bespreking_afsluiten(
            bespreking=Bespreking.objects.get(pk=world.bs["bespreking"].pk),
            samenvatting=samenvatting,
            version=None,
            user=world.users["mentor"],
        )


def nieuwe_docent(world: SchoolWorld) -> Any:
    """A teacher of the school who teaches neither the class nor attends the meeting."""
    user = f.GebruikerFactory(email="collega@alfa.example.org", voornaam="Collega")
    f.LidmaatschapFactory(school=world.school, gebruiker=user, rol=Rol.DOCENT)
    return user


# --- The screen -------------------------------------------------------------------------------


def test_the_chair_walks_the_agenda_with_the_data_of_each_point(
    world: SchoolWorld, login: Any
) -> None:
    response = login("mentor").get(url(world))
    assert response.status_code == 200
    body = text(response)
    assert "Vergadering starten" in body
    # The agenda list with anchors and "punt n van m".
    assert 'href="#punt-vragen"' in body and 'id="punt-izo"' in body
    assert "Punt 1 van 11" in body and "Punt 11 van 11" in body
    # Data per point: the question, the bilateral overleg to evaluate, the signalled pupil
    # (the overview's own fragment with its confirm form), the clustering links.
    assert "Sanne haakt af bij lange teksten" in body
    assert "Sanne krijgt een vaste plek vooraan" in body
    assert "Evaluatie vastleggen" in body
    signalering = world.go["signalering"]
    assert (
        reverse(
            "overzicht-signalering-besluit",
            kwargs={
                "school": world.school.slug,
                "overzicht_id": world.go["overzicht"].pk,
                "signalering_id": signalering.pk,
            },
        )
        in body
    )
    assert "Clustering aanpassen" in body
    assert f"/groepsplannen/{world.gp['plan'].pk}/clusteren/" in body
    assert "Groepsoverzicht openen" in body
    # Forms to record.
    assert 'name="version"' in body and "Besluit vastleggen" in body and "Actie toevoegen" in body


def test_a_teacher_follows_read_only(world: SchoolWorld, login: Any) -> None:
    response = login("docent").get(url(world))
    assert response.status_code == 200
    body = text(response)
    assert "Je volgt deze vergadering" in body
    assert "Vergadering starten" not in body
    assert "Afspraken opslaan" not in body and "Besluit vastleggen" not in body
    assert "Bevestigen" not in body  # the embedded signal fragment is read-only here
    assert "Sanne haakt af bij lange teksten" in body


def test_who_may_not_see_the_meeting_gets_404(world: SchoolWorld, client: Client) -> None:
    log_in_verified(client, world.users["outsider"])
    assert client.get(url(world)).status_code in (403, 404)
    log_in_verified(client, nieuwe_docent(world))
    assert client.get(url(world)).status_code == 404


def test_starting_the_meeting(world: SchoolWorld, login: Any, in_school: Any) -> None:
    assert login("docent").post(url(world, "bespreking-starten")).status_code == 403
    response = login("mentor").post(url(world, "bespreking-starten"))
    assert response.status_code == 302
    assert bespreking(world, in_school).status == Status.BEZIG
    assert "Vergadering starten" not in text(login("mentor").get(url(world)))


# --- Editing the overview in place ------------------------------------------------------------


def test_confirming_a_signal_in_the_meeting_lands_in_the_overview_with_history(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    signalering = world.go["signalering"]
    with in_school(world.school):
        voor = signalering.history.count()
    mentor = login("mentor")
    endpoint = reverse(
        "overzicht-signalering-besluit",
        kwargs={
            "school": world.school.slug,
            "overzicht_id": world.go["overzicht"].pk,
            "signalering_id": signalering.pk,
        },
    )
    response = mentor.post(endpoint, {"status": "bevestigd"}, **HTMX)
    assert response.status_code == 200
    assert f'id="s-{signalering.regel_id}"' in text(response)
    with in_school(world.school):
        signalering.refresh_from_db()
        assert signalering.status == go.SignaalStatus.BEVESTIGD
        assert signalering.history.count() == voor + 1
        assert signalering.history.first().history_user_id == world.users["mentor"].pk
    # The meeting screen reads the same row: the pupil is now signalled there.
    body = text(mentor.get(url(world)))
    assert "Signaal intrekken" in body or "Terug naar voorstel" in body


def test_a_pupil_the_teachers_miss_is_signalled_from_the_meeting(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """Unsignalled pupils are offered under "signaleren" with the overview's own form."""
    extra = f.PlaatsingFactory(groep=world.groep).leerling
    with in_school(world.school):
        regel = go.Overzichtregel.objects.create(
            school=world.school, groepsoverzicht=world.go["overzicht"], leerling=extra
        )
    mentor = login("mentor")
    body = text(mentor.get(url(world)))
    assert "Nog niet gesignaleerd (1)" in body
    signaleren = reverse(
        "overzicht-signaleren",
        kwargs={
            "school": world.school.slug,
            "overzicht_id": world.go["overzicht"].pk,
            "regel_id": regel.pk,
        },
    )
    assert signaleren in body
    response = mentor.post(
        signaleren,
        {"reden": "gedrag", "uitleg": "Trekt zich terug in de groep.", "proactief": ""},
        **HTMX,
    )
    assert response.status_code == 200
    with in_school(world.school):
        signaal = go.Signalering.objects.get(regel=regel)
        assert signaal.status == go.SignaalStatus.BEVESTIGD
        assert signaal.history.count() == 1
    # Followers (the teacher) see no signalling forms.
    assert "Nog niet gesignaleerd" not in text(login("docent").get(url(world)))


# --- Agreements per point ---------------------------------------------------------------------


def test_agreements_are_saved_per_point_without_js(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    mentor = login("mentor")
    response = mentor.post(
        url(world, "bespreking-verslagpunt"),
        {"punt": "vragen", "tekst": "Iedereen probeert leesstrategieën.", "version": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/vergadering/#punt-vragen")
    with in_school(world.school):
        vp = Verslagpunt.objects.get(bespreking=world.bs["bespreking"], punt="vragen")
    assert vp.tekst == "Iedereen probeert leesstrategieën."
    assert vp.gewijzigd_door_id == world.users["mentor"].pk
    # With htmx only the point's section comes back, with the actions out-of-band.
    response = mentor.post(
        url(world, "bespreking-verslagpunt"),
        {"punt": "vragen", "tekst": "Aangevuld.", "version": vp.versie},
        **HTMX,
    )
    assert response.status_code == 200
    body = text(response)
    assert body.lstrip().startswith("<section") and 'id="punt-vragen"' in body
    assert 'hx-swap-oob="true"' in body and "Aangevuld." in body


def test_a_stale_agreement_is_a_409_showing_both_texts(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        vergadering_services.verslagpunt_update(
            bespreking=world.bs["bespreking"],
            punt="signaleren",
            tekst="Tekst van de teamleider.",
            version=0,
            user=world.users["teamleider"],
        )
    response = login("mentor").post(
        url(world, "bespreking-verslagpunt"),
        {"punt": "signaleren", "tekst": "Mijn eigen tekst.", "version": ""},
    )
    assert response.status_code == 409
    body = text(response)
    assert "Tekst van de teamleider." in body and "Mijn eigen tekst." in body
    assert "Mijn tekst opslaan" in body
    assert f"Versie van {world.users['teamleider'].volledige_naam}" in body  # who saved it
    with in_school(world.school):
        vp = Verslagpunt.objects.get(bespreking=world.bs["bespreking"], punt="signaleren")
    assert vp.tekst == "Tekst van de teamleider."  # nothing overwritten
    # Saving again with the version shown saves the user's text on purpose.
    response = login("mentor").post(
        url(world, "bespreking-verslagpunt"),
        {"punt": "signaleren", "tekst": "Mijn eigen tekst.", "version": vp.versie},
    )
    assert response.status_code == 302
    with in_school(world.school):
        vp.refresh_from_db()
    assert vp.tekst == "Mijn eigen tekst."


def test_an_unknown_point_is_refused(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").post(
        url(world, "bespreking-verslagpunt"), {"punt": "onzin", "tekst": "x", "version": ""}
    )
    assert response.status_code == 400


# --- Decisions, questions and actions ---------------------------------------------------------


def test_a_decision_and_an_action_are_recorded(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    mentor = login("mentor")
    response = mentor.post(
        url(world, "bespreking-besluit-create"),
        {
            "punt": "signaleren",
            "leerling": world.leerling.pk,
            "soort": "afspraak",
            "tekst": "Sanne krijgt verlengde instructie.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#punt-signaleren")
    deadline = timezone.localdate() + dt.timedelta(days=10)
    response = mentor.post(
        url(world, "bespreking-actie-create"),
        {
            "omschrijving": "Instructiegroep inplannen",
            "eigenaar": world.users["docent"].pk,
            "deadline": deadline.isoformat(),
            "leerling": world.leerling.pk,
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert 'id="punt-acties"' in text(response)
    assert "Instructiegroep inplannen" in text(response)
    with in_school(world.school):
        besluit = Besluit.objects.get(tekst="Sanne krijgt verlengde instructie.")
        assert besluit.soort == BesluitSoort.AFSPRAAK and besluit.punt == "signaleren"
        actie = Actie.objects.get(omschrijving="Instructiegroep inplannen")
        assert actie.eigenaar_id == world.users["docent"].pk and actie.deadline == deadline
    # The action form defaults to the attendees and a deadline two weeks out.
    body = text(mentor.get(url(world)))
    assert (timezone.localdate() + dt.timedelta(days=14)).isoformat() in body
    assert 'label="Deelnemers"' in body


def test_errors_are_dutch_and_on_the_field(world: SchoolWorld, login: Any) -> None:
    mentor = login("mentor")
    response = mentor.post(
        url(world, "bespreking-besluit-create"),
        {"punt": "signaleren", "leerling": world.leerling.pk, "soort": "afspraak", "tekst": ""},
    )
    assert response.status_code == 400
    assert "Schrijf op wat er besloten of afgesproken is." in text(response)
    assert 'class="field has-error"' in text(response)
    response = mentor.post(
        url(world, "bespreking-besluit-create"),
        {
            "punt": "signaleren",
            "leerling": world.andere_leerling.pk,
            "soort": "afspraak",
            "tekst": "x",
        },
    )
    assert response.status_code == 400
    assert "Kies de leerling." in text(response)
    response = mentor.post(
        url(world, "bespreking-actie-create"),
        {"omschrijving": "", "eigenaar": world.users["zat_lid"].pk, "deadline": "morgen"},
    )
    assert response.status_code == 400
    body = text(response)
    assert "Schrijf op wat er moet gebeuren." in body
    assert "Kies wie dit doet." in body
    assert "Vul een geldige datum in." in body


def test_an_izo_decision_gives_the_mentor_an_action_and_an_aanmelding(
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with in_school(world.school):
        extra = f.PlaatsingFactory(groep=world.groep).leerling
        go.Overzichtregel.objects.create(
            school=world.school, groepsoverzicht=world.go["overzicht"], leerling=extra
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = login("teamleider").post(
            url(world, "bespreking-besluit-create"),
            {"punt": "izo", "leerling": extra.pk, "soort": "izo", "tekst": "Aanmelden bij IZO."},
            **HTMX,
        )
    assert response.status_code == 200
    body = text(response)
    assert 'id="punt-izo"' in body and 'hx-swap-oob="true"' in body
    assert f"IZO-aanmelding van {extra.volledige_naam}" in body  # the actions block, updated
    with in_school(world.school):
        besluit = Besluit.objects.get(leerling=extra, soort=BesluitSoort.AANMELDEN_IZO)
        actie = Actie.objects.get(besluit=besluit)
        assert actie.eigenaar_id == world.users["mentor"].pk
        assert Aanmelding.objects.filter(besluit=besluit).exists()


def test_one_click_evaluation_of_a_bilateral_overleg(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    bilateraal = world.bs["bilateraal"]
    response = login("mentor").post(
        url(world, "bespreking-besluit-create"), {"evalueert": bilateraal.pk, "tekst": ""}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#punt-bilateraal")
    with in_school(world.school):
        besluit = Besluit.objects.get(evalueert=bilateraal)
    assert besluit.soort == BesluitSoort.EVALUATIE and besluit.punt == "bilateraal"
    assert besluit.leerling_id == world.leerling.pk
    assert "Geëvalueerd" in text(login("mentor").get(url(world)))


def test_a_question_is_marked_discussed(world: SchoolWorld, login: Any, in_school: Any) -> None:
    inbreng = world.bs["inbreng"]
    endpoint = url(world, "bespreking-inbreng-besproken", inbreng_id=inbreng.pk)
    assert login("docent").post(endpoint, {"besproken": "1"}).status_code == 403
    response = login("mentor").post(endpoint, {"besproken": "1"}, **HTMX)
    assert response.status_code == 200
    assert "Besproken ✓" in text(response)
    with in_school(world.school):
        assert Inbreng.objects.get(pk=inbreng.pk).besproken
    login("mentor").post(endpoint, {"besproken": "0"})
    with in_school(world.school):
        assert not Inbreng.objects.get(pk=inbreng.pk).besproken


def test_removing_a_decision_and_an_action(world: SchoolWorld, login: Any, in_school: Any) -> None:
    mentor = login("mentor")
    # The IZO decision has a started aanmelding: refused with a Dutch message.
    besluit = world.bs["besluit"]
    response = mentor.post(url(world, "bespreking-besluit-delete", besluit_id=besluit.pk))
    assert response.status_code == 400
    assert "IZO-aanmelding" in text(response)
    actie = world.bs["actie"]
    response = mentor.post(url(world, "bespreking-actie-delete", actie_id=actie.pk))
    assert response.status_code == 302
    with in_school(world.school):
        assert not Actie.objects.filter(pk=actie.pk).exists()


def test_only_who_runs_the_meeting_records(world: SchoolWorld, login: Any) -> None:
    docent = login("docent")
    posts = [
        ("bespreking-verslagpunt", {}, {"punt": "vragen", "tekst": "x", "version": ""}),
        (
            "bespreking-besluit-create",
            {},
            {"punt": "izo", "leerling": world.leerling.pk, "soort": "afspraak", "tekst": "x"},
        ),
        ("bespreking-actie-create", {}, {"omschrijving": "x"}),
        ("bespreking-actie-delete", {"actie_id": world.bs["actie"].pk}, {}),
        ("bespreking-besluit-delete", {"besluit_id": world.bs["besluit"].pk}, {}),
    ]
    for name, kwargs, data in posts:
        assert docent.post(url(world, name, **kwargs), data).status_code == 403, name


# --- Closing, report, mail --------------------------------------------------------------------


def test_close_shows_the_report_and_sends_each_attendee_their_actions(
    world: SchoolWorld,
    login: Any,
    in_school: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mentor = login("mentor")
    mentor.post(
        url(world, "bespreking-verslagpunt"),
        {"punt": "vragen", "tekst": "Leesstrategieën delen in de sectie.", "version": ""},
    )
    response = mentor.get(url(world, "bespreking-afsluiten"))
    assert response.status_code == 200
    body = text(response)
    assert "Leesstrategieën delen in de sectie." in body  # the preview
    assert 'name="samenvatting"' in body and "Bijvoorbeeld:" in body
    b = bespreking(world, in_school)
    # Without a summary: a Dutch error on the field, nothing closed.
    response = mentor.post(
        url(world, "bespreking-afsluiten"),
        {"samenvatting": "", "version": b.versie},
    )
    assert response.status_code == 400
    assert "Vat de belangrijkste afspraken en besluiten samen." in text(response)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = mentor.post(
            url(world, "bespreking-afsluiten"),
            {
                "samenvatting": "Drie leerlingen krijgen extra instructie.",
                "version": b.versie,
            },
        )
    assert response.status_code == 302
    assert response["Location"] == url(world, "bespreking-verslag")
    b = bespreking(world, in_school)
    assert b.status == Status.AFGESLOTEN
    with in_school(world.school):
        deelnemers = list(b.deelnemers.select_related("gebruiker"))
    assert len(mail.outbox) == len(deelnemers) >= 2
    per_ontvanger = {m.to[0]: m for m in mail.outbox}
    docent_mail = per_ontvanger[world.users["docent"].email]
    assert docent_mail.subject == f"Verslag groepsbespreking 1A van {b.datum:%d-%m-%Y}"
    assert "Leesstrategieën bij Nederlands uitproberen" in docent_mail.body
    assert url(world, "bespreking-verslag") in docent_mail.body
    assert "IZO-aanmelding" not in docent_mail.body  # the mentor's action, not the docent's
    assert "IZO-aanmelding" in per_ontvanger[world.users["mentor"].email].body
    assert "begrijpend lezen blijft achter" not in docent_mail.body  # no care details
    # Running the task again sends nothing new.
    with in_school(world.school):
        assert verslag_versturen(bespreking_id=b.pk, school_id=world.school.pk) == 0
    assert len(mail.outbox) == len(deelnemers)
    # The report.
    response = login("docent").get(url(world, "bespreking-verslag"))
    assert response.status_code == 200
    body = text(response)
    for verwacht in (
        "1A",
        world.users["mentor"].volledige_naam,
        "Drie leerlingen krijgen extra instructie.",
        "Leesstrategieën delen in de sectie.",
        "Aanmelden bij het IZO: begrijpend lezen blijft achter.",
        "Leesstrategieën bij Nederlands uitproberen",
        "Verslag als PDF downloaden",
    ):
        assert verwacht in body, verwacht


def test_after_closing_nothing_can_be_edited(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sluiten(world, in_school)
    mentor = login("mentor")
    body = text(mentor.get(url(world)))
    assert "afgesloten" in body
    assert "Afspraken opslaan" not in body and "Besluit vastleggen" not in body
    assert "Actie toevoegen" not in body and "Evaluatie vastleggen" not in body
    response = mentor.post(
        url(world, "bespreking-verslagpunt"), {"punt": "vragen", "tekst": "x", "version": ""}
    )
    assert response.status_code == 400
    assert "Deze bespreking is afgesloten" in text(response)
    response = mentor.post(
        url(world, "bespreking-besluit-create"),
        {"punt": "izo", "leerling": world.leerling.pk, "soort": "afspraak", "tekst": "x"},
    )
    assert response.status_code == 400
    response = mentor.post(url(world, "bespreking-verslagpunt"), {"punt": "vragen"}, **HTMX)
    assert response["HX-Refresh"] == "true"
    response = mentor.get(url(world, "bespreking-afsluiten"))
    assert response.status_code == 302
    with in_school(world.school):
        assert not Verslagpunt.objects.filter(bespreking=world.bs["bespreking"]).exists()


def test_a_stale_close_keeps_the_summary(world: SchoolWorld, login: Any, in_school: Any) -> None:
    oud = bespreking(world, in_school).versie
    login("mentor").post(url(world, "bespreking-starten"))
    response = login("mentor").post(
        url(world, "bespreking-afsluiten"), {"samenvatting": "Mijn samenvatting.", "version": oud}
    )
    assert response.status_code == 409
    assert "Mijn samenvatting." in text(response)
    naam = world.users["mentor"].volledige_naam  # who started the meeting meanwhile
    assert f"Niet opgeslagen: {naam} heeft dit intussen gewijzigd" in text(response)
    assert bespreking(world, in_school).status == Status.BEZIG


# --- Ticking actions off ----------------------------------------------------------------------


def test_the_owner_ticks_an_action_off_and_others_get_404(
    world: SchoolWorld, login: Any, client: Client, in_school: Any
) -> None:
    sluiten(world, in_school)  # actions live on after the meeting
    actie = world.bs["actie"]
    endpoint = reverse("actie-afvinken", kwargs={"school": world.school.slug, "actie_id": actie.pk})
    log_in_verified(client, nieuwe_docent(world))
    assert client.post(endpoint, {"gedaan": "1"}).status_code == 404
    home = f"/{world.school.slug}/"
    response = login("docent").post(
        endpoint, {"gedaan": "1", "version": actie.versie, "next": home}
    )
    assert response.status_code == 302 and response["Location"] == home
    with in_school(world.school):
        actie.refresh_from_db()
    assert actie.status == ActieStatus.GEDAAN
    assert actie.gedaan_door_id == world.users["docent"].pk
    # A stale version: 409, nothing changed; a foreign next is ignored.
    response = login("docent").post(endpoint, {"gedaan": "0", "version": "0"})
    assert response.status_code == 409
    assert "heeft dit intussen gewijzigd" in text(response)
    assert "Toch weer open zetten" in text(response)  # the deliberate second try
    response = login("docent").post(
        endpoint,
        {"gedaan": "0", "version": actie.versie, "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and "evil" not in response["Location"]
    with in_school(world.school):
        actie.refresh_from_db()
    assert actie.status == ActieStatus.OPEN
    # Who runs the meeting may tick it off too.
    response = login("teamleider").post(endpoint, {"gedaan": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("/verslag/#acties")
    # The home page shows the owner's open actions; ticked off, it is gone.
    assert "Leesstrategieën bij Nederlands uitproberen" not in text(login("docent").get(home))


# --- Query counts -----------------------------------------------------------------------------


def vul_klas(world: SchoolWorld, aantal: int, in_school: Any) -> None:
    """`aantal` pupils in the class, each with a proposed signal, an incomplete need, a plan
    group membership, a decision, a question and an action."""
    school = world.school
    sub = world.gp["subgroep"]
    b = world.bs["bespreking"]
    with in_school(school):
        for i in range(aantal - 1):
            leerling = f.PlaatsingFactory(groep=world.groep).leerling
            regel = go.Overzichtregel.objects.create(
                school=school, groepsoverzicht=world.go["overzicht"], leerling=leerling
            )
            go.Signalering.objects.create(
                school=school, regel=regel, reden="achterstand", uitleg=f"Reden {i}"
            )
            go.Signalering.objects.create(
                school=school,
                regel=regel,
                reden="achterstand",
                uitleg=f"Bevestigd {i}",
                status=go.SignaalStatus.BEVESTIGD,
            )
            go.Onderwijsbehoefte.objects.create(
                school=school, regel=regel, soort="pedagogisch", doel="", behoefte="rust"
            )
            gp.Plangroeplid.objects.create(school=school, plangroep=sub, leerling=leerling)
            Besluit.objects.create(
                school=school,
                bespreking=b,
                punt="signaleren",
                leerling=leerling,
                soort="afspraak",
                tekst=f"Afspraak {i}",
                auteur=world.users["mentor"],
            )
            Inbreng.objects.create(
                school=school,
                bespreking=b,
                auteur=world.users["docent"],
                punt="behoeften",
                leerling=leerling,
                tekst=f"Vraag {i}",
            )
            Actie.objects.create(
                school=school,
                bespreking=b,
                omschrijving=f"Actie {i}",
                eigenaar=world.users["docent"],
                deadline=timezone.localdate(),
                leerling=leerling,
            )


#: Exact, including the request overhead inside the test transaction.
VERGADERING_QUERIES = 25


@pytest.mark.parametrize("aantal", [8, 32])
def test_meeting_screen_query_count_is_flat(
    world: SchoolWorld,
    client: Client,
    in_school: Any,
    django_assert_num_queries: Any,
    aantal: int,
) -> None:
    vul_klas(world, aantal, in_school)
    log_in_verified(client, world.users["mentor"])
    client.get(f"/{world.school.slug}/")
    with django_assert_num_queries(VERGADERING_QUERIES):
        response = client.get(url(world))
    assert response.status_code == 200
    body = text(response)
    assert body.count('class="s-cel"') >= aantal
    assert body.count('class="behoeften"') >= aantal - 1
    assert body.count('id="id_actie_omschrijving"') == 1
