"""From aanmelding to traject: starting and submitting an aanmelding, the zorgcoördinator's
triage (accept and schedule, ask for missing information, or send back with first-line
actions), the shortened route, and the consent registry.

Every triage decision is recorded with its reason (Triagebesluit) and the people concerned
get a mail after commit (izo_zat.tasks)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from besprekingen.services import huidige_groep
from zorgroute.models import Gebruiker, Leerling
from zorgroute.outbox import enqueue
from zorgroute.services import lock_current, save_validated

from .models import (
    Aanmelding,
    AanmeldingStatus,
    Partnerorganisatie,
    Toestemming,
    ToestemmingDoel,
    Traject,
    TrajectRoute,
    TrajectStatus,
    Triagebesluit,
    TriageUitkomst,
    Zorgniveau,
)

#: Aanmeldingen that are still under way (one per pupil at a time).
LOPEND = (AanmeldingStatus.CONCEPT, AanmeldingStatus.INGEDIEND, AanmeldingStatus.INFO_GEVRAAGD)

#: What must be filled in before an aanmelding can be submitted (bijlage 20: the problem,
#: the pupil's hulpvraag and the teachers' begeleidingsvraag are central).
VERPLICHT_BIJ_INDIENEN = {
    "probleem": _("Beschrijf het probleem."),
    "hulpvraag_leerling": _("Beschrijf de hulpvraag van de leerling."),
    "begeleidingsvraag": _("Beschrijf de begeleidingsvraag van de mentor en docenten."),
}


def _melden(soort: str, aanmelding: Aanmelding) -> None:
    enqueue(
        "izo_zat.triage_melding",
        soort=soort,
        aanmelding_id=aanmelding.pk,
        school_id=aanmelding.school_id,
    )


@transaction.atomic
def aanmelding_starten(*, leerling: Leerling, aanmelder: Gebruiker) -> Aanmelding:
    """A new concept aanmelding straight from the pupil page (without a groepsbespreking
    decision). One aanmelding under way per pupil: that one is returned."""
    bestaand = (
        Aanmelding.objects.filter(leerling=leerling, status__in=LOPEND)
        .order_by("-created_at")
        .first()
    )
    if bestaand is not None:
        return bestaand
    groep = huidige_groep(leerling)
    if groep is None:
        raise ValidationError(_("Deze leerling is nu niet in een groep geplaatst."))
    return save_validated(
        Aanmelding(
            school_id=leerling.school_id, leerling=leerling, groep=groep, aanmelder=aanmelder
        )
    )


@transaction.atomic
def aanmelding_indienen(*, aanmelding: Aanmelding, version: str | None) -> Aanmelding:
    """Submit a concept (or the completed aanmelding after information was asked for). The
    zorgcoördinatoren get a mail."""
    fresh = lock_current(aanmelding, version)
    if fresh.status not in (AanmeldingStatus.CONCEPT, AanmeldingStatus.INFO_GEVRAAGD):
        raise ValidationError(_("Deze aanmelding is al ingediend."))
    fouten = {
        veld: melding
        for veld, melding in VERPLICHT_BIJ_INDIENEN.items()
        if not getattr(fresh, veld).strip()
    }
    if fresh.ouders_op_de_hoogte is None:
        fouten["ouders_op_de_hoogte"] = _("Geef aan of de ouders op de hoogte zijn.")
    elif fresh.ouders_op_de_hoogte is False and not fresh.reden_ouders_niet_op_de_hoogte.strip():
        fouten["reden_ouders_niet_op_de_hoogte"] = _(
            "Schrijf op waarom de ouders niet op de hoogte zijn van de aanmelding."
        )
    if fouten:
        raise ValidationError(fouten)
    opnieuw = fresh.status == AanmeldingStatus.INFO_GEVRAAGD
    fresh.status = AanmeldingStatus.INGEDIEND
    fresh.ingediend_op = timezone.now()
    fresh.save()
    _melden("aangevuld" if opnieuw else "ingediend", fresh)
    return fresh


@transaction.atomic
def triage_besluiten(
    *,
    aanmelding: Aanmelding,
    uitkomst: str,
    reden: str,
    user: Gebruiker,
    gevraagde_informatie: str = "",
    eerstelijns_acties: str = "",
    izo_datum: dt.date | None = None,
) -> Triagebesluit:
    """The zorgcoördinator's decision on a submitted aanmelding. Accepting opens the pupil's
    traject (level 2) and schedules it for an IZO; asking for information hands the applicant
    a concrete task; sending back lists the first-line actions to try first."""
    fresh = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if fresh.status != AanmeldingStatus.INGEDIEND:
        raise ValidationError(
            _("Over deze aanmelding is al besloten, of ze is nog niet ingediend.")
        )
    if uitkomst not in TriageUitkomst.values:
        raise ValidationError({"uitkomst": _("Kies een besluit.")})
    fouten = {}
    if not reden.strip():
        fouten["reden"] = _("Schrijf de reden van het besluit op; de aanmelder ziet die.")
    if uitkomst == TriageUitkomst.INFO_VRAGEN and not gevraagde_informatie.strip():
        fouten["gevraagde_informatie"] = _(
            "Schrijf op welke informatie de aanmelder moet aanvullen."
        )
    if uitkomst == TriageUitkomst.TERUGSTUREN and not eerstelijns_acties.strip():
        fouten["eerstelijns_acties"] = _(
            "Schrijf op welke acties de mentor eerst in de klas probeert."
        )
    if uitkomst == TriageUitkomst.ACCEPTEREN:
        if izo_datum is None:
            fouten["izo_datum"] = _("Kies in welk IZO de leerling besproken wordt.")
        elif izo_datum < timezone.localdate():
            fouten["izo_datum"] = _("Kies een IZO vandaag of later.")
        elif Traject.objects.filter(
            leerling_id=fresh.leerling_id, status=TrajectStatus.OPEN
        ).exists():
            fouten["uitkomst"] = _(
                "Deze leerling heeft al een lopend traject; bespreek de aanmelding daarin."
            )
    if fouten:
        raise ValidationError(fouten)
    besluit = Triagebesluit.objects.create(
        school_id=fresh.school_id,
        aanmelding=fresh,
        uitkomst=uitkomst,
        reden=reden.strip(),
        gevraagde_informatie=gevraagde_informatie.strip()
        if uitkomst == TriageUitkomst.INFO_VRAGEN
        else "",
        eerstelijns_acties=eerstelijns_acties.strip()
        if uitkomst == TriageUitkomst.TERUGSTUREN
        else "",
        izo_datum=izo_datum if uitkomst == TriageUitkomst.ACCEPTEREN else None,
        door=user,
    )
    fresh.status = {
        TriageUitkomst.ACCEPTEREN: AanmeldingStatus.GEACCEPTEERD,
        TriageUitkomst.INFO_VRAGEN: AanmeldingStatus.INFO_GEVRAAGD,
        TriageUitkomst.TERUGSTUREN: AanmeldingStatus.TERUGGESTUURD,
    }[TriageUitkomst(uitkomst)]
    fresh.save()
    if uitkomst == TriageUitkomst.ACCEPTEREN:
        save_validated(
            Traject(
                school_id=fresh.school_id,
                leerling_id=fresh.leerling_id,
                aanmelding=fresh,
                route=TrajectRoute.AANMELDING,
                zorgniveau=Zorgniveau.TWEE,
                izo_datum=izo_datum,
                geopend_door=user,
            )
        )
    _melden(uitkomst, fresh)
    return besluit


@transaction.atomic
def traject_verkort_openen(
    *,
    leerling: Leerling,
    reden: str,
    user: Gebruiker,
    zorgniveau: str = Zorgniveau.TWEE,
    izo_datum: dt.date | None = None,
) -> Traject:
    """The shortened route: a zorgteam member starts a traject directly (no aanmelding) and
    reports it in the next IZO."""
    if not reden.strip():
        raise ValidationError({"reden_verkort": _("Schrijf op waarom de verkorte route nodig is.")})
    if zorgniveau not in Zorgniveau.values:
        raise ValidationError({"zorgniveau": _("Kies een zorgniveau.")})
    traject = Traject(
        school_id=leerling.school_id,
        leerling=leerling,
        route=TrajectRoute.VERKORT,
        reden_verkort=reden.strip(),
        zorgniveau=zorgniveau,
        izo_datum=izo_datum,
        geopend_door=user,
    )
    return save_validated(traject, clean_errors_to="reden_verkort")


@transaction.atomic
def traject_bijwerken(
    *, traject: Traject, version: str | None, zorgniveau: str, izo_datum: dt.date | None
) -> Traject:
    fresh = lock_current(traject, version)
    if fresh.status != TrajectStatus.OPEN:
        raise ValidationError(_("Dit traject is afgesloten."))
    if zorgniveau not in Zorgniveau.values:
        raise ValidationError({"zorgniveau": _("Kies een zorgniveau.")})
    fresh.zorgniveau, fresh.izo_datum = zorgniveau, izo_datum
    return save_validated(fresh)


@transaction.atomic
def traject_afsluiten(*, traject: Traject, version: str | None, reden: str) -> Traject:
    fresh = lock_current(traject, version)
    if fresh.status != TrajectStatus.OPEN:
        raise ValidationError(_("Dit traject is al afgesloten."))
    if not reden.strip():
        raise ValidationError({"afsluitreden": _("Schrijf op waarom het traject stopt.")})
    fresh.status = TrajectStatus.GESLOTEN
    fresh.gesloten_op = timezone.now()
    fresh.afsluitreden = reden.strip()
    return save_validated(fresh)


# --- Consent ------------------------------------------------------------------------------------


@transaction.atomic
def toestemming_vastleggen(
    *,
    leerling: Leerling,
    doel: str,
    gegeven_door: str,
    naam_gever: str,
    gegeven_op: dt.date,
    geldig_tot: dt.date,
    user: Gebruiker,
    partner: Partnerorganisatie | None = None,
) -> Toestemming:
    """Record consent. Sharing information needs the named partner organisation; a pupil
    can consent for themselves from 16."""
    fouten = {}
    if doel == ToestemmingDoel.DELEN and partner is None:
        fouten["partner"] = _("Kies met welke partnerorganisatie informatie gedeeld mag worden.")
    if gegeven_door == "leerling" and leerling.geboortedatum:
        zestien = leerling.geboortedatum.replace(year=leerling.geboortedatum.year + 16)
        if gegeven_op < zestien:
            fouten["gegeven_door"] = _(
                "De leerling was toen jonger dan 16; toestemming komt van ouder of voogd."
            )
    if gegeven_op > timezone.localdate():
        fouten["gegeven_op"] = _("De datum van toestemming ligt in de toekomst.")
    if fouten:
        raise ValidationError(fouten)
    return save_validated(
        Toestemming(
            school_id=leerling.school_id,
            leerling=leerling,
            doel=doel,
            partner=partner,
            gegeven_door=gegeven_door,
            naam_gever=naam_gever.strip(),
            gegeven_op=gegeven_op,
            geldig_tot=geldig_tot,
            vastgelegd_door=user,
        ),
        clean_errors_to="geldig_tot",
    )


@transaction.atomic
def toestemming_intrekken(*, toestemming: Toestemming, toelichting: str) -> Toestemming:
    """Withdraw consent. It takes effect at once: every check reads `ingetrokken_op`."""
    fresh = lock_current(toestemming, None)
    if fresh.ingetrokken_op is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    fresh.ingetrokken_op = timezone.now()
    fresh.reden_intrekking = toelichting.strip()
    fresh.save()
    return fresh
