"""Time the groepsoverzicht page and its PDF on the configured database, next to a
trivial tenant page in the same run.

    python manage.py benchmark_overzicht [--leerlingen 32] [--herhalingen 20]

Builds a throwaway school: one class of N pupils, a basisvaardigheden instrument (TL, BL,
SP, RK) and an SEO instrument (two categories), three toetsmomenten each (so 3 × 6 domains
of results per pupil), ijkpunten, and a cyclus A overview started through the service (so
signals are proposed); a quarter of the pupils get a confirmed signal, a need and notes.
Then, as the logged-in mentor with the test Client, it measures the server time of
GET the overview page, GET the PDF and GET /<school>/ (median, p95, queries per request).

Everything runs in one transaction that is rolled back at the end (the requests run in
savepoints of it, as in the test suite): nothing is left behind. Works on PostgreSQL (as
the application role under row-level security, as in production) and on SQLite.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import time
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from groepsoverzicht import services
from groepsoverzicht.models import (
    Cyclus,
    Domein,
    Ijkpunt,
    Meetinstrument,
    Resultaat,
    SignaalStatus,
    Signalering,
    Toetsmoment,
)
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

BASIS = ["TL", "BL", "SP", "RK"]
SEO = ["WB", "MO"]
ROMEINS = ["V", "IV", "III", "II", "I"]  # rang 1..5, I is the highest


class Rollback(Exception):
    """Raised at the end to roll the throwaway school back."""


def p95(times: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Time the groepsoverzicht page and PDF next to a trivial tenant page."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--leerlingen", type=int, default=32, help="Pupils in the class.")
        parser.add_argument("--herhalingen", type=int, default=20, help="Timed requests per page.")

    def handle(self, *args: Any, **options: Any) -> None:
        leerlingen, herhalingen = options["leerlingen"], options["herhalingen"]
        if leerlingen < 1 or herhalingen < 1:
            raise CommandError("--leerlingen and --herhalingen must be at least 1")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')} · "
            f"{leerlingen} leerlingen × 3 toetsmomenten × {len(BASIS) + len(SEO)} domeinen · "
            f"{herhalingen} herhalingen"
        )
        try:
            with transaction.atomic():
                self._run(leerlingen, herhalingen)
                raise Rollback
        except Rollback:
            self.stdout.write("Opgeruimd: de wegwerpschool is teruggedraaid.")

    # --- data ------------------------------------------------------------------------------

    def _school(self, aantal: int) -> dict[str, Any]:
        tag = uuid.uuid4().hex[:8]
        organisatie = m.Organisatie.objects.create(naam=f"Benchmark {tag}")
        school = m.School.objects.create(
            organisatie=organisatie,
            naam=f"Benchmark {tag}",
            slug=f"benchmark-{tag}",
            brin=f"{int(tag[:4], 16) % 100:02d}ZY",
            type=m.SchoolType.VO,
        )
        mentor = m.Gebruiker.objects.create_user(
            email=f"mentor-{tag}@benchmark.invalid",
            password=None,
            voornaam="Bench",
            achternaam="Mark",
        )
        start = dt.date(2026, 8, 1)
        with tenant_context(school.pk, user_id=mentor.pk):
            m.Lidmaatschap.objects.create(school=school, gebruiker=mentor, rol=m.Rol.DOCENT)
            jaar = m.Schooljaar.objects.create(
                school=school, naam="2026-2027", startdatum=start, einddatum=dt.date(2027, 7, 31)
            )
            periode = m.Periode.objects.create(
                school=school,
                schooljaar=jaar,
                naam="Cyclus 1",
                startdatum=start,
                einddatum=dt.date(2026, 11, 30),
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
                        achternaam=f"Achternaam{i:03d}",
                        geboortedatum=dt.date(2013, 1, 1),
                        leerlingnummer=str(600000 + i),
                    )
                    for i in range(aantal)
                ]
            )
            m.Plaatsing.objects.bulk_create(
                [
                    m.Plaatsing(school=school, leerling=ll, groep=groep, startdatum=start)
                    for ll in leerlingen
                ]
            )
            resultaten: list[Resultaat] = []
            datums = [dt.date(2026, 1, 20), dt.date(2026, 6, 10), dt.date(2026, 10, 5)]
            for naam, soort, codes in (("Cito VAS", "basis", BASIS), ("SVL", "seo", SEO)):
                instrument = Meetinstrument.objects.create(
                    school=school, naam=naam, soort=soort, schaal="niveau_i_v"
                )
                domeinen = [
                    Domein.objects.create(
                        school=school, instrument=instrument, code=c, naam=c, volgorde=i
                    )
                    for i, c in enumerate(codes)
                ]
                momenten = [
                    Toetsmoment.objects.create(
                        school=school, instrument=instrument, naam=f"M{k + 1}", datum=d
                    )
                    for k, d in enumerate(datums)
                ]
                for domein in domeinen:
                    Ijkpunt.objects.create(
                        school=school,
                        domein=domein,
                        soort="onder" if soort == "basis" else "seo",
                        drempel="IV",
                        drempel_rang=Decimal(2),
                        reden="achterstand" if soort == "basis" else "seo",
                    )
                for n, ll in enumerate(leerlingen):
                    for j, domein in enumerate(domeinen):
                        for k, moment in enumerate(momenten):
                            rang = 1 + (n * 7 + j * 3 + k * (1 if n % 3 else -1)) % 5
                            resultaten.append(
                                Resultaat(
                                    school=school,
                                    leerling=ll,
                                    domein=domein,
                                    toetsmoment=moment,
                                    waarde=ROMEINS[rang - 1],
                                    rang=Decimal(rang),
                                    bron="import",
                                )
                            )
            Resultaat.objects.bulk_create(resultaten, batch_size=1000)
            overzicht = services.groepsoverzicht_create(
                groep=groep, periode=periode, cyclus=Cyclus.A, user=mentor
            )
            # A quarter of the class: confirmed signal, a need (every other one with a goal)
            # and notes, as a mentor halfway through filling the overview would have.
            voorstellen = list(
                Signalering.objects.filter(regel__groepsoverzicht=overzicht).select_related("regel")
            )
            gezien: set[int] = set()
            for s in voorstellen:
                if s.regel_id in gezien or len(gezien) >= max(1, aantal // 4):
                    continue
                gezien.add(s.regel_id)
                services.signalering_besluiten(
                    signalering=s, status=SignaalStatus.BEVESTIGD, user=mentor
                )
                services.onderwijsbehoefte_create(
                    regel=s.regel,
                    soort="didactisch",
                    behoefte="een instructie nodig die kort en duidelijk is",
                    doel="Haalt eind periode niveau III" if len(gezien) % 2 else "",
                )
                regel = s.regel
                regel.werkhouding = "Werkt snel maar slordig; vraagt weinig hulp."
                regel.talenten = "Sport, tekenen"
                regel.bijzonderheden = "Dyslexieverklaring"
                regel.save()
        return {"school": school, "mentor": mentor, "overzicht": overzicht}

    # --- measurements ----------------------------------------------------------------------

    def _measure(
        self, client: Client, label: str, url: str, herhalingen: int, secure: bool, ctype: str
    ) -> None:
        response = client.get(url, secure=secure)  # warm-up (templates, fonts)
        if response.status_code != 200 or not response["Content-Type"].startswith(ctype):
            raise CommandError(f"{url} answered {response.status_code} {response['Content-Type']}")
        times = []
        # A request resets connection.queries_log (request_started) when DEBUG is on, which
        # would make the capture below count nothing: start from an empty log.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url, secure=secure)
        for _ in range(herhalingen):
            began = time.perf_counter()
            response = client.get(url, secure=secure)
            times.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        size = len(response.content)
        self.stdout.write(
            f"{label:<34} {statistics.median(times) * 1000:9.1f} {p95(times) * 1000:9.1f} "
            f"{min(times) * 1000:9.1f} {len(queries.captured_queries):8d} {size / 1024:8.0f}"
        )

    def _run(self, aantal: int, herhalingen: int) -> None:
        began = time.perf_counter()
        data = self._school(aantal)
        self.stdout.write(
            f"Wegwerpschool {data['school'].slug} opgebouwd in "
            f"{(time.perf_counter() - began) * 1000:.0f} ms"
        )
        slug, pk = data["school"].slug, data["overzicht"].pk
        client = Client()
        client.force_login(data["mentor"])
        secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        kwargs = {"school": slug, "overzicht_id": pk}
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            self.stdout.write(
                f"{'GET (als mentor)':<34} {'mediaan':>9} {'p95':>9} {'min':>9} "
                f"{'queries':>8} {'KiB':>8}   (ms)"
            )
            pages = [
                ("/<school>/ (triviaal)", reverse("home", kwargs={"school": slug}), "text/html"),
                (
                    "groepsoverzicht (pagina)",
                    reverse("groepsoverzicht-detail", kwargs=kwargs),
                    "text/html",
                ),
                (
                    "groepsoverzicht (PDF)",
                    reverse("groepsoverzicht-pdf", kwargs=kwargs),
                    "application/pdf",
                ),
            ]
            for label, url, ctype in pages:
                self._measure(client, label, url, herhalingen, secure, ctype)
