from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from groepsoverzicht.models import Groepsoverzicht


def gestopt_na_evaluatie(overzicht: Groepsoverzicht) -> set[int]:
    """The pupils whose goals in the evaluated groepsplan of `overzicht` all ended in
    "stoppen": their needs are not carried into the next overview (step 6 feeds step 1)."""
    from .models import Groepsplan, PlanStatus
    from .uitvoering.services import vervolg_per_leerling

    plan = Groepsplan.objects.filter(
        groepsoverzicht=overzicht, status=PlanStatus.GEEVALUEERD
    ).first()
    if plan is None:
        return set()
    return {leerling_id for leerling_id, v in vervolg_per_leerling(plan).items() if v == "stoppen"}


class GroepsplanConfig(AppConfig):
    name = "groepsplan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from groepsoverzicht import hooks

        hooks.register_gestopt_na_evaluatie(gestopt_na_evaluatie)
