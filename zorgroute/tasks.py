"""Celery base task: ids in, tenant scope re-entered, a service called."""

from __future__ import annotations

from typing import Any

from celery import Task

from .tenancy.db import tenant_context


class TenantTask(Task):
    """Every tenant task takes `school_id` as a keyword argument and runs inside
    `tenant_context(school_id)`: its own transaction as the application role, the RLS tenant
    setting and the django-scopes scope. Arguments are ids, never model instances."""

    abstract = True

    def __call__(self, *args: Any, school_id: int, **kwargs: Any) -> Any:
        with tenant_context(int(school_id)):
            return super().__call__(*args, school_id=school_id, **kwargs)
