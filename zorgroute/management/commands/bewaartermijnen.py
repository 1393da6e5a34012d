"""`manage.py bewaartermijnen [--dry-run] [--school SLUG]`: the retention run by hand.

`--dry-run` prints, per school, which pupils and data classes would be anonymised and why
(leaving date + term) and which are held, changes no data and records that the dry run was
seen. Without it the real run is done, as the nightly job does, and refused for a school
for which no dry run was recorded yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zorgroute.models import School
from zorgroute.privacy.bewaren import selectors, services
from zorgroute.privacy.bewaren.nachtelijk import nachtelijke_run
from zorgroute.tenancy.db import tenant_context


def rapport(overzicht: selectors.Bewaaroverzicht) -> list[str]:
    regels = []
    for regel in overzicht.regels:
        status = "GEBLOKKEERD" if regel.geblokkeerd else "wordt geanonimiseerd"
        klassen = "; ".join(
            f"{k.label}: vertrokken {regel.vertrokken_op:%d-%m-%Y} + {k.jaren} jaar "
            f"= bewaren tot {k.vervaldatum:%d-%m-%Y}"
            for k in regel.klassen
        )
        regels.append(f"  {regel.leerling.volledige_naam} ({status}): {klassen}")
    return regels or ["  Niets voorbij de bewaartermijn."]


class Command(BaseCommand):
    help = "Past de bewaartermijnen toe; met --dry-run alleen een proefrapport (verandert niets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Alleen het proefrapport.")
        parser.add_argument("--school", help="Alleen deze school (korte naam in de URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        scholen = School.objects.order_by("slug")
        if options["school"]:
            scholen = scholen.filter(slug=options["school"])
            if not scholen.exists():
                raise CommandError(f"Geen school met korte naam '{options['school']}'.")
        geweigerd = []
        for school in scholen:
            if options["dry_run"]:
                self._proefrun(school)
            elif not self._uitvoeren(school):
                geweigerd.append(school.slug)
        if geweigerd:
            raise CommandError(
                "Geweigerd voor " + ", ".join(geweigerd) + ": " + services.GEEN_PROEFRUN
            )

    def _proefrun(self, school: School) -> None:
        vandaag = timezone.localdate()
        with tenant_context(school.pk):
            overzicht = selectors.bewaaroverzicht(school, vandaag=vandaag)
            services.proefrun_vastleggen(school=school, user=None, vandaag=vandaag)
        self.stdout.write(
            f"{school.naam} ({school.slug}): {len(overzicht.te_verwerken)} leerling(en) "
            f"zouden worden geanonimiseerd, {len(overzicht.geblokkeerd)} geblokkeerd."
        )
        self.stdout.write("\n".join(rapport(overzicht)))

    def _uitvoeren(self, school: School) -> bool:
        with tenant_context(school.pk):
            if not selectors.proefrun_bekeken():
                self.stderr.write(f"{school.naam} ({school.slug}): nog geen proefrun.")
                return False
        run = nachtelijke_run(school_id=school.pk)
        self.stdout.write(
            f"{school.naam} ({school.slug}): {run.aantal_leerlingen} leerling(en) "
            f"geanonimiseerd, {run.aantal_geblokkeerd} geblokkeerd, "
            f"{run.inzages_verwijderd} oude inzage(s) verwijderd."
        )
        return True
