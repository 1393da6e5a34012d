"""Who sees and changes which groepsplan: the same need-to-know as its groepsoverzicht
(groepsoverzicht.access). A plan is reached only through a visible overview, so another
school's or an invisible plan id is a 404.

- Cyclus A: the mentor (and the zorgcoördinator) write the plan; the teachers of the class
  read it and carry it out (adjustments, logbook, evaluation of goals they work on).
- Cyclus B: the docent of the lesgroep writes it; the class's mentor and care staff read it.

IHP: read by whoever may read its groepsplan (access_plan), written by who may write the plan
(rechten.bewerken); a 404 for a plan that is not visible.

OPP: the zorgcoördinator writes (MANAGE_OPP) and sees the list with late OPP's. The pupil's
mentor and the teamleider of the pupil's afdeling read it (need-to-know, DOMAIN.md); a docent
who only teaches the pupil, or a ZAT-lid with a grant on the pupil, gets a 403. A pupil who is
not visible at all (zorgroute.access) is a 404.

An IHP and an OPP are a pupil's care data: access_ihp and access_opp write the access event
(zorgroute.audit.record_care_access) when they grant a read. A groepsplan is the class's
document: it is logged per pupil when it leaves the system as a PDF (zorgroute.pdf).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from groepsoverzicht.access import rechten as overzicht_rechten
from groepsoverzicht.access import visible_overzichten, with_rights
from zorgroute import permissions as p
from zorgroute.access import tenant_of, visible_leerlingen
from zorgroute.audit import record_care_access
from zorgroute.models import Leerling, Plaatsing, Rol
from zorgroute.tenancy.context import TenantContext

from .ihp_opp.models import Handelingsplan, Ontwikkelingsperspectief
from .models import Groepsplan

#: What a plan page shows of its overview, loaded with the plan.
PLAN_MET_OVERZICHT = (
    "groepsoverzicht",
    "groepsoverzicht__groep",
    "groepsoverzicht__periode",
    "groepsoverzicht__lesgroep",
    "groepsoverzicht__lesgroep__vak",
)


def visible_plannen(ctx: TenantContext) -> QuerySet[Groepsplan]:
    if not ctx.has_perm(p.VIEW_GROEPSPLAN):
        return Groepsplan.objects.none()
    return Groepsplan.objects.filter(groepsoverzicht__in=visible_overzichten(ctx).values("pk"))


@dataclass(frozen=True)
class PlanRechten:
    bewerken: bool  # write the plan: clusters, goals, inhoud/aanpak/organisatie, activate
    uitvoeren: bool  # carry it out: adjustments, logbook, evaluating goals
    bijzonderheden: bool


def access_plan(request: HttpRequest, plan_id: int) -> tuple[Groepsplan, PlanRechten]:
    """The plan (with its overview, groep and periode) and the user's rights; 404 when the
    plan is not visible."""
    ctx = tenant_of(request)
    plan = visible_plannen(ctx).select_related(*PLAN_MET_OVERZICHT).filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    overzicht = with_rights(
        visible_overzichten(ctx).filter(pk=plan.groepsoverzicht_id), ctx
    ).first()
    if overzicht is None:
        raise Http404
    r = overzicht_rechten(ctx, overzicht)
    bewerken = r.bewerken and ctx.has_perm(p.CHANGE_GROEPSPLAN)
    return plan, PlanRechten(
        bewerken=bewerken,
        uitvoeren=bewerken or (ctx.has_role(Rol.DOCENT) and ctx.has_perm(p.CHANGE_GROEPSPLAN)),
        bijzonderheden=r.bijzonderheden,
    )


def access_ihp(request: HttpRequest, ihp_id: int) -> tuple[Handelingsplan, Groepsplan, PlanRechten]:
    """The IHP, its plan and the rights on the plan; 404 when the plan is not visible. Logs
    the read of the pupil's IHP."""
    ctx = tenant_of(request)
    ihp = (
        Handelingsplan.objects.filter(pk=ihp_id, groepsplan__in=visible_plannen(ctx).values("pk"))
        .select_related("leerling")
        .first()
    )
    if ihp is None:
        raise Http404
    plan, rechten = access_plan(request, ihp.groepsplan_id)
    record_care_access(request, [ihp.leerling_id])
    return ihp, plan, rechten


@dataclass(frozen=True)
class OppRechten:
    bewerken: bool


def may_read_opp(request: HttpRequest, leerling: Leerling) -> OppRechten:
    """For a visible pupil: write with MANAGE_OPP; read as the pupil's mentor or as
    teamleider; 403 otherwise."""
    ctx = tenant_of(request)
    if ctx.has_perm(p.MANAGE_OPP):
        return OppRechten(bewerken=True)
    if ctx.has_role(Rol.TEAMLEIDER):
        return OppRechten(bewerken=False)
    is_mentor = (
        Plaatsing.objects.active()
        .filter(leerling_id=leerling.pk, groep__mentoraten__gebruiker_id=ctx.user.pk)
        .exists()
    )
    if is_mentor:
        return OppRechten(bewerken=False)
    raise PermissionDenied


def access_opp(request: HttpRequest, opp_id: int) -> tuple[Ontwikkelingsperspectief, OppRechten]:
    """The OPP and the user's rights on it; 404 when its pupil is not visible, 403 for who
    may see the pupil but not the OPP. Logs the read of the pupil's OPP."""
    ctx = tenant_of(request)
    opp = (
        Ontwikkelingsperspectief.objects.filter(
            pk=opp_id, leerling__in=visible_leerlingen(ctx).values("pk")
        )
        .select_related("leerling")
        .first()
    )
    if opp is None:
        raise Http404
    rechten = may_read_opp(request, opp.leerling)
    record_care_access(request, [opp.leerling_id])
    return opp, rechten
