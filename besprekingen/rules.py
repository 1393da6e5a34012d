"""The rules every bespreking write checks (open meeting, agenda point, pupil, staff), the
invitation list, and recording an action: shared by planning, the meeting and the bilateraal
overleg."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import (
    Gebruiker,
    Groep,
    Leerling,
    Lidmaatschap,
    Plaatsing,
    Rol,
)
from zorgroute.services import save_validated

from . import agenda
from .models import (
    Actie,
    Besluit,
    Bespreking,
    Deelnemer,
    Status,
)

#: Default time an action gets when no deadline is given: two weeks.
STANDAARD_ACTIETERMIJN = dt.timedelta(days=14)


def medewerker_ids(school_id: int) -> set[int]:
    """Staff of the school today (members with an active membership, ZAT partners excluded)."""
    today = timezone.localdate()
    return set(
        Lidmaatschap.objects.filter(school_id=school_id)
        .exclude(rol=Rol.ZAT_LID)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=today))
        .values_list("gebruiker_id", flat=True)
    )


def check_medewerkers(school_id: int, ids: Iterable[int], *, field: str) -> None:
    onbekend = set(ids) - medewerker_ids(school_id)
    if onbekend:
        raise ValidationError({field: _("Kies alleen medewerkers van deze school.")})


def deelnemers_zetten(
    bespreking: Bespreking, deelnemer_ids: Iterable[int], zorgteam_ids: Iterable[int]
) -> None:
    zorgteam = set(zorgteam_ids)
    wanted = set(deelnemer_ids) | zorgteam | {bespreking.voorzitter_id}
    check_medewerkers(bespreking.school_id, wanted, field="deelnemers")
    bestaand = {d.gebruiker_id: d for d in bespreking.deelnemers.all()}
    for gebruiker_id, deelnemer in bestaand.items():
        if gebruiker_id not in wanted:
            deelnemer.delete()
        elif deelnemer.zorgteam != (gebruiker_id in zorgteam):
            deelnemer.zorgteam = gebruiker_id in zorgteam
            deelnemer.save(update_fields=["zorgteam"])
    for gebruiker_id in wanted - set(bestaand):
        Deelnemer.objects.create(
            school_id=bespreking.school_id,
            bespreking=bespreking,
            gebruiker_id=gebruiker_id,
            zorgteam=gebruiker_id in zorgteam,
        )


def check_open(bespreking: Bespreking) -> None:
    """Refuse writes to a closed meeting. Read from the database, not the (possibly stale)
    instance: a colleague may have closed it since it was loaded."""
    gesloten = bespreking.status == Status.AFGESLOTEN or (
        Bespreking.objects.filter(pk=bespreking.pk, status=Status.AFGESLOTEN).exists()
    )
    if gesloten:
        raise ValidationError(_("Deze bespreking is afgesloten; het verslag ligt vast."))


def check_punt(bespreking: Bespreking, punt: str) -> None:
    if punt not in agenda.codes(bespreking.soort):
        raise ValidationError({"punt": _("Kies een agendapunt van deze bespreking.")})


def check_leerling(bespreking: Bespreking, leerling_id: int | None, *, field: str) -> None:
    """A pupil named in a meeting must be a pupil of the class (or lesgroep) it is about."""
    if leerling_id is None:
        return
    if bespreking.groepsoverzicht_id:
        ok = bespreking.groepsoverzicht.regels.filter(leerling_id=leerling_id).exists()  # type: ignore[union-attr]
    else:
        ok = leerling_id == bespreking.leerling_id
    if not ok:
        raise ValidationError({field: _("Deze leerling hoort niet bij deze bespreking.")})


@transaction.atomic
def actie_create(
    *,
    bespreking: Bespreking,
    omschrijving: str,
    eigenaar: Gebruiker,
    deadline: dt.date,
    leerling_id: int | None = None,
    besluit: Besluit | None = None,
) -> Actie:
    check_open(bespreking)
    check_medewerkers(bespreking.school_id, [eigenaar.pk], field="eigenaar")
    check_leerling(bespreking, leerling_id, field="leerling")
    if not omschrijving.strip():
        raise ValidationError({"omschrijving": _("Schrijf op wat er moet gebeuren.")})
    actie = Actie(
        school_id=bespreking.school_id,
        bespreking=bespreking,
        omschrijving=omschrijving.strip(),
        eigenaar=eigenaar,
        deadline=deadline,
        leerling_id=leerling_id,
        besluit=besluit,
    )
    return save_validated(actie)


def huidige_groep(leerling: Leerling) -> Groep | None:
    plaatsing = Plaatsing.objects.active().filter(leerling=leerling).select_related("groep").first()
    return plaatsing.groep if plaatsing else None
