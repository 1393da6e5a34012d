"""Trajecten: the list and the traject page (need-to-know visibility, access log, history,
level and IZO date with a version, closing with a reason), the shortened route (one open
traject per pupil), partner organisations and the IZO panel on the pupil page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from izo_zat import zorgniveaus
from izo_zat.aanmelding.services import aanmelding_indienen, triage_besluiten
from izo_zat.models import Aanmelding, Partnerorganisatie, Traject
from izo_zat.traject.services import traject_afsluiten, traject_update, traject_verkort_openen
from zorgroute.models import AccessEvent

from .. import factories as f
from ..world import SchoolWorld


def _url(world: SchoolWorld, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": world.school.slug, **kwargs})


def _detail(world: SchoolWorld, traject: Traject) -> str:
    return _url(world, "izo-traject-detail", traject_id=traject.pk)


def _sanne_geaccepteerd(world: SchoolWorld, in_school: Any) -> Traject:
    """Sanne's aanmelding (1A, by the mentor) submitted and accepted: her traject."""
    with in_school(world.school):
        aanmelding = Aanmelding.objects.get(pk=world.bs["aanmelding"].pk)
        aanmelding.probleem = "Begrijpend lezen blijft achter."
        aanmelding.hulpvraag_leerling = "Hulp bij lange teksten."
        aanmelding.begeleidingsvraag = "Hoe differentiëren wij?"
        aanmelding.ouders_op_de_hoogte = True
        aanmelding.save()
        aanmelding_indienen(aanmelding=aanmelding, version=None)
        triage_besluiten(
            aanmelding=aanmelding,
            uitkomst="accepteren",
            reden="Past bij het IZO.",
            izo_datum=timezone.localdate() + dt.timedelta(days=3),
            user=world.users["zorgcoordinator"],
        )
        return Traject.objects.get(aanmelding=aanmelding)


# --- care-level labels ---------------------------------------------------------------------------


def test_care_level_labels_follow_the_school_type() -> None:
    assert zorgniveaus.label("vo", "3") == "Niveau 3 – extern via het ZAT"
    assert zorgniveaus.label("po", "2") == "Met de intern begeleider"
    assert zorgniveaus.label("so", "1") == "In de groep"
    assert [k for k, _label in zorgniveaus.keuzes("vo")] == ["1", "2", "3"]


# --- visibility ----------------------------------------------------------------------------------


