"""The to-do list (takenlijst): what each person has to do in the care route, derived from
the data, never typed in. An item disappears when the work is done, because "done" is read
from the same data (the overview complete, the meeting closed, the plan evaluated).

Each source is one or two queries for the whole school, or for one person, whatever the
number of classes; the loops below run over classes and cycles, never over pupils.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from besprekingen.models import Actie, ActieStatus, Bespreking, Soort, Status
from groepsoverzicht.models import (
    Cyclus,
    Groepsoverzicht,
    Onderwijsbehoefte,
    Overzichtregel,
    SignaalStatus,
    Signalering,
)
from groepsplan.ihp_opp.models import Ontwikkelingsperspectief
from groepsplan.ihp_opp.selectors import OP_TIJD, opp_status
from groepsplan.models import Bijstelling, Groepsplan, Logboekregel, PlanStatus
from izo_zat.models import IzoVerslag, Traject, TrajectStatus
from zorgroute.models import Groep, Lidmaatschap, Mentoraat, Rol, School

from .models import Cyclusplanning

#: Items further ahead than this do not show yet (the list is for the coming weeks).
HORIZON = dt.timedelta(days=14)
#: A logbook note or adjustment this close before the tussenevaluatie date counts as it.
TUSSEN_MARGE = dt.timedelta(days=7)

TE_LAAT = "te_laat"
BINNENKORT = "binnenkort"
GEPLAND = "gepland"


@dataclass(frozen=True)
class Taak:
    soort: str  # a STAPPEN field, or "actie", "opp", "izo"
    #: What the item is about, stable across days: the key of its notifications.
    sleutel: str
    titel: str
    #: The same without pupil names (e-mails carry no care content).
    mailtitel: str
    url: str
    deadline: dt.date
    eigenaar_ids: frozenset[int]
    afdeling_id: int | None = None
    groep_id: int | None = None
    uitleg: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def status(self, vandaag: dt.date, herinnering_dagen: int = 3) -> str:
        if self.deadline < vandaag:
            return TE_LAAT
        if (self.deadline - vandaag).days <= herinnering_dagen:
            return BINNENKORT
        return GEPLAND

    def dagen_te_laat(self, vandaag: dt.date) -> int:
        return max(0, (vandaag - self.deadline).days)


def _in_beeld(deadline: dt.date | None, vandaag: dt.date) -> bool:
    return deadline is not None and deadline <= vandaag + HORIZON


# --- The steps of the cycle, per class (cyclus A, the mentor's) ----------------------------


def _planningen(vandaag: dt.date) -> list[Cyclusplanning]:
    """The cycles of the running schooljaar that have started or start within the horizon."""
    return list(
        Cyclusplanning.objects.filter(
            periode__schooljaar__startdatum__lte=vandaag,
            periode__schooljaar__einddatum__gte=vandaag,
            periode__startdatum__lte=vandaag + HORIZON,
        ).select_related("periode")
    )


def _tussen_gedaan(plan_ref: str, datum_ref: str) -> Q:
    """A logbook note or an adjustment from shortly before the tussenevaluatie date on."""
    vanaf = OuterRef(datum_ref) - TUSSEN_MARGE
    return Q(
        Exists(Logboekregel.objects.filter(groepsplan_id=OuterRef(plan_ref), datum__gte=vanaf))
    ) | Q(Exists(Bijstelling.objects.filter(groepsplan_id=OuterRef(plan_ref), datum__gte=vanaf)))


def _overzichten(
    groep_ids: Iterable[int] | QuerySet[Any, Any], periode_ids: Iterable[int]
) -> QuerySet[Groepsoverzicht]:
    """Cyclus A overviews with what the steps need to know, in one query."""
    regels = Overzichtregel.objects.filter(groepsoverzicht_id=OuterRef("pk"))
    bevestigd = Exists(
        Signalering.objects.filter(regel_id=OuterRef("pk"), status=SignaalStatus.BEVESTIGD)
    )
    compleet = Exists(
        Onderwijsbehoefte.objects.filter(regel_id=OuterRef("pk"))
        .exclude(doel__regex=r"^\s*$")
        .exclude(behoefte__regex=r"^\s*$")
    )
    tussen_gedaan = _tussen_gedaan("groepsplan__id", "groepsplan__tussenevaluatie")
    besprekingen = Bespreking.objects.filter(
        groepsoverzicht_id=OuterRef("pk"), soort=Soort.GROEPSBESPREKING
    )
    gepland = besprekingen.exclude(status=Status.AFGESLOTEN).order_by("datum")
    return (
        Groepsoverzicht.objects.filter(
            cyclus=Cyclus.A,
            groep_id__in=groep_ids if isinstance(groep_ids, QuerySet) else list(groep_ids),
            periode_id__in=list(periode_ids),
        )
        .annotate(
            open_voorstellen=Exists(
                Signalering.objects.filter(
                    regel__groepsoverzicht_id=OuterRef("pk"), status=SignaalStatus.VOORGESTELD
                )
            ),
            onvolledig=Exists(regels.filter(bevestigd).exclude(compleet)),
            plan_pk=F("groepsplan__id"),
            plan_status=F("groepsplan__status"),
            plan_eind=F("groepsplan__einddatum"),
            plan_tussen=F("groepsplan__tussenevaluatie"),
            tussen_gedaan=tussen_gedaan,
            besproken=Exists(besprekingen.filter(status=Status.AFGESLOTEN)),
            bespreking_pk=gepland.values("pk")[:1],
            bespreking_datum=gepland.values("datum")[:1],
        )
        .order_by()
    )


def overzichten_met_stappen(
    groepen: QuerySet[Groep], periode_ids: Iterable[int]
) -> QuerySet[Groepsoverzicht]:
    """The cyclus A overviews of these classes in these cycles, annotated with what decides
    whether each step is done (`stappen_gedaan`), in one query (the dashboards use it)."""
    return _overzichten(groepen.values("pk"), periode_ids)


def stappen_gedaan(overzicht: Any) -> dict[str, bool | None]:
    """Per step of STAPPEN: done (True), not done (False) or not applicable (None), for an
    overview annotated by `overzichten_met_stappen`. The to-do list uses the same rules: a
    step that is done is no longer on anyone's list."""
    plan_status = overzicht.plan_status
    afgerond = plan_status in (PlanStatus.GEEVALUEERD, PlanStatus.AFGESLOTEN)
    return {
        # Made, every proposal decided, every signalled pupil with a complete need.
        "groepsoverzicht": not overzicht.open_voorstellen and not overzicht.onvolledig,
        # A closed groepsbespreking about this overview.
        "groepsbespreking": bool(overzicht.besproken),
        # The plan active (or already finished).
        "groepsplan": plan_status not in (None, PlanStatus.CONCEPT),
        # Only plans over 10 weeks: a logbook note or adjustment around the date.
        "tussenevaluatie": None
        if not overzicht.plan_tussen
        else bool(overzicht.tussen_gedaan) or afgerond,
        # Every goal evaluated and the plan closed as evaluated.
        "eindevaluatie": plan_status == PlanStatus.GEEVALUEERD,
    }


