"""Who sees and who runs which bespreking (need-to-know, DOMAIN.md).

- A groepsbespreking (cyclus A) is seen by everyone who sees its groepsoverzicht (mentor,
  teachers of the class, teamleider of the afdeling, zorgcoördinator) and by invited
  attendees. A vakspecifieke bespreking (B) likewise follows its lesgroep overview.
- A bilateraal overleg is seen by its two parties and by those who may see the pupil.
- Running a meeting (agenda, verslag, besluiten, acties, closing) is for the chair, the
  mentor of the class (A) or the docent of the lesgroep (B), the teamleider of the afdeling
  and the zorgcoördinator; a bilateraal overleg is run by both parties.
- Bringing in a question beforehand is for every teacher or attendee who sees the meeting.

Lists and per-object checks use the same querysets (as zorgroute.access), and anything not
visible is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from groepsoverzicht.access import visible_overzichten, with_rights
from groepsoverzicht.models import Groepsoverzicht
from zorgroute import permissions as p
from zorgroute.access import tenant_of, visible_leerlingen
from zorgroute.models import Lesgroepdocent, Mentoraat, Rol
from zorgroute.tenancy.context import TenantContext

from .models import Actie, Bespreking, Deelnemer, Soort

#: The object rights a page can ask for (the fields of `Rechten`).
Recht = Literal["leiden", "inbrengen", "bewerken"]

M = TypeVar("M", bound=Model)

#: What a page about meetings shows with each: class, overview, chair and pupil.
MET_RELATIES = (
    "groep",
    "groepsoverzicht",
    "groepsoverzicht__periode",
    "groepsoverzicht__lesgroep",
    "groepsoverzicht__lesgroep__vak",
    "voorzitter",
    "leerling",
)


def _sees_all(ctx: TenantContext) -> bool:
    return ctx.has_perm(p.VIEW_ALL_LEERLINGEN) or (
        ctx.has_role(Rol.TEAMLEIDER) and ctx.teamleider_school_breed
    )


def visible_besprekingen(ctx: TenantContext) -> QuerySet[Bespreking]:
    qs = Bespreking.objects.all()
    if not ctx.has_perm(p.VIEW_BESPREKING):
        return qs.none()
    if _sees_all(ctx):
        return qs
    user_id = ctx.user.pk
    q = (
        Q(voorzitter_id=user_id)
        | Q(aangemaakt_door_id=user_id)
        | Q(pk__in=Deelnemer.objects.filter(gebruiker_id=user_id).values("bespreking_id"))
        | Q(groepsoverzicht__in=visible_overzichten(ctx).values("pk"))
        | Q(soort=Soort.BILATERAAL, leerling__in=visible_leerlingen(ctx).values("pk"))
    )
    return qs.filter(pk__in=Bespreking.objects.filter(q).values("pk"))


def with_relations(qs: QuerySet[Bespreking], ctx: TenantContext) -> QuerySet[Bespreking]:
    """Annotate the user's ties to the meeting in the same query as the meeting."""
    user_id = ctx.user.pk
    return qs.annotate(
        is_mentor=Exists(
            Mentoraat.objects.filter(groep_id=OuterRef("groep_id"), gebruiker_id=user_id)
        ),
        is_lesgroepdocent=Exists(
            Lesgroepdocent.objects.filter(
                lesgroep_id=OuterRef("groepsoverzicht__lesgroep_id"), gebruiker_id=user_id
            )
        ),
        is_deelnemer=Exists(
            Deelnemer.objects.filter(bespreking_id=OuterRef("pk"), gebruiker_id=user_id)
        ),
    )


@dataclass(frozen=True)
class Rechten:
    leiden: bool  # chair the meeting: agenda, verslag, besluiten, acties, close
    inbrengen: bool  # bring in a question or discussion point beforehand
    bewerken: bool  # may edit now: leiden, and the meeting is not closed yet


