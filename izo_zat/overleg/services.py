"""IZO and ZAT meetings: planning, attendees, starting, the IZO report per pupil, the IZO
decisions and closing the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Lidmaatschap, Rol
from zorgroute.outbox import enqueue
from zorgroute.services import save_validated
from zorgroute.versioning import lock, lock_for_change, lock_version

from ..partners.models import Partnerlid
from ..traject.models import Traject, TrajectStatus
from ..zat.models import Zatcasus, ZatcasusStatus, ZatVerslag
from .models import (
    IZO_VERSLAG_ITEMS,
    Izobesluit,
    IzoBesluitSoort,
    IzoVerslag,
    Overlegdeelnemer,
    OverlegSoort,
    OverlegStatus,
    Zorgoverleg,
)

#: The report's text fields, in the order of bijlage 22.
IZO_VERSLAG_VELDEN = tuple(naam for naam, _label, _uitleg in IZO_VERSLAG_ITEMS)


ZAT_VERSLAG_VELDEN = (
    "snelle_ronde",
    "analyse",
    "richting_leerling",
    "richting_gezin",
    "richting_school",
    "besluiten",
    "samenvatting",
)


V = TypeVar("V", IzoVerslag, ZatVerslag)


def _check_open(overleg: Zorgoverleg) -> None:
    """Writes to a closed meeting are refused, checked against the stored row."""
    status = Zorgoverleg.objects.filter(pk=overleg.pk).values_list("status", flat=True).first()
    if status == OverlegStatus.AFGESLOTEN:
        raise ValidationError(_("Dit overleg is afgesloten; het verslag kan niet meer wijzigen."))


def zorgcoordinator_ids(school_id: int) -> set[int]:
    return set(
        Lidmaatschap.objects.active()
        .filter(school_id=school_id, rol=Rol.ZORGCOORDINATOR)
        .values_list("gebruiker_id", flat=True)
    )


def mogelijke_deelnemers(school_id: int, soort: str) -> set[int]:
    """Who may be invited: the school's staff; for the ZAT also the members of its partner
    organisations (ZAT-lid accounts linked to an organisation)."""
    leden = Lidmaatschap.objects.active().filter(school_id=school_id)
    staff = set(leden.exclude(rol=Rol.ZAT_LID).values_list("gebruiker_id", flat=True))
    if soort != OverlegSoort.ZAT:
        return staff
    partners = set(
        Partnerlid.objects.filter(
            gebruiker_id__in=leden.filter(rol=Rol.ZAT_LID).values("gebruiker_id")
        ).values_list("gebruiker_id", flat=True)
    )
    return staff | partners


def _deelnemers_zetten(overleg: Zorgoverleg, ids: Iterable[int]) -> None:
    wanted = set(ids) | {overleg.voorzitter_id}
    if wanted - mogelijke_deelnemers(overleg.school_id, overleg.soort):
        raise ValidationError(
            {
                "deelnemers": _(
                    "Kies alleen medewerkers van de school of leden van partnerorganisaties."
                )
            }
        )
    bestaand = {d.gebruiker_id: d for d in overleg.deelnemers.all()}
    for gebruiker_id, deelnemer in bestaand.items():
        if gebruiker_id not in wanted:
            deelnemer.delete()
    for gebruiker_id in wanted - set(bestaand):
        Overlegdeelnemer.objects.create(
            school_id=overleg.school_id, overleg=overleg, gebruiker_id=gebruiker_id
        )


def _check_voorzitter(overleg: Zorgoverleg) -> None:
    if overleg.voorzitter_id not in zorgcoordinator_ids(overleg.school_id):
        raise ValidationError(
            {"voorzitter": _("De voorzitter is een zorgcoördinator van de school.")}
        )


@transaction.atomic
def overleg_plannen(
    *,
    soort: str,
    datum: dt.date,
    voorzitter: Gebruiker,
    user: Gebruiker,
    school_id: int,
    tijd: dt.time | None = None,
    plaats: str = "",
    deelnemer_ids: Iterable[int] = (),
) -> Zorgoverleg:
    if soort not in OverlegSoort.values:
        raise ValidationError({"soort": _("Kies IZO of ZAT.")})
    if datum < timezone.localdate():
        raise ValidationError({"datum": _("Plan het overleg vandaag of later.")})
    overleg = Zorgoverleg(
        school_id=school_id,
        soort=soort,
        datum=datum,
        tijd=tijd,
        plaats=plaats.strip(),
        voorzitter=voorzitter,
        aangemaakt_door=user,
    )
    _check_voorzitter(overleg)
    save_validated(overleg)
    _deelnemers_zetten(overleg, deelnemer_ids)
    return overleg


@transaction.atomic
def overleg_update(
    *,
    overleg: Zorgoverleg,
    version: int | None,
    datum: dt.date,
    voorzitter: Gebruiker,
    tijd: dt.time | None = None,
    plaats: str = "",
    deelnemer_ids: Iterable[int] = (),
    user: Gebruiker | None = None,
) -> Zorgoverleg:
    fresh = lock_for_change(overleg, version, user=user)
    if fresh.status == OverlegStatus.AFGESLOTEN:
        raise ValidationError(_("Dit overleg is afgesloten."))
    fresh.datum, fresh.tijd, fresh.plaats, fresh.voorzitter = (
        datum,
        tijd,
        plaats.strip(),
        voorzitter,
    )
    _check_voorzitter(fresh)
    save_validated(fresh)
    _deelnemers_zetten(fresh, deelnemer_ids)
    return fresh


@transaction.atomic
def overleg_starten(*, overleg: Zorgoverleg) -> Zorgoverleg:
    fresh = lock(overleg)
    if fresh.status == OverlegStatus.GEPLAND:
        fresh.status = OverlegStatus.BEZIG
        fresh.save()
    return fresh


@transaction.atomic
def in_overleg_schrijven(overleg: Zorgoverleg, schrijven: Callable[[], V]) -> V:
    """Write a report (`schrijven`, an izo_verslag_update or zat_verslag_update call) from
    the meeting's page: the first report written there starts the meeting."""
    verslag = schrijven()
    overleg_starten(overleg=overleg)
    return verslag