def test_zorgcoordinator_sees_daans_traject_in_list_and_page(
    world: SchoolWorld, login: Any
) -> None:
    client = login("zorgcoordinator")
    response = client.get(_url(world, "izo-traject-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.andere_leerling.volledige_naam in html
    assert "1B" in html
    assert "Verkorte route" in html
    response = client.get(_detail(world, world.izo["traject"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acute zorg na een incident thuis" in html
    # The world school's type decides the wording of the level.
    assert zorgniveaus.label(world.school.type, "2") in html


@pytest.mark.parametrize("persona", ["mentor", "docent", "teamleider"])
def test_staff_of_1a_do_not_see_daans_traject(world: SchoolWorld, login: Any, persona: str) -> None:
    client = login(persona)
    assert client.get(_detail(world, world.izo["traject"])).status_code == 404
    response = client.get(_url(world, "izo-traject-list"))
    assert response.status_code == 200
    assert world.andere_leerling.volledige_naam not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("mentor", 200), ("teamleider", 200), ("zorgcoordinator", 200), ("docent", 404)],
)
def test_accepted_traject_of_sanne(
    world: SchoolWorld, login: Any, in_school: Any, persona: str, status: int
) -> None:
    traject = _sanne_geaccepteerd(world, in_school)
    client = login(persona)
    response = client.get(_detail(world, traject))
    assert response.status_code == status
    lijst = client.get(_url(world, "izo-traject-list")).content.decode()
    assert (world.leerling.volledige_naam in lijst) is (status == 200)
    if status == 200:
        html = response.content.decode()
        assert "Via een aanmelding en triage" in html
        assert "Zorgniveau en IZO-datum wijzigen" not in html or persona == "zorgcoordinator"


def test_outsider_and_zat_lid_get_no_traject(world: SchoolWorld, login: Any) -> None:
    assert login("outsider").get(_detail(world, world.izo["traject"])).status_code == 404
    assert login("zat_lid").get(_detail(world, world.izo["traject"])).status_code == 403


def test_reading_a_traject_is_logged(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("zorgcoordinator")
    client.get(_detail(world, world.izo["traject"]))
    with in_school(world.school):
        event = AccessEvent.objects.filter(
            leerling=world.andere_leerling, gebruiker=world.users["zorgcoordinator"]
        ).get()
    assert event.pagina == "izo-traject-detail"


def test_aanmelding_route_links_to_the_aanmelding_for_who_may_open_it(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    traject = _sanne_geaccepteerd(world, in_school)
    link = _url(world, "izo-aanmelding", aanmelding_id=world.bs["aanmelding"].pk)
    assert link in login("mentor").get(_detail(world, traject)).content.decode()
    # The teamleider sees the traject but not the aanmelding: no dead link.
    assert link not in login("teamleider").get(_detail(world, traject)).content.decode()


def test_list_shows_what_is_due_in_the_izo(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        Traject.objects.filter(pk=world.izo["traject"].pk).update(izo_datum=timezone.localdate())
    html = login("zorgcoordinator").get(_url(world, "izo-traject-list")).content.decode()
    assert "melden in het IZO" in html


# --- level, IZO date, history, closing ------------------------------------------------------------


def test_level_change_is_saved_with_history(world: SchoolWorld, login: Any) -> None:
    traject = world.izo["traject"]
    client = login("zorgcoordinator")
    datum = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(
        _url(world, "izo-traject-update", traject_id=traject.pk),
        {"version": traject.versie, "zorgniveau": "3", "izo_datum": datum.isoformat()},
    )
    assert response.status_code == 302
    html = client.get(_detail(world, traject)).content.decode()
    label_2 = zorgniveaus.label(world.school.type, "2")
    label_3 = zorgniveaus.label(world.school.type, "3")
    assert f"Zorgniveau: {label_2} → {label_3}" in html
    assert f"→ {datum:%d-%m-%Y}" in html
    assert "Zorgcoordinator" in html  # who changed it


def test_stale_version_gives_409_and_saves_nothing(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    traject = world.izo["traject"]
    oud = traject.versie
    with in_school(world.school):
        traject_update(traject=traject, version=oud, zorgniveau="1", izo_datum=None)
    response = login("zorgcoordinator").post(
        _url(world, "izo-traject-update", traject_id=traject.pk),
        {"version": oud, "zorgniveau": "3", "izo_datum": ""},
    )
    assert response.status_code == 409
    assert "heeft dit intussen gewijzigd" in response.content.decode()
    with in_school(world.school):
        assert Traject.objects.get(pk=traject.pk).zorgniveau == "1"


@pytest.mark.parametrize("persona", ["mentor", "teamleider"])
def test_only_the_zorgcoordinator_changes_or_closes(
    world: SchoolWorld, login: Any, in_school: Any, persona: str
) -> None:
    traject = _sanne_geaccepteerd(world, in_school)
    client = login(persona)
    html = client.get(_detail(world, traject)).content.decode()
    assert "izo-traject-update" not in html and "afsluiten" not in html
    data = {"version": traject.versie, "zorgniveau": "3", "afsluitreden": "x"}
    assert (
        client.post(_url(world, "izo-traject-update", traject_id=traject.pk), data).status_code
        == 403
    )
    assert (
        client.post(_url(world, "izo-traject-afsluiten", traject_id=traject.pk), data).status_code
        == 403
    )


def test_closing_requires_a_reason(world: SchoolWorld, login: Any, in_school: Any) -> None:
    traject = world.izo["traject"]
    client = login("zorgcoordinator")
    url = _url(world, "izo-traject-afsluiten", traject_id=traject.pk)
    assert "Waarom stopt het traject?" in client.get(url).content.decode()
    response = client.post(url, {"version": traject.versie, "afsluitreden": "  "})
    assert response.status_code == 400
    assert "Schrijf op waarom het traject stopt." in response.content.decode()
    with in_school(world.school):
        assert Traject.objects.get(pk=traject.pk).status == "open"
    response = client.post(
        url, {"version": traject.versie, "afsluitreden": "Doelen bereikt, verder in de klas."}
    )
    assert response.status_code == 302
    with in_school(world.school):
        gesloten = Traject.objects.get(pk=traject.pk)
    assert gesloten.status == "gesloten"
    html = client.get(_detail(world, traject)).content.decode()
    assert "Afgesloten: Doelen bereikt" in html
    assert "Zorgniveau en IZO-datum wijzigen" not in html
    # Closed trajecten come after the open ones in the list.
    assert (
        "Nog geen afgesloten trajecten"
        not in client.get(_url(world, "izo-traject-list")).content.decode()
    )


# --- shortened route -----------------------------------------------------------------------------


def test_shortened_route_opens_a_traject(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("zorgcoordinator")
    url = _url(world, "izo-traject-verkort", leerling_uuid=world.leerling.uuid)
    html = client.get(url).content.decode()
    assert zorgniveaus.label(world.school.type, "3") in html
    assert client.post(url, {"reden": "", "zorgniveau": "2"}).status_code == 400
    response = client.post(url, {"reden": "Melding van de leerplicht.", "zorgniveau": "3"})
    assert response.status_code == 302
    with in_school(world.school):
        traject = Traject.objects.get(leerling=world.leerling, status="open")
    assert traject.route == "verkort" and traject.zorgniveau == "3"
    assert response["Location"] == _detail(world, traject)


def test_second_open_traject_is_refused_in_dutch(world: SchoolWorld, login: Any) -> None:
    client = login("zorgcoordinator")
    url = _url(world, "izo-traject-verkort", leerling_uuid=world.andere_leerling.uuid)
    bestaand = _detail(world, world.izo["traject"])
    assert bestaand in client.get(url).content.decode()
    response = client.post(url, {"reden": "Nog een keer.", "zorgniveau": "2"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Deze leerling heeft al een lopend traject." in html
    assert bestaand in html


def test_shortened_route_is_for_the_zorgteam(world: SchoolWorld, login: Any) -> None:
    url = _url(world, "izo-traject-verkort", leerling_uuid=world.leerling.uuid)
    assert login("mentor").get(url).status_code == 403
    assert login("outsider").get(url).status_code == 404


# --- partner organisations -----------------------------------------------------------------------


def test_partner_create_update_and_duplicate(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    lijst = _url(world, "izo-partner-list")
    assert "GGD Regio" in client.get(lijst).content.decode()
    assert client.post(lijst, {"naam": "Wijkteam Noord", "soort": "wijkteam"}).status_code == 302
    response = client.post(lijst, {"naam": "GGD Regio", "soort": "ggd"})
    assert response.status_code == 400
    assert "Deze organisatie staat er al." in response.content.decode()
    with in_school(world.school):
        wijkteam = Partnerorganisatie.objects.get(naam="Wijkteam Noord")
    url = _url(world, "izo-partner-update", partner_id=wijkteam.pk)
    response = client.post(url, {"version": wijkteam.versie, "naam": "GGD Regio", "soort": "ggd"})
    assert response.status_code == 400
    assert "Deze organisatie staat er al." in response.content.decode()
    response = client.post(
        url, {"version": wijkteam.versie, "naam": "Wijkteam Zuid", "soort": "wijkteam"}
    )
    assert response.status_code == 302
    response = client.post(url, {"version": wijkteam.versie, "naam": "X", "soort": "smw"})
    assert response.status_code == 409
    with in_school(world.school):
        assert Partnerorganisatie.objects.get(pk=wijkteam.pk).naam == "Wijkteam Zuid"


@pytest.mark.parametrize(("persona", "status"), [("mentor", 403), ("outsider", 404)])
def test_partners_are_for_the_zorgteam(
    world: SchoolWorld, login: Any, persona: str, status: int
) -> None:
    client = login(persona)
    assert client.get(_url(world, "izo-partner-list")).status_code == status
    url = _url(world, "izo-partner-update", partner_id=world.izo["partner"].pk)
    assert client.get(url).status_code == status


# --- pupil page panel ----------------------------------------------------------------------------


def _pupil_page(client: Client, world: SchoolWorld, leerling: Any) -> str:
    response = client.get(_url(world, "leerling-detail", leerling_uuid=leerling.uuid))
    assert response.status_code == 200
    return response.content.decode()


def test_panel_for_the_zorgcoordinator(world: SchoolWorld, login: Any) -> None:
    client = login("zorgcoordinator")
    html = _pupil_page(client, world, world.andere_leerling)
    assert _detail(world, world.izo["traject"]) in html
    assert "Traject starten (verkorte route)" not in html  # Daan has one
    html = _pupil_page(client, world, world.leerling)
    assert "Traject starten (verkorte route)" in html
    assert "Toestemming: ZAT <strong>ja" in html
    assert _url(world, "izo-toestemmingen", leerling_uuid=world.leerling.uuid) in html


def test_panel_for_the_mentor_and_the_docent(world: SchoolWorld, login: Any) -> None:
    html = _pupil_page(login("mentor"), world, world.leerling)
    assert "IZO-aanmelding starten" in html
    assert _url(world, "izo-toestemmingen", leerling_uuid=world.leerling.uuid) in html
    assert "Traject starten (verkorte route)" not in html
    html = _pupil_page(login("docent"), world, world.leerling)
    assert "Zorgtraject en toestemming" not in html


def test_panel_shows_a_traject_only_to_who_may_see_it(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    traject = _sanne_geaccepteerd(world, in_school)
    assert _detail(world, traject) in _pupil_page(login("teamleider"), world, world.leerling)
    assert _detail(world, traject) not in _pupil_page(login("docent"), world, world.leerling)


# --- query counts --------------------------------------------------------------------------------


def _meer_trajecten(world: SchoolWorld, in_school: Any, aantal: int) -> None:
    with in_school(world.school):
        for i in range(aantal):
            leerling = f.LeerlingFactory(school=world.school)
            f.PlaatsingFactory(groep=world.andere_groep, leerling=leerling)
            traject = traject_verkort_openen(
                leerling=leerling,
                reden=f"Reden {i}",
                zorgniveau="2",
                izo_datum=timezone.localdate() + dt.timedelta(days=i),
                user=world.users["zorgcoordinator"],
            )
            if i % 2:
                traject_afsluiten(traject=traject, version=None, reden="Klaar.")


#: Exact counts, including the request's savepoint pair, RLS settings, session, user, school
#: and membership lookups (8). The list adds one query for all trajecten (class name as a
#: subquery); the page adds the class, the access log insert, the history, the valid
#: consents, whether the user keeps the pupil's consent registry, the IZO reports with their
#: decisions (2), the ZAT cases and the handelingsadviezen.
LIJST_QUERIES = 9
DETAIL_QUERIES = 18


def test_list_and_page_queries_are_pinned_and_flat(
    world: SchoolWorld, login: Any, in_school: Any, django_assert_num_queries: Any
) -> None:
    client = login("zorgcoordinator")
    lijst = _url(world, "izo-traject-list")
    detail = _detail(world, world.izo["traject"])
    with django_assert_num_queries(LIJST_QUERIES):
        client.get(lijst)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(detail)
    _meer_trajecten(world, in_school, 5)  # 1 → 6 trajecten
    with in_school(world.school):
        for niveau in ("3", "1", "2"):  # more history on the page
            fresh = Traject.objects.get(pk=world.izo["traject"].pk)
            traject_update(
                traject=fresh, version=None, zorgniveau=niveau, izo_datum=fresh.izo_datum
            )
    with django_assert_num_queries(LIJST_QUERIES):
        response = client.get(lijst)
    assert len(response.context["lopend"]) + len(response.context["afgesloten"]) == 6
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(detail)


def test_primary_school_reads_its_own_level_labels(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    from zorgroute.models import School

    School.objects.filter(pk=world.school.pk).update(type="po")
    client = login("zorgcoordinator")
    html = client.get(
        _url(world, "izo-traject-verkort", leerling_uuid=world.leerling.uuid)
    ).content.decode()
    assert "Met de intern begeleider" in html
    assert "Niveau 2 – intern zorgteam (IZO)" not in html
    assert (
        "Met de intern begeleider"
        in client.get(_detail(world, world.izo["traject"])).content.decode()
    )


def test_accepted_traject_due_today_reads_te_bespreken(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    traject = _sanne_geaccepteerd(world, in_school)
    with in_school(world.school):
        Traject.objects.filter(pk=traject.pk).update(izo_datum=timezone.localdate())
    html = login("mentor").get(_url(world, "izo-traject-list")).content.decode()
    assert '<span class="badge">te bespreken</span>' in html


def test_shortened_route_izo_date_not_in_the_past(world: SchoolWorld, login: Any) -> None:
    gisteren = timezone.localdate() - dt.timedelta(days=1)
    response = login("zorgcoordinator").post(
        _url(world, "izo-traject-verkort", leerling_uuid=world.leerling.uuid),
        {"reden": "Acuut.", "zorgniveau": "2", "izo_datum": gisteren.isoformat()},
    )
    assert response.status_code == 400
    assert "Kies een IZO vandaag of later." in response.content.decode()
