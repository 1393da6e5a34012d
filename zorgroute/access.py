"""Need-to-know visibility, implemented once.

Each `visible_*` function returns a queryset filtered in SQL from the user's relationships
(mentoraat, lesgroepen, afdeling, explicit grants). The per-object checks are the same
querysets narrowed to one row, so list and object checks cannot disagree.

Access helpers raise Http404 for anything that is not visible (foreign ids included) and
PermissionDenied (403) only for a visible object with a forbidden action.

An access helper that grants a pupil's care data also writes the access event
(`zorgroute.audit.record_care_access`), so a view cannot show it without logging it.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from . import permissions as p
from .audit import record_care_access
from .models import Groep, Leerling, LeerlingGrant, Lesgroep, Plaatsing, Rol
from .tenancy.context import TenantContext


def tenant_of(request: HttpRequest) -> TenantContext:
    ctx = getattr(request, "tenant", None)
    if ctx is None:
        raise Http404
    return ctx


#: Roles whose relationships (mentoraat, lesgroepen, afdeling) make pupils visible. A ZAT-lid
#: sees only what is granted explicitly; a schoolleider sees aggregates unless the school
#: grants dossiers (then VIEW_ALL_LEERLINGEN).
RELATIONAL_ROLES = frozenset({Rol.DOCENT, Rol.TEAMLEIDER})


def _relation_q(ctx: TenantContext, prefix: str = "") -> Q:
    """Groepen the user is tied to: as mentor, as docent of one of its lesgroepen, or as
    teamleider of its afdeling."""
    user_id = ctx.user.pk
    q = Q(**{f"{prefix}mentoraten__gebruiker_id": user_id}) | Q(
        **{f"{prefix}lesgroepen__docentschappen__gebruiker_id": user_id}
    )
    if ctx.afdeling_ids:
        q |= Q(**{f"{prefix}afdeling_id__in": ctx.afdeling_ids})
    return q


def _sees_whole_school(ctx: TenantContext) -> bool:
    return ctx.has_perm(p.VIEW_ALL_LEERLINGEN) or (
        ctx.has_role(Rol.TEAMLEIDER) and ctx.teamleider_school_breed
    )


def visible_groepen(ctx: TenantContext) -> QuerySet[Groep]:
    qs = Groep.objects.all()
    if not ctx.has_perm(p.VIEW_GROEP):
        return qs.none()
    if ctx.has_perm(p.VIEW_ALL_GROEPEN) or _sees_whole_school(ctx):
        return qs
    return qs.filter(pk__in=Groep.objects.filter(_relation_q(ctx)).values("pk"))


#: A condition a feature app puts on explicit pupil grants: given the user's context and
#: their valid grants, the grants that still hold (izo_zat: a ZAT partner's grant only while
#: the pupil's consent is valid). Registered in the app's `AppConfig.ready()`, read in SQL on
#: every check, so a withdrawal takes effect at once.
GrantCondition = Callable[[TenantContext, QuerySet[LeerlingGrant]], QuerySet[LeerlingGrant]]
_grant_conditions: list[GrantCondition] = []


def register_grant_condition(condition: GrantCondition) -> None:
    if condition not in _grant_conditions:
        _grant_conditions.append(condition)


def valid_grants(ctx: TenantContext) -> QuerySet[LeerlingGrant]:
    """The user's pupil grants that hold today: not expired, not revoked, and every
    registered condition met."""
    grants: QuerySet[LeerlingGrant] = LeerlingGrant.objects.valid().filter(user_id=ctx.user.pk)
    for condition in _grant_conditions:
        grants = condition(ctx, grants)
    return grants


def visible_leerlingen(ctx: TenantContext, *, on: dt.date | None = None) -> QuerySet[Leerling]:
    """Pupils the user may open: through an active plaatsing in a groep they are tied to, a
    cluster lesgroep they teach, or a valid explicit grant."""
    qs = Leerling.objects.all()
    if not ctx.has_perm(p.VIEW_LEERLING):
        return qs.none()
    if _sees_whole_school(ctx):
        return qs
    on = on or timezone.localdate()
    user_id = ctx.user.pk
    q = Q(pk__in=valid_grants(ctx).values("content_object_id"))
    if ctx.roles & RELATIONAL_ROLES:
        placed = Plaatsing.objects.active(on).filter(_relation_q(ctx, "groep__"))
        cluster = Lesgroep.objects.filter(docentschappen__gebruiker_id=user_id).values(
            "clusterplaatsingen__leerling_id"
        )
        q |= Q(pk__in=placed.values("leerling_id")) | Q(pk__in=cluster)
    return qs.filter(q)


def access_leerling(request: HttpRequest, leerling_uuid: uuid_module.UUID | str) -> Leerling:
    """The pupil, if this user may see them; 404 for anything else (foreign ids included).

    Every page addressed by a pupil shows (part of) their dossier: the read is logged."""
    ctx = tenant_of(request)
    leerling = visible_leerlingen(ctx).filter(uuid=leerling_uuid).first()
    if leerling is None:
        raise Http404
    record_care_access(request, [leerling.pk])
    return leerling


def access_school_leerling(request: HttpRequest, leerling_uuid: uuid_module.UUID | str) -> Leerling:
    """Any pupil of this school, for the pages whose permission already covers the whole
    school (the access-log review, the AVG rights); 404 for any other id. Logged."""
    tenant_of(request)
    leerling = Leerling.objects.filter(uuid=leerling_uuid).first()
    if leerling is None:
        raise Http404
    record_care_access(request, [leerling.pk])
    return leerling


def access_groep(request: HttpRequest, groep_id: int) -> Groep:
    ctx = tenant_of(request)
    groep = (
        visible_groepen(ctx).filter(pk=groep_id).select_related("schooljaar", "afdeling").first()
    )
    if groep is None:
        raise Http404
    return groep


def require_perm(request: HttpRequest, perm: str) -> None:
    """403 for a visible object with a forbidden action."""
    if not tenant_of(request).has_perm(perm):
        raise PermissionDenied


def is_mentor_of(ctx: TenantContext, groep: Groep) -> bool:
    return groep.mentoraten.filter(gebruiker_id=ctx.user.pk).exists()
