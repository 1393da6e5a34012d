"""Webhook secrets encrypted at rest (zorgroute.crypto): the column becomes text and every
stored secret is written again through the field, which encrypts it.

Runs as the owner, and FORCE ROW LEVEL SECURITY holds for the owner too: each school's rows
are read and written with that school as the tenant."""

from typing import Any

from django.db import migrations

import zorgroute.crypto


def encrypt_existing(apps: Any, schema_editor: Any) -> None:
    Webhook = apps.get_model("zorgroute", "Webhook")
    School = apps.get_model("zorgroute", "School")
    connection = schema_editor.connection
    alias = connection.alias
    postgres = connection.vendor == "postgresql"
    for school_id in School.objects.using(alias).values_list("pk", flat=True):
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('zorgroute.school_id', %s, true)", [str(school_id)]
                )
        # Reading through the field gives the plain secret (a value without the prefix is
        # returned as it is); writing it back through the field encrypts it.
        rows = Webhook.objects.using(alias).filter(school_id=school_id)
        for pk, geheim in rows.values_list("pk", "geheim"):
            rows.filter(pk=pk).update(geheim=geheim)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('zorgroute.school_id', '', true)")


class Migration(migrations.Migration):
    dependencies = [
        ("zorgroute", "0011_leerlinggrant_ingetrokken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="webhook",
            name="geheim",
            field=zorgroute.crypto.EncryptedTextField(editable=False),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
