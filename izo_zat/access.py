"""Who opens which IZO aanmelding (need-to-know, DOMAIN.md).

An aanmelding is opened by its aanmelder, by a mentor of the pupil's class (the class of the
aanmelding or the pupil's class today) and by the zorgcoördinator (VIEW_ALL_LEERLINGEN),
and only while the user may see the pupil (zorgroute.access.visible_leerlingen). Everyone
else, a docent who only teaches the pupil included, gets a 404, as for another school's id.

Writing a concept is for the aanmelder and the class's mentor; the zorgcoördinator reads
it (triage arrives with the IZO issue).

Everything this module opens for one pupil (aanmelding, traject, consent, IZO report,
decision, advies, ZAT case, referral) is that pupil's care data: the `access_*` helper that
grants it writes the access event (zorgroute.audit.record_care_access), a ZAT partner's on
behalf of their organisation. Views do not log by hand.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of, visible_leerlingen
from zorgroute.audit import record_care_access
from zorgroute.models import Leerling, Mentoraat, Plaatsing, Rol
from zorgroute.tenancy.context import TenantContext

from .aanmelding.services import BEWERKBAAR
from .models import (
    Aanmelding,
    AanmeldingStatus,
    Doorverwijzing,
    Handelingsadvies,
    Izobesluit,
    IzoVerslag,
    Overlegdeelnemer,
    OverlegSoort,
    OverlegStatus,
    Partnerlid,
    Toestemming,
    ToestemmingDoel,
    Traject,
    TrajectGrant,
    ZatActie,
    Zatcasus,
    ZatcasusStatus,
    Zorgoverleg,
)


def leerlingen_van_mentor(user_id: int) -> Any:
    """Ids of the pupils placed today in a class the user mentors (a subquery)."""
    return (
        Plaatsing.objects.active()
        .filter(groep__mentoraten__gebruiker_id=user_id)
        .values("leerling_id")
    )


def _mentor_q(user_id: int) -> Q:
    return Q(groep__mentoraten__gebruiker_id=user_id) | Q(
        leerling__in=leerlingen_van_mentor(user_id)
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
    record_care_access(request, [aanmelding.leerling_id])
    return aanmelding, rechten(ctx, aanmelding)


# --- Trajecten and consent ------------------------------------------------------------------


def visible_trajecten(ctx: TenantContext) -> QuerySet[Traject]:
    """The zorgcoördinator sees every traject; the teamleider those of pupils of their
    afdeling; a mentor those of their class's pupils and the ones they applied for. A docent
    who only teaches the pupil sees none (handelingsadviezen reach them through the plan).
    A ZAT-lid reaches a traject only through its ZAT case (`visible_zatcasussen`)."""
    qs = Traject.objects.all()
    if not ctx.has_perm(p.VIEW_TRAJECT):
        return qs.none()
    zichtbaar = qs.filter(leerling__in=visible_leerlingen(ctx).values("pk"))
    if ctx.has_perm(p.VIEW_ALL_LEERLINGEN) or ctx.has_role(Rol.TEAMLEIDER):
        return zichtbaar
    user_id = ctx.user.pk
    eigen = Q(leerling__in=leerlingen_van_mentor(user_id)) | Q(aanmelding__aanmelder_id=user_id)
    return zichtbaar.filter(pk__in=Traject.objects.filter(eigen).values("pk"))


@dataclass(frozen=True)
class TrajectRechten:
    bewerken: bool  # care level, IZO date, closing: the zorgcoördinator


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
    record_care_access(request, [traject.leerling_id])
    return traject, TrajectRechten(bewerken=ctx.has_perm(p.TRIAGE_IZO))


def toestemming_leerlingen(ctx: TenantContext) -> QuerySet[Leerling]:
    """Pupils whose consent registry the user keeps: the zorgcoördinator all, a mentor their
    class's pupils."""
    if not ctx.has_perm(p.MANAGE_TOESTEMMING):
        return Leerling.objects.none()
    qs = visible_leerlingen(ctx)
    if ctx.has_perm(p.VIEW_ALL_LEERLINGEN):
        return qs
    return qs.filter(pk__in=leerlingen_van_mentor(ctx.user.pk))


