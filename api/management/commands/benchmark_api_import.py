"""Rows per second of a results import through the REST API, next to a raw ceiling.

    python manage.py benchmark_api_import [--rijen 10000]

Builds a throwaway school (the one of `benchmark_import`: N pupils, an instrument with
TL/BL/SP/RK, a toetsmoment), gives each pupil an external id and creates an API client.
Then, on the configured database (PostgreSQL for a meaningful number):

1. POST /api/v1/<school>/resultaten/ with N rows (one pupil, four values each), all new,
   through the whole stack (middleware, token, RLS, JSON, validation, the import service,
   history rows), with Django's test client in this process;
2. the same batch again: a replay that must change nothing;
3. the ceiling: the same rows with raw psycopg as the application role under RLS: COPY into
   a temp table, then one INSERT … SELECT joining the external ids, into a second
   toetsmoment (no validation, no history, no HTTP);

and prints rows/s of each and the ratio API / ceiling. Everything is rolled back at the end.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import resolve

from groepsoverzicht.management.commands.benchmark_import import (
    CODES,
    WAARDEN,
    Rollback,
)
from groepsoverzicht.management.commands.benchmark_import import (
    Command as ImportBenchmark,
)
from groepsoverzicht.models import Domein, Resultaat, Toetsmoment
from zorgroute import models as m
from zorgroute.services_api import apiclient_create
from zorgroute.tenancy.db import tenant_context

TARGET = 5000


class Command(ImportBenchmark):
    help = "Rows/s of a results import through the REST API, next to a raw psycopg ceiling."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rijen", type=int, default=10_000, help="Rows (pupils) per batch.")

    def handle(self, *args: Any, **options: Any) -> None:
        rijen = options["rijen"]
        if not 1 <= rijen <= 10_000:
            raise CommandError("--rijen must be between 1 and 10000 (the API's batch limit)")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')} · "
            f"{rijen} rijen × {len(CODES)} domeinen = {rijen * len(CODES)} resultaten"
        )
        try:
            with transaction.atomic():
                self._run_api(rijen)
                raise Rollback
        except Rollback:
            self.stdout.write("Opgeruimd: de wegwerpschool is teruggedraaid.")

    def _run_api(self, rijen: int) -> None:
        data = self._school(rijen)
        school = data["school"]
        with tenant_context(school.pk):
            m.LeerlingExternId.objects.bulk_create(
                [
                    m.LeerlingExternId(
                        school=school, leerling=ll, bron="bench", extern_id=f"lvs-{ll.pk}"
                    )
                    for ll in data["leerlingen"]
                ],
                batch_size=1000,
            )
            _client, token = apiclient_create(
                school=school,
                naam="Benchmark",
                bron="bench",
                scopes=["results:write"],
                aangemaakt_door=data["mentor"],
                max_per_minuut=1000,
            )
            plafond_moment = Toetsmoment.objects.create(
                school=school,
                instrument=data["toetsmoment"].instrument,
                naam="M2",
                datum=data["toetsmoment"].datum,
            )
        body = json.dumps(
            {
                "toetsmoment": data["toetsmoment"].pk,
                "rijen": [
                    {
                        "leerling": f"lvs-{ll.pk}",
                        "waarden": {c: WAARDEN[(i + j) % 5] for j, c in enumerate(CODES)},
                    }
                    for i, ll in enumerate(data["leerlingen"])
                ],
            }
        )
        url = f"/api/v1/{school.slug}/resultaten/"
        resolve(url)  # load the URLconf first, as a running server has
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            api_seconds, response = self._timed(
                lambda: client.post(url, body, content_type="application/json", secure=secure)
            )
            if response.status_code != 200 or response.json()["aangemaakt"] != rijen * 4:
                raise CommandError(
                    f"API answered {response.status_code}: {response.content[:300]!r}"
                )
            self._report("1. API-import, alles nieuw (HTTP)", rijen, api_seconds, f"{len(body)} B")
            seconds, response = self._timed(
                lambda: client.post(url, body, content_type="application/json", secure=secure)
            )
            if response.status_code != 200 or response.json()["ongewijzigd"] != rijen * 4:
                raise CommandError(f"The replay changed something: {response.content[:300]!r}")
            self._report("2. dezelfde batch opnieuw (idempotent)", rijen, seconds, "= alles")

        plafond = self._ceiling(data, plafond_moment, rijen)
        self._report("3. plafond: psycopg temp-tabel + INSERT … SELECT", rijen, plafond)
        rate = rijen / api_seconds
        self.stdout.write(
            f"API {rate:.0f} rijen/s = {plafond / api_seconds:.0%} van het plafond "
            f"({rijen / plafond:.0f} rijen/s); doel ≥ {TARGET} rijen/s: "
            f"{'gehaald' if rate >= TARGET else 'NIET gehaald'}"
        )

    def _ceiling(self, data: dict[str, Any], toetsmoment: Toetsmoment, rijen: int) -> float:
        """The same rows, raw: COPY into a temp table (no RLS there), INSERT … SELECT."""
        if connection.vendor != "postgresql":
            raise CommandError("The ceiling needs PostgreSQL (set DATABASE_URL)")
        school = data["school"]
        rows = [
            (f"lvs-{ll.pk}", code, WAARDEN[(i + j) % 5], 5 - (i + j) % 5)
            for i, ll in enumerate(data["leerlingen"])
            for j, code in enumerate(CODES)
        ]
        table = connection.ops.quote_name(Resultaat._meta.db_table)
        extern = connection.ops.quote_name(m.LeerlingExternId._meta.db_table)
        domein = connection.ops.quote_name(Domein._meta.db_table)
        with tenant_context(school.pk):
            began = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE bench_rijen (extern_id text, code text, waarde text, "
                    "rang numeric) ON COMMIT DROP"
                )
                raw = cursor.cursor
                with raw.copy("COPY bench_rijen (extern_id, code, waarde, rang) FROM STDIN") as cp:
                    for row in rows:
                        cp.write_row(row)
                cursor.execute(
                    f"INSERT INTO {table} (school_id, leerling_id, domein_id, toetsmoment_id, "  # noqa: S608
                    "waarde, rang, bron, created_at, updated_at) "
                    "SELECT %s, e.leerling_id, d.id, %s, r.waarde, r.rang, 'api', now(), now() "
                    f"FROM bench_rijen r JOIN {extern} e ON e.extern_id = r.extern_id "
                    "AND e.bron = 'bench' AND e.school_id = %s "
                    f"JOIN {domein} d ON d.code = r.code AND d.instrument_id = %s",
                    [school.pk, toetsmoment.pk, school.pk, toetsmoment.instrument_id],
                )
                inserted = cursor.rowcount
            seconds = time.perf_counter() - began
            cursor_check = Resultaat.objects.filter(toetsmoment=toetsmoment).count()
        if inserted != rijen * len(CODES) or cursor_check != inserted:
            raise CommandError(f"Ceiling inserted {inserted} rows, expected {rijen * len(CODES)}")
        return seconds
