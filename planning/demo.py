"""Demo data for planning: a jaarplanning for every cycle of the demo schooljaren (the
overview in week 2, the groepsbespreking in week 3, the plan active in week 4, the
eindevaluatie in the cycle's last week), so the demo's to-do lists and reminders have
deadlines to work with. Called through settings.ZORGROUTE_DEMO_EXTENSIONS."""

from __future__ import annotations

import datetime as dt

from zorgroute.models import Periode, School

from .models import Cyclusplanning


def _binnen(dag: dt.date, periode: Periode) -> dt.date:
    return min(max(dag, periode.startdatum), periode.einddatum)


def extend_demo(*, school: School, today: dt.date, seed: int) -> dict[str, int]:
    planningen = []
    for periode in Periode.objects.order_by("startdatum"):
        start = periode.startdatum
        planningen.append(
            Cyclusplanning(
                school=school,
                periode=periode,
                groepsoverzicht=_binnen(start + dt.timedelta(weeks=2), periode),
                groepsbespreking=_binnen(start + dt.timedelta(weeks=3), periode),
                groepsplan=_binnen(start + dt.timedelta(weeks=4), periode),
                eindevaluatie=_binnen(periode.einddatum - dt.timedelta(days=4), periode),
            )
        )
    Cyclusplanning.objects.bulk_create(planningen)
    return {"cyclusplanning": len(planningen)}
