"""AVG pages: the overview (open requests, find a pupil), a pupil's AVG page, the export as
JSON and PDF, and the four-eyes erasure (request, confirm, withdraw)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from .. import permissions as p
from ..access import tenant_of
from ..pdf import render_pdf
from ..views.base import TenantTemplateView, TenantViewMixin
from . import selectors, services
from .access import aanvraagrol, access_avg_leerling, mag_anonimiseren, require_avg
from .export import leerling_export
from .forms import VerzoekForm, ZoekForm


class AvgOverzichtView(TenantTemplateView):
    required_permission = p.VIEW_HOME
    template_name = "privacy/overzicht.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        require_avg(self.request)
        context = super().get_context_data(**kwargs)
        form = ZoekForm(self.request.GET or None)
        q = form.cleaned_data["q"] if form.is_valid() else ""
        context.update(
            form=form,
            zoekterm=q,
            leerlingen=selectors.leerlingen_zoeken(q),
            verzoeken=list(selectors.open_verzoeken()),
        )
        return context


def _pagina(request: HttpRequest, leerling_uuid: str) -> str:
    school = tenant_of(request).school.slug
    return reverse("avg-leerling", kwargs={"school": school, "leerling_uuid": leerling_uuid})


class AvgLeerlingView(TenantTemplateView):
    required_permission = p.VIEW_HOME
    template_name = "privacy/leerling.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        leerling = access_avg_leerling(self.request, self.kwargs["leerling_uuid"])
        context = super().get_context_data(**kwargs)
        context.update(
            leerling=leerling,
            open_verzoek=services.open_verzoek(leerling),
            mag_anonimiseren=mag_anonimiseren(tenant_of(self.request)),
            verzoeken=selectors.verzoeken_van(leerling),
            form=kwargs.get("form") or VerzoekForm(),
            fout=kwargs.get("fout"),
        )
        return context


class ExportJsonView(TenantViewMixin, View):
    required_permission = p.VIEW_HOME

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_avg_leerling(request, kwargs["leerling_uuid"])
        data = leerling_export(leerling)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="avg-export-{leerling.uuid}.json"'
        return response


class ExportPdfView(TenantViewMixin, View):
    required_permission = p.VIEW_HOME

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_avg_leerling(request, kwargs["leerling_uuid"])
        pdf = render_pdf(
            "privacy/pdf/export.html",
            {"export": leerling_export(leerling), "leerling": leerling},
            leerlingen=[leerling.pk],
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="avg-export-{leerling.uuid}.pdf"'
        return response


class _AvgPostView(TenantViewMixin, View):
    required_permission = p.VIEW_HOME

    def fout(self, request: HttpRequest, melding: str, status: int, **extra: Any) -> HttpResponse:
        page = AvgLeerlingView(request=request, kwargs=self.kwargs)
        context = page.get_context_data(fout=melding, **extra)
        return render(request, page.template_name, context, status=status)


class VerzoekIndienenView(_AvgPostView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_avg_leerling(request, kwargs["leerling_uuid"], anonimiseren=True)
        form = VerzoekForm(request.POST)
        if not form.is_valid():
            return self.fout(request, "Het verzoek is niet ingediend.", 400, form=form)
        try:
            services.verzoek_indienen(
                leerling=leerling,
                reden=form.cleaned_data["reden"],
                user=self.tenant.user,
                rol=aanvraagrol(self.tenant),
            )
        except services.AvgFout as error:
            return self.fout(request, str(error), 400, form=form)
        messages.success(
            request, "Het verzoek is ingediend; een tweede persoon moet het bevestigen."
        )
        return HttpResponseRedirect(_pagina(request, kwargs["leerling_uuid"]))


class VerzoekBevestigenView(_AvgPostView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_avg_leerling(request, kwargs["leerling_uuid"], anonimiseren=True)
        try:
            verslag = services.verzoek_bevestigen(
                leerling=leerling, user=self.tenant.user, rollen=self.tenant.roles
            )
        except services.AvgFout as error:
            return self.fout(request, str(error), 403)
        messages.success(
            request, f"De leerling is geanonimiseerd ({verslag.totaal} rijen aangepast)."
        )
        return HttpResponseRedirect(_pagina(request, kwargs["leerling_uuid"]))


class VerzoekIntrekkenView(_AvgPostView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        leerling = access_avg_leerling(request, kwargs["leerling_uuid"], anonimiseren=True)
        try:
            services.verzoek_intrekken(leerling=leerling, user=self.tenant.user)
        except services.AvgFout as error:
            return self.fout(request, str(error), 400)
        messages.success(request, "Het verzoek is ingetrokken.")
        return HttpResponseRedirect(_pagina(request, kwargs["leerling_uuid"]))
