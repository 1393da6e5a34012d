"""The groepsoverzicht panel on the class page (see settings.ZORGROUTE_GROEP_PANELS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.models import Groep

from .access import visible_overzichten


def groep_panel(request: HttpRequest, groep: Groep) -> tuple[str, dict[str, Any]] | None:
    ctx = tenant_of(request)
    if not (ctx.has_perm(p.VIEW_GROEPSOVERZICHT) or ctx.has_perm(p.ENTER_RESULTATEN)):
        return None
    overzichten = (
        list(
            visible_overzichten(ctx)
            .filter(groep=groep)
            .select_related("periode", "lesgroep")
            .order_by("-periode__startdatum", "cyclus", "lesgroep__naam")
        )
        if ctx.has_perm(p.VIEW_GROEPSOVERZICHT)
        else []
    )
    return (
        "groepsoverzicht/panels/groep_panel.html",
        {
            "groep": groep,
            "overzichten": overzichten,
            "kan_starten": ctx.has_perm(p.CHANGE_GROEPSOVERZICHT),
            "kan_invoeren": ctx.has_perm(p.ENTER_RESULTATEN),
        },
    )
