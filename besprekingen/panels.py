"""Panels besprekingen adds to core pages (settings.ZORGROUTE_HOME_PANELS and
ZORGROUTE_LEERLING_PANELS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.models import Leerling

from . import selectors


def home_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    """My coming meetings, my open actions and recent reports. Actions show for every
    owner (an action is theirs even without VIEW_BESPREKING)."""
    ctx = tenant_of(request)
    acties = list(selectors.mijn_acties(ctx))
    if ctx.has_perm(p.VIEW_BESPREKING):
        besprekingen = list(selectors.mijn_besprekingen(ctx)[:20])
        verslagen = list(selectors.recente_verslagen(ctx)[:10])
    else:
        besprekingen, verslagen = [], []
    if not (acties or besprekingen or verslagen or ctx.has_perm(p.VIEW_BESPREKING)):
        return None
    return (
        "besprekingen/panels/home.html",
        {
            "acties": acties,
            "besprekingen": besprekingen,
            "verslagen": verslagen,
        },
    )


def leerling_panel(request: HttpRequest, leerling: Leerling) -> tuple[str, dict[str, Any]] | None:
    """The pupil's dossier timeline: every bespreking item about them the user may see."""
    ctx = tenant_of(request)
    if not ctx.has_perm(p.VIEW_BESPREKING):
        return None
    return (
        "besprekingen/panels/leerling.html",
        {
            "leerling": leerling,
            "tijdlijn": selectors.dossier_tijdlijn(ctx, leerling),
            "kan_bilateraal": ctx.has_perm(p.MANAGE_BESPREKING),
        },
    )
