"""Reads of the groepsplan screens: the list of visible plans, the overviews a plan can start
from, the plan's rows per deel, its weekrooster and teachers, the clustering board, and what
the carrying-out page lists. Every read starts from a plan the caller already has through
groepsplan.access, so nothing here widens what a user sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from groepsoverzicht.access import rechten as overzicht_rechten
from groepsoverzicht.access import visible_overzichten, with_rights
from groepsoverzicht.models import (
    Cyclus,
    Groepsoverzicht,
    Onderwijsbehoefte,
    Overzichtregel,
    SignaalStatus,
    Signalering,
)
from zorgroute.models import Gebruiker, Leerling
from zorgroute.tenancy.context import TenantContext

from . import services
from .access import PLAN_MET_OVERZICHT, visible_plannen
from .models import (
    Bijstelling,
    Deel,
    Doelevaluatie,
    Groepsplan,
    Logboekregel,
    Plandoel,
    Plangroep,
    Plangroeplid,
    PlangroepSoort,
    Roosteritem,
)
from .services import Voortgang

# --- Parts of a plan ---------------------------------------------------------------------------


def delen(plan: Groepsplan) -> list[Deel]:
    """The parts of the plan: cyclus A deel 1 and 2 (bijlage 9), cyclus B the vak."""
    if plan.groepsoverzicht.cyclus == Cyclus.A:
        return [Deel.PEDAGOGISCH, Deel.BASISVAARDIGHEDEN]
    return [Deel.VAK]


def deel_label(plan: Groepsplan, deel: str) -> str:
    if deel == Deel.VAK and plan.groepsoverzicht.lesgroep is not None:
        return str(plan.groepsoverzicht.lesgroep.vak)
    return str(Deel(deel).label)


# --- List and start ----------------------------------------------------------------------------


def voortgang_per_plan(plannen: Iterable[Groepsplan]) -> dict[int, Voortgang]:
    """`services.evaluatievoortgang` for many plans in three queries (the list page)."""
    ids = [p.pk for p in plannen]
    if not ids:
        return {}
    doelen = list(
        Plandoel.objects.filter(plangroep__groepsplan_id__in=ids).values(
            "plangroep_id", "plangroep__groepsplan_id", "plangroep__soort"
        )
    )
    leden: dict[int, int] = {}
    for lid in Plangroeplid.objects.filter(plangroep__groepsplan_id__in=ids).values("plangroep_id"):
        leden[lid["plangroep_id"]] = leden.get(lid["plangroep_id"], 0) + 1
    totaal: dict[int, int] = dict.fromkeys(ids, 0)
    for d in doelen:
        extra = (
            leden.get(d["plangroep_id"], 0)
            if d["plangroep__soort"] != PlangroepSoort.BASISGROEP
            else 0
        )
        totaal[d["plangroep__groepsplan_id"]] += 1 + extra
    gedaan: dict[int, int] = dict.fromkeys(ids, 0)
    for e in Doelevaluatie.objects.filter(doel__plangroep__groepsplan_id__in=ids).values(
        "doel__plangroep__groepsplan_id"
    ):
        gedaan[e["doel__plangroep__groepsplan_id"]] += 1
    return {i: Voortgang(geevalueerd=gedaan[i], totaal=totaal[i]) for i in ids}


def plannen_met_voortgang(ctx: TenantContext) -> list[tuple[Groepsplan, Voortgang]]:
    """The plans this user may see with how far their evaluation is (constant queries)."""
    plannen = list(
        visible_plannen(ctx)
        .select_related(*PLAN_MET_OVERZICHT)
        .order_by("-startdatum", "groepsoverzicht__groep__naam", "pk")
    )
    voortgang = voortgang_per_plan(plannen)
    return [(plan, voortgang[plan.pk]) for plan in plannen]


def _overzichten_met_rechten(ctx: TenantContext) -> QuerySet[Groepsoverzicht]:
    return with_rights(visible_overzichten(ctx), ctx).select_related(
        "groep", "periode", "lesgroep", "lesgroep__vak"
    )


def startbaar_overzicht(ctx: TenantContext, overzicht_id: int) -> Groepsoverzicht | None:
    """A visible overview by id (None when not visible), whatever the user's rights on it."""
    return _overzichten_met_rechten(ctx).filter(pk=overzicht_id).first()


