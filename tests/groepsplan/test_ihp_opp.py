"""IHP and OPP: services (validation, agreement who/when/how, the 6-week OPP deadline, the
yearly evaluation date, compare-and-swap), the overdue selector, the pages and the planwijzer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groepsplan.ihp_opp import services as s
from groepsplan.ihp_opp.selectors import BIJNA_TE_LAAT, OP_TIJD, TE_LAAT, opp_status
from groepsplan.models import Ontwikkelingsperspectief, Ouderinstemming, PlanwijzerAntwoord
from groepsplan.planwijzer import PLANWIJZER, plan_data, voorantwoorden
from zorgroute.versioning import StaleVersion

from .. import factories as f
from ..world import SchoolWorld

TODAY = dt.date(2026, 3, 2)


# --- IHP -----------------------------------------------------------------------------------------


def test_ihp_is_for_a_pupil_of_the_plans_overview(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school), pytest.raises(ValidationError) as error:
        s.ihp_create(
            groepsplan=world.gp["plan"], leerling=world.andere_leerling, user=world.users["mentor"]
        )
    assert "groepsoverzicht" in error.value.message_dict["leerling"][0]


def test_ihp_has_the_plans_period(world: SchoolWorld, in_school: Any) -> None:
    plan = world.gp["plan"]
    ihp = world.gp["ihp"]
    assert (ihp.startdatum, ihp.einddatum) == (plan.startdatum, plan.einddatum)
    with in_school(world.school), pytest.raises(ValidationError) as error:
        s.ihp_create(
            groepsplan=plan,
            leerling=world.leerling,
            user=world.users["mentor"],
            soort="vakspecifiek",
            einddatum=plan.einddatum + dt.timedelta(days=7),
        )
    assert "dezelfde periode" in error.value.message_dict["startdatum"][0]


def test_ihp_update_is_compare_and_swap(world: SchoolWorld, in_school: Any) -> None:
    ihp = world.gp["ihp"]
    with in_school(world.school):
        nieuw = s.ihp_update(ihp=ihp, version=ihp.versie, aanpak="Korte instructie vooraf")
        assert nieuw.versie == ihp.versie + 1
        with pytest.raises(StaleVersion) as conflict:
            s.ihp_update(ihp=ihp, version=ihp.versie, aanpak="Oude tekst")
        assert conflict.value.version == nieuw.versie
        ihp.refresh_from_db()
        assert ihp.aanpak == "Korte instructie vooraf"
        assert ihp.history.count() == 2


def test_agreement_records_who_when_how(world: SchoolWorld, in_school: Any) -> None:
    ihp = world.gp["ihp"]
    with in_school(world.school):
        instemming = s.instemming_vastleggen(
            handelingsplan=ihp,
            naam="M. Jansen",
            relatie="ouder",
            datum=TODAY,
            wijze="handtekening",
            user=world.users["mentor"],
            today=TODAY,
        )
        assert (instemming.naam, instemming.relatie, instemming.datum, instemming.wijze) == (
            "M. Jansen",
            "ouder",
            TODAY,
            "handtekening",
        )
        assert instemming.versie == ihp.versie
        assert instemming.vastgelegd_door == world.users["mentor"]
        assert instemming.history.count() == 1
        for fout, veld in (
            ({"datum": TODAY + dt.timedelta(days=1)}, "datum"),
            ({"relatie": "oom"}, "relatie"),
            ({"wijze": "sms"}, "wijze"),
            ({"naam": " "}, "naam"),
        ):
            kwargs: dict[str, Any] = {
                "naam": "M. Jansen",
                "relatie": "ouder",
                "datum": TODAY,
                "wijze": "gesprek",
                **fout,
            }
            with pytest.raises(ValidationError) as error:
                s.instemming_vastleggen(
                    handelingsplan=ihp, user=world.users["mentor"], today=TODAY, **kwargs
                )
            assert veld in error.value.message_dict
        assert Ouderinstemming.objects.count() == 1
        instemming.naam = "Iemand anders"
        with pytest.raises(ValueError):
            instemming.save()  # append-only: recorded, never edited


# --- OPP -----------------------------------------------------------------------------------------


def test_opp_is_due_within_six_weeks(world: SchoolWorld) -> None:
    opp = world.gp["opp"]
    assert opp.uiterlijk_vastgesteld == opp.startdatum_ondersteuning + dt.timedelta(weeks=6)


def test_setting_the_opp_plans_the_yearly_evaluation(world: SchoolWorld, in_school: Any) -> None:
    opp = world.gp["opp"]
    vastgesteld = opp.startdatum_ondersteuning + dt.timedelta(weeks=5)
    with in_school(world.school):
        opp = s.opp_update(opp=opp, version=opp.versie, vastgesteld_op=vastgesteld)
        assert opp.evaluatiedatum == s.jaar_later(vastgesteld)
        with pytest.raises(ValidationError) as error:
            s.opp_update(
                opp=opp, version=opp.versie, evaluatiedatum=vastgesteld + dt.timedelta(days=400)
            )
        assert "jaarlijks" in error.value.message_dict["evaluatiedatum"][0]
        with pytest.raises(ValidationError) as error:
            s.opp_update(
                opp=opp,
                version=opp.versie,
                vastgesteld_op=opp.startdatum_ondersteuning - dt.timedelta(days=1),
            )
        assert "vastgesteld_op" in error.value.message_dict
    assert s.jaar_later(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_opp_expected_yield_per_subject(world: SchoolWorld, in_school: Any) -> None:
    opp = world.gp["opp"]
    with in_school(world.school):
        wiskunde = f.VakFactory(school=world.school, naam="Wiskunde", afkorting="wi")
        opp = s.opp_update(
            opp=opp,
            version=opp.versie,
            verwachtingen={world.vak.pk: "2F eind leerjaar 3", wiskunde.pk: "1F"},
        )
        assert {v.vak.naam: v.verwacht_leerrendement for v in opp.verwachtingen.all()} == {
            "Nederlands": "2F eind leerjaar 3",
            "Wiskunde": "1F",
        }
        s.opp_update(opp=opp, version=opp.versie, verwachtingen={wiskunde.pk: ""})
        assert [v.vak.naam for v in opp.verwachtingen.all()] == ["Nederlands"]


def test_one_opp_per_pupil(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school), pytest.raises(ValidationError):
        s.opp_create(
            leerling=world.leerling,
            user=world.users["zorgcoordinator"],
            startdatum_ondersteuning=TODAY,
        )


def _opp(**kwargs: Any) -> Ontwikkelingsperspectief:
    return Ontwikkelingsperspectief(**kwargs)


def test_overdue_status() -> None:
    start = TODAY - dt.timedelta(weeks=7)
    assert opp_status(_opp(startdatum_ondersteuning=start), TODAY).status == TE_LAAT
    assert "6 weken" in opp_status(_opp(startdatum_ondersteuning=start), TODAY).reden
    bijna = TODAY - dt.timedelta(weeks=5)
    assert opp_status(_opp(startdatum_ondersteuning=bijna), TODAY).status == BIJNA_TE_LAAT
    vers = TODAY - dt.timedelta(weeks=1)
    assert opp_status(_opp(startdatum_ondersteuning=vers), TODAY).status == OP_TIJD
    verlopen = _opp(
        startdatum_ondersteuning=TODAY - dt.timedelta(days=500),
        vastgesteld_op=TODAY - dt.timedelta(days=470),
        evaluatiedatum=TODAY - dt.timedelta(days=105),
    )
    status = opp_status(verlopen, TODAY)
    assert status.status == TE_LAAT and "Evaluatiedatum" in status.reden
    goed = _opp(
        startdatum_ondersteuning=TODAY - dt.timedelta(days=60),
        vastgesteld_op=TODAY - dt.timedelta(days=30),
        evaluatiedatum=TODAY + dt.timedelta(days=300),
    )
    assert opp_status(goed, TODAY).status == OP_TIJD


def test_opp_list_shows_overdue_first_with_reason(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        laat = f.LeerlingFactory(school=world.school, voornaam="Late", achternaam="Zwart")
        s.opp_create(
            leerling=laat,
            user=world.users["zorgcoordinator"],
            startdatum_ondersteuning=timezone.localdate() - dt.timedelta(weeks=8),
        )
    response = login("zorgcoordinator").get(f"/{world.school.slug}/opp/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Late Zwart") < text.index(world.leerling.volledige_naam)
    assert "Te laat" in text and "Niet vastgesteld binnen 6 weken" in text
    assert "Bijna te laat" in text  # the world's OPP: support started 4 weeks ago


# --- Pages -----------------------------------------------------------------------------------


def ihp_url(world: SchoolWorld, ihp_id: int | None = None) -> str:
    return f"/{world.school.slug}/ihp/{ihp_id or world.gp['ihp'].pk}/"


def test_mentor_creates_an_ihp_from_the_plan(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    url = f"/{world.school.slug}/groepsplannen/{world.gp['plan'].pk}/ihp/nieuw/"
    client = login("mentor")
    response = client.post(url, {"leerling": world.leerling.pk, "soort": "vakspecifiek"})
    assert response.status_code == 302
    with in_school(world.school):
        assert world.gp["plan"].handelingsplannen.count() == 2
    # A pupil outside the overview is refused with the field named.
    response = client.post(url, {"leerling": world.andere_leerling.pk, "soort": "vakspecifiek"})
    assert response.status_code == 400


def test_docent_reads_but_cannot_change_the_ihp(world: SchoolWorld, login: Any) -> None:
    client = login("docent")
    assert client.get(ihp_url(world)).status_code == 200
    response = client.post(ihp_url(world), {"actie": "opslaan", "version": 1, "doelen": "x"})
    assert response.status_code == 403


def test_stale_ihp_save_keeps_the_users_text(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    ihp = world.gp["ihp"]
    with in_school(world.school):
        s.ihp_update(ihp=ihp, version=ihp.versie, doelen="Versie van een collega")
    response = login("mentor").post(
        ihp_url(world), {"actie": "opslaan", "version": ihp.versie, "doelen": "Mijn nieuwe doel"}
    )
    text = response.content.decode()
    assert response.status_code == 409
    assert "Mijn nieuwe doel" in text
    assert "Versie van een collega" in text


def test_recording_agreement_on_the_page(world: SchoolWorld, login: Any, in_school: Any) -> None:
    response = login("mentor").post(
        ihp_url(world),
        {
            "actie": "instemming",
            "naam": "P. Jansen",
            "relatie": "verzorger",
            "datum": timezone.localdate().isoformat(),
            "wijze": "email",
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        instemming = Ouderinstemming.objects.get()
    assert (instemming.naam, instemming.relatie, instemming.wijze) == (
        "P. Jansen",
        "verzorger",
        "email",
    )
    assert "P. Jansen (Verzorger)" in login("mentor").get(ihp_url(world)).content.decode()


def test_ihp_of_another_school_is_404(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    assert login("mentor").get(ihp_url(world, school_b.gp["ihp"].pk)).status_code == 404


def opp_url(world: SchoolWorld, opp_id: int | None = None) -> str:
    return f"/{world.school.slug}/opp/{opp_id or world.gp['opp'].pk}/"


def test_opp_pages_need_to_know(world: SchoolWorld, school_b: SchoolWorld, login: Any) -> None:
    assert login("mentor").get(opp_url(world)).status_code == 200
    assert login("teamleider").get(opp_url(world)).status_code == 200
    assert login("docent").get(opp_url(world)).status_code == 403
    assert login("mentor").get(opp_url(world, school_b.gp["opp"].pk)).status_code == 404
    # The mentor reads; only the zorgcoördinator writes.
    response = login("mentor").post(opp_url(world), {"actie": "opslaan", "version": 1})
    assert response.status_code == 403


def test_zorgcoordinator_edits_the_opp(world: SchoolWorld, login: Any, in_school: Any) -> None:
    opp = world.gp["opp"]
    vastgesteld = opp.startdatum_ondersteuning + dt.timedelta(weeks=2)
    response = login("zorgcoordinator").post(
        opp_url(world),
        {
            "actie": "opslaan",
            "version": opp.versie,
            "uitstroomniveau": "vmbo-kb",
            "startdatum_ondersteuning": opp.startdatum_ondersteuning.isoformat(),
            "vastgesteld_op": vastgesteld.isoformat(),
            "handelingsdeel": "Wekelijks gesprek met de mentor",
            f"vak-{world.vak.pk}": "2F",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with in_school(world.school):
        opp.refresh_from_db()
        assert opp.uitstroomniveau == "vmbo-kb"
        assert opp.evaluatiedatum == s.jaar_later(vastgesteld)
        assert opp.verwachtingen.get().verwacht_leerrendement == "2F"


# --- Planwijzer ------------------------------------------------------------------------------


def test_planwijzer_items_and_pre_answers(world: SchoolWorld, in_school: Any) -> None:
    vragen = [i.vraag for i in PLANWIJZER.items]
    assert len(vragen) == 21
    assert "Zijn de doelen meetbaar/observeerbaar?" in vragen
    assert "Is duidelijk hoe de subgroepjes samengesteld zijn?" in vragen
    with in_school(world.school):
        voor = voorantwoorden(plan_data(world.gp["plan"]))
    assert voor["pw-o-a"].antwoord is True  # the subgroep has Sanne
    assert voor["pw-o-d"].antwoord is True  # and a weekrooster item
    assert voor["pw-e-a"].antwoord is False  # no plangroep describes its evaluation yet
    assert voor["pw-d-b"].antwoord is True  # "1 A4 … 3 zinnen" is measurable


def test_planwijzer_page_saves_for_the_writer(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    url = f"/{world.school.slug}/groepsplannen/{world.gp['plan'].pk}/planwijzer/"
    client = login("mentor")
    page = client.get(url).content.decode()
    assert "Voorstel uit de gegevens" in page
    assert "1 van 1 subgroep hebben leerlingen" in page
    response = client.post(
        url,
        {
            "antwoord-pw-d-a": "ja",
            "opmerking-pw-d-a": "Helder",
            "afspraken": "Na 6 weken terugkijken",
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        assert PlanwijzerAntwoord.objects.get(item="pw-d-a").opmerking == "Helder"
        assert (
            PlanwijzerAntwoord.objects.get(item="pw-afspraken").opmerking
            == "Na 6 weken terugkijken"
        )
    assert login("docent").post(url, {"antwoord-pw-d-a": "nee"}).status_code == 403


def test_planwijzer_refuses_to_overwrite_a_colleagues_answer(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    plan = world.gp["plan"]
    url = f"/{world.school.slug}/groepsplannen/{plan.pk}/planwijzer/"
    code = PLANWIJZER.items[0].code
    # The mentor's screen showed the item open; meanwhile the zorgcoördinator answered "+".
    assert (
        login("zorgcoordinator")
        .post(url, {f"antwoord-{code}": "ja", f"gezien-antwoord-{code}": "open"})
        .status_code
        == 302
    )
    response = login("mentor").post(
        url,
        {
            f"antwoord-{code}": "nee",
            f"opmerking-{code}": "Doelen te vaag",
            f"gezien-antwoord-{code}": "open",
            f"gezien-opmerking-{code}": "",
        },
    )
    assert response.status_code == 409
    assert "Doelen te vaag" in response.content.decode()  # the mentor's text is kept
    with in_school(world.school):
        assert PlanwijzerAntwoord.objects.get(groepsplan=plan, item=code).antwoord is True
