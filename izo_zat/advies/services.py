"""Handelingsadviezen: given in an IZO or ZAT report, taken over by the mentor into the
groepsplan or the IHP, or declined with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsoverzicht.models import Cyclus
from groepsplan.ihp_opp.models import Handelingsplan
from groepsplan.ihp_opp.services import ihp_create, ihp_update
from groepsplan.models import Groepsplan, Plangroep, PlanStatus
from groepsplan.services import plangroep_veld_update
from zorgroute.models import Gebruiker
from zorgroute.services import save_validated

from ..overleg.models import IzoVerslag
from ..overleg.services import _check_open
from ..zat.models import ZatVerslag
from .models import AdviesBestemming, AdviesStatus, Handelingsadvies


@transaction.atomic
def handelingsadvies_create(
    *,
    tekst: str,
    bestemming: str,
    user: Gebruiker,
    izo_verslag: IzoVerslag | None = None,
    zat_verslag: ZatVerslag | None = None,
) -> Handelingsadvies:
    """A proposal for the class's groepsplan or the pupil's IHP; the mentor takes it over
    there (izo_zat.advies.services)."""
    verslag: IzoVerslag | ZatVerslag | None = izo_verslag or zat_verslag
    if verslag is None:
        raise ValueError("an advice comes from an IZO or a ZAT report")
    _check_open(verslag.overleg)
    if not tekst.strip():
        raise ValidationError({"tekst": _("Schrijf het advies concreet op: wat doet de docent?")})
    if bestemming not in AdviesBestemming.values:
        raise ValidationError({"bestemming": _("Kies waar het advies terechtkomt.")})
    traject_id = izo_verslag.traject_id if izo_verslag else zat_verslag.casus.traject_id  # type: ignore[union-attr]
    return save_validated(
        Handelingsadvies(
            school_id=verslag.school_id,
            traject_id=traject_id,
            izo_verslag=izo_verslag,
            zat_verslag=zat_verslag,
            tekst=tekst.strip(),
            bestemming=bestemming,
            auteur=user,
        )
    )


@transaction.atomic
def handelingsadvies_delete(*, advies: Handelingsadvies) -> None:
    verslag = advies.izo_verslag or advies.zat_verslag
    assert verslag is not None
    _check_open(verslag.overleg)
    fresh = Handelingsadvies.objects.select_for_update().get(pk=advies.pk)
    if fresh.status != AdviesStatus.VOORGESTELD:
        raise ValidationError(_("De mentor heeft dit advies al beoordeeld; het blijft staan."))
    fresh.delete()


#: Where in a plangroep an advice may be written (the groepsplan's own text fields).
PLANGROEP_DOELVELDEN = ("aanpak", "inhoud", "organisatie")


def adviezen_voor_plan(plan: Groepsplan) -> QuerySet[Handelingsadvies]:
    """Open proposals for pupils of this plan's overview. Only a cyclus A plan that is
    still being written or carried out receives them (the class's vakoverstijgende plan)."""
    if plan.groepsoverzicht.cyclus != Cyclus.A or plan.status not in (
        PlanStatus.CONCEPT,
        PlanStatus.ACTIEF,
    ):
        return Handelingsadvies.objects.none()
    return (
        Handelingsadvies.objects.filter(
            status=AdviesStatus.VOORGESTELD,
            traject__leerling__in=plan.groepsoverzicht.regels.values("leerling_id"),
        )
        .select_related(
            "traject__leerling", "izo_verslag__overleg", "zat_verslag__overleg", "auteur"
        )
        .order_by("created_at", "pk")
    )


def plan_voor_advies(plannen: QuerySet[Groepsplan], advies: Handelingsadvies) -> Groepsplan | None:
    """The plan an advice lands in: of the visible `plannen`, the newest cyclus A plan being
    written or carried out whose overview holds the pupil and is of the pupil's class today."""
    from zorgroute.models import Plaatsing

    klassen = Plaatsing.objects.active().filter(leerling_id=advies.traject.leerling_id)
    return (
        plannen.filter(
            groepsoverzicht__cyclus=Cyclus.A,
            status__in=(PlanStatus.CONCEPT, PlanStatus.ACTIEF),
            groepsoverzicht__groep__in=klassen.values("groep_id"),
            groepsoverzicht__regels__leerling_id=advies.traject.leerling_id,
        )
        .select_related("groepsoverzicht", "groepsoverzicht__groep", "groepsoverzicht__periode")
        .order_by("-startdatum", "-pk")
        .first()
    )


def standaard_plangroep(plan: Groepsplan, leerling_id: int) -> Plangroep | None:
    """The group of the plan the pupil is in (an individual or subgroup first), else the
    first basisgroep."""
    groepen = list(plan.plangroepen.order_by("deel", "volgorde", "pk").prefetch_related("leden"))
    for soort in ("individueel", "sub"):
        for pg in groepen:
            if pg.soort == soort and any(lid.leerling_id == leerling_id for lid in pg.leden.all()):
                return pg
    return next((pg for pg in groepen if pg.soort == "basis"), groepen[0] if groepen else None)


def _herkomst(advies: Handelingsadvies) -> str:
    verslag = advies.izo_verslag or advies.zat_verslag
    assert verslag is not None
    wat = "IZO" if advies.izo_verslag_id else "ZAT"
    return f"(handelingsadvies {wat} {verslag.overleg.datum:%d-%m-%Y})"


def _aanvullen(huidig: str, tekst: str) -> str:
    return f"{huidig.rstrip()}\n\n{tekst}" if huidig.strip() else tekst


@dataclass(frozen=True)
class Overgenomen:
    advies: Handelingsadvies
    plangroep: Plangroep | None
    handelingsplan: Handelingsplan | None


@transaction.atomic
def advies_overnemen(
    *,
    advies: Handelingsadvies,
    plan: Groepsplan,
    tekst: str,
    user: Gebruiker,
    plangroep: Plangroep | None = None,
    veld: str = "aanpak",
) -> Overgenomen:
    """Take the advice over into `plan`: appended to a group's aanpak (or inhoud,
    organisatie), or to the pupil's IHP at this plan (created when there is none)."""
    fresh = Handelingsadvies.objects.select_for_update().get(pk=advies.pk)
    if fresh.status != AdviesStatus.VOORGESTELD:
        raise ValidationError(_("Dit advies is al beoordeeld."))
    if not adviezen_voor_plan(plan).filter(pk=fresh.pk).exists():
        raise ValidationError(_("Dit advies hoort niet bij een leerling van dit groepsplan."))
    tekst = tekst.replace("\r\n", "\n").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Schrijf op wat u overneemt.")})
    regel = f"{tekst} {_herkomst(fresh)}"
    leerling = fresh.traject.leerling
    ihp = None
    if fresh.bestemming == AdviesBestemming.IHP:
        ihp = Handelingsplan.objects.filter(groepsplan=plan, leerling=leerling).first()
        if ihp is None:
            ihp = ihp_create(groepsplan=plan, leerling=leerling, user=user, aanpak=regel)
        else:
            ihp = ihp_update(
                ihp=ihp, version=ihp.versie, user=user, aanpak=_aanvullen(ihp.aanpak, regel)
            )
    else:
        if veld not in PLANGROEP_DOELVELDEN:
            raise ValidationError({"veld": _("Kies waar in het plan het advies komt.")})
        plangroep = plangroep or standaard_plangroep(plan, leerling.pk)
        if plangroep is None or plangroep.groepsplan_id != plan.pk:
            raise ValidationError(
                {"plangroep": _("Dit plan heeft nog geen groepen; cluster eerst de leerlingen.")}
            )
        plangroep = Plangroep.objects.select_for_update().get(pk=plangroep.pk)
        huidig = getattr(plangroep, veld)
        plangroep = plangroep_veld_update(
            plangroep=plangroep,
            veld=veld,
            waarde=_aanvullen(huidig, regel),
            gezien=huidig,
            user=user,
        )
    fresh.status = AdviesStatus.OVERGENOMEN
    fresh.groepsplan = plan
    fresh.handelingsplan = ihp
    fresh.overgenomen_tekst = tekst
    fresh.beoordeeld_door = user
    fresh.beoordeeld_op = timezone.now()
    fresh.save()
    return Overgenomen(fresh, plangroep if ihp is None else None, ihp)


@transaction.atomic
def advies_niet_overnemen(
    *, advies: Handelingsadvies, plan: Groepsplan, toelichting: str, user: Gebruiker
) -> Handelingsadvies:
    """The mentor explains why the advice does not fit (the zorgcoördinator sees it on the
    traject and can take it up again in the next IZO)."""
    fresh = Handelingsadvies.objects.select_for_update().get(pk=advies.pk)
    if fresh.status != AdviesStatus.VOORGESTELD:
        raise ValidationError(_("Dit advies is al beoordeeld."))
    if not adviezen_voor_plan(plan).filter(pk=fresh.pk).exists():
        raise ValidationError(_("Dit advies hoort niet bij een leerling van dit groepsplan."))
    if not toelichting.strip():
        raise ValidationError(
            {"toelichting": _("Schrijf op waarom het advies niet past; het zorgteam leest het.")}
        )
    fresh.status = AdviesStatus.NIET_OVERGENOMEN
    fresh.groepsplan = plan
    fresh.toelichting = toelichting.strip()
    fresh.beoordeeld_door = user
    fresh.beoordeeld_op = timezone.now()
    fresh.save()
    return fresh
