"""Planning and preparing besprekingen: the list, planning with default attendees and the
chair rule, the preparation page (agenda pre-filled from the data, checklist bijlage 17,
questions brought in beforehand), changing with an optimistic version, the 403/404 rules and
pinned, flat query counts."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from besprekingen.models import Bespreking, Deelnemer, Inbreng, Status
from besprekingen.plannen import services as plannen_services
from groepsoverzicht import models as go
from groepsoverzicht import services as go_services
from groepsplan import models as gp
from tests.auth_helpers import log_in_verified

from .. import factories as f
from ..world import SchoolWorld


def _u(world: SchoolWorld, suffix: str = "") -> str:
    return f"/{world.school.slug}/besprekingen/{suffix}"


def _b(world: SchoolWorld, suffix: str = "", bespreking: Any = None) -> str:
    bespreking = bespreking or world.bs["bespreking"]
    return _u(world, f"{bespreking.pk}/{suffix}")


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _datum(dagen: int = 14) -> str:
    return (timezone.localdate() + dt.timedelta(days=dagen)).isoformat()


def _plan(world: SchoolWorld, in_school: Any, dagen: int = 10, **kwargs: Any) -> Bespreking:
    with in_school(world.school):
        return plannen_services.bespreking_plannen(
            overzicht=world.go["overzicht"],
            datum=timezone.localdate() + dt.timedelta(days=dagen),
            tijd=None,
            voorzitter=world.users["mentor"],
            user=world.users["mentor"],
            **kwargs,
        )


# --- List -----------------------------------------------------------------------------------


def test_list_groups_meetings_and_offers_planning(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    gesloten = _plan(world, in_school, dagen=-20)
    with in_school(world.school):
        Bespreking.objects.filter(pk=gesloten.pk).update(status=Status.AFGESLOTEN)
    response = login("mentor").get(_u(world))
    assert response.status_code == 200
    text = _text(response)
    komend, rest = text.split('id="kop-afgesloten"')
    afgesloten, bilateraal = rest.split('id="kop-bilateraal"')
    assert _b(world) in komend and _b(world, bespreking=gesloten) not in komend
    assert _b(world, bespreking=gesloten) in afgesloten
    assert "Groepsbespreking" in komend and "1A" in komend and "15:30" in komend
    assert "Concentratie in de les" in bilateraal
    assert _b(world, bespreking=world.bs["bilateraal"]) in bilateraal
    assert "Bespreking plannen" in text


def test_list_filters_by_overview_and_hides_other_schools(
    world: SchoolWorld, school_b: SchoolWorld, login: Any
) -> None:
    client = login("zorgcoordinator")
    text = _text(client.get(_u(world) + f"?overzicht={world.go['overzicht'].pk}"))
    assert _b(world) in text
    assert "Concentratie in de les" not in text  # bilateraal has no overview
    assert f"/besprekingen/{school_b.bs['bespreking'].pk}/" not in _text(client.get(_u(world)))


LIST_QUERIES = 9


@pytest.mark.parametrize("extra", [0, 4], ids=["1", "5"])
def test_list_query_count_is_flat(
    world: SchoolWorld,
    client: Client,
    in_school: Any,
    django_assert_num_queries: Any,
    extra: int,
) -> None:
    for n in range(extra):
        _plan(world, in_school, dagen=20 + n)
    log_in_verified(client, world.users["mentor"])
    client.get(_u(world))  # warm up the session
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(_u(world))
    assert response.status_code == 200
    assert _text(response).count('class="bs-rij"') == 1 + extra


# --- Plan ------------------------------------------------------------------------------------


def _ids_checked(text: str, name: str) -> set[int]:
    return {
        int(m.group(1))
        for m in re.finditer(
            rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]*checked', text
        )
    }


def test_plan_a_groepsbespreking_with_default_attendees(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    users = world.users
    client = login("mentor")
    overzicht = world.go["overzicht"]
    form = client.get(_u(world, f"nieuw/?overzicht={overzicht.pk}"))
    assert form.status_code == 200
    text = _text(form)
    # Every teacher of the class and the mentor are ticked; the zorgteam is offered, not ticked.
    assert _ids_checked(text, "deelnemers") == {users["mentor"].pk, users["docent"].pk}
    assert f'name="zorgteam" value="{users["zorgcoordinator"].pk}"' in text
    assert _ids_checked(text, "zorgteam") == set()
    assert 'name="vorm"' not in text  # cyclus A has no vorm
    # Only staff who can open a meeting are offered (not the beheerder or schoolleider).
    assert "Beheerder" not in text and "Schoolleider" not in text
    response = client.post(
        _u(world, f"nieuw/?overzicht={overzicht.pk}"),
        {
            "overzicht": overzicht.pk,
            "datum": _datum(),
            "tijd": "14:00",
            "voorzitter": users["mentor"].pk,
            "deelnemers": [users["mentor"].pk, users["docent"].pk],
            "zorgteam": [users["zorgcoordinator"].pk],
        },
    )
    assert response.status_code == 302
    with in_school(world.school):
        nieuw = Bespreking.objects.exclude(pk=world.bs["bespreking"].pk).get(
            groepsoverzicht=overzicht
        )
        deelnemers = {
            d.gebruiker_id: d.zorgteam for d in Deelnemer.objects.filter(bespreking=nieuw)
        }
    assert response["Location"] == _b(world, bespreking=nieuw)
    assert nieuw.soort == "groep" and nieuw.tijd == dt.time(14, 0)
    assert nieuw.aangemaakt_door == users["mentor"]
    assert deelnemers == {
        users["mentor"].pk: False,
        users["docent"].pk: False,
        users["zorgcoordinator"].pk: True,
    }
    detail = _text(client.get(response["Location"]))
    assert "is gepland" in detail
    assert "Zorgcoordinator" in detail and "zorgteam" in detail


def test_chair_must_be_mentor_or_teamleider(world: SchoolWorld, login: Any, in_school: Any) -> None:
    users = world.users
    overzicht = world.go["overzicht"]
    client = login("mentor")
    response = client.post(
        _u(world, f"nieuw/?overzicht={overzicht.pk}"),
        {"datum": _datum(), "voorzitter": users["docent"].pk, "deelnemers": [users["docent"].pk]},
    )
    assert response.status_code == 400
    text = _text(response)
    assert "De voorzitter is de mentor van de klas of een teamleider." in text
    assert 'class="field has-error"' in text
    # What the user chose is kept.
    assert f'<option value="{users["docent"].pk}" selected>' in text
    with in_school(world.school):
        assert Bespreking.objects.filter(groepsoverzicht=overzicht).count() == 1
    # A teamleider may chair.
    response = client.post(
        _u(world, f"nieuw/?overzicht={overzicht.pk}"),
        {"datum": _datum(), "voorzitter": users["teamleider"].pk},
    )
    assert response.status_code == 302


def test_plan_without_overview_lists_what_the_user_may_plan(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        lesgroep_b = go_services.groepsoverzicht_create(
            groep=world.groep,
            periode=world.periode,
            cyclus="B",
            lesgroep=world.lesgroep,
            user=world.users["docent"],
        )
    # The docent plans for their own lesgroep (B), not for the class (A).
    text = _text(login("docent").get(_u(world, "nieuw/")))
    assert f'?overzicht={lesgroep_b.pk}"' in text
    assert f'?overzicht={world.go["overzicht"].pk}"' not in text  # the closing quote: 1 ≠ 13
    # Cyclus B asks where the meeting takes place.
    client = login("docent")
    url = _u(world, f"nieuw/?overzicht={lesgroep_b.pk}")
    assert 'name="vorm"' in _text(client.get(url))
    response = client.post(url, {"datum": _datum(), "voorzitter": world.users["docent"].pk})
    assert response.status_code == 400
    assert "Kies waar de vakspecifieke bespreking plaatsvindt." in _text(response)
    response = client.post(
        url, {"datum": _datum(), "voorzitter": world.users["docent"].pk, "vorm": "vaksectie"}
    )
    assert response.status_code == 302
    with in_school(world.school):
        b = Bespreking.objects.get(groepsoverzicht=lesgroep_b)
    assert (b.soort, b.vorm) == ("vak", "vaksectie")
    # Its preparation page follows the lighter agenda of cyclus B.
    text = _text(client.get(_b(world, bespreking=b)))
    assert "Vakspecifieke bespreking 1A-ne" in text and "In de vaksectie" in text
    assert 'id="punt-samenwerken"' in text and 'id="punt-aandachtspunten"' not in text


def test_plan_403_and_404(world: SchoolWorld, school_b: SchoolWorld, login: Any) -> None:
    overzicht = world.go["overzicht"]
    # The docent sees the class's overview but does not run its groepsbespreking.
    assert login("docent").get(_u(world, f"nieuw/?overzicht={overzicht.pk}")).status_code == 403
    assert (
        login("docent")
        .post(
            _u(world, f"nieuw/?overzicht={overzicht.pk}"),
            {"datum": _datum(), "voorzitter": world.users["docent"].pk},
        )
        .status_code
        == 403
    )
    # Another school's overview, or nonsense, is not there at all.
    mentor = login("mentor")
    foreign = school_b.go["overzicht"].pk
    assert mentor.get(_u(world, f"nieuw/?overzicht={foreign}")).status_code == 404
    assert mentor.get(_u(world, "nieuw/?overzicht=abc")).status_code == 404
    # Posting without an overview shows the choice again.
    response = mentor.post(_u(world, "nieuw/"), {"datum": _datum()})
    assert response.status_code == 400
    assert "Kies eerst het groepsoverzicht" in _text(response)
    assert f"?overzicht={overzicht.pk}" in _text(response)
    # The zorgcoördinator and the teamleider of the afdeling may plan.
    for persona in ("zorgcoordinator", "teamleider"):
        assert login(persona).get(_u(world, f"nieuw/?overzicht={overzicht.pk}")).status_code == 200


# --- Preparation page ---------------------------------------------------------------------------


def test_preparation_page_prefills_the_agenda_and_checklist(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        go_services.signalering_besluiten(
            signalering=world.go["signalering"], status="bevestigd", user=world.users["mentor"]
        )
        go.Groepsoverzicht.objects.filter(pk=world.go["overzicht"].pk).update(
            aandachtspunten_groep="Rust bij de start van de les."
        )
    response = login("mentor").get(_b(world))
    assert response.status_code == 200
    text = _text(response)
    punten = {m.group(1): m.start() for m in re.finditer(r'id="punt-([a-z_]+)"', text)}
    assert list(punten) == [
        "vragen",
        "vorig_plan",
        "bilateraal",
        "aandachtspunten",
        "signaleren",
        "behoeften",
        "clusteren",
        "nieuw_plan",
        "eigen_vak",
        "ondersteuning",
        "izo",
    ]

    def punt(code: str) -> str:
        start = punten[code]
        volgende = [s for s in punten.values() if s > start]
        return text[start : min(volgende) if volgende else len(text)]

    naam = world.leerling.volledige_naam
    # Signalled pupil with the reason, linked to the pupil's page.
    assert naam in punt("signaleren")
    assert "Achterstand: BL: IV, onder het ijkpunt III" in punt("signaleren")
    assert f"/leerlingen/{world.leerling.uuid}/" in punt("signaleren")
    # The need without a goal is incomplete.
    assert naam in punt("behoeften") and "doel ontbreekt" in punt("behoeften")
    assert "Rust bij de start van de les." in punt("aandachtspunten")
    assert "Subgroep begrijpend lezen" in punt("clusteren") and naam in punt("clusteren")
    assert "Concentratie in de les" in punt("bilateraal")
    assert "Sanne haakt af bij lange teksten; wat werkt bij jullie?" in punt("vragen")
    assert "Er is geen vorig groepsplan" in punt("vorig_plan")
    # IZO candidate: signalled and a bilateral overleg with the zorgteam.
    assert "bilateraal overleg met het zorgteam" in punt("izo")
    # Checklist (bijlage 17) with words and icons, not colour alone.
    checklist = text.split('id="kop-checklist"')[1].split("</section>")[0]
    assert "Aandachtspunten voor de hele groep bepaald: klaar" in re.sub(r"<[^>]+>", "", checklist)
    assert re.search(
        r"Onderwijsbehoeften van gesignaleerde leerlingen ingevuld\s*: nog open",
        re.sub(r"<[^>]+>", "", checklist).replace("</a>", ""),
    )
    assert "n.v.t." in checklist and "✓" in checklist and "!" in checklist
    # The chair's buttons.
    assert _b(world, "wijzigen/") in text and _b(world, "vergadering/") in text
    assert "Vergadering starten" in text


def test_docent_brings_in_a_question_that_appears_on_the_agenda(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("docent")
    page = _text(client.get(_b(world)))
    assert "Vraag of gesprekspunt inbrengen" in page
    assert _b(world, "wijzigen/") not in page  # a teacher does not run the meeting
    assert "Checklist voorbereiding" in page
    response = client.post(
        _b(world, "inbreng/"),
        {"punt": "ondersteuning", "leerling": "", "tekst": "Hoe ga ik om met drukte na de pauze?"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#punt-ondersteuning")
    with in_school(world.school):
        inbreng = Inbreng.objects.get(tekst="Hoe ga ik om met drukte na de pauze?")
    assert (inbreng.auteur, inbreng.punt) == (world.users["docent"], "ondersteuning")
    text = _text(login("mentor").get(_b(world)))
    blok = text.split('id="punt-ondersteuning"')[1].split('id="punt-izo"')[0]
    assert "Hoe ga ik om met drukte na de pauze?" in blok and "Docent" in blok


def test_inbreng_errors_rerender_the_page(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("docent")
    response = client.post(_b(world, "inbreng/"), {"punt": "vragen", "tekst": "  "})
    assert response.status_code == 400
    text = _text(response)
    assert "Niet ingebracht" in text and "Schrijf je vraag of gesprekspunt op." in text
    assert 'id="punt-signaleren"' in text  # the whole preparation page
    # A pupil from another class.
    response = client.post(
        _b(world, "inbreng/"),
        {"punt": "vragen", "leerling": world.andere_leerling.pk, "tekst": "Vraag"},
    )
    assert response.status_code == 400
    with in_school(world.school):
        assert Inbreng.objects.filter(bespreking=world.bs["bespreking"]).count() == 1
    # GET is not a page.
    assert client.get(_b(world, "inbreng/")).status_code == 404


def test_inbreng_refused_when_closed_and_forbidden_for_invisible(
    world: SchoolWorld, school_b: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("docent")
    foreign = school_b.bs["bespreking"]
    assert (
        client.post(_b(world, "inbreng/", foreign), {"punt": "vragen", "tekst": "x"}).status_code
        == 404
    )
    assert client.get(_b(world, "", foreign)).status_code == 404
    with in_school(world.school):
        Bespreking.objects.filter(pk=world.bs["bespreking"].pk).update(status=Status.AFGESLOTEN)
    assert client.post(_b(world, "inbreng/"), {"punt": "vragen", "tekst": "x"}).status_code == 403
    text = _text(login("mentor").get(_b(world)))
    assert "Vraag of gesprekspunt inbrengen" not in text
    assert _b(world, "verslag/") in text and _b(world, "wijzigen/") not in text


def test_bilateral_overleg_page(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").get(_b(world, bespreking=world.bs["bilateraal"]))
    assert response.status_code == 200
    text = _text(response)
    assert "Bilateraal overleg over" in text and "vaste plek vooraan" in text
    assert "Vraag of gesprekspunt inbrengen" not in text


# --- Change -------------------------------------------------------------------------------------


def test_update_with_version_and_conflict(world: SchoolWorld, login: Any, in_school: Any) -> None:
    users = world.users
    client = login("mentor")
    form = _text(client.get(_b(world, "wijzigen/")))
    version = re.search(r'name="version" value="([^"]+)"', form)
    assert version is not None
    assert _ids_checked(form, "deelnemers") == {users["mentor"].pk, users["docent"].pk}
    # A colleague saves first.
    with in_school(world.school):
        plannen_services.bespreking_update(
            bespreking=world.bs["bespreking"],
            version=None,
            user=users["teamleider"],
            datum=timezone.localdate() + dt.timedelta(days=3),
            tijd=dt.time(9, 0),
            voorzitter=users["teamleider"],
            deelnemer_ids=[users["mentor"].pk, users["docent"].pk],
        )
    mijn_datum = _datum(30)
    data = {
        "version": version.group(1),
        "datum": mijn_datum,
        "tijd": "16:15",
        "voorzitter": users["mentor"].pk,
        "deelnemers": [users["mentor"].pk],
    }
    response = client.post(_b(world, "wijzigen/"), data)
    assert response.status_code == 409
    text = _text(response)
    naam = users["teamleider"].volledige_naam
    assert f"Niet opgeslagen: {naam} heeft dit intussen gewijzigd" in text
    assert f"Versie van {naam}" in text and "16:15" in text  # both versions
    assert f'value="{mijn_datum}"' in text and 'value="16:15"' in text  # input kept
    with in_school(world.school):
        assert Bespreking.objects.get(pk=world.bs["bespreking"].pk).tijd == dt.time(9, 0)
    # Saving again, with the version of the conflict page, is deliberate and wins.
    data["version"] = re.search(r'name="version" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]
    response = client.post(_b(world, "wijzigen/"), data)
    assert response.status_code == 302
    with in_school(world.school):
        b = Bespreking.objects.get(pk=world.bs["bespreking"].pk)
        ids = set(Deelnemer.objects.filter(bespreking=b).values_list("gebruiker_id", flat=True))
    assert (b.datum.isoformat(), b.tijd, b.voorzitter_id) == (
        mijn_datum,
        dt.time(16, 15),
        users["mentor"].pk,
    )
    assert ids == {users["mentor"].pk}


def test_update_403_and_404(
    world: SchoolWorld, school_b: SchoolWorld, login: Any, in_school: Any
) -> None:
    assert login("docent").get(_b(world, "wijzigen/")).status_code == 403
    assert login("mentor").get(_b(world, "wijzigen/", school_b.bs["bespreking"])).status_code == 404
    with in_school(world.school):
        Bespreking.objects.filter(pk=world.bs["bespreking"].pk).update(status=Status.AFGESLOTEN)
    assert login("mentor").get(_b(world, "wijzigen/")).status_code == 403


# --- Query counts ---------------------------------------------------------------------------------


def _klas(world: SchoolWorld, in_school: Any, leerlingen: int) -> None:
    """The world's class with `leerlingen` pupils: each signalled, half with a goal-less need,
    in the plan's subgroup, with a question brought in about them."""
    extra = [f.PlaatsingFactory(groep=world.groep).leerling for _ in range(leerlingen - 1)]
    with in_school(world.school):
        for n, leerling in enumerate(extra):
            regel = go.Overzichtregel.objects.create(
                school=world.school, groepsoverzicht=world.go["overzicht"], leerling=leerling
            )
            go_services.signalering_create(
                regel=regel,
                reden="werkhouding",
                uitleg="Maakt huiswerk niet",
                user=world.users["mentor"],
            )
            go_services.onderwijsbehoefte_create(
                regel=regel,
                soort="didactisch",
                domein_id=world.go["domein"].pk,
                doel="" if n % 2 else "Maakt 4 van de 5 taken af.",
                behoefte="een instructie nodig die kort en duidelijk is",
            )
            gp.Plangroeplid.objects.create(
                school=world.school, plangroep=world.gp["subgroep"], leerling=leerling
            )
            plannen_services.inbreng_create(
                bespreking=world.bs["bespreking"],
                auteur=world.users["docent"],
                punt="signaleren",
                tekst=f"Vraag {n}",
                leerling_id=leerling.pk,
            )


