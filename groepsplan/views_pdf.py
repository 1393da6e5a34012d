"""PDF downloads: the groepsplan with its groepsoverzicht, an IHP and an OPP ready to sign.
Each download writes one AccessEvent per pupil in it (access_ihp/access_opp and
zorgroute.pdf.render_pdf, through zorgroute.audit)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from groepsoverzicht.access import access_overzicht
from zorgroute import permissions as p
from zorgroute.pdf import render_pdf
from zorgroute.views.base import TenantViewMixin

from .access import access_ihp, access_opp, access_plan
from .pdf import ihp_pdf_context, opp_pdf_context, plan_bestandsnaam, plan_pdf_context


def _download(pdf: bytes, naam: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


class GroepsplanPdfView(TenantViewMixin, View):
    """The overview and the plan as one document (the groepsdossier of the cycle)."""

    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan, _rechten = access_plan(request, kwargs["plan_id"])
        overzicht, overzicht_rechten = access_overzicht(request, plan.groepsoverzicht_id)
        context = plan_pdf_context(self.tenant, plan, overzicht, overzicht_rechten)
        pdf = render_pdf(
            "groepsplan/pdf/plan.html", context, leerlingen=context["leerling_ids"], request=request
        )
        return _download(pdf, plan_bestandsnaam(plan))


class IhpPdfView(TenantViewMixin, View):
    required_permission = p.VIEW_GROEPSPLAN

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ihp, _plan, _rechten = access_ihp(request, kwargs["ihp_id"])
        context = ihp_pdf_context(self.tenant, ihp)
        pdf = render_pdf(
            "groepsplan/pdf/ihp.html", context, leerlingen=[ihp.leerling_id], request=request
        )
        return _download(pdf, context["bestandsnaam"])


class OppPdfView(TenantViewMixin, View):
    required_permission = p.VIEW_LEERLING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opp, _rechten = access_opp(request, kwargs["opp_id"])
        context = opp_pdf_context(self.tenant, opp)
        pdf = render_pdf(
            "groepsplan/pdf/opp.html", context, leerlingen=[opp.leerling_id], request=request
        )
        return _download(pdf, context["bestandsnaam"])
