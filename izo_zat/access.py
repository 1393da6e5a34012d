"""Who opens which IZO aanmelding (need-to-know, DOMAIN.md).

An aanmelding is opened by its aanmelder, by a mentor of the pupil's class (the class of the
aanmelding or the pupil's class today) and by the zorgcoördinator (VIEW_ALL_LEERLINGEN),
and only while the user may see the pupil (zorgroute.access.visible_leerlingen). Everyone
else, a docent who only teaches the pupil included, gets a 404, as for another school's id.

Writing a concept is for the aanmelder and the class's mentor; the zorgcoördinator reads
it (triage arrives with the IZO issue).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of, visible_leerlingen
from zorgroute.models import Leerling, Mentoraat, Plaatsing, Rol
from zorgroute.tenancy.context import TenantContext

from .models import Aanmelding, AanmeldingStatus, Traject
from .services import BEWERKBAAR


def _leerlingen_van_mentor(user_id: int) -> Any:
    """Ids of the pupils placed today in a class the user mentors (a subquery)."""
    return (
        Plaatsing.objects.active()
        .filter(groep__mentoraten__gebruiker_id=user_id)
        .values("leerling_id")
    )


def _mentor_q(user_id: int) -> Q:
    return Q(groep__mentoraten__gebruiker_id=user_id) | Q(
        leerling__in=_leerlingen_van_mentor(user_id)
    )


def visible_aanmeldingen(ctx: TenantContext) -> QuerySet[Aanmelding]:
    qs = Aanmelding.objects.all()
    if not ctx.has_perm(p.AANMELDEN_IZO):
        return qs.none()
    qs = qs.filter(leerling__in=visible_leerlingen(ctx).values("pk"))
    if ctx.has_perm(p.VIEW_ALL_LEERLINGEN):
        return qs
    user_id = ctx.user.pk
    eigen = Q(aanmelder_id=user_id) | _mentor_q(user_id)
    return qs.filter(pk__in=Aanmelding.objects.filter(eigen).values("pk"))


def with_relations(qs: QuerySet[Aanmelding], ctx: TenantContext) -> QuerySet[Aanmelding]:
    """Annotate whether the user is a mentor of the pupil's class, in the same query."""
    user_id = ctx.user.pk
    return qs.annotate(
        is_mentor=Exists(
            Mentoraat.objects.filter(groep_id=OuterRef("groep_id"), gebruiker_id=user_id)
        )
        | Exists(
            Plaatsing.objects.active().filter(
                leerling_id=OuterRef("leerling_id"), groep__mentoraten__gebruiker_id=user_id
            )
        )
    )


@dataclass(frozen=True)
class AanmeldingRechten:
    bewerken: bool  # complete and save the concept (or supply asked-for information)
    triageren: bool  # the zorgcoördinator decides on a submitted aanmelding


def rechten(ctx: TenantContext, aanmelding: Aanmelding) -> AanmeldingRechten:
    """Rights on an aanmelding fetched through `with_relations`."""
    eigen = aanmelding.aanmelder_id == ctx.user.pk or bool(getattr(aanmelding, "is_mentor", False))
    return AanmeldingRechten(
        bewerken=eigen and aanmelding.status in BEWERKBAAR,
        triageren=ctx.has_perm(p.TRIAGE_IZO) and aanmelding.status == AanmeldingStatus.INGEDIEND,
    )


def access_aanmelding(
    request: HttpRequest, aanmelding_id: int
) -> tuple[Aanmelding, AanmeldingRechten]:
    """The aanmelding (with pupil, groep, aanmelder and decision) and the user's rights; 404
    when it is not visible (foreign ids included)."""
    ctx = tenant_of(request)
    aanmelding = (
        with_relations(visible_aanmeldingen(ctx), ctx)
        .select_related("leerling", "groep", "aanmelder", "besluit", "besluit__bespreking")
        .filter(pk=aanmelding_id)
        .first()
    )
    if aanmelding is None:
        raise Http404
    return aanmelding, rechten(ctx, aanmelding)


# --- Trajecten and consent ------------------------------------------------------------------


def visible_trajecten(ctx: TenantContext) -> QuerySet[Traject]:
    """The zorgcoördinator sees every traject; the teamleider those of pupils of their
    afdeling; a mentor those of their class's pupils and the ones they applied for. A docent
    who only teaches the pupil sees none (handelingsadviezen reach them through the plan)."""
    qs = Traject.objects.all()
    if not ctx.has_perm(p.VIEW_TRAJECT):
        return qs.none()
    zichtbaar = qs.filter(leerling__in=visible_leerlingen(ctx).values("pk"))
    if ctx.has_perm(p.VIEW_ALL_LEERLINGEN) or ctx.has_role(Rol.TEAMLEIDER):
        return zichtbaar
    user_id = ctx.user.pk
    eigen = Q(leerling__in=_leerlingen_van_mentor(user_id)) | Q(aanmelding__aanmelder_id=user_id)
    return zichtbaar.filter(pk__in=Traject.objects.filter(eigen).values("pk"))


@dataclass(frozen=True)
class TrajectRechten:
    beheren: bool  # care level, IZO date, closing: the zorgcoördinator


def access_traject(request: HttpRequest, traject_id: int) -> tuple[Traject, TrajectRechten]:
    ctx = tenant_of(request)
    traject = (
        visible_trajecten(ctx)
        .select_related("leerling", "aanmelding", "aanmelding__aanmelder", "geopend_door")
        .filter(pk=traject_id)
        .first()
    )
    if traject is None:
        raise Http404
    return traject, TrajectRechten(beheren=ctx.has_perm(p.TRIAGE_IZO))


def toestemming_leerlingen(ctx: TenantContext) -> QuerySet[Leerling]:
    """Pupils whose consent registry the user keeps: the zorgcoördinator all, a mentor their
    class's pupils."""
    if not ctx.has_perm(p.MANAGE_TOESTEMMING):
        return Leerling.objects.none()
    qs = visible_leerlingen(ctx)
    if ctx.has_perm(p.VIEW_ALL_LEERLINGEN):
        return qs
    return qs.filter(pk__in=_leerlingen_van_mentor(ctx.user.pk))


def access_toestemmingen(request: HttpRequest, leerling_uuid: uuid.UUID | str) -> Leerling:
    leerling = toestemming_leerlingen(tenant_of(request)).filter(uuid=leerling_uuid).first()
    if leerling is None:
        raise Http404
    return leerling