def cyclustaken(school: School, vandaag: dt.date, *, gebruiker_id: int | None) -> list[Taak]:
    planningen = _planningen(vandaag)
    if not planningen:
        return []
    groepen = Groep.objects.filter(
        schooljaar_id__in={p.periode.schooljaar_id for p in planningen}
    ).prefetch_related(
        Prefetch("mentoraten", queryset=Mentoraat.objects.only("groep_id", "gebruiker_id"))
    )
    if gebruiker_id is not None:
        groepen = groepen.filter(mentoraten__gebruiker_id=gebruiker_id)
    groepen_lijst = [g for g in groepen.order_by("naam") if g.mentoraten.all()]
    if not groepen_lijst:
        return []
    overzichten = {
        (o.groep_id, o.periode_id): o
        for o in _overzichten([g.pk for g in groepen_lijst], [p.periode_id for p in planningen])
    }
    taken: list[Taak] = []
    for planning in sorted(planningen, key=lambda p: p.periode.startdatum):
        for groep in groepen_lijst:
            if groep.schooljaar_id != planning.periode.schooljaar_id:
                continue
            eigenaren = frozenset(m.gebruiker_id for m in groep.mentoraten.all())
            taken.extend(
                _stappen(
                    school,
                    vandaag,
                    planning,
                    groep,
                    overzichten.get((groep.pk, planning.periode_id)),
                    eigenaren,
                )
            )
    return taken


@dataclass
class _Cyclus:
    """One class's cycle, as the steps of `_stappen` read it."""

    school: str  # the school's slug
    vandaag: dt.date
    planning: Cyclusplanning
    groep: Groep
    overzicht: Any  # an annotated Groepsoverzicht from _overzichten(), or None
    eigenaren: frozenset[int]
    gedaan: dict[str, bool | None]

    @property
    def wat(self) -> str:
        return f"{self.groep.naam} ({self.planning.periode.naam})"

    @property
    def groep_url(self) -> str:
        return reverse("groep-detail", kwargs={"school": self.school, "groep_id": self.groep.pk})

    def taak(self, soort: str, titel: str, url: str, deadline: dt.date, uitleg: str = "") -> Taak:
        return Taak(
            soort=soort,
            sleutel=f"{soort}:{self.groep.pk}:{self.planning.periode.pk}",
            titel=titel,
            mailtitel=titel,
            url=url,
            deadline=deadline,
            eigenaar_ids=self.eigenaren,
            afdeling_id=self.groep.afdeling_id,
            groep_id=self.groep.pk,
            uitleg=uitleg,
        )


