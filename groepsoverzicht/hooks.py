"""What later steps of the care route tell groepsoverzicht, without groepsoverzicht importing
them (the apps depend only downward, see the import contracts in pyproject.toml).

A later app registers its answer in its `AppConfig.ready()`; without one registered the
question has the neutral answer (nothing to leave out).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Groepsoverzicht

#: Given an overview: the ids of the pupils whose goals in the groepsplan built on it were
#: all evaluated with vervolg "stoppen" (HGW step 6 feeds step 1 of the next cycle).
GestoptNaEvaluatie = Callable[["Groepsoverzicht"], set[int]]

_gestopt_na_evaluatie: GestoptNaEvaluatie | None = None


def register_gestopt_na_evaluatie(answer: GestoptNaEvaluatie) -> None:
    """Called once by the app that evaluates plans (groepsplan)."""
    global _gestopt_na_evaluatie
    _gestopt_na_evaluatie = answer


def gestopt_na_evaluatie(overzicht: Groepsoverzicht) -> set[int]:
    """The pupils of `overzicht` whose plan ended with "stoppen"; empty without a
    registered answer."""
    if _gestopt_na_evaluatie is None:
        return set()
    return _gestopt_na_evaluatie(overzicht)
