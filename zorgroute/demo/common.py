"""What both demo schools share: the fixed names and sizes, the reference-day dates, the
result the command prints and the builder that draws from the one seeded RNG."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Model
from django.utils.text import slugify

from .. import models as m
from .namen import ACHTERNAMEN, VOORNAMEN_JONGENS, VOORNAMEN_MEDEWERKERS, VOORNAMEN_MEISJES

DEMO_PASSWORD = "zorgroute-demo"  # noqa: S105 - public demo password, by design

MAIN_ORGANISATIE = "Stichting Voortgezet Onderwijs Rivierenland"
MAIN_SCHOOL = "Christelijk College De Linde"
MAIN_SLUG = "de-linde"
MAIN_BRIN = "14DL"

OTHER_ORGANISATIE = "Stichting Openbaar Primair Onderwijs Lingestroom"
OTHER_SCHOOL = "OBS De Regenboog"
OTHER_SLUG = "de-regenboog"
OTHER_BRIN = "07RB"

DEMO_SLUGS = (MAIN_SLUG, OTHER_SLUG)
DEMO_ORGANISATIES = (MAIN_ORGANISATIE, OTHER_ORGANISATIE)
DEMO_EMAIL_DOMAINS = tuple(f"@{slug}.demo" for slug in DEMO_SLUGS)

BATCH_SIZE = 1000
LEERJAREN = (1, 2, 3)
#: Pupils per class when --groepen-per-leerjaar is not given.
KLASGROOTTE = 25

N = m.Niveau

# ----------------------------------------------------------------------------- dates --


def schooljaar_start(today: dt.date) -> dt.date:
    """1 August of the schooljaar that contains `today`."""
    return dt.date(today.year if today.month >= 8 else today.year - 1, 8, 1)


def monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def cycli(start_year: int) -> list[tuple[str, dt.date, dt.date]]:
    """Three HGW cycles: from the first school week to December, to March, to July."""
    one = monday_on_or_after(dt.date(start_year, 8, 25))
    two = monday_on_or_after(dt.date(start_year, 12, 1))
    three = monday_on_or_after(dt.date(start_year + 1, 3, 9))
    end = dt.date(start_year + 1, 7, 10)
    end -= dt.timedelta(days=max(0, end.weekday() - 4))  # the Friday on or before
    day = dt.timedelta(days=3)  # the Friday before the next Monday
    return [
        ("Cyclus 1", one, two - day),
        ("Cyclus 2", two, three - day),
        ("Cyclus 3", three, end),
    ]


def birth_date(rng: random.Random, start_year: int, groep_po: int) -> dt.date:
    """A birth date matching PO groep `groep_po` (VO leerjaar L is groep L + 8) in the
    schooljaar starting in `start_year`: born 1 Oct – 30 Sep."""
    first = dt.date(start_year - groep_po - 4, 10, 1)
    last = dt.date(start_year - groep_po - 3, 9, 30)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def rng_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    if last <= first:
        return first
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


# ------------------------------------------------------------------------- results --


@dataclass(frozen=True)
class DemoAccount:
    email: str
    rol: str
    school: str
    ziet: str


@dataclass
class DemoResult:
    seed: int
    today: dt.date
    leerlingen: int
    groepen_per_leerjaar: int
    seconds: float = 0.0
    school_ids: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    password: str = DEMO_PASSWORD
    #: The backup codes every documented account has (each usable once per account).
    reservecodes: list[str] = field(default_factory=list)


class DemoDataExists(Exception):
    """The demo schools or accounts are already in the database (use reset_demo first)."""


# --------------------------------------------------------------------------- helpers --

T = TypeVar("T", bound=Model)


class Builder:
    """Shared state while building: the seeded RNG, the password hash, row counters."""

    def __init__(self, rng: random.Random, result: DemoResult, password_hash: str) -> None:
        self.rng = rng
        self.result = result
        self.password_hash = password_hash
        self.emails: set[str] = set()

    def bulk(self, model: type[T], objs: Sequence[T]) -> list[T]:
        if objs:
            model._default_manager.bulk_create(list(objs), batch_size=BATCH_SIZE)
        self.result.counts[model.__name__] += len(objs)
        return list(objs)

    def uuid4(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def person(self, jongen: bool | None = None) -> tuple[str, str, str]:
        rng = self.rng
        if jongen is None:
            jongen = rng.random() < 0.5
        voornaam = rng.choice(VOORNAMEN_JONGENS if jongen else VOORNAMEN_MEISJES)
        tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
        return voornaam, tussenvoegsel, achternaam

    def gebruiker(self, domain: str, *, email: str | None = None) -> m.Gebruiker:
        """An unsaved staff account with a realistic name and a unique e-mail address."""
        voornaam = self.rng.choice(VOORNAMEN_MEDEWERKERS)
        tussenvoegsel, achternaam = self.rng.choice(ACHTERNAMEN)
        if email is None:
            local = f"{slugify(voornaam)}.{slugify(tussenvoegsel + achternaam)}".replace("-", "")
            email, n = f"{local}@{domain}", 1
            while email in self.emails:
                n += 1
                email = f"{local}{n}@{domain}"
        self.emails.add(email)
        return m.Gebruiker(
            email=email,
            voornaam=voornaam,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            password=self.password_hash,
        )

    def medewerkers(self, school: m.School) -> list[m.Medewerker]:
        """The school's staff record of everyone with a membership there (memberships are
        bulk-created, so `Lidmaatschap.save` does not make them): the account's name and an
        afkorting (docentcode) made from it."""
        gebruikers = {
            lid.gebruiker_id: lid.gebruiker
            for lid in m.Lidmaatschap.objects.select_related("gebruiker").order_by("pk")
        }
        return self.bulk(
            m.Medewerker,
            [
                m.Medewerker(
                    school=school,
                    gebruiker=g,
                    email=g.email,
                    voornaam=g.voornaam,
                    tussenvoegsel=g.tussenvoegsel,
                    achternaam=g.achternaam,
                    afkorting=(slugify(g.achternaam)[:3] + g.voornaam[:1]).upper(),
                )
                for g in gebruikers.values()
            ],
        )
