"""Who may use the AVG rights of a pupil: export, request and confirm an erasure.

The zorgcoördinator and the beheerder of the school, for every pupil of the school (the
beheerder keeps the roster; an AVG request concerns the whole dossier). The school's
privacy officer exports (`AVG_ROLLEN`) but does not request or confirm an erasure.
"""

from __future__ import annotations

import uuid as uuid_module

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ..access import access_school_leerling, tenant_of
from ..models import Leerling, Rol
from ..tenancy.context import TenantContext

#: Roles that may request or confirm an erasure (four eyes: one of each).
ANONIMISEER_ROLLEN = frozenset({Rol.ZORGCOORDINATOR, Rol.BEHEERDER})
#: Roles that may open a pupil's AVG page and export their data: those two and the privacy
#: officer (who answers inzage requests but does not erase).
AVG_ROLLEN = ANONIMISEER_ROLLEN | {Rol.PRIVACY}

#: Four eyes: the role a request was made as -> the roles of whoever may confirm it.
BEVESTIGERS: dict[str, frozenset[str]] = {
    Rol.BEHEERDER: frozenset({Rol.ZORGCOORDINATOR}),
    Rol.ZORGCOORDINATOR: frozenset({Rol.BEHEERDER}),
}


def mag_avg(ctx: TenantContext) -> bool:
    return bool(ctx.roles & AVG_ROLLEN)


def mag_anonimiseren(ctx: TenantContext) -> bool:
    return bool(ctx.roles & ANONIMISEER_ROLLEN)


def aanvraagrol(ctx: TenantContext) -> str:
    """The role a user makes a request as (the zorgcoördinator's first, if they have both)."""
    for rol in (Rol.ZORGCOORDINATOR, Rol.BEHEERDER):
        if ctx.has_role(rol):
            return rol
    raise PermissionDenied


def require_avg(request: HttpRequest) -> TenantContext:
    """403 for a member of the school without an AVG role."""
    ctx = tenant_of(request)
    if not mag_avg(ctx):
        raise PermissionDenied
    return ctx


def access_avg_leerling(
    request: HttpRequest, leerling_uuid: uuid_module.UUID | str, *, anonimiseren: bool = False
) -> Leerling:
    """A pupil of the school, for a user with an AVG role (403 without one, 404 for any
    other id); `anonimiseren` asks for a role that requests or confirms an erasure. Opening
    a pupil's AVG page or export reads their whole dossier: logged."""
    ctx = require_avg(request)
    if anonimiseren and not mag_anonimiseren(ctx):
        raise PermissionDenied
    return access_school_leerling(request, leerling_uuid)