def startbare_overzichten(ctx: TenantContext) -> list[Groepsoverzicht]:
    """The overviews without a plan that this user may start one for."""
    return [
        o
        for o in _overzichten_met_rechten(ctx)
        .filter(groepsplan__isnull=True)
        .order_by("-periode__startdatum", "pk")
        if overzicht_rechten(ctx, o).bewerken
    ]


def plan_van_overzicht(overzicht: Groepsoverzicht) -> Groepsplan | None:
    return Groepsplan.objects.filter(groepsoverzicht=overzicht).first()


# --- The plan page -----------------------------------------------------------------------------


@dataclass
class DoelRij:
    doel: Plandoel
    tips: list[str]


def doelrij(plan: Groepsplan, doel: Plandoel) -> DoelRij:
    """A goal with the SMART tips for this plan's period."""
    check = services.smart_check(doel.tekst, start=plan.startdatum, eind=plan.einddatum)
    return DoelRij(doel=doel, tips=check.tips)


@dataclass
class PlanRij:
    plangroep: Plangroep
    leerlingen: list[Leerling]
    doelen: list[DoelRij]
    #: The autosaved text fields, filled in by the view (they carry its URLs).
    velden: list[Any] = field(default_factory=list)


@dataclass
class DeelBlok:
    deel: str
    label: str
    rijen: list[PlanRij] = field(default_factory=list)


def plan_delen(plan: Groepsplan) -> tuple[list[DeelBlok], list[Plangroep]]:
    """The plan's rows per deel, each with its pupils and goals (and SMART tips), in three
    queries; and the plangroepen themselves."""
    plangroepen = list(
        plan.plangroepen.prefetch_related(
            Prefetch(
                "leden",
                queryset=Plangroeplid.objects.select_related("leerling").order_by(
                    "leerling__achternaam", "leerling__voornaam"
                ),
            ),
            "doelen",
        )
    )
    blokken: dict[str, DeelBlok] = {
        d: DeelBlok(deel=d, label=deel_label(plan, d)) for d in delen(plan)
    }
    for pg in plangroepen:
        blok = blokken.get(pg.deel)
        if blok is not None:
            blok.rijen.append(
                PlanRij(
                    plangroep=pg,
                    leerlingen=[lid.leerling for lid in pg.leden.all()],
                    doelen=[doelrij(plan, d) for d in pg.doelen.all()],
                )
            )
    return list(blokken.values()), plangroepen


def plangroepen_van(plan: Groepsplan) -> QuerySet[Plangroep]:
    return Plangroep.objects.filter(groepsplan=plan)


def doelen_van_plangroep(plangroep: Plangroep) -> QuerySet[Plandoel]:
    return plangroep.doelen.all()


def doelen_van(plan: Groepsplan) -> QuerySet[Plandoel]:
    return Plandoel.objects.filter(plangroep__groepsplan=plan).select_related("plangroep")


def roosteritems_van(plan: Groepsplan) -> QuerySet[Roosteritem]:
    return Roosteritem.objects.filter(plangroep__groepsplan=plan).select_related(
        "plangroep", "plangroep__groepsplan", "docent"
    )


def rooster(plan: Groepsplan) -> list[Roosteritem]:
    return list(roosteritems_van(plan).order_by("dag", "moment", "pk"))


def plan_docenten(plan: Groepsplan) -> list[tuple[int, str]]:
    """The teachers of the class (cyclus A: mentors and teachers of its lesgroepen) or of the
    lesgroep (cyclus B), for the weekrooster."""
    overzicht = plan.groepsoverzicht
    if overzicht.cyclus == Cyclus.A:
        q = Q(lesgroepen__groep_id=overzicht.groep_id) | Q(mentoraten__groep_id=overzicht.groep_id)
    else:
        q = Q(lesgroepen__id=overzicht.lesgroep_id or 0)
    return [
        (g.pk, f"{g.voornaam} {g.achternaam}")
        for g in Gebruiker.objects.filter(q).distinct().order_by("achternaam", "voornaam")
    ]


def docent(gebruiker_id: int | None) -> Gebruiker | None:
    return Gebruiker.objects.filter(pk=gebruiker_id).first() if gebruiker_id else None


# --- Clustering --------------------------------------------------------------------------------


