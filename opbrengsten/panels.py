"""The home-page panel of the opbrengsten: for whoever may see the dashboard, a link to it
with two headline numbers of the running cycle's steps."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of


def home_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    ctx = tenant_of(request)
    if not ctx.has_perm(p.VIEW_OPBRENGSTEN):
        return None
    return (
        "opbrengsten/panels/home.html",
        {"mag_ambities": ctx.has_perm(p.MANAGE_AMBITIES)},
    )