def _stappen(
    school: School,
    vandaag: dt.date,
    planning: Cyclusplanning,
    groep: Groep,
    overzicht: Any,  # an annotated Groepsoverzicht from _overzichten(), or None
    eigenaren: frozenset[int],
) -> list[Taak]:
    c = _Cyclus(
        school=school.slug,
        vandaag=vandaag,
        planning=planning,
        groep=groep,
        overzicht=overzicht,
        eigenaren=eigenaren,
        gedaan=stappen_gedaan(overzicht) if overzicht is not None else {},
    )
    stappen = [_overzicht_taak(c), _bespreking_taak(c), _plan_taak(c), *_evaluatie_taken(c)]
    return [t for t in stappen if t is not None]


def _overzicht_taak(c: _Cyclus) -> Taak | None:
    """1. The overview: made, every proposal decided, every signalled pupil with a need."""
    deadline = c.planning.groepsoverzicht
    if deadline is None or not _in_beeld(deadline, c.vandaag):
        return None
    overzicht = c.overzicht
    if overzicht is None:
        return c.taak(
            "groepsoverzicht",
            f"Groepsoverzicht {c.wat} aanmaken en invullen",
            c.groep_url,
            deadline,
            "Er is nog geen groepsoverzicht voor deze cyclus.",
        )
    if c.gedaan["groepsoverzicht"]:
        return None
    delen = []
    if overzicht.open_voorstellen:
        delen.append("signaleringsvoorstellen beoordelen")
    if overzicht.onvolledig:
        delen.append("onderwijsbehoeften van gesignaleerde leerlingen aanvullen")
    return c.taak(
        "groepsoverzicht",
        f"Groepsoverzicht {c.wat} afmaken",
        reverse(
            "groepsoverzicht-detail", kwargs={"school": c.school, "overzicht_id": overzicht.pk}
        ),
        deadline,
        "Nog te doen: " + " en ".join(delen) + ".",
    )


def _bespreking_taak(c: _Cyclus) -> Taak | None:
    """2. The groepsbespreking: held (closed) in this cycle."""
    deadline = c.planning.groepsbespreking
    if deadline is None or not _in_beeld(deadline, c.vandaag) or c.gedaan.get("groepsbespreking"):
        return None
    overzicht = c.overzicht
    if overzicht is not None and overzicht.bespreking_pk:
        return c.taak(
            "groepsbespreking",
            f"Groepsbespreking {c.wat} op {overzicht.bespreking_datum:%d-%m} voorbereiden "
            "en houden",
            reverse(
                "bespreking-detail",
                kwargs={"school": c.school, "bespreking_id": overzicht.bespreking_pk},
            ),
            deadline,
        )
    url = (
        reverse("bespreking-create", kwargs={"school": c.school}) + f"?overzicht={overzicht.pk}"
        if overzicht
        else c.groep_url
    )
    return c.taak("groepsbespreking", f"Groepsbespreking {c.wat} plannen", url, deadline)


def _plan_taak(c: _Cyclus) -> Taak | None:
    """3. The groepsplan: active (or already finished) in this cycle."""
    deadline = c.planning.groepsplan
    if deadline is None or not _in_beeld(deadline, c.vandaag) or c.gedaan.get("groepsplan"):
        return None
    overzicht = c.overzicht
    if overzicht is not None and overzicht.plan_pk:
        url = reverse(
            "groepsplan-detail", kwargs={"school": c.school, "plan_id": overzicht.plan_pk}
        )
        titel = f"Groepsplan {c.wat} afmaken en activeren"
    elif overzicht is not None:
        url = reverse("groepsplan-create", kwargs={"school": c.school}) + (
            f"?overzicht={overzicht.pk}"
        )
        titel = f"Groepsplan {c.wat} maken en activeren"
    else:
        url, titel = c.groep_url, f"Groepsplan {c.wat} maken en activeren"
    return c.taak("groepsplan", titel, url, deadline)


