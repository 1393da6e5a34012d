"""Who sees and changes which groepsplan: the same need-to-know as its groepsoverzicht
(groepsoverzicht.access). A plan is reached only through a visible overview, so another
school's or an invisible plan id is a 404.

- Cyclus A: the mentor (and the zorgcoördinator) write the plan; the teachers of the class
  read it and carry it out (adjustments, logbook, evaluation of goals they work on).
- Cyclus B: the docent of the lesgroep writes it; the class's mentor and care staff read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from groepsoverzicht.access import rechten as overzicht_rechten
from groepsoverzicht.access import visible_overzichten, with_rights
from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.models import Rol
from zorgroute.tenancy.context import TenantContext

from .models import Groepsplan


def visible_plannen(ctx: TenantContext) -> QuerySet[Groepsplan]:
    if not ctx.has_perm(p.VIEW_GROEPSPLAN):
        return Groepsplan.objects.none()
    return Groepsplan.objects.filter(groepsoverzicht__in=visible_overzichten(ctx).values("pk"))


@dataclass(frozen=True)
class PlanRechten:
    schrijven: bool  # write the plan: clusters, goals, inhoud/aanpak/organisatie, activate
    uitvoeren: bool  # carry it out: adjustments, logbook, evaluating goals
    bijzonderheden: bool


def access_plan(request: HttpRequest, plan_id: int) -> tuple[Groepsplan, PlanRechten]:
    """The plan (with its overview, groep and periode) and the user's rights; 404 when the
    plan is not visible."""
    ctx = tenant_of(request)
    plan = (
        visible_plannen(ctx)
        .select_related(
            "groepsoverzicht",
            "groepsoverzicht__groep",
            "groepsoverzicht__periode",
            "groepsoverzicht__lesgroep",
            "groepsoverzicht__lesgroep__vak",
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    overzicht = with_rights(
        visible_overzichten(ctx).filter(pk=plan.groepsoverzicht_id), ctx
    ).first()
    if overzicht is None:
        raise Http404
    r = overzicht_rechten(ctx, overzicht)
    schrijven = r.wijzigen and ctx.has_perm(p.CHANGE_GROEPSPLAN)
    return plan, PlanRechten(
        schrijven=schrijven,
        uitvoeren=schrijven or (ctx.has_role(Rol.DOCENT) and ctx.has_perm(p.CHANGE_GROEPSPLAN)),
        bijzonderheden=r.bijzonderheden,
    )
