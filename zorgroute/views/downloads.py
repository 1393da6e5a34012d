"""My downloads: the background jobs I started, their progress, and the finished files.
Staff only (VIEW_GROEP): the jobs there are exports of school data.

Only the requester sees a job (anyone else gets 404, also within the school). The detail
page polls its own progress fragment with htmx while the job runs; without JavaScript a
meta refresh does the same."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views import View

from .. import permissions as p
from ..models import Achtergrondtaak, TaakStatus
from .base import TenantViewMixin


def eigen_achtergrondtaken(request: HttpRequest) -> Any:
    tenant = request.tenant  # type: ignore[attr-defined]
    return Achtergrondtaak.objects.filter(aangevraagd_door_id=tenant.user.pk)


def _taak(request: HttpRequest, taak_uuid: Any) -> Achtergrondtaak:
    taak = eigen_achtergrondtaken(request).filter(uuid=taak_uuid).first()
    if taak is None:
        raise Http404
    return taak


class DownloadListView(TenantViewMixin, View):
    required_permission = p.VIEW_GROEP

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        taken = list(eigen_achtergrondtaken(request).order_by("-aangemaakt_op")[:50])
        return render(
            request,
            "zorgroute/downloads.html",
            {
                "tenant": self.tenant,
                "school": self.tenant.school,
                "taken": taken,
                "loopt": any(t.loopt for t in taken),
            },
        )


class DownloadDetailView(TenantViewMixin, View):
    required_permission = p.VIEW_GROEP

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        taak = _taak(request, kwargs["taak_uuid"])
        template = (
            "zorgroute/partials/download_status.html"
            if getattr(request, "htmx", False)
            else "zorgroute/download_detail.html"
        )
        return render(
            request, template, {"tenant": self.tenant, "school": self.tenant.school, "taak": taak}
        )


class DownloadBestandView(TenantViewMixin, View):
    required_permission = p.VIEW_GROEP

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        taak = _taak(request, kwargs["taak_uuid"])
        if taak.status != TaakStatus.KLAAR or not taak.bestand:
            raise Http404
        return FileResponse(
            taak.bestand.open("rb"),
            as_attachment=True,
            filename=taak.bestandsnaam,
            content_type=taak.mime_type or "application/octet-stream",
        )