def izo_verslag_voorinvulling(traject: Traject) -> dict[str, str]:
    """Starting text for a new report: the previous IZO report of the traject (a follow-up
    discusses progress on it), else the aanmelding's questions and what was already done,
    and the pupil's OPP."""
    from groepsplan.ihp_opp.models import Ontwikkelingsperspectief

    vorig = (
        IzoVerslag.objects.filter(traject=traject, overleg__status=OverlegStatus.AFGESLOTEN)
        .order_by("-overleg__datum", "-pk")
        .first()
    )
    if vorig is not None:
        return {
            veld: getattr(vorig, veld)
            for veld in ("analyse", "hulpvraag", "begeleidingsvraag", "ontwikkelingsperspectief")
            if getattr(vorig, veld)
        } | {"al_gedaan": f"Vorig IZO ({vorig.overleg.datum:%d-%m-%Y}): {vorig.samenvatting}"}
    tekst: dict[str, str] = {}
    aanmelding = traject.aanmelding
    if aanmelding is not None:
        analyse = "\n".join(
            x
            for x in (
                aanmelding.probleem,
                f"Belemmerend: {aanmelding.belemmerend}" if aanmelding.belemmerend else "",
                f"Stimulerend: {aanmelding.stimulerend}" if aanmelding.stimulerend else "",
            )
            if x
        )
        tekst.update(
            analyse=analyse,
            hulpvraag=aanmelding.hulpvraag_leerling,
            begeleidingsvraag=aanmelding.begeleidingsvraag,
            al_gedaan=aanmelding.al_gedaan,
        )
    elif traject.reden_verkort:
        tekst["analyse"] = f"Verkorte route: {traject.reden_verkort}"
    opp = Ontwikkelingsperspectief.objects.filter(leerling_id=traject.leerling_id).first()
    if opp is not None:
        delen = [
            f"Verwacht uitstroomniveau: {opp.uitstroomniveau}" if opp.uitstroomniveau else "",
            f"Bestemming: {opp.uitstroombestemming}" if opp.uitstroombestemming else "",
        ]
        tekst["ontwikkelingsperspectief"] = "\n".join(d for d in delen if d)
    return {k: v for k, v in tekst.items() if v}


def _check_gebruikers(school_id: int, ids: Iterable[int | None], *, veld: str) -> None:
    ids = {i for i in ids if i}
    if ids - mogelijke_deelnemers(school_id, OverlegSoort.IZO):
        raise ValidationError({veld: _("Kies een medewerker van de school.")})


@transaction.atomic
def izo_verslag_update(
    *,
    overleg: Zorgoverleg,
    traject: Traject,
    version: int | None,
    velden: dict[str, Any],
    user: Gebruiker,
) -> IzoVerslag:
    """Create or update the pupil's report in this IZO. `version` is the version the user
    opened ("" for a report that did not exist yet); a colleague's newer save is refused
    (StaleVersion) and nothing is written."""
    if overleg.soort != OverlegSoort.IZO:
        raise ValidationError(_("Dit is geen IZO."))
    _check_open(overleg)
    toegestaan = {*IZO_VERSLAG_VELDEN, "informeert_leerling", "informeert_ouders", "evaluatiedatum"}
    onbekend = set(velden) - toegestaan
    if onbekend:
        raise ValueError(f"Unknown fields: {sorted(onbekend)}")
    if not Traject.objects.filter(pk=traject.pk, status=TrajectStatus.OPEN).exists():
        raise ValidationError(_("Dit traject is afgesloten."))
    verslag = verslag_invullen(
        IzoVerslag.objects.filter(overleg=overleg, traject=traject).first(),
        lambda: IzoVerslag(school_id=overleg.school_id, overleg=overleg, traject=traject),
        overleg=overleg,
        version=version,
        velden=velden,
        user=user,
    )
    _check_gebruikers(
        overleg.school_id,
        [verslag.informeert_leerling_id, verslag.informeert_ouders_id],
        veld="informeert_leerling",
    )
    return save_validated(verslag)