DETAIL_QUERIES = 25


@pytest.mark.parametrize("leerlingen", [8, 32])
def test_preparation_page_query_count_is_flat(
    world: SchoolWorld,
    client: Client,
    in_school: Any,
    django_assert_num_queries: Any,
    leerlingen: int,
) -> None:
    _klas(world, in_school, leerlingen)
    log_in_verified(client, world.users["mentor"])
    client.get(_b(world))  # warm up the session
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(_b(world))
    assert response.status_code == 200
    text = _text(response)
    assert text.count("Maakt huiswerk niet") == leerlingen - 1
    assert text.count("Vraag ") >= leerlingen - 1


def test_overview_and_plan_pages_link_to_planning(world: SchoolWorld, login: Any) -> None:
    overzicht = world.go["overzicht"]
    create = f"/{world.school.slug}/besprekingen/nieuw/?overzicht={overzicht.pk}"
    lijst = f"/{world.school.slug}/besprekingen/?overzicht={overzicht.pk}"
    overzicht_url = f"/{world.school.slug}/groepsoverzichten/{overzicht.pk}/"
    plan_url = f"/{world.school.slug}/groepsplannen/{world.gp['plan'].pk}/"
    for persona in ("mentor", "zorgcoordinator", "teamleider"):
        client = login(persona)
        for url in (overzicht_url, plan_url):
            text = _text(client.get(url))
            assert create in text and "Groepsbespreking plannen" in text, (persona, url)
            assert lijst in text
    docent = login("docent")
    for url in (overzicht_url, plan_url):
        text = _text(docent.get(url))
        assert create not in text and lijst in text
