"""What the jaarplanning and to-do pages read (the tasks themselves: planning.taken)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from zorgroute.models import Periode, Rol, Schooljaar
from zorgroute.selectors import current_schooljaar
from zorgroute.tenancy.context import TenantContext

from .models import STAPPEN, Cyclusplanning
from .taken import Taak, alle_taken


def gekozen_schooljaar(raw: str) -> Schooljaar | None:
    """The schooljaar of `?schooljaar=<id>` when it is one of the school's, else the
    current one."""
    if raw.isdigit():
        gekozen = Schooljaar.objects.filter(pk=int(raw)).first()
        if gekozen is not None:
            return gekozen
    return current_schooljaar()


def schooljaren() -> list[Schooljaar]:
    return list(Schooljaar.objects.order_by("-startdatum"))


@dataclass
class Cyclusregel:
    """One cycle of the jaarplanning with its deadlines; the view adds the form."""

    periode: Periode
    planning: Cyclusplanning | None
    form: Any = None
    conflict: Any = None

    @property
    def datums(self) -> list[tuple[str | Promise, dt.date | None]]:
        return [(label, getattr(self.planning, veld, None)) for veld, label in STAPPEN]

    def initial(self) -> dict[str, Any]:
        """The form's values: the stored deadlines and the version they have."""
        planning = self.planning
        return {
            "version": planning.versie if planning else 0,
            **{veld: getattr(planning, veld) if planning else None for veld, _l in STAPPEN},
        }


def cycli(schooljaar: Schooljaar | None) -> list[Cyclusregel]:
    if schooljaar is None:
        return []
    periodes = (
        Periode.objects.filter(schooljaar=schooljaar)
        .select_related("planning")
        .order_by("startdatum")
    )
    return [Cyclusregel(periode=p, planning=getattr(p, "planning", None)) for p in periodes]


def mijn_taken(ctx: TenantContext, vandaag: dt.date, *, met_acties: bool = True) -> list[Taak]:
    """Everything the user has to do in the care route, late first."""
    return alle_taken(
        ctx.school,
        vandaag,
        gebruiker_id=ctx.user.pk,
        zorgcoordinator=ctx.has_role(Rol.ZORGCOORDINATOR),
        met_acties=met_acties,
    )
