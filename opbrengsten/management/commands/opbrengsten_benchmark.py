"""Benchmark of the opbrengsten dashboards (not a test): generates a board of schools with
1,500 pupils and three schooljaren of data each, then prints the server time of the school
dashboard and the board dashboard next to a trivial tenant page, through the whole
middleware stack (tenant resolution, RLS transaction, rendering).

On PostgreSQL the data is committed (the board reads its schools in parallel connections,
which see committed data only), vacuumed and analysed as autovacuum would, measured, and
deleted again, so it leaves nothing behind; inside a test or on SQLite it is one
transaction that is rolled back. `--behouden` keeps the data; `--alleen-meten` then
measures the last kept board again without generating.

    DATABASE_URL=postgres://… python manage.py opbrengsten_benchmark
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from groepsoverzicht import models as go
from groepsplan import models as gp
from izo_zat import models as izo
from opbrengsten.models import Ambitie, AmbitieSoort
from planning.models import Cyclusplanning
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.sql import delete_schools, refresh_planner_statistics

PER_KLAS = 25
LEERJAREN = 6
DOMEINEN = [
    ("BL", "Begrijpend lezen"),
    ("RK", "Rekenen"),
    ("SP", "Spelling"),
    ("TL", "Technisch lezen"),
]


class Command(BaseCommand):
    help = "Genereer een bestuur met scholen en meet de servertijd van de opbrengstendashboards."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scholen", type=int, default=10)
        parser.add_argument("--leerlingen", type=int, default=1500)
        parser.add_argument("--jaren", type=int, default=3)
        parser.add_argument("--herhalingen", type=int, default=7)
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument(
            "--behouden", action="store_true", help="De gegenereerde gegevens niet terugdraaien."
        )
        parser.add_argument(
            "--alleen-meten",
            action="store_true",
            help="Niets genereren: meet het laatst bewaarde benchmarkbestuur opnieuw.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["alleen_meten"]:
            school = m.School.objects.filter(slug__startswith="bench-").order_by("-pk").first()
            leider = (
                m.Gebruiker.objects.filter(email__startswith="bestuur-").order_by("-pk").first()
            )
            if school is None or leider is None:
                raise CommandError("Er is geen bewaard benchmarkbestuur; genereer met --behouden.")
            eerste = m.School.objects.filter(organisatie=school.organisatie).order_by("pk").first()
            assert eerste is not None
            self._meet(eerste, leider, opts["herhalingen"])
            return
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            # Inside a test (or on SQLite): one transaction, rolled back; the board then
            # reads its schools one by one in that transaction.
            with transaction.atomic():
                scholen, leider = self._genereer(opts)
                self._meet(scholen[0], leider, opts["herhalingen"])
                if not opts["behouden"]:
                    transaction.set_rollback(True)
                    self.stdout.write("De benchmarkgegevens zijn teruggedraaid.")
            return
        # PostgreSQL: the data is committed, as a running server has it (the board reads
        # its schools in parallel connections, which see committed data only), with the
        # planner statistics and visibility map autovacuum would have made; afterwards it
        # is deleted again unless --behouden.
        with transaction.atomic():
            scholen, leider = self._genereer(opts)
        try:
            refresh_planner_statistics()
            self._meet(scholen[0], leider, opts["herhalingen"])
        finally:
            if not opts["behouden"]:
                self._opruimen(scholen, leider)
                self.stdout.write("De benchmarkgegevens zijn weer verwijderd.")

    def _opruimen(self, scholen: list[m.School], leider: m.Gebruiker) -> None:
        """Delete every row of the generated schools, their board and accounts, in one
        transaction as the owner (tenancy.sql.delete_schools)."""
        mentoren = [f"mentor-{s.slug}@example.org" for s in scholen]
        delete_schools(
            [s.pk for s in scholen],
            organisatie_ids=[scholen[0].organisatie_id],
            accounts=Q(pk=leider.pk) | Q(email__in=mentoren),
        )

    def _genereer(self, opts: dict[str, Any]) -> tuple[list[m.School], m.Gebruiker]:
        rnd = random.Random(opts["seed"])  # noqa: S311 - benchmark data, not security
        label = uuid.uuid4().hex[:6]
        begin = time.perf_counter()
        org = m.Organisatie.objects.create(naam=f"Benchmarkbestuur {label}")
        leider = m.Gebruiker.objects.create_user(
            f"bestuur-{label}@example.org", "benchmark-wachtwoord", voornaam="B", achternaam="L"
        )
        scholen = []
        for i in range(opts["scholen"]):
            school = m.School.objects.create(
                organisatie=org,
                naam=f"Benchmark College {label} {i + 1}",
                slug=f"bench-{label}-{i + 1}",
                brin=self._vrije_brin(),
                type=m.SchoolType.VO,
            )
            self._school(school, leider, rnd, opts["leerlingen"], opts["jaren"])
            scholen.append(school)
            self.stdout.write(f"  {school.naam}: gegenereerd ({time.perf_counter() - begin:.0f} s)")
        self.stdout.write(
            f"{len(scholen)} scholen × {opts['leerlingen']} leerlingen × {opts['jaren']} "
            f"schooljaren in {time.perf_counter() - begin:.0f} s\n"
        )
        return scholen, leider

    # --- generation ---------------------------------------------------------------------

    def _vrije_brin(self) -> str:
        bezet = set(m.School.objects.values_list("brin", flat=True))
        for nummer in range(100 * 26 * 26):
            brin = f"{nummer % 100:02d}{chr(65 + nummer // 2600)}{chr(65 + (nummer // 100) % 26)}"
            if brin not in bezet:
                return brin
        raise CommandError("Geen vrij BRIN-nummer meer in deze database.")

    def _school(
        self, school: m.School, leider: m.Gebruiker, rnd: random.Random, n: int, jaren: int
    ) -> None:
        vandaag = timezone.localdate()
        start_jaar = vandaag.year if vandaag.month >= 8 else vandaag.year - 1
        with tenant_context(school.pk):
            m.Lidmaatschap.objects.create(school=school, gebruiker=leider, rol=m.Rol.SCHOOLLEIDER)
            mentor = m.Gebruiker.objects.create_user(
                f"mentor-{school.slug}@example.org", None, voornaam="M", achternaam=school.slug
            )
            m.Lidmaatschap.objects.create(school=school, gebruiker=mentor, rol=m.Rol.DOCENT)
            afdelingen = [
                m.Afdeling.objects.create(school=school, naam="Onderbouw"),
                m.Afdeling.objects.create(school=school, naam="Bovenbouw"),
            ]
            instrument = go.Meetinstrument.objects.create(
                school=school, naam="Cito VAS", soort="basis", schaal="niveau_i_v"
            )
            domeinen = [
                go.Domein.objects.create(
                    school=school, instrument=instrument, code=c, naam=naam, volgorde=k
                )
                for k, (c, naam) in enumerate(DOMEINEN)
            ]
            ijkpunt = go.Ijkpunt.objects.create(
                school=school,
                domein=domeinen[0],
                soort="onder",
                drempel="III",
                drempel_rang=3,
                reden="achterstand",
            )
            leerlingen = m.Leerling.objects.bulk_create(
                m.Leerling(
                    school=school,
                    voornaam=f"L{k}",
                    achternaam=f"Bench{k}",
                    geboortedatum=dt.date(2011, 1, 1) + dt.timedelta(days=k % 900),
                )
                for k in range(n)
            )
            per_leerjaar = max(1, n // (PER_KLAS * LEERJAREN))
            for j in range(jaren):
                y = start_jaar - (jaren - 1 - j)
                jaar = m.Schooljaar.objects.create(
                    school=school,
                    naam=f"{y}-{y + 1}",
                    startdatum=dt.date(y, 8, 1),
                    einddatum=dt.date(y + 1, 7, 31),
                )
                periodes = []
                for c in range(3):
                    p_start = jaar.startdatum + dt.timedelta(weeks=1 + 16 * c)
                    periode = m.Periode.objects.create(
                        school=school,
                        schooljaar=jaar,
                        naam=f"Cyclus {c + 1}",
                        startdatum=p_start,
                        einddatum=p_start + dt.timedelta(weeks=15),
                    )
                    Cyclusplanning.objects.create(
                        school=school,
                        periode=periode,
                        groepsoverzicht=p_start + dt.timedelta(weeks=2),
                        groepsbespreking=p_start + dt.timedelta(weeks=3),
                        groepsplan=p_start + dt.timedelta(weeks=4),
                        eindevaluatie=p_start + dt.timedelta(weeks=14),
                    )
                    periodes.append(periode)
                for lj in range(1, LEERJAREN + 1):
                    for dom in domeinen[:2]:
                        Ambitie.objects.create(
                            school=school,
                            schooljaar=jaar,
                            leerjaar=lj,
                            soort=AmbitieSoort.TOETS,
                            domein=dom,
                            drempel="III",
                            drempel_rang=Decimal(3),
                            percentage=75,
                        )
                    Ambitie.objects.create(
                        school=school,
                        schooljaar=jaar,
                        leerjaar=lj,
                        soort=AmbitieSoort.DOELEN,
                        percentage=80,
                    )
                groepen = m.Groep.objects.bulk_create(
                    m.Groep(
                        school=school,
                        schooljaar=jaar,
                        naam=f"{lj}{chr(65 + g)}",
                        leerjaar=lj,
                        niveau=[m.Niveau.VMBO_K, m.Niveau.HAVO, m.Niveau.VWO][g % 3],
                        afdeling=afdelingen[0 if lj <= 3 else 1],
                    )
                    for lj in range(1, LEERJAREN + 1)
                    for g in range(per_leerjaar)
                )
                klas_van = [groepen[min(k // PER_KLAS, len(groepen) - 1)] for k in range(n)]
                m.Plaatsing.objects.bulk_create(
                    m.Plaatsing(
                        school=school,
                        leerling=ll,
                        groep=klas_van[k],
                        startdatum=jaar.startdatum,
                        einddatum=jaar.einddatum,
                    )
                    for k, ll in enumerate(leerlingen)
                )
                momenten = [
                    go.Toetsmoment.objects.create(
                        school=school,
                        instrument=instrument,
                        naam=f"M{c + 1} {jaar.naam}",
                        datum=p.startdatum + dt.timedelta(weeks=1),
                    )
                    for c, p in enumerate(periodes)
                ]
                go.Resultaat.objects.bulk_create(
                    (
                        go.Resultaat(
                            school=school,
                            leerling=ll,
                            domein=dom,
                            toetsmoment=tm,
                            waarde="III",
                            rang=rnd.choice([1, 2, 3, 3, 3, 4, 4, 5]),
                            bron="import",
                        )
                        for ll in leerlingen
                        for dom in domeinen
                        for tm in momenten
                    ),
                    batch_size=5000,
                )
                self._cycli(school, mentor, rnd, groepen, periodes, leerlingen, klas_van, ijkpunt)
            self._zorg(school, mentor, rnd, leerlingen, klas_van, vandaag)

    def _cycli(
        self,
        school: m.School,
        mentor: m.Gebruiker,
        rnd: random.Random,
        groepen: list[m.Groep],
        periodes: list[m.Periode],
        leerlingen: list[m.Leerling],
        klas_van: list[m.Groep],
        ijkpunt: go.Ijkpunt,
    ) -> None:
        leden: dict[int, list[m.Leerling]] = {}
        for ll, g in zip(leerlingen, klas_van, strict=True):
            leden.setdefault(g.pk, []).append(ll)
        overzichten = go.Groepsoverzicht.objects.bulk_create(
            go.Groepsoverzicht(
                school=school, groep=g, periode=p, cyclus="A", aangemaakt_door=mentor
            )
            for p in periodes
            for g in groepen
        )
        regels = go.Overzichtregel.objects.bulk_create(
            (
                go.Overzichtregel(school=school, groepsoverzicht=o, leerling=ll)
                for o in overzichten
                for ll in leden.get(o.groep_id, [])
            ),
            batch_size=5000,
        )
        go.Signalering.objects.bulk_create(
            (
                go.Signalering(
                    school=school,
                    regel=r,
                    reden="achterstand",
                    uitleg="BL onder III",
                    ijkpunt=ijkpunt,
                    status=go.SignaalStatus.BEVESTIGD,
                    besloten_op=timezone.now(),
                )
                for r in regels
                if rnd.random() < 0.15
            ),
            batch_size=5000,
        )
        plannen = gp.Groepsplan.objects.bulk_create(
            gp.Groepsplan(
                school=school,
                groepsoverzicht=o,
                format=gp.PlanFormat.VAKOVERSTIJGEND,
                startdatum=o.periode.startdatum,
                einddatum=o.periode.einddatum,
                status=gp.PlanStatus.GEEVALUEERD,
                geactiveerd_op=timezone.now(),
                aangemaakt_door=mentor,
            )
            for o in overzichten
        )
        aanpakken = ["Verlengde instructie", "Model-doen-samen", "Maatje", "Extra oefentijd"]
        plangroepen = gp.Plangroep.objects.bulk_create(
            gp.Plangroep(
                school=school,
                groepsplan=plan,
                deel="basis",
                soort="sub",
                naam="Subgroep",
                aanpak=rnd.choice(aanpakken),
            )
            for plan in plannen
        )
        doelen = gp.Plandoel.objects.bulk_create(
            gp.Plandoel(school=school, plangroep=pg, tekst="Doel") for pg in plangroepen
        )
        groep_van_plan = {o.pk: o.groep_id for o in overzichten}
        gp.Doelevaluatie.objects.bulk_create(
            (
                gp.Doelevaluatie(
                    school=school,
                    doel=d,
                    leerling=ll,
                    resultaat=rnd.choice(["bereikt", "bereikt", "deels", "niet"]),
                    vervolg="doorgaan",
                    geevalueerd_door=mentor,
                )
                for d, plan in zip(doelen, plannen, strict=True)
                for ll in leden.get(groep_van_plan[plan.groepsoverzicht_id], [])[:5]
            ),
            batch_size=5000,
        )

    def _zorg(
        self,
        school: m.School,
        mentor: m.Gebruiker,
        rnd: random.Random,
        leerlingen: list[m.Leerling],
        klas_van: list[m.Groep],
        vandaag: dt.date,
    ) -> None:
        for k in rnd.sample(range(len(leerlingen)), min(60, len(leerlingen))):
            izo.Aanmelding.objects.create(
                school=school,
                leerling=leerlingen[k],
                groep=klas_van[k],
                aanmelder=mentor,
                status="ingediend",
                ingediend_op=timezone.now() - dt.timedelta(days=rnd.randint(1, 60)),
            )
        for k in rnd.sample(range(len(leerlingen)), min(40, len(leerlingen))):
            gp.Ontwikkelingsperspectief.objects.create(
                school=school,
                leerling=leerlingen[k],
                startdatum_ondersteuning=vandaag - dt.timedelta(days=rnd.randint(1, 200)),
                aangemaakt_door=mentor,
            )

    # --- measuring ------------------------------------------------------------------------

    def _meet(self, school: m.School, leider: m.Gebruiker, herhalingen: int) -> None:
        host = next((h for h in settings.ALLOWED_HOSTS if h and h != "*"), "localhost")
        client = Client(SERVER_NAME=host.lstrip("."))
        client.force_login(leider)
        s = school.slug
        paginas = [
            ("triviale tenantpagina (Mijn downloads)", f"/{s}/downloads/", None),
            ("schooldashboard (hele schooljaar)", f"/{s}/opbrengsten/", 500),
            ("schooldashboard (leerjaar 2)", f"/{s}/opbrengsten/?leerjaar=2", 500),
            ("bestuursdashboard (alle scholen)", f"/{s}/opbrengsten/bestuur/", 1500),
        ]
        self.stdout.write(
            f"Servertijd, mediaan van {herhalingen} keer na één opwarmronde ({connection.vendor}):"
        )
        for naam, url, doel in paginas:
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{url} gaf {response.status_code}")
            tijden = []
            for _ in range(herhalingen):
                t0 = time.perf_counter()
                client.get(url)
                tijden.append((time.perf_counter() - t0) * 1000)
            mediaan = statistics.median(tijden)
            eis = (
                f"  (doel ≤ {doel} ms: {'gehaald' if mediaan <= doel else 'NIET gehaald'})"
                if doel
                else ""
            )
            self.stdout.write(
                f"  {naam:<42} {mediaan:8.0f} ms  "
                f"(min {min(tijden):.0f}, max {max(tijden):.0f}){eis}"
            )
