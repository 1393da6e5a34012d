"""Plan and prepare besprekingen: list, plan/change, the preparation page (agenda pre-filled
from the data, checklist bijlage 17, questions from teachers)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.views.base import TenantViewMixin


class BesprekingListView(TenantViewMixin, View):
    """All meetings the user may see: coming, ongoing, closed."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class BesprekingCreateView(TenantViewMixin, View):
    """Plan a groeps- or vakspecifieke bespreking for an overview (?overzicht=<id>)."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class BesprekingDetailView(TenantViewMixin, View):
    """The preparation page: attendees, agenda pre-filled from the data, checklist, questions."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class BesprekingUpdateView(TenantViewMixin, View):
    """Change date, time, chair and attendees of a meeting that is not closed."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)


class InbrengCreateView(TenantViewMixin, View):
    """A teacher submits a question or discussion point beforehand."""

    required_permission = p.VIEW_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)