@dataclass
class Zone:
    """A drop zone: a subgroep or single-pupil row (or, with plangroep None, only the
    basisgroep), with its pupils."""

    plangroep: Plangroep | None
    leerlingen: list[Leerling] = field(default_factory=list)

    @property
    def naar(self) -> str:
        return str(self.plangroep.pk) if self.plangroep else ""


@dataclass
class Bord:
    deel: str
    label: str
    basis: Zone
    zones: list[Zone]
    suggesties: list[tuple[services.Suggestie, list[str]]]


@dataclass
class Signaal:
    regel: Overzichtregel
    behoeften: list[Onderwijsbehoefte]


@dataclass
class Clustering:
    borden: list[Bord]
    signalen: list[Signaal]
    waarschuwingen: list[str]


def _gesignaleerde_regels(overzicht: Groepsoverzicht) -> list[Overzichtregel]:
    return list(
        overzicht.regels.select_related("leerling")
        .prefetch_related(
            Prefetch(
                "signaleringen",
                queryset=Signalering.objects.filter(status=SignaalStatus.BEVESTIGD),
                to_attr="bevestigd",
            ),
            Prefetch(
                "onderwijsbehoeften",
                queryset=Onderwijsbehoefte.objects.select_related("domein").order_by("created_at"),
            ),
        )
        .order_by("leerling__achternaam", "leerling__voornaam")
    )


def _zones(plangroepen: list[Plangroep], deel: str) -> list[Zone]:
    return [
        Zone(
            pg,
            sorted(
                (lid.leerling for lid in pg.leden.all()),
                key=lambda ll: (ll.achternaam, ll.voornaam),
            ),
        )
        for pg in plangroepen
        if pg.deel == deel
    ]


def clustering(plan: Groepsplan) -> Clustering:
    """The clustering board per deel: the signalled pupils not yet placed, the subgroups and
    single-pupil rows as zones, the suggestions; and the warnings."""
    overzicht = plan.groepsoverzicht
    regels = _gesignaleerde_regels(overzicht)
    plangroepen = list(
        plan.plangroepen.exclude(soort=PlangroepSoort.BASISGROEP).prefetch_related(
            Prefetch("leden", queryset=Plangroeplid.objects.select_related("leerling"))
        )
    )
    leerlingen = {r.leerling_id: r.leerling for r in regels}
    gesignaleerd = [r for r in regels if getattr(r, "bevestigd", None)]
    suggesties = services.clustersuggesties(overzicht)
    borden = []
    for deel in delen(plan):
        zones = _zones(plangroepen, deel)
        geplaatst = {ll.pk for zone in zones for ll in zone.leerlingen}
        basis = Zone(
            None,
            [leerlingen[r.leerling_id] for r in gesignaleerd if r.leerling_id not in geplaatst],
        )
        borden.append(
            Bord(
                deel=deel,
                label=deel_label(plan, deel),
                basis=basis,
                zones=zones,
                suggesties=[
                    (s, [leerlingen[i].volledige_naam for i in s.leerling_ids if i in leerlingen])
                    for s in suggesties
                    if s.deel == deel
                ],
            )
        )
    return Clustering(
        borden=borden,
        signalen=[Signaal(r, list(r.onderwijsbehoeften.all())) for r in gesignaleerd],
        waarschuwingen=services.waarschuwingen(plan),
    )


def overzicht_leerling_ids(plan: Groepsplan) -> list[int]:
    return list(plan.groepsoverzicht.regels.values_list("leerling_id", flat=True))


def subgroepen_in_deel(plan: Groepsplan, deel: str) -> int:
    return plan.plangroepen.filter(deel=deel, soort=PlangroepSoort.SUBGROEP).count()


def plangroep_in_plan(plan: Groepsplan, plangroep_id: str) -> Plangroep | None:
    """A plangroep of this plan by its id as posted; None for a foreign or malformed id."""
    try:
        return plan.plangroepen.filter(pk=int(plangroep_id)).first()
    except ValueError:
        return None


# --- Carrying out ------------------------------------------------------------------------------


def bijstellingen(plan: Groepsplan) -> list[Bijstelling]:
    return list(Bijstelling.objects.filter(groepsplan=plan).select_related("auteur", "plangroep"))


def logboek(plan: Groepsplan) -> list[Logboekregel]:
    return list(Logboekregel.objects.filter(groepsplan=plan).select_related("auteur"))
