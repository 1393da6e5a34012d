"""The planwijzer (bijlage 14, HGW step 5) next to a groepsplan: items exactly as the seed,
with a pre-answer where the plan's data can answer it. A pre-answer is a proposal with its
basis; the saved answer (PlanwijzerAntwoord) always wins.

Every pre-answer reads only `PlanData` (the plan's groups with pupils, goals and rooster,
fetched in a fixed number of queries by `plan_data`).

The sub-domain in one package: the items and pre-answers here, saving the answers in
`services`, the page's reads in `selectors`, the posted form in `forms`, the page in `views`.
The model (PlanwijzerAntwoord) stays in `groepsplan.models`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from groepsoverzicht.checklists import Voorantwoord

from ..models import Groepsplan, Plangroep, PlangroepSoort
from ..services import MAX_SUBGROEPEN, smart_check


@dataclass(frozen=True)
class PlanData:
    plan: Groepsplan
    plangroepen: list[Plangroep]

    @property
    def subgroepen(self) -> list[Plangroep]:
        return [pg for pg in self.plangroepen if pg.soort != PlangroepSoort.BASISGROEP]


def plan_data(plan: Groepsplan) -> PlanData:
    """The plan's groups with pupils, goals and rooster: four queries."""
    return PlanData(
        plan=plan,
        plangroepen=list(plan.plangroepen.prefetch_related("leden", "doelen", "rooster")),
    )


PlanAuto = Callable[[PlanData], Voorantwoord]


@dataclass(frozen=True)
class PlanItem:
    code: str
    letter: str
    sectie: str
    vraag: str
    auto: PlanAuto | None = None


@dataclass(frozen=True)
class Planwijzer:
    titel: str
    bijlage: str
    stap: str
    uitleg: str
    items: tuple[PlanItem, ...]
    afspraken: str

    @property
    def codes(self) -> frozenset[str]:
        return frozenset({i.code for i in self.items} | {self.afspraken})

    def secties(self) -> list[tuple[str, list[PlanItem]]]:
        result: list[tuple[str, list[PlanItem]]] = []
        for item in self.items:
            if not result or result[-1][0] != item.sectie:
                result.append((item.sectie, []))
            result[-1][1].append(item)
        return result


# --- Pre-answers -------------------------------------------------------------------------------


def _groepen(n: int) -> str:
    return "groep" if n == 1 else "groepen"


def doelen_meetbaar(data: PlanData) -> Voorantwoord:
    """groepsplan.services.smart_check over all goals: each has a measurable criterion."""
    doelen = [d for pg in data.plangroepen for d in pg.doelen.all()]
    if not doelen:
        return Voorantwoord(None, "Het plan heeft nog geen doelen.")
    n = sum(
        1
        for d in doelen
        if smart_check(d.tekst, start=data.plan.startdatum, eind=data.plan.einddatum).meetbaar
    )
    return Voorantwoord(n == len(doelen), f"{n} van {len(doelen)} doelen zijn meetbaar.")


def doelen_in_tijd(data: PlanData) -> Voorantwoord:
    """Every goal names a date inside the plan's period (the 'tijdgebonden' of SMART)."""
    doelen = [d for pg in data.plangroepen for d in pg.doelen.all()]
    if not doelen:
        return Voorantwoord(None, "Het plan heeft nog geen doelen.")
    n = sum(
        1
        for d in doelen
        if smart_check(
            d.tekst, start=data.plan.startdatum, eind=data.plan.einddatum
        ).datum_in_periode
    )
    return Voorantwoord(
        n == len(doelen), f"{n} van {len(doelen)} doelen hebben een datum binnen de planperiode."
    )


def _subgroepen_met(veld: str, wat: str) -> PlanAuto:
    def auto(data: PlanData) -> Voorantwoord:
        groepen = data.subgroepen
        if not groepen:
            return Voorantwoord(None, "Het plan heeft nog geen subgroepen.")
        n = sum(1 for pg in groepen if getattr(pg, veld).strip())
        return Voorantwoord(
            n == len(groepen), f"{n} van {len(groepen)} sub{_groepen(len(groepen))} {wat}."
        )

    return auto


def subgroepen_samengesteld(data: PlanData) -> Voorantwoord:
    """Every subgroep (and single pupil) has pupils."""
    groepen = data.subgroepen
    if not groepen:
        return Voorantwoord(None, "Het plan heeft nog geen subgroepen.")
    n = sum(1 for pg in groepen if pg.leden.all())
    return Voorantwoord(
        n == len(groepen), f"{n} van {len(groepen)} sub{_groepen(len(groepen))} hebben leerlingen."
    )


def clustering_haalbaar(data: PlanData) -> Voorantwoord:
    per_deel: dict[str, int] = {}
    for pg in data.plangroepen:
        if pg.soort == PlangroepSoort.SUBGROEP:
            per_deel[pg.deel] = per_deel.get(pg.deel, 0) + 1
    if not per_deel:
        return Voorantwoord(None, "Het plan heeft nog geen subgroepen.")
    meeste = max(per_deel.values())
    return Voorantwoord(
        meeste <= MAX_SUBGROEPEN,
        f"Hoogstens {meeste} subgroepen per deel (meer dan {MAX_SUBGROEPEN} is in de praktijk "
        "niet uit te voeren).",
    )


