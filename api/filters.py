"""Filtering shared by the list endpoints: `updated_since`, `groep`, `periode`, each
documented in the schema and validated (a bad value is a 400 problem, never a 500)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.request import Request

PARAM_DOCS = {
    "updated_since": (
        "string",
        "date-time",
        "Only objects changed at or after this moment (ISO 8601, e.g. 2026-09-01T00:00:00Z).",
    ),
    "groep": ("integer", None, "Only objects of this groep (class), by its Zorgroute id."),
    "periode": ("integer", None, "Only objects of this periode (HGW cycle), by its id."),
}


class _Params(serializers.Serializer[Any]):
    updated_since = serializers.DateTimeField(required=False)
    groep = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    periode = serializers.IntegerField(required=False, min_value=1, max_value=2**62)


class ListFilter(BaseFilterBackend):
    """A view declares `filter_fields = {"groep": "<lookup>", …}` and `updated_field`."""

    def _fields(self, view: Any) -> dict[str, str]:
        fields = dict(getattr(view, "filter_fields", {}))
        if getattr(view, "updated_field", None):
            fields["updated_since"] = f"{view.updated_field}__gte"
        return fields

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        fields = self._fields(view)
        params = _Params(data={k: v for k, v in request.query_params.items() if k in fields})
        params.is_valid(raise_exception=True)
        lookups = {fields[k]: v for k, v in params.validated_data.items()}
        return queryset.filter(**lookups) if lookups else queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        result = []
        for name in self._fields(view):
            kind, fmt, description = PARAM_DOCS[name]
            schema: dict[str, Any] = {"type": kind}
            if fmt:
                schema["format"] = fmt
            if kind == "integer":
                schema.update({"minimum": 1, "maximum": 2**62})
            result.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": description,
                    "schema": schema,
                }
            )
        return result


class Ordering(OrderingFilter):
    ordering_description = (
        "Sort by one of the listed fields; prefix with - for descending. The id breaks ties."
    )

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        ordering = self.get_ordering(request, queryset, view)
        if ordering:
            return queryset.order_by(*ordering, "pk")
        return queryset
