"""The groepsoverzicht as a PDF download (landscape, dated, with the school's name)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.audit import log_leerlingen_access
from zorgroute.pdf import render_pdf
from zorgroute.views.base import TenantViewMixin

from .access import access_overzicht
from .pdf import bestandsnaam, overzicht_pdf_context


class OverzichtPdfView(TenantViewMixin, View):
    required_permission = p.VIEW_GROEPSOVERZICHT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        overzicht, rechten = access_overzicht(request, kwargs["overzicht_id"])
        context = overzicht_pdf_context(self.tenant, overzicht, rechten)
        pdf = render_pdf("groepsoverzicht/pdf/overzicht.html", context, request=request)
        # The download leaves the system with every pupil's care data: log it per pupil.
        log_leerlingen_access(request, [rij.regel.leerling_id for rij in context["grid"].rijen])
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(overzicht)}"'
        return response
