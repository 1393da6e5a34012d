"""Who sees and who changes which groepsoverzicht (need-to-know, DOMAIN.md).

- Cyclus A (class): the mentor changes it; teachers of the class read it and may leave a
  remark for the mentor; the zorgcoördinator reads and changes every overview; a teamleider
  reads the overviews of their afdeling.
- Cyclus B (lesgroep): the docent of the lesgroep changes it; the class's mentor and the
  care staff read it; other docenten do not see it.
- Bijzonderheden: only roles with VIEW_BIJZONDERHEDEN, and the mentor of the class.

As in zorgroute.access, lists and per-object checks use the same querysets. Rows, signals,
needs and remarks are looked up within the overview the user may see (`access_regel`, …), so
another overview's ids give 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.models import Lesgroepdocent, Mentoraat, Rol
from zorgroute.tenancy.context import TenantContext

from .models import (
    Cyclus,
    Groepsoverzicht,
    Onderwijsbehoefte,
    Opmerking,
    Overzichtregel,
    Signalering,
)


def _sees_all(ctx: TenantContext) -> bool:
    return ctx.has_perm(p.VIEW_ALL_LEERLINGEN) or (
        ctx.has_role(Rol.TEAMLEIDER) and ctx.teamleider_school_breed
    )


def visible_overzichten(ctx: TenantContext) -> QuerySet[Groepsoverzicht]:
    qs = Groepsoverzicht.objects.all()
    if not ctx.has_perm(p.VIEW_GROEPSOVERZICHT):
        return qs.none()
    if _sees_all(ctx):
        return qs
    user_id = ctx.user.pk
    mentor = Q(groep__mentoraten__gebruiker_id=user_id)
    teaches_class = Q(groep__lesgroepen__docentschappen__gebruiker_id=user_id)
    own_lesgroep = Q(lesgroep__docentschappen__gebruiker_id=user_id)
    q = Q(cyclus=Cyclus.A) & (mentor | teaches_class) | Q(cyclus=Cyclus.B) & (own_lesgroep | mentor)
    if ctx.afdeling_ids:
        q |= Q(groep__afdeling_id__in=ctx.afdeling_ids)
    return qs.filter(pk__in=Groepsoverzicht.objects.filter(q).values("pk"))


def with_rights(qs: QuerySet[Groepsoverzicht], ctx: TenantContext) -> QuerySet[Groepsoverzicht]:
    """Annotate `is_mentor` and `is_eigen_lesgroep` in the same query as the overview."""
    user_id = ctx.user.pk
    return qs.annotate(
        is_mentor=Exists(
            Mentoraat.objects.filter(groep_id=OuterRef("groep_id"), gebruiker_id=user_id)
        ),
        is_eigen_lesgroep=Exists(
            Lesgroepdocent.objects.filter(lesgroep_id=OuterRef("lesgroep_id"), gebruiker_id=user_id)
        ),
    )


@dataclass(frozen=True)
class Rechten:
    bewerken: bool  # edit cells, signals, needs, group attention points
    opmerken: bool  # leave a remark for the mentor (teachers of the class)
    bijzonderheden: bool  # see the bijzonderheden column


def rechten(ctx: TenantContext, overzicht: Groepsoverzicht) -> Rechten:
    """Rights on an overview fetched through `with_rights`."""
    is_mentor = bool(getattr(overzicht, "is_mentor", False))
    is_eigen = bool(getattr(overzicht, "is_eigen_lesgroep", False))
    zorg = ctx.has_perm(p.CHANGE_GROEPSOVERZICHT) and ctx.has_perm(p.VIEW_ALL_LEERLINGEN)
    may_change = ctx.has_perm(p.CHANGE_GROEPSOVERZICHT)
    if overzicht.cyclus == Cyclus.A:
        bewerken = may_change and (is_mentor or zorg)
    else:
        bewerken = may_change and (is_eigen or zorg)
    return Rechten(
        bewerken=bewerken,
        opmerken=not bewerken and overzicht.cyclus == Cyclus.A and ctx.has_role(Rol.DOCENT),
        bijzonderheden=ctx.has_perm(p.VIEW_BIJZONDERHEDEN) or is_mentor,
    )


def _naam(prefix: str) -> Concat:
    """A user's full name in SQL, as Gebruiker.volledige_naam builds it."""
    tussen = Case(
        When(**{f"{prefix}tussenvoegsel": ""}, then=Value("")),
        default=Concat(Value(" "), f"{prefix}tussenvoegsel"),
    )
    return Concat(
        f"{prefix}voornaam", tussen, Value(" "), f"{prefix}achternaam", output_field=CharField()
    )


