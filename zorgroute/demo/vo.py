"""The main demo school: a VO school (De Linde) with last year's and this year's roster,
staff with the demo personas, pupils with their plaatsingen, clusters and one ZAT share.

`VoSchool.build` runs its steps in a fixed order; each draws from the one
seeded RNG, so the same seed and reference day give the same rows."""

from __future__ import annotations

import datetime as dt
import math
import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission

from .. import models as m
from .common import (
    LEERJAREN,
    Builder,
    DemoAccount,
    N,
    birth_date,
    cycli,
    rng_date,
    schooljaar_start,
)

#: Lesgroepen one docent teaches per schooljaar (decides how many docenten a vak gets).
LESGROEPEN_PER_DOCENT = 8

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


@dataclass
class _Jaar:
    schooljaar: m.Schooljaar
    start_year: int
    groepen: dict[tuple[int, int], m.Groep] = field(default_factory=dict)


@dataclass
class _Staff:
    """The accounts of the school: the docenten per vak and the personas."""

    docenten_per_vak: dict[str, list[m.Gebruiker]]
    mentor: m.Gebruiker
    docent: m.Gebruiker
    zorgcoordinator: m.Gebruiker
    teamleider: m.Gebruiker
    teamleider_2: m.Gebruiker
    schoolleider: m.Gebruiker
    zat: m.Gebruiker
    beheerder: m.Gebruiker
    privacy: m.Gebruiker

    @property
    def docenten(self) -> list[m.Gebruiker]:
        return [g for gs in self.docenten_per_vak.values() for g in gs]


@dataclass(frozen=True)
class _Loop:
    """How one pupil's school career goes this year and last year."""

    instromer: bool  # enrols mid-year
    vertrekker: bool  # leaves mid-year
    zij_instromer: bool  # new at the start of the year
    zittenblijver: bool
    wissel_vorig: bool  # switched class halfway last year

    @property
    def nieuw(self) -> bool:
        return self.instromer or self.zij_instromer


