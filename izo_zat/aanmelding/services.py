"""The aanmelding: the concept a groepsbespreking decision prepares or a mentor starts, the
applicant's saves, submitting it, and the zorgcoördinator's triage decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from besprekingen.models import Besluit, BesluitSoort
from besprekingen.rules import huidige_groep
from zorgroute.models import Gebruiker, Leerling
from zorgroute.outbox import enqueue
from zorgroute.services import save_validated
from zorgroute.versioning import lock, lock_version

from ..traject.models import Traject, TrajectRoute, TrajectStatus, Zorgniveau
from .models import Aanmelding, AanmeldingStatus, Triagebesluit, TriageUitkomst

#: An applicant writes while the aanmelding is a concept, and again when the zorgcoördinator
#: asked for missing information.
BEWERKBAAR = frozenset({AanmeldingStatus.CONCEPT, AanmeldingStatus.INFO_GEVRAAGD})


#: What the applicant writes, in the order of bijlage 20.
AANMELDING_VELDEN = (
    "ouders_op_de_hoogte",
    "reden_ouders_niet_op_de_hoogte",
    "probleem",
    "ontstaan",
    "belemmerend",
    "thuissituatie",
    "stimulerend",
    "hulpvraag_leerling",
    "begeleidingsvraag",
    "ondersteuning_onderzoek",
    "ondersteuning_leerling",
    "ondersteuning_docenten",
    "ondersteuning_ouders",
    "ondersteuning_anders",
    "al_gedaan",
    "eerdere_hulpverlening",
    "eerder_onderzoek",
    "diagnose",
    "sociaal_emotioneel",
    "werkhouding",
    "verzuim",
    "overig",
)


@transaction.atomic
def aanmelding_voorbereiden(*, besluit: Besluit, aanmelder: Gebruiker) -> Aanmelding:
    """The concept aanmelding of an "aanmelden bij IZO" decision, for the mentor of the
    class (the applicant). Idempotent: one aanmelding per decision."""
    aanmelding, _created = Aanmelding.objects.get_or_create(
        besluit=besluit,
        defaults={
            "school_id": besluit.school_id,
            "leerling_id": besluit.leerling_id,
            "groep_id": besluit.bespreking.groep_id,
            "aanmelder": aanmelder,
        },
    )
    return aanmelding


def aanmelding_uit_besluit(*, besluit: Besluit) -> Aanmelding | None:
    """The prepared aanmelding of an "aanmelden bij IZO" decision (the queued task
    izo_zat.aanmelding_voorbereiden), for the owner of the decision's action: the mentor of
    the class, or its author. None for any other decision."""
    if besluit.soort != BesluitSoort.AANMELDEN_IZO:
        return None
    actie = besluit.acties.select_related("eigenaar").first()
    return aanmelding_voorbereiden(
        besluit=besluit, aanmelder=actie.eigenaar if actie else besluit.auteur
    )


@transaction.atomic
def aanmelding_update(
    *,
    aanmelding: Aanmelding,
    version: int | None,
    velden: dict[str, Any],
    user: Gebruiker | None = None,
) -> Aanmelding:
    """Save the applicant's part of a concept aanmelding. `version` is the version the user
    opened; a colleague's newer save is never overwritten (StaleVersion). When the parents
    do not know of the aanmelding, the reason is required."""
    fresh = lock_version(aanmelding, version)
    if fresh.status not in BEWERKBAAR:
        raise ValidationError(
            _("Deze aanmelding is al ingediend en kan niet meer worden gewijzigd.")
        )
    onbekend = set(velden) - set(AANMELDING_VELDEN)
    if onbekend:
        raise ValueError(f"Unknown fields: {sorted(onbekend)}")
    for naam, waarde in velden.items():
        setattr(fresh, naam, waarde.strip() if isinstance(waarde, str) else waarde)
    if fresh.ouders_op_de_hoogte is False and not fresh.reden_ouders_niet_op_de_hoogte:
        raise ValidationError(
            {
                "reden_ouders_niet_op_de_hoogte": _(
                    "Schrijf op waarom de ouders niet op de hoogte zijn van de aanmelding."
                )
            }
        )
    if fresh.ouders_op_de_hoogte is not False:
        fresh.reden_ouders_niet_op_de_hoogte = ""
    fresh.gewijzigd_door = user
    return save_validated(fresh)


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
def aanmelding_indienen(
    *,
    aanmelding: Aanmelding,
    version: int | None,
    velden: dict[str, Any] | None = None,
    user: Gebruiker | None = None,
) -> Aanmelding:
    """Submit a concept (or the completed aanmelding after information was asked for),
    with what the applicant typed (`velden`) saved first in the same transaction. The
    zorgcoördinatoren get a mail."""
    if velden is not None:
        aanmelding = aanmelding_update(
            aanmelding=aanmelding, version=version, velden=velden, user=user
        )
        version = aanmelding.versie
    fresh = lock_version(aanmelding, version)
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


def _triage_fouten(
    aanmelding: Aanmelding,
    *,
    uitkomst: str,
    reden: str,
    gevraagde_informatie: str,
    eerstelijns_acties: str,
    izo_datum: dt.date | None,
) -> dict[str, str]:
    """What a triage decision still lacks, per field: always a reason, and what the chosen
    outcome needs (the missing information, the first-line actions, a coming IZO)."""
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
        fouten.update(_accepteren_fouten(aanmelding, izo_datum))
    return fouten


def _accepteren_fouten(aanmelding: Aanmelding, izo_datum: dt.date | None) -> dict[str, str]:
    if izo_datum is None:
        return {"izo_datum": _("Kies in welk IZO de leerling besproken wordt.")}
    if izo_datum < timezone.localdate():
        return {"izo_datum": _("Kies een IZO vandaag of later.")}
    if Traject.objects.filter(
        leerling_id=aanmelding.leerling_id, status=TrajectStatus.OPEN
    ).exists():
        return {
            "uitkomst": _(
                "Deze leerling heeft al een lopend traject; bespreek de aanmelding daarin."
            )
        }
    return {}


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
    fresh = lock(aanmelding)
    if fresh.status != AanmeldingStatus.INGEDIEND:
        raise ValidationError(
            _("Over deze aanmelding is al besloten, of ze is nog niet ingediend.")
        )
    if uitkomst not in TriageUitkomst.values:
        raise ValidationError({"uitkomst": _("Kies een besluit.")})
    fouten = _triage_fouten(
        fresh,
        uitkomst=uitkomst,
        reden=reden,
        gevraagde_informatie=gevraagde_informatie,
        eerstelijns_acties=eerstelijns_acties,
        izo_datum=izo_datum,
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
    fresh.gewijzigd_door = user
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