def verslag_invullen(
    bestaand: V | None,
    nieuw: Callable[[], V],
    *,
    overleg: Zorgoverleg,
    version: int | None,
    velden: dict[str, Any],
    user: Gebruiker,
) -> V:
    """The IZO or ZAT report to write, not yet saved: the stored one under a row lock (a
    stale `version` raises StaleVersion) or a new one, with the user's fields set and the
    evaluation date checked to lie after the meeting."""
    if bestaand is not None:
        # No version means the user opened an empty report: any stored one is newer.
        verslag = lock_version(bestaand, version or 0)
    elif version:
        # The user opened a report that someone else has removed: nothing to compare to.
        raise ValidationError(_("Dit verslag bestaat niet meer; open de agenda opnieuw."))
    else:
        verslag = nieuw()
    for naam, waarde in velden.items():
        setattr(verslag, naam, waarde.strip() if isinstance(waarde, str) else waarde)
    if verslag.evaluatiedatum is not None and verslag.evaluatiedatum < overleg.datum:
        raise ValidationError(
            {"evaluatiedatum": _("De evaluatie ligt na dit overleg; kies een latere datum.")}
        )
    verslag.gewijzigd_door = user
    return verslag


#: What a decision of each kind must say (bijlage 21: who, when, how often, how long, and
#: when it is evaluated).
_BESLUIT_VERPLICHT: dict[str, dict[str, str]] = {
    IzoBesluitSoort.ONDERSTEUNING: {
        "vorm": _("Kies de vorm van ondersteuning."),
        "frequentie": _("Hoe vaak? Bijvoorbeeld: 1 keer per week."),
        "duur": _("Hoe lang? Bijvoorbeeld: 8 weken."),
        "evaluatiedatum": _("Kies wanneer de ondersteuning wordt geëvalueerd."),
    },
    IzoBesluitSoort.COACHING: {
        "evaluatiedatum": _("Kies wanneer de coaching wordt geëvalueerd."),
    },
    IzoBesluitSoort.OUDERS: {},
    IzoBesluitSoort.ZAT: {},
}


def _besluit_fouten(besluit: Izobesluit) -> dict[str, str]:
    """What an IZO decision of its kind still lacks, per field (bijlage 21)."""
    soort = besluit.soort
    fouten: dict[str, str] = {}
    if not besluit.omschrijving:
        fouten["omschrijving"] = (
            _("Schrijf op welke vraag het ZAT beantwoordt.")
            if soort == IzoBesluitSoort.ZAT
            else _("Schrijf op wat er gebeurt en met welk doel.")
        )
    for veld, melding in _BESLUIT_VERPLICHT[soort].items():
        if not getattr(besluit, veld):
            fouten[veld] = melding
    if soort in (IzoBesluitSoort.ONDERSTEUNING, IzoBesluitSoort.COACHING) and not (
        besluit.uitvoerder_id or besluit.uitvoerder_extern
    ):
        fouten["uitvoerder"] = _("Wie voert het uit? Kies een medewerker of vul een naam in.")
    fouten.update(_besluit_datum_fouten(besluit))
    if (
        soort == IzoBesluitSoort.ZAT
        and Izobesluit.objects.filter(verslag=besluit.verslag, soort=IzoBesluitSoort.ZAT).exists()
    ):
        fouten["soort"] = _("In dit verslag staat al een aanmelding bij het ZAT.")
    return fouten


def _besluit_datum_fouten(besluit: Izobesluit) -> dict[str, str]:
    evaluatiedatum, startdatum = besluit.evaluatiedatum, besluit.startdatum
    if evaluatiedatum and evaluatiedatum < besluit.verslag.overleg.datum:
        return {"evaluatiedatum": _("De evaluatie ligt na dit overleg; kies een latere datum.")}
    if startdatum and evaluatiedatum and evaluatiedatum < startdatum:
        return {"evaluatiedatum": _("De evaluatie ligt na de start.")}
    return {}


