"""Trajecten (one per pupil), the shortened route, the consent registry and the partner
organisations."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.views.base import TenantViewMixin


class TrajectListView(TenantViewMixin, View):
    """Trajecten the user may see."""

    required_permission = p.VIEW_TRAJECT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class TrajectDetailView(TenantViewMixin, View):
    """One traject."""

    required_permission = p.VIEW_TRAJECT

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class TrajectUpdateView(TenantViewMixin, View):
    """Care level and IZO date."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class TrajectAfsluitenView(TenantViewMixin, View):
    """Close a traject with a reason."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class TrajectVerkortView(TenantViewMixin, View):
    """The shortened route: start a traject directly."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class ToestemmingenView(TenantViewMixin, View):
    """The pupil's consent registry and recording consent."""

    required_permission = p.MANAGE_TOESTEMMING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class ToestemmingIntrekkenView(TenantViewMixin, View):
    """Withdraw consent."""

    required_permission = p.MANAGE_TOESTEMMING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class PartnerListView(TenantViewMixin, View):
    """Partner organisations of the school."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)


class PartnerUpdateView(TenantViewMixin, View):
    """Change a partner organisation."""

    required_permission = p.TRIAGE_IZO

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 6, in progress)
