"""Evaluating a groepsplan (HGW step 6): saving the evaluations of one goal with a version
check, finishing the evaluation, and what the evaluation feeds into the next cycle
(`vervolg_per_leerling`, read by groepsoverzicht when the next overview starts). The reads of
the screens are in `selectors`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker
from zorgroute.versioning import FieldConflict, StaleVersion

from .. import services as plan_services
from ..models import (
    Doelevaluatie,
    Groepsplan,
    Plandoel,
    Plangroeplid,
    PlanStatus,
    Vervolg,
)

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
        plan_services.doel_evalueren(
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
    return plan_services.groepsplan_evaluatie_afronden(
        groepsplan=groepsplan, eindevaluatie=eindevaluatie
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
