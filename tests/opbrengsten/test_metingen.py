"""Each measure of the dashboard from known data, and the suppression rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import QueryDict

from groepsoverzicht import models as go
from groepsplan import models as gp
from groepsplan.ihp_opp.selectors import opp_status, opp_status_sql
from izo_zat import models as izo
from opbrengsten import selectors as s
from opbrengsten import services as ob
from opbrengsten.suppressie import aandeel, cel
from planning.models import Cyclusplanning
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from ..world import SchoolWorld
from . import data


@pytest.mark.parametrize(("n", "tekst"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (123, "123")])
def test_counts_of_one_to_four_are_suppressed(n: int, tekst: str) -> None:
    c = cel(n)
    assert c.tekst == tekst
    assert (c.waarde is None) == (1 <= n <= 4)


@pytest.mark.parametrize(
    ("deel", "totaal", "tekst"),
    [
        (0, 0, "–"),
        (2, 4, "<5"),  # fewer than 5 in all
        (3, 10, "<5"),  # 30% of 10 gives away 3
        (7, 10, "<5"),  # 70% of 10 gives away the 3 that did not
        (5, 10, "50%"),
        (10, 10, "100%"),
        (0, 10, "0%"),
    ],
)
def test_a_share_is_shown_only_when_no_small_count_follows_from_it(
    deel: int, totaal: int, tekst: str
) -> None:
    assert aandeel(deel, totaal).tekst == tekst


def test_signalled_pupils_per_domain_and_leerjaar(world: SchoolWorld, in_school: Any) -> None:
    a = data.klas(world, "2A", leerjaar=2, n=10)
    b = data.klas(world, "3A", leerjaar=3, n=8)
    data.signaleer(world, a, 6)
    data.signaleer(world, b, 2)
    # Proposed or rejected signals do not count.
    data.signaleer(world, data.klas(world, "3B", leerjaar=3, n=6), 6, status="afgewezen")
    with in_school(world.school):
        uit = s.signaleringen(data.selectie(world))
    rijen = {naam: (per, totaal) for _k, naam, per, totaal in uit.rijen}
    per, totaal = rijen["BL"]
    assert per[2].tekst == "6"
    assert per[3].tekst == "<5"  # 2 pupils
    assert totaal.tekst == "8"
    # The world's own signal (Sanne, 1A) is only proposed: leerjaar 1 is absent.
    assert 1 not in uit.leerjaren


def test_filtering_cannot_single_out_a_pupil(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """A filter that leaves one signalled pupil shows "<5": on the page, in the chart (no
    bar of the real length), in the CSV, and the drill-down to classes says the same."""
    groot = data.klas(world, "2A", leerjaar=2, n=10, niveau=m.Niveau.HAVO)
    klein = data.klas(world, "2V", leerjaar=2, n=6, niveau=m.Niveau.VWO)
    data.signaleer(world, groot, 7)
    data.signaleer(world, klein, 1)
    slug = world.school.slug
    client = login("schoolleider")
    q = f"schooljaar={world.schooljaar.pk}&niveau=vwo"
    html = client.get(f"/{slug}/opbrengsten/?{q}").content.decode()
    sectie = html[html.index('id="signaleringen"') : html.index('id="doelen"')]
    assert "&lt;5" in sectie
    assert ">1<" not in sectie and ">1 " not in sectie
    assert klein.leerlingen[0].achternaam not in html
    assert "niet getoond" in sectie  # the bar is the empty, hatched one
    csv = client.get(f"/{slug}/opbrengsten/csv/?{q}&onderdeel=signaleringen").content.decode()
    assert "<5" in csv and ";1;" not in csv and ";1\r" not in csv
    drill = client.get(f"/{slug}/opbrengsten/uitsplitsing/?{q}&maat=signalering").content
    assert b"&lt;5" in drill and klein.leerlingen[0].achternaam.encode() not in drill
    # Without the filter the 8 pupils are shown as 8.
    with in_school(world.school):
        assert s.signaleringen(data.selectie(world)).totaal.tekst == "8"


def test_goals_are_counted_by_their_evaluated_result_not_by_text(
    world: SchoolWorld, in_school: Any
) -> None:
    a = data.klas(world, "2A", leerjaar=2, n=12)
    b = data.klas(world, "2B", leerjaar=2, n=10)
    data.evalueer(world, a, bereikt=6, deels=3, niet=3)
    data.evalueer(world, b, bereikt=5, deels=5, niet=0)
    with in_school(world.school):
        amb = s.ambities_van(world.schooljaar)
        doel_ambitie = ob.ambitie_create(
            schooljaar=world.schooljaar,
            soort="doelen",
            leerjaar=2,
            domein=None,
            drempel="",
            percentage=90,
        )
        uit = s.doelen(data.selectie(world), [*amb, doel_ambitie])
    per_groep = {r.label: r for r in uit.per_groep}
    assert (per_groep["2A"].bereikt.tekst, per_groep["2A"].deels.tekst) == ("6", "<5")
    assert per_groep["2A"].totaal.tekst == "12"
    assert per_groep["2A"].pct_bereikt.tekst == "50%"
    assert per_groep["2B"].pct_bereikt.tekst == "50%"
    assert per_groep["2B"].niet.tekst == "0"
    lj2 = next(r for r in uit.per_leerjaar if r.sleutel == "2")
    assert (lj2.bereikt.tekst, lj2.deels.tekst, lj2.niet.tekst) == ("11", "8", "<5")
    assert lj2.ambitie == 90
    assert uit.per_vak[0].label == "Vakoverstijgend (cyclus A)"
    assert uit.per_domein[0].label == "Basisvaardigheden"


def test_test_results_against_the_ambitie_with_trend_and_cohort(
    world: SchoolWorld, in_school: Any
) -> None:
    jaar = world.schooljaar
    vorig, vorige_periode = data.vorig_jaar(world)
    ambitie = data.toets_ambitie(world, jaar, leerjaar=2, drempel="iii", percentage=80)
    assert ambitie.drempel == "III" and ambitie.drempel_rang == 3
    nu = data.klas(world, "2A", leerjaar=2, n=30)
    toen = data.klas(world, "2X", leerjaar=2, n=30, schooljaar=vorig, periode=vorige_periode)
    m1 = data.toetsmoment(world, "M2-1", jaar.startdatum + dt.timedelta(days=20))
    m2 = data.toetsmoment(world, "M2-2", jaar.startdatum + dt.timedelta(days=60))
    m0 = data.toetsmoment(world, "M1-vorig", vorig.startdatum + dt.timedelta(days=60))
    data.toets(world, nu, m1, [3] * 15 + [2] * 15)  # 50%
    data.toets(world, nu, m2, [4] * 24 + [1] * 6)  # 80%
    data.toets(world, toen, m0, [3] * 18 + [1] * 12)  # 60% a year earlier
    with in_school(world.school):
        uit = s.toetsresultaten(data.selectie(world), s.ambities_van(jaar))
    t = next(x for x in uit if x.ambitie.pk == ambitie.pk)
    assert [(naam, c.tekst) for naam, c in t.trend] == [("M2-1", "50%"), ("M2-2", "80%")]
    assert t.huidig.tekst == "80%" and t.huidig_moment == "M2-2"
    assert [(naam, c.tekst) for naam, c in t.cohorten] == [(vorig.naam, "60%"), (jaar.naam, "80%")]
    # The world's own leerjaar 1 ambitie: Sanne's single IV result is suppressed.
    lj1 = next(x for x in uit if x.ambitie.leerjaar == 1)
    assert lj1.huidig.tekst == "<5"


def test_care_flow(world: SchoolWorld, in_school: Any) -> None:
    from django.utils import timezone

    k = data.klas(world, "2A", leerjaar=2, n=10)
    zorg = world.users["zorgcoordinator"]
    ingediend = timezone.make_aware(
        dt.datetime.combine(world.periode.startdatum + dt.timedelta(days=3), dt.time(9))
    )
    with in_school(world.school):
        for i, leerling in enumerate(k.leerlingen[:6]):
            aanmelding = izo.Aanmelding.objects.create(
                school=world.school,
                leerling=leerling,
                groep=k.groep,
                aanmelder=world.users["mentor"],
                status="ingediend" if i == 5 else "teruggestuurd",
                ingediend_op=ingediend,
            )
            if i < 5:
                besluit = izo.Triagebesluit.objects.create(
                    school=world.school,
                    aanmelding=aanmelding,
                    uitkomst="terugsturen",
                    reden="Eerst in de klas",
                    door=zorg,
                )
                izo.Triagebesluit.objects.filter(pk=besluit.pk).update(
                    created_at=ingediend + dt.timedelta(days=2)
                )
        vandaag = dt.date.today()
        for i, leerling in enumerate(k.leerlingen):
            gp.Ontwikkelingsperspectief.objects.create(
                school=world.school,
                leerling=leerling,
                startdatum_ondersteuning=vandaag - dt.timedelta(weeks=10 if i < 7 else 1),
                aangemaakt_door=zorg,
            )
        uit = s.zorgstroom(data.selectie(world, leerjaar="2"), vandaag=vandaag)
        # The SQL status agrees with the Python one for every OPP of the school.
        opps = gp.Ontwikkelingsperspectief.objects.annotate(st=opp_status_sql(vandaag))
        assert all(o.st == opp_status(o, vandaag).status for o in opps)
    assert uit.aanmeldingen.tekst == "6"
    assert uit.teruggestuurd.tekst == "5"
    assert uit.wacht_op_triage.tekst == "<5"
    assert uit.wachttijd.tekst == "2,0"
    assert uit.opp_totaal.tekst == "10"
    assert uit.opp_te_laat.tekst == "7"


def test_opp_status_in_sql_agrees_at_every_boundary(world: SchoolWorld, in_school: Any) -> None:
    vandaag = dt.date(2026, 3, 10)
    zorg = world.users["zorgcoordinator"]
    gevallen = []
    for dagen in range(-60, 20, 3):
        gevallen.append({"startdatum_ondersteuning": vandaag + dt.timedelta(days=dagen)})
        gevallen.append(
            {
                "startdatum_ondersteuning": vandaag - dt.timedelta(days=200),
                "vastgesteld_op": vandaag - dt.timedelta(days=150),
                "evaluatiedatum": vandaag + dt.timedelta(days=dagen // 2),
            }
        )
    with in_school(world.school):
        gp.Ontwikkelingsperspectief.objects.all().delete()
        for velden in gevallen:
            leerling = m.Leerling.objects.create(
                school=world.school, voornaam="O", achternaam="P", geboortedatum=dt.date(2012, 1, 1)
            )
            gp.Ontwikkelingsperspectief.objects.create(
                school=world.school, leerling=leerling, aangemaakt_door=zorg, **velden
            )
        opps = list(gp.Ontwikkelingsperspectief.objects.annotate(st=opp_status_sql(vandaag)))
    assert len(opps) == len(gevallen)
    assert [o.st for o in opps] == [opp_status(o, vandaag).status for o in opps]


def test_cycle_compliance_per_class_against_the_deadlines(
    world: SchoolWorld, in_school: Any
) -> None:
    planning: Cyclusplanning = world.pl["cyclusplanning"]
    k = data.klas(world, "2A", leerjaar=2, n=6)
    data.evalueer(world, k, bereikt=6, deels=0, niet=0)
    vandaag = world.periode.einddatum + dt.timedelta(days=1)
    with in_school(world.school):
        # The overview was complete (no open proposals) when it was made, well in time.
        go.Groepsoverzicht.objects.filter(pk=k.overzicht.pk).update(
            created_at=world.pl["cyclusplanning"].created_at.replace(
                year=planning.groepsoverzicht.year,
                month=planning.groepsoverzicht.month,
                day=planning.groepsoverzicht.day,
            )
            - dt.timedelta(days=3)
        )
        go.Signalering.objects.filter(regel__groepsoverzicht=k.overzicht).delete()
        uit = s.naleving(data.selectie(world, periode=str(world.periode.pk)), vandaag=vandaag)
    per_klas = {kl.groep.naam: {st.stap: st.status for st in kl.stappen} for kl in uit.klassen}
    assert per_klas["2A"]["groepsoverzicht"] == s.OP_TIJD
    assert per_klas["2A"]["groepsbespreking"] == s.TE_LAAT_OPEN  # never held
    assert per_klas["2A"]["groepsplan"] == s.TE_LAAT_GEDAAN  # activated today, after week 4
    assert per_klas["2A"]["tussenevaluatie"] == s.NVT  # a plan of 10 weeks
    assert per_klas["2A"]["eindevaluatie"] == s.TE_LAAT_GEDAAN
    # 1A (the world's class): the overview has an open proposal, so it is not done.
    assert per_klas["1A"]["groepsoverzicht"] == s.TE_LAAT_OPEN
    telling = dict((veld, t) for veld, _l, t in uit.per_stap)
    assert telling["groepsbespreking"][s.TE_LAAT_OPEN] == 3  # 1A, 1B, 2A


def test_bad_filter_values_are_ignored_with_a_notice(world: SchoolWorld, login: Any) -> None:
    params = "schooljaar=999999&periode=x&leerjaar=99&niveau=mbo&afdeling=-1"
    url = f"/{world.school.slug}/opbrengsten/?{params}"
    response = login("schoolleider").get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Leerjaar &#x27;99&#x27; bestaat niet" in text or "Leerjaar '99' bestaat niet" in text
    assert "niveau bestaat niet" in text
    assert "schooljaar bestaat niet" in text


def test_interventions_need_two_plans_and_five_evaluations(
    world: SchoolWorld, in_school: Any
) -> None:
    a = data.klas(world, "2A", leerjaar=2, n=6)
    b = data.klas(world, "2B", leerjaar=2, n=6)
    c = data.klas(world, "2C", leerjaar=2, n=6)
    data.evalueer(world, a, bereikt=4, deels=2, niet=0, aanpak="Model-doen-samen  ")
    data.evalueer(world, b, bereikt=6, deels=0, niet=0, aanpak="model-doen-samen")
    data.evalueer(world, c, bereikt=6, deels=0, niet=0, aanpak="Alleen in 2C over Kind0")
    with in_school(world.school):
        uit = s.interventies(data.selectie(world))
    assert [(r.label, r.totaal.tekst, r.bereikt.tekst) for r in uit] == [
        ("model-doen-samen", "12", "10")
    ]


def test_a_tenant_never_sees_another_schools_numbers(
    world: SchoolWorld, school_b: SchoolWorld, in_school: Any
) -> None:
    data.signaleer(school_b, data.klas(school_b, "2A", leerjaar=2, n=9), 9)
    with tenant_context(world.school.pk):
        assert s.signaleringen(data.selectie(world)).totaal.tekst == "0"
    with tenant_context(school_b.school.pk):
        q = QueryDict(mutable=True)
        q["schooljaar"] = str(school_b.schooljaar.pk)
        sel, _k = s.selectie_uit(q)
        assert sel is not None
        assert s.signaleringen(sel).totaal.tekst == "9"
