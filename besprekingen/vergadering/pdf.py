"""The report of a meeting (bijlage 16) as one context, shared by the report page, the close
preview and the PDF. Built in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from besprekingen import agenda
from besprekingen.models import Besluit, Bespreking, Inbreng, Soort
from besprekingen.selectors import Verslag, verslag
from zorgroute.models import Gebruiker, Mentoraat
from zorgroute.tenancy.context import TenantContext


@dataclass
class Verslagregel:
    """One agenda point of the report: what was agreed, decisions and questions."""

    punt: agenda.Punt
    nummer: int
    tekst: str
    besluiten: list[Besluit] = field(default_factory=list)
    inbreng: list[Inbreng] = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return not (self.tekst.strip() or self.besluiten or self.inbreng)


def bestandsnaam(bespreking: Bespreking) -> str:
    groep = bespreking.groep.naam
    soort = {
        Soort.GROEPSBESPREKING: "groepsbespreking",
        Soort.VAKSPECIFIEK: "vakbespreking",
    }.get(Soort(bespreking.soort), "overleg")
    delen = ["verslag", soort, groep, bespreking.datum.strftime("%Y-%m-%d")]
    return "-".join(slugify(d) or "x" for d in delen) + ".pdf"


def mentoren(bespreking: Bespreking) -> list[Gebruiker]:
    return [
        m.gebruiker
        for m in Mentoraat.objects.filter(groep_id=bespreking.groep_id)
        .select_related("gebruiker")
        .order_by("gebruiker__achternaam", "gebruiker__voornaam")
    ]


def verslag_context(
    ctx: TenantContext, bespreking: Bespreking, v: Verslag | None = None
) -> dict[str, Any]:
    v = v or verslag(bespreking)
    regels = [
        Verslagregel(
            punt=punt,
            nummer=nummer,
            tekst=v.punten[punt.code].tekst if punt.code in v.punten else "",
            besluiten=v.besluiten_bij(punt.code),
            inbreng=v.inbreng_bij(punt.code),
        )
        for nummer, punt in enumerate(agenda.voor(bespreking.soort), start=1)
    ]
    leerling_ids = sorted(
        {b.leerling_id for b in v.besluiten}
        | {a.leerling_id for a in v.acties if a.leerling_id}
        | {i.leerling_id for i in v.inbreng if i.leerling_id}
    )
    return {
        "bespreking": bespreking,
        "verslag": v,
        "regels": regels,
        "mentoren": mentoren(bespreking),
        "school": ctx.school,
        "gegenereerd_op": timezone.localtime(),
        "bestandsnaam": bestandsnaam(bespreking),
        "leerling_ids": leerling_ids,
    }
