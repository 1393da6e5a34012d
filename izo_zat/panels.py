"""Panels izo_zat adds to core pages (settings.ZORGROUTE_HOME_PANELS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of

from . import selectors


def home_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    """For the zorgcoördinator the aanmeldingen waiting for triage; for an applicant (and the
    mentor of the class) the aanmeldingen that need them and the recently decided ones. One
    query; nothing for roles that cannot aanmelden."""
    ctx = tenant_of(request)
    if not ctx.has_perm(p.AANMELDEN_IZO):
        return None
    triage = ctx.has_perm(p.TRIAGE_IZO)
    paneel = selectors.home_paneel(ctx, triage=triage)
    if not triage and not (paneel.te_doen or paneel.lopend or paneel.besloten):
        return None
    return (
        "izo_zat/panels/home.html",
        {
            "triage": triage,
            "paneel": paneel,
            "oudste": paneel.wacht[: selectors.PANEEL_OUDSTE],
        },
    )
