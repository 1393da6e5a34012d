"""Groepsplan services: clustering, plan rules, adjustments and evaluation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from groepsoverzicht import models as go
from groepsoverzicht import services as go_services
from groepsplan import models as gp
from groepsplan import services

from .. import factories as f
from ..world import SchoolWorld


@pytest.fixture
def plan_world(world: SchoolWorld, in_school: Any) -> SchoolWorld:
    """The world's overview with two signalled pupils who share a BL need with a goal."""
    overzicht = world.go["overzicht"]
    tweede = f.PlaatsingFactory(groep=world.groep).leerling
    with in_school(world.school):
        # Start without the world's own plan: these tests create plans themselves.
        gp.Groepsplan.objects.filter(pk=world.gp["plan"].pk).delete()
        mentor = world.users["mentor"]
        regel2 = go.Overzichtregel.objects.create(
            school=world.school, groepsoverzicht=overzicht, leerling=tweede
        )
        for regel in (world.go["regel"], regel2):
            go_services.signalering_create(
                regel=regel, reden="achterstand", uitleg="BL onder niveau", user=mentor
            )
            go_services.onderwijsbehoefte_create(
                regel=regel,
                soort="didactisch",
                domein_id=world.go["domein"].pk,
                doel="Voor 1-12 leest de leerling een tekst van 1 A4 en vat die in 3 zinnen samen.",
                behoefte="een instructie nodig die kort en duidelijk is",
            )
    world.go["tweede"] = tweede
    return world


def test_tussenevaluatie_only_for_plans_over_ten_weeks() -> None:
    start = dt.date(2026, 9, 1)
    assert services.tussenevaluatie_datum(start, start + dt.timedelta(weeks=10)) is None
    assert services.tussenevaluatie_datum(
        start, start + dt.timedelta(weeks=12)
    ) == start + dt.timedelta(weeks=6)


def test_create_plan_from_overview(plan_world: SchoolWorld, in_school: Any) -> None:
    w = plan_world
    with in_school(w.school):
        go.Groepsoverzicht.objects.filter(pk=w.go["overzicht"].pk).update(
            aandachtspunten_groep="Rustig starten na de pauze"
        )
        overzicht = go.Groepsoverzicht.objects.select_related("periode").get(
            pk=w.go["overzicht"].pk
        )
        plan = services.groepsplan_create(groepsoverzicht=overzicht, user=w.users["mentor"])
        assert plan.format == gp.PlanFormat.VAKOVERSTIJGEND
        assert plan.status == gp.PlanStatus.CONCEPT
        # The world's periode is 10 weeks: no tussenevaluatie.
        assert plan.tussenevaluatie is None
        delen = list(plan.plangroepen.order_by("pk").values_list("deel", "soort"))
        assert delen == [("pedagogisch", "basis"), ("basis", "basis")]
        assert (
            plan.plangroepen.get(deel="pedagogisch").doelen.get().tekst
            == "Rustig starten na de pauze"
        )
        with pytest.raises(ValidationError, match="al een groepsplan"):
            services.groepsplan_create(groepsoverzicht=overzicht, user=w.users["mentor"])
        plan.delete()
        with pytest.raises(ValidationError, match="cyclus A"):
            services.groepsplan_create(
                groepsoverzicht=overzicht, user=w.users["mentor"], format=gp.PlanFormat.CONVERGENT
            )


