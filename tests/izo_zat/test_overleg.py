"""The weekly IZO (seed 000 §6.2, bijlagen 21–22): planning, the agenda that fills itself
(new aanmeldingen, shortened-route reports, follow-ups due), the report per pupil with the
twelve items, decisions, closing (evaluation dates, follow-ups back on the agenda, mails to
mentor, teamleider and applicant), the report to read and its PDF, the aanmelding PDF, the
pupil's dossier timeline, and flat query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.utils import timezone

from izo_zat.advies.services import handelingsadvies_create
from izo_zat.models import Izobesluit, IzoVerslag, Traject, Zorgoverleg
from izo_zat.overleg.services import izo_verslag_update, izobesluit_create, overleg_plannen
from izo_zat.traject.services import traject_verkort_openen
from zorgroute.models import AccessEvent

from ..groepsoverzicht.test_pdf import pdf_tekst
from ..world import SchoolWorld
from .helpers import izo_plannen, sanne_geaccepteerd, url, verslag_schrijven
from .test_traject import DETAIL_QUERIES

VANDAAG = timezone.localdate


def _is_a4(reader: Any) -> bool:
    """Every page A4 portrait (595 x 842 pt)."""
    return all(
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)
        for p in reader.pages
    )


def _namen(agenda: list[Any]) -> list[str]:
    return [a.traject.leerling.voornaam for a in agenda]


# --- planning ------------------------------------------------------------------------------------


def test_zorgcoordinator_plans_an_izo_with_attendees(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    form = client.get(url(world, "izo-overleg-create"))
    assert form.status_code == 200
    datum = VANDAAG() + dt.timedelta(days=2)
    response = client.post(
        url(world, "izo-overleg-create"),
        {
            "datum": datum.isoformat(),
            "tijd": "14:00",
            "plaats": "Lokaal 12",
            "voorzitter": world.users["zorgcoordinator"].pk,
            "deelnemers": [world.users["teamleider"].pk, world.users["mentor"].pk],
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        overleg = Zorgoverleg.objects.get(datum=datum, soort="izo")
        deelnemers = set(overleg.deelnemers.values_list("gebruiker_id", flat=True))
    assert response["Location"] == url(world, "izo-overleg-detail", overleg_id=overleg.pk)
    assert deelnemers == {world.users[p].pk for p in ("zorgcoordinator", "teamleider", "mentor")}
    # The invited mentor sees it on their home page and can open it.
    home = login("mentor").get(url(world, "home")).content.decode()
    assert f"IZO {datum:%-d}" in home or "Komend overleg" in home
    assert login("mentor").get(response["Location"]).status_code == 200


def test_planning_errors_name_the_field_and_keep_the_input(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    gisteren = VANDAAG() - dt.timedelta(days=1)
    response = client.post(
        url(world, "izo-overleg-create"),
        {
            "datum": gisteren.isoformat(),
            "plaats": "Mijn plaats",
            "voorzitter": world.users["zorgcoordinator"].pk,
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["datum"] == ["Plan het overleg vandaag of later."]
    assert "Mijn plaats" in response.content.decode()
    # A ZAT partner is no attendee of the internal meeting: not even offered.
    response = client.post(
        url(world, "izo-overleg-create"),
        {
            "datum": VANDAAG().isoformat(),
            "voorzitter": world.users["zorgcoordinator"].pk,
            "deelnemers": [world.users["zat_lid"].pk],
        },
    )
    assert response.status_code == 400
    assert "deelnemers" in response.context["form"].errors
    with in_school(world.school):
        assert not Zorgoverleg.objects.filter(plaats="Mijn plaats").exists()


# --- the agenda ----------------------------------------------------------------------------------


def test_agenda_holds_what_is_due_by_the_meetings_date(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school, izo_datum=VANDAAG() + dt.timedelta(days=3))
    vroeg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=1))
    laat = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=10))
    client = login("zorgcoordinator")
    # Daan's shortened-route traject is due in a week, Sanne's accepted aanmelding in 3 days.
    agenda = client.get(url(world, "izo-overleg-detail", overleg_id=vroeg.pk)).context["agenda"]
    assert agenda == []
    response = client.get(url(world, "izo-overleg-detail", overleg_id=laat.pk))
    agenda = response.context["agenda"]
    assert _namen(agenda) == ["Sanne", "Daan"]
    assert [a.soort for a in agenda] == ["nieuw", "melden"]
    body = response.content.decode()
    assert "Nieuwe aanmelding" in body and "Verkorte route: melden" in body
    # A closed traject leaves the agenda.
    with in_school(world.school):
        Traject.objects.filter(pk=sanne.pk).update(status="gesloten")
    agenda = client.get(url(world, "izo-overleg-detail", overleg_id=laat.pk)).context["agenda"]
    assert _namen(agenda) == ["Daan"]


def test_an_attendee_sees_only_the_pupils_they_may_see(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne_geaccepteerd(world, in_school, izo_datum=VANDAAG() + dt.timedelta(days=3))
    overleg = izo_plannen(
        world, in_school, datum=VANDAAG() + dt.timedelta(days=8), deelnemers=("teamleider",)
    )
    response = login("teamleider").get(url(world, "izo-overleg-detail", overleg_id=overleg.pk))
    assert response.status_code == 200
    assert _namen(response.context["agenda"]) == ["Sanne"]  # Daan is of another afdeling
    body = response.content.decode()
    assert world.andere_leerling.achternaam not in body
    assert "Overleg afsluiten" not in body  # attendees do not run it
    # The pupil's mentor is not invited: the meeting does not exist for them.
    assert (
        login("mentor").get(url(world, "izo-overleg-detail", overleg_id=overleg.pk)).status_code
        == 404
    )


def test_another_pupil_can_be_put_on_the_agenda(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school, izo_datum=VANDAAG() + dt.timedelta(days=30))
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=1))
    client = login("zorgcoordinator")
    detail = client.get(url(world, "izo-overleg-detail", overleg_id=overleg.pk))
    # Not due yet: Sanne (in a month) and Daan (next week) can be added.
    assert sanne.pk in [t.pk for t in detail.context["toevoegen"]]
    response = client.get(
        url(world, "izo-overleg-detail", overleg_id=overleg.pk), {"traject": sanne.pk}
    )
    assert response["Location"] == url(
        world, "izo-verslag", overleg_id=overleg.pk, traject_id=sanne.pk
    )
    verslag_schrijven(world, in_school, overleg, sanne)
    agenda = client.get(url(world, "izo-overleg-detail", overleg_id=overleg.pk)).context["agenda"]
    assert _namen(agenda) == ["Sanne"]


# --- the report ----------------------------------------------------------------------------------


def test_report_is_prefilled_from_the_aanmelding_and_the_opp(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    response = login("zorgcoordinator").get(
        url(world, "izo-verslag", overleg_id=overleg.pk, traject_id=sanne.pk)
    )
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["hulpvraag"] == "Help mij lange teksten te begrijpen."
    assert initial["begeleidingsvraag"] == "Hoe differentiëren wij bij lange teksten?"
    assert initial["al_gedaan"] == "Verlengde instructie in de subgroep begrijpend lezen."
    assert "vmbo-gt" in initial["ontwikkelingsperspectief"]
    body = response.content.decode()
    for label in ("Analyse van het probleem", "Aanbod in de groep", "Afstemming met de ouders"):
        assert label in body
    with in_school(world.school):
        assert not IzoVerslag.objects.filter(traject=sanne).exists()  # nothing stored yet
        assert AccessEvent.objects.filter(leerling=world.leerling, pagina="izo-verslag").exists()


def test_report_save_refuses_a_stale_version_and_keeps_the_text(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    pagina = url(world, "izo-verslag", overleg_id=overleg.pk, traject_id=sanne.pk)
    client = login("zorgcoordinator")
    response = client.post(pagina, {"version": "", "analyse": "Eerste analyse."})
    assert response.status_code == 302
    with in_school(world.school):
        verslag = IzoVerslag.objects.get(traject=sanne)
        oud = verslag.versie
        assert Zorgoverleg.objects.get(pk=overleg.pk).status == "bezig"
    client.post(pagina, {"version": oud, "analyse": "Tweede versie van een collega."})
    response = client.post(pagina, {"version": oud, "analyse": "Mijn verouderde versie."})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Mijn verouderde versie." in body and "Tweede versie van een collega." in body
    with in_school(world.school):
        assert IzoVerslag.objects.get(pk=verslag.pk).analyse == "Tweede versie van een collega."


def test_evaluation_date_lies_after_the_meeting(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    response = login("zorgcoordinator").post(
        url(world, "izo-verslag", overleg_id=overleg.pk, traject_id=sanne.pk),
        {"version": "", "samenvatting": "Kort.", "evaluatiedatum": VANDAAG().isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["evaluatiedatum"] == [
        "De evaluatie ligt na dit overleg; kies een latere datum."
    ]
    assert "Kort." in response.content.decode()


def test_a_support_decision_needs_who_how_often_how_long_and_evaluation(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    verslag = verslag_schrijven(world, in_school, overleg, sanne)
    client = login("zorgcoordinator")
    nieuw = url(world, "izo-besluit-create", verslag_id=verslag.pk)
    response = client.post(nieuw, {"soort": "ondersteuning", "omschrijving": "Dyslexie"})
    assert response.status_code == 400
    fouten = response.context["besluit_form"].errors
    assert fouten["vorm"] == ["Kies de vorm van ondersteuning."]
    assert fouten["frequentie"] == ["Hoe vaak? Bijvoorbeeld: 1 keer per week."]
    assert fouten["duur"] == ["Hoe lang? Bijvoorbeeld: 8 weken."]
    assert fouten["evaluatiedatum"] == ["Kies wanneer de ondersteuning wordt geëvalueerd."]
    assert fouten["uitvoerder"] == ["Wie voert het uit? Kies een medewerker of vul een naam in."]
    with in_school(world.school):
        assert not Izobesluit.objects.filter(verslag=verslag).exists()
    evaluatie = VANDAAG() + dt.timedelta(days=60)
    response = client.post(
        nieuw,
        {
            "soort": "ondersteuning",
            "vorm": "dyslexie",
            "omschrijving": "Dyslexiebegeleiding: leesstrategieën oefenen.",
            "uitvoerder_extern": "RT-er mevrouw De Wit",
            "frequentie": "1 keer per week, 45 minuten",
            "duur": "10 weken",
            "evaluatiedatum": evaluatie.isoformat(),
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        besluit = Izobesluit.objects.get(verslag=verslag)
    assert (besluit.vorm, besluit.duur, besluit.evaluatiedatum) == (
        "dyslexie",
        "10 weken",
        evaluatie,
    )
    body = client.get(response["Location"]).content.decode()
    assert "Dyslexiebegeleiding: leesstrategieën oefenen." in body


# --- closing -------------------------------------------------------------------------------------


def _sluit(client: Any, world: SchoolWorld, overleg: Zorgoverleg) -> Any:
    return client.post(url(world, "izo-overleg-afsluiten", overleg_id=overleg.pk), {})


def test_closing_needs_an_evaluation_date_and_names_the_pupil(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    verslag_schrijven(world, in_school, overleg, sanne)
    response = _sluit(login("zorgcoordinator"), world, overleg)
    assert response.status_code == 400
    assert (
        f"Kies nog een evaluatiedatum voor: {world.leerling.volledige_naam}."
        in response.content.decode()
    )
    with in_school(world.school):
        assert Zorgoverleg.objects.get(pk=overleg.pk).status != "afgesloten"


def test_closing_moves_followups_to_their_date_and_mails_mentor_teamleider_and_applicant(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    evaluatie = VANDAAG() + dt.timedelta(days=45)
    verslag_schrijven(
        world,
        in_school,
        overleg,
        sanne,
        analyse="Vertrouwelijke analyse van de thuissituatie.",
        evaluatiedatum=evaluatie,
    )
    client = login("zorgcoordinator")
    assert client.get(url(world, "izo-overleg-afsluiten", overleg_id=overleg.pk)).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _sluit(client, world, overleg)
    assert response.status_code == 302
    with in_school(world.school):
        assert Zorgoverleg.objects.get(pk=overleg.pk).status == "afgesloten"
        assert Traject.objects.get(pk=sanne.pk).izo_datum == evaluatie
    ontvangers = {adres for bericht in mail.outbox for adres in bericht.to}
    assert ontvangers == {world.users["mentor"].email, world.users["teamleider"].email}
    tekst = mail.outbox[0].body
    assert world.leerling.volledige_naam in tekst and "/izo/verslagen/" in tekst
    assert "Vertrouwelijke analyse" not in tekst  # names and links only
    # The follow-up is back on the agenda on its evaluation date, not before.
    eerder = izo_plannen(world, in_school, datum=evaluatie - dt.timedelta(days=1))
    op_tijd = izo_plannen(world, in_school, datum=evaluatie)
    assert "Sanne" not in _namen(
        client.get(url(world, "izo-overleg-detail", overleg_id=eerder.pk)).context["agenda"]
    )
    agenda = client.get(url(world, "izo-overleg-detail", overleg_id=op_tijd.pk)).context["agenda"]
    punt = next(a for a in agenda if a.traject.pk == sanne.pk)
    assert punt.soort == "vervolg"
    # The next report starts from this one.
    volgend = client.get(url(world, "izo-verslag", overleg_id=op_tijd.pk, traject_id=sanne.pk))
    assert "Vertrouwelijke analyse" in volgend.context["form"].initial["analyse"]
    # The closed meeting is read-only: its agenda keeps only who was discussed.
    again = _sluit(client, world, overleg)
    assert again.status_code == 400 and "Dit overleg is al afgesloten." in again.content.decode()
    pagina = url(world, "izo-verslag", overleg_id=overleg.pk, traject_id=sanne.pk)
    assert client.post(pagina, {"version": "", "analyse": "x"}).status_code == 403
    agenda = client.get(url(world, "izo-overleg-detail", overleg_id=overleg.pk)).context["agenda"]
    assert _namen(agenda) == ["Sanne"]


def test_mentor_reads_the_report_once_the_izo_is_closed(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    verslag = verslag_schrijven(
        world, in_school, overleg, sanne, evaluatiedatum=VANDAAG() + dt.timedelta(days=40)
    )
    lezen = url(world, "izo-verslag-detail", verslag_id=verslag.pk)
    assert login("mentor").get(lezen).status_code == 404  # a draft
    _sluit(login("zorgcoordinator"), world, overleg)
    response = login("mentor").get(lezen)
    assert response.status_code == 200
    assert "Begeleiding door RT; evalueren." in response.content.decode()
    assert login("docent").get(lezen).status_code == 404  # teaches Sanne, no traject access
    with in_school(world.school):
        assert AccessEvent.objects.filter(
            gebruiker=world.users["mentor"], pagina="izo-verslag-detail"
        ).exists()
    # On the pupil page: the IZO item on the dossier timeline, for the mentor only.
    pagina = url(world, "leerling-detail", leerling_uuid=world.leerling.uuid)
    assert "Besproken in het IZO" in login("mentor").get(pagina).content.decode()
    assert "Besproken in het IZO" not in login("docent").get(pagina).content.decode()


# --- PDFs ----------------------------------------------------------------------------------------


def test_izo_report_pdf(world: SchoolWorld, login: Any, in_school: Any) -> None:
    sanne = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    verslag = verslag_schrijven(
        world, in_school, overleg, sanne, hulpvraag="Help mij plannen.", aanbod_groep="Voorlezen."
    )
    response = login("zorgcoordinator").get(url(world, "izo-verslag-pdf", verslag_id=verslag.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader, tekst = pdf_tekst(response.content)
    assert _is_a4(reader)
    for stuk in (
        "Verslag intern zorgoverleg",
        world.leerling.volledige_naam,
        "Hulpvraag van de leerling",
        "Help mij plannen.",
        "Aanbod in de groep",
        "Voorlezen.",
        "Concept",
    ):
        assert stuk in tekst, stuk


def test_aanmelding_pdf(world: SchoolWorld, login: Any, in_school: Any) -> None:
    sanne_geaccepteerd(world, in_school)
    response = login("mentor").get(
        url(world, "izo-aanmelding-pdf", aanmelding_id=world.bs["aanmelding"].pk)
    )
    assert response.status_code == 200
    reader, tekst = pdf_tekst(response.content)
    assert _is_a4(reader)
    for stuk in (
        "Aanmeldingsformulier intern zorgoverleg",
        "Begrijpend lezen blijft achter.",
        "Help mij lange teksten te begrijpen.",
        "Accepteren en inplannen in het IZO",
    ):
        assert stuk in tekst, stuk
    assert (
        login("docent")
        .get(url(world, "izo-aanmelding-pdf", aanmelding_id=world.bs["aanmelding"].pk))
        .status_code
        == 404
    )


# --- query counts --------------------------------------------------------------------------------


def _extra_trajecten(world: SchoolWorld, in_school: Any, aantal: int, datum: dt.date) -> None:
    from .. import factories as f

    with in_school(world.school):
        for i in range(aantal):
            leerling = f.LeerlingFactory(school=world.school, voornaam=f"Extra{i}")
            f.PlaatsingFactory(groep=world.andere_groep, leerling=leerling)
            traject = traject_verkort_openen(
                leerling=leerling,
                reden="Acuut.",
                izo_datum=datum,
                user=world.users["zorgcoordinator"],
            )
            if i % 2:
                overleg = Zorgoverleg.objects.filter(datum=datum).first()
                assert overleg is not None
                verslag = izo_verslag_update(
                    overleg=overleg,
                    traject=traject,
                    version=None,
                    velden={"samenvatting": "x"},
                    user=world.users["zorgcoordinator"],
                )
                izobesluit_create(
                    verslag=verslag,
                    soort="ouders",
                    omschrijving="Opvoedondersteuning",
                    user=world.users["zorgcoordinator"],
                )


#: Session, user, membership, school, tenant setting and savepoints (as on every page), the
#: meeting, its attendees, the agenda (trajecten with class and "discussed before" in one
#: query, the reports with counts in one), the trajecten not on the agenda.
AGENDA_QUERIES = 13


def test_agenda_query_count_does_not_grow_with_the_cases(
    world: SchoolWorld, login: Any, in_school: Any, django_assert_num_queries: Any
) -> None:
    datum = VANDAAG() + dt.timedelta(days=7)
    overleg = world.izo["overleg"]
    assert overleg.datum == datum
    client = login("zorgcoordinator")
    pagina = url(world, "izo-overleg-detail", overleg_id=overleg.pk)
    client.get(pagina)
    with django_assert_num_queries(AGENDA_QUERIES):
        response = client.get(pagina)
    assert len(response.context["agenda"]) == 1
    _extra_trajecten(world, in_school, 6, datum)
    with django_assert_num_queries(AGENDA_QUERIES):
        response = client.get(pagina)
    assert len(response.context["agenda"]) == 7


def test_traject_page_query_count_with_its_reports(
    world: SchoolWorld, login: Any, in_school: Any, django_assert_num_queries: Any
) -> None:

    traject = world.izo["traject"]
    client = login("zorgcoordinator")
    pagina = url(world, "izo-traject-detail", traject_id=traject.pk)
    client.get(pagina)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(pagina)
    assert len(response.context["izo_verslagen"]) == 1
    with in_school(world.school):
        for dagen in (20, 30, 40):
            overleg = overleg_plannen(
                soort="izo",
                datum=VANDAAG() + dt.timedelta(days=dagen),
                voorzitter=world.users["zorgcoordinator"],
                user=world.users["zorgcoordinator"],
                school_id=world.school.pk,
            )
            verslag = izo_verslag_update(
                overleg=overleg,
                traject=Traject.objects.get(pk=traject.pk),
                version=None,
                velden={"samenvatting": f"Na {dagen} dagen"},
                user=world.users["zorgcoordinator"],
            )
            izobesluit_create(
                verslag=verslag,
                soort="ouders",
                omschrijving="Opvoedondersteuning",
                user=world.users["zorgcoordinator"],
            )
            handelingsadvies_create(
                izo_verslag=verslag,
                tekst="Vaste plek",
                bestemming="groepsplan",
                user=world.users["zorgcoordinator"],
            )
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(pagina)
    assert len(response.context["izo_verslagen"]) == 4
