"""Demo data for the IZO and the ZAT: the concept aanmelding of the besprekingen demo's
"aanmelden bij IZO" decision, the school's partner organisations (the demo ZAT-lid is
a jeugdarts of the GGD), a pupil of the demo mentor's class discussed in last week's IZO (a
closed meeting with the report of bijlage 22, support and ZAT decisions and a
handelingsadvies waiting for the mentor), referred to the ZAT with the parents' consent and
shared with the ZAT-lid (plan van aanpak, a referral out, the next ZAT in two weeks), and a
second pupil on the shortened route on the agenda of next week's IZO.

Called by zorgroute.demo.generate_demo through settings.ZORGROUTE_DEMO_EXTENSIONS, inside the
school's tenant context, after besprekingen.demo. No mails: meetings are closed and grants
written directly, not through the services that mail after commit. Deterministic."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import Permission
from django.utils import timezone

from besprekingen.models import Besluit, BesluitSoort
from zorgroute.models import Gebruiker, Groep, LeerlingGrant, Plaatsing, School

from .aanmelding.services import LOPEND, aanmelding_voorbereiden
from .models import (
    Aanmelding,
    Doorverwijzing,
    Handelingsadvies,
    Izobesluit,
    IzoVerslag,
    Overlegdeelnemer,
    OverlegSoort,
    OverlegStatus,
    Partnerlid,
    Partnerorganisatie,
    Traject,
    TrajectGrant,
    ZatActie,
    Zatcasus,
    Zorgoverleg,
)
from .overleg.services import overleg_plannen
from .toestemming.services import toestemming_vastleggen
from .traject.services import traject_verkort_openen
from .zat.services import zat_aanmelden

PARTNERS = (
    ("GGD Regio Midden", "ggd"),
    ("Schoolmaatschappelijk werk De Brug", "smw"),
    ("Leerplicht gemeente", "leerplicht"),
    ("Wijkteam Oost", "wijkteam"),
    ("Samenwerkingsverband VO", "swv"),
)


def _werkdag(day: dt.date, richting: int = 1) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=richting)
    return day


def _toestemming_voor_gedeelde_leerlingen(
    zat_lid: Gebruiker, ggd: Partnerorganisatie, zorg: Gebruiker, today: dt.date
) -> None:
    """The pupils the roster demo shares with the ZAT-lid: their parents consented to share
    with the GGD for as long as the grant lasts (a partner's grant holds only with consent)."""
    gegeven_op = min(today, timezone.localdate()) - dt.timedelta(days=7)
    for grant in LeerlingGrant.objects.filter(user=zat_lid).select_related("content_object"):
        toestemming_vastleggen(
            leerling=grant.content_object,
            doel="delen",
            partner=ggd,
            gegeven_door="ouder",
            naam_gever=f"Ouder van {grant.content_object.voornaam}",
            gegeven_op=gegeven_op,
            geldig_tot=max(grant.geldig_tot, gegeven_op),
            user=zorg,
        )


def extend_demo(*, school: School, today: dt.date, seed: int) -> dict[str, int]:
    rng = random.Random(seed * 7919 + 17)  # noqa: S311 - demo data, reproducible on purpose
    domain = f"{school.slug}.demo"
    personas = {g.email: g for g in Gebruiker.objects.filter(email__endswith=f"@{domain}")}
    zorg = personas.get(f"zorgcoordinator@{domain}")
    mentor = personas.get(f"mentor@{domain}")
    teamleider = personas.get(f"teamleider@{domain}")
    zat_lid = personas.get(f"zat@{domain}")
    if zorg is None or mentor is None or teamleider is None or zat_lid is None:
        return {}
    # The decision's after-commit receiver would prepare the aanmelding only once the whole
    # demo build commits: prepare it here, for the mentor who registers the pupil.
    for besluit in Besluit.objects.filter(
        soort=BesluitSoort.AANMELDEN_IZO, aanmelding__isnull=True
    ).select_related("bespreking"):
        aanmelding_voorbereiden(besluit=besluit, aanmelder=mentor)
    voorbereid = {"Aanmelding": Aanmelding.objects.count()}
    partners = {
        soort: Partnerorganisatie.objects.get_or_create(
            school=school, naam=naam, defaults={"soort": soort}
        )[0]
        for naam, soort in PARTNERS
    }
    Partnerlid.objects.get_or_create(
        school=school,
        gebruiker=zat_lid,
        defaults={"partner": partners["ggd"], "functie": "Jeugdarts"},
    )
    _toestemming_voor_gedeelde_leerlingen(zat_lid, partners["ggd"], zorg, today)
    if today != timezone.localdate():
        # Consent, referral and planning are checked against the real today (no consent in
        # the future, no meeting in the past); a demo for another reference day (tests) gets
        # the partner organisations only.
        return {**voorbereid, "Partnerorganisatie": Partnerorganisatie.objects.count()}
    klas = (
        Groep.objects.filter(mentoraten__gebruiker=mentor, schooljaar__startdatum__lte=today)
        .order_by("-schooljaar__startdatum", "naam")
        .first()
    )
    if klas is None:
        return {}
    in_klas = list(
        Plaatsing.objects.active(today)
        .filter(groep=klas)
        .select_related("leerling")
        .order_by("leerling__uuid")
    )
    # Pupils with a traject or an aanmelding under way (the besprekingen demo prepares one).
    bezet = set(Traject.objects.values_list("leerling_id", flat=True)) | set(
        Aanmelding.objects.filter(status__in=LOPEND).values_list("leerling_id", flat=True)
    )
    # The pupil the ZAT-lid already sees (the roster demo shares two with them) gets the case.
    gedeeld = [
        g.content_object
        for g in LeerlingGrant.objects.filter(user=zat_lid)
        .select_related("content_object")
        .order_by("content_object__uuid")
    ]
    kandidaten = [p.leerling for p in in_klas if p.leerling_id not in bezet]
    zat_leerling = next((ll for ll in gedeeld if ll.pk not in bezet), None)
    if zat_leerling is None or len(kandidaten) < 2:
        return {}
    verkort_leerling = rng.choice([ll for ll in kandidaten if ll.pk != zat_leerling.pk])

    # --- Last week's IZO, closed, with the report of the ZAT pupil ------------------------------
    traject = traject_verkort_openen(
        leerling=zat_leerling,
        reden="Zorgen over thuissituatie en verzuim na een melding van de mentor.",
        user=zorg,
    )
    vorig_izo = Zorgoverleg.objects.create(
        school=school,
        soort=OverlegSoort.IZO,
        datum=_werkdag(today - dt.timedelta(days=7), -1),
        tijd=dt.time(13, 0),
        plaats="Kamer zorgteam",
        voorzitter=zorg,
        aangemaakt_door=zorg,
        status=OverlegStatus.AFGESLOTEN,
        afgesloten_op=timezone.now() - dt.timedelta(days=6),
    )
    for gebruiker in (zorg, teamleider, mentor):
        Overlegdeelnemer.objects.create(school=school, overleg=vorig_izo, gebruiker=gebruiker)
    voornaam = zat_leerling.voornaam
    evaluatie = _werkdag(today + dt.timedelta(days=35))
    verslag = IzoVerslag.objects.create(
        school=school,
        overleg=vorig_izo,
        traject=traject,
        analyse=(
            f"{voornaam} komt vaak te laat en is moe in de les. Thuis is de situatie onrustig "
            "sinds de scheiding van de ouders. Sterk: sport en de band met de mentor."
        ),
        hulpvraag="Help mij om thuis rust te vinden voor mijn huiswerk.",
        begeleidingsvraag=f"Hoe houden we {voornaam} betrokken als ze moe binnenkomt?",
        al_gedaan="Bilateraal overleg mentor-zorgcoördinator; vaste plek en time-outkaart.",
        ontwikkelingsperspectief="Havo blijft haalbaar als het verzuim afneemt.",
        onderwijsbehoeften=f"{voornaam} heeft een korte, duidelijke start van de les nodig.",
        aanbod_groep="Start elke les met een korte opdracht op het bord; vaste plek bij de deur.",
        begeleiding_leerling="Wekelijks gesprek met het schoolmaatschappelijk werk.",
        coaching="De mentor krijgt twee gesprekken met de orthopedagoog.",
        aanmelding_zat="Ja: de thuissituatie vraagt om een multidisciplinaire blik.",
        afstemming_ouders="De zorgcoördinator bespreekt de uitkomst met beide ouders.",
        samenvatting=(
            "SMW-begeleiding, coaching van de mentor, aanmelden bij het ZAT; evalueren over "
            "vijf weken."
        ),
        informeert_leerling=mentor,
        informeert_ouders=zorg,
        evaluatiedatum=evaluatie,
        gewijzigd_door=zorg,
    )
    Izobesluit.objects.create(
        school=school,
        verslag=verslag,
        soort="ondersteuning",
        vorm="anders",
        omschrijving="Gesprekken over thuis en planning van huiswerk.",
        uitvoerder_extern="Schoolmaatschappelijk werk De Brug",
        frequentie="1 keer per week, 30 minuten",
        duur="8 weken",
        startdatum=today,
        evaluatiedatum=evaluatie,
        auteur=zorg,
    )
    zat_besluit = Izobesluit.objects.create(
        school=school,
        verslag=verslag,
        soort="zat",
        omschrijving="Hoe kunnen school, GGD en SMW het gezin samen ondersteunen?",
        auteur=zorg,
    )
    Handelingsadvies.objects.create(
        school=school,
        traject=traject,
        izo_verslag=verslag,
        tekst=(
            f"Begin de les met een korte opdracht op het bord en geef {voornaam} een vaste "
            "plek bij de deur, zodat binnenkomen rustig kan."
        ),
        bestemming="groepsplan",
        auteur=zorg,
    )
    traject.izo_datum = evaluatie
    traject.save()

    # --- Referred to the ZAT with consent, shared with the ZAT-lid ---------------------------
    toestemming_vastleggen(
        leerling=zat_leerling,
        doel="zat",
        gegeven_door="ouder",
        naam_gever=f"Ouder van {voornaam}",
        gegeven_op=today - dt.timedelta(days=5),
        geldig_tot=today + dt.timedelta(days=180),
        user=zorg,
    )
    casus = zat_aanmelden(izobesluit=zat_besluit, user=zorg)
    TrajectGrant.objects.create(
        school=school,
        content_object=traject,
        user=zat_lid,
        permission=Permission.objects.get(
            content_type__app_label="izo_zat", codename="view_traject"
        ),
        geldig_tot=today + dt.timedelta(days=90),
        verleend_door=zorg,
    )
    zat_overleg = overleg_plannen(
        soort=OverlegSoort.ZAT,
        datum=_werkdag(today + dt.timedelta(days=14)),
        tijd=dt.time(9, 0),
        plaats="Vergaderruimte 2",
        voorzitter=zorg,
        user=zorg,
        school_id=school.pk,
        deelnemer_ids=[zat_lid.pk, teamleider.pk, mentor.pk],
    )
    casus.casusregisseur = zorg
    casus.zat_datum = zat_overleg.datum
    casus.save()
    ZatActie.objects.create(
        school=school,
        casus=casus,
        wat="Ouders uitnodigen voor een gesprek over slaap en gezondheid",
        doel="Zicht op de oorzaak van de vermoeidheid.",
        partner=partners["ggd"],
        uitvoerder=zat_lid,
        deadline=today + dt.timedelta(days=10),
        bijgewerkt_door=zorg,
    )
    ZatActie.objects.create(
        school=school,
        casus=casus,
        wat="Huisbezoek en kortdurende opvoedondersteuning",
        partner=partners["smw"],
        deadline=today + dt.timedelta(days=21),
        bijgewerkt_door=zorg,
    )
    Doorverwijzing.objects.create(
        school=school,
        casus=casus,
        soort="opvoeding",
        toelichting="Opvoedondersteuning via het CJG, in overleg met de ouders.",
        aangevraagd_op=today,
        aangemaakt_door=zorg,
    )

    # --- Next week's IZO, with a pupil on the shortened route to report ------------------------
    volgend_izo = _werkdag(today + dt.timedelta(days=6))
    traject_verkort_openen(
        leerling=verkort_leerling,
        reden="Acute zorg: paniekaanvallen voor toetsen; direct gestart met de orthopedagoog.",
        izo_datum=volgend_izo,
        user=zorg,
    )
    overleg_plannen(
        soort=OverlegSoort.IZO,
        datum=volgend_izo,
        tijd=dt.time(13, 0),
        plaats="Kamer zorgteam",
        voorzitter=zorg,
        user=zorg,
        school_id=school.pk,
        deelnemer_ids=[teamleider.pk, mentor.pk],
    )
    return voorbereid | {
        model.__name__: model.objects.count()
        for model in (
            Partnerorganisatie,
            Zorgoverleg,
            IzoVerslag,
            Izobesluit,
            Handelingsadvies,
            Zatcasus,
            TrajectGrant,
            ZatActie,
            Doorverwijzing,
        )
    }
