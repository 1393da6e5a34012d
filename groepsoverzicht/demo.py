"""Demo data for the groepsoverzicht: a measuring configuration, three test moments of
results with realistic trends, and a cyclus A overview per class in the current periode.

Called by zorgroute.demo.generate_demo through settings.ZORGROUTE_DEMO_EXTENSIONS (the core
imports no feature app), inside the school's tenant context."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zorgroute.models import Gebruiker, Groep, Periode, Plaatsing, School

from . import services
from .meten.services import standaard_meten_create
from .models import Cyclus, Domein, InstrumentSoort, Resultaat, ResultaatBron, Toetsmoment
from .scales import ROMEINS


def _moments(today: dt.date) -> list[tuple[str, dt.date]]:
    start_year = today.year if today.month >= 8 else today.year - 1
    return [
        (f"M{start_year % 100:02d}", dt.date(start_year, 1, 20)),
        (f"E{start_year % 100:02d}", dt.date(start_year, 6, 10)),
        (f"B{(start_year + 1) % 100:02d}", dt.date(start_year, 10, 5)),
    ]


def extend_demo(*, school: School, today: dt.date, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 3)  # noqa: S311 - demo data, reproducible on purpose
    meten = standaard_meten_create(school=school)
    basis = next(i for i in meten.instrumenten if i.soort == InstrumentSoort.BASISVAARDIGHEDEN)
    seo = next(i for i in meten.instrumenten if i.soort == InstrumentSoort.SEO)
    periode = (
        Periode.objects.filter(startdatum__lte=today, einddatum__gte=today).first()
        or Periode.objects.order_by("-startdatum").first()
    )
    if periode is None:
        return {}
    groepen = list(Groep.objects.filter(schooljaar=periode.schooljaar).order_by("naam"))
    pupils = list(
        Plaatsing.objects.filter(groep__in=groepen)
        .filter(startdatum__lte=periode.einddatum)
        .values_list("leerling_id", flat=True)
        .distinct()
    )
    momenten = [
        Toetsmoment.objects.create(school=school, instrument=basis, naam=naam, datum=datum)
        for naam, datum in _moments(today)
        if datum <= max(today, periode.startdatum)
    ]
    seo_moment = Toetsmoment.objects.create(
        school=school, instrument=seo, naam=momenten[-1].naam, datum=momenten[-1].datum
    )
    basis_domeinen = list(Domein.objects.filter(instrument=basis).order_by("volgorde"))
    seo_domeinen = list(Domein.objects.filter(instrument=seo).order_by("volgorde"))
    rows = []
    for leerling_id in sorted(pupils):
        # A pupil's domains go together: one base level, small differences per domain, and
        # now and then a rising or falling line (what the ijkpunten should catch).
        base = rng.choices([1, 2, 3, 4, 5], weights=[0.25, 2, 6, 2, 0.25])[0]
        for domein in basis_domeinen:
            level = base + rng.choices([-1, 0, 1], weights=[0.07, 0.86, 0.07])[0]
            drift = rng.choices([-1, 0, 1], weights=[0.04, 0.92, 0.04])[0]
            for moment in momenten:
                rank = min(5, max(1, level))
                rows.append(
                    Resultaat(
                        school=school,
                        leerling_id=leerling_id,
                        domein=domein,
                        toetsmoment=moment,
                        waarde=ROMEINS[rank - 1],
                        rang=Decimal(rank),
                        bron=ResultaatBron.IMPORT,
                    )
                )
                level += drift
        for domein in seo_domeinen:
            aandacht = rng.random() < 0.03
            rows.append(
                Resultaat(
                    school=school,
                    leerling_id=leerling_id,
                    domein=domein,
                    toetsmoment=seo_moment,
                    waarde="aandacht" if aandacht else "geen",
                    rang=Decimal(0 if aandacht else 1),
                    bron=ResultaatBron.IMPORT,
                )
            )
    Resultaat.objects.bulk_create(rows, batch_size=1000)
    overzichten = 0
    for groep in groepen:
        mentor = Gebruiker.objects.filter(mentoraten__groep=groep).order_by("pk").first()
        if mentor is None:
            continue
        services.groepsoverzicht_create(groep=groep, periode=periode, cyclus=Cyclus.A, user=mentor)
        overzichten += 1
    return {"Resultaat": len(rows), "Groepsoverzicht": overzichten}
