"""The groepsoverzicht as a PDF download (landscape, dated, with the school's name)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.pdf import render_pdf
from zorgroute.views.base import TenantViewMixin

from .access import access_overzicht
from .pdf import bestandsnaam, overzicht_pdf_context


class OverzichtPdfView(TenantViewMixin, View):
    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht, rechten = access_overzicht(request, kwargs["overzicht_id"])
        context = overzicht_pdf_context(self.tenant, overzicht, rechten)
        # The download leaves the system with every pupil's data: render_pdf logs each.
        pdf = render_pdf(
            "groepsoverzicht/pdf/overzicht.html",
            context,
            leerlingen=context["leerling_ids"],
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(overzicht)}"'
        return response
