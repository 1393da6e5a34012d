"""The tenant base: every school-owned row carries a direct `school` foreign key."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes.exceptions import ScopeError
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope
from simple_history.models import HistoricalRecords

_M = TypeVar("_M", bound=models.Model)


class TenantManager(models.Manager[_M]):
    """django-scopes' `ScopedManager(school="school")`, as a class type checkers follow.

    Fail-closed: outside `scope(school=…)` every query raises `ScopeError` instead of
    returning every school's rows. Unlike ScopedManager, a scope of `school=None` also
    raises rather than meaning "all schools"; `zorgroute.tenancy.sql.cross_tenant_reads()`
    is the explicit way out.
    """

    def get_queryset(self) -> models.QuerySet[_M]:
        current: dict[str, Any] = get_scope()
        if not current.get("_enabled", True):
            return super().get_queryset()
        if "school" not in current:
            return DisabledQuerySet(self.model, using=self._db, missing_scopes={"school"})
        value = current["school"]
        if value is None:
            raise ScopeError("scope(school=None) is not a school")
        qs = super().get_queryset()
        if isinstance(value, list | tuple | set | frozenset):
            return qs.filter(school__in=value)
        return qs.filter(school=value)

    def all(self) -> models.QuerySet[_M]:
        qs = super().all()
        if isinstance(qs, DisabledQuerySet):
            qs.all()  # raises ScopeError
        return qs

    def for_school(self, school_id: int) -> models.QuerySet[_M]:
        """One school's rows whatever the current scope (model validation uses this)."""
        return super().get_queryset().filter(school_id=school_id)


class TenantModel(models.Model):
    """Abstract base for every table owned by one school.

    The default manager is fail-closed (TenantManager). On PostgreSQL the table also gets a
    row-level security policy on `school_id` (see `zorgroute.tenancy.rls`).
    """

    school = models.ForeignKey("zorgroute.School", on_delete=models.CASCADE, related_name="+")

    objects = TenantManager()

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedDocument(TenantModel):
    """Abstract base for a document that colleagues may edit at the same time (an overview
    row, a plan, a verslag, a roster row in beheer): an integer `versie` that every save
    raises, who saved it last, and its history.

    Saves that must not overwrite a colleague's edit go through `zorgroute.versioning`
    (`update_document` for a whole form, `update_field` for one autosaved field); both lock
    the row and raise `StaleVersion`. A plain `save()` raises the version too, so an
    import or a background job also makes an open form stale.
    """

    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    gewijzigd_door = models.ForeignKey(
        "zorgroute.Gebruiker",
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.versie += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "versie"}
        super().save(*args, **kwargs)
