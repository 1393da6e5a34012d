"""The access log is append-only for the portal (issue 19): the application role may read
and insert, never UPDATE, DELETE or TRUNCATE. `zorgroute.tenancy.rls` grants the same after
every migrate (APPEND_ONLY_TABLES) and gives the table only SELECT and INSERT policies; this
migration revokes explicitly, so a database migrated to here is protected whatever ran
before."""

from typing import Any

from django.conf import settings
from django.db import migrations


def revoke(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    role = settings.ZORGROUTE_DB_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            return
        cursor.execute(
            "REVOKE UPDATE, DELETE, TRUNCATE ON zorgroute_accessevent FROM "
            + connection.ops.quote_name(role)
        )


class Migration(migrations.Migration):
    dependencies = [("zorgroute", "0016_bewaren")]

    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