def access_toestemmingen(request: HttpRequest, leerling_uuid: uuid.UUID | str) -> Leerling:
    """The pupil whose consent registry the user keeps; 404 otherwise."""
    leerling = toestemming_leerlingen(tenant_of(request)).filter(uuid=leerling_uuid).first()
    if leerling is None:
        raise Http404
    record_care_access(request, [leerling.pk])
    return leerling


def access_toestemming(request: HttpRequest, toestemming_id: int) -> Toestemming:
    """One consent (with pupil and partner) in a registry the user keeps; 404 otherwise."""
    toestemming = (
        Toestemming.objects.filter(
            pk=toestemming_id,
            leerling__in=toestemming_leerlingen(tenant_of(request)).values("pk"),
        )
        .select_related("leerling", "partner")
        .first()
    )
    if toestemming is None:
        raise Http404
    record_care_access(request, [toestemming.leerling_id])
    return toestemming


# --- ZAT partners: explicit grants, only while consent is valid ------------------------------


def gedeelde_trajecten(ctx: TenantContext) -> QuerySet[Traject]:
    """Trajecten shared with this ZAT-lid today: a valid grant of theirs and valid consent
    for a ZAT bespreking of the pupil, both read in SQL on every request, so a withdrawal or
    an expiry takes effect at once."""
    if not (ctx.has_perm(p.VIEW_ZAT) and ctx.has_role(Rol.ZAT_LID)):
        return Traject.objects.none()
    grants = TrajectGrant.objects.valid().filter(user_id=ctx.user.pk)
    toestemming = Toestemming.objects.geldig().filter(doel=ToestemmingDoel.ZAT)
    return Traject.objects.filter(
        pk__in=grants.values("content_object_id"),
        leerling__in=toestemming.values("leerling_id"),
    )


def visible_zatcasussen(ctx: TenantContext) -> QuerySet[Zatcasus]:
    """ZAT cases: staff through the traject they may see (the zorgcoördinator all); a ZAT-lid
    the open cases of the trajecten shared with them, nothing else."""
    qs = Zatcasus.objects.all()
    if not ctx.has_perm(p.VIEW_ZAT):
        return qs.none()
    q = Q(pk__in=[])
    if ctx.has_perm(p.VIEW_TRAJECT):
        q |= Q(traject__in=visible_trajecten(ctx).values("pk"))
    if ctx.has_role(Rol.ZAT_LID):
        q |= Q(traject__in=gedeelde_trajecten(ctx).values("pk")) & ~Q(
            status=ZatcasusStatus.AFGESLOTEN
        )
    return qs.filter(q)


@dataclass(frozen=True)
class CasusRechten:
    bewerken: bool  # the zorgcoördinator: sharing, plan van aanpak, referrals, closing
    als_partner: bool  # the user reads this case as a ZAT partner (only the shared parts)
    ziet_aanmelding: bool
    ziet_izo_verslagen: bool
    ziet_opp: bool
    partner_ids: frozenset[int]  # organisations the user is a member of


def access_zatcasus(request: HttpRequest, casus_id: int) -> tuple[Zatcasus, CasusRechten]:
    """The case (with traject and pupil) and what this user sees of it; 404 when not
    visible, foreign ids included."""
    ctx = tenant_of(request)
    casus = (
        visible_zatcasussen(ctx)
        .select_related(
            "traject",
            "traject__leerling",
            "traject__aanmelding",
            "toestemming",
            "casusregisseur",
            "terugkoppeling_ouders_door",
            "terugkoppeling_school_door",
            "aangemeld_door",
            "izobesluit__verslag__overleg",
        )
        .filter(pk=casus_id)
        .first()
    )
    if casus is None:
        raise Http404
    casus_r = casus_rechten(ctx, casus)
    record_care_access(
        request,
        [casus.traject.leerling_id],
        namens=_partner_naam(ctx) if casus_r.als_partner else "",
    )
    return casus, casus_r