def _evaluatie_taken(c: _Cyclus) -> list[Taak]:
    """4. The tussenevaluatie of an active plan over 10 weeks (a logbook note or an
    adjustment) and 5. its eindevaluatie (every goal evaluated, the plan closed)."""
    overzicht = c.overzicht
    if overzicht is None or overzicht.plan_status != PlanStatus.ACTIEF:
        return []
    plan_url = reverse(
        "groepsplan-detail", kwargs={"school": c.school, "plan_id": overzicht.plan_pk}
    )
    taken = []
    tussen = c.planning.tussenevaluatie or overzicht.plan_tussen
    if overzicht.plan_tussen and _in_beeld(tussen, c.vandaag) and not overzicht.tussen_gedaan:
        assert tussen is not None
        taken.append(
            c.taak(
                "tussenevaluatie",
                f"Tussenevaluatie groepsplan {c.wat}",
                plan_url,
                tussen,
                "Noteer in het logboek hoe het gaat en stel het plan zo nodig bij.",
            )
        )
    eind = c.planning.eindevaluatie or overzicht.plan_eind
    if _in_beeld(eind, c.vandaag):
        assert eind is not None
        taken.append(c.taak("eindevaluatie", f"Groepsplan {c.wat} evalueren", plan_url, eind))
    return taken


# --- Subject plans (cyclus B): the vakdocent's evaluations ---------------------------------


def _plantaak(
    plan: Groepsplan, soort: str, titel: str, deadline: dt.date, school: School, uitleg: str = ""
) -> Taak:
    overzicht = plan.groepsoverzicht
    assert overzicht.lesgroep is not None
    return Taak(
        soort=soort,
        sleutel=f"{soort}:plan:{plan.pk}",
        titel=titel,
        mailtitel=titel,
        url=reverse("groepsplan-detail", kwargs={"school": school.slug, "plan_id": plan.pk}),
        deadline=deadline,
        eigenaar_ids=frozenset(d.gebruiker_id for d in overzicht.lesgroep.docentschappen.all()),
        afdeling_id=overzicht.groep.afdeling_id,
        groep_id=overzicht.groep_id,
        uitleg=uitleg,
    )


def vakplantaken(school: School, vandaag: dt.date, *, gebruiker_id: int | None) -> list[Taak]:
    """Active plans of lesgroepen: the tussenevaluatie (plans over 10 weeks) and the
    eindevaluatie at the plan's own dates, for the lesgroep's teachers."""
    plannen = (
        Groepsplan.objects.filter(
            status=PlanStatus.ACTIEF,
            groepsoverzicht__cyclus=Cyclus.B,
            einddatum__gte=vandaag - dt.timedelta(days=120),
        )
        .select_related("groepsoverzicht__lesgroep", "groepsoverzicht__periode")
        .select_related("groepsoverzicht__groep")
        .prefetch_related("groepsoverzicht__lesgroep__docentschappen")
        .annotate(tussen_gedaan=_tussen_gedaan("pk", "tussenevaluatie"))
        .order_by("einddatum", "pk")
    )
    if gebruiker_id is not None:
        plannen = plannen.filter(
            groepsoverzicht__lesgroep__docentschappen__gebruiker_id=gebruiker_id
        )
    taken: list[Taak] = []
    for plan in plannen:
        overzicht = plan.groepsoverzicht
        assert overzicht.lesgroep is not None
        wat = f"{overzicht.lesgroep.naam} ({overzicht.periode.naam})"
        tussen = plan.tussenevaluatie
        if tussen and _in_beeld(tussen, vandaag) and not plan.tussen_gedaan:
            taken.append(
                _plantaak(
                    plan,
                    "tussenevaluatie",
                    f"Tussenevaluatie groepsplan {wat}",
                    tussen,
                    school,
                    "Noteer in het logboek hoe het gaat en stel het plan zo nodig bij.",
                )
            )
        if _in_beeld(plan.einddatum, vandaag):
            taken.append(
                _plantaak(
                    plan, "eindevaluatie", f"Groepsplan {wat} evalueren", plan.einddatum, school
                )
            )
    return taken


# --- Actions from meetings, OPP deadlines, IZO follow-ups ----------------------------------


