"""`{% load privacy %}`: whether the user may open a pupil's AVG page (zorgroute.privacy)."""

from __future__ import annotations

from django import template

from ..privacy.access import mag_avg as _mag_avg
from ..tenancy.context import TenantContext

register = template.Library()


@register.filter
def mag_avg(tenant: TenantContext | None) -> bool:
    return tenant is not None and _mag_avg(tenant)