def test_cluster_suggestions_subgroups_and_warnings(
    plan_world: SchoolWorld, in_school: Any
) -> None:
    w = plan_world
    with in_school(w.school):
        overzicht = go.Groepsoverzicht.objects.select_related("periode").get(
            pk=w.go["overzicht"].pk
        )
        plan = services.groepsplan_create(groepsoverzicht=overzicht, user=w.users["mentor"])
        suggesties = services.clustersuggesties(overzicht)
        assert len(suggesties) == 1
        assert suggesties[0].label == "BL: Begrijpend lezen"
        assert set(suggesties[0].leerling_ids) == {w.leerling.pk, w.go["tweede"].pk}
        assert services.waarschuwingen(plan)[-1].startswith("Nog niet geplaatst:")

        sub = services.plangroep_create(
            groepsplan=plan,
            deel="basis",
            soort="sub",
            naam="Subgroep begrijpend lezen",
            leerling_ids=suggesties[0].leerling_ids,
        )
        # Goals are prefilled from the pupils' needs.
        assert sub.doelen.count() == 2
        assert services.waarschuwingen(plan) == []
        with pytest.raises(ValidationError, match="al in Subgroep begrijpend lezen"):
            services.plangroep_create(
                groepsplan=plan,
                deel="basis",
                soort="individueel",
                naam="Sanne",
                leerling_ids=[w.leerling.pk],
            )
        with pytest.raises(ValidationError, match="uit dit groepsoverzicht"):
            services.plangroep_create(
                groepsplan=plan,
                deel="basis",
                soort="sub",
                naam="X",
                leerling_ids=[w.andere_leerling.pk],
            )
        for n in range(3):
            services.plangroep_create(
                groepsplan=plan, deel="pedagogisch", soort="sub", naam=f"Sub {n}", leerling_ids=[]
            )
        services.plangroep_create(
            groepsplan=plan, deel="pedagogisch", soort="sub", naam="Sub 4", leerling_ids=[]
        )
        assert "meer dan 3" in services.waarschuwingen(plan)[0]
        # Dragging a pupil out of the subgroup.
        services.plangroep_leden_update(plangroep=sub, leerling_ids=[w.leerling.pk])
        assert list(sub.leden.values_list("leerling_id", flat=True)) == [w.leerling.pk]


def test_smart_check() -> None:
    start, eind = dt.date(2026, 9, 1), dt.date(2026, 12, 4)
    goed = services.smart_check("Voor 20-11 leest hij 3 teksten foutloos.", start=start, eind=eind)
    assert (goed.meetbaar, goed.datum_in_periode, goed.tips) == (True, True, [])
    vaag = services.smart_check("Beter leren lezen.", start=start, eind=eind)
    assert (vaag.meetbaar, vaag.datum_in_periode) == (False, None)
    assert len(vaag.tips) == 2
    te_laat = services.smart_check("In maart minimaal niveau III.", start=start, eind=eind)
    assert (te_laat.meetbaar, te_laat.datum_in_periode) == (True, False)


def test_activation_needs_the_previous_plan_evaluated_or_closed(
    plan_world: SchoolWorld, in_school: Any
) -> None:
    w = plan_world
    mentor = w.users["mentor"]
    later = f.PeriodeFactory(
        schooljaar=w.schooljaar,
        naam="Cyclus 2",
        startdatum=w.periode.einddatum + dt.timedelta(days=1),
        einddatum=w.periode.einddatum + dt.timedelta(weeks=14),
    )
    with in_school(w.school):
        overzicht = go.Groepsoverzicht.objects.select_related("periode").get(
            pk=w.go["overzicht"].pk
        )
        eerste = services.groepsplan_create(groepsoverzicht=overzicht, user=mentor)
        services.groepsplan_activeren(groepsplan=eerste)
        tweede_overzicht = go_services.groepsoverzicht_create(
            groep=w.groep, periode=later, cyclus="A", user=mentor, vorige=overzicht
        )
        tweede = services.groepsplan_create(groepsoverzicht=tweede_overzicht, user=mentor)
        assert tweede.tussenevaluatie is not None  # 14 weeks
        with pytest.raises(ValidationError, match="nog niet geëvalueerd"):
            services.groepsplan_activeren(groepsplan=tweede)
        with pytest.raises(ValidationError, match="waarom"):
            services.groepsplan_afsluiten(groepsplan=eerste, reden=" ")
        services.groepsplan_afsluiten(groepsplan=eerste, reden="Mentor langdurig ziek")
        assert services.groepsplan_activeren(groepsplan=tweede).status == gp.PlanStatus.ACTIEF


