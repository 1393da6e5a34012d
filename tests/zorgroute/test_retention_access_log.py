"""The access log is kept five years and protected (issue 19): the application role cannot
change or delete it; only the nightly job's purge, on the owner connection, removes what
is older than five years."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from zorgroute import models as m
from zorgroute.audit import write_access_events
from zorgroute.privacy.bewaren.nachtelijk import nachtelijke_run
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.sql import execute_in_tenant

from ..tenancy_helpers import commits_with_owner
from ..world import SchoolWorld


def _inzage(world: SchoolWorld, op: dt.datetime) -> None:
    with time_machine.travel(op, tick=False), tenant_context(world.school.pk):
        write_access_events(
            school_id=world.school.pk,
            gebruiker_id=world.users["mentor"].pk,
            leerling_ids=[world.leerling.pk],
            pagina="bewaartest",
            pad=f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/",
        )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE zorgroute_accessevent SET pad = 'gewist'",
        "DELETE FROM zorgroute_accessevent",
        "TRUNCATE zorgroute_accessevent",
    ],
)
def test_the_application_role_cannot_change_or_delete_the_access_log(
    world: SchoolWorld, sql: str
) -> None:
    _inzage(world, timezone.now())
    with tenant_context(world.school.pk):
        with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
            execute_in_tenant(sql)
        assert m.AccessEvent.objects.filter(pagina="bewaartest").count() == 1


def test_the_access_log_has_no_update_policy_and_deletes_only_for_the_owner(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT policyname, cmd, roles::text[] FROM pg_policies "
            "WHERE tablename = 'zorgroute_accessevent' ORDER BY policyname"
        )
        policies = cursor.fetchall()
        cursor.execute(
            "SELECT has_table_privilege(%s, 'zorgroute_accessevent', p) "
            "FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p",
            [settings.ZORGROUTE_DB_APP_ROLE],
        )
        grants = [row[0] for row in cursor.fetchall()]
    owner = settings.DATABASES[settings.ZORGROUTE_MIGRATE_DB_ALIAS]["USER"]
    assert policies == [
        ("owner_purge", "DELETE", [owner]),
        ("tenant_append", "INSERT", ["public"]),
        ("tenant_isolation", "SELECT", ["public"]),
    ]
    assert grants == [True, True, False, False, False]


@commits_with_owner
def test_the_nightly_job_purges_entries_older_than_five_years_only(
    school_a: SchoolWorld, school_b: SchoolWorld
) -> None:
    nu = timezone.now()
    with time_machine.travel(nu, tick=False):
        _inzage(school_a, nu - dt.timedelta(days=5 * 365 + 5))  # past five years
        _inzage(school_a, nu - dt.timedelta(days=5 * 365 - 5))  # not yet
        _inzage(school_b, nu - dt.timedelta(days=6 * 365))  # another school's
        run = nachtelijke_run(school_id=school_a.school.pk)
        again = nachtelijke_run(school_id=school_a.school.pk)
    assert (run.inzages_verwijderd, again.inzages_verwijderd) == (1, 0)
    with tenant_context(school_a.school.pk):
        left = list(
            m.AccessEvent.objects.filter(pagina="bewaartest").values_list("created_at", flat=True)
        )
        assert left == [nu - dt.timedelta(days=5 * 365 - 5)]
        # No dry run was recorded: the pupils' data was left alone, and the record says so.
        assert "nog geen proefrun" in m.Bewaarrun.objects.get(pk=run.pk).toelichting
    with tenant_context(school_b.school.pk):
        assert m.AccessEvent.objects.filter(pagina="bewaartest").count() == 1
