"""Deterministic demo data: two school boards, a complete VO school and a small PO school.

`generate_demo(seed=…, leerlingen=…)` builds everything; the management command
`demo_data`, the benchmarks and the tests call it. Same seed + same reference day gives the
same rows (names, dates, uuids, placements); only primary keys and timestamps differ.
The VO school is built in `vo`, the PO school in `po`, from the names in `namen` and the
shared parts in `common`.

- Randomness comes from one `random.Random(seed)`; uuids are drawn from it too.
- Every date is relative to the current schooljaar (1 Aug – 31 Jul containing `today`).
- School-owned rows are written with `bulk_create` inside `tenant_context(school)`, so on
  PostgreSQL row-level security checks them like any application write. `bulk_create` skips
  `save()` and simple-history: generated rows have no history entry, which is fine here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import string
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .. import models as m
from ..tenancy.db import DbState, current_db_state, tenant_context
from ..tenancy.sql import delete_schools
from .common import (
    DEMO_EMAIL_DOMAINS,
    DEMO_ORGANISATIES,
    DEMO_PASSWORD,
    DEMO_SLUGS,
    KLASGROOTTE,
    LEERJAREN,
    MAIN_BRIN,
    MAIN_ORGANISATIE,
    MAIN_SCHOOL,
    MAIN_SLUG,
    OTHER_BRIN,
    OTHER_ORGANISATIE,
    OTHER_SCHOOL,
    OTHER_SLUG,
    Builder,
    DemoAccount,
    DemoDataExists,
    DemoResult,
    schooljaar_start,
)
from .po import build_po_school
from .tweestaps import DEMO_TOTP_SECRET, give_demo_second_factor
from .vo import VoSchool

__all__ = [
    "DEMO_ORGANISATIES",
    "DEMO_PASSWORD",
    "DEMO_SLUGS",
    "DEMO_TOTP_SECRET",
    "KLASGROOTTE",
    "MAIN_SCHOOL",
    "MAIN_SLUG",
    "OTHER_SCHOOL",
    "OTHER_SLUG",
    "DemoAccount",
    "DemoDataExists",
    "DemoResult",
    "auto_groepen_per_leerjaar",
    "demo_exists",
    "demo_fingerprint",
    "generate_demo",
    "reset_demo",
    "schooljaar_start",
]


def _demo_accounts() -> Q:
    """The demo accounts: every e-mail address of a demo school's domain."""
    q = Q()
    for domain in DEMO_EMAIL_DOMAINS:
        q |= Q(email__iendswith=domain)
    return q


def demo_exists() -> bool:
    return (
        m.School.objects.filter(slug__in=DEMO_SLUGS).exists()
        or m.Gebruiker.objects.filter(_demo_accounts()).exists()
    )


def auto_groepen_per_leerjaar(leerlingen: int) -> int:
    return max(1, round(leerlingen / (len(LEERJAREN) * KLASGROOTTE)))


def generate_demo(
    *,
    seed: int = 42,
    leerlingen: int = 300,
    groepen_per_leerjaar: int | None = None,
    leerlingen_tweede_school: int = 40,
    today: dt.date | None = None,
) -> DemoResult:
    """Build both demo boards in one transaction. Raises DemoDataExists when they are
    already there (call `reset_demo()` first)."""
    if leerlingen < 10:
        raise ValueError("At least 10 leerlingen are needed for a meaningful demo")
    today = today or timezone.localdate()
    g = groepen_per_leerjaar or auto_groepen_per_leerjaar(leerlingen)
    if g < 1:
        raise ValueError("groepen_per_leerjaar must be at least 1")
    began = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible on purpose
    result = DemoResult(seed=seed, today=today, leerlingen=leerlingen, groepen_per_leerjaar=g)
    # One (deliberately slow) password hash for every account, with a seeded salt.
    salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22))
    b = Builder(rng, result, make_password(DEMO_PASSWORD, salt=salt))
    view_leerling = Permission.objects.get(
        content_type__app_label="zorgroute", codename="view_leerling"
    )
    with transaction.atomic():
        if demo_exists():
            raise DemoDataExists("The demo data is already present")
        org_1, _ = m.Organisatie.objects.get_or_create(naam=MAIN_ORGANISATIE)
        org_2, _ = m.Organisatie.objects.get_or_create(naam=OTHER_ORGANISATIE)
        linde = m.School.objects.create(
            organisatie=org_1,
            naam=MAIN_SCHOOL,
            slug=MAIN_SLUG,
            brin=MAIN_BRIN,
            type=m.SchoolType.VO,
        )
        regenboog = m.School.objects.create(
            organisatie=org_2,
            naam=OTHER_SCHOOL,
            slug=OTHER_SLUG,
            brin=OTHER_BRIN,
            type=m.SchoolType.PO,
        )
        result.counts.update(Organisatie=2, School=2)
        with tenant_context(linde.pk):
            result.accounts += VoSchool(
                b,
                linde,
                today=today,
                leerlingen=leerlingen,
                groepen_per_leerjaar=g,
                view_leerling=view_leerling,
            ).build()
            b.medewerkers(linde)
            # Feature apps add their own demo content (the core imports no feature app).
            for path in settings.ZORGROUTE_DEMO_EXTENSIONS:
                result.counts.update(import_string(path)(school=linde, today=today, seed=seed))
        with tenant_context(regenboog.pk):
            result.accounts += build_po_school(
                b, regenboog, today=today, leerlingen=leerlingen_tweede_school
            )
            b.medewerkers(regenboog)
        # Two-factor login: the documented accounts get the demo app key and backup codes.
        result.reservecodes = give_demo_second_factor(
            [account.email for account in result.accounts], seed=seed
        )
    result.school_ids = {linde.slug: linde.pk, regenboog.slug: regenboog.pk}
    result.seconds = time.perf_counter() - began
    return result


