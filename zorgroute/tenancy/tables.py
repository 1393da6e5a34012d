"""Which tables are school-owned (tenant tables): any table with a `school_id` column, so
the TenantModel subclasses and their history tables. Row-level security
(`zorgroute.tenancy.rls`) and the same-school keys (`zorgroute.tenancy.same_school`) both
start from this list."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model


def tenant_models() -> list[type[Model]]:
    """Every concrete, managed model with a direct school foreign key column."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.abstract or meta.proxy or not meta.managed:
            continue
        if any(getattr(f, "attname", None) == "school_id" for f in meta.concrete_fields):
            found.append(model)
    return found


def tenant_tables() -> list[str]:
    return sorted({m._meta.db_table for m in tenant_models()})
