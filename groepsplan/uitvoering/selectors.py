"""Reads of carrying out and evaluating a groepsplan (HGW step 6): the teacher's "my plans"
with the handreikingen for their pupils, the goals to evaluate with their evaluations, and
which pupils' needs continue into the next cycle."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from zorgroute.access import visible_leerlingen
from zorgroute.models import Leerling
from zorgroute.tenancy.context import TenantContext

from ..access import visible_plannen
from ..models import (
    Doelevaluatie,
    Groepsplan,
    Plandoel,
    Plangroep,
    Plangroeplid,
    PlangroepSoort,
    PlanStatus,
    Roosteritem,
)
from .services import loopt_door, vervolg_per_leerling

# --- My plans ----------------------------------------------------------------------------------


def mijn_plannen(ctx: TenantContext) -> QuerySet[Groepsplan]:
    """The active plans of the classes the user mentors or teaches (a lesgroep of the class, or
    the lesgroep of a cyclus B plan), with per plangroep only the pupils the user may see and
    the weekrooster. Five queries, whatever the number of plans, groups or pupils."""
    user_id = ctx.user.pk
    eigen = (
        Q(groepsoverzicht__groep__mentoraten__gebruiker_id=user_id)
        | Q(groepsoverzicht__groep__lesgroepen__docentschappen__gebruiker_id=user_id)
        | Q(groepsoverzicht__lesgroep__docentschappen__gebruiker_id=user_id)
    )
    ids = Groepsplan.objects.filter(eigen).values("pk")
    leden = Plangroeplid.objects.filter(
        leerling__in=visible_leerlingen(ctx).values("pk")
    ).select_related("leerling")
    return (
        visible_plannen(ctx)
        .filter(status=PlanStatus.ACTIEF, pk__in=ids)
        .select_related(
            "groepsoverzicht",
            "groepsoverzicht__groep",
            "groepsoverzicht__periode",
            "groepsoverzicht__lesgroep",
        )
        .prefetch_related(
            Prefetch("plangroepen", queryset=Plangroep.objects.order_by("deel", "volgorde", "pk")),
            Prefetch("plangroepen__leden", queryset=leden.order_by("leerling__achternaam")),
            Prefetch(
                "plangroepen__rooster",
                queryset=Roosteritem.objects.select_related("docent").order_by("dag", "moment"),
            ),
        )
        .order_by("groepsoverzicht__groep__naam", "-startdatum")
    )


@dataclass
class Handreiking:
    """One plangroep of a plan as a teacher needs it in class: who, how and when."""

    plangroep: Plangroep
    leerlingen: list[Leerling]
    rooster: list[Roosteritem]


def handreikingen(plan: Groepsplan) -> list[Handreiking]:
    """The plangroepen of a plan from `mijn_plannen` that have pupils the user may see."""
    result = []
    for pg in plan.plangroepen.all():
        leerlingen = [lid.leerling for lid in pg.leden.all()]
        if leerlingen:
            result.append(Handreiking(pg, leerlingen, list(pg.rooster.all())))
    return result


# --- Evaluating ------------------------------------------------------------------------------


def evaluatie_doelen(plan: Groepsplan) -> list[Plandoel]:
    """The plan's goals with their plangroep, members and evaluations (four queries)."""
    return list(
        Plandoel.objects.filter(plangroep__groepsplan=plan)
        .select_related("plangroep")
        .prefetch_related(
            Prefetch(
                "plangroep__leden",
                queryset=Plangroeplid.objects.select_related("leerling").order_by(
                    "leerling__achternaam"
                ),
            ),
            Prefetch(
                "evaluaties",
                queryset=Doelevaluatie.objects.select_related("geevalueerd_door", "leerling"),
            ),
        )
        .order_by("plangroep__deel", "plangroep__volgorde", "plangroep_id", "volgorde", "pk")
    )


def evaluatie_doel(plan: Groepsplan, doel_id: str) -> Plandoel | None:
    """One goal of the plan (as `evaluatie_doelen` loads them) by its id as posted; None for
    a goal of another plan or a malformed id."""
    return next((d for d in evaluatie_doelen(plan) if str(d.pk) == doel_id), None)


def doorlopend(plan: Groepsplan, doelen: list[Plandoel]) -> list[tuple[Leerling, str]]:
    """The pupils (of these goals' plangroepen) whose need continues into the next cycle,
    with their vervolg, by surname."""
    namen = {lid.leerling.pk: lid.leerling for d in doelen for lid in d.plangroep.leden.all()}
    return sorted(
        (
            (namen[leerling_id], vervolg)
            for leerling_id, vervolg in vervolg_per_leerling(plan).items()
            if loopt_door(vervolg) and leerling_id in namen
        ),
        key=lambda t: t[0].achternaam,
    )


def per_leerling_te_evalueren(plangroep: Plangroep) -> bool:
    return plangroep.soort != PlangroepSoort.BASISGROEP
