"""The kijkwijzer (bijlage 5) and the begrijpwijzer checklist (bijlage 7a), item by item as
in the seed, with a pre-answer for the items the overview's data can answer.

A pre-answer is a proposal with its basis ("17 van 24 leerlingen hebben …"); the user's
saved answer (ChecklistAntwoord) always wins. Every pre-answer reads only the `Grid` of
`selectors.overzicht_grid`, so a checklist page costs no queries per pupil.

The sub-domain in one package: the lists and pre-answers here, saving the answers in
`services`, the posted form in `forms`, the pages in `views`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..models import InstrumentSoort, SignaalReden, SignaalStatus
from ..selectors import Grid, Rij

#: The answer choices of every checklist (kijkwijzer, begrijpwijzer, planwijzer): form value,
#: label, stored value.
KEUZES: list[tuple[str, str, bool | None]] = [
    ("ja", "+ (ja)", True),
    ("nee", "– (nee)", False),
    ("open", "open", None),
]
NAAR_WAARDE = {k: v for k, _label, v in KEUZES}

#: A stored or posted answer: (antwoord, opmerking); + is True, – is False, open is None.
Antwoord = tuple[bool | None, str]


def keuze(antwoord: bool | None) -> str:
    """The form value of a stored answer."""
    return next(k for k, _label, v in KEUZES if v is antwoord)


@dataclass(frozen=True)
class Voorantwoord:
    """What the data says: True (+), False (–) or None (cannot tell), and why."""

    antwoord: bool | None
    basis: str


Auto = Callable[[Grid], Voorantwoord]


@dataclass(frozen=True)
class Item:
    code: str  # stored in ChecklistAntwoord.item
    letter: str
    sectie: str
    vraag: str
    auto: Auto | None = None


@dataclass(frozen=True)
class Checklist:
    slug: str
    titel: str
    bijlage: str
    uitleg: str
    items: tuple[Item, ...]
    #: Code of the free-text "Afspraken:" row at the end of the list (opmerking only).
    afspraken: str

    @property
    def codes(self) -> frozenset[str]:
        return frozenset({i.code for i in self.items} | {self.afspraken})

    def secties(self) -> list[tuple[str, list[Item]]]:
        result: list[tuple[str, list[Item]]] = []
        for item in self.items:
            if not result or result[-1][0] != item.sectie:
                result.append((item.sectie, []))
            result[-1][1].append(item)
        return result


# --- Pre-answers ------------------------------------------------------------------------------


def _leerlingen(n: int) -> str:
    return "leerling" if n == 1 else "leerlingen"


def _met_resultaten(rij: Rij) -> bool:
    return any(cel.waarden for cel in rij.cellen)


def _alle_rijen(grid: Grid, gevuld: Callable[[Rij], bool], wat: str) -> Voorantwoord:
    """+ when every pupil of the overview has `wat`, – otherwise."""
    totaal = len(grid.rijen)
    if not totaal:
        return Voorantwoord(None, "Het groepsoverzicht heeft nog geen leerlingen.")
    n = sum(1 for rij in grid.rijen if gevuld(rij))
    return Voorantwoord(n == totaal, f"{n} van {totaal} {_leerlingen(totaal)} {wat}.")


def _tekst(*velden: str) -> Callable[[Rij], bool]:
    return lambda rij: all(getattr(rij.regel, veld).strip() for veld in velden)


def resultaten_aanwezig(grid: Grid) -> Voorantwoord:
    if not grid.domeinen:
        return Voorantwoord(False, "Er zijn geen domeinen (toetsen) ingesteld voor dit overzicht.")
    return _alle_rijen(grid, _met_resultaten, "hebben toetsresultaten")


def eerdere_resultaten(grid: Grid) -> Voorantwoord:
    """Every pupil with results has at least two test moments in some domain."""
    met = [rij for rij in grid.rijen if _met_resultaten(rij)]
    if not met:
        return Voorantwoord(None, "Er zijn nog geen toetsresultaten.")
    n = sum(1 for rij in met if any(len(cel.waarden) >= 2 for cel in rij.cellen))
    return Voorantwoord(
        n == len(met),
        f"{n} van {len(met)} {_leerlingen(len(met))} hebben resultaten van eerdere toetsmomenten.",
    )


def _soort_resultaten(soort: str, wat: str) -> Auto:
    def auto(grid: Grid) -> Voorantwoord:
        indices = [i for i, d in enumerate(grid.domeinen) if d.instrument.soort == soort]
        if not indices:
            return Voorantwoord(None, f"Er is geen {wat}-instrument ingesteld.")
        return _alle_rijen(
            grid,
            lambda rij: any(rij.cellen[i].waarden for i in indices),
            f"hebben uitkomsten op het {wat}-instrument",
        )

    return auto


def _werkhouding(grid: Grid) -> Voorantwoord:
    indices = [
        i for i, d in enumerate(grid.domeinen) if d.instrument.soort == InstrumentSoort.WERKHOUDING
    ]
    return _alle_rijen(
        grid,
        lambda rij: (
            bool(rij.regel.werkhouding.strip()) or any(rij.cellen[i].waarden for i in indices)
        ),
        "hebben gegevens over werkhouding, taakaanpak of motivatie",
    )


def _gesignaleerd(*redenen: str) -> Auto:
    """+ when pupils are signalled with this reason and no proposal for it awaits a
    decision; – while proposals wait; open when nothing points to this reason."""
    labels = ", ".join(str(SignaalReden(r).label).lower() for r in redenen)

    def auto(grid: Grid) -> Voorantwoord:
        bevestigd = sum(
            1 for rij in grid.rijen if any(s.reden in redenen for s in rij.signaleringen)
        )
        open_ = sum(
            1
            for rij in grid.rijen
            for s in rij.voorstellen
            if s.reden in redenen and s.status == SignaalStatus.VOORGESTELD
        )
        if open_:
            return Voorantwoord(
                False,
                f"{open_} {'voorstel' if open_ == 1 else 'voorstellen'} ({labels}) "
                f"{'wacht' if open_ == 1 else 'wachten'} nog op een besluit; "
                f"{bevestigd} {_leerlingen(bevestigd)} gesignaleerd.",
            )
        if bevestigd:
            return Voorantwoord(
                True, f"{bevestigd} {_leerlingen(bevestigd)} gesignaleerd ({labels})."
            )
        return Voorantwoord(
            None,
            f"Geen leerlingen gesignaleerd of voorgesteld ({labels}): ga na of dat klopt.",
        )

    return auto


def ijkpunten_bekend(grid: Grid) -> Voorantwoord:
    if not grid.domeinen:
        return Voorantwoord(None, "Er zijn geen domeinen ingesteld.")
    n = sum(1 for d in grid.domeinen if getattr(d, "ondergrens", None) is not None)
    return Voorantwoord(
        n == len(grid.domeinen),
        f"{n} van {len(grid.domeinen)} domeinen hebben een ijkpunt van de school.",
    )


def behoeften_benoemd(grid: Grid) -> Voorantwoord:
    """Every pupil with a confirmed signal has at least one onderwijsbehoefte."""
    gesignaleerd = [rij for rij in grid.rijen if rij.gesignaleerd]
    if not gesignaleerd:
        return Voorantwoord(None, "Er zijn (nog) geen leerlingen gesignaleerd.")
    n = sum(1 for rij in gesignaleerd if rij.behoeften)
    return Voorantwoord(
        n == len(gesignaleerd),
        f"{n} van {len(gesignaleerd)} gesignaleerde {_leerlingen(len(gesignaleerd))} hebben "
        "een onderwijsbehoefte.",
    )


def doelen_bepaald(grid: Grid) -> Voorantwoord:
    """Every onderwijsbehoefte in the overview has a goal."""
    behoeften = [b for rij in grid.rijen for b in rij.behoeften]
    if not behoeften:
        return Voorantwoord(None, "Er zijn (nog) geen onderwijsbehoeften benoemd.")
    n = sum(1 for b in behoeften if b.doel.strip())
    woord = "onderwijsbehoefte heeft" if len(behoeften) == 1 else "onderwijsbehoeften hebben"
    return Voorantwoord(n == len(behoeften), f"{n} van {len(behoeften)} {woord} een doel.")


# --- The lists, exactly as the seed -----------------------------------------------------------

STAP1 = "Stap 1 – Verzamelen en ordenen van leerlinggegevens in groepsoverzicht"
STAP2 = "Stap 2 – Signaleren van leerlingen die extra aandacht nodig hebben"
ALGEMEEN = "Algemeen (proces)"
STAP3 = "Stap 3 – Benoemen van onderwijsbehoeften van leerlingen"

KIJKWIJZER = Checklist(
    slug="kijkwijzer",
    titel="Kijkwijzer groepsoverzicht",
    bijlage="Bijlage 5",
    uitleg=(
        "Een checklist om te kijken naar het groepsoverzicht: de fase van het 'waarnemen' "
        "(stap 1 en 2 uit de cyclus 'Handelingsgericht werken'). Gebruik de checklist om in "
        "het team in dialoog te gaan over de belangrijkste verbeterpunten."
    ),
    afspraken="kw-afspraken",
    items=(
        Item(
            "kw-1a",
            "a",
            STAP1,
            "Zijn de toetsresultaten op een juiste wijze ingevuld?",
            resultaten_aanwezig,
        ),
        Item(
            "kw-1b",
            "b",
            STAP1,
            "Zijn ter vergelijking de resultaten op voorgaande toetsen aanwezig?",
            eerdere_resultaten,
        ),
        Item(
            "kw-1c",
            "c",
            STAP1,
            "Zijn gegevens uit observaties meegenomen?",
            lambda g: _alle_rijen(g, _tekst("observaties"), "hebben observaties ingevuld"),
        ),
        Item(
            "kw-1d", "d", STAP1, "Zijn gegevens uit analyses van het werk van leerlingen aanwezig?"
        ),
        Item(
            "kw-1e",
            "e",
            STAP1,
            "Zijn gegevens uit gesprekken met leerlingen en ouders aanwezig?",
            lambda g: _alle_rijen(g, _tekst("gesprekken"), "hebben gesprekken ingevuld"),
        ),
        Item(
            "kw-1f",
            "f",
            STAP1,
            "Zijn factoren benoemd die de ontwikkeling zowel belemmeren als bevorderen? "
            "Positieve kwaliteiten leerling?",
            lambda g: _alle_rijen(
                g,
                _tekst("stimulerend", "belemmerend"),
                "hebben stimulerende én belemmerende factoren ingevuld",
            ),
        ),
        Item(
            "kw-1g",
            "g",
            STAP1,
            "Zijn er gegevens over de werkhouding, taakaanpak en motivatie van de leerlingen?",
            _werkhouding,
        ),
        Item(
            "kw-1h",
            "h",
            STAP1,
            "Zijn er gegevens over de sociaal-emotionele ontwikkeling van de leerlingen?",
            _soort_resultaten(InstrumentSoort.SEO, "SEO"),
        ),
        Item(
            "kw-1i",
            "i",
            STAP1,
            "Zijn de talenten van leerlingen benoemd?",
            lambda g: _alle_rijen(g, _tekst("talenten"), "hebben talenten ingevuld"),
        ),
        Item(
            "kw-2a",
            "a",
            STAP2,
            "Zijn leerlingen met een leerachterstand gesignaleerd?",
            _gesignaleerd(SignaalReden.ACHTERSTAND),
        ),
        Item(
            "kw-2b",
            "b",
            STAP2,
            "Zijn hoogbegaafde leerlingen met een leervoorsprong gesignaleerd?",
            _gesignaleerd(SignaalReden.VOORSPRONG),
        ),
        Item(
            "kw-2c",
            "c",
            STAP2,
            "Zijn leerlingen met sociaal-emotionele problematiek gesignaleerd?",
            _gesignaleerd(SignaalReden.SEO),
        ),
        Item(
            "kw-2d",
            "d",
            STAP2,
            "Zijn leerlingen gesignaleerd die qua gedrag aandacht nodig hebben?",
            _gesignaleerd(SignaalReden.GEDRAG),
        ),
        Item(
            "kw-2e",
            "e",
            STAP2,
            "Zijn leerlingen met een eigen leerstijl gesignaleerd?",
            _gesignaleerd(SignaalReden.LEERSTIJL),
        ),
        Item(
            "kw-2f",
            "f",
            STAP2,
            "Zijn leerlingen met problemen in de werkhouding, taakaanpak en "
            "studievaardigheden gesignaleerd?",
            _gesignaleerd(SignaalReden.WERKHOUDING),
        ),
        Item("kw-2g", "g", STAP2, "Zijn leerlingen met een (speciaal) talent gesignaleerd?"),
        Item(
            "kw-2h",
            "h",
            STAP2,
            "Zijn de ijkpunten of criteria voor het signaleren duidelijk?",
            ijkpunten_bekend,
        ),
        Item("kw-2i", "i", STAP2, "Zijn de docenten bekend met leerstijlen en leerstrategieën?"),
        Item("kw-2j", "j", STAP2, "Herkennen de docenten sociaal-emotionele problemen?"),
        Item("kw-2k", "k", STAP2, "Herkennen de docenten specifieke leerproblemen?"),
        Item(
            "kw-alg-a",
            "a",
            ALGEMEEN,
            "Is duidelijk wie verantwoordelijk is voor het verzamelen van de gegevens?",
        ),
        Item(
            "kw-alg-b",
            "b",
            ALGEMEEN,
            "Worden in het vakoverstijgende groepsoverzicht opmerkingen en signalen van "
            "collega's meegenomen en vastgelegd?",
        ),
        Item("kw-alg-c", "c", ALGEMEEN, "Krijgt de mentor (tijdig) signalen van collega's?"),
        Item(
            "kw-alg-d",
            "d",
            ALGEMEEN,
            "Zijn de verzamelde gegevens duidelijk en concreet voor alle betrokkenen?",
        ),
    ),
)

BEGRIJPWIJZER = Checklist(
    slug="begrijpwijzer",
    titel="Begrijpwijzer: checklist voor het benoemen van onderwijsbehoeften",
    bijlage="Bijlage 7a",
    uitleg=(
        "Voor het benoemen van de onderwijsbehoeften van leerlingen die bij stap 2 "
        "gesignaleerd zijn (stap 3 uit de cyclus 'Handelingsgericht werken')."
    ),
    afspraken="bw-afspraken",
    items=(
        Item(
            "bw-a",
            "a",
            STAP3,
            "Zijn de onderwijsbehoeften benoemd van de leerlingen die bij stap 2 gesignaleerd "
            "zijn?",
            behoeften_benoemd,
        ),
        Item(
            "bw-b",
            "b",
            STAP3,
            "Zijn de doel(en) bepaald die voor de leerling nagestreefd worden?",
            doelen_bepaald,
        ),
        Item("bw-c", "c", STAP3, "Zijn deze doel(en) concreet en meetbaar?"),
        Item(
            "bw-d", "d", STAP3, "Zijn deze doel(en) realistisch en haalbaar in de komende periode?"
        ),
        Item(
            "bw-e",
            "e",
            STAP3,
            "Is concreet en duidelijk benoemd wat deze leerling nodig heeft om de gestelde "
            "doel(en) te bereiken?",
        ),
        Item("bw-f", "f", STAP3, "Sluit het aanbod / de aanpak aan bij de gestelde doel(en)?"),
        Item(
            "bw-g",
            "g",
            STAP3,
            "Hebben de docenten kennis van variaties in instructie, leerstof, verwerking en "
            "werkvormen?",
        ),
        Item("bw-h", "h", STAP3, "Hebben de docenten kennis van pedagogische interventies?"),
    ),
)

CHECKLISTS: dict[str, Checklist] = {c.slug: c for c in (KIJKWIJZER, BEGRIJPWIJZER)}
ALLE_CODES: frozenset[str] = frozenset().union(*(c.codes for c in CHECKLISTS.values()))


def voorantwoorden(checklist: Checklist, grid: Grid) -> dict[str, Voorantwoord]:
    return {item.code: item.auto(grid) for item in checklist.items if item.auto is not None}
