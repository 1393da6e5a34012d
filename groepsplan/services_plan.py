"""Writes of the plan screen (issue 4, "write the groepsplan" and "cluster"): autosaved text
fields of a plangroep (`update_field`, compare-and-swap on what the screen showed), goals
with a version (`update_document`),
the weekrooster, moving a pupil between plangroepen, and the evaluation progress of many
plans at once. Keyword-only, atomic; Dutch errors name the field."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker
from zorgroute.versioning import (
    FieldConflict,
    StaleVersion,
    lock,
    normalised,
    update_document,
    update_field,
)

from .models import (
    Doelevaluatie,
    Groepsplan,
    Plandoel,
    Plangroep,
    Plangroeplid,
    PlangroepSoort,
    PlanStatus,
    Roosteritem,
)
from .services import plangroep_leden_update

#: The text fields of a plangroep edited inline (bijlage 9–11 columns).
PLANGROEP_VELDEN = ("inhoud", "aanpak", "organisatie", "evaluatie")
BEWERKBAAR = (PlanStatus.CONCEPT, PlanStatus.ACTIEF)


def check_bewerkbaar(plan: Groepsplan) -> None:
    if plan.status not in BEWERKBAAR:
        raise ValidationError(_("Dit plan is afgerond en kan niet meer worden gewijzigd."))


def veld_label(veld: str) -> str:
    return str(getattr(Plangroep._meta.get_field(veld), "verbose_name", veld))


@transaction.atomic
def plangroep_veld_update(
    *,
    plangroep: Plangroep,
    veld: str,
    waarde: str,
    gezien: str,
    user: Gebruiker | None = None,
) -> Plangroep:
    """Save one autosaved text field. `gezien` is the value the user's screen showed before
    editing; `StaleVersion` when a colleague changed that field meanwhile."""
    if veld not in PLANGROEP_VELDEN:
        raise ValidationError({veld: _("Dit veld bestaat niet in het groepsplan.")})
    check_bewerkbaar(Groepsplan.objects.get(pk=plangroep.groepsplan_id))
    return update_field(
        plangroep,
        name=veld,
        value=waarde,
        seen=gezien,
        user=user,
        label=veld_label(veld),
        clean_exclude=["groepsplan"],
    )


def _tekst(tekst: str) -> str:
    tekst = normalised(tekst).strip()
    if not tekst:
        raise ValidationError({"tekst": _("Schrijf het doel op.")})
    return tekst


@transaction.atomic
def doel_create(*, plangroep: Plangroep, tekst: str) -> Plandoel:
    check_bewerkbaar(plangroep.groepsplan)
    doel = Plandoel(
        school_id=plangroep.school_id,
        plangroep=plangroep,
        tekst=_tekst(tekst),
        volgorde=plangroep.doelen.count(),
    )
    doel.full_clean(exclude=["plangroep", "school", "behoefte", "gewijzigd_door"])
    doel.save()
    return doel


@transaction.atomic
def doel_update(
    *, doel: Plandoel, tekst: str, version: int | None, user: Gebruiker | None
) -> Plandoel:
    """Change a goal's text; `StaleVersion` when it changed (or was removed) since `version`.
    The same text again is no change."""
    fresh = lock(doel)
    check_bewerkbaar(doel.plangroep.groepsplan)
    tekst = _tekst(tekst)
    if fresh.tekst == tekst:
        return fresh
    return update_document(
        fresh,
        version=version or 0,
        values={"tekst": tekst},
        user=user,
        clean_exclude=["plangroep", "behoefte"],
    )


@transaction.atomic
def doel_delete(*, doel: Plandoel, version: int | None) -> None:
    """Remove a goal that nobody changed since version `versie` (`StaleVersion` with its
    current text otherwise); already gone is fine."""
    fresh = Plandoel.objects.filter(pk=doel.pk).first()
    if fresh is None:
        return
    check_bewerkbaar(doel.plangroep.groepsplan)
    fresh = lock(fresh)
    if fresh.versie != version:
        raise StaleVersion(
            current=fresh,
            conflicts=[FieldConflict(name="tekst", label=_("doel"), theirs=fresh.tekst, mine="")],
        )
    if Doelevaluatie.objects.filter(doel=fresh).exists():
        raise ValidationError(_("Dit doel is al geëvalueerd en blijft daarom staan."))
    fresh.delete()


@transaction.atomic
def roosteritem_create(
    *,
    plangroep: Plangroep,
    dag: int,
    moment: str,
    docent: Gebruiker | None,
    omschrijving: str,
) -> Roosteritem:
    check_bewerkbaar(plangroep.groepsplan)
    item = Roosteritem(
        school_id=plangroep.school_id,
        plangroep=plangroep,
        dag=dag,
        moment=moment.strip(),
        docent=docent,
        omschrijving=omschrijving.strip(),
    )
    item.full_clean(exclude=["plangroep", "school", "docent"])
    item.save()
    return item


@transaction.atomic
def roosteritem_delete(*, item: Roosteritem) -> None:
    check_bewerkbaar(item.plangroep.groepsplan)
    item.delete()


@transaction.atomic
def leerling_verplaatsen(
    *, groepsplan: Groepsplan, leerling_id: int, deel: str, naar: Plangroep | None
) -> None:
    """Move a pupil, within one deel, out of its subgroep or single-pupil row into `naar`
    (None: back to only the basisgroep). A single-pupil row is only for that one pupil."""
    check_bewerkbaar(groepsplan)
    if naar is not None and (naar.groepsplan_id != groepsplan.pk or naar.deel != deel):
        raise ValidationError({"naar": _("Kies een groep uit dit deel van het plan.")})
    if (
        naar is not None
        and naar.soort == PlangroepSoort.INDIVIDUEEL
        and naar.leden.exclude(leerling_id=leerling_id).exists()
    ):
        raise ValidationError({"naar": _("Een individuele aanpak is voor precies één leerling.")})
    if not groepsplan.groepsoverzicht.regels.filter(leerling_id=leerling_id).exists():
        raise ValidationError({"leerling": _("Kies alleen leerlingen uit dit groepsoverzicht.")})
    huidig = (
        Plangroeplid.objects.filter(
            plangroep__groepsplan=groepsplan, plangroep__deel=deel, leerling_id=leerling_id
        )
        .exclude(plangroep__soort=PlangroepSoort.BASISGROEP)
        .select_related("plangroep")
    )
    for lid in huidig:
        if naar is not None and lid.plangroep_id == naar.pk:
            return
        lid.delete()
    if naar is not None and naar.soort != PlangroepSoort.BASISGROEP:
        ids = [*naar.leden.values_list("leerling_id", flat=True), leerling_id]
        plangroep_leden_update(plangroep=naar, leerling_ids=ids)


@transaction.atomic
def leerling_individueel(*, groepsplan: Groepsplan, leerling_id: int, deel: str) -> Plangroep:
    """The exception: a pupil gets a row of their own in this deel (out of any subgroep)."""
    from .services import plangroep_create

    regel = (
        groepsplan.groepsoverzicht.regels.filter(leerling_id=leerling_id)
        .select_related("leerling")
        .first()
    )
    if regel is None:
        raise ValidationError({"leerling": _("Kies alleen leerlingen uit dit groepsoverzicht.")})
    leerling_verplaatsen(groepsplan=groepsplan, leerling_id=leerling_id, deel=deel, naar=None)
    return plangroep_create(
        groepsplan=groepsplan,
        deel=deel,
        soort=PlangroepSoort.INDIVIDUEEL,
        naam=regel.leerling.volledige_naam[:60],
        leerling_ids=[leerling_id],
    )
