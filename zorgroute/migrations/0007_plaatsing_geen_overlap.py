"""PostgreSQL refuses two plaatsingen of one leerling whose date ranges overlap.

The same rule as Plaatsing.clean(): for one leerling, [startdatum, einddatum] (both days
included, no einddatum = open-ended) may not overlap another plaatsing's range, in any
groep or schooljaar. clean() gives the Dutch message; this constraint also holds for raw
SQL, bulk paths and two requests racing past clean(). leerling_id already fixes the school.

Only on PostgreSQL: the demo database is SQLite, where clean() remains the rule.
btree_gist gives the `=` operator on a bigint a GiST operator class; it is a trusted
extension (PostgreSQL 13+), so the database owner that runs migrations may create it.
Reversing drops the constraint but keeps the extension, which other objects may use.
"""

from django.db import migrations

TABLE = "zorgroute_plaatsing"
NAME = "plaatsing_geen_overlap"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(leerling_id WITH =, daterange(startdatum, einddatum, '[]') WITH &&)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("zorgroute", "0006_webhook"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
