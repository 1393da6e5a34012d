"""The signalling rules, on plain data and through the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from groepsoverzicht import models as go
from groepsoverzicht import selectors, services
from groepsoverzicht.signalering import Meting, Regel, voorstellen
from zorgroute import models as m
from zorgroute.versioning import StaleVersion

from .. import factories as f
from ..world import SchoolWorld

D = dt.date(2026, 9, 1)


def _regel(
    soort: str, drempel_rang: str | None = "3", n: int = 3, leerjaar: int | None = None
) -> Regel:
    return Regel(
        id=1,
        domein_id=7,
        domein_code="BL",
        soort=soort,
        drempel="III",
        drempel_rang=Decimal(drempel_rang) if drempel_rang else None,
        aantal_momenten=n,
        leerjaar=leerjaar,
        reden="achterstand",
    )


def _reeks(*rangen: int) -> list[Meting]:
    waarden = {1: "V", 2: "IV", 3: "III", 4: "II", 5: "I"}
    return [
        Meting(7, D + dt.timedelta(days=30 * i), waarden[r], Decimal(r))
        for i, r in enumerate(rangen)
    ]


def test_below_threshold_uses_the_latest_result() -> None:
    assert voorstellen(regels=[_regel("onder")], metingen=_reeks(5, 2), leerjaar=1)[0].uitleg == (
        "BL: IV, onder het ijkpunt III"
    )
    assert voorstellen(regels=[_regel("onder")], metingen=_reeks(2, 4), leerjaar=1) == []


def test_declining_needs_n_strictly_falling_moments() -> None:
    found = voorstellen(regels=[_regel("dalend")], metingen=_reeks(5, 4, 3), leerjaar=1)
    assert found[0].uitleg == "BL: 3 toetsmomenten dalend (I → II → III)"
    assert voorstellen(regels=[_regel("dalend")], metingen=_reeks(5, 4, 4), leerjaar=1) == []
    assert voorstellen(regels=[_regel("dalend")], metingen=_reeks(5, 4), leerjaar=1) == []


def test_ahead_and_leerjaar_filter() -> None:
    boven = _regel("boven", drempel_rang="5")
    assert voorstellen(regels=[boven], metingen=_reeks(3, 5), leerjaar=1)[0].uitleg.endswith(
        "(voorsprong)"
    )
    only_2 = _regel("onder", leerjaar=2)
    assert voorstellen(regels=[only_2], metingen=_reeks(1), leerjaar=1) == []
    assert len(voorstellen(regels=[only_2], metingen=_reeks(1), leerjaar=2)) == 1


def test_service_proposes_idempotently_and_keeps_decisions(
    world: SchoolWorld, in_school: Any
) -> None:
    overzicht = world.go["overzicht"]
    with in_school(world.school):
        # The world already holds one proposal (IV under III) for the pupil.
        assert services.signaleringen_voorstellen(overzicht=overzicht) == (0, 0)
        signaal = go.Signalering.objects.get()
        services.signalering_besluiten(
            signalering=signaal, status=go.SignaalStatus.BEVESTIGD, user=world.users["mentor"]
        )
        # The result is corrected: the rule no longer fires, but a decision is kept.
        go.Resultaat.objects.update(waarde="II", rang=4)
        assert services.signaleringen_voorstellen(overzicht=overzicht) == (0, 0)
        assert go.Signalering.objects.get().status == go.SignaalStatus.BEVESTIGD


def test_undecided_stale_proposal_is_removed(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        go.Resultaat.objects.update(waarde="II", rang=4)
        assert services.signaleringen_voorstellen(overzicht=world.go["overzicht"]) == (0, 1)
        assert not go.Signalering.objects.exists()


def test_new_overview_carries_notes_and_needs_over(world: SchoolWorld, in_school: Any) -> None:
    regel = world.go["regel"]
    with in_school(world.school):
        services.regel_cel_update(
            regel=regel, veld="talenten", waarde="Tekenen", gezien="", user=world.users["mentor"]
        )
        volgende = f.PeriodeFactory.build(
            schooljaar=world.schooljaar,
            school=world.school,
            naam="Cyclus 2",
            startdatum=world.periode.einddatum + dt.timedelta(days=1),
            einddatum=world.periode.einddatum + dt.timedelta(weeks=10),
        )
        volgende.save()
        vorige = selectors.vorig_overzicht(
            groep=world.groep, periode=volgende, cyclus="A", lesgroep=None
        )
        assert vorige == world.go["overzicht"]
        nieuw = services.groepsoverzicht_create(
            groep=world.groep,
            periode=volgende,
            cyclus="A",
            user=world.users["mentor"],
            vorige=vorige,
        )
        nieuwe_regel = nieuw.regels.get(leerling=world.leerling)
        assert nieuwe_regel.talenten == "Tekenen"
        assert nieuwe_regel.overgenomen
        behoefte = nieuwe_regel.onderwijsbehoeften.get()
        assert behoefte.overgenomen and behoefte.behoefte.startswith("een instructie")
        # Signals are proposed anew from the results, not copied.
        assert nieuwe_regel.signaleringen.filter(status="voorgesteld").count() == 1


def test_cell_save_refuses_a_stale_value(world: SchoolWorld, in_school: Any) -> None:
    regel = world.go["regel"]
    with in_school(world.school):
        services.regel_cel_update(
            regel=regel,
            veld="observaties",
            waarde="Versie mentor",
            gezien="",
            user=world.users["mentor"],
        )
        try:
            services.regel_cel_update(
                regel=regel,
                veld="observaties",
                waarde="Versie collega",
                gezien="",
                user=world.users["zorgcoordinator"],
            )
        except StaleVersion as conflict:
            assert conflict.conflicts[0].theirs == "Versie mentor"
            assert conflict.conflicts[0].mine == "Versie collega"
            assert conflict.changed_by == world.users["mentor"].volledige_naam
        else:
            raise AssertionError("a stale save must be refused")
        # Another cell of the same row saves fine: no false conflict.
        services.regel_cel_update(
            regel=regel,
            veld="talenten",
            waarde="Muziek",
            gezien="",
            user=world.users["zorgcoordinator"],
        )
        fresh = go.Overzichtregel.objects.get(pk=regel.pk)
        assert (fresh.observaties, fresh.talenten, fresh.versie) == ("Versie mentor", "Muziek", 3)
        assert fresh.history.count() == 3


def _moment(grens: str | None = "3") -> Any:
    from groepsoverzicht.signalering import Moment

    return Moment(
        id=9,
        naam="Rekentoets",
        datum=dt.date(2027, 3, 1),
        domein_id=7,
        domein_code="RK",
        ondergrens=Decimal(grens) if grens else None,
    )


def test_proactive_points_to_a_crucial_moment_ahead() -> None:
    from groepsoverzicht.signalering import proactief, volgende_datum

    assert proactief(momenten=[_moment()], metingen=_reeks(4, 3)) == [
        (9, "RK: III, net op het ijkpunt, vóór Rekentoets (maart 2027)")
    ]
    # Falling while still above the ijkpunt is proactive too.
    assert proactief(momenten=[_moment()], metingen=_reeks(5, 4))[0][1].startswith("RK: II, dalend")
    # Already below: the preventive rule covers it; stable and well above: nothing.
    assert proactief(momenten=[_moment()], metingen=_reeks(2)) == []
    assert proactief(momenten=[_moment()], metingen=_reeks(4, 4)) == []
    assert volgende_datum(3, dt.date(2026, 11, 5)) == dt.date(2027, 3, 1)
    assert volgende_datum(11, dt.date(2026, 11, 5)) == dt.date(2026, 11, 1)


def test_service_proposes_proactive_signals(world: SchoolWorld, in_school: Any) -> None:
    overzicht = world.go["overzicht"]
    periode = world.periode
    with in_school(world.school):
        # The pupil's BL is IV (below III): preventive. Make it exactly III: only proactive.
        go.Resultaat.objects.update(waarde="III", rang=3)
        moment = go.CruciaalMoment.objects.create(
            school=world.school,
            naam="Overgang bovenbouw",
            leerjaar=world.groep.leerjaar,
            maand=periode.einddatum.month,
            domein=world.go["domein"],
        )
        assert services.signaleringen_voorstellen(overzicht=overzicht) == (1, 1)
        signaal = go.Signalering.objects.get()
        assert signaal.proactief and signaal.cruciaal_moment == moment
        assert signaal.uitleg.startswith("BL: III, net op het ijkpunt, vóór Overgang bovenbouw")
        # Idempotent; and a moment for another leerjaar proposes nothing.
        assert services.signaleringen_voorstellen(overzicht=overzicht) == (0, 0)
        moment.leerjaar = world.groep.leerjaar + 1
        moment.save()
        assert services.signaleringen_voorstellen(overzicht=overzicht) == (0, 1)


def test_seo_rule_without_threshold_fires_on_aandacht() -> None:
    seo = _regel("seo", drempel_rang=None)
    aandacht = [Meting(7, D, "aandacht", Decimal(0))]
    geen = [Meting(7, D, "geen", Decimal(1))]
    assert (
        voorstellen(regels=[seo], metingen=aandacht, leerjaar=1)[0].uitleg == "BL: vraagt aandacht"
    )
    assert voorstellen(regels=[seo], metingen=geen, leerjaar=1) == []


def test_next_schooljaar_carries_notes_over_from_last_years_class(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        services.regel_cel_update(
            regel=world.go["regel"],
            veld="talenten",
            waarde="Tekenen",
            gezien="",
            user=world.users["mentor"],
        )
    volgend_jaar = f.SchooljaarFactory(
        school=world.school,
        naam="volgend",
        startdatum=world.schooljaar.einddatum + dt.timedelta(days=1),
        einddatum=world.schooljaar.einddatum + dt.timedelta(days=365),
    )
    periode = f.PeriodeFactory(schooljaar=volgend_jaar, naam="Cyclus 1")
    groep = f.GroepFactory(schooljaar=volgend_jaar, naam="2A", leerjaar=2)
    # Moving up: this year's plaatsing ends (the database refuses overlapping plaatsingen).
    with in_school(world.school):
        m.Plaatsing.objects.filter(pk=world.plaatsing.pk).update(
            einddatum=world.schooljaar.einddatum
        )
    f.PlaatsingFactory(groep=groep, leerling=world.leerling, startdatum=volgend_jaar.startdatum)
    with in_school(world.school):
        vorige = selectors.vorig_overzicht(groep=groep, periode=periode, cyclus="A", lesgroep=None)
        assert vorige == world.go["overzicht"]  # last year's 1A
        nieuw = services.groepsoverzicht_create(
            groep=groep, periode=periode, cyclus="A", user=world.users["mentor"], vorige=vorige
        )
        regel = nieuw.regels.get(leerling=world.leerling)
        assert (regel.talenten, regel.overgenomen) == ("Tekenen", True)
        assert regel.onderwijsbehoeften.get().overgenomen


def test_cyclus_b_only_carries_over_the_same_lesgroep(world: SchoolWorld, in_school: Any) -> None:
    with in_school(world.school):
        oud = go.Groepsoverzicht.objects.create(
            school=world.school,
            groep=world.groep,
            periode=world.periode,
            cyclus="B",
            lesgroep=world.lesgroep,
            aangemaakt_door=world.users["docent"],
        )
    andere = f.LesgroepFactory(groep=world.groep, vak=world.vak, naam="1A-ne-2")
    later = f.PeriodeFactory(
        schooljaar=world.schooljaar,
        naam="Cyclus 2",
        startdatum=world.periode.einddatum + dt.timedelta(days=1),
        einddatum=world.periode.einddatum + dt.timedelta(weeks=8),
    )
    with in_school(world.school):
        eigen = selectors.vorig_overzicht(
            groep=world.groep, periode=later, cyclus="B", lesgroep=world.lesgroep
        )
        collega = selectors.vorig_overzicht(
            groep=world.groep, periode=later, cyclus="B", lesgroep=andere
        )
    assert (eigen, collega) == (oud, None)


def test_the_plan_app_answers_which_pupils_stopped(monkeypatch: Any) -> None:
    """groepsoverzicht asks groepsplan through a hook registered in its AppConfig.ready();
    without an answer nothing is left out of the next overview."""
    from groepsoverzicht import hooks
    from groepsplan.apps import gestopt_na_evaluatie

    assert hooks._gestopt_na_evaluatie is gestopt_na_evaluatie
    monkeypatch.setattr(hooks, "_gestopt_na_evaluatie", None)
    assert hooks.gestopt_na_evaluatie(go.Groepsoverzicht()) == set()
