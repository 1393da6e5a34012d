"""`manage.py migrate` runs as the database owner when MIGRATE_DATABASE_URL is set.

The portal itself logs in as the application role, which owns nothing and so cannot create
or alter a table. Without this override every deploy would have to remember
`--database migrate`; an explicit `--database` still wins.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandParser
from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import DEFAULT_DB_ALIAS


class Command(DjangoMigrateCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        owner = settings.ZORGROUTE_MIGRATE_DB_ALIAS
        parser.set_defaults(database=owner if owner in settings.DATABASES else DEFAULT_DB_ALIAS)
