"""The prepared IZO aanmelding (bijlage 20) a groepsbespreking decision opens."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.views.base import TenantViewMixin


class AanmeldingView(TenantViewMixin, View):
    """Show and complete the prepared aanmelding."""

    required_permission = p.AANMELDEN_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)
