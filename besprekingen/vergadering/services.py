"""Running and closing the meeting: start, verslag per point, decisions, actions, the
summary. An "aanmelden bij IZO" decision queues izo_zat's prepared aanmelding through the
outbox (besprekingen does not import izo_zat)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from besprekingen import agenda
from besprekingen.models import (
    Actie,
    ActieStatus,
    Besluit,
    BesluitSoort,
    Bespreking,
    Inbreng,
    Soort,
    Status,
    Verslagpunt,
)
from besprekingen.rules import (
    STANDAARD_ACTIETERMIJN,
    actie_create,
    check_leerling,
    check_open,
    check_punt,
)
from zorgroute.models import Gebruiker, Groep, Leerling, Mentoraat
from zorgroute.outbox import enqueue
from zorgroute.services import save_validated
from zorgroute.versioning import FieldConflict, StaleVersion, lock, lock_version


@transaction.atomic
def inbreng_besproken(*, inbreng: Inbreng, besproken: bool) -> Inbreng:
    check_open(inbreng.bespreking)
    inbreng.besproken = besproken
    inbreng.save(update_fields=["besproken"])
    return inbreng


@transaction.atomic
def bespreking_starten(*, bespreking: Bespreking, user: Gebruiker | None = None) -> Bespreking:
    """Start the meeting (status bezig). It is a new version: a close form opened before
    is stale, and its notice names who started."""
    fresh = lock(bespreking)
    check_open(fresh)
    if fresh.status == Status.GEPLAND:
        fresh.status = Status.BEZIG
        fresh.gewijzigd_door = user
        fresh.save(update_fields=["status", "gewijzigd_door", "updated_at"])
    return fresh


@transaction.atomic
def verslagpunt_update(
    *, bespreking: Bespreking, punt: str, tekst: str, version: int | None, user: Gebruiker
) -> Verslagpunt:
    """Save what was agreed on one agenda point. `version` is the `versie` the user saw
    (0 when the point was still empty, None skips the check); a colleague's newer text is
    never overwritten: `StaleVersion` with their text and the user's."""
    check_open(bespreking)
    check_punt(bespreking, punt)
    punt_obj, created = Verslagpunt.objects.select_for_update().get_or_create(
        bespreking=bespreking,
        punt=punt,
        defaults={"school_id": bespreking.school_id, "tekst": tekst, "gewijzigd_door": user},
    )
    if created:
        return punt_obj
    if version is not None and version != punt_obj.versie:
        raise StaleVersion(
            current=punt_obj,
            conflicts=[
                FieldConflict(
                    name="tekst",
                    label=agenda.titel(bespreking.soort, punt),
                    theirs=punt_obj.tekst,
                    mine=tekst,
                )
            ],
        )
    punt_obj.tekst = tekst
    punt_obj.gewijzigd_door = user
    punt_obj.save()
    return punt_obj


@transaction.atomic
def besluit_delete(*, besluit: Besluit) -> None:
    check_open(besluit.bespreking)
    if hasattr(besluit, "aanmelding"):
        raise ValidationError(
            _("Er is al een IZO-aanmelding op dit besluit gestart; verwijder die eerst.")
        )
    besluit.delete()


@transaction.atomic
def actie_afvinken(*, actie: Actie, gedaan: bool, user: Gebruiker, version: int | None) -> Actie:
    """Mark an action done (or open again). Allowed after the meeting is closed: that is
    where actions live. A stale `version` raises `StaleVersion`."""
    fresh = lock_version(actie, version)
    fresh.status = ActieStatus.GEDAAN if gedaan else ActieStatus.OPEN
    fresh.gedaan_op = timezone.now() if gedaan else None
    fresh.gedaan_door = user if gedaan else None
    fresh.gewijzigd_door = user
    fresh.save()
    return fresh


@transaction.atomic
def actie_delete(*, actie: Actie) -> None:
    check_open(actie.bespreking)
    actie.delete()


@transaction.atomic
def bespreking_afsluiten(
    *, bespreking: Bespreking, samenvatting: str, version: int | None, user: Gebruiker
) -> Bespreking:
    """Close the meeting with the summary of bijlage 16. The report and each attendee's own
    actions are then sent to every attendee (after commit, as a task)."""
    fresh = lock_version(bespreking, version)
    check_open(fresh)
    if not samenvatting.strip():
        raise ValidationError(
            {"samenvatting": _("Vat de belangrijkste afspraken en besluiten samen.")}
        )
    fresh.samenvatting = samenvatting.strip()
    fresh.status = Status.AFGESLOTEN
    fresh.afgesloten_op = timezone.now()
    fresh.gewijzigd_door = user
    fresh.save()

    enqueue("besprekingen.verslag_versturen", bespreking_id=fresh.pk, school_id=fresh.school_id)
    return fresh


# --- Decisions -------------------------------------------------------------------------------


@transaction.atomic
def besluit_vastleggen(
    *,
    bespreking: Bespreking,
    punt: str,
    leerling: Leerling,
    soort: str,
    tekst: str,
    user: Gebruiker,
    evalueert: Bespreking | None = None,
) -> Besluit:
    """Record a decision about a pupil. "Aanmelden bij IZO" also gives the mentor an action
    and (queued for izo_zat) a prepared aanmelding."""
    check_open(bespreking)
    check_punt(bespreking, punt)
    check_leerling(bespreking, leerling.pk, field="leerling")
    if soort not in BesluitSoort.values:
        raise ValidationError({"soort": _("Kies wat er besloten is.")})
    if soort == BesluitSoort.EVALUATIE:
        if evalueert is None or evalueert.soort != Soort.BILATERAAL:
            raise ValidationError({"evalueert": _("Kies het bilaterale overleg dat je evalueert.")})
        if evalueert.leerling_id != leerling.pk:
            raise ValidationError({"evalueert": _("Dit overleg gaat over een andere leerling.")})
    if not tekst.strip():
        raise ValidationError({"tekst": _("Schrijf op wat er besloten of afgesproken is.")})
    besluit = save_validated(
        Besluit(
            school_id=bespreking.school_id,
            bespreking=bespreking,
            punt=punt,
            leerling=leerling,
            soort=soort,
            tekst=tekst.strip(),
            evalueert=evalueert if soort == BesluitSoort.EVALUATIE else None,
            auteur=user,
        )
    )
    if soort == BesluitSoort.AANMELDEN_IZO:
        mentor = _mentor_van(bespreking.groep, fallback=user)
        actie_create(
            bespreking=bespreking,
            omschrijving=_("IZO-aanmelding van %(naam)s invullen en indienen")
            % {"naam": leerling.volledige_naam},
            eigenaar=mentor,
            deadline=timezone.localdate() + STANDAARD_ACTIETERMIJN,
            leerling_id=leerling.pk,
            besluit=besluit,
        )
        # izo_zat prepares the aanmelding once the decision is committed (queued in its
        # transaction: no decision, no aanmelding; besprekingen does not import izo_zat).
        enqueue(
            "izo_zat.aanmelding_voorbereiden", school_id=besluit.school_id, besluit_id=besluit.pk
        )
    return besluit


def _mentor_van(groep: Groep, *, fallback: Gebruiker) -> Gebruiker:
    mentoraat = (
        Mentoraat.objects.filter(groep=groep)
        .select_related("gebruiker")
        .order_by("gebruiker__achternaam", "pk")
        .first()
    )
    return mentoraat.gebruiker if mentoraat else fallback
