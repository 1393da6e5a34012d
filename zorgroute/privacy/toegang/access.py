"""Access helper of the access-log review: the pupil whose readers are shown."""

from __future__ import annotations

import uuid as uuid_module

from django.http import Http404, HttpRequest

from ...access import tenant_of
from ...audit import record_care_access
from ...models import Leerling


def access_leerling_inzages(
    request: HttpRequest, leerling_uuid: uuid_module.UUID | str
) -> Leerling:
    """A pupil of this school for whoever may review the access log (the zorgcoördinator,
    the privacy officer): only the name and who read them, no care content. Opening it is
    logged like any page about one pupil."""
    tenant_of(request)
    leerling = Leerling.objects.filter(uuid=leerling_uuid).first()
    if leerling is None:
        raise Http404
    record_care_access(request, [leerling.pk])
    return leerling
