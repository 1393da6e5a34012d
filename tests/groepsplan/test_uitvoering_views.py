"""Carrying out and evaluating a groepsplan through HTTP: the teacher's "my plans" (content and
a flat query count), interim adjustments, the logbook, evaluation per goal and per pupil with
its progress and conflict handling, finishing the evaluation, and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groepsplan import models as gp
from groepsplan import services
from groepsplan.uitvoering.services import vervolg_per_leerling

from .. import factories as f
from ..world import SchoolWorld

#: Queries of /mijn-plannen/ for a docent, whatever the number of plans and pupils.
MIJN_PLANNEN_QUERIES = 12


def activeer(world: SchoolWorld, in_school: Any) -> gp.Groepsplan:
    with in_school(world.school):
        return services.groepsplan_activeren(groepsplan=world.gp["plan"])


def url(world: SchoolWorld, naam: str) -> str:
    return f"/{world.school.slug}/groepsplannen/{world.gp['plan'].pk}/{naam}/"


def rij(prefix: str, resultaat: str, vervolg: str, toelichting: str, versie: int = 0) -> dict:
    return {
        f"{prefix}-resultaat": resultaat,
        f"{prefix}-vervolg": vervolg,
        f"{prefix}-toelichting": toelichting,
        f"{prefix}-version": str(versie),
    }


def evaluatie_post(world: SchoolWorld, **rijen: dict) -> dict:
    data: dict[str, str] = {"actie": "evalueren", "doel": str(world.gp["doel"].pk)}
    for d in rijen.values():
        data.update(d)
    return data


def groep_prefix(world: SchoolWorld) -> str:
    return f"d{world.gp['doel'].pk}-g"


def leerling_prefix(world: SchoolWorld) -> str:
    return f"d{world.gp['doel'].pk}-l{world.leerling.pk}"


# --- Mijn plannen ---------------------------------------------------------------------------------


def test_my_plans_show_only_active_plans_with_handreikingen(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("docent")
    pagina = f"/{world.school.slug}/mijn-plannen/"
    assert world.leerling.achternaam not in client.get(pagina).content.decode()  # concept
    with in_school(world.school):
        gp.Plangroep.objects.filter(pk=world.gp["subgroep"].pk).update(
            aanpak="Hardop voordenken met de tekst erbij",
            organisatie="Instructietafel, 2x per week",
        )
    activeer(world, in_school)
    text = client.get(pagina).content.decode()
    assert "Voor deze leerling in jouw lessen:" in text
    assert world.leerling.volledige_naam in text
    assert "Hardop voordenken met de tekst erbij" in text
    assert "Instructietafel, 2x per week" in text
    assert "dinsdag 3e uur" in text
    assert "<strong>jij</strong>" in text  # the docent gives this rooster item


def test_my_plans_hide_pupils_the_teacher_may_not_see(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    activeer(world, in_school)
    with in_school(world.school):
        gp.Plangroeplid.objects.create(
            school=world.school, plangroep=world.gp["subgroep"], leerling=world.andere_leerling
        )
    text = login("docent").get(f"/{world.school.slug}/mijn-plannen/").content.decode()
    assert world.leerling.volledige_naam in text
    assert world.andere_leerling.volledige_naam not in text
    # The zorgcoördinator sees every pupil but teaches no class: no plans of their own.
    text = login("zorgcoordinator").get(f"/{world.school.slug}/mijn-plannen/").content.decode()
    assert "Er zijn geen actieve groepsplannen" in text


def _meer_plannen(world: SchoolWorld, in_school: Any, plannen: int, leerlingen: int) -> None:
    """`plannen` extra active plans of class 1A (other periodes), each with a subgroep of
    `leerlingen` pupils of the class and two rooster items."""
    from groepsoverzicht import services as go_services

    nieuw = [f.PlaatsingFactory(groep=world.groep).leerling for _ in range(leerlingen)]
    with in_school(world.school):
        for n in range(plannen):
            periode = f.PeriodeFactory(
                schooljaar=world.schooljaar,
                startdatum=world.periode.einddatum + dt.timedelta(weeks=n + 1),
            )
            overzicht = go_services.groepsoverzicht_create(
                groep=world.groep, periode=periode, cyclus="A", user=world.users["mentor"]
            )
            plan = services.groepsplan_create(groepsoverzicht=overzicht, user=world.users["mentor"])
            pg = gp.Plangroep.objects.create(
                school=world.school, groepsplan=plan, deel="basis", soort="sub", naam=f"Sub {n}"
            )
            for leerling in [world.leerling, *nieuw]:
                gp.Plangroeplid.objects.create(school=world.school, plangroep=pg, leerling=leerling)
            for dag in (1, 3):
                gp.Roosteritem.objects.create(
                    school=world.school,
                    plangroep=pg,
                    dag=dag,
                    moment="2e uur",
                    docent=world.users["mentor"],
                )
        # Test data: skip the one-active-plan-per-class rule of groepsplan_activeren.
        gp.Groepsplan.objects.update(status=gp.PlanStatus.ACTIEF)


def _queries(client: Any, pagina: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(pagina)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_my_plans_query_count_is_flat(
    world: SchoolWorld, login: Any, in_school: Any, django_assert_num_queries: Any
) -> None:
    client = login("docent")
    pagina = f"/{world.school.slug}/mijn-plannen/"
    # Small: the world's plan with 2 pupils.
    activeer(world, in_school)
    extra = f.PlaatsingFactory(groep=world.groep).leerling
    with in_school(world.school):
        gp.Plangroeplid.objects.create(
            school=world.school, plangroep=world.gp["subgroep"], leerling=extra
        )
    with django_assert_num_queries(MIJN_PLANNEN_QUERIES):
        klein = client.get(pagina)
    assert klein.content.decode().count('class="gp-mijn-plan"') == 1
    # Large: 5 plans, 10 pupils in each subgroep.
    _meer_plannen(world, in_school, plannen=4, leerlingen=9)
    with django_assert_num_queries(MIJN_PLANNEN_QUERIES):
        groot = client.get(pagina)
    text = groot.content.decode()
    assert text.count('class="gp-mijn-plan"') == 5
    assert "Voor deze 10 leerlingen in jouw lessen:" in text


# --- Tussentijdse bijstellingen en logboek -------------------------------------------------------


def test_adjustment_on_a_concept_plan_is_refused_and_keeps_the_text(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login("mentor").post(
        url(world, "uitvoering"),
        {
            "actie": "bijstelling",
            "bijstelling-reden": "Te weinig tijd",
            "bijstelling-wijziging": "Eén keer per week",
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Alleen een actief plan wordt tussentijds bijgesteld." in text
    assert "Te weinig tijd" in text and "Eén keer per week" in text
    with in_school(world.school):
        assert not gp.Bijstelling.objects.exists()


def test_adjustment_on_an_active_plan_is_saved_dated_with_author_and_not_editable(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    activeer(world, in_school)
    client = login("docent")
    response = client.post(
        url(world, "uitvoering"),
        {
            "actie": "bijstelling",
            "bijstelling-plangroep": str(world.gp["subgroep"].pk),
            "bijstelling-reden": "Sanne leest al vlot",
            "bijstelling-wijziging": "Langere teksten",
        },
    )
    assert response.status_code == 302
    client.post(
        url(world, "uitvoering"),
        {
            "actie": "bijstelling",
            "bijstelling-reden": "Toetsweek",
            "bijstelling-wijziging": "Pauze",
        },
    )
    with in_school(world.school):
        eerste, _tweede = gp.Bijstelling.objects.order_by("created_at")
    assert eerste.auteur_id == world.users["docent"].pk
    assert eerste.plangroep_id == world.gp["subgroep"].pk
    assert eerste.datum == dt.date.today()
    text = client.get(url(world, "uitvoering")).content.decode()
    assert text.count('class="gp-bijstelling"') == 2
    assert text.index("Toetsweek") < text.index("Sanne leest al vlot")  # newest first
    assert world.users["docent"].volledige_naam in text
    assert "Subgroep begrijpend lezen" in text
    # Nothing on the page edits an adjustment: the only forms add new ones.
    assert 'name="bijstelling-id"' not in text


def test_logbook_entry(world: SchoolWorld, login: Any, in_school: Any) -> None:
    client = login("mentor")
    response = client.post(
        url(world, "uitvoering"), {"actie": "logboek", "logboek-tekst": "Groepje draait goed"}
    )
    assert response.status_code == 302
    assert "Groepje draait goed" in client.get(url(world, "uitvoering")).content.decode()
    empty = client.post(url(world, "uitvoering"), {"actie": "logboek", "logboek-tekst": " "})
    assert empty.status_code == 400
    with in_school(world.school):
        assert gp.Logboekregel.objects.get().auteur == world.users["mentor"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 302),
        ("docent", 302),
        ("zorgcoordinator", 302),
        ("teamleider", 403),
        ("schoolleider", 403),
        ("zat_lid", 403),
        ("beheerder", 403),
        ("outsider", 404),
    ],
)
def test_who_may_write_the_logbook(
    persona: str, status: int, world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login(persona).post(
        url(world, "uitvoering"), {"actie": "logboek", "logboek-tekst": "Notitie"}
    )
    assert response.status_code == status
    with in_school(world.school):
        assert gp.Logboekregel.objects.count() == (1 if status == 302 else 0)


def test_read_only_page_for_the_teamleider(world: SchoolWorld, login: Any, in_school: Any) -> None:
    activeer(world, in_school)
    text = login("teamleider").get(url(world, "uitvoering")).content.decode()
    assert "Bijstelling vastleggen" not in text
    text = login("teamleider").get(url(world, "evaluatie")).content.decode()
    assert "Evaluatie van dit doel opslaan" not in text
    assert "Evaluatie afronden" not in text


# --- Evalueren ----------------------------------------------------------------------------------


def test_evaluate_a_goal_per_pupil_and_progress(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    activeer(world, in_school)
    client = login("docent")
    assert "0 van 2 geëvalueerd" in client.get(url(world, "evaluatie")).content.decode()
    response = client.post(
        url(world, "evaluatie"),
        evaluatie_post(
            world,
            g=rij(groep_prefix(world), "deels", "doorgaan", "De meesten halen het"),
            l=rij(leerling_prefix(world), "niet", "bijstellen", "Tekst te lang"),
        ),
    )
    assert response.status_code == 302
    with in_school(world.school):
        evaluaties = {e.leerling_id: e for e in gp.Doelevaluatie.objects.all()}
        assert vervolg_per_leerling(world.gp["plan"]) == {world.leerling.pk: "bijstellen"}
    assert evaluaties[None].resultaat == "deels"
    assert evaluaties[world.leerling.pk].toelichting == "Tekst te lang"
    assert evaluaties[world.leerling.pk].geevalueerd_door == world.users["docent"]
    text = client.get(url(world, "evaluatie")).content.decode()
    assert "2 van 2 geëvalueerd" in text
    assert 'value="2"' in text  # the progress bar
    # The pupil's need continues into the next overview.
    vervolg = text[text.index('id="vervolg-kop"') :]
    assert world.leerling.volledige_naam in vervolg and "bijstellen" in vervolg


def test_half_filled_row_is_refused(world: SchoolWorld, login: Any, in_school: Any) -> None:
    activeer(world, in_school)
    response = login("mentor").post(
        url(world, "evaluatie"),
        evaluatie_post(world, g=rij(groep_prefix(world), "bereikt", "", "Goed gegaan")),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kies doorgaan, stoppen of bijstellen." in text
    assert "Goed gegaan" in text
    with in_school(world.school):
        assert not gp.Doelevaluatie.objects.exists()


def test_evaluating_a_concept_plan_is_refused(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login("mentor").post(
        url(world, "evaluatie"),
        evaluatie_post(world, g=rij(groep_prefix(world), "bereikt", "stoppen", "")),
    )
    assert response.status_code == 400
    assert "Alleen een actief plan wordt geëvalueerd." in response.content.decode()


def test_stale_evaluation_save_shows_both_versions_and_loses_nothing(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    activeer(world, in_school)
    with in_school(world.school):
        services.doel_evalueren(
            doel=world.gp["doel"],
            resultaat="bereikt",
            vervolg="stoppen",
            toelichting="Versie van de mentor",
            user=world.users["mentor"],
            leerling_id=world.leerling.pk,
        )
    client = login("docent")
    # The docent's screen was opened before the mentor saved (version 0 = nothing yet).
    data = evaluatie_post(
        world, l=rij(leerling_prefix(world), "niet", "doorgaan", "Versie van de docent", versie=0)
    )
    response = client.post(url(world, "evaluatie"), data)
    assert response.status_code == 409
    text = response.content.decode()
    naam = world.users["mentor"].volledige_naam
    assert f"Niet opgeslagen: {naam} heeft dit doel intussen geëvalueerd." in text
    assert "Versie van de mentor" in text and "Versie van de docent" in text
    assert world.users["mentor"].volledige_naam in text
    with in_school(world.school):
        e = gp.Doelevaluatie.objects.get()
    assert (e.toelichting, e.versie) == ("Versie van de mentor", 1)
    # The form now carries the stored version: sending it again keeps the docent's text.
    assert f'name="{leerling_prefix(world)}-version" value="1"' in text
    data[f"{leerling_prefix(world)}-version"] = "1"
    assert client.post(url(world, "evaluatie"), data).status_code == 302
    with in_school(world.school):
        e = gp.Doelevaluatie.objects.get()
    assert (e.toelichting, e.versie) == ("Versie van de docent", 2)


def test_finishing_with_open_evaluations_is_refused_then_works(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    activeer(world, in_school)
    client = login("mentor")
    afronden = {"actie": "afronden", "afronden-eindevaluatie": "Het plan werkte"}
    response = client.post(url(world, "evaluatie"), afronden)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nog 2 evaluaties open" in text
    assert "Het plan werkte" in text
    client.post(
        url(world, "evaluatie"),
        evaluatie_post(
            world,
            g=rij(groep_prefix(world), "bereikt", "stoppen", ""),
            l=rij(leerling_prefix(world), "bereikt", "stoppen", ""),
        ),
    )
    assert client.post(url(world, "evaluatie"), afronden).status_code == 302
    with in_school(world.school):
        plan = gp.Groepsplan.objects.get(pk=world.gp["plan"].pk)
        assert vervolg_per_leerling(plan) == {world.leerling.pk: "stoppen"}
    assert plan.status == gp.PlanStatus.GEEVALUEERD
    assert plan.eindevaluatie == "Het plan werkte"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("mentor", 302),
        ("docent", 302),
        ("zorgcoordinator", 302),
        ("teamleider", 403),
        ("schoolleider", 403),
        ("beheerder", 403),
        ("outsider", 404),
    ],
)
def test_who_may_evaluate(
    persona: str, status: int, world: SchoolWorld, login: Any, in_school: Any
) -> None:
    activeer(world, in_school)
    response = login(persona).post(
        url(world, "evaluatie"),
        evaluatie_post(world, g=rij(groep_prefix(world), "bereikt", "stoppen", "")),
    )
    assert response.status_code == status
    with in_school(world.school):
        assert gp.Doelevaluatie.objects.count() == (1 if status == 302 else 0)


def test_a_goal_of_another_plan_is_404(world: SchoolWorld, login: Any, in_school: Any) -> None:
    activeer(world, in_school)
    data = evaluatie_post(world, g=rij(groep_prefix(world), "bereikt", "stoppen", ""))
    data["doel"] = str(world.gp["doel"].pk + 100000)
    assert login("mentor").post(url(world, "evaluatie"), data).status_code == 404


def test_vervolg_uses_group_evaluation_for_members_without_their_own(
    world: SchoolWorld, in_school: Any
) -> None:
    activeer(world, in_school)
    with in_school(world.school):
        services.doel_evalueren(
            doel=world.gp["doel"],
            resultaat="deels",
            vervolg="doorgaan",
            toelichting="",
            user=world.users["mentor"],
        )
        assert vervolg_per_leerling(world.gp["plan"]) == {world.leerling.pk: "doorgaan"}