def test_adjustments_logbook_and_evaluation(plan_world: SchoolWorld, in_school: Any) -> None:
    w = plan_world
    mentor = w.users["mentor"]
    with in_school(w.school):
        overzicht = go.Groepsoverzicht.objects.select_related("periode").get(
            pk=w.go["overzicht"].pk
        )
        plan = services.groepsplan_create(groepsoverzicht=overzicht, user=mentor)
        sub = services.plangroep_create(
            groepsplan=plan,
            deel="basis",
            soort="sub",
            naam="Lezen",
            leerling_ids=[w.leerling.pk, w.go["tweede"].pk],
        )
        with pytest.raises(ValidationError, match="actief"):
            services.bijstelling_create(groepsplan=plan, auteur=mentor, reden="x", wijziging="y")
        services.groepsplan_activeren(groepsplan=plan)
        services.bijstelling_create(
            groepsplan=plan,
            plangroep=sub,
            auteur=w.users["docent"],
            reden="Te weinig tijd in de les",
            wijziging="Verlengde instructie op dinsdag i.p.v. dagelijks",
        )
        services.logboek_create(groepsplan=plan, auteur=mentor, tekst="Week 1: gestart")
        assert plan.bijstellingen.get().auteur == w.users["docent"]

        doel = sub.doelen.first()
        assert doel is not None
        # 2 goals x (group + 2 pupils) = 6 evaluations to do.
        assert services.evaluatievoortgang(plan).totaal == 6
        with pytest.raises(ValidationError, match="niet in deze groep"):
            services.doel_evalueren(
                doel=doel,
                resultaat="bereikt",
                vervolg="stoppen",
                toelichting="",
                user=mentor,
                leerling_id=w.andere_leerling.pk,
            )
        for d in sub.doelen.all():
            for leerling_id in (None, w.leerling.pk, w.go["tweede"].pk):
                services.doel_evalueren(
                    doel=d,
                    resultaat="deels",
                    vervolg="bijstellen",
                    toelichting="Tempo te hoog",
                    user=mentor,
                    leerling_id=leerling_id,
                )
        # Evaluating again updates instead of duplicating.
        services.doel_evalueren(
            doel=doel, resultaat="bereikt", vervolg="stoppen", toelichting="", user=mentor
        )
        assert services.evaluatievoortgang(plan).procent == 100
        with pytest.raises(ValidationError, match="opgeleverd"):
            services.groepsplan_evaluatie_afronden(groepsplan=plan, eindevaluatie="")
        klaar = services.groepsplan_evaluatie_afronden(
            groepsplan=plan, eindevaluatie="Lezen ging vooruit"
        )
        assert klaar.status == gp.PlanStatus.GEEVALUEERD


def test_stopped_goals_do_not_carry_needs_into_the_next_overview(
    plan_world: SchoolWorld, in_school: Any
) -> None:
    w = plan_world
    mentor = w.users["mentor"]
    later = f.PeriodeFactory(
        schooljaar=w.schooljaar,
        naam="Cyclus 2",
        startdatum=w.periode.einddatum + dt.timedelta(days=1),
        einddatum=w.periode.einddatum + dt.timedelta(weeks=8),
    )
    with in_school(w.school):
        overzicht = go.Groepsoverzicht.objects.select_related("periode").get(
            pk=w.go["overzicht"].pk
        )
        plan = services.groepsplan_create(groepsoverzicht=overzicht, user=mentor)
        sub = services.plangroep_create(
            groepsplan=plan, deel="basis", soort="sub", naam="Lezen", leerling_ids=[w.leerling.pk]
        )
        with pytest.raises(ValidationError, match="actief"):
            services.doel_evalueren(
                doel=sub.doelen.first(),
                resultaat="bereikt",
                vervolg="stoppen",
                toelichting="",
                user=mentor,
            )
        services.groepsplan_activeren(groepsplan=plan)
        for doel in sub.doelen.all():
            for leerling_id in (None, w.leerling.pk):
                services.doel_evalueren(
                    doel=doel,
                    resultaat="bereikt",
                    vervolg="stoppen",
                    toelichting="Gehaald",
                    user=mentor,
                    leerling_id=leerling_id,
                )
        for basis in plan.plangroepen.filter(soort="basis"):
            for doel in basis.doelen.all():
                services.doel_evalueren(
                    doel=doel, resultaat="bereikt", vervolg="doorgaan", toelichting="", user=mentor
                )
        services.groepsplan_evaluatie_afronden(groepsplan=plan, eindevaluatie="Doelen gehaald")
        volgend = go_services.groepsoverzicht_create(
            groep=w.groep, periode=later, cyclus="A", user=mentor, vorige=overzicht
        )
        # Sanne's goals were reached and stopped: her needs stay behind; the other pupil's
        # (not in a subgroup, so no evaluation of her own) come along.
        assert not volgend.regels.get(leerling=w.leerling).onderwijsbehoeften.exists()
        assert volgend.regels.get(leerling=w.go["tweede"]).onderwijsbehoeften.count() == 1
