"""Recording who looked at which pupil (append-only)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from .access import tenant_of
from .models import AccessEvent, Leerling


def log_leerling_access(request: HttpRequest, leerling: Leerling, *, namens: str = "") -> None:
    ctx = tenant_of(request)
    match = request.resolver_match
    AccessEvent.objects.create(
        school_id=ctx.school.pk,
        gebruiker_id=ctx.user.pk,
        leerling=leerling,
        pagina=(match.view_name if match else "")[:100],
        pad=request.path[:400],
        namens=namens[:200],
    )


def log_leerlingen_access(request: HttpRequest, leerling_ids: Iterable[int]) -> None:
    """One access event per pupil, in one insert: for exports that show several pupils'
    care data at once (a groepsoverzicht PDF leaves the system once downloaded)."""
    ctx = tenant_of(request)
    match = request.resolver_match
    AccessEvent.objects.bulk_create(
        AccessEvent(
            school_id=ctx.school.pk,
            gebruiker_id=ctx.user.pk,
            leerling_id=leerling_id,
            pagina=(match.view_name if match else "")[:100],
            pad=request.path[:400],
        )
        for leerling_id in leerling_ids
    )
