"""Record a bilateraal overleg about one pupil."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from zorgroute import permissions as p
from zorgroute.views.base import TenantViewMixin


class BilateraalCreateView(TenantViewMixin, View):
    """Record a bilateraal overleg about the pupil of the URL."""

    required_permission = p.MANAGE_BESPREKING

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise Http404  # placeholder until implemented (issue 5, in progress)