@transaction.atomic
def izobesluit_create(
    *,
    verslag: IzoVerslag,
    soort: str,
    omschrijving: str,
    user: Gebruiker,
    vorm: str = "",
    uitvoerder: Gebruiker | None = None,
    uitvoerder_extern: str = "",
    frequentie: str = "",
    duur: str = "",
    startdatum: dt.date | None = None,
    evaluatiedatum: dt.date | None = None,
) -> Izobesluit:
    _check_open(verslag.overleg)
    if soort not in IzoBesluitSoort.values:
        raise ValidationError({"soort": _("Kies wat er besloten is.")})
    besluit = Izobesluit(
        school_id=verslag.school_id,
        verslag=verslag,
        soort=soort,
        vorm=vorm if soort == IzoBesluitSoort.ONDERSTEUNING else "",
        omschrijving=omschrijving.strip(),
        uitvoerder=uitvoerder,
        uitvoerder_extern=uitvoerder_extern.strip(),
        frequentie=frequentie.strip(),
        duur=duur.strip(),
        startdatum=startdatum,
        evaluatiedatum=evaluatiedatum,
        auteur=user,
    )
    fouten = _besluit_fouten(besluit)
    if fouten:
        raise ValidationError(fouten)
    if uitvoerder is not None:
        _check_gebruikers(verslag.school_id, [uitvoerder.pk], veld="uitvoerder")
    return save_validated(besluit)


@transaction.atomic
def izobesluit_delete(*, besluit: Izobesluit) -> None:
    _check_open(besluit.verslag.overleg)
    if Zatcasus.objects.filter(izobesluit=besluit).exists():
        raise ValidationError(
            _("Met dit besluit is de leerling al aangemeld bij het ZAT; het blijft staan.")
        )
    besluit.delete()


def _verslagen_van(overleg: Zorgoverleg) -> list[IzoVerslag | ZatVerslag]:
    if overleg.soort == OverlegSoort.IZO:
        return list(
            IzoVerslag.objects.filter(overleg=overleg)
            .select_related("traject", "traject__leerling")
            .order_by("pk")
        )
    return list(
        ZatVerslag.objects.filter(overleg=overleg)
        .select_related("casus", "casus__traject", "casus__traject__leerling")
        .order_by("pk")
    )


def _casus_traject(verslag: IzoVerslag | ZatVerslag) -> Traject:
    return verslag.traject if isinstance(verslag, IzoVerslag) else verslag.casus.traject


def _nog_open(verslag: IzoVerslag | ZatVerslag) -> bool:
    """Whether the traject (IZO) or ZAT case of the report is still running."""
    if isinstance(verslag, IzoVerslag):
        return verslag.traject.status == TrajectStatus.OPEN
    return verslag.casus.status != ZatcasusStatus.AFGESLOTEN


def _naar_evaluatiedatum(verslag: IzoVerslag | ZatVerslag) -> None:
    """The discussed case comes back on the agenda on the report's evaluation date."""
    if isinstance(verslag, IzoVerslag):
        traject = lock(verslag.traject)
        if traject.status == TrajectStatus.OPEN and traject.izo_datum != verslag.evaluatiedatum:
            traject.izo_datum = verslag.evaluatiedatum
            traject.save()
        return
    casus = lock(verslag.casus)
    if casus.status != ZatcasusStatus.AFGESLOTEN:
        casus.zat_datum = verslag.evaluatiedatum
        casus.status = ZatcasusStatus.LOPEND
        casus.save()


@transaction.atomic
def overleg_afsluiten(
    *, overleg: Zorgoverleg, version: int | None, user: Gebruiker | None = None
) -> Zorgoverleg:
    """Close the meeting: every discussed open case needs an evaluation date (the error
    names the pupil); its next discussion moves there. Mails after commit."""
    fresh = lock_for_change(overleg, version, user=user)
    if fresh.status == OverlegStatus.AFGESLOTEN:
        raise ValidationError(_("Dit overleg is al afgesloten."))
    verslagen = _verslagen_van(fresh)
    if not verslagen:
        raise ValidationError(_("Er is nog geen leerling besproken; schrijf eerst een verslag."))
    ontbreekt = [
        _casus_traject(v).leerling.volledige_naam
        for v in verslagen
        if _nog_open(v) and v.evaluatiedatum is None
    ]
    if ontbreekt:
        raise ValidationError(
            _("Kies nog een evaluatiedatum voor: %(namen)s.") % {"namen": ", ".join(ontbreekt)}
        )
    for v in verslagen:
        _naar_evaluatiedatum(v)
    fresh.status = OverlegStatus.AFGESLOTEN
    fresh.afgesloten_op = timezone.now()
    fresh.save()

    enqueue("izo_zat.overleg_afgesloten_melding", overleg_id=fresh.pk, school_id=fresh.school_id)
    return fresh
