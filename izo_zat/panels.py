"""Panels izo_zat adds to core pages (settings.ZORGROUTE_HOME_PANELS)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of

from .aanmelding import selectors as aanmelding_selectors
from .overleg import selectors as overleg_selectors


def home_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    """For the zorgcoördinator the aanmeldingen waiting for triage; for an applicant (and the
    mentor of the class) the aanmeldingen that need them and the recently decided ones. One
    query; nothing for roles that cannot aanmelden."""
    ctx = tenant_of(request)
    if not ctx.has_perm(p.AANMELDEN_IZO):
        return None
    triage = ctx.has_perm(p.TRIAGE_IZO)
    paneel = aanmelding_selectors.home_paneel(ctx, triage=triage)
    if not triage and not (paneel.te_doen or paneel.lopend or paneel.besloten):
        return None
    return (
        "izo_zat/panels/home.html",
        {
            "triage": triage,
            "paneel": paneel,
            "oudste": paneel.wacht[: aanmelding_selectors.PANEEL_OUDSTE],
        },
    )


def zorgoverleg_home_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    """The zorgteam's meetings and work: the next IZO and ZAT (zorgcoördinator, attendees),
    handelingsadviezen waiting for the mentor, ZAT cases shared with a partner and the
    plan-van-aanpak actions of the user or their organisation. A fixed number of queries."""
    ctx = tenant_of(request)
    if not (ctx.has_perm(p.VIEW_TRAJECT) or ctx.has_perm(p.VIEW_ZAT)):
        return None
    paneel = overleg_selectors.home_paneel(ctx)
    if paneel.leeg:
        return None
    return ("izo_zat/panels/zorgoverleg.html", {"paneel": paneel})


def groepsplan_panel(
    request: HttpRequest, plan: Any, rechten: Any
) -> tuple[str, dict[str, Any]] | None:
    """Handelingsadviezen of the IZO and the ZAT waiting on the class's groepsplan, for those
    who write the plan (settings.ZORGROUTE_GROEPSPLAN_PANELS). One query."""
    if not rechten.bewerken:
        return None
    from .advies.services import adviezen_voor_plan

    adviezen = list(adviezen_voor_plan(plan))
    if not adviezen:
        return None
    return ("izo_zat/panels/groepsplan.html", {"plan": plan, "adviezen": adviezen})
