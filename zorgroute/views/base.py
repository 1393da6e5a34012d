"""Base classes for tenant views: the middleware has already resolved the school, checked
the membership and the declared permission; these give the view its typed context."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.views.generic import TemplateView

from ..access import tenant_of
from ..tenancy.context import TenantContext


class TenantViewMixin:
    #: The permission (zorgroute.permissions) a user needs to open this view at all.
    required_permission: str = ""
    request: HttpRequest

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # 404, not 405: a tenant URL answers the same for a foreign id and a wrong method,
        # so probing with other methods tells nothing about which ids exist.
        raise Http404

    @property
    def tenant(self) -> TenantContext:
        return tenant_of(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["tenant"] = self.tenant
        context["school"] = self.tenant.school
        return context


class TenantTemplateView(TenantViewMixin, TemplateView):
    pass
