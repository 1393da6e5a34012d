"""The groepsplan screens: starting a plan, the list, the plan page (autosave with conflict
notices, goals with the SMART check, weekrooster, activate and close) and the clustering
screen (suggestions, moving pupils, warnings), with 403/404 cases and pinned query counts."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client

from groepsoverzicht import models as go
from groepsoverzicht import services as go_services
from groepsplan import models as gp
from groepsplan import services
from tests.auth_helpers import log_in_verified

from .. import factories as f
from ..world import SchoolWorld

HTMX = {"HTTP_HX_REQUEST": "true"}


def _p(world: SchoolWorld, suffix: str = "", plan: Any = None) -> str:
    plan = plan or world.gp["plan"]
    return f"/{world.school.slug}/groepsplannen/{plan.pk}/{suffix}"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _signaleer(world: SchoolWorld, in_school: Any, aantal: int, *, domein: bool = True) -> list:
    """`aantal` extra pupils in class 1A, signalled in the world's overview with a BL need
    (same domain, so they form a suggestion). Returns their Leerling objects."""
    leerlingen = [f.PlaatsingFactory(groep=world.groep).leerling for _ in range(aantal)]
    with in_school(world.school):
        for leerling in leerlingen:
            regel = go.Overzichtregel.objects.create(
                school=world.school, groepsoverzicht=world.go["overzicht"], leerling=leerling
            )
            go_services.signalering_create(
                regel=regel,
                reden="achterstand",
                uitleg="BL onder niveau",
                user=world.users["mentor"],
            )
            go_services.onderwijsbehoefte_create(
                regel=regel,
                soort="didactisch",
                domein_id=world.go["domein"].pk if domein else None,
                doel="Leest minimaal 8 van de 10 vragen goed.",
                behoefte="een instructie nodig die kort en duidelijk is",
            )
    return leerlingen


def _later_plan(world: SchoolWorld, in_school: Any, weken: int = 14) -> gp.Groepsplan:
    """A concept plan for class 1A in the next periode (the world's plan is the previous one)."""
    later = f.PeriodeFactory(
        schooljaar=world.schooljaar,
        naam="Cyclus later",
        startdatum=world.periode.einddatum + dt.timedelta(days=1),
        einddatum=world.periode.einddatum + dt.timedelta(weeks=weken),
    )
    with in_school(world.school):
        overzicht = go_services.groepsoverzicht_create(
            groep=world.groep, periode=later, cyclus="A", user=world.users["mentor"]
        )
        return services.groepsplan_create(groepsoverzicht=overzicht, user=world.users["mentor"])


# --- Starting a plan, and the list -------------------------------------------------------------


def test_start_a_plan_from_the_overview(world: SchoolWorld, login: Any, in_school: Any) -> None:
    periode = f.PeriodeFactory(
        schooljaar=world.schooljaar,
        startdatum=world.periode.einddatum + dt.timedelta(days=1),
        einddatum=world.periode.einddatum + dt.timedelta(weeks=8),
    )
    with in_school(world.school):
        overzicht = go_services.groepsoverzicht_create(
            groep=world.groep, periode=periode, cyclus="A", user=world.users["mentor"]
        )
    client = login("mentor")
    keuze = _text(client.get(f"/{world.school.slug}/groepsplannen/nieuw/"))
    assert f'?overzicht={overzicht.pk}"' in keuze
    assert f'?overzicht={world.go["overzicht"].pk}"' not in keuze  # already has a plan
    url = f"/{world.school.slug}/groepsplannen/nieuw/?overzicht={overzicht.pk}"
    form = _text(client.get(url))
    assert "Vakoverstijgend (bijlage 9)" in form and "convergente" not in form
    assert periode.startdatum.isoformat() in form  # prefilled with the periode
    # A cyclus A overview cannot get a vakspecifiek plan.
    response = client.post(
        url,
        {
            "format": "b_convergent",
            "startdatum": periode.startdatum,
            "einddatum": periode.einddatum,
        },
    )
    assert response.status_code == 400
    eind = periode.startdatum + dt.timedelta(weeks=12)
    response = client.post(
        url, {"format": "a", "startdatum": periode.startdatum, "einddatum": eind}
    )
    assert response.status_code == 302
    with in_school(world.school):
        plan = gp.Groepsplan.objects.get(groepsoverzicht=overzicht)
    assert response["Location"] == _p(world, "clusteren/", plan)
    assert plan.tussenevaluatie == periode.startdatum + dt.timedelta(weeks=6)
    # Once started, the overview is no longer offered, and starting again is refused.
    assert f"?overzicht={overzicht.pk}" not in _text(
        client.get(f"/{world.school.slug}/groepsplannen/nieuw/")
    )
    response = client.post(
        url, {"format": "a", "startdatum": periode.startdatum, "einddatum": eind}
    )
    assert response.status_code == 400
    assert "al een groepsplan" in _text(response)


def test_start_needs_the_right_to_write_the_overview(world: SchoolWorld, login: Any) -> None:
    url = f"/{world.school.slug}/groepsplannen/nieuw/?overzicht={world.go['overzicht'].pk}"
    assert login("docent").get(url).status_code == 403  # reads the class's overview only
    assert login("teamleider").get(url).status_code == 403
    client = login("outsider")
    assert client.get(f"/{world.school.slug}/groepsplannen/nieuw/").status_code == 404
    assert (
        login("mentor").get(url.replace(str(world.go["overzicht"].pk), "999999")).status_code == 404
    )


def test_list_shows_status_periode_and_progress(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        services.groepsplan_activeren(groepsplan=world.gp["plan"])
        services.doel_evalueren(
            doel=world.gp["doel"],
            resultaat="deels",
            vervolg="doorgaan",
            toelichting="",
            user=world.users["mentor"],
        )
    text = _text(login("teamleider").get(f"/{world.school.slug}/groepsplannen/"))
    assert world.groep.naam in text and world.periode.naam in text
    assert "Actief" in text
    # One goal in a subgroup of one pupil: the group and the pupil are evaluated → 1 of 2.
    assert "1 van 2 geëvalueerd (50%)" in text
    with in_school(world.school):
        assert services.evaluatievoortgang(world.gp["plan"]).geevalueerd == 1


LIST_QUERIES = 12


@pytest.mark.parametrize("plannen", [1, 4])
def test_list_query_count_is_flat(
    world: SchoolWorld,
    client: Client,
    in_school: Any,
    django_assert_num_queries: Any,
    plannen: int,
) -> None:
    for n in range(plannen - 1):
        later = f.PeriodeFactory(
            schooljaar=world.schooljaar,
            startdatum=world.periode.einddatum + dt.timedelta(weeks=11 * n + 1),
            einddatum=world.periode.einddatum + dt.timedelta(weeks=11 * n + 10),
        )
        with in_school(world.school):
            overzicht = go_services.groepsoverzicht_create(
                groep=world.groep, periode=later, cyclus="A", user=world.users["mentor"]
            )
            plan = services.groepsplan_create(groepsoverzicht=overzicht, user=world.users["mentor"])
            gp.Plandoel.objects.create(
                school=world.school, plangroep=plan.plangroepen.first(), tekst="Doel"
            )
    log_in_verified(client, world.users["mentor"])
    client.get(f"/{world.school.slug}/")
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"/{world.school.slug}/groepsplannen/")
    assert response.status_code == 200
    assert _text(response).count("geëvalueerd (") == plannen


# --- The plan page ------------------------------------------------------------------------------


def test_plan_page_shows_parts_groups_goals_and_smart_tips(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        gp.Plandoel.objects.create(
            school=world.school, plangroep=world.gp["subgroep"], tekst="Sanne leest beter"
        )
    text = _text(login("mentor").get(_p(world)))
    assert "Deel 1 – pedagogisch" in text and "Deel 2 – basisvaardigheden" in text
    assert "Subgroep begrijpend lezen" in text and world.leerling.volledige_naam in text
    assert "Sanne leest beter" in text
    assert "Maak het doel meetbaar" in text
    assert "Zet erbij wanneer het doel bereikt moet zijn" in text
    assert "Verlengde instructie begrijpend lezen" in text  # weekrooster
    assert "Activeren" in text and "Afsluiten met reden" in text
    assert "data-autosave" in text
    # A reader sees the same plan without editing controls.
    docent = _text(login("docent").get(_p(world)))
    assert "Sanne leest beter" in docent and "Maak het doel meetbaar" in docent
    assert "data-autosave" not in docent and "Activeren" not in docent
    assert "Doel toevoegen" not in docent


def test_autosave_and_conflict_notice_with_both_versions(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sub = world.gp["subgroep"]
    url = _p(world, f"groepen/{sub.pk}/veld/")
    mentor = login("mentor")
    response = mentor.post(
        url, {"veld": "aanpak", "waarde": "Verlengde instructie", "gezien": ""}, **HTMX
    )
    assert response.status_code == 200 and "Opgeslagen om" in _text(response)
    zorg = login("zorgcoordinator")
    response = zorg.post(url, {"veld": "aanpak", "waarde": "Hardop denken", "gezien": ""}, **HTMX)
    text = _text(response)
    assert "Niet opgeslagen" in text
    assert "Hardop denken" in text and "Verlengde instructie" in text
    assert response["HX-Retarget"] == f"#af-{sub.pk}-aanpak"
    with in_school(world.school):
        sub.refresh_from_db()
    assert sub.aanpak == "Verlengde instructie"
    # Keeping their own text after seeing the colleague's version saves it.
    response = zorg.post(
        url,
        {"veld": "aanpak", "waarde": "Hardop denken", "gezien": "Verlengde instructie"},
        **HTMX,
    )
    assert response.status_code == 200
    with in_school(world.school):
        sub.refresh_from_db()
    assert sub.aanpak == "Hardop denken" and sub.versie == 3
    # Without JavaScript: a redirect back, and the conflict as a page (409).
    response = zorg.post(url, {"veld": "inhoud", "waarde": "Tekst", "gezien": ""})
    assert response.status_code == 302
    response = mentor.post(url, {"veld": "inhoud", "waarde": "Andere", "gezien": ""})
    assert response.status_code == 409 and "Tekst" in _text(response)
    assert mentor.post(url, {"veld": "naam", "waarde": "x", "gezien": ""}).status_code == 400


def test_goals_add_change_with_version_and_delete(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    sub, doel = world.gp["subgroep"], world.gp["doel"]
    mentor = login("mentor")
    response = mentor.post(
        _p(world, f"groepen/{sub.pk}/doelen/nieuw/"), {"tekst": "Werkt zelfstandig"}, **HTMX
    )
    assert "Werkt zelfstandig" in _text(response)
    assert "Zet erbij wanneer" in _text(response)  # SMART tip right away
    assert (
        mentor.post(_p(world, f"groepen/{sub.pk}/doelen/nieuw/"), {"tekst": " "}).status_code == 400
    )
    url = _p(world, f"doelen/{doel.pk}/")
    response = mentor.post(url, {"tekst": "Nieuw doel met 3 zinnen", "version": 1}, **HTMX)
    assert "Opgeslagen om" in _text(response)
    # A stale version is refused and shows both texts; nothing is overwritten.
    zorg = login("zorgcoordinator")
    response = zorg.post(url, {"tekst": "Mijn versie", "version": 1}, **HTMX)
    text = _text(response)
    assert "Niet opgeslagen" in text and "Mijn versie" in text and "Nieuw doel met 3 zinnen" in text
    with in_school(world.school):
        doel.refresh_from_db()
    assert doel.tekst == "Nieuw doel met 3 zinnen" and doel.versie == 2
    assert zorg.post(_p(world, f"doelen/{doel.pk}/verwijderen/"), {"version": 1}).status_code == 409
    response = zorg.post(_p(world, f"doelen/{doel.pk}/verwijderen/"), {"version": 2})
    assert response.status_code == 302
    with in_school(world.school):
        assert not gp.Plandoel.objects.filter(pk=doel.pk).exists()


def test_weekrooster_add_and_delete(world: SchoolWorld, login: Any, in_school: Any) -> None:
    mentor = login("mentor")
    sub = world.gp["subgroep"]
    url = _p(world, "weekrooster/nieuw/")
    assert "3e uur" in _text(mentor.get(url, **HTMX))
    response = mentor.post(
        url,
        {
            "plangroep": sub.pk,
            "dag": 4,
            "moment": "5e uur",
            "docent": world.users["docent"].pk,
            "omschrijving": "Pre-teaching",
        },
        **HTMX,
    )
    text = _text(response)
    assert "donderdag" in text and "Pre-teaching" in text
    # A teacher who does not teach the class is not offered, and no moment is an error.
    response = mentor.post(url, {"plangroep": sub.pk, "dag": 1, "moment": ""}, **HTMX)
    assert "Vul het lesuur of de tijd in." in _text(response)
    item = world.gp["roosteritem"]
    response = mentor.post(_p(world, f"weekrooster/{item.pk}/verwijderen/"), **HTMX)
    assert "Verlengde instructie begrijpend lezen" not in _text(response)
    with in_school(world.school):
        assert gp.Roosteritem.objects.filter(plangroep__groepsplan=world.gp["plan"]).count() == 1


def test_activate_refused_while_the_previous_plan_is_open_then_close_with_reason(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    nieuw = _later_plan(world, in_school)
    mentor = login("mentor")
    text = _text(mentor.get(_p(world, plan=nieuw)))
    assert "automatisch: het plan duurt langer dan 10 weken" in text
    response = mentor.post(_p(world, "status/", nieuw), {"actie": "activeren"})
    assert response.status_code == 400
    assert "nog niet geëvalueerd" in _text(response)
    # Closing the previous plan needs a reason.
    oud = world.gp["plan"]
    response = mentor.post(_p(world, "status/", oud), {"actie": "afsluiten", "afsluitreden": ""})
    assert response.status_code == 400
    response = mentor.post(
        _p(world, "status/", oud), {"actie": "afsluiten", "afsluitreden": "Mentor ziek"}
    )
    assert response.status_code == 302
    response = mentor.post(_p(world, "status/", nieuw), {"actie": "activeren"}, **HTMX)
    assert response["HX-Redirect"] == _p(world, plan=nieuw)
    with in_school(world.school):
        oud.refresh_from_db()
        nieuw.refresh_from_db()
    assert oud.status == gp.PlanStatus.AFGESLOTEN and oud.afsluitreden == "Mentor ziek"
    assert nieuw.status == gp.PlanStatus.ACTIEF
    # A closed plan is read-only, also for its writer.
    text = _text(mentor.get(_p(world, plan=oud)))
    assert "Afgesloten zonder evaluatie" in text and "data-autosave" not in text
    sub = world.gp["subgroep"]
    response = mentor.post(
        _p(world, f"groepen/{sub.pk}/veld/", oud), {"veld": "inhoud", "waarde": "x", "gezien": ""}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("persona,status", [("docent", 403), ("teamleider", 403)])
def test_readers_cannot_write(
    world: SchoolWorld, login: Any, in_school: Any, persona: str, status: int
) -> None:
    client = login(persona)
    sub, doel = world.gp["subgroep"], world.gp["doel"]
    posts = [
        (f"groepen/{sub.pk}/veld/", {"veld": "inhoud", "waarde": "x", "gezien": ""}),
        (f"groepen/{sub.pk}/doelen/nieuw/", {"tekst": "x"}),
        (f"doelen/{doel.pk}/", {"tekst": "x", "version": 1}),
        (f"doelen/{doel.pk}/verwijderen/", {"version": 1}),
        ("weekrooster/nieuw/", {"plangroep": sub.pk, "dag": 1, "moment": "1e uur"}),
        (f"weekrooster/{world.gp['roosteritem'].pk}/verwijderen/", {}),
        ("status/", {"actie": "activeren"}),
        ("clusteren/verplaatsen/", {"leerling": world.leerling.pk, "deel": "basis", "naar": ""}),
        ("clusteren/nieuwe-groep/", {"deel": "basis", "soort": "sub", "naam": "x"}),
    ]
    for suffix, data in posts:
        assert client.post(_p(world, suffix), data).status_code == status, suffix
    with in_school(world.school):
        assert gp.Plandoel.objects.filter(pk=doel.pk, versie=1).exists()
        assert gp.Plangroeplid.objects.filter(plangroep=sub).count() == 1


def test_outsider_and_foreign_ids_get_404(world: SchoolWorld, login: Any, in_school: Any) -> None:
    outsider = login("outsider")
    sub = world.gp["subgroep"]
    assert (
        outsider.post(
            _p(world, f"groepen/{sub.pk}/veld/"), {"veld": "inhoud", "waarde": "x", "gezien": ""}
        ).status_code
        == 404
    )
    assert outsider.post(_p(world, "status/"), {"actie": "activeren"}).status_code == 404
    # A plangroep, goal or rooster item of another plan is not found through this plan.
    ander = _later_plan(world, in_school)
    mentor = login("mentor")
    assert (
        mentor.post(
            _p(world, f"groepen/{sub.pk}/veld/", ander),
            {"veld": "inhoud", "waarde": "x", "gezien": ""},
        ).status_code
        == 404
    )
    assert (
        mentor.post(
            _p(world, f"doelen/{world.gp['doel'].pk}/", ander), {"tekst": "x", "version": 1}
        ).status_code
        == 404
    )
    assert (
        mentor.post(
            _p(world, f"weekrooster/{world.gp['roosteritem'].pk}/verwijderen/", ander)
        ).status_code
        == 404
    )
    with in_school(world.school):
        andere_groep = ander.plangroepen.first()
    response = mentor.post(
        _p(world, "clusteren/verplaatsen/"),
        {"leerling": world.leerling.pk, "deel": "basis", "naar": andere_groep.pk},
    )
    assert response.status_code == 404


#: +1 for the handelingsadviezen of the zorgteam waiting on the plan (izo_zat panel).
PLAN_QUERIES = 16


@pytest.mark.parametrize("leerlingen,doelen", [(2, 1), (10, 5)])
def test_plan_page_query_count_is_flat(
    world: SchoolWorld,
    client: Client,
    in_school: Any,
    django_assert_num_queries: Any,
    leerlingen: int,
    doelen: int,
) -> None:
    extra = [f.PlaatsingFactory(groep=world.groep).leerling for _ in range(leerlingen - 1)]
    sub = world.gp["subgroep"]
    with in_school(world.school):
        for leerling in extra:
            go.Overzichtregel.objects.create(
                school=world.school, groepsoverzicht=world.go["overzicht"], leerling=leerling
            )
            gp.Plangroeplid.objects.create(school=world.school, plangroep=sub, leerling=leerling)
        for n in range(doelen - 1):
            gp.Plandoel.objects.create(school=world.school, plangroep=sub, tekst=f"Doel {n}")
        tweede = gp.Plangroep.objects.create(
            school=world.school,
            groepsplan=world.gp["plan"],
            deel="pedagogisch",
            soort="sub",
            naam="Rust",
        )
        gp.Roosteritem.objects.create(school=world.school, plangroep=tweede, dag=1, moment="1e uur")
    log_in_verified(client, world.users["mentor"])
    client.get(f"/{world.school.slug}/")
    with django_assert_num_queries(PLAN_QUERIES):
        response = client.get(_p(world))
    assert response.status_code == 200
    assert _text(response).count('class="gp-plandoel') >= doelen


# --- Clustering ---------------------------------------------------------------------------------


def test_clustering_suggestion_moves_and_warnings(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    a, b, c = _signaleer(world, in_school, 3)
    mentor = login("mentor")
    text = _text(mentor.get(_p(world, "clusteren/")))
    # The signalled pupils with their needs side by side, and the suggestion.
    assert a.volledige_naam in text and "een instructie nodig die kort en duidelijk is" in text
    assert "Maak subgroep" in text
    assert "Nog niet geplaatst" in text
    assert 'draggable="true"' in text and "Verplaats</button>" in text
    domein = world.go["domein"]
    response = mentor.post(
        _p(world, "clusteren/nieuwe-groep/"),
        {
            "deel": "basis",
            "soort": "sub",
            "naam": f"{domein.code}: {domein.naam}",
            "leerlingen": [a.pk, b.pk],
        },
        **HTMX,
    )
    assert response.status_code == 200
    with in_school(world.school):
        groep = gp.Plangroep.objects.get(groepsplan=world.gp["plan"], naam__startswith=domein.code)
        assert set(groep.leden.values_list("leerling_id", flat=True)) == {a.pk, b.pk}
        # The goals start from the pupils' needs.
        assert groep.doelen.count() == 2
    # Move c into that group (keyboard/no-JS path: a plain post and a redirect).
    url = _p(world, "clusteren/verplaatsen/")
    response = mentor.post(url, {"leerling": c.pk, "deel": "basis", "naar": groep.pk})
    assert response.status_code == 302
    # Move a out again, then as the exception into a row of their own.
    mentor.post(url, {"leerling": a.pk, "deel": "basis", "naar": ""}, **HTMX)
    response = mentor.post(url, {"leerling": a.pk, "deel": "basis", "naar": "individueel"}, **HTMX)
    assert response.status_code == 200
    with in_school(world.school):
        assert set(groep.leden.values_list("leerling_id", flat=True)) == {b.pk, c.pk}
        eigen = gp.Plangroep.objects.get(groepsplan=world.gp["plan"], soort="individueel")
        assert list(eigen.leden.values_list("leerling_id", flat=True)) == [a.pk]
    # A second pupil cannot join a single-pupil row.
    response = mentor.post(url, {"leerling": b.pk, "deel": "basis", "naar": eigen.pk}, **HTMX)
    assert "precies één leerling" in _text(response)
    # More than three subgroups in a deel: a warning.
    for n in range(3):
        mentor.post(
            _p(world, "clusteren/nieuwe-groep/"),
            {"deel": "basis", "soort": "sub", "naam": f"Extra {n}"},
            **HTMX,
        )
    text = _text(mentor.get(_p(world, "clusteren/")))
    assert "subgroepen; meer dan 3" in text


def test_clustering_is_read_only_for_a_reader(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    _signaleer(world, in_school, 2)
    text = _text(login("docent").get(_p(world, "clusteren/")))
    assert "een instructie nodig die kort en duidelijk is" in text
    assert "Maak subgroep" not in text and 'draggable="true"' not in text
    assert "Verplaats</button>" not in text
