"""Run a meeting on a projector-friendly screen, record per agenda point what was agreed,
decisions about pupils and actions, close it with the report (bijlage 16) and its PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.views.base import TenantViewMixin


class VergaderingView(TenantViewMixin, View):
    """The meeting screen."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class StartenView(TenantViewMixin, View):
    """Start the meeting (status bezig)."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class VerslagpuntView(TenantViewMixin, View):
    """Save what was agreed on one agenda point."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class InbrengBesprokenView(TenantViewMixin, View):
    """Mark a question as discussed (or not)."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class BesluitCreateView(TenantViewMixin, View):
    """Record a decision about a pupil."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class BesluitDeleteView(TenantViewMixin, View):
    """Remove a decision recorded by mistake."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class ActieCreateView(TenantViewMixin, View):
    """Add an action with owner and due date."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class ActieDeleteView(TenantViewMixin, View):
    """Remove an action added by mistake."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class ActieAfvinkenView(TenantViewMixin, View):
    """The owner (or whoever runs the meeting) marks an action done or open again."""

    required_permission = p.VIEW_HOME

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class AfsluitenView(TenantViewMixin, View):
    """Close the meeting with the summary; the report goes to every attendee."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class VerslagView(TenantViewMixin, View):
    """The report of bijlage 16."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class VerslagPdfView(TenantViewMixin, View):
    """The report as PDF."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)
