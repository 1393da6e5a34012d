"""Recording who looked at which pupil (append-only)."""

from __future__ import annotations

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
