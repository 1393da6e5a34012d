"""`manage.py rotate_encryption_keys`: re-encrypt every stored encrypted value with the
first key of ZORGROUTE_ENCRYPTION_KEYS (zorgroute.crypto).

Key rotation: put the new key in front (the old one stays behind it, so everything still
decrypts), run this command, then drop the old key. The encrypted columns are found by
walking the models (every `EncryptedTextField`), so a model added later is covered without
a change here. A school's rows are rewritten inside that school's tenant transaction (the
application role, under row-level security); a global table's rows on the owner connection.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from zorgroute.crypto import EncryptedTextField, rotate
from zorgroute.models import School
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.sql import owner_alias


def encrypted_fields() -> dict[type[models.Model], list[str]]:
    """Every model with encrypted columns, and those columns (history models included)."""
    found: dict[type[models.Model], list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names and not model._meta.proxy:
            found[model] = names
    return found


def _rotate_rows(queryset: models.QuerySet[Any], names: list[str]) -> int:
    """Rewrite each stored value with the first key; read and written as stored (the
    Cast skips the field's decryption, the Value its encryption)."""
    raw = {f"_raw_{name}": Cast(name, models.TextField()) for name in names}
    count = 0
    for row in queryset.annotate(**raw).values("pk", *raw):
        changes = {
            name: models.Value(rotate(row[f"_raw_{name}"]), output_field=models.TextField())
            for name in names
            if row[f"_raw_{name}"]
        }
        if changes:
            queryset.filter(pk=row["pk"]).update(**changes)
            count += 1
    return count


def rotate_all() -> dict[str, int]:
    """Rows rewritten per model label."""
    counts: dict[str, int] = {}
    school_ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    for model, names in encrypted_fields().items():
        label = model._meta.label
        counts[label] = 0
        if any(f.attname == "school_id" for f in model._meta.concrete_fields):
            for school_id in school_ids:
                with tenant_context(school_id):
                    rows = model._base_manager.filter(school_id=school_id)
                    counts[label] += _rotate_rows(rows, names)
        else:
            using = owner_alias()
            with transaction.atomic(using=using):
                counts[label] += _rotate_rows(model._base_manager.using(using).all(), names)
    return counts


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the first key of ZORGROUTE_ENCRYPTION_KEYS "
        "(after putting a new key in front); then the old key can be dropped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in rotate_all().items():
            self.stdout.write(f"{label}: {count} opnieuw versleuteld")
