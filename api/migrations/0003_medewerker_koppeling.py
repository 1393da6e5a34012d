"""Issue 19, accounts stay in their school: a medewerker's sourcedId points at the school's
own staff record (`zorgroute.Medewerker`) instead of the global account."""

from django.db import migrations

REPOINT = """
UPDATE api_externkoppeling SET model = 'zorgroute.medewerker', object_id = m.id
FROM zorgroute_medewerker m
WHERE api_externkoppeling.soort = 'medewerker'
  AND api_externkoppeling.model = 'zorgroute.gebruiker'
  AND m.school_id = api_externkoppeling.school_id
  AND m.gebruiker_id = api_externkoppeling.object_id
"""
TABLES = ("api_externkoppeling", "zorgroute_medewerker")


def repoint(apps, schema_editor):
    # Runs as the owner, for whom row-level security is forced: lifted for this statement.
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    schema_editor.execute(REPOINT)
    if postgres:
        # Check the deferred foreign keys now: a table with pending trigger events cannot
        # be altered in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_externkoppeling"),
        ("zorgroute", "0013_medewerker_uitnodiging"),
    ]

    operations = [migrations.RunPython(repoint, migrations.RunPython.noop)]