def actietaken(school: School, vandaag: dt.date, *, gebruiker_id: int | None) -> list[Taak]:
    acties = Actie.objects.filter(
        status=ActieStatus.OPEN, deadline__lte=vandaag + HORIZON
    ).select_related("bespreking", "bespreking__groep")
    if gebruiker_id is not None:
        acties = acties.filter(eigenaar_id=gebruiker_id)
    taken = []
    for actie in acties.order_by("deadline", "pk"):
        bespreking = actie.bespreking
        taken.append(
            Taak(
                soort="actie",
                sleutel=f"actie:{actie.pk}",
                titel=actie.omschrijving,
                mailtitel=f"Actie uit {bespreking.get_soort_display().split(' (')[0].lower()} "
                f"{bespreking.groep.naam}",
                url=reverse(
                    "bespreking-detail",
                    kwargs={"school": school.slug, "bespreking_id": bespreking.pk},
                ),
                deadline=actie.deadline,
                eigenaar_ids=frozenset({actie.eigenaar_id}),
                afdeling_id=bespreking.groep.afdeling_id,
                groep_id=bespreking.groep_id,
                uitleg=f"Afgesproken in de bespreking van {bespreking.datum:%d-%m-%Y}.",
                extra={"actie_id": str(actie.pk)},
            )
        )
    return taken


def _zorgcoordinatoren(vandaag: dt.date) -> frozenset[int]:
    return frozenset(
        Lidmaatschap.objects.active(vandaag)
        .filter(rol=Rol.ZORGCOORDINATOR)
        .values_list("gebruiker_id", flat=True)
    )


def zorgtaken(
    school: School, vandaag: dt.date, *, gebruiker_id: int | None, zorgcoordinator: bool
) -> list[Taak]:
    """OPP deadlines and IZO follow-ups: the zorgcoördinator's."""
    if gebruiker_id is not None and not zorgcoordinator:
        return []
    eigenaren = frozenset({gebruiker_id}) if gebruiker_id else _zorgcoordinatoren(vandaag)
    if not eigenaren:
        return []
    s = school.slug
    taken: list[Taak] = []
    for opp in Ontwikkelingsperspectief.objects.select_related("leerling").order_by("pk"):
        status = opp_status(opp, vandaag)
        if status.termijn is None or not _in_beeld(status.termijn, vandaag):
            continue
        if status.status == OP_TIJD and status.termijn < vandaag:
            continue
        wat = "vaststellen" if opp.vastgesteld_op is None else "evalueren"
        taken.append(
            Taak(
                soort="opp",
                sleutel=f"opp:{opp.pk}:{wat}:{status.termijn:%Y%m%d}",
                titel=f"OPP {opp.leerling} {wat}",
                mailtitel=f"Een OPP {wat}",
                url=reverse("opp-detail", kwargs={"school": s, "opp_id": opp.pk}),
                deadline=status.termijn,
                eigenaar_ids=eigenaren,
                uitleg=status.reden,
            )
        )
    # The last IZO report of each open traject with a follow-up date that has not been held.
    later_besproken = IzoVerslag.objects.filter(
        traject_id=OuterRef("traject_id"), overleg__datum__gt=OuterRef("overleg__datum")
    )
    vervolgen = (
        IzoVerslag.objects.filter(
            traject__status=TrajectStatus.OPEN,
            evaluatiedatum__isnull=False,
            evaluatiedatum__lte=vandaag + HORIZON,
        )
        .exclude(Exists(later_besproken))
        .select_related("traject__leerling")
        .order_by("evaluatiedatum", "pk")
    )
    for verslag in vervolgen:
        traject: Traject = verslag.traject
        assert verslag.evaluatiedatum is not None
        taken.append(
            Taak(
                soort="izo",
                sleutel=f"izo:{traject.pk}:{verslag.evaluatiedatum:%Y%m%d}",
                titel=f"IZO-vervolg {traject.leerling}: op de agenda van "
                f"{verslag.evaluatiedatum:%d-%m}",
                mailtitel="Een IZO-vervolg agenderen",
                url=reverse("izo-traject-detail", kwargs={"school": s, "traject_id": traject.pk}),
                deadline=verslag.evaluatiedatum,
                eigenaar_ids=eigenaren,
                uitleg="Afgesproken in het IZO: de leerling komt op deze datum terug.",
            )
        )
    return taken


# --- Together -----------------------------------------------------------------------------


def alle_taken(
    school: School,
    vandaag: dt.date,
    *,
    gebruiker_id: int | None = None,
    zorgcoordinator: bool = False,
    met_acties: bool = True,
) -> list[Taak]:
    """Every open item of the school (gebruiker_id None: for the daily check and the digest)
    or of one person, by deadline."""
    taken = (
        cyclustaken(school, vandaag, gebruiker_id=gebruiker_id)
        + vakplantaken(school, vandaag, gebruiker_id=gebruiker_id)
        + zorgtaken(school, vandaag, gebruiker_id=gebruiker_id, zorgcoordinator=zorgcoordinator)
    )
    if met_acties:
        taken += actietaken(school, vandaag, gebruiker_id=gebruiker_id)
    return sorted(taken, key=lambda t: (t.deadline, t.titel))