def rooster_gepland(data: PlanData) -> Voorantwoord:
    """Every subgroep has a moment in the weekrooster."""
    groepen = data.subgroepen
    if not groepen:
        return Voorantwoord(None, "Het plan heeft nog geen subgroepen.")
    n = sum(1 for pg in groepen if pg.rooster.all())
    return Voorantwoord(
        n == len(groepen),
        f"{n} van {len(groepen)} sub{_groepen(len(groepen))} staan in het weekrooster.",
    )


def evaluatie_beschreven(data: PlanData) -> Voorantwoord:
    """Every plangroep says who evaluates, when and how."""
    groepen = data.plangroepen
    if not groepen:
        return Voorantwoord(None, "Het plan heeft nog geen groepen.")
    n = sum(1 for pg in groepen if pg.evaluatie.strip())
    return Voorantwoord(
        n == len(groepen),
        f"{n} van {len(groepen)} {_groepen(len(groepen))} beschrijven de evaluatie "
        "(wie, hoe en wanneer).",
    )


# --- The list, exactly as the seed ----------------------------------------------------------------

DOELEN = "Doelen"
INHOUD = "Inhoud (wat)"
AANPAK = "Aanpak/methodiek"
ORGANISATIE = "Organisatie"
EVALUATIE = "Evaluatie"

PLANWIJZER = Planwijzer(
    titel="Planwijzer",
    bijlage="Bijlage 14",
    stap="Stap 5 – Opstellen groepsplan",
    uitleg=(
        "De planwijzer bevat een checklist om zowel naar vakoverstijgende als vakspecifieke "
        "groepsplannen te kijken. Gebruik de checklist om in het team in dialoog met elkaar te "
        "gaan en te onderzoeken wat de belangrijkste verbeterpunten zijn."
    ),
    afspraken="pw-afspraken",
    items=(
        PlanItem("pw-d-a", "a", DOELEN, "Zijn de doelen concreet geformuleerd?"),
        PlanItem("pw-d-b", "b", DOELEN, "Zijn de doelen meetbaar/observeerbaar?", doelen_meetbaar),
        PlanItem(
            "pw-d-c", "c", DOELEN, "Zijn de doelen realistisch en in tijd haalbaar?", doelen_in_tijd
        ),
        PlanItem("pw-d-d", "d", DOELEN, "Zijn de doelen uitdagend en stimulerend?"),
        PlanItem("pw-d-e", "e", DOELEN, "Zijn de doelen duidelijk voor de leerlingen?"),
        PlanItem("pw-i-a", "a", INHOUD, "Sluit de leerstof aan bij de doelen?"),
        PlanItem(
            "pw-i-b",
            "b",
            INHOUD,
            "Sluit de extra leerstof aan bij de onderwijsbehoeften van de leerlingen?",
        ),
        PlanItem("pw-i-c", "c", INHOUD, "Is de leerstof uitdagend en stimulerend?"),
        PlanItem("pw-a-a", "a", AANPAK, "Hoe wordt gedifferentieerd naar instructie?"),
        PlanItem(
            "pw-a-b",
            "b",
            AANPAK,
            "Is duidelijk welke extra instructie of begeleiding aan subgroepje(s) geboden wordt?",
            _subgroepen_met("aanpak", "beschrijven de aanpak"),
        ),
        PlanItem("pw-a-c", "c", AANPAK, "Wordt er gedifferentieerd naar verwerking?"),
        PlanItem("pw-a-d", "d", AANPAK, "Zijn de werkvormen activerend en motiverend?"),
        PlanItem("pw-a-e", "e", AANPAK, "Wordt aan (groepjes) leerlingen meer leertijd geboden?"),
        PlanItem("pw-a-f", "f", AANPAK, "Zijn de pedagogische interventies concreet en duidelijk?"),
        PlanItem(
            "pw-a-g",
            "g",
            AANPAK,
            "Worden de leerlingen actief betrokken bij de uitvoering van het groepsplan?",
        ),
        PlanItem(
            "pw-o-a",
            "a",
            ORGANISATIE,
            "Is duidelijk hoe de subgroepjes samengesteld zijn?",
            subgroepen_samengesteld,
        ),
        PlanItem(
            "pw-o-b",
            "b",
            ORGANISATIE,
            "Is de clustering in subgroepjes haalbaar qua klassenmanagement?",
            clustering_haalbaar,
        ),
        PlanItem(
            "pw-o-c",
            "c",
            ORGANISATIE,
            "Is duidelijk hoe in de les de extra instructie en begeleiding georganiseerd wordt?",
            _subgroepen_met("organisatie", "beschrijven de organisatie"),
        ),
        PlanItem(
            "pw-o-d",
            "d",
            ORGANISATIE,
            "Is duidelijk hoe vaak en wanneer extra instructie en begeleiding geboden wordt? "
            "Wat ieders taken zijn?",
            rooster_gepland,
        ),
        PlanItem(
            "pw-e-a",
            "a",
            EVALUATIE,
            "Is duidelijk wie, wanneer en hoe evalueert of de gestelde doelen bereikt zijn?",
            evaluatie_beschreven,
        ),
        PlanItem("pw-e-b", "b", EVALUATIE, "Zijn de leerlingen betrokken bij de evaluatie?"),
    ),
)


def voorantwoorden(data: PlanData) -> dict[str, Voorantwoord]:
    return {item.code: item.auto(data) for item in PLANWIJZER.items if item.auto is not None}