def reset_demo() -> Counter[str]:
    """Delete the demo organisaties, their schools with every school-owned row, and the
    demo accounts. Other schools are untouched. Returns what was deleted, per table."""
    if current_db_state() != DbState():
        raise RuntimeError("reset_demo() must not run inside a tenant or app-role transaction")
    deleted: Counter[str] = Counter()
    schools = m.School.objects.filter(slug__in=DEMO_SLUGS)
    organisaties = m.Organisatie.objects.filter(naam__in=DEMO_ORGANISATIES)
    # As the owner: the append-only access log, the schools and the accounts go too.
    deleted.update(
        delete_schools(
            list(schools.order_by("pk").values_list("pk", flat=True)),
            organisatie_ids=list(organisaties.values_list("pk", flat=True)),
            accounts=_demo_accounts(),
        )
    )
    return deleted


def _rows(label: str, rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    yield label.encode()
    for row in rows:
        yield repr(tuple(str(v) for v in row)).encode()


def demo_fingerprint() -> str:
    """A checksum over the natural keys of every demo row (names, dates, uuids, placements),
    independent of primary keys and timestamps: equal for equal seeds and reference days."""
    h = hashlib.sha256()
    parts: list[Iterable[bytes]] = [
        _rows(
            "gebruiker",
            m.Gebruiker.objects.filter(_demo_accounts())
            .order_by("email")
            .values_list("email", "voornaam", "tussenvoegsel", "achternaam"),
        )
    ]
    for chunk in parts:
        for piece in chunk:
            h.update(piece)
    for school in m.School.objects.filter(slug__in=DEMO_SLUGS).order_by("slug"):
        h.update(
            repr(
                (school.slug, school.naam, school.brin, school.type, school.organisatie.naam)
            ).encode()
        )
        with tenant_context(school.pk):
            for piece in _school_rows():
                h.update(piece)
    return h.hexdigest()


def _school_rows() -> Iterator[bytes]:
    sj = "schooljaar__naam"
    yield from _rows(
        "schooljaar",
        m.Schooljaar.objects.order_by("naam").values_list("naam", "startdatum", "einddatum"),
    )
    yield from _rows(
        "periode",
        m.Periode.objects.order_by(sj, "naam").values_list(sj, "naam", "startdatum", "einddatum"),
    )
    yield from _rows("afdeling", m.Afdeling.objects.order_by("naam").values_list("naam"))
    yield from _rows("vak", m.Vak.objects.order_by("afkorting").values_list("afkorting", "naam"))
    yield from _rows(
        "groep",
        m.Groep.objects.order_by(sj, "naam").values_list(
            sj, "naam", "leerjaar", "niveau", "afdeling__naam"
        ),
    )
    yield from _rows(
        "mentoraat",
        m.Mentoraat.objects.order_by(
            "groep__schooljaar__naam", "groep__naam", "gebruiker__email"
        ).values_list("groep__schooljaar__naam", "groep__naam", "gebruiker__email"),
    )
    yield from _rows(
        "lesgroep",
        m.Lesgroep.objects.order_by(sj, "naam").values_list(
            sj, "naam", "vak__afkorting", "groep__naam"
        ),
    )
    yield from _rows(
        "lesgroepdocent",
        m.Lesgroepdocent.objects.order_by(
            "lesgroep__schooljaar__naam", "lesgroep__naam", "gebruiker__email"
        ).values_list("lesgroep__schooljaar__naam", "lesgroep__naam", "gebruiker__email"),
    )
    yield from _rows(
        "leerling",
        m.Leerling.objects.order_by("uuid").values_list(
            "uuid",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "leerlingnummer",
            "eck_id",
        ),
    )
    yield from _rows(
        "plaatsing",
        m.Plaatsing.objects.order_by("leerling__uuid", "startdatum").values_list(
            "leerling__uuid", "groep__schooljaar__naam", "groep__naam", "startdatum", "einddatum"
        ),
    )
    yield from _rows(
        "clusterplaatsing",
        m.Clusterplaatsing.objects.order_by("lesgroep__naam", "leerling__uuid").values_list(
            "lesgroep__schooljaar__naam", "lesgroep__naam", "leerling__uuid"
        ),
    )
    yield from _rows(
        "medewerker",
        m.Medewerker.objects.order_by("email").values_list(
            "email", "voornaam", "tussenvoegsel", "achternaam", "afkorting"
        ),
    )
    yield from _rows(
        "lidmaatschap",
        m.Lidmaatschap.objects.order_by("gebruiker__email", "rol").values_list(
            "gebruiker__email", "rol", "afdeling__naam", "einddatum"
        ),
    )
    yield from _rows(
        "grant",
        m.LeerlingGrant.objects.order_by("user__email", "content_object__uuid").values_list(
            "user__email",
            "content_object__uuid",
            "permission__codename",
            "geldig_tot",
            "reden",
            "verleend_door__email",
        ),
    )
