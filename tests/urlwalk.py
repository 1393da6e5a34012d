"""Enumerate every URL pattern of the project, so tests cover new URLs automatically."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

KWARG_RE = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    callback: Any

    @property
    def kwargs(self) -> list[str]:
        return KWARG_RE.findall(self.route)

    @property
    def is_tenant(self) -> bool:
        return self.route.startswith("<slug:school>/")

    @property
    def is_api(self) -> bool:
        """A REST API endpoint of one school (tests/api walks these from the schema)."""
        return self.route.startswith("api/v1/<slug:school>/")

    def url(self, values: dict[str, Any]) -> str:
        assert self.name, self.route
        return reverse(self.name, kwargs={k: values[k] for k in self.kwargs})


def _walk(resolver: URLResolver, prefix: str) -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield Route(prefix + str(pattern.pattern), pattern.name, pattern.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver(), ""))


def api_routes() -> list[Route]:
    return [r for r in all_routes() if r.is_api]


def tenant_routes() -> list[Route]:
    return [r for r in all_routes() if r.is_tenant]
