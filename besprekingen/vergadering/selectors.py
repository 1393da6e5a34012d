"""Reads for the meeting screen."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from besprekingen import agenda
from besprekingen.models import (
    Besluit,
    Bespreking,
    Inbreng,
    Status,
    Verslagpunt,
)
from besprekingen.selectors import Voorbereiding, voorbereiding
from groepsoverzicht.access import Rechten as OverzichtRechten
from zorgroute.models import Gebruiker
from zorgroute.tenancy.context import TenantContext


def is_open(bespreking: Bespreking) -> bool:
    """Whether the meeting is still open, as stored now (a colleague may have closed it)."""
    return Bespreking.objects.filter(pk=bespreking.pk).exclude(status=Status.AFGESLOTEN).exists()


@dataclass
class PuntBlok:
    """One agenda point on the meeting screen, with its recorded items; the view adds the
    forms of who may record."""

    punt: agenda.Punt
    nummer: int
    verslagpunt: Verslagpunt | None
    besluiten: list[Besluit]
    inbreng: list[Inbreng]
    tekst_form: Any = None
    besluit_form: Any = None
    conflict: Any = None
    opgeslagen: bool = False
    fout: str = ""

    @property
    def code(self) -> str:
        return self.punt.code

    @property
    def leerlingpunt(self) -> bool:
        return self.punt.code in agenda.LEERLINGPUNTEN


@dataclass
class Bilateraalitem:
    overleg: Bespreking
    evaluatie: Besluit | None
    form: Any = None


@dataclass
class Suggestieitem:
    label: str
    namen: list[str] = field(default_factory=list)


@dataclass
class Vergaderscherm:
    """The meeting screen: the agenda points with what was recorded, the open bilateral
    overleggen, cluster suggestions and who attends."""

    v: Voorbereiding
    blokken: list[PuntBlok]
    bilateraal: list[Bilateraalitem]
    suggesties: list[Suggestieitem]
    deelnemers: list[Gebruiker]
    overzicht_rechten: OverzichtRechten | None


def vergaderscherm(ctx: TenantContext, bespreking: Bespreking, *, bewerken: bool) -> Vergaderscherm:
    v = voorbereiding(ctx, bespreking)
    blokken = [
        PuntBlok(
            punt=punt,
            nummer=nummer,
            verslagpunt=v.verslag.punten.get(punt.code),
            besluiten=v.verslag.besluiten_bij(punt.code),
            inbreng=v.verslag.inbreng_bij(punt.code),
        )
        for nummer, punt in enumerate(agenda.voor(bespreking.soort), start=1)
    ]
    evaluaties = {b.evalueert_id: b for b in v.verslag.besluiten if b.evalueert_id}
    namen = {ll.pk: ll.volledige_naam for ll in v.leerlingen}
    o_rechten = v.overzicht_rechten
    if o_rechten is not None and not bewerken:
        # Who follows the meeting reads the overview here; changing it is for who chairs.
        o_rechten = dataclasses.replace(o_rechten, bewerken=False)
    return Vergaderscherm(
        v=v,
        blokken=blokken,
        bilateraal=[Bilateraalitem(b, evaluaties.get(b.pk)) for b in v.bilateraal],
        suggesties=[
            Suggestieitem(s.label, [namen[i] for i in s.leerling_ids if i in namen])
            for s in v.suggesties
        ],
        deelnemers=[d.gebruiker for d in v.verslag.deelnemers],
        overzicht_rechten=o_rechten,
    )
