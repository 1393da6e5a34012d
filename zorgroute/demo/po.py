"""The second demo school: a small PO school (De Regenboog) of another board, so the demo
shows that a school sees only its own pupils."""

from __future__ import annotations

import datetime as dt

from .. import models as m
from .common import Builder, DemoAccount, N, birth_date, cycli, schooljaar_start

PO_VAKKEN = (
    ("re", "Rekenen"),
    ("ta", "Taal"),
    ("sp", "Spelling"),
    ("bl", "Begrijpend lezen"),
    ("tl", "Technisch lezen"),
    ("wo", "Wereldoriëntatie"),
    ("bo", "Bewegingsonderwijs"),
)


def build_po_school(
    b: Builder, school: m.School, *, today: dt.date, leerlingen: int
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
            for naam, s, e in cycli(start.year)
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
            geboortedatum=birth_date(rng, start.year, groep.leerjaar),
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
