"""Panels planning adds to core pages: the to-do list on the home page, the PDF bundle on
the class page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.models import Groep, Periode

from . import services
from .selectors import mijn_taken
from .taken import TE_LAAT

#: The home page shows the first items; the rest is on the to-do page.
OP_START = 6


def home_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    """My to-do items (without the actions from meetings: the besprekingen panel lists
    those with their own button)."""
    ctx = tenant_of(request)
    if not ctx.has_perm(p.VIEW_GROEP):
        return None
    vandaag = timezone.localdate()
    herinnering = services.instelling(ctx.school).herinnering_dagen
    taken = mijn_taken(ctx, vandaag, met_acties=False)
    # Late items first, then by deadline.
    taken.sort(key=lambda t: (t.status(vandaag, herinnering) != TE_LAAT, t.deadline))
    rijen = [{"taak": t, "status": t.status(vandaag, herinnering)} for t in taken]
    return (
        "planning/panels/home.html",
        {
            "rijen": rijen[:OP_START],
            "totaal": len(rijen),
            "meer": len(rijen) > OP_START,
            "te_laat": sum(1 for r in rijen if r["status"] == TE_LAAT),
            "jaarplanning": True,
            "downloads": True,
        },
    )


def groep_panel(request: HttpRequest, groep: Groep) -> tuple[str, dict[str, Any]] | None:
    """The PDF bundle of this class for a cycle of its schooljaar."""
    ctx = tenant_of(request)
    if not ctx.has_perm(p.VIEW_GROEPSOVERZICHT):
        return None
    periodes = list(
        Periode.objects.filter(schooljaar_id=groep.schooljaar_id).order_by("startdatum")
    )
    if not periodes:
        return None
    vandaag = timezone.localdate()
    huidig = next((x for x in periodes if x.startdatum <= vandaag <= x.einddatum), periodes[-1])
    return ("planning/panels/groep.html", {"groep": groep, "periodes": periodes, "huidig": huidig})