def with_verantwoordelijke(qs: QuerySet[Groepsoverzicht]) -> QuerySet[Groepsoverzicht]:
    """Annotate the mentor of the class (A) or the docent of the lesgroep (B) for the page
    header, in the same query: `verantwoordelijke` (the first by name) and
    `aantal_verantwoordelijken`."""
    mentoren = Mentoraat.objects.filter(groep_id=OuterRef("groep_id"))
    docenten = Lesgroepdocent.objects.filter(lesgroep_id=OuterRef("lesgroep_id"))

    def eerste(rel: QuerySet[Any]) -> Subquery:
        naam = rel.annotate(naam=_naam("gebruiker__")).order_by(
            "gebruiker__achternaam", "gebruiker__voornaam"
        )
        return Subquery(naam.values("naam")[:1], output_field=CharField())

    def aantal(rel: QuerySet[Any], key: str) -> Subquery:
        counted = rel.order_by().values(key).annotate(n=Count("pk")).values("n")
        return Subquery(counted, output_field=IntegerField())

    is_b = Q(cyclus=Cyclus.B, lesgroep__isnull=False)
    return qs.annotate(
        verantwoordelijke=Case(When(is_b, then=eerste(docenten)), default=eerste(mentoren)),
        aantal_verantwoordelijken=Case(
            When(is_b, then=aantal(docenten, "lesgroep_id")),
            default=aantal(mentoren, "groep_id"),
        ),
    )


def access_overzicht(request: HttpRequest, overzicht_id: int) -> tuple[Groepsoverzicht, Rechten]:
    """The overview with its rights; 404 when not visible (foreign ids included)."""
    ctx = tenant_of(request)
    overzicht = (
        with_verantwoordelijke(with_rights(visible_overzichten(ctx), ctx))
        .select_related("groep", "groep__schooljaar", "periode", "lesgroep", "lesgroep__vak")
        # The groepsplan built on this overview (reverse one-to-one), in the same query.
        .annotate(plan_id=F("groepsplan__id"))
        .filter(pk=overzicht_id)
        .first()
    )
    if overzicht is None:
        raise Http404
    return overzicht, rechten(ctx, overzicht)


def access_regel(overzicht: Groepsoverzicht, regel_id: int) -> Overzichtregel:
    """A row of this overview (404 for another overview's row)."""
    return get_object_or_404(
        Overzichtregel.objects.filter(groepsoverzicht=overzicht).select_related(
            "leerling", "gewijzigd_door"
        ),
        pk=regel_id,
    )


def access_signalering(overzicht: Groepsoverzicht, signalering_id: int) -> Signalering:
    return get_object_or_404(
        Signalering.objects.filter(regel__groepsoverzicht=overzicht), pk=signalering_id
    )


def access_behoefte(overzicht: Groepsoverzicht, behoefte_id: int) -> Onderwijsbehoefte:
    return get_object_or_404(
        Onderwijsbehoefte.objects.filter(regel__groepsoverzicht=overzicht), pk=behoefte_id
    )


def access_opmerking(overzicht: Groepsoverzicht, opmerking_id: int) -> Opmerking:
    return get_object_or_404(Opmerking.objects.filter(groepsoverzicht=overzicht), pk=opmerking_id)


def require(allowed: bool) -> None:
    """403 for a visible overview with a forbidden action."""
    if not allowed:
        raise PermissionDenied