class VoSchool:
    """Builds the VO school: `VoSchool(...).build()` runs the steps in a fixed order."""

    def __init__(
        self,
        b: Builder,
        school: m.School,
        *,
        today: dt.date,
        leerlingen: int,
        groepen_per_leerjaar: int,
        view_leerling: Permission,
    ) -> None:
        self.b = b
        self.rng = b.rng
        self.school = school
        self.today = today
        self.leerlingen = leerlingen
        self.G = groepen_per_leerjaar
        self.view_leerling = view_leerling
        self.domain = f"{school.slug}.demo"
        self.start = schooljaar_start(today)

    def build(self) -> list[DemoAccount]:
        self.vorig, self.huidig = self._schooljaren()
        self.afdelingen = self._afdelingen()
        self.vakken = {
            afk: m.Vak(school=self.school, afkorting=afk, naam=naam) for afk, naam in VO_VAKKEN
        }
        self.b.bulk(m.Vak, list(self.vakken.values()))
        self._groepen()
        # The demo mentor's class: a havo class in leerjaar 2 (2C at the default size).
        self.mentor_key = (2, min(2, self.G - 1))
        self.mentor_groep = self.huidig.groepen[self.mentor_key]
        self.lesgroepen, self.clusters = self._lesgroepen()
        self.staff = self._staff()
        self._lesgroepdocenten()
        self._mentoraten()
        self._lidmaatschappen()
        self.actief = self._leerlingen()
        self._clusterplaatsingen()
        gedeeld, geldig_tot = self._zat_grants()
        return self._accounts(gedeeld, geldig_tot)

    def _schooljaren(self) -> tuple[_Jaar, _Jaar]:
        """Schooljaren (previous and current) with their HGW cycles."""
        jaren = [
            _Jaar(
                m.Schooljaar(
                    school=self.school,
                    naam=f"{start_year}-{start_year + 1}",
                    startdatum=dt.date(start_year, 8, 1),
                    einddatum=dt.date(start_year + 1, 7, 31),
                ),
                start_year,
            )
            for start_year in (self.start.year - 1, self.start.year)
        ]
        self.b.bulk(m.Schooljaar, [j.schooljaar for j in jaren])
        self.b.bulk(
            m.Periode,
            [
                m.Periode(
                    school=self.school,
                    schooljaar=j.schooljaar,
                    naam=naam,
                    startdatum=s,
                    einddatum=e,
                )
                for j in jaren
                for naam, s, e in cycli(j.start_year)
            ],
        )
        return jaren[0], jaren[1]

    def _afdelingen(self) -> dict[str, m.Afdeling]:
        afdelingen = {
            naam: m.Afdeling(school=self.school, naam=naam)
            for naam in (AFDELING_VMBO, AFDELING_HAVO_VWO)
        }
        self.b.bulk(m.Afdeling, list(afdelingen.values()))
        return afdelingen

    def _groepen(self) -> None:
        """Leerjaar 1–3 this year; last year's 3rd years have left the onderbouw, so the
        previous schooljaar has leerjaar 1–2 (their pupils are this year's 2nd and 3rd
        years)."""
        for jaar, leerjaren in ((self.vorig, LEERJAREN[:-1]), (self.huidig, LEERJAREN)):
            for leerjaar in leerjaren:
                for i in range(self.G):
                    niveau = NIVEAUS[leerjaar][i % len(NIVEAUS[leerjaar])]
                    vmbo = niveau.startswith("vmbo")
                    jaar.groepen[(leerjaar, i)] = m.Groep(
                        school=self.school,
                        schooljaar=jaar.schooljaar,
                        naam=f"{leerjaar}{_groep_letter(i)}",
                        leerjaar=leerjaar,
                        niveau=niveau,
                        afdeling=self.afdelingen[AFDELING_VMBO if vmbo else AFDELING_HAVO_VWO],
                    )
        self.b.bulk(m.Groep, [*self.vorig.groepen.values(), *self.huidig.groepen.values()])

    def _lesgroepen(self) -> tuple[list[m.Lesgroep], list[m.Lesgroep]]:
        """One per groep and vak, and two clusters (no groep) this year."""
        school, huidig = self.school, self.huidig
        lesgroepen = [
            m.Lesgroep(
                school=school,
                schooljaar=jaar.schooljaar,
                vak=self.vakken[afk],
                groep=groep,
                naam=f"{groep.naam}-{afk}",
            )
            for jaar in (self.vorig, huidig)
            for groep in jaar.groepen.values()
            for afk in _vo_vakken_for(groep.leerjaar, groep.niveau)
        ]
        clusters = [
            m.Lesgroep(
                school=school, schooljaar=huidig.schooljaar, vak=self.vakken["sp"], naam="3sp1"
            ),
            m.Lesgroep(
                school=school,
                schooljaar=huidig.schooljaar,
                vak=self.vakken["re"],
                naam="1re-steunles",
            ),
        ]
        self.b.bulk(m.Lesgroep, lesgroepen + clusters)
        return lesgroepen, clusters

    def _staff(self) -> _Staff:
        """Docenten: enough per vak for about LESGROEPEN_PER_DOCENT lesgroepen each a year;
        the two teaching personas (the mentor teaches Nederlands, the docent wiskunde) and
        the other roles."""
        b, domain = self.b, self.domain
        per_vak: Counter[str] = Counter(
            lg.vak.afkorting
            for lg in self.lesgroepen + self.clusters
            if lg.schooljaar is self.huidig.schooljaar
        )
        docenten_per_vak = {
            afk: [
                b.gebruiker(domain)
                for _ in range(max(1, math.ceil(per_vak[afk] / LESGROEPEN_PER_DOCENT)))
            ]
            for afk, _naam in VO_VAKKEN
            if per_vak[afk]
        }
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
        privacy = b.gebruiker(domain, email=f"privacy@{domain}")
        staff = _Staff(
            docenten_per_vak=docenten_per_vak,
            mentor=mentor,
            docent=docent,
            zorgcoordinator=zorgcoordinator,
            teamleider=teamleider,
            teamleider_2=teamleider_2,
            schoolleider=schoolleider,
            zat=zat,
            beheerder=beheerder,
            privacy=privacy,
        )
        # Accounts are not school-owned; on PostgreSQL the application role may insert them.
        b.bulk(
            m.Gebruiker,
            [
                *staff.docenten,
                zorgcoordinator,
                teamleider,
                teamleider_2,
                schoolleider,
                zat,
                beheerder,
                privacy,
            ],
        )
        return staff

    def _lesgroepdocenten(self) -> None:
        rows: list[m.Lesgroepdocent] = []
        beurt: Counter[str] = Counter()
        for lg in self.lesgroepen + self.clusters:
            afk = lg.vak.afkorting
            if lg.groep is self.mentor_groep and afk == "ne":
                wie = self.staff.mentor
            elif lg.groep is self.mentor_groep and afk == "wi":
                wie = self.staff.docent
            else:
                pool = self.staff.docenten_per_vak[afk]
                wie = pool[(beurt[afk] + self.rng.randrange(2)) % len(pool)]
                beurt[afk] += 1
            rows.append(m.Lesgroepdocent(school=self.school, lesgroep=lg, gebruiker=wie))
        self.b.bulk(m.Lesgroepdocent, rows)

    def _mentoraten(self) -> None:
        """1–2 mentors per groep. The mentor persona has 2C and, last year, 1C (a mentor
        often moves up with the class); the docent persona mentors nobody."""
        rng, mentor = self.rng, self.staff.mentor
        mentor_pool = [
            g for g in self.staff.docenten if g is not mentor and g is not self.staff.docent
        ]
        vorige_mentor_groep = self.vorig.groepen.get((self.mentor_key[0] - 1, self.mentor_key[1]))
        mentoraten: list[m.Mentoraat] = []
        for jaar in (self.vorig, self.huidig):
            pool = mentor_pool[:]
            rng.shuffle(pool)
            for k, groep in enumerate(jaar.groepen.values()):
                persona = groep is self.mentor_groep or groep is vorige_mentor_groep
                gekozen = [mentor] if persona else [pool[k % len(pool)]]
                if rng.random() < 0.3 and len(pool) > 1:
                    tweede = pool[(k + 1 + rng.randrange(len(pool) - 1)) % len(pool)]
                    if tweede not in gekozen:
                        gekozen.append(tweede)
                mentoraten += [
                    m.Mentoraat(school=self.school, groep=groep, gebruiker=g) for g in gekozen
                ]
        self.b.bulk(m.Mentoraat, mentoraten)

    def _lidmaatschappen(self) -> None:
        school, staff = self.school, self.staff
        andere_afdeling = next(
            a for a in self.afdelingen.values() if a is not self.mentor_groep.afdeling
        )
        self.b.bulk(
            m.Lidmaatschap,
            [m.Lidmaatschap(school=school, gebruiker=g, rol=m.Rol.DOCENT) for g in staff.docenten]
            + [
                m.Lidmaatschap(
                    school=school, gebruiker=staff.zorgcoordinator, rol=m.Rol.ZORGCOORDINATOR
                ),
                m.Lidmaatschap(
                    school=school,
                    gebruiker=staff.teamleider,
                    rol=m.Rol.TEAMLEIDER,
                    afdeling=self.mentor_groep.afdeling,
                ),
                m.Lidmaatschap(
                    school=school,
                    gebruiker=staff.teamleider_2,
                    rol=m.Rol.TEAMLEIDER,
                    afdeling=andere_afdeling,
                ),
                m.Lidmaatschap(school=school, gebruiker=staff.schoolleider, rol=m.Rol.SCHOOLLEIDER),
                m.Lidmaatschap(school=school, gebruiker=staff.zat, rol=m.Rol.ZAT_LID),
                m.Lidmaatschap(school=school, gebruiker=staff.beheerder, rol=m.Rol.BEHEERDER),
                m.Lidmaatschap(school=school, gebruiker=staff.privacy, rol=m.Rol.PRIVACY),
            ],
        )

    def _leerlingen(self) -> dict[tuple[int, int], list[m.Leerling]]:
        """Leerlingen spread evenly over this year's groepen, with this year's plaatsing and
        (from leerjaar 2) last year's. Returns the pupils still placed today, per groep."""
        keys = list(self.huidig.groepen)
        sizes = [self.leerlingen // len(keys)] * len(keys)
        for idx in self.rng.sample(range(len(keys)), self.leerlingen % len(keys)):
            sizes[idx] += 1
        sj_start, sj_end = self.huidig.schooljaar.startdatum, self.huidig.schooljaar.einddatum
        # Mid-year changes happen between two weeks into the year and yesterday (or, early
        # in the schooljaar, in its first weeks).
        wissel_van = sj_start + dt.timedelta(days=14)
        wissel_tot = min(
            max(wissel_van, self.today - dt.timedelta(days=1)), sj_end - dt.timedelta(days=30)
        )
        self.wissel = (wissel_van, wissel_tot)
        nummers: Counter[int] = Counter()
        pupils: list[m.Leerling] = []
        plaatsingen: list[m.Plaatsing] = []
        actief: dict[tuple[int, int], list[m.Leerling]] = defaultdict(list)
        for key, size in zip(keys, sizes, strict=True):
            for _ in range(size):
                leerling, plaatsing, loop = self._leerling(key, nummers)
                pupils.append(leerling)
                plaatsingen.append(plaatsing)
                if plaatsing.einddatum is None or plaatsing.einddatum >= self.today:
                    actief[key].append(leerling)
                if key[0] > 1 and not loop.nieuw:
                    plaatsingen += self._vorige_plaatsingen(leerling, key, loop)
        self.b.bulk(m.Leerling, pupils)
        self.b.bulk(m.Plaatsing, plaatsingen)
        return actief

    def _loop(self, leerjaar: int) -> _Loop:
        rng = self.rng
        r = rng.random()
        instromer = r < 0.03
        zij_instromer = leerjaar > 1 and rng.random() < 0.04
        zittenblijver = leerjaar == 2 and not (instromer or zij_instromer) and rng.random() < 0.04
        return _Loop(
            instromer=instromer,
            vertrekker=0.03 <= r < 0.06,
            zij_instromer=zij_instromer,
            zittenblijver=zittenblijver,
            wissel_vorig=rng.random() < 0.03 and self.G > 1,
        )

    def _leerling(
        self, key: tuple[int, int], nummers: Counter[int]
    ) -> tuple[m.Leerling, m.Plaatsing, _Loop]:
        """One pupil of groep `key` this year, with this year's plaatsing."""
        rng, year = self.rng, self.start.year
        leerjaar = key[0]
        voornaam, tussenvoegsel, achternaam = self.b.person()
        loop = self._loop(leerjaar)
        # A repeater, and a few pupils who repeated a year in primary school, are a year
        # older than their classmates.
        ouder = 1 if (loop.zittenblijver or rng.random() < 0.03) else 0
        geboortedatum = birth_date(rng, year - ouder, leerjaar + 8)
        zitten = 1 if loop.zittenblijver else 0
        instroomjaar = year if loop.nieuw else year - (leerjaar - 1) - zitten
        nummers[instroomjaar] += 1
        leerling = m.Leerling(
            school=self.school,
            uuid=self.b.uuid4(),
            voornaam=voornaam,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            geboortedatum=geboortedatum,
            leerlingnummer=f"{instroomjaar % 100:02d}{nummers[instroomjaar]:04d}",
            eck_id=f"https://ketenid.nl/201703/{rng.getrandbits(512):0128x}",
        )
        wissel_van, wissel_tot = self.wissel
        begin = (
            rng_date(rng, wissel_van, wissel_tot)
            if loop.instromer
            else self.huidig.schooljaar.startdatum
        )
        einde = (
            rng_date(rng, wissel_van + dt.timedelta(days=7), wissel_tot)
            if loop.vertrekker
            else None
        )
        plaatsing = m.Plaatsing(
            school=self.school,
            leerling=leerling,
            groep=self.huidig.groepen[key],
            startdatum=begin,
            einddatum=einde,
        )
        return leerling, plaatsing, loop

    def _vorige_plaatsingen(
        self, leerling: m.Leerling, key: tuple[int, int], loop: _Loop
    ) -> list[m.Plaatsing]:
        """Last year: one leerjaar lower in the same stream (a repeater: the same leerjaar);
        a few switched class halfway (e.g. from havo/vwo to havo)."""
        leerjaar, i = key
        vorig = self.vorig
        start, end = vorig.schooljaar.startdatum, vorig.schooljaar.einddatum
        vorige_key = (leerjaar if loop.zittenblijver else leerjaar - 1, i)

        def plaatsing(groep_key: tuple[int, int], van: dt.date, tot: dt.date) -> m.Plaatsing:
            return m.Plaatsing(
                school=self.school,
                leerling=leerling,
                groep=vorig.groepen[groep_key],
                startdatum=van,
                einddatum=tot,
            )

        if not loop.wissel_vorig:
            return [plaatsing(vorige_key, start, end)]
        andere = (vorige_key[0], (i + 1 + self.rng.randrange(self.G - 1)) % self.G)
        half = dt.date(vorig.start_year + 1, 2, 1)
        return [
            plaatsing(andere, start, half - dt.timedelta(days=1)),
            plaatsing(vorige_key, half, end),
        ]

    def _kies(self, leerjaar: int, vmbo: bool, hoeveel: int) -> list[m.Leerling]:
        """`hoeveel` pupils of `leerjaar` placed today, in vmbo classes or not (any class of
        the leerjaar when there are none)."""
        actief, groepen = sorted(self.actief.items()), self.huidig.groepen
        passend = [
            ll
            for (lj, i), lls in actief
            if lj == leerjaar and groepen[(lj, i)].niveau.startswith("vmbo") == vmbo
            for ll in lls
        ] or [ll for (lj, _i), lls in actief if lj == leerjaar for ll in lls]
        return self.rng.sample(passend, min(hoeveel, len(passend)))

    def _clusterplaatsingen(self) -> None:
        """Spaans for leerjaar 3 havo/vwo, steunles rekenen for leerjaar 1 vmbo."""
        spaans, steunles = self.clusters
        self.b.bulk(
            m.Clusterplaatsing,
            [
                m.Clusterplaatsing(school=self.school, lesgroep=spaans, leerling=ll)
                for ll in self._kies(3, False, 16)
            ]
            + [
                m.Clusterplaatsing(school=self.school, lesgroep=steunles, leerling=ll)
                for ll in self._kies(1, True, 10)
            ],
        )

    def _zat_grants(self) -> tuple[list[m.Leerling], dt.date]:
        """The ZAT-lid sees two pupils of the mentor's class, shared for three months."""
        kandidaten = self.actief[self.mentor_key] or [
            ll for lls in self.actief.values() for ll in lls
        ]
        gedeeld = self.rng.sample(kandidaten, min(2, len(kandidaten)))
        geldig_tot = self.today + dt.timedelta(days=91)
        self.b.bulk(
            m.LeerlingGrant,
            [
                m.LeerlingGrant(
                    school=self.school,
                    user=self.staff.zat,
                    permission=self.view_leerling,
                    content_object=ll,
                    geldig_tot=geldig_tot,
                    reden="Besproken in het ZAT; ouders hebben toestemming gegeven.",
                    verleend_door=self.staff.zorgcoordinator,
                )
                for ll in gedeeld
            ],
        )
        return gedeeld, geldig_tot

    def _accounts(self, gedeeld: list[m.Leerling], geldig_tot: dt.date) -> list[DemoAccount]:
        staff, mentor_groep = self.staff, self.mentor_groep
        mentor, docent, zorgcoordinator = staff.mentor, staff.docent, staff.zorgcoordinator
        teamleider, schoolleider, zat, beheerder = (
            staff.teamleider,
            staff.schoolleider,
            staff.zat,
            staff.beheerder,
        )
        s = self.school.naam
        tl_afdeling = mentor_groep.afdeling.naam if mentor_groep.afdeling else ""
        namen = " en ".join(ll.volledige_naam for ll in gedeeld)
        return [
            DemoAccount(
                mentor.email,
                f"Docent Nederlands, mentor van {mentor_groep.naam}",
                s,
                f"Mijn klassen: alles van {mentor_groep.naam}, "
                "plus de klassen waar hij/zij les geeft",
            ),
            DemoAccount(
                docent.email,
                "Docent wiskunde (geen mentor)",
                s,
                "Alleen de leerlingen van de eigen lesgroepen",
            ),
            DemoAccount(
                zorgcoordinator.email,
                "Zorgcoördinator",
                s,
                "Alle groepen en leerlingen van de school",
            ),
            DemoAccount(
                teamleider.email,
                f"Teamleider {tl_afdeling}",
                s,
                f"De groepen en leerlingen van afdeling {tl_afdeling}",
            ),
            DemoAccount(
                schoolleider.email,
                "Schoolleider",
                s,
                "Totalen van alle groepen, geen leerlingdossiers",
            ),
            DemoAccount(
                zat.email,
                "ZAT-lid (extern)",
                s,
                f"Alleen {namen}, gedeeld t/m {geldig_tot:%d-%m-%Y}",
            ),
            DemoAccount(beheerder.email, "Beheerder", s, "Rooster en accounts, geen zorginhoud"),
            DemoAccount(
                staff.privacy.email,
                "Privacyfunctionaris",
                s,
                "Wie welke dossiers las, bewaartermijnen, AVG-inzage; geen zorginhoud",
            ),
        ]
