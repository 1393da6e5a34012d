"""Carrying out and evaluating a groepsplan (HGW step 6): the teacher's "my plans" read, saving
the evaluations of one goal with a version check, and what the evaluation feeds into the next
cycle (`vervolg_per_leerling`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from zorgroute.access import visible_leerlingen
from zorgroute.models import Gebruiker, Leerling
from zorgroute.tenancy.context import TenantContext
from zorgroute.versioning import FieldConflict, StaleVersion

from . import services
from .access import visible_plannen
from .models import (
    Doelevaluatie,
    Groepsplan,
    Plandoel,
    Plangroep,
    Plangroeplid,
    PlangroepSoort,
    PlanStatus,
    Roosteritem,
    Vervolg,
)

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


# --- Evaluating one goal -----------------------------------------------------------------------


@dataclass
class Rij:
    """One evaluation of a goal as the form sent it: for the group (leerling_id None) or a
    pupil, with the version the user's screen showed (0: there was none yet)."""

    leerling_id: int | None
    resultaat: str
    vervolg: str
    toelichting: str
    gezien: int


def evalueren_toegestaan(plan: Groepsplan) -> None:
    if plan.status != PlanStatus.ACTIEF:
        raise ValidationError(_("Alleen een actief plan wordt geëvalueerd."))


def _rij_label(rij: Rij, leden: dict[int, str]) -> str:
    if rij.leerling_id is None:
        return _("Hele groep")
    return leden.get(rij.leerling_id, str(rij.leerling_id))


@transaction.atomic
def doel_evaluaties_update(*, doel: Plandoel, rijen: list[Rij], user: Gebruiker) -> int:
    """Save the evaluations of one goal (group and pupils) all or nothing. A row whose stored
    version differs from what the user saw is a conflict: nothing is saved and
    `StaleVersion` has one `FieldConflict` per such row (name: the pupil's id, or "groep";
    theirs: the stored Doelevaluatie or None when it was removed; mine: the `Rij`)."""
    evalueren_toegestaan(doel.plangroep.groepsplan)
    bestaand = {
        e.leerling_id: e
        for e in Doelevaluatie.objects.select_for_update(of=("self",))
        .select_related("geevalueerd_door")
        .filter(doel=doel)
    }
    botsingen = [
        rij
        for rij in rijen
        if (bestaand[rij.leerling_id].versie if rij.leerling_id in bestaand else 0) != rij.gezien
    ]
    if botsingen:
        leden = {
            lid.leerling_id: lid.leerling.volledige_naam
            for lid in doel.plangroep.leden.select_related("leerling")
        }
        door = next(
            (
                bestaand[rij.leerling_id].geevalueerd_door.volledige_naam
                for rij in botsingen
                if rij.leerling_id in bestaand
            ),
            "",
        )
        raise StaleVersion(
            current=doel,
            changed_by=door,
            conflicts=[
                FieldConflict(
                    name=conflict_naam(rij.leerling_id),
                    label=_rij_label(rij, leden),
                    theirs=bestaand.get(rij.leerling_id),
                    mine=rij,
                )
                for rij in botsingen
            ],
        )
    for rij in rijen:
        services.doel_evalueren(
            doel=doel,
            resultaat=rij.resultaat,
            vervolg=rij.vervolg,
            toelichting=rij.toelichting,
            user=user,
            leerling_id=rij.leerling_id,
        )
    return len(rijen)


def conflict_naam(leerling_id: int | None) -> str:
    """The name of a row's FieldConflict: "groep" or the pupil's id."""
    return "groep" if leerling_id is None else str(leerling_id)


def evaluatie_afronden(*, groepsplan: Groepsplan, eindevaluatie: str) -> Groepsplan:
    evalueren_toegestaan(groepsplan)
    return services.groepsplan_evaluatie_afronden(
        groepsplan=groepsplan, eindevaluatie=eindevaluatie
    )


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


# --- Feeding the next cycle --------------------------------------------------------------------

#: When a pupil has several goals, the strongest follow-up wins: one goal that goes on (or is
#: adapted) keeps the need alive.
_GEWICHT: dict[str, int] = {Vervolg.STOPPEN: 0, Vervolg.DOORGAAN: 1, Vervolg.BIJSTELLEN: 2}


def vervolg_per_leerling(plan: Groepsplan) -> dict[int, str]:
    """leerling_id -> vervolg (Vervolg value) over all goals of the plan. A pupil's own
    evaluation of a goal counts; without one, the group evaluation of that goal counts for every
    member of its plangroep. Pupils with no evaluated goal are absent. Two queries."""
    leden: dict[int, list[int]] = {}
    for lid in Plangroeplid.objects.filter(plangroep__groepsplan=plan).values(
        "plangroep_id", "leerling_id"
    ):
        leden.setdefault(lid["plangroep_id"], []).append(lid["leerling_id"])
    per_doel: dict[int, dict[Any, str]] = {}
    plangroep_van: dict[int, int] = {}
    for e in Doelevaluatie.objects.filter(doel__plangroep__groepsplan=plan).values(
        "doel_id", "doel__plangroep_id", "leerling_id", "vervolg"
    ):
        per_doel.setdefault(e["doel_id"], {})[e["leerling_id"]] = e["vervolg"]
        plangroep_van[e["doel_id"]] = e["doel__plangroep_id"]
    result: dict[int, str] = {}
    for doel_id, evaluaties in per_doel.items():
        for leerling_id in leden.get(plangroep_van[doel_id], []):
            vervolg = evaluaties.get(leerling_id) or evaluaties.get(None)
            if vervolg is None:
                continue
            if leerling_id not in result or _GEWICHT.get(vervolg, 0) > _GEWICHT.get(
                result[leerling_id], 0
            ):
                result[leerling_id] = vervolg
    return result


def loopt_door(vervolg: str) -> bool:
    return vervolg in (Vervolg.DOORGAAN, Vervolg.BIJSTELLEN)


def per_leerling_te_evalueren(plangroep: Plangroep) -> bool:
    return plangroep.soort != PlangroepSoort.BASISGROEP
