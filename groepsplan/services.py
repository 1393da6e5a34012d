"""Writes for groepsplannen: create from an overview, cluster, plan rules (tussenevaluatie,
activation), adjustments, logbook and evaluation, and the plan screen (issue 4, "write the
groepsplan" and "cluster"): autosaved text fields of a plangroep (`update_field`,
compare-and-swap on what the screen showed), goals with a version (`update_document`), the
weekrooster and moving a pupil between plangroepen. Keyword-only, atomic, validated; Dutch
errors name the field."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsoverzicht.models import Cyclus, Groepsoverzicht, Onderwijsbehoefte, SignaalStatus
from zorgroute.models import Gebruiker
from zorgroute.outbox import enqueue
from zorgroute.versioning import (
    FieldConflict,
    StaleVersion,
    lock,
    normalised,
    update_document,
    update_field,
)

from .models import (
    Bijstelling,
    Deel,
    Doelevaluatie,
    Groepsplan,
    Logboekregel,
    Plandoel,
    PlanFormat,
    Plangroep,
    Plangroeplid,
    PlangroepSoort,
    PlanStatus,
    Roosteritem,
)

#: A plan longer than this gets a tussenevaluatie (seed 000, step 6).
TIEN_WEKEN = dt.timedelta(weeks=10)
#: A teacher can handle at most 2–3 subgroups (DOMAIN.md, step 4): warn above this.
MAX_SUBGROEPEN = 3


def tussenevaluatie_datum(start: dt.date, eind: dt.date) -> dt.date | None:
    """Halfway, for a plan longer than 10 weeks; none otherwise."""
    if eind - start <= TIEN_WEKEN:
        return None
    return start + (eind - start) / 2


def _delen(overzicht: Groepsoverzicht) -> list[str]:
    return (
        [Deel.PEDAGOGISCH, Deel.BASISVAARDIGHEDEN] if overzicht.cyclus == Cyclus.A else [Deel.VAK]
    )


@transaction.atomic
def groepsplan_create(
    *,
    groepsoverzicht: Groepsoverzicht,
    user: Gebruiker,
    format: str | None = None,
    startdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
) -> Groepsplan:
    """A concept plan for the overview's periode, with a basisgroep per deel (cyclus A:
    pedagogisch and basisvaardigheden) whose goal starts from the whole-group attention
    points. Divergent plans (bijlage 11) have no basisaanbod."""
    periode = groepsoverzicht.periode
    if format is None:
        format = (
            PlanFormat.VAKOVERSTIJGEND
            if groepsoverzicht.cyclus == Cyclus.A
            else PlanFormat.CONVERGENT
        )
    if (format == PlanFormat.VAKOVERSTIJGEND) != (groepsoverzicht.cyclus == Cyclus.A):
        raise ValidationError(
            {
                "format": _(
                    "Een vakoverstijgend plan hoort bij cyclus A, een vakspecifiek bij cyclus B."
                )
            }
        )
    if Groepsplan.objects.filter(groepsoverzicht=groepsoverzicht).exists():
        raise ValidationError(_("Dit groepsoverzicht heeft al een groepsplan."))
    start = startdatum or periode.startdatum
    eind = einddatum or periode.einddatum
    if eind < start:
        raise ValidationError({"einddatum": _("De einddatum ligt vóór de startdatum.")})
    plan = Groepsplan(
        school_id=groepsoverzicht.school_id,
        groepsoverzicht=groepsoverzicht,
        format=format,
        startdatum=start,
        einddatum=eind,
        tussenevaluatie=tussenevaluatie_datum(start, eind),
        aangemaakt_door=user,
    )
    plan.full_clean(exclude=["groepsoverzicht", "aangemaakt_door", "school"])
    plan.save()
    if format != PlanFormat.DIVERGENT:
        for volgorde, deel in enumerate(_delen(groepsoverzicht)):
            basis = Plangroep.objects.create(
                school_id=plan.school_id,
                groepsplan=plan,
                deel=deel,
                soort=PlangroepSoort.BASISGROEP,
                naam=_("Basisgroep") if format == PlanFormat.VAKOVERSTIJGEND else _("Basisaanbod"),
                volgorde=volgorde,
            )
            if groepsoverzicht.aandachtspunten_groep.strip() and volgorde == 0:
                Plandoel.objects.create(
                    school_id=plan.school_id,
                    plangroep=basis,
                    tekst=groepsoverzicht.aandachtspunten_groep,
                )
    return plan


# --- Clustering ---------------------------------------------------------------------------


@dataclass
class Suggestie:
    """Pupils whose needs look alike: same domain, or the same sentence starter."""

    label: str
    deel: str
    leerling_ids: list[int] = field(default_factory=list)
    behoeften: list[Onderwijsbehoefte] = field(default_factory=list)


_STARTER = re.compile(
    r"(een instructie|opdrachten|\(leer\)activiteiten|feedback|[a-z]+) nodig die", re.I
)


def _starter(tekst: str) -> str:
    match = _STARTER.search(tekst)
    return match.group(1).lower() if match else ""


def clustersuggesties(overzicht: Groepsoverzicht) -> list[Suggestie]:
    """Suggested subgroups from the signalled pupils' needs, in two queries. A suggestion
    needs at least two pupils; the mentor decides."""
    behoeften = list(
        Onderwijsbehoefte.objects.filter(
            regel__groepsoverzicht=overzicht,
            regel__signaleringen__status=SignaalStatus.BEVESTIGD,
        )
        .select_related("domein", "regel__leerling")
        .distinct()
        .order_by("regel__leerling__achternaam", "pk")
    )
    groepen: dict[tuple[str, str], Suggestie] = {}
    for b in behoeften:
        if overzicht.cyclus == Cyclus.B:
            deel = Deel.VAK
        else:
            deel = Deel.PEDAGOGISCH if b.soort == "pedagogisch" else Deel.BASISVAARDIGHEDEN
        if b.domein is not None:
            key, label = (
                f"d{b.domein_id}",
                _("%(code)s: %(naam)s") % {"code": b.domein.code, "naam": b.domein.naam},
            )
        elif _starter(b.behoefte):
            key, label = (
                f"s{_starter(b.behoefte)}",
                _("Heeft %(s)s nodig") % {"s": _starter(b.behoefte)},
            )
        else:
            continue
        s = groepen.setdefault((deel, key), Suggestie(label=label, deel=deel))
        if b.regel.leerling_id not in s.leerling_ids:
            s.leerling_ids.append(b.regel.leerling_id)
        s.behoeften.append(b)
    return [s for s in groepen.values() if len(s.leerling_ids) >= 2]


def _check_leden(
    plan: Groepsplan, deel: str, soort: str, leerling_ids: list[int], *, behalve: int | None
) -> None:
    in_overzicht = set(
        plan.groepsoverzicht.regels.filter(leerling_id__in=leerling_ids).values_list(
            "leerling_id", flat=True
        )
    )
    if set(leerling_ids) - in_overzicht:
        raise ValidationError({"leerlingen": _("Kies alleen leerlingen uit dit groepsoverzicht.")})
    if soort == PlangroepSoort.INDIVIDUEEL and len(leerling_ids) != 1:
        raise ValidationError(
            {"leerlingen": _("Een individuele aanpak is voor precies één leerling.")}
        )
    if soort != PlangroepSoort.BASISGROEP:
        elders = (
            Plangroeplid.objects.filter(
                plangroep__groepsplan=plan, plangroep__deel=deel, leerling_id__in=leerling_ids
            )
            .exclude(plangroep__soort=PlangroepSoort.BASISGROEP)
            .exclude(plangroep_id=behalve or 0)
            .select_related("plangroep")
            .first()
        )
        if elders is not None:
            raise ValidationError(
                {
                    "leerlingen": _("Een leerling staat in dit deel al in %(groep)s.")
                    % {"groep": elders.plangroep.naam}
                }
            )


@transaction.atomic
def plangroep_create(
    *, groepsplan: Groepsplan, deel: str, soort: str, naam: str, leerling_ids: Iterable[int]
) -> Plangroep:
    """A subgroep (or single pupil) with its pupils; its goals start from their needs."""
    ids = list(dict.fromkeys(leerling_ids))
    if deel not in {d for d in _delen(groepsplan.groepsoverzicht)}:
        raise ValidationError({"deel": _("Dit deel hoort niet bij dit plan.")})
    _check_leden(groepsplan, deel, soort, ids, behalve=None)
    plangroep = Plangroep(
        school_id=groepsplan.school_id,
        groepsplan=groepsplan,
        deel=deel,
        soort=soort,
        naam=naam.strip(),
        volgorde=groepsplan.plangroepen.filter(deel=deel).count() + 1,
    )
    plangroep.full_clean(exclude=["groepsplan", "school"])
    plangroep.save()
    Plangroeplid.objects.bulk_create(
        Plangroeplid(school_id=groepsplan.school_id, plangroep=plangroep, leerling_id=i)
        for i in ids
    )
    doelen = Onderwijsbehoefte.objects.filter(
        regel__groepsoverzicht=groepsplan.groepsoverzicht, regel__leerling_id__in=ids
    ).exclude(doel="")
    Plandoel.objects.bulk_create(
        Plandoel(
            school_id=groepsplan.school_id,
            plangroep=plangroep,
            tekst=b.doel,
            behoefte=b,
            volgorde=n,
        )
        for n, b in enumerate(doelen)
    )
    return plangroep


@transaction.atomic
def plangroep_leden_update(*, plangroep: Plangroep, leerling_ids: Iterable[int]) -> Plangroep:
    """Replace the pupils of a plangroep (the result of dragging pupils in or out)."""
    ids = list(dict.fromkeys(leerling_ids))
    _check_leden(plangroep.groepsplan, plangroep.deel, plangroep.soort, ids, behalve=plangroep.pk)
    plangroep.leden.exclude(leerling_id__in=ids).delete()
    bestaand = set(plangroep.leden.values_list("leerling_id", flat=True))
    Plangroeplid.objects.bulk_create(
        Plangroeplid(school_id=plangroep.school_id, plangroep=plangroep, leerling_id=i)
        for i in ids
        if i not in bestaand
    )
    return plangroep


def waarschuwingen(groepsplan: Groepsplan) -> list[str]:
    """What the clustering screen warns about: too many subgroups, signalled pupils not yet
    placed in a subgroup or as a single pupil."""
    result = []
    subgroepen: dict[str, int] = {}
    geplaatst: set[int] = set()
    for pg in groepsplan.plangroepen.prefetch_related("leden"):
        if pg.soort == PlangroepSoort.SUBGROEP:
            subgroepen[pg.deel] = subgroepen.get(pg.deel, 0) + 1
        if pg.soort != PlangroepSoort.BASISGROEP:
            geplaatst |= {lid.leerling_id for lid in pg.leden.all()}
    for deel, aantal in subgroepen.items():
        if aantal > MAX_SUBGROEPEN:
            result.append(
                _(
                    "%(deel)s heeft %(n)d subgroepen; meer dan 3 is in de praktijk "
                    "niet uit te voeren."
                )
                % {"deel": Deel(deel).label, "n": aantal}
            )
    gesignaleerd = (
        groepsplan.groepsoverzicht.regels.filter(signaleringen__status=SignaalStatus.BEVESTIGD)
        .exclude(leerling_id__in=geplaatst)
        .select_related("leerling")
        .distinct()
        .order_by("leerling__achternaam")
    )
    namen = [r.leerling.volledige_naam for r in gesignaleerd]
    if namen:
        result.append(_("Nog niet geplaatst: %(namen)s.") % {"namen": ", ".join(namen)})
    return result


# --- SMART check ------------------------------------------------------------------------------

_MEETBAAR = re.compile(
    r"\d|\bminimaal\b|\bmaximaal\b|\bprocent\b|%|\bfoutloos\b|\bniveau\b|\bscore\b|\bzelfstandig\b",
    re.I,
)
_DATUM = re.compile(r"\b(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2,4}))?\b")
_MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"]  # fmt: skip


@dataclass(frozen=True)
class SmartCheck:
    meetbaar: bool
    datum_in_periode: bool | None  # None: no date found in the text

    @property
    def tips(self) -> list[str]:
        tips = []
        if not self.meetbaar:
            tips.append(
                _("Maak het doel meetbaar: wanneer is het bereikt (aantal, score, niveau)?")
            )
        if self.datum_in_periode is None:
            tips.append(
                _("Zet erbij wanneer het doel bereikt moet zijn (een datum in de planperiode).")
            )
        elif not self.datum_in_periode:
            tips.append(_("De datum in het doel valt buiten de periode van het plan."))
        return tips


def smart_check(tekst: str, *, start: dt.date, eind: dt.date) -> SmartCheck:
    """A light check, not a verdict: a measurable criterion, and a date inside the plan."""
    datums: list[dt.date] = []
    for d, m, y in _DATUM.findall(tekst):
        try:
            jaar = int(y) + (2000 if y and len(y) == 2 else 0) if y else start.year
            datum = dt.date(jaar, int(m), int(d))
            if not y and datum < start:
                datum = datum.replace(year=datum.year + 1)
            datums.append(datum)
        except ValueError:
            continue
    for index, naam in enumerate(_MAANDEN, start=1):
        if re.search(rf"\b{naam}\b", tekst, re.I):
            jaar = start.year if index >= start.month else start.year + 1
            datums.append(dt.date(jaar, index, 1))
    zonder_datums = _DATUM.sub("", tekst)
    meetbaar = bool(_MEETBAAR.search(zonder_datums))
    if not datums:
        return SmartCheck(meetbaar=meetbaar, datum_in_periode=None)
    in_periode = any(
        start <= d <= eind or (d.day == 1 and start.replace(day=1) <= d <= eind) for d in datums
    )
    return SmartCheck(meetbaar=meetbaar, datum_in_periode=in_periode)


# --- Activation and closing -----------------------------------------------------------------


def vorig_plan(groepsplan: Groepsplan) -> Groepsplan | None:
    """The plan of the previous cycle for the same class (A) or lesgroep (B)."""
    overzicht = groepsplan.groepsoverzicht
    qs = Groepsplan.objects.filter(
        groepsoverzicht__cyclus=overzicht.cyclus,
        groepsoverzicht__periode__startdatum__lt=overzicht.periode.startdatum,
    )
    if overzicht.cyclus == Cyclus.A:
        qs = qs.filter(groepsoverzicht__groep_id=overzicht.groep_id)
    else:
        qs = qs.filter(groepsoverzicht__lesgroep_id=overzicht.lesgroep_id or 0)
    return qs.order_by("-groepsoverzicht__periode__startdatum").first()


@transaction.atomic
def groepsplan_activeren(*, groepsplan: Groepsplan) -> Groepsplan:
    """A new plan becomes active only when the previous one is evaluated or closed."""
    plan = Groepsplan.objects.select_for_update().get(pk=groepsplan.pk)
    if plan.status != PlanStatus.CONCEPT:
        raise ValidationError(_("Alleen een plan in concept kan actief worden."))
    vorige = vorig_plan(plan)
    if vorige is not None and vorige.status in (PlanStatus.CONCEPT, PlanStatus.ACTIEF):
        raise ValidationError(
            _(
                "Het vorige groepsplan (%(plan)s) is nog niet geëvalueerd. Evalueer het eerst, "
                "of sluit het af met een reden."
            )
            % {"plan": vorige.groepsoverzicht.periode.naam}
        )
    plan.status = PlanStatus.ACTIEF
    plan.geactiveerd_op = timezone.now()
    plan.save()

    # The teachers carry the plan out: tell them once, after commit (through the outbox, so
    # the save works and the mail is not lost while Redis is down).
    enqueue("groepsplan.actief_melding", plan_id=plan.pk, school_id=plan.school_id)
    return plan


@transaction.atomic
def groepsplan_afsluiten(*, groepsplan: Groepsplan, reden: str) -> Groepsplan:
    """Close a plan without (full) evaluation; a reason is required."""
    if not reden.strip():
        raise ValidationError(
            {"afsluitreden": _("Schrijf op waarom het plan zonder evaluatie wordt afgesloten.")}
        )
    plan = Groepsplan.objects.select_for_update().get(pk=groepsplan.pk)
    if plan.status in (PlanStatus.GEEVALUEERD, PlanStatus.AFGESLOTEN):
        raise ValidationError(_("Dit plan is al afgerond."))
    plan.status = PlanStatus.AFGESLOTEN
    plan.afsluitreden = reden.strip()
    plan.save()
    return plan


# --- Carrying out -------------------------------------------------------------------------------


@transaction.atomic
def bijstelling_create(
    *,
    groepsplan: Groepsplan,
    auteur: Gebruiker,
    reden: str,
    wijziging: str,
    plangroep: Plangroep | None = None,
    datum: dt.date | None = None,
) -> Bijstelling:
    if not Groepsplan.objects.filter(pk=groepsplan.pk, status=PlanStatus.ACTIEF).exists():
        raise ValidationError(_("Alleen een actief plan wordt tussentijds bijgesteld."))
    bijstelling = Bijstelling(
        school_id=groepsplan.school_id,
        groepsplan=groepsplan,
        plangroep=plangroep,
        datum=datum or timezone.localdate(),
        auteur=auteur,
        reden=reden.strip(),
        wijziging=wijziging.strip(),
    )
    bijstelling.full_clean(exclude=["groepsplan", "plangroep", "auteur", "school"])
    bijstelling.save()
    return bijstelling


@transaction.atomic
def logboek_create(*, groepsplan: Groepsplan, auteur: Gebruiker, tekst: str) -> Logboekregel:
    regel = Logboekregel(
        school_id=groepsplan.school_id,
        groepsplan=groepsplan,
        datum=timezone.localdate(),
        auteur=auteur,
        tekst=tekst.strip(),
    )
    regel.full_clean(exclude=["groepsplan", "auteur", "school"])
    regel.save()
    return regel


# --- Evaluation -----------------------------------------------------------------------------------


@transaction.atomic
def doel_evalueren(
    *,
    doel: Plandoel,
    resultaat: str,
    vervolg: str,
    toelichting: str,
    user: Gebruiker,
    leerling_id: int | None = None,
) -> Doelevaluatie:
    """Evaluate a goal for the group, or for one pupil of a subgroep (upsert)."""
    plangroep = doel.plangroep
    if not Groepsplan.objects.filter(pk=plangroep.groepsplan_id, status=PlanStatus.ACTIEF).exists():
        raise ValidationError(_("Alleen een actief plan wordt geëvalueerd."))
    if leerling_id is not None and not plangroep.leden.filter(leerling_id=leerling_id).exists():
        raise ValidationError({"leerling": _("Deze leerling zit niet in deze groep van het plan.")})
    bestaand = Doelevaluatie.objects.filter(doel=doel)
    if leerling_id is None:
        bestaand = bestaand.filter(leerling__isnull=True)
    else:
        bestaand = bestaand.filter(leerling_id=leerling_id)
    evaluatie = bestaand.first() or Doelevaluatie(
        school_id=doel.school_id, doel=doel, leerling_id=leerling_id
    )
    evaluatie.resultaat = resultaat
    evaluatie.vervolg = vervolg
    evaluatie.toelichting = toelichting.strip()
    evaluatie.geevalueerd_door = user
    evaluatie.gewijzigd_door = user
    evaluatie.full_clean(
        exclude=["doel", "leerling", "geevalueerd_door", "gewijzigd_door", "school"]
    )
    evaluatie.save()
    return evaluatie


@dataclass(frozen=True)
class Voortgang:
    geevalueerd: int
    totaal: int

    @property
    def procent(self) -> int:
        return round(100 * self.geevalueerd / self.totaal) if self.totaal else 0


def evaluatievoortgang(groepsplan: Groepsplan) -> Voortgang:
    """How far evaluation is, in two queries: every goal needs a group evaluation, and goals of
    subgroepen and single pupils also one per pupil."""
    doelen = list(
        Plandoel.objects.filter(plangroep__groepsplan=groepsplan).select_related("plangroep")
    )
    leden: dict[int, int] = {}
    for lid in Plangroeplid.objects.filter(plangroep__groepsplan=groepsplan).values("plangroep_id"):
        leden[lid["plangroep_id"]] = leden.get(lid["plangroep_id"], 0) + 1
    totaal = sum(
        1 + (leden.get(d.plangroep_id, 0) if d.plangroep.soort != PlangroepSoort.BASISGROEP else 0)
        for d in doelen
    )
    gedaan = Doelevaluatie.objects.filter(doel__plangroep__groepsplan=groepsplan).count()
    return Voortgang(geevalueerd=gedaan, totaal=totaal)


@transaction.atomic
def groepsplan_evaluatie_afronden(*, groepsplan: Groepsplan, eindevaluatie: str) -> Groepsplan:
    if not Groepsplan.objects.filter(pk=groepsplan.pk, status=PlanStatus.ACTIEF).exists():
        raise ValidationError(_("Alleen een actief plan wordt geëvalueerd."))
    voortgang = evaluatievoortgang(groepsplan)
    if voortgang.geevalueerd < voortgang.totaal:
        raise ValidationError(
            _("Nog %(n)d evaluaties open; evalueer alle doelen (en per leerling in subgroepen).")
            % {"n": voortgang.totaal - voortgang.geevalueerd}
        )
    if not eindevaluatie.strip():
        raise ValidationError(
            {"eindevaluatie": _("Schrijf kort op wat het plan heeft opgeleverd.")}
        )
    plan = Groepsplan.objects.select_for_update().get(pk=groepsplan.pk)
    plan.status = PlanStatus.GEEVALUEERD
    plan.eindevaluatie = eindevaluatie.strip()
    plan.save()
    return plan


# --- The plan screen: plangroep fields, goals, rooster, moving pupils ---------------------

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
    """Remove a goal that nobody changed since `version` (`StaleVersion` with its
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
