"""The tenant base: every school-owned row carries a direct `school` foreign key."""

from django.db import models
from django_scopes import ScopedManager


class TenantModel(models.Model):
    """Abstract base for every table owned by one school.

    The default manager is fail-closed: a query outside `scope(school=…)` raises
    `ScopeError` instead of returning every school's rows. On PostgreSQL the table also gets
    a row-level security policy on `school_id` (see `zorgroute.tenancy.rls`).
    """

    school = models.ForeignKey("zorgroute.School", on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(school="school")

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
