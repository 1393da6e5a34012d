"""The nightly retention run of one school, in parts that each commit on their own."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from ...models import Bewaarrun, School
from ...tenancy.db import tenant_context
from ...tenancy.sql import purge_access_events
from . import services
from .selectors import INZAGES_BEWAREN_JAREN, plus_jaren


def inzagegrens(nu: dt.datetime) -> dt.datetime:
    """Access-log entries from before this moment are past their term."""
    return plus_jaren(nu, -INZAGES_BEWAREN_JAREN)


def nachtelijke_run(*, school_id: int, nu: dt.datetime | None = None) -> Bewaarrun:
    """1. Purge the access log's entries older than five years (owner connection).
    2. Anonymise what is past its term, unless no dry run was recorded for the school yet:
    then the pupils are left alone and the run record says why. Running it twice on one day
    changes nothing the second time."""
    nu = nu or timezone.now()
    verwijderd = purge_access_events(school_id, before=inzagegrens(nu))
    vandaag = timezone.localdate(nu)
    try:
        with tenant_context(school_id):
            school = School.objects.get(pk=school_id)
            return services.bewaartermijnen_toepassen(
                school=school, user=None, vandaag=vandaag, inzages_verwijderd=verwijderd
            )
    except ValidationError as exc:
        if getattr(exc, "code", None) != "geen_proefrun":
            raise
    with tenant_context(school_id):
        return services.bewaarrun_zonder_leerlingen(
            school=School.objects.get(pk=school_id),
            toelichting="Leerlinggegevens niet verwerkt: er is nog geen proefrun vastgelegd.",
            inzages_verwijderd=verwijderd,
        )
