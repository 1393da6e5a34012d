"""`manage.py school_verwijderen <slug> [--bevestig <slug>]`: delete a whole school.

For the owner of the platform (operations), never for the portal itself: every row of
every tenant table of the school (history and the access log included), the school, and
its board when no other school is left on it. Runs on the owner connection
(`zorgroute.tenancy.sql.delete_schools`: the application role may not delete a school, nor
from the append-only access log). Accounts are global and stay; their memberships of this
school go.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zorgroute.models import School
from zorgroute.tenancy.sql import delete_schools


class Command(BaseCommand):
    help = (
        "Verwijdert een school met al haar gegevens (ook geschiedenis en inzagelog). "
        "Bevestig door de slug te herhalen (--bevestig <slug>, of interactief)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="De slug van de school (uit de adresbalk).")
        parser.add_argument(
            "--bevestig", default=None, help="Herhaal de slug om het verwijderen te bevestigen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"]
        school = School.objects.filter(slug=slug).first()
        if school is None:
            raise CommandError(f"Er is geen school met slug '{slug}'.")
        bevestiging = options["bevestig"]
        if bevestiging is None and options.get("interactive", True):
            bevestiging = input(
                f"Alle gegevens van {school.naam} worden verwijderd. Typ '{slug}' om te "
                "bevestigen: "
            )
        if (bevestiging or "").strip() != slug:
            raise CommandError(f"Niet bevestigd: er is niets verwijderd van {school.naam}.")
        deleted = delete_schools([school.pk], organisatie_ids=[school.organisatie_id])
        self.stdout.write(
            f"{school.naam} verwijderd: {sum(deleted.values())} rijen in {len(deleted)} tabellen."
        )
