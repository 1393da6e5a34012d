"""Running and closing the meeting: start, verslag per point, actions, the summary.

Decisions are recorded by besprekingen.services.besluit_vastleggen (izo_zat listens there)."""

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
    Bespreking,
    Inbreng,
    Status,
    Verslagpunt,
)
from besprekingen.rules import (
    check_open,
    check_punt,
)
from zorgroute.models import (
    Gebruiker,
)
from zorgroute.outbox import enqueue
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
