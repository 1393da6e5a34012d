"""Rows per second of a results import through the REST API, next to a raw ceiling.

    python manage.py benchmark_api_import [--rijen 10000] [--rondes 3]

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

and prints rows/s of each and the ratio API / ceiling. Steps 1 and 3 run `--rondes` times,
each into a fresh toetsmoment, and the verdict uses the median of the rounds (on a shared
2-core machine one round can be slowed by a neighbour). Everything is rolled back at the end.
"""

from __future__ import annotations

import functools
import json
import statistics
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
from zorgroute.integrations.services import apiclient_create
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.sql import tenant_cursor

TARGET = 5000


class Command(ImportBenchmark):
    help = "Rows/s of a results import through the REST API, next to a raw psycopg ceiling."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rijen", type=int, default=10_000, help="Rows (pupils) per batch.")
        parser.add_argument("--rondes", type=int, default=3, help="Rounds of steps 1 and 3.")

    def handle(self, *args: Any, **options: Any) -> None:
        rijen, rondes = options["rijen"], options["rondes"]
        if not 1 <= rijen <= 10_000:
            raise CommandError("--rijen must be between 1 and 10000 (the API's batch limit)")
        if not 1 <= rondes <= 9:
            raise CommandError("--rondes must be between 1 and 9")
        self.stdout.write(
            f"Database: {connection.vendor} {connection.settings_dict.get('NAME')} · "
            f"{rijen} rijen × {len(CODES)} domeinen = {rijen * len(CODES)} resultaten"
        )
        try:
            with transaction.atomic():
                self._run_api(rijen, rondes)
                raise Rollback
        except Rollback:
            self.stdout.write("Opgeruimd: de wegwerpschool is teruggedraaid.")

    def _run_api(self, rijen: int, rondes: int) -> None:
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
            momenten = [data["toetsmoment"]] + [
                Toetsmoment.objects.create(
                    school=school,
                    instrument=data["toetsmoment"].instrument,
                    naam=f"{soort}{ronde}",
                    datum=data["toetsmoment"].datum,
                )
                for soort, eerste in (("A", 2), ("P", 1))
                for ronde in range(eerste, rondes + 1)
            ]
        api_momenten, plafond_momenten = momenten[:rondes], momenten[rondes:]

        def body(toetsmoment: Toetsmoment) -> str:
            return json.dumps(
                {
                    "toetsmoment": toetsmoment.pk,
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

        def post(batch: str) -> Any:
            return client.post(url, batch, content_type="application/json", secure=secure)

        api_tijden: list[float] = []
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for ronde, toetsmoment in enumerate(api_momenten, start=1):
                batch = body(toetsmoment)
                seconds, response = self._timed(functools.partial(post, batch))
                if response.status_code != 200 or response.json()["aangemaakt"] != rijen * 4:
                    raise CommandError(
                        f"API answered {response.status_code}: {response.content[:300]!r}"
                    )
                api_tijden.append(seconds)
                self._report(
                    f"1. API-import, alles nieuw (HTTP), ronde {ronde}",
                    rijen,
                    seconds,
                    f"{len(batch)} B",
                )
            seconds, response = self._timed(lambda: post(body(api_momenten[0])))
            if response.status_code != 200 or response.json()["ongewijzigd"] != rijen * 4:
                raise CommandError(f"The replay changed something: {response.content[:300]!r}")
            self._report("2. dezelfde batch opnieuw (idempotent)", rijen, seconds, "= alles")

        plafond_tijden: list[float] = []
        for ronde, toetsmoment in enumerate(plafond_momenten, start=1):
            plafond_tijden.append(self._ceiling(data, toetsmoment, rijen))
            self._report(
                f"3. plafond: psycopg COPY + INSERT … SELECT, ronde {ronde}",
                rijen,
                plafond_tijden[-1],
            )
        api_seconds, plafond = statistics.median(api_tijden), statistics.median(plafond_tijden)
        rate = rijen / api_seconds
        self.stdout.write(
            f"Mediaan van {rondes} ronde(s): API {rate:.0f} rijen/s = "
            f"{plafond / api_seconds:.0%} van het plafond ({rijen / plafond:.0f} rijen/s); "
            f"doel ≥ {TARGET} rijen/s: {'gehaald' if rate >= TARGET else 'NIET gehaald'}"
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
            with tenant_cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE bench_rijen (extern_id text, code text, waarde text, "
                    "rang numeric) ON COMMIT DROP"
                )
                raw = cursor.cursor
                with raw.copy("COPY bench_rijen (extern_id, code, waarde, rang) FROM STDIN") as cp:
                    for row in rows:
                        cp.write_row(row)
                # Statistics for the planner: without them it guesses a few rows and may
                # join by a nested loop (minutes instead of a hash join's milliseconds).
                cursor.execute("ANALYZE bench_rijen")
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
            with tenant_cursor() as cursor:
                cursor.execute("DROP TABLE bench_rijen")  # the next round makes its own
            cursor_check = Resultaat.objects.filter(toetsmoment=toetsmoment).count()
        if inserted != rijen * len(CODES) or cursor_check != inserted:
            raise CommandError(f"Ceiling inserted {inserted} rows, expected {rijen * len(CODES)}")
        return seconds
