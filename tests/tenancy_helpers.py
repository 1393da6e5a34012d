from __future__ import annotations

import hashlib
import json

import pytest

from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.rls import tenant_models


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


#: For a test of maintenance that runs on the owner connection (tenancy.sql.delete_schools):
#: that is a second connection, which sees only committed rows, so the test commits.
commits_with_owner = pytest.mark.django_db(transaction=True, databases=["default", "migrate"])