def _partner_naam(ctx: TenantContext) -> str:
    """On whose behalf a partner reads (for the access log)."""
    lid = Partnerlid.objects.filter(gebruiker_id=ctx.user.pk).select_related("partner").first()
    return lid.partner.naam if lid else ""


def mag_actie_bewerken(user_id: int, actie: ZatActie, rechten: CasusRechten) -> bool:
    """Progress on a plan-van-aanpak action: the zorgcoördinator, the person it is assigned
    to, or a member of its organisation."""
    return (
        rechten.bewerken
        or actie.uitvoerder_id == user_id
        or (actie.partner_id is not None and actie.partner_id in rechten.partner_ids)
    )


def casus_rechten(ctx: TenantContext, casus: Zatcasus) -> CasusRechten:
    bewerken = ctx.has_perm(p.MANAGE_ZORGOVERLEG)
    staff = (
        ctx.has_perm(p.VIEW_TRAJECT) and visible_trajecten(ctx).filter(pk=casus.traject_id).exists()
    )
    if staff:
        return CasusRechten(
            bewerken=bewerken,
            als_partner=False,
            ziet_aanmelding=True,
            ziet_izo_verslagen=True,
            ziet_opp=True,
            partner_ids=frozenset(),
        )
    grant = (
        TrajectGrant.objects.valid()
        .filter(user_id=ctx.user.pk, content_object_id=casus.traject_id)
        .order_by("-geldig_tot")
        .first()
    )
    return CasusRechten(
        bewerken=False,
        als_partner=True,
        ziet_aanmelding=bool(grant and grant.deelt_aanmelding),
        ziet_izo_verslagen=bool(grant and grant.deelt_izo_verslagen),
        ziet_opp=bool(grant and grant.deelt_opp),
        partner_ids=frozenset(
            Partnerlid.objects.filter(gebruiker_id=ctx.user.pk).values_list("partner_id", flat=True)
        ),
    )


# --- IZO and ZAT meetings --------------------------------------------------------------------

#: What a user needs to open the meetings of each kind at all.
OVERLEG_PERMISSIE: dict[str, str] = {OverlegSoort.IZO: p.VIEW_TRAJECT, OverlegSoort.ZAT: p.VIEW_ZAT}


def visible_overleggen(ctx: TenantContext, soort: str) -> QuerySet[Zorgoverleg]:
    """The zorgcoördinator sees every meeting; anyone else the meetings they are invited
    to (and on their agenda only the cases they may see)."""
    qs = Zorgoverleg.objects.filter(soort=soort)
    if not ctx.has_perm(OVERLEG_PERMISSIE[soort]):
        return qs.none()
    if ctx.has_perm(p.MANAGE_ZORGOVERLEG):
        return qs
    uitgenodigd = Overlegdeelnemer.objects.filter(gebruiker_id=ctx.user.pk)
    return qs.filter(pk__in=uitgenodigd.values("overleg_id"))


@dataclass(frozen=True)
class OverlegRechten:
    leiden: bool  # agenda, reports, decisions, closing: the zorgcoördinator
    bewerken: bool  # leiden, and the meeting is not closed yet


def access_overleg(
    request: HttpRequest, overleg_id: int, soort: str
) -> tuple[Zorgoverleg, OverlegRechten]:
    ctx = tenant_of(request)
    overleg = (
        visible_overleggen(ctx, soort)
        .select_related("voorzitter", "aangemaakt_door")
        .filter(pk=overleg_id)
        .first()
    )
    if overleg is None:
        raise Http404
    leiden = ctx.has_perm(p.MANAGE_ZORGOVERLEG)
    return overleg, OverlegRechten(
        leiden=leiden, bewerken=leiden and overleg.status != OverlegStatus.AFGESLOTEN
    )


