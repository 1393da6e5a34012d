from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from django.db import connections
from django.db.models import Model

from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.tables import tenant_models


def school_checksum(school: m.School) -> str:
    """A hash of every row the school owns (tenant tables, history included), its school
    row and its staff accounts: equal before and after means nothing was changed."""
    digest = hashlib.sha256()
    with tenant_context(school.pk):
        for model in sorted(tenant_models(), key=lambda mdl: mdl._meta.label):
            rows = list(model._base_manager.filter(school_id=school.pk).order_by("pk").values())
            digest.update(model._meta.label.encode())
            digest.update(json.dumps(rows, default=str, sort_keys=True).encode())
        user_ids = list(
            m.Lidmaatschap.objects.values_list("gebruiker_id", flat=True).order_by("gebruiker_id")
        )
    digest.update(
        json.dumps(list(m.School.objects.filter(pk=school.pk).values()), default=str).encode()
    )
    users = m.Gebruiker.objects.filter(pk__in=user_ids).order_by("pk").values()
    digest.update(json.dumps(list(users), default=str).encode())
    return digest.hexdigest()


def conninfo(alias: str) -> str:
    """The psycopg connection string of a Django database alias (its test database)."""
    params = connections[alias].get_connection_params()
    keys = {"dbname", "user", "password", "host", "port"}
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if k in keys})


@contextmanager
def committed_connection(alias: str = "migrate") -> Iterator[psycopg.Connection[Any]]:
    """A connection of its own, outside the test's transaction, in autocommit: the owner
    ("migrate") for DDL a test needs for a while, or "default" (the application role).
    Opened by hand: inside a test, Django refuses queries on an alias it did not ask for."""
    with psycopg.connect(conninfo(alias), autocommit=True) as conn:
        yield conn


#: For a test of maintenance that runs on the owner connection (tenancy.sql.delete_schools):
#: that is a second connection, which sees only committed rows, so the test commits.
commits_with_owner = pytest.mark.django_db(transaction=True, databases=["default", "migrate"])


def cross_school_references(school: m.School, other: m.School) -> set[str]:
    """Every reference from a row of `school` to a row of `other` (a tenant row, or a staff
    account that belongs to `other` and not to `school`), as "model.field → id" lines.

    RLS hides the other school's rows inside one tenant, so the ids are read in `school`'s
    tenant and looked up in `other`'s."""
    models = tenant_models()
    refs: dict[tuple[type[Model], str, type[Model]], set[object]] = {}
    with tenant_context(school.pk):
        for model in models:
            for fk in model._meta.concrete_fields:
                target = fk.related_model
                if not fk.is_relation or target is None or fk.attname == "school_id":
                    continue
                if target not in models and target is not m.Gebruiker:
                    continue
                ids = set(
                    model._base_manager.filter(school_id=school.pk)
                    .exclude(**{f"{fk.attname}__isnull": True})
                    .values_list(fk.attname, flat=True)
                )
                if ids:
                    refs[(model, fk.name, target)] = ids
        eigen = set(m.Lidmaatschap.objects.values_list("gebruiker_id", flat=True))
    found: set[str] = set()
    with tenant_context(other.pk):
        vreemd = set(m.Lidmaatschap.objects.values_list("gebruiker_id", flat=True)) - eigen
        for (model, name, target), ids in refs.items():
            if target is m.Gebruiker:
                hits = ids & vreemd
            else:
                hits = set(
                    target._base_manager.filter(school_id=other.pk, pk__in=ids).values_list(
                        "pk", flat=True
                    )
                )
            found |= {f"{model._meta.label}.{name} → {hit}" for hit in hits}
    return found
