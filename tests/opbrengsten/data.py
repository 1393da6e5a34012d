"""Known data for the opbrengsten tests: classes with pupils, an overview per class,
confirmed signals, evaluated goals and test results, each in exactly the numbers a test
asserts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from groepsoverzicht import models as go
from groepsplan import models as gp
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld


@dataclass
class Klas:
    groep: m.Groep
    leerlingen: list[m.Leerling]
    overzicht: go.Groepsoverzicht
    regels: list[go.Overzichtregel]
    plan: gp.Groepsplan | None = None
    doelen: list[gp.Plandoel] = field(default_factory=list)


def klas(
    world: SchoolWorld,
    naam: str,
    *,
    leerjaar: int = 2,
    n: int = 10,
    schooljaar: m.Schooljaar | None = None,
    periode: m.Periode | None = None,
    niveau: str = m.Niveau.HAVO,
    afdeling: m.Afdeling | None = None,
) -> Klas:
    """A class of `n` pupils with a cyclus A overview (one row each) in the cycle."""
    schooljaar = schooljaar or world.schooljaar
    periode = periode or world.periode
    school = world.school
    groep = f.GroepFactory(
        schooljaar=schooljaar,
        naam=naam,
        leerjaar=leerjaar,
        niveau=niveau,
        afdeling=afdeling or world.afdeling,
    )
    with tenant_context(school.pk):
        leerlingen = [
            m.Leerling.objects.create(
                school=school,
                voornaam=f"Kind{i}",
                achternaam=f"{naam}Achternaam{i}",
                geboortedatum=dt.date(2012, 1, 1),
            )
            for i in range(n)
        ]
        m.Plaatsing.objects.bulk_create(
            m.Plaatsing(school=school, leerling=ll, groep=groep, startdatum=schooljaar.startdatum)
            for ll in leerlingen
        )
        overzicht = go.Groepsoverzicht.objects.create(
            school=school,
            groep=groep,
            periode=periode,
            cyclus="A",
            aangemaakt_door=world.users["mentor"],
        )
        regels = [
            go.Overzichtregel.objects.create(school=school, groepsoverzicht=overzicht, leerling=ll)
            for ll in leerlingen
        ]
    return Klas(groep, leerlingen, overzicht, regels)


def signaleer(
    world: SchoolWorld,
    k: Klas,
    aantal: int,
    *,
    ijkpunt: go.Ijkpunt | None = None,
    status: str = go.SignaalStatus.BEVESTIGD,
) -> None:
    """Confirm a signal (on the world's BL ijkpunt unless told) for the first `aantal`."""
    with tenant_context(world.school.pk):
        for regel in k.regels[:aantal]:
            go.Signalering.objects.create(
                school=world.school,
                regel=regel,
                reden="achterstand",
                uitleg="Onder het ijkpunt",
                ijkpunt=ijkpunt if ijkpunt is not None else world.go["ijkpunt"],
                status=status,
                besloten_op=timezone.now(),
            )


def evalueer(
    world: SchoolWorld,
    k: Klas,
    *,
    bereikt: int,
    deels: int,
    niet: int,
    aanpak: str = "Verlengde instructie",
    status: str = gp.PlanStatus.GEEVALUEERD,
) -> None:
    """A plan with one subgroup of all pupils and one goal, evaluated per pupil."""
    school = world.school
    with tenant_context(school.pk):
        plan = gp.Groepsplan.objects.create(
            school=school,
            groepsoverzicht=k.overzicht,
            format=gp.PlanFormat.VAKOVERSTIJGEND,
            startdatum=k.overzicht.periode.startdatum,
            einddatum=k.overzicht.periode.einddatum,
            status=status,
            geactiveerd_op=timezone.now(),
            aangemaakt_door=world.users["mentor"],
        )
        plangroep = gp.Plangroep.objects.create(
            school=school, groepsplan=plan, deel="basis", soort="sub", naam="Sub", aanpak=aanpak
        )
        doel = gp.Plandoel.objects.create(school=school, plangroep=plangroep, tekst="Doel")
        uitslagen = ["bereikt"] * bereikt + ["deels"] * deels + ["niet"] * niet
        for leerling, uitslag in zip(k.leerlingen, uitslagen, strict=False):
            gp.Doelevaluatie.objects.create(
                school=school,
                doel=doel,
                leerling=leerling,
                resultaat=uitslag,
                # Text that claims otherwise: the aggregate counts the chosen result only.
                toelichting="bereikt!" if uitslag != "bereikt" else "",
                vervolg="doorgaan",
                geevalueerd_door=world.users["mentor"],
            )
    k.plan = plan
    k.doelen = [doel]


def toets(
    world: SchoolWorld, k: Klas, moment: go.Toetsmoment, rangen: list[int], domein: Any = None
) -> None:
    """A result per pupil (niveau I–V: rang 5 is I, 3 is III)."""
    romeins = {1: "V", 2: "IV", 3: "III", 4: "II", 5: "I"}
    with tenant_context(world.school.pk):
        go.Resultaat.objects.bulk_create(
            go.Resultaat(
                school=world.school,
                leerling=ll,
                domein=domein or world.go["domein"],
                toetsmoment=moment,
                waarde=romeins[r],
                rang=r,
                bron="handmatig",
            )
            for ll, r in zip(k.leerlingen, rangen, strict=False)
        )


def toetsmoment(world: SchoolWorld, naam: str, datum: dt.date) -> go.Toetsmoment:
    return f.create_in_school(
        go.Toetsmoment,
        school=world.school,
        instrument=world.go["instrument"],
        naam=naam,
        datum=datum,
    )


def vorig_jaar(world: SchoolWorld) -> tuple[m.Schooljaar, m.Periode]:
    """The schooljaar before the world's, with one cycle."""
    jaar = world.schooljaar
    vorig = f.SchooljaarFactory(
        school=world.school,
        startdatum=jaar.startdatum.replace(year=jaar.startdatum.year - 1),
        einddatum=jaar.einddatum.replace(year=jaar.einddatum.year - 1),
    )
    return vorig, f.PeriodeFactory(schooljaar=vorig, naam="Cyclus 1")


def toets_ambitie(
    world: SchoolWorld, schooljaar: m.Schooljaar, *, leerjaar: int, drempel: str, percentage: int
) -> Any:
    """A test ambitie on the world's BL domain, through the service."""
    from opbrengsten import services as ob

    with tenant_context(world.school.pk):
        return ob.ambitie_create(
            schooljaar=schooljaar,
            soort="toets",
            leerjaar=leerjaar,
            domein=world.go["domein"],
            drempel=drempel,
            percentage=percentage,
        )


def selectie(world: SchoolWorld, **params: str) -> Any:
    """The dashboard's selection for these GET parameters in the world's schooljaar."""
    from django.http import QueryDict

    from opbrengsten import selectors as s

    q = QueryDict(mutable=True)
    q.update({"schooljaar": str(world.schooljaar.pk), **params})
    sel, _keuzes = s.selectie_uit(q)
    assert sel is not None
    return sel