def rechten(ctx: TenantContext, bespreking: Bespreking) -> Rechten:
    """Rights on a meeting fetched through `with_relations`."""
    user_id = ctx.user.pk
    manage = ctx.has_perm(p.MANAGE_BESPREKING)
    is_deelnemer = bool(getattr(bespreking, "is_deelnemer", False))
    eigen = bespreking.voorzitter_id == user_id or bespreking.aangemaakt_door_id == user_id
    if bespreking.soort == Soort.GROEPSBESPREKING:
        eigenaar = bool(getattr(bespreking, "is_mentor", False))
    elif bespreking.soort == Soort.VAKSPECIFIEK:
        eigenaar = bool(getattr(bespreking, "is_lesgroepdocent", False))
    else:
        eigenaar = is_deelnemer
    teamleider = ctx.has_role(Rol.TEAMLEIDER) and (
        ctx.teamleider_school_breed or bespreking.groep.afdeling_id in ctx.afdeling_ids
    )
    leiden = manage and (eigen or eigenaar or teamleider or ctx.has_perm(p.VIEW_ALL_LEERLINGEN))
    open_ = not bespreking.is_afgesloten
    inbrengen = (
        open_
        and bespreking.soort != Soort.BILATERAAL
        and (leiden or is_deelnemer or ctx.has_role(Rol.DOCENT))
    )
    return Rechten(leiden=leiden, inbrengen=inbrengen, bewerken=leiden and open_)


def access_bespreking(
    request: HttpRequest, bespreking_id: int, *, recht: Recht | None = None
) -> tuple[Bespreking, Rechten]:
    """The meeting (with groep, overview, periode, chair and pupil) and the user's rights; 404
    when it is not visible (foreign ids included), 403 when it is visible and the user lacks
    `recht`."""
    ctx = tenant_of(request)
    bespreking = (
        with_relations(visible_besprekingen(ctx), ctx)
        .select_related(*MET_RELATIES, "groep__schooljaar")
        .filter(pk=bespreking_id)
        .first()
    )
    if bespreking is None:
        raise Http404
    mag = rechten(ctx, bespreking)
    if recht is not None and not getattr(mag, recht):
        raise PermissionDenied
    return bespreking, mag


def access_onderdeel(bespreking: Bespreking, model: type[M], pk: int) -> M:
    """An item of this meeting (an inbreng, besluit or actie); 404 for any other id."""
    item = (
        model._default_manager.filter(bespreking=bespreking, pk=pk)
        .select_related("bespreking")
        .first()
    )
    if item is None:
        raise Http404
    return item


def access_bespreking_update(request: HttpRequest, bespreking_id: int) -> Bespreking:
    """A groeps- or vakspecifieke bespreking the user may change now (403 otherwise; a
    bilateraal overleg is a record, never changed)."""
    bespreking, _rechten = access_bespreking(request, bespreking_id, recht="bewerken")
    if bespreking.groepsoverzicht is None:
        raise PermissionDenied
    return bespreking


def access_actie(request: HttpRequest, actie_id: int) -> tuple[Actie, bool]:
    """An action its owner, or whoever chairs its meeting, may tick off; whether the user
    chairs it. Anyone else gets a 404: the action is not theirs to see."""
    ctx = tenant_of(request)
    actie = Actie.objects.filter(pk=actie_id).select_related("bespreking").first()
    if actie is None:
        raise Http404
    if actie.eigenaar_id == ctx.user.pk:
        return actie, False
    _bespreking, mag = access_bespreking(request, actie.bespreking_id)
    if not mag.leiden:
        raise Http404
    return actie, True


def plannen_overzichten(ctx: TenantContext) -> QuerySet[Groepsoverzicht]:
    """The overviews the user sees, with the ties `kan_plannen` reads."""
    return with_rights(visible_overzichten(ctx), ctx).select_related(
        "groep", "periode", "lesgroep", "lesgroep__vak"
    )


def access_overzicht_plannen(request: HttpRequest, overzicht_id: int) -> Groepsoverzicht:
    """The overview a meeting is planned for: 404 when not visible, 403 when the user may not
    plan a meeting about it."""
    ctx = tenant_of(request)
    overzicht = plannen_overzichten(ctx).filter(pk=overzicht_id).first()
    if overzicht is None:
        raise Http404
    if not kan_plannen(ctx, overzicht):
        raise PermissionDenied
    return overzicht


def kan_plannen(ctx: TenantContext, overzicht: Groepsoverzicht) -> bool:
    """Whether the user may plan a meeting about this overview: its owner (mentor for A,
    docent of the lesgroep for B), the teamleider of the afdeling, or the zorgcoördinator.
    The overview must have been fetched through groepsoverzicht.access.with_rights."""
    if not ctx.has_perm(p.MANAGE_BESPREKING):
        return False
    if ctx.has_perm(p.VIEW_ALL_LEERLINGEN):
        return True
    if ctx.has_role(Rol.TEAMLEIDER) and (
        ctx.teamleider_school_breed or overzicht.groep.afdeling_id in ctx.afdeling_ids
    ):
        return True
    if overzicht.cyclus == "A":
        return bool(getattr(overzicht, "is_mentor", False))
    return bool(getattr(overzicht, "is_eigen_lesgroep", False))
