"""Demo data for the opbrengsten: ambities for the demo school's schooljaren (begrijpend
lezen and rekenen per leerjaar against the demo's Cito levels, and goals reached), and the
running cycle worked through in the other classes than the demo mentor's (signals decided,
a groepsplan with evaluated goals), so the dashboard has something to show. Called through
settings.ZORGROUTE_DEMO_EXTENSIONS, after the other apps' demo data."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from groepsoverzicht.models import Cyclus, Domein, Groepsoverzicht, SignaalStatus, Signalering
from groepsoverzicht.scales import parse
from groepsplan.models import (
    Deel,
    Doelevaluatie,
    DoelResultaat,
    Groepsplan,
    Plandoel,
    PlanFormat,
    Plangroep,
    Plangroeplid,
    PlangroepSoort,
    PlanStatus,
    Vervolg,
)
from zorgroute.models import Groep, Mentoraat, School, Schooljaar

from .models import Ambitie, AmbitieSoort

#: (domain code, level in the instrument's scale, percentage) per leerjaar.
TOETS_AMBITIES = [("BL", "III", 75), ("RK", "III", 70)]


def extend_demo(*, school: School, today: dt.date, seed: int) -> dict[str, int]:
    rnd = random.Random(seed + 9)  # noqa: S311 - demo data, not security
    ambities = []
    leerjaren = sorted(set(Groep.objects.values_list("leerjaar", flat=True))) or [1]
    domeinen = {d.code: d for d in Domein.objects.select_related("instrument")}
    for jaar in Schooljaar.objects.all():
        for lj in leerjaren:
            for code, drempel, pct in TOETS_AMBITIES:
                domein = domeinen.get(code)
                if domein is None:
                    continue
                waarde = parse(domein.instrument.schaal, drempel)
                ambities.append(
                    Ambitie(
                        school=school,
                        schooljaar=jaar,
                        leerjaar=lj,
                        soort=AmbitieSoort.TOETS,
                        domein=domein,
                        drempel=waarde.tekst,
                        drempel_rang=waarde.rang,
                        percentage=pct,
                    )
                )
            ambities.append(
                Ambitie(
                    school=school,
                    schooljaar=jaar,
                    leerjaar=lj,
                    soort=AmbitieSoort.DOELEN,
                    percentage=80,
                )
            )
    Ambitie.objects.bulk_create(ambities)
    bevestigd, plannen, evaluaties = _cyclus_afgerond(school, today, rnd)
    return {
        "ambitie": len(ambities),
        "signalering bevestigd (opbrengsten)": bevestigd,
        "groepsplan (opbrengsten)": plannen,
        "doelevaluatie (opbrengsten)": evaluaties,
    }


AANPAKKEN = [
    "Verlengde instructie aan de instructietafel",
    "Model-doen-samen met hardop denken",
    "Maatjeslezen met een sterkere lezer",
    "Extra oefentijd met directe feedback",
]


def _cyclus_afgerond(school: School, today: dt.date, rnd: random.Random) -> tuple[int, int, int]:
    """The running cycle as if the classes did their work, except the demo mentor's own
    class (whose open steps are the demo's to-do list): most proposed signals confirmed, a
    groepsplan with a subgroup of the signalled pupils, its goal evaluated per pupil."""
    eigen = set(
        Mentoraat.objects.filter(gebruiker__email__startswith="mentor@").values_list(
            "groep_id", flat=True
        )
    )
    overzichten = list(
        Groepsoverzicht.objects.filter(cyclus=Cyclus.A, periode__startdatum__lte=today)
        .exclude(groep_id__in=eigen)
        .exclude(groepsplan__isnull=False)
        .select_related("periode", "aangemaakt_door")
    )
    bevestigd = 0
    plannen = evaluaties = 0
    for overzicht in overzichten:
        voorstellen = list(
            Signalering.objects.filter(
                regel__groepsoverzicht=overzicht, status=SignaalStatus.VOORGESTELD
            ).select_related("regel")
        )
        besloten = timezone.make_aware(
            dt.datetime.combine(overzicht.periode.startdatum + dt.timedelta(days=10), dt.time(15))
        )
        gekozen = [sg for sg in voorstellen if rnd.random() < 0.7]
        for sg in voorstellen:
            sg.status = SignaalStatus.BEVESTIGD if sg in gekozen else SignaalStatus.AFGEWEZEN
            sg.besloten_door = overzicht.aangemaakt_door
            sg.besloten_op = besloten
        Signalering.objects.bulk_update(voorstellen, ["status", "besloten_door", "besloten_op"])
        bevestigd += len(gekozen)
        leerlingen = sorted({sg.regel.leerling_id for sg in gekozen})
        if not leerlingen:
            continue
        plan = Groepsplan.objects.create(
            school=school,
            groepsoverzicht=overzicht,
            format=PlanFormat.VAKOVERSTIJGEND,
            startdatum=overzicht.periode.startdatum + dt.timedelta(weeks=3),
            einddatum=overzicht.periode.einddatum,
            status=PlanStatus.GEEVALUEERD,
            geactiveerd_op=timezone.make_aware(
                dt.datetime.combine(
                    overzicht.periode.startdatum + dt.timedelta(weeks=3, days=rnd.randint(0, 9)),
                    dt.time(9),
                )
            ),
            aangemaakt_door=overzicht.aangemaakt_door,
        )
        plannen += 1
        plangroep = Plangroep.objects.create(
            school=school,
            groepsplan=plan,
            deel=Deel.BASISVAARDIGHEDEN,
            soort=PlangroepSoort.SUBGROEP,
            naam="Subgroep begrijpend lezen",
            aanpak=rnd.choice(AANPAKKEN),
        )
        Plangroeplid.objects.bulk_create(
            Plangroeplid(school=school, plangroep=plangroep, leerling_id=ll) for ll in leerlingen
        )
        doel = Plandoel.objects.create(
            school=school,
            plangroep=plangroep,
            tekst="Aan het eind van de cyclus vat de leerling een tekst van 1 A4 samen.",
        )
        for ll in leerlingen:
            resultaat = rnd.choices(
                [DoelResultaat.BEREIKT, DoelResultaat.DEELS, DoelResultaat.NIET], [6, 3, 1]
            )[0]
            Doelevaluatie.objects.create(
                school=school,
                doel=doel,
                leerling_id=ll,
                resultaat=resultaat,
                toelichting="Besproken met de leerling.",
                vervolg=Vervolg.STOPPEN if resultaat == DoelResultaat.BEREIKT else Vervolg.DOORGAAN,
                geevalueerd_door=overzicht.aangemaakt_door,
            )
            evaluaties += 1
    return bevestigd, plannen, evaluaties
