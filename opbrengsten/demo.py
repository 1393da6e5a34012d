"""Demo data for the opbrengsten: ambities for the demo school's schooljaren (begrijpend
lezen and rekenen per leerjaar against the demo's Cito levels, and goals reached), plus
closed groepsbesprekingen and goal evaluations so the dashboard has something to show.
Called through settings.ZORGROUTE_DEMO_EXTENSIONS, after the other apps' demo data."""

from __future__ import annotations

import datetime as dt
import random

from groepsoverzicht.models import Domein
from groepsoverzicht.scales import parse
from groepsplan.models import Doelevaluatie, DoelResultaat, Plandoel, PlanStatus, Vervolg
from zorgroute.models import Groep, School, Schooljaar

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
    # Goals of finished plans without an evaluation get one, so "doelen bereikt" has data.
    evaluaties = []
    open_doelen = (
        Plandoel.objects.filter(
            plangroep__groepsplan__status__in=[PlanStatus.ACTIEF, PlanStatus.GEEVALUEERD],
            plangroep__groepsplan__einddatum__lt=today,
            evaluaties__isnull=True,
        )
        .select_related("plangroep__groepsplan")
        .distinct()
    )
    for doel in open_doelen:
        resultaat = rnd.choices(
            [DoelResultaat.BEREIKT, DoelResultaat.DEELS, DoelResultaat.NIET], [6, 3, 1]
        )[0]
        evaluaties.append(
            Doelevaluatie(
                school=school,
                doel=doel,
                resultaat=resultaat,
                toelichting="Geëvalueerd in de groepsbespreking.",
                vervolg=Vervolg.DOORGAAN if resultaat != DoelResultaat.BEREIKT else Vervolg.STOPPEN,
                geevalueerd_door=doel.plangroep.groepsplan.aangemaakt_door,
            )
        )
    Doelevaluatie.objects.bulk_create(evaluaties)
    return {"ambitie": len(ambities), "doelevaluatie (opbrengsten)": len(evaluaties)}
