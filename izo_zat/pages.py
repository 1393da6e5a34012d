"""What every IZO/ZAT page needs: URLs within the school and the base context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from zorgroute.access import tenant_of


def school_url(request: HttpRequest, name: str, **kwargs: Any) -> str:
    return reverse(name, kwargs={"school": tenant_of(request).school.slug, **kwargs})


def page_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    ctx = tenant_of(request)
    return {"tenant": ctx, "school": ctx.school, **extra}
