"""Handelingsadviezen of the IZO and the ZAT land as proposals in the groepsplan of the
pupil's class (or the pupil's IHP there); the mentor takes one over, possibly reworded, or
explains why it does not fit the classroom. Taking over writes through the groepsplan's own
services, so the plan keeps one copy of its text with its history and version checks."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsoverzicht.models import Cyclus
from groepsplan.models import Groepsplan, Plangroep, PlanStatus
from groepsplan.models_ihp_opp import Handelingsplan
from groepsplan.services_ihp_opp import ihp_create, ihp_update
from groepsplan.services_plan import plangroep_veld_opslaan
from zorgroute.models import Gebruiker
from zorgroute.services import lock_current

from .models import AdviesBestemming, AdviesStatus, Handelingsadvies

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
    fresh = lock_current(advies, None)
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
            ihp = ihp_update(ihp=ihp, versie=ihp.versie, aanpak=_aanvullen(ihp.aanpak, regel))
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
        plangroep = plangroep_veld_opslaan(
            plangroep=plangroep, veld=veld, waarde=_aanvullen(huidig, regel), gezien=huidig
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
    fresh = lock_current(advies, None)
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
