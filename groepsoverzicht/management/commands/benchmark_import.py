"""Time a results import on the configured database, next to a trivial tenant page.

    python manage.py benchmark_import [--rijen 1000]

Builds a throwaway school (its own minimal data: one class with N pupils, an instrument
with TL/BL/SP/RK, one toetsmoment) and then measures, in this order:

1. `resultaten_importeren` of N rows (one pupil, four values each): all new;
2. the same rows again: an idempotent replay, which must change nothing;
3. the same rows with other values: all updates;
4. the same N rows as a CSV upload through the upload page (HTTP, test Client, as the
   mentor), i.e. parsing + the service + rendering, with other values again;
5. GET /<school>/ as the mentor: a trivial tenant page, for comparison.

Everything runs in one transaction that is rolled back at the end, so nothing is left
behind (the requests run in savepoints of it, as the test suite does). On PostgreSQL the
imports run as the application role under row-level security, as in a request.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from groepsoverzicht.imports import Rij, resultaten_importeren
from groepsoverzicht.models import Domein, Meetinstrument, Resultaat, Toetsmoment
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

CODES = ["TL", "BL", "SP", "RK"]
WAARDEN = ["I", "II", "III", "IV", "V"]


class Rollback(Exception):
    """Raised at the end to roll the throwaway school back."""


class Command(BaseCommand):
    help = "Time a results import (new, replay, update, upload) next to a trivial tenant page."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rijen", type=int, default=1000, help="Rows (pupils) per import.")
        parser.add_argument(
            "--herhalingen", type=int, default=5, help="Requests for the trivial page median."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rijen = options["rijen"]
        if rijen < 1:
            raise CommandError("--rijen must be at least 1")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')} · "
            f"{rijen} rijen × {len(CODES)} domeinen = {rijen * len(CODES)} resultaten"
        )
        try:
            with transaction.atomic():
                self._run(rijen, options["herhalingen"])
                raise Rollback
        except Rollback:
            self.stdout.write("Opgeruimd: de wegwerpschool is teruggedraaid.")

    # --- data ------------------------------------------------------------------------------

    def _school(self, rijen: int) -> dict[str, Any]:
        tag = uuid.uuid4().hex[:8]
        organisatie = m.Organisatie.objects.create(naam=f"Benchmark {tag}")
        school = m.School.objects.create(
            organisatie=organisatie,
            naam=f"Benchmark {tag}",
            slug=f"benchmark-{tag}",
            brin=f"{int(tag[:4], 16) % 100:02d}ZZ",
            type=m.SchoolType.VO,
        )
        mentor = m.Gebruiker.objects.create_user(
            email=f"mentor-{tag}@benchmark.invalid",
            password=None,
            voornaam="Bench",
            achternaam="Mark",
        )
        today = timezone.localdate()
        start = dt.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
        with tenant_context(school.pk):
            m.Lidmaatschap.objects.create(school=school, gebruiker=mentor, rol=m.Rol.DOCENT)
            jaar = m.Schooljaar.objects.create(
                school=school,
                naam=f"{start.year}-{start.year + 1}",
                startdatum=start,
                einddatum=dt.date(start.year + 1, 7, 31),
            )
            groep = m.Groep.objects.create(
                school=school, schooljaar=jaar, naam="1A", leerjaar=1, niveau=m.Niveau.HAVO
            )
            m.Mentoraat.objects.create(school=school, groep=groep, gebruiker=mentor)
            leerlingen = m.Leerling.objects.bulk_create(
                [
                    m.Leerling(
                        school=school,
                        voornaam=f"Leerling{i}",
                        achternaam=f"Achternaam{i}",
                        geboortedatum=dt.date(2013, 1, 1),
                        leerlingnummer=str(500000 + i),
                    )
                    for i in range(rijen)
                ],
                batch_size=1000,
            )
            m.Plaatsing.objects.bulk_create(
                [
                    m.Plaatsing(school=school, leerling=ll, groep=groep, startdatum=start)
                    for ll in leerlingen
                ],
                batch_size=1000,
            )
            instrument = Meetinstrument.objects.create(
                school=school, naam="Cito VAS", soort="basis", schaal="niveau_i_v"
            )
            for volgorde, code in enumerate(CODES, start=1):
                Domein.objects.create(
                    school=school, instrument=instrument, code=code, naam=code, volgorde=volgorde
                )
            toetsmoment = Toetsmoment.objects.create(
                school=school, instrument=instrument, naam="M1", datum=start + dt.timedelta(days=40)
            )
        return {
            "school": school,
            "mentor": mentor,
            "groep": groep,
            "leerlingen": leerlingen,
            "toetsmoment": toetsmoment,
        }

    # --- measurements ----------------------------------------------------------------------

    def _import(self, data: dict[str, Any], shift: int) -> tuple[float, Any]:
        rows = [
            Rij(
                nummer=i + 2,
                leerling=ll.leerlingnummer,
                waarden={c: WAARDEN[(i + j + shift) % 5] for j, c in enumerate(CODES)},
            )
            for i, ll in enumerate(data["leerlingen"])
        ]
        school = data["school"]
        with tenant_context(school.pk, user_id=data["mentor"].pk):
            began = time.perf_counter()
            result = resultaten_importeren(
                school=school,
                toetsmoment=data["toetsmoment"],
                rijen=rows,
                bron="import",
                user=data["mentor"],
                groep=data["groep"],
            )
            elapsed = time.perf_counter() - began
        if not result.opgeslagen:
            raise CommandError(f"Import refused: {result.fouten[:3]}")
        return elapsed, result

    def _report(self, label: str, rijen: int, seconds: float, extra: str = "") -> None:
        self.stdout.write(
            f"{label:<44} {seconds * 1000:9.1f} ms  {rijen / seconds:9.0f} rijen/s  {extra}"
        )

    def _timed(self, call: Callable[[], Any]) -> tuple[float, Any]:
        began = time.perf_counter()
        value = call()
        return time.perf_counter() - began, value

    def _run(self, rijen: int, herhalingen: int) -> None:
        began = time.perf_counter()
        data = self._school(rijen)
        self.stdout.write(
            f"Wegwerpschool {data['school'].slug} opgebouwd in "
            f"{(time.perf_counter() - began) * 1000:.0f} ms"
        )

        seconds, r = self._import(data, 0)
        self._report("1. import, alles nieuw", rijen, seconds, f"+{r.aangemaakt}")
        seconds, r = self._import(data, 0)
        if r.gewijzigd:
            raise CommandError(f"The replay changed {r.gewijzigd} results; it must change none")
        self._report("2. dezelfde import opnieuw (idempotent)", rijen, seconds, f"={r.ongewijzigd}")
        seconds, r = self._import(data, 1)
        self._report("3. import, alles gewijzigd", rijen, seconds, f"~{r.bijgewerkt}")

        with tenant_context(data["school"].pk):
            stored = Resultaat.objects.filter(toetsmoment=data["toetsmoment"]).count()
        if stored != rijen * len(CODES):
            raise CommandError(f"Expected {rijen * len(CODES)} results, found {stored}")

        slug = data["school"].slug
        client = Client()
        client.force_login(data["mentor"])
        secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts):
            csv_lines = ["leerlingnummer;naam;" + ";".join(CODES)]
            for i, ll in enumerate(data["leerlingen"]):
                waarden = [WAARDEN[(i + j + 2) % 5] for j in range(len(CODES))]
                csv_lines.append(f"{ll.leerlingnummer};{ll.volledige_naam};" + ";".join(waarden))
            upload = io.BytesIO("\n".join(csv_lines).encode())
            upload.name = "benchmark.csv"
            url = reverse(
                "resultaten-uploaden",
                kwargs={
                    "school": slug,
                    "groep_id": data["groep"].pk,
                    "toetsmoment_id": data["toetsmoment"].pk,
                },
            )
            seconds, response = self._timed(
                lambda: client.post(url, {"bestand": upload}, secure=secure)
            )
            if response.status_code != 302:
                raise CommandError(f"Upload answered {response.status_code}")
            self._report("4. CSV-upload via de pagina (HTTP)", rijen, seconds, "~ alles")

            home = reverse("home", kwargs={"school": slug})
            client.get(home, secure=secure)  # warm-up
            times = []
            for _ in range(herhalingen):
                seconds, response = self._timed(lambda: client.get(home, secure=secure))
                if response.status_code != 200:
                    raise CommandError(f"/{slug}/ answered {response.status_code}")
                times.append(seconds)
            self.stdout.write(
                f"{'5. GET /<school>/ als mentor (mediaan)':<44} "
                f"{statistics.median(times) * 1000:9.1f} ms  (min {min(times) * 1000:.1f} ms, "
                f"{herhalingen}×)"
            )
