"""Deterministic demo data: two school boards, a complete VO school and a small PO school.

`generate_demo(seed=…, leerlingen=…)` builds everything; the management command
`demo_data`, the benchmarks and the tests call it. Same seed + same reference day gives the
same rows (names, dates, uuids, placements); only primary keys and timestamps differ.

- Randomness comes from one `random.Random(seed)`; uuids are drawn from it too.
- Every date is relative to the current schooljaar (1 Aug – 31 Jul containing `today`).
- School-owned rows are written with `bulk_create` inside `tenant_context(school)`, so on
  PostgreSQL row-level security checks them like any application write. `bulk_create` skips
  `save()` and simple-history: generated rows have no history entry, which is fine here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
import string
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from . import models as m
from .tenancy.db import DbState, current_db_state, tenant_context
from .tenancy.sql import delete_schools

#: The one password of every demo account (documented in the README).
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
#: Lesgroepen one docent teaches per schooljaar (decides how many docenten a vak gets).
LESGROEPEN_PER_DOCENT = 8

# ----------------------------------------------------------------------------- names --

VOORNAMEN_JONGENS = (
    "Noah",
    "Daan",
    "Sem",
    "Lucas",
    "Levi",
    "Finn",
    "Liam",
    "Milan",
    "Luuk",
    "Bram",
    "Jesse",
    "Thijs",
    "Mees",
    "Sam",
    "Adam",
    "Mohamed",
    "Ryan",
    "Julian",
    "Thomas",
    "Stijn",
    "Jayden",
    "Gijs",
    "Ruben",
    "Max",
    "Lars",
    "Siem",
    "Tijn",
    "Hugo",
    "Olivier",
    "Ayoub",
    "Yusuf",
    "Emir",
    "Rayan",
    "Mats",
    "Jens",
    "Tim",
    "Teun",
    "Niek",
    "Cas",
    "Joep",
    "Dex",
    "Vince",
    "Kian",
    "Owen",
    "Sven",
    "Boaz",
    "Jurre",
    "Hamza",
    "Omar",
    "Mehmet",
)
VOORNAMEN_MEISJES = (
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Sara",
    "Nora",
    "Yara",
    "Eva",
    "Liv",
    "Lotte",
    "Evi",
    "Noor",
    "Anna",
    "Saar",
    "Fenna",
    "Lieke",
    "Isa",
    "Femke",
    "Sanne",
    "Roos",
    "Fleur",
    "Lynn",
    "Maud",
    "Amira",
    "Yasmin",
    "Nina",
    "Elin",
    "Hannah",
    "Esmee",
    "Ilse",
    "Jasmijn",
    "Malak",
    "Ilayda",
    "Elif",
    "Sofia",
    "Lisa",
    "Floor",
    "Merel",
    "Feline",
    "Jade",
    "Benthe",
    "Romy",
    "Silke",
    "Aya",
    "Hiba",
    "Marit",
    "Dewi",
    "Naomi",
)
VOORNAMEN_MEDEWERKERS = (
    "Jeroen",
    "Marieke",
    "Sandra",
    "Mark",
    "Esther",
    "Bas",
    "Ingrid",
    "Martijn",
    "Linda",
    "Erik",
    "Monique",
    "Hans",
    "Anja",
    "Wouter",
    "Karin",
    "Patrick",
    "Nicole",
    "Rob",
    "Petra",
    "Dennis",
    "Saskia",
    "Ahmed",
    "Fatima",
    "Hatice",
    "Joost",
    "Marloes",
    "Niels",
    "Annemiek",
    "Ruud",
    "Ellen",
    "Gert-Jan",
    "Hanneke",
    "Sjoerd",
    "Judith",
    "Maarten",
    "Yvonne",
    "Rik",
    "Mirjam",
    "Kees",
    "Nadia",
    "Tom",
    "Inge",
    "Arjen",
    "Bianca",
    "Youssef",
    "Carola",
    "Frank",
    "Wendy",
)
#: (tussenvoegsel, achternaam)
ACHTERNAMEN = (
    ("de", "Jong"),
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Janssen"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("", "Vos"),
    ("", "Peters"),
    ("", "Hendriks"),
    ("van", "Leeuwen"),
    ("", "Dekker"),
    ("", "Brouwer"),
    ("de", "Wit"),
    ("", "Dijkstra"),
    ("", "Smits"),
    ("de", "Graaf"),
    ("van der", "Meer"),
    ("van der", "Linden"),
    ("", "Kok"),
    ("", "Jacobs"),
    ("de", "Haan"),
    ("", "Vermeulen"),
    ("van den", "Heuvel"),
    ("van der", "Veen"),
    ("van den", "Broek"),
    ("de", "Bruijn"),
    ("van", "Beek"),
    ("", "Willems"),
    ("", "Verhoeven"),
    ("", "Schouten"),
    ("van", "Vliet"),
    ("", "Hoekstra"),
    ("", "Koster"),
    ("", "Prins"),
    ("", "Postma"),
    ("van", "Wijk"),
    ("", "Kuipers"),
    ("", "Maas"),
    ("", "Verbeek"),
    ("", "Huisman"),
    ("van", "Rijn"),
    ("ter", "Horst"),
    ("in 't", "Veld"),
    ("van 't", "Hof"),
    ("", "Timmermans"),
    ("", "Claassen"),
    ("", "Wouters"),
    ("", "El Amrani"),
    ("", "Yılmaz"),
    ("", "Kaya"),
    ("", "Bouzid"),
    ("", "Nguyen"),
    ("", "Pinas"),
    ("", "Tahiri"),
    ("", "Öztürk"),
    ("", "Ramdin"),
    ("", "Kartosen"),
    ("", "Boateng"),
    ("", "Haddou"),
    ("van", "Os"),
)

# ---------------------------------------------------------------------------- roster --

#: (afkorting, naam) — about twenty vakken of a VO school.
VO_VAKKEN = (
    ("ne", "Nederlands"),
    ("en", "Engels"),
    ("fa", "Frans"),
    ("du", "Duits"),
    ("sp", "Spaans"),
    ("la", "Latijn"),
    ("wi", "Wiskunde"),
    ("re", "Rekenen"),
    ("gs", "Geschiedenis"),
    ("ak", "Aardrijkskunde"),
    ("ec", "Economie"),
    ("bi", "Biologie"),
    ("nask", "Natuur- en scheikunde"),
    ("na", "Natuurkunde"),
    ("lo", "Lichamelijke opvoeding"),
    ("mu", "Muziek"),
    ("bv", "Beeldende vorming"),
    ("dr", "Drama"),
    ("lv", "Levensbeschouwing"),
    ("mm", "Mens en maatschappij"),
    ("tn", "Techniek"),
)
VO_KERNVAKKEN = ("ne", "en", "wi", "gs", "ak", "bi", "lo", "bv")

PO_VAKKEN = (
    ("re", "Rekenen"),
    ("ta", "Taal"),
    ("sp", "Spelling"),
    ("bl", "Begrijpend lezen"),
    ("tl", "Technisch lezen"),
    ("wo", "Wereldoriëntatie"),
    ("bo", "Bewegingsonderwijs"),
)

N = m.Niveau
#: The niveau of the i-th groep of a leerjaar (cycled); index i moves up to index i.
NIVEAUS = {
    1: (N.VMBO_B, N.VMBO_GT, N.HAVO_VWO, N.HAVO_VWO, N.VMBO_K, N.HAVO_VWO),
    2: (N.VMBO_K, N.VMBO_GT, N.HAVO, N.VWO, N.VMBO_B, N.HAVO),
    3: (N.VMBO_K, N.VMBO_GT, N.HAVO, N.VWO, N.VMBO_B, N.VWO),
}
AFDELING_VMBO = "Onderbouw vmbo"
AFDELING_HAVO_VWO = "Onderbouw havo/vwo"


def _vo_vakken_for(leerjaar: int, niveau: str) -> list[str]:
    vakken = list(VO_KERNVAKKEN)
    vmbo = niveau.startswith("vmbo")
    if not vmbo:
        vakken.append("fa")
        if leerjaar >= 2:
            vakken.append("du")
        if niveau == N.VWO:
            vakken.append("la")
    if leerjaar == 3:
        vakken.append("nask" if vmbo else "na")
    return vakken


def _groep_letter(index: int) -> str:
    letter = string.ascii_uppercase[index % 26]
    return letter if index < 26 else f"{letter}{index // 26 + 1}"


# ----------------------------------------------------------------------------- dates --


def schooljaar_start(today: dt.date) -> dt.date:
    """1 August of the schooljaar that contains `today`."""
    return dt.date(today.year if today.month >= 8 else today.year - 1, 8, 1)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _cycli(start_year: int) -> list[tuple[str, dt.date, dt.date]]:
    """Three HGW cycles: from the first school week to December, to March, to July."""
    one = _monday_on_or_after(dt.date(start_year, 8, 25))
    two = _monday_on_or_after(dt.date(start_year, 12, 1))
    three = _monday_on_or_after(dt.date(start_year + 1, 3, 9))
    end = dt.date(start_year + 1, 7, 10)
    end -= dt.timedelta(days=max(0, end.weekday() - 4))  # the Friday on or before
    day = dt.timedelta(days=3)  # the Friday before the next Monday
    return [
        ("Cyclus 1", one, two - day),
        ("Cyclus 2", two, three - day),
        ("Cyclus 3", three, end),
    ]


def _birth_date(rng: random.Random, start_year: int, groep_po: int) -> dt.date:
    """A birth date matching PO groep `groep_po` (VO leerjaar L is groep L + 8) in the
    schooljaar starting in `start_year`: born 1 Oct – 30 Sep."""
    first = dt.date(start_year - groep_po - 4, 10, 1)
    last = dt.date(start_year - groep_po - 3, 9, 30)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _rng_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
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


class DemoDataExists(Exception):
    """The demo schools or accounts are already in the database (use reset_demo first)."""


# --------------------------------------------------------------------------- helpers --

T = TypeVar("T", bound=Model)


class _Builder:
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
        afkorting = (slugify(achternaam)[:3] + voornaam[:1]).upper()
        return m.Gebruiker(
            email=email,
            voornaam=voornaam,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            afkorting=afkorting,
            password=self.password_hash,
        )


@dataclass
class _Jaar:
    schooljaar: m.Schooljaar
    start_year: int
    groepen: dict[tuple[int, int], m.Groep] = field(default_factory=dict)


# ------------------------------------------------------------------------- VO school --


def _build_vo_school(
    b: _Builder,
    school: m.School,
    *,
    today: dt.date,
    leerlingen: int,
    groepen_per_leerjaar: int,
    view_leerling: Permission,
) -> list[DemoAccount]:
    rng = b.rng
    domain = f"{school.slug}.demo"
    start = schooljaar_start(today)
    G = groepen_per_leerjaar

    # Schooljaren (previous and current) with their HGW cycles.
    jaren: list[_Jaar] = []
    for start_year in (start.year - 1, start.year):
        sj = m.Schooljaar(
            school=school,
            naam=f"{start_year}-{start_year + 1}",
            startdatum=dt.date(start_year, 8, 1),
            einddatum=dt.date(start_year + 1, 7, 31),
        )
        jaren.append(_Jaar(sj, start_year))
    b.bulk(m.Schooljaar, [j.schooljaar for j in jaren])
    b.bulk(
        m.Periode,
        [
            m.Periode(school=school, schooljaar=j.schooljaar, naam=naam, startdatum=s, einddatum=e)
            for j in jaren
            for naam, s, e in _cycli(j.start_year)
        ],
    )
    vorig, huidig = jaren

    afdelingen = {
        naam: m.Afdeling(school=school, naam=naam) for naam in (AFDELING_VMBO, AFDELING_HAVO_VWO)
    }
    b.bulk(m.Afdeling, list(afdelingen.values()))
    vakken = {afk: m.Vak(school=school, afkorting=afk, naam=naam) for afk, naam in VO_VAKKEN}
    b.bulk(m.Vak, list(vakken.values()))

    # Groepen: leerjaar 1–3 this year; last year's 3rd years have left the onderbouw, so the
    # previous schooljaar has leerjaar 1–2 (their pupils are this year's 2nd and 3rd years).
    for jaar, leerjaren in ((vorig, LEERJAREN[:-1]), (huidig, LEERJAREN)):
        for leerjaar in leerjaren:
            for i in range(G):
                niveau = NIVEAUS[leerjaar][i % len(NIVEAUS[leerjaar])]
                afdeling = afdelingen[
                    AFDELING_VMBO if niveau.startswith("vmbo") else AFDELING_HAVO_VWO
                ]
                jaar.groepen[(leerjaar, i)] = m.Groep(
                    school=school,
                    schooljaar=jaar.schooljaar,
                    naam=f"{leerjaar}{_groep_letter(i)}",
                    leerjaar=leerjaar,
                    niveau=niveau,
                    afdeling=afdeling,
                )
    b.bulk(m.Groep, [*vorig.groepen.values(), *huidig.groepen.values()])

    # The demo mentor's class: a havo class in leerjaar 2 (2C at the default size).
    mentor_key = (2, min(2, G - 1))
    mentor_groep = huidig.groepen[mentor_key]

    # Lesgroepen: one per groep and vak, and two clusters (no groep) this year.
    lesgroepen: list[m.Lesgroep] = []
    for jaar in jaren:
        for groep in jaar.groepen.values():
            for afk in _vo_vakken_for(groep.leerjaar, groep.niveau):
                lesgroepen.append(
                    m.Lesgroep(
                        school=school,
                        schooljaar=jaar.schooljaar,
                        vak=vakken[afk],
                        groep=groep,
                        naam=f"{groep.naam}-{afk}",
                    )
                )
    clusters = [
        m.Lesgroep(school=school, schooljaar=huidig.schooljaar, vak=vakken["sp"], naam="3sp1"),
        m.Lesgroep(
            school=school, schooljaar=huidig.schooljaar, vak=vakken["re"], naam="1re-steunles"
        ),
    ]
    b.bulk(m.Lesgroep, lesgroepen + clusters)

    # Docenten: enough per vak for about LESGROEPEN_PER_DOCENT lesgroepen each a year.
    per_vak: Counter[str] = Counter(
        lg.vak.afkorting for lg in lesgroepen + clusters if lg.schooljaar is huidig.schooljaar
    )
    docenten_per_vak: dict[str, list[m.Gebruiker]] = {}
    for afk, _naam in VO_VAKKEN:
        if per_vak[afk]:
            docenten_per_vak[afk] = [
                b.gebruiker(domain)
                for _ in range(max(1, math.ceil(per_vak[afk] / LESGROEPEN_PER_DOCENT)))
            ]
    # The two teaching personas: the mentor teaches Nederlands, the docent wiskunde.
    mentor = docenten_per_vak["ne"][0]
    docent = docenten_per_vak["wi"][0]
    for persona, email in ((mentor, f"mentor@{domain}"), (docent, f"docent@{domain}")):
        b.emails.discard(persona.email)
        persona.email = email
        b.emails.add(email)
    zorgcoordinator = b.gebruiker(domain, email=f"zorgcoordinator@{domain}")
    teamleider = b.gebruiker(domain, email=f"teamleider@{domain}")
    teamleider_2 = b.gebruiker(domain)
    schoolleider = b.gebruiker(domain, email=f"schoolleider@{domain}")
    zat = b.gebruiker(domain, email=f"zat@{domain}")
    beheerder = b.gebruiker(domain, email=f"beheerder@{domain}")
    alle_docenten = [g for gs in docenten_per_vak.values() for g in gs]
    staff = [*alle_docenten, zorgcoordinator, teamleider, teamleider_2, schoolleider, zat]
    staff.append(beheerder)
    # Accounts are not school-owned; on PostgreSQL the application role may insert them too.
    b.bulk(m.Gebruiker, staff)

    lesgroepdocenten: list[m.Lesgroepdocent] = []
    beurt: Counter[str] = Counter()
    for lg in lesgroepen + clusters:
        afk = lg.vak.afkorting
        if lg.groep is mentor_groep and afk == "ne":
            wie = mentor
        elif lg.groep is mentor_groep and afk == "wi":
            wie = docent
        else:
            pool = docenten_per_vak[afk]
            wie = pool[(beurt[afk] + rng.randrange(2)) % len(pool)]
            beurt[afk] += 1
        lesgroepdocenten.append(m.Lesgroepdocent(school=school, lesgroep=lg, gebruiker=wie))
    b.bulk(m.Lesgroepdocent, lesgroepdocenten)

    # Mentoraten: 1–2 mentors per groep. The mentor persona has 2C and, last year, 1C (a
    # mentor often moves up with the class); the docent persona mentors nobody.
    mentor_pool = [g for g in alle_docenten if g is not mentor and g is not docent]
    vorige_mentor_groep = vorig.groepen.get((mentor_key[0] - 1, mentor_key[1]))
    mentoraten: list[m.Mentoraat] = []
    for jaar in jaren:
        pool = mentor_pool[:]
        rng.shuffle(pool)
        for k, groep in enumerate(jaar.groepen.values()):
            if groep is mentor_groep or groep is vorige_mentor_groep:
                gekozen = [mentor]
            else:
                gekozen = [pool[k % len(pool)]]
            if rng.random() < 0.3 and len(pool) > 1:
                tweede = pool[(k + 1 + rng.randrange(len(pool) - 1)) % len(pool)]
                if tweede not in gekozen:
                    gekozen.append(tweede)
            mentoraten += [m.Mentoraat(school=school, groep=groep, gebruiker=g) for g in gekozen]
    b.bulk(m.Mentoraat, mentoraten)

    lidmaatschappen = [
        m.Lidmaatschap(school=school, gebruiker=g, rol=m.Rol.DOCENT) for g in alle_docenten
    ]
    lidmaatschappen += [
        m.Lidmaatschap(school=school, gebruiker=zorgcoordinator, rol=m.Rol.ZORGCOORDINATOR),
        m.Lidmaatschap(
            school=school,
            gebruiker=teamleider,
            rol=m.Rol.TEAMLEIDER,
            afdeling=mentor_groep.afdeling,
        ),
        m.Lidmaatschap(
            school=school,
            gebruiker=teamleider_2,
            rol=m.Rol.TEAMLEIDER,
            afdeling=next(a for a in afdelingen.values() if a is not mentor_groep.afdeling),
        ),
        m.Lidmaatschap(school=school, gebruiker=schoolleider, rol=m.Rol.SCHOOLLEIDER),
        m.Lidmaatschap(school=school, gebruiker=zat, rol=m.Rol.ZAT_LID),
        m.Lidmaatschap(school=school, gebruiker=beheerder, rol=m.Rol.BEHEERDER),
    ]
    b.bulk(m.Lidmaatschap, lidmaatschappen)

    # Leerlingen, spread evenly over this year's groepen.
    keys = list(huidig.groepen)
    sizes = [leerlingen // len(keys)] * len(keys)
    for idx in rng.sample(range(len(keys)), leerlingen % len(keys)):
        sizes[idx] += 1
    sj_start, sj_end = huidig.schooljaar.startdatum, huidig.schooljaar.einddatum
    vorig_start, vorig_end = vorig.schooljaar.startdatum, vorig.schooljaar.einddatum
    # Mid-year changes happen between two weeks into the year and yesterday (or, early in
    # the schooljaar, in its first weeks).
    wissel_van = sj_start + dt.timedelta(days=14)
    wissel_tot = min(max(wissel_van, today - dt.timedelta(days=1)), sj_end - dt.timedelta(days=30))
    nummers: Counter[int] = Counter()
    pupils: list[m.Leerling] = []
    plaatsingen: list[m.Plaatsing] = []
    actief: dict[tuple[int, int], list[m.Leerling]] = defaultdict(list)
    for key, size in zip(keys, sizes, strict=True):
        leerjaar, i = key
        groep = huidig.groepen[key]
        for _ in range(size):
            voornaam, tussenvoegsel, achternaam = b.person()
            r = rng.random()
            instromer = r < 0.03  # enrols mid-year
            vertrekker = 0.03 <= r < 0.06  # leaves mid-year
            zij_instromer = leerjaar > 1 and rng.random() < 0.04  # new at the start of the year
            zittenblijver = (
                leerjaar == 2 and not (instromer or zij_instromer) and rng.random() < 0.04
            )
            wissel_vorig = rng.random() < 0.03 and G > 1
            # A repeater, and a few pupils who repeated a year in primary school, are a year
            # older than their classmates.
            ouder = 1 if (zittenblijver or rng.random() < 0.03) else 0
            geboortedatum = _birth_date(rng, start.year - ouder, leerjaar + 8)
            instroomjaar = (
                start.year
                if instromer or zij_instromer
                else start.year - (leerjaar - 1) - (1 if zittenblijver else 0)
            )
            nummers[instroomjaar] += 1
            leerling = m.Leerling(
                school=school,
                uuid=b.uuid4(),
                voornaam=voornaam,
                tussenvoegsel=tussenvoegsel,
                achternaam=achternaam,
                geboortedatum=geboortedatum,
                leerlingnummer=f"{instroomjaar % 100:02d}{nummers[instroomjaar]:04d}",
                eck_id=f"https://ketenid.nl/201703/{rng.getrandbits(512):0128x}",
            )
            pupils.append(leerling)
            begin = _rng_date(rng, wissel_van, wissel_tot) if instromer else sj_start
            einde = (
                _rng_date(rng, wissel_van + dt.timedelta(days=7), wissel_tot)
                if vertrekker
                else None
            )
            plaatsingen.append(
                m.Plaatsing(
                    school=school,
                    leerling=leerling,
                    groep=groep,
                    startdatum=begin,
                    einddatum=einde,
                )
            )
            if einde is None or einde >= today:
                actief[key].append(leerling)
            if leerjaar == 1 or instromer or zij_instromer:
                continue
            # Last year: one leerjaar lower in the same stream (a repeater: the same leerjaar).
            vorige_key = (leerjaar if zittenblijver else leerjaar - 1, i)
            if wissel_vorig:
                # Switched class halfway last year (e.g. from havo/vwo to havo).
                andere = (vorige_key[0], (i + 1 + rng.randrange(G - 1)) % G)
                half = dt.date(vorig.start_year + 1, 2, 1)
                plaatsingen.append(
                    m.Plaatsing(
                        school=school,
                        leerling=leerling,
                        groep=vorig.groepen[andere],
                        startdatum=vorig_start,
                        einddatum=half - dt.timedelta(days=1),
                    )
                )
                plaatsingen.append(
                    m.Plaatsing(
                        school=school,
                        leerling=leerling,
                        groep=vorig.groepen[vorige_key],
                        startdatum=half,
                        einddatum=vorig_end,
                    )
                )
            else:
                plaatsingen.append(
                    m.Plaatsing(
                        school=school,
                        leerling=leerling,
                        groep=vorig.groepen[vorige_key],
                        startdatum=vorig_start,
                        einddatum=vorig_end,
                    )
                )
    b.bulk(m.Leerling, pupils)
    b.bulk(m.Plaatsing, plaatsingen)

    # Cluster pupils: Spaans for leerjaar 3 havo/vwo, steunles rekenen for leerjaar 1 vmbo.
    def kies(leerjaar: int, vmbo: bool, hoeveel: int) -> list[m.Leerling]:
        passend = [
            ll
            for (lj, i), lls in sorted(actief.items())
            if lj == leerjaar and huidig.groepen[(lj, i)].niveau.startswith("vmbo") == vmbo
            for ll in lls
        ] or [ll for (lj, _i), lls in sorted(actief.items()) if lj == leerjaar for ll in lls]
        return rng.sample(passend, min(hoeveel, len(passend)))

    spaans, steunles = clusters
    b.bulk(
        m.Clusterplaatsing,
        [
            m.Clusterplaatsing(school=school, lesgroep=spaans, leerling=ll)
            for ll in kies(3, False, 16)
        ]
        + [
            m.Clusterplaatsing(school=school, lesgroep=steunles, leerling=ll)
            for ll in kies(1, True, 10)
        ],
    )

    # The ZAT-lid sees two pupils of the mentor's class, shared for three months.
    kandidaten = actief[mentor_key] or [ll for lls in actief.values() for ll in lls]
    gedeeld = rng.sample(kandidaten, min(2, len(kandidaten)))
    geldig_tot = today + dt.timedelta(days=91)
    b.bulk(
        m.LeerlingGrant,
        [
            m.LeerlingGrant(
                school=school,
                user=zat,
                permission=view_leerling,
                content_object=ll,
                geldig_tot=geldig_tot,
                reden="Besproken in het ZAT; ouders hebben toestemming gegeven.",
                verleend_door=zorgcoordinator,
            )
            for ll in gedeeld
        ],
    )

    s = school.naam
    tl_afdeling = mentor_groep.afdeling.naam if mentor_groep.afdeling else ""
    namen = " en ".join(ll.volledige_naam for ll in gedeeld)
    return [
        DemoAccount(
            mentor.email,
            f"Docent Nederlands, mentor van {mentor_groep.naam}",
            s,
            f"Mijn klassen: alles van {mentor_groep.naam}, plus de klassen waar hij/zij les geeft",
        ),
        DemoAccount(
            docent.email,
            "Docent wiskunde (geen mentor)",
            s,
            "Alleen de leerlingen van de eigen lesgroepen",
        ),
        DemoAccount(
            zorgcoordinator.email, "Zorgcoördinator", s, "Alle groepen en leerlingen van de school"
        ),
        DemoAccount(
            teamleider.email,
            f"Teamleider {tl_afdeling}",
            s,
            f"De groepen en leerlingen van afdeling {tl_afdeling}",
        ),
        DemoAccount(
            schoolleider.email, "Schoolleider", s, "Totalen van alle groepen, geen leerlingdossiers"
        ),
        DemoAccount(
            zat.email,
            "ZAT-lid (extern)",
            s,
            f"Alleen {namen}, gedeeld t/m {geldig_tot:%d-%m-%Y}",
        ),
        DemoAccount(beheerder.email, "Beheerder", s, "Rooster en accounts, geen zorginhoud"),
    ]


# ------------------------------------------------------------------------- PO school --


def _build_po_school(
    b: _Builder, school: m.School, *, today: dt.date, leerlingen: int
) -> list[DemoAccount]:
    """A small primary school: one schooljaar, groep 7 and 8, its own staff."""
    rng = b.rng
    domain = f"{school.slug}.demo"
    start = schooljaar_start(today)
    sj = m.Schooljaar(
        school=school,
        naam=f"{start.year}-{start.year + 1}",
        startdatum=start,
        einddatum=dt.date(start.year + 1, 7, 31),
    )
    b.bulk(m.Schooljaar, [sj])
    b.bulk(
        m.Periode,
        [
            m.Periode(school=school, schooljaar=sj, naam=naam, startdatum=s, einddatum=e)
            for naam, s, e in _cycli(start.year)
        ],
    )
    afdeling = m.Afdeling(school=school, naam="Bovenbouw")
    b.bulk(m.Afdeling, [afdeling])
    vakken = [m.Vak(school=school, afkorting=afk, naam=naam) for afk, naam in PO_VAKKEN]
    b.bulk(m.Vak, vakken)
    groepen = [
        m.Groep(
            school=school,
            schooljaar=sj,
            naam=f"Groep {n}",
            leerjaar=n,
            niveau=N.PO,
            afdeling=afdeling,
        )
        for n in (7, 8)
    ]
    b.bulk(m.Groep, groepen)

    leerkrachten = [
        b.gebruiker(domain, email=f"mentor@{domain}"),  # groep 7
        b.gebruiker(domain),  # groep 8
        b.gebruiker(domain),  # duo-partner groep 8
    ]
    gym = b.gebruiker(domain)
    ib = b.gebruiker(domain, email=f"ib@{domain}")
    directeur = b.gebruiker(domain, email=f"directeur@{domain}")
    b.bulk(m.Gebruiker, [*leerkrachten, gym, ib, directeur])
    b.bulk(
        m.Lidmaatschap,
        [m.Lidmaatschap(school=school, gebruiker=g, rol=m.Rol.DOCENT) for g in [*leerkrachten, gym]]
        + [
            m.Lidmaatschap(school=school, gebruiker=ib, rol=m.Rol.ZORGCOORDINATOR),
            m.Lidmaatschap(school=school, gebruiker=directeur, rol=m.Rol.SCHOOLLEIDER),
        ],
    )
    mentoren = {groepen[0].naam: leerkrachten[:1], groepen[1].naam: leerkrachten[1:]}
    b.bulk(
        m.Mentoraat,
        [
            m.Mentoraat(school=school, groep=g, gebruiker=u)
            for g in groepen
            for u in mentoren[g.naam]
        ],
    )
    lesgroepen: list[m.Lesgroep] = []
    docenten: list[m.Lesgroepdocent] = []
    for g in groepen:
        for vak in vakken:
            lg = m.Lesgroep(
                school=school,
                schooljaar=sj,
                vak=vak,
                groep=g,
                naam=f"{g.naam.split()[-1]}-{vak.afkorting}",
            )
            lesgroepen.append(lg)
            for u in [gym] if vak.afkorting == "bo" else mentoren[g.naam]:
                docenten.append(m.Lesgroepdocent(school=school, lesgroep=lg, gebruiker=u))
    b.bulk(m.Lesgroep, lesgroepen)
    b.bulk(m.Lesgroepdocent, docenten)

    pupils: list[m.Leerling] = []
    plaatsingen: list[m.Plaatsing] = []
    for k in range(leerlingen):
        groep = groepen[k % len(groepen)]
        voornaam, tussenvoegsel, achternaam = b.person()
        leerling = m.Leerling(
            school=school,
            uuid=b.uuid4(),
            voornaam=voornaam,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            geboortedatum=_birth_date(rng, start.year, groep.leerjaar),
            leerlingnummer=f"{5000 + k}",
        )
        pupils.append(leerling)
        plaatsingen.append(
            m.Plaatsing(school=school, leerling=leerling, groep=groep, startdatum=start)
        )
    b.bulk(m.Leerling, pupils)
    b.bulk(m.Plaatsing, plaatsingen)

    s = school.naam
    return [
        DemoAccount(
            leerkrachten[0].email,
            "Leerkracht groep 7 (mentor)",
            s,
            "Alleen groep 7 van de eigen school; niets van De Linde",
        ),
        DemoAccount(ib.email, "Intern begeleider", s, "Alle leerlingen van De Regenboog"),
        DemoAccount(directeur.email, "Directeur", s, "Totalen van De Regenboog"),
    ]


# ----------------------------------------------------------------------- entry points --


def demo_exists() -> bool:
    q = Q()
    for domain in DEMO_EMAIL_DOMAINS:
        q |= Q(email__iendswith=domain)
    return (
        m.School.objects.filter(slug__in=DEMO_SLUGS).exists()
        or m.Gebruiker.objects.filter(q).exists()
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
    b = _Builder(rng, result, make_password(DEMO_PASSWORD, salt=salt))
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
            result.accounts += _build_vo_school(
                b,
                linde,
                today=today,
                leerlingen=leerlingen,
                groepen_per_leerjaar=g,
                view_leerling=view_leerling,
            )
            # Feature apps add their own demo content (the core imports no feature app).
            for path in settings.ZORGROUTE_DEMO_EXTENSIONS:
                result.counts.update(import_string(path)(school=linde, today=today, seed=seed))
        with tenant_context(regenboog.pk):
            result.accounts += _build_po_school(
                b, regenboog, today=today, leerlingen=leerlingen_tweede_school
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
    q = Q()
    for domain in DEMO_EMAIL_DOMAINS:
        q |= Q(email__iendswith=domain)
    schools = m.School.objects.filter(slug__in=DEMO_SLUGS)
    organisaties = m.Organisatie.objects.filter(naam__in=DEMO_ORGANISATIES)
    # As the owner: the append-only access log, the schools and the accounts go too.
    deleted.update(
        delete_schools(
            list(schools.order_by("pk").values_list("pk", flat=True)),
            organisatie_ids=list(organisaties.values_list("pk", flat=True)),
            accounts=q,
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
    q = Q()
    for domain in DEMO_EMAIL_DOMAINS:
        q |= Q(email__iendswith=domain)
    parts: list[Iterable[bytes]] = [
        _rows(
            "gebruiker",
            m.Gebruiker.objects.filter(q)
            .order_by("email")
            .values_list("email", "voornaam", "tussenvoegsel", "achternaam", "afkorting"),
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
