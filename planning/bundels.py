"""The PDF bundle of a cycle: every groepsoverzicht (with its groepsplan, when there is one)
of one class or of the whole school, as one PDF or as a ZIP with one PDF per group.

A background job kind (zorgroute.background): one part per overview, so the progress bar
moves per group. Only what the requester may open goes in, with the rights they have when
the job runs; every pupil in the bundle is in the access log, as with a single download.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from pypdf import PdfWriter

from groepsoverzicht.access import rechten, visible_overzichten, with_rights, with_verantwoordelijke
from groepsoverzicht.models import Groepsoverzicht
from groepsoverzicht.pdf import bestandsnaam as overzicht_bestandsnaam
from groepsoverzicht.pdf import overzicht_pdf_context
from groepsplan.access import visible_plannen
from groepsplan.pdf import plan_bestandsnaam, plan_pdf_context
from zorgroute.audit import write_access_events
from zorgroute.background import JobResult
from zorgroute.models import Achtergrondtaak
from zorgroute.pdf import render_pdf
from zorgroute.tenancy.context import TenantContext

SOORT = "pdf-bundel"


@dataclass(frozen=True)
class Onderdeel:
    overzicht_id: int
    naam: str

    def __str__(self) -> str:
        return self.naam


@dataclass(frozen=True)
class Pdf:
    naam: str
    inhoud: bytes
    is_plan: bool


class PdfBundel:
    def _overzichten(self, ctx: TenantContext, taak: Achtergrondtaak) -> QuerySet[Groepsoverzicht]:
        qs = visible_overzichten(ctx).filter(periode_id=taak.parameters["periode_id"])
        if taak.parameters.get("groep_id"):
            qs = qs.filter(groep_id=taak.parameters["groep_id"])
        return qs

    def onderdelen(self, ctx: TenantContext, taak: Achtergrondtaak) -> list[Onderdeel]:
        items = [
            Onderdeel(o.pk, str(o))
            for o in self._overzichten(ctx, taak)
            .select_related("groep", "periode", "lesgroep")
            .order_by("groep__naam", "cyclus", "lesgroep__naam")
        ]
        if not items:
            raise ValueError("in deze cyclus zijn geen groepsoverzichten die je mag openen.")
        return items

    def onderdeel(self, ctx: TenantContext, taak: Achtergrondtaak, item: Onderdeel) -> Pdf | None:
        overzicht = (
            with_verantwoordelijke(with_rights(self._overzichten(ctx, taak), ctx))
            .select_related("groep", "groep__schooljaar", "periode", "lesgroep", "lesgroep__vak")
            .filter(pk=item.overzicht_id)
            .first()
        )
        if overzicht is None:  # no longer visible since the job was queued
            return None
        overzicht_rechten = rechten(ctx, overzicht)
        plan = (
            visible_plannen(ctx)
            .select_related("groepsoverzicht", "groepsoverzicht__periode", "groepsoverzicht__groep")
            .select_related("groepsoverzicht__lesgroep")
            .filter(groepsoverzicht=overzicht)
            .first()
        )
        if plan is not None:
            context = plan_pdf_context(ctx, plan, overzicht, overzicht_rechten)
            template = "groepsplan/pdf/plan.html"
            naam = plan_bestandsnaam(plan)
        else:
            context = overzicht_pdf_context(ctx, overzicht, overzicht_rechten)
            template = "groepsoverzicht/pdf/overzicht.html"
            naam = overzicht_bestandsnaam(overzicht)
        pdf = render_pdf(template, context, leerlingen=context["leerling_ids"])
        # No request here: the bundle is this chokepoint of the access log (zorgroute.audit),
        # every pupil in it on behalf of the user who asked for it.
        write_access_events(
            school_id=ctx.school.pk,
            gebruiker_id=ctx.user.pk,
            leerling_ids=context["leerling_ids"],
            pagina="planning:pdf-bundel",
            pad=f"achtergrondtaak/{taak.uuid}",
        )
        return Pdf(naam=naam, inhoud=pdf, is_plan=plan is not None)

    def samenvoegen(
        self, ctx: TenantContext, taak: Achtergrondtaak, delen: list[Pdf | None]
    ) -> JobResult:
        pdfs = [d for d in delen if d is not None]
        if not pdfs:
            raise ValueError("geen van de groepsoverzichten is nog zichtbaar voor je.")
        basis = slugify(f"bundel {taak.titel} {timezone.localdate():%Y-%m-%d}")
        plannen = sum(1 for d in pdfs if d.is_plan)
        omschrijving = (
            f"{len(pdfs)} groepsoverzicht{'en' if len(pdfs) != 1 else ''}, "
            f"waarvan {plannen} met groepsplan"
        )
        if taak.parameters.get("vorm") == "zip":
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archief:
                gebruikt: set[str] = set()
                for nummer, d in enumerate(pdfs, start=1):
                    naam = d.naam if d.naam not in gebruikt else f"{nummer}-{d.naam}"
                    gebruikt.add(naam)
                    archief.writestr(naam, d.inhoud)
            return JobResult(f"{basis}.zip", "application/zip", buffer.getvalue(), omschrijving)
        writer = PdfWriter()
        for d in pdfs:
            writer.append(io.BytesIO(d.inhoud), outline_item=d.naam.removesuffix(".pdf"))
        buffer = io.BytesIO()
        writer.write(buffer)
        return JobResult(f"{basis}.pdf", "application/pdf", buffer.getvalue(), omschrijving)
