"""The PDF report of the dashboard (for the jaarverslag or an Inspectie visit), made in the
background: a job kind of zorgroute.background, one part per section of the dashboard so
the progress bar moves, then one PDF with the charts (the same inline SVG as the page) and
their tables. Only aggregates, suppressed as on the page; the requester's rights are checked
again when the job runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from zorgroute import permissions as p
from zorgroute.background import JobResult
from zorgroute.models import Achtergrondtaak, Afdeling, Periode, Schooljaar
from zorgroute.pdf import render_pdf
from zorgroute.tenancy.context import TenantContext

from .presentatie import ONDERDELEN, Onderdeel, Opbouw
from .selectors import Selectie, dashboard

SOORT = "opbrengsten-rapport"

TITELS = {
    "naleving": "Cyclus op tijd",
    "signaleringen": "Gesignaleerde leerlingen",
    "doelen": "Doelen bereikt",
    "toetsen": "Toetsresultaten tegen de ambities",
    "zorg": "Zorgstroom",
    "interventies": "Aanpakken en bereikte doelen",
}


@dataclass(frozen=True)
class Sectie:
    """A part of the job: a section of the dashboard, shown by its title."""

    sleutel: str

    def __str__(self) -> str:
        return TITELS.get(self.sleutel, self.sleutel)


def selectie_van(parameters: dict[str, Any]) -> Selectie:
    jaar = Schooljaar.objects.filter(pk=int(parameters.get("schooljaar_id") or 0)).first()
    if jaar is None:
        raise ValueError("het schooljaar van dit rapport bestaat niet meer.")
    periode = (
        Periode.objects.filter(pk=parameters["periode_id"], schooljaar=jaar).first()
        if parameters.get("periode_id")
        else None
    )
    afdeling = (
        Afdeling.objects.filter(pk=parameters["afdeling_id"]).first()
        if parameters.get("afdeling_id")
        else None
    )
    return Selectie(
        jaar, periode, afdeling, parameters.get("leerjaar"), parameters.get("niveau") or None
    )


class OpbrengstenRapport:
    def _mag(self, ctx: TenantContext) -> None:
        if not ctx.has_perm(p.VIEW_OPBRENGSTEN):
            raise ValueError("je mag de opbrengsten van deze school niet (meer) zien.")

    def onderdelen(self, ctx: TenantContext, taak: Achtergrondtaak) -> list[Sectie]:
        self._mag(ctx)
        selectie_van(taak.parameters)
        return [Sectie(s) for s in ONDERDELEN]

    def onderdeel(self, ctx: TenantContext, taak: Achtergrondtaak, item: Sectie) -> Onderdeel:
        self._mag(ctx)
        sel = selectie_van(taak.parameters)
        opbouw = Opbouw(ctx.school.slug, sel)
        maak = getattr(opbouw, item.sleutel)
        onderdeel: Onderdeel = maak(dashboard(sel))
        return onderdeel

    def samenvoegen(
        self, ctx: TenantContext, taak: Achtergrondtaak, delen: list[Onderdeel]
    ) -> JobResult:
        sel = selectie_van(taak.parameters)
        pdf = render_pdf(
            "opbrengsten/pdf/rapport.html",
            {
                "school": ctx.school,
                "selectie": sel,
                "omschrijving": sel.omschrijving(),
                "onderdelen": delen,
                "gegenereerd_op": timezone.now(),
                "aangevraagd_door": ctx.user,
            },
            leerlingen=(),  # aggregates only: no pupil's data in the report
        )
        naam = slugify(f"opbrengsten {ctx.school.slug} {sel.omschrijving()}")
        return JobResult(
            f"{naam}.pdf",
            "application/pdf",
            pdf,
            f"Opbrengstenrapport met {len(delen)} onderdelen",
        )
