"""Demo data for besprekingen: for the demo mentor's class a closed groepsbespreking of the
previous periode (verslag, decisions, an IZO decision whose aanmelding izo_zat.demo prepares,
open actions for the mentor and a docent, one overdue), a planned groepsbespreking next week
with a teacher's question, and a bilateraal overleg that waits for evaluation on that agenda.

Called by zorgroute.demo.generate_demo through settings.ZORGROUTE_DEMO_EXTENSIONS, inside
the school's tenant context, after groepsoverzicht.demo (which makes the current overviews).
Deterministic for a seed and reference day; runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from groepsoverzicht.models import Cyclus, Groepsoverzicht
from groepsoverzicht.services import groepsoverzicht_create
from zorgroute.models import Gebruiker, Groep, Leerling, Periode, Plaatsing, School

from . import agenda, rules
from .bilateraal import services as bilateraal
from .models import (
    Actie,
    Besluit,
    BesluitSoort,
    Bespreking,
    Deelnemer,
    Inbreng,
    Soort,
    Status,
    Verslagpunt,
)
from .plannen import services as plannen
from .vergadering import services as vergadering


def _werkdag(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend day."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _klas_van(mentor: Gebruiker, periode: Periode) -> Groep | None:
    return (
        Groep.objects.filter(schooljaar_id=periode.schooljaar_id, mentoraten__gebruiker=mentor)
        .order_by("naam")
        .first()
    )


def _overzicht(groep: Groep, periode: Periode, mentor: Gebruiker) -> tuple[Groepsoverzicht, bool]:
    bestaand = Groepsoverzicht.objects.filter(
        groep=groep, periode=periode, cyclus=Cyclus.A, lesgroep__isnull=True
    ).first()
    if bestaand is not None:
        return bestaand, False
    return groepsoverzicht_create(groep=groep, periode=periode, cyclus=Cyclus.A, user=mentor), True


def _leerlingen(overzicht: Groepsoverzicht) -> list[Leerling]:
    return [
        r.leerling
        for r in overzicht.regels.select_related("leerling").order_by("leerling__uuid", "pk")
    ]


def extend_demo(*, school: School, today: dt.date, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 11)  # noqa: S311 - demo data, reproducible on purpose
    domain = f"{school.slug}.demo"
    personas = {g.email: g for g in Gebruiker.objects.filter(email__endswith=f"@{domain}")}
    mentor = personas.get(f"mentor@{domain}")
    docent = personas.get(f"docent@{domain}")
    zorg = personas.get(f"zorgcoordinator@{domain}")
    periode = (
        Periode.objects.filter(startdatum__lte=today, einddatum__gte=today).first()
        or Periode.objects.order_by("-startdatum").first()
    )
    if mentor is None or docent is None or zorg is None or periode is None:
        return {}
    klas = _klas_van(mentor, periode)
    if klas is None:
        return {}
    overzicht, _nieuw = _overzicht(klas, periode, mentor)
    huidige_klas = set(
        Plaatsing.objects.active(today).filter(groep=klas).values_list("leerling_id", flat=True)
    )
    leerlingen = [ll for ll in _leerlingen(overzicht) if ll.pk in huidige_klas]
    if len(leerlingen) < 3:
        return {}
    counts: dict[str, int] = {}

    # --- Last periode: a closed groepsbespreking with its verslag ----------------------------
    vorige = Periode.objects.filter(startdatum__lt=periode.startdatum).order_by("-startdatum")
    vorige_periode = vorige.first()
    vorige_klas = _klas_van(mentor, vorige_periode) if vorige_periode else None
    if vorige_periode is not None and vorige_klas is not None:
        oud, nieuw = _overzicht(vorige_klas, vorige_periode, mentor)
        counts["Groepsoverzicht"] = int(nieuw)
        # Pupils who are in the mentor's class today too, so the decisions follow them.
        samen = [ll for ll in _leerlingen(oud) if ll.pk in huidige_klas] or _leerlingen(oud)
        if len(samen) >= 2:
            izo_leerling, afspraak_leerling = rng.sample(samen, 2)
            _gesloten_bespreking(
                overzicht=oud,
                datum=_werkdag(vorige_periode.einddatum - dt.timedelta(days=10)),
                mentor=mentor,
                docent=docent,
                zorg=zorg,
                izo_leerling=izo_leerling,
                afspraak_leerling=afspraak_leerling,
                today=today,
            )

    # --- This periode: a bilateraal overleg and next week's groepsbespreking -------------------
    bilateraal_leerling, vraag_leerling = rng.sample(leerlingen, 2)
    # The service places the overleg in the pupil's class of the real today; a demo built
    # for another reference day (tests) has no such placement, so it gets no overleg.
    if rules.huidige_groep(bilateraal_leerling) is not None:
        _bilateraal(bilateraal_leerling, mentor=mentor, zorg=zorg, today=today)
    gepland = plannen.bespreking_plannen(
        overzicht=overzicht,
        datum=_werkdag(today + dt.timedelta(days=7)),
        tijd=dt.time(15, 30),
        voorzitter=mentor,
        zorgteam_ids=[zorg.pk],
        user=mentor,
    )
    plannen.inbreng_create(
        bespreking=gepland,
        auteur=docent,
        punt=agenda.VRAGEN,
        leerling_id=vraag_leerling.pk,
        tekst=(
            f"{vraag_leerling.voornaam} levert bij wiskunde de laatste weken geen huiswerk in "
            "en haakt af bij verhaaltjessommen. Herkennen jullie dit, en wat werkt bij jullie?"
        ),
    )

    for model in (Bespreking, Deelnemer, Inbreng, Verslagpunt, Besluit, Actie):
        counts[model.__name__] = model.objects.count()
    return counts


def _gesloten_bespreking(
    *,
    overzicht: Groepsoverzicht,
    datum: dt.date,
    mentor: Gebruiker,
    docent: Gebruiker,
    zorg: Gebruiker,
    izo_leerling: Leerling,
    afspraak_leerling: Leerling,
    today: dt.date,
) -> Bespreking:
    # The class's teachers of that year, and the docent persona (who teaches it this year).
    deelnemers = [*plannen.standaard_deelnemers(overzicht), docent.pk]
    bespreking = plannen.bespreking_plannen(
        overzicht=overzicht,
        datum=datum,
        tijd=dt.time(15, 30),
        voorzitter=mentor,
        deelnemer_ids=deelnemers,
        zorgteam_ids=[zorg.pk],
        user=mentor,
    )
    plannen.inbreng_create(
        bespreking=bespreking,
        auteur=docent,
        punt=agenda.VRAGEN,
        leerling_id=izo_leerling.pk,
        tekst=f"Ik maak me zorgen over {izo_leerling.voornaam}: stil en vaak afwezig.",
    )
    bespreking = vergadering.bespreking_starten(bespreking=bespreking, user=mentor)
    verslag = {
        agenda.VRAGEN: "Vragen van wiskunde en Engels over werkhouding zijn besproken.",
        agenda.VORIG_PLAN: (
            "De subgroep begrijpend lezen heeft de doelen grotendeels bereikt; de aanpak met "
            "voorlezen en samenvatten gaat door."
        ),
        agenda.AANDACHTSPUNTEN: (
            "Rust bij de start van de les: iedere docent begint met een korte opdracht op het bord."
        ),
        agenda.SIGNALEREN: "De docenten herkennen de gesignaleerde leerlingen; niemand gemist.",
        agenda.NIEUW_PLAN: "Extra instructie rekenen op dinsdag het 3e uur, door wiskunde.",
        agenda.IZO: f"{izo_leerling.voornaam} wordt aangemeld bij het IZO.",
    }
    for punt, tekst in verslag.items():
        vergadering.verslagpunt_update(
            bespreking=bespreking, punt=punt, tekst=tekst, version=0, user=mentor
        )
    vergadering.besluit_vastleggen(
        bespreking=bespreking,
        punt=agenda.SIGNALEREN,
        leerling=afspraak_leerling,
        soort=BesluitSoort.AFSPRAAK,
        tekst=(
            f"{afspraak_leerling.voornaam} krijgt bij elke toets extra tijd; de mentor "
            "informeert de docenten."
        ),
        user=mentor,
    )
    izo = vergadering.besluit_vastleggen(
        bespreking=bespreking,
        punt=agenda.IZO,
        leerling=izo_leerling,
        soort=BesluitSoort.AANMELDEN_IZO,
        tekst=(
            f"Aanmelden bij het IZO: {izo_leerling.voornaam} trekt zich terug en verzuimt "
            "vaker; de aanpak in de klas is niet genoeg."
        ),
        user=mentor,
    )
    # The mentor's action gets a deadline relative to the reference day. The aanmelding
    # the decision asks for is prepared by izo_zat.demo, which runs next.
    Actie.objects.filter(besluit=izo).update(deadline=today + dt.timedelta(days=7))
    rules.actie_create(
        bespreking=bespreking,
        omschrijving="Extra instructie rekenen inroosteren in het groepsplan",
        eigenaar=mentor,
        deadline=today + dt.timedelta(days=10),
    )
    rules.actie_create(
        bespreking=bespreking,
        omschrijving=f"Huiswerkafspraken met {afspraak_leerling.voornaam} vastleggen",
        eigenaar=docent,
        deadline=today - dt.timedelta(days=5),  # overdue
        leerling_id=afspraak_leerling.pk,
    )
    # Closed directly rather than through bespreking_afsluiten: that mails the verslag to
    # every attendee after commit, which a demo build should not do.
    bespreking.samenvatting = (
        "Werkhouding en rust in de klas zijn de aandachtspunten voor de hele groep. "
        f"{afspraak_leerling.voornaam} krijgt extra tijd bij toetsen; "
        f"{izo_leerling.voornaam} wordt aangemeld bij het IZO. Extra instructie rekenen komt "
        "in het nieuwe groepsplan."
    )
    bespreking.status = Status.AFGESLOTEN
    bespreking.afgesloten_op = timezone.make_aware(
        dt.datetime.combine(bespreking.datum, dt.time(17, 0))
    )
    bespreking.save(update_fields=["samenvatting", "status", "afgesloten_op", "updated_at"])
    assert bespreking.soort == Soort.GROEPSBESPREKING
    return bespreking


def _bilateraal(leerling: Leerling, *, mentor: Gebruiker, zorg: Gebruiker, today: dt.date) -> None:
    bilateraal.bilateraal_vastleggen(
        leerling=leerling,
        met=zorg,
        datum=_werkdag(today - dt.timedelta(days=9)),
        onderwerp="Concentratie en onrust in de les",
        afspraken=(
            f"{leerling.voornaam} krijgt een vaste plek vooraan en een time-outkaart. De mentor "
            "bespreekt dit met de ouders; over vier weken evalueren in de groepsbespreking."
        ),
        user=mentor,
        actie_omschrijving="Ouders bellen over de afspraken uit het bilateraal overleg",
        actie_eigenaar=mentor,
        actie_deadline=today + dt.timedelta(days=4),
    )
