"""The agendas: bijlage 15 for the groepsbespreking (cyclus A), the lighter agenda of §5.2
for a vakspecifieke bespreking (cyclus B), and the single point of a bilateraal overleg.
The verslag of bijlage 16 follows the same points (Verslagpunt.punt is a code here)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Soort

VRAGEN = "vragen"
VORIG_PLAN = "vorig_plan"
BILATERAAL = "bilateraal"
AANDACHTSPUNTEN = "aandachtspunten"
SIGNALEREN = "signaleren"
BEHOEFTEN = "behoeften"
CLUSTEREN = "clusteren"
NIEUW_PLAN = "nieuw_plan"
EIGEN_VAK = "eigen_vak"
ONDERSTEUNING = "ondersteuning"
IZO = "izo"
SAMENWERKEN = "samenwerken"
AFSPRAKEN = "afspraken"


@dataclass(frozen=True)
class Punt:
    code: str
    titel: str
    toelichting: str


AGENDA_A: tuple[Punt, ...] = (
    Punt(VRAGEN, "Inventariseren vragen docenten", "Welke vragen hebben de docenten?"),
    Punt(
        VORIG_PLAN,
        "Evalueren van het vorig groepsplan",
        "Zijn aanpak en acties uitgevoerd? Zijn de doelen bereikt? Hebben de leerlingen "
        "geprofiteerd van de extra aanpak; wordt die voortgezet of aangepast?",
    ),
    Punt(
        BILATERAAL,
        "Terugblik op bilaterale overleggen",
        "Afspraken uit bilateraal overleg met het zorgteam of de teamleider sinds de vorige "
        "bespreking: hoe is het gegaan?",
    ),
    Punt(
        AANDACHTSPUNTEN,
        "Aandachtspunten voor de hele groep",
        "Wat zijn op basis van het groepsoverzicht de komende periode aandachtspunten voor de "
        "hele groep, en hoe pakken we die aan?",
    ),
    Punt(
        SIGNALEREN,
        "Signaleren van leerlingen die extra aandacht nodig hebben",
        "Zijn de docenten het eens met de gesignaleerde leerlingen? Missen zij leerlingen?",
    ),
    Punt(
        BEHOEFTEN,
        "Verhelderen en aanscherpen van onderwijsbehoeften",
        "Voor welke leerlingen moeten de onderwijsbehoeften nog worden aangescherpt?",
    ),
    Punt(
        CLUSTEREN,
        "Clusteren van leerlingen",
        "Welke leerlingen hebben vergelijkbare onderwijsbehoeften? Is de clustering haalbaar "
        "qua instructie, begeleiding en klassenmanagement?",
    ),
    Punt(
        NIEUW_PLAN,
        "Afspraken voor het nieuwe groepsplan",
        "Aandachtspunten voor het nieuwe groepsplan en de bijdrage van elke docent.",
    ),
    Punt(
        EIGEN_VAK,
        "Wat betekent dit voor mijn eigen vak?",
        "Docenten reflecteren kort op wat de afspraken betekenen voor hun eigen lessen.",
    ),
    Punt(
        ONDERSTEUNING,
        "Ondersteuningsbehoeften van docenten",
        "Waar hebben docenten zelf ondersteuning bij nodig?",
    ),
    Punt(
        IZO,
        "Aanmelden bij het intern zorgteam",
        "Welke leerlingen melden we aan bij het IZO? Volstaat een bilateraal overleg?",
    ),
)

AGENDA_B: tuple[Punt, ...] = (
    Punt(
        VRAGEN,
        "Gesprekspunten van de docent",
        "De (vak)docent brengt zijn gesprekspunten in; collega's geven feedback en advies.",
    ),
    Punt(VORIG_PLAN, "Evalueren van het vorig groepsplan", AGENDA_A[1].toelichting),
    Punt(SIGNALEREN, "Leerlingen die extra aandacht nodig hebben", AGENDA_A[4].toelichting),
    Punt(BEHOEFTEN, "Onderwijsbehoeften aanscherpen", AGENDA_A[5].toelichting),
    Punt(CLUSTEREN, "Clusteren van leerlingen", AGENDA_A[6].toelichting),
    Punt(
        SAMENWERKEN,
        "Samenwerken en aanbod afstemmen",
        "Hoe kunnen we samenwerken en ons aanbod op elkaar afstemmen?",
    ),
    Punt(NIEUW_PLAN, "Afspraken voor het nieuwe groepsplan", AGENDA_A[7].toelichting),
)

AGENDA_BILATERAAL: tuple[Punt, ...] = (
    Punt(AFSPRAKEN, "Afspraken", "Wat is er afgesproken over de leerling?"),
)

#: Agenda points on which a decision about a pupil is typically recorded.
LEERLINGPUNTEN = frozenset({BILATERAAL, SIGNALEREN, BEHOEFTEN, IZO, VORIG_PLAN, AFSPRAKEN})


def voor(soort: str) -> tuple[Punt, ...]:
    if soort == Soort.GROEPSBESPREKING:
        return AGENDA_A
    if soort == Soort.VAKSPECIFIEK:
        return AGENDA_B
    return AGENDA_BILATERAAL


def codes(soort: str) -> frozenset[str]:
    return frozenset(p.code for p in voor(soort))


def titel(soort: str, code: str) -> str:
    return next((p.titel for p in voor(soort) if p.code == code), code)
