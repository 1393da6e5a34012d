"""Trajecten: the shortened route, changing the care level and IZO date, closing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Leerling
from zorgroute.services import save_validated
from zorgroute.versioning import lock_version

from .models import Traject, TrajectRoute, TrajectStatus, Zorgniveau


@transaction.atomic
def traject_verkort_openen(
    *,
    leerling: Leerling,
    reden: str,
    user: Gebruiker,
    zorgniveau: str = Zorgniveau.TWEE,
    izo_datum: dt.date | None = None,
) -> Traject:
    """The shortened route: a zorgteam member starts a traject directly (no aanmelding) and
    reports it in the next IZO."""
    if not reden.strip():
        raise ValidationError({"reden": _("Schrijf op waarom de verkorte route nodig is.")})
    if zorgniveau not in Zorgniveau.values:
        raise ValidationError({"zorgniveau": _("Kies een zorgniveau.")})
    traject = Traject(
        school_id=leerling.school_id,
        leerling=leerling,
        route=TrajectRoute.VERKORT,
        reden_verkort=reden.strip(),
        zorgniveau=zorgniveau,
        izo_datum=izo_datum,
        geopend_door=user,
    )
    return save_validated(traject, clean_errors_to="reden_verkort")


@transaction.atomic
def traject_update(
    *,
    traject: Traject,
    version: int | None,
    zorgniveau: str,
    izo_datum: dt.date | None,
    user: Gebruiker | None = None,
) -> Traject:
    fresh = lock_version(traject, version)
    if fresh.status != TrajectStatus.OPEN:
        raise ValidationError(_("Dit traject is afgesloten."))
    if zorgniveau not in Zorgniveau.values:
        raise ValidationError({"zorgniveau": _("Kies een zorgniveau.")})
    fresh.zorgniveau, fresh.izo_datum = zorgniveau, izo_datum
    fresh.gewijzigd_door = user
    return save_validated(fresh)


@transaction.atomic
def traject_afsluiten(
    *, traject: Traject, version: int | None, reden: str, user: Gebruiker | None = None
) -> Traject:
    fresh = lock_version(traject, version)
    if fresh.status != TrajectStatus.OPEN:
        raise ValidationError(_("Dit traject is al afgesloten."))
    if not reden.strip():
        raise ValidationError({"afsluitreden": _("Schrijf op waarom het traject stopt.")})
    fresh.status = TrajectStatus.GESLOTEN
    fresh.gesloten_op = timezone.now()
    fresh.afsluitreden = reden.strip()
    fresh.gewijzigd_door = user
    return save_validated(fresh)
