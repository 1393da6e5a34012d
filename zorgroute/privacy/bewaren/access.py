"""Access helpers of the retention pages. The middleware has checked the
page's permission; these fetch objects within the school (404 for anything else)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from ...access import tenant_of
from ...models import Bewaarblokkade


def access_blokkade(request: HttpRequest, blokkade_id: str | int | None) -> Bewaarblokkade:
    """An active legal hold of this school; 404 for a foreign, lifted or malformed id."""
    tenant_of(request)
    try:
        pk = int(blokkade_id or "")
    except ValueError:
        raise Http404 from None
    blokkade = Bewaarblokkade.objects.filter(pk=pk, opgeheven_op__isnull=True).first()
    if blokkade is None:
        raise Http404
    return blokkade