def visible_izo_verslagen(ctx: TenantContext) -> QuerySet[IzoVerslag]:
    """IZO reports: the zorgcoördinator all; whoever sees the traject (mentor, teamleider)
    those of closed meetings and of meetings they attend; a ZAT-lid those of closed meetings
    when the school shares the IZO reports of the traject with them."""
    qs = IzoVerslag.objects.all()
    if ctx.has_perm(p.MANAGE_ZORGOVERLEG):
        return qs.filter(traject__in=visible_trajecten(ctx).values("pk"))
    gesloten = Q(overleg__status=OverlegStatus.AFGESLOTEN)
    q = Q(pk__in=[])
    if ctx.has_perm(p.VIEW_TRAJECT):
        uitgenodigd = Overlegdeelnemer.objects.filter(gebruiker_id=ctx.user.pk)
        q |= Q(traject__in=visible_trajecten(ctx).values("pk")) & (
            gesloten | Q(overleg__in=uitgenodigd.values("overleg_id"))
        )
    if ctx.has_role(Rol.ZAT_LID) and ctx.has_perm(p.VIEW_ZAT):
        gedeeld = gedeelde_trajecten(ctx).filter(
            pk__in=TrajectGrant.objects.valid()
            .filter(user_id=ctx.user.pk, deelt_izo_verslagen=True)
            .values("content_object_id")
        )
        q |= Q(traject__in=gedeeld.values("pk")) & gesloten
    return qs.filter(q)


def access_izo_verslag(request: HttpRequest, verslag_id: int) -> IzoVerslag:
    verslag = (
        visible_izo_verslagen(tenant_of(request))
        .select_related("overleg", "traject", "traject__leerling", "gewijzigd_door")
        .filter(pk=verslag_id)
        .first()
    )
    if verslag is None:
        raise Http404
    record_care_access(request, [verslag.traject.leerling_id])
    return verslag


def access_izobesluit(request: HttpRequest, izobesluit_id: int, *, soort: str = "") -> Izobesluit:
    """A decision of an IZO report the user may see (of `soort`, if given); 404 otherwise."""
    besluiten = Izobesluit.objects.filter(
        pk=izobesluit_id,
        verslag__in=visible_izo_verslagen(tenant_of(request)).values("pk"),
    )
    if soort:
        besluiten = besluiten.filter(soort=soort)
    besluit = besluiten.select_related("verslag__overleg", "verslag__traject__leerling").first()
    if besluit is None:
        raise Http404
    record_care_access(request, [besluit.verslag.traject.leerling_id])
    return besluit


def access_advies(request: HttpRequest, advies_id: int) -> Handelingsadvies:
    """A handelingsadvies of a traject the user may see; 404 otherwise."""
    advies = (
        Handelingsadvies.objects.filter(
            pk=advies_id,
            traject__in=visible_trajecten(tenant_of(request)).values("pk"),
        )
        .select_related(
            "traject__leerling",
            "izo_verslag__overleg",
            "zat_verslag__overleg",
            "zat_verslag__casus",
            "auteur",
        )
        .first()
    )
    if advies is None:
        raise Http404
    record_care_access(request, [advies.traject.leerling_id])
    return advies


def access_doorverwijzing(request: HttpRequest, doorverwijzing_id: int) -> Doorverwijzing:
    """A referral of a ZAT case the user may see; 404 otherwise."""
    d = (
        Doorverwijzing.objects.filter(
            pk=doorverwijzing_id,
            casus__in=visible_zatcasussen(tenant_of(request)).values("pk"),
        )
        .select_related("casus", "partner", "casus__traject__leerling")
        .first()
    )
    if d is None:
        raise Http404
    record_care_access(request, [d.casus.traject.leerling_id])
    return d
