"""Planning, preparing, running and closing besprekingen. Every write goes through here.

Changes to signals, needs and clusters made during a meeting are not here: the meeting
screen calls the groepsoverzicht and groepsplan views and services themselves, so there is
one copy of that data, with its own history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsoverzicht.models import Cyclus, Groepsoverzicht
from zorgroute.models import (
    Gebruiker,
    Groep,
    Leerling,
    Lesgroepdocent,
    Lidmaatschap,
    Mentoraat,
    Plaatsing,
    Rol,
)
from zorgroute.outbox import enqueue
from zorgroute.services import save_validated
from zorgroute.versioning import FieldConflict, StaleVersion, lock, lock_version

from . import agenda
from .models import (
    Actie,
    ActieStatus,
    Besluit,
    BesluitSoort,
    Bespreking,
    Deelnemer,
    Inbreng,
    Soort,
    Status,
    Verslagpunt,
    Vorm,
)

#: Default time an action gets when no deadline is given: two weeks.
STANDAARD_ACTIETERMIJN = dt.timedelta(days=14)


def _medewerker_ids(school_id: int) -> set[int]:
    """Staff of the school today (members with an active membership, ZAT partners excluded)."""
    today = timezone.localdate()
    return set(
        Lidmaatschap.objects.filter(school_id=school_id)
        .exclude(rol=Rol.ZAT_LID)
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=today))
        .values_list("gebruiker_id", flat=True)
    )


def _check_medewerkers(school_id: int, ids: Iterable[int], *, field: str) -> None:
    onbekend = set(ids) - _medewerker_ids(school_id)
    if onbekend:
        raise ValidationError({field: _("Kies alleen medewerkers van deze school.")})


def standaard_deelnemers(overzicht: Groepsoverzicht) -> list[int]:
    """Who is invited by default: for a class (A) its mentors and every teacher of its
    lesgroepen; for a lesgroep (B) its teachers and the class's mentors."""
    mentoren = Mentoraat.objects.filter(groep_id=overzicht.groep_id).values_list(
        "gebruiker_id", flat=True
    )
    if overzicht.cyclus == Cyclus.A:
        docenten = Lesgroepdocent.objects.filter(lesgroep__groep_id=overzicht.groep_id)
    else:
        docenten = Lesgroepdocent.objects.filter(lesgroep_id=overzicht.lesgroep_id or 0)
    ids = list(dict.fromkeys([*mentoren, *docenten.values_list("gebruiker_id", flat=True)]))
    return ids


def _deelnemers_zetten(
    bespreking: Bespreking, deelnemer_ids: Iterable[int], zorgteam_ids: Iterable[int]
) -> None:
    zorgteam = set(zorgteam_ids)
    wanted = set(deelnemer_ids) | zorgteam | {bespreking.voorzitter_id}
    _check_medewerkers(bespreking.school_id, wanted, field="deelnemers")
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


def _check_voorzitter(bespreking: Bespreking) -> None:
    """A groepsbespreking is chaired by a mentor of the class or a teamleider (seed §5)."""
    if bespreking.soort != Soort.GROEPSBESPREKING:
        _check_medewerkers(bespreking.school_id, [bespreking.voorzitter_id], field="voorzitter")
        return
    is_mentor = Mentoraat.objects.filter(
        groep_id=bespreking.groep_id, gebruiker_id=bespreking.voorzitter_id
    ).exists()
    is_teamleider = (
        Lidmaatschap.objects.filter(
            school_id=bespreking.school_id,
            gebruiker_id=bespreking.voorzitter_id,
            rol=Rol.TEAMLEIDER,
        )
        .filter(Q(einddatum__isnull=True) | Q(einddatum__gte=timezone.localdate()))
        .exists()
    )
    if not (is_mentor or is_teamleider):
        raise ValidationError(
            {"voorzitter": _("De voorzitter is de mentor van de klas of een teamleider.")}
        )


@transaction.atomic
def bespreking_plannen(
    *,
    overzicht: Groepsoverzicht,
    datum: dt.date,
    tijd: dt.time | None,
    voorzitter: Gebruiker,
    deelnemer_ids: Iterable[int] | None = None,
    zorgteam_ids: Iterable[int] = (),
    vorm: str = "",
    user: Gebruiker,
) -> Bespreking:
    """Plan a groepsbespreking (for a cyclus A overview) or a vakspecifieke bespreking (B).
    Without `deelnemer_ids` everyone of `standaard_deelnemers` is invited."""
    is_a = overzicht.cyclus == Cyclus.A
    if not is_a and vorm not in Vorm.values:
        raise ValidationError({"vorm": _("Kies waar de vakspecifieke bespreking plaatsvindt.")})
    bespreking = Bespreking(
        school_id=overzicht.school_id,
        soort=Soort.GROEPSBESPREKING if is_a else Soort.VAKSPECIFIEK,
        vorm="" if is_a else vorm,
        groep_id=overzicht.groep_id,
        groepsoverzicht=overzicht,
        datum=datum,
        tijd=tijd,
        voorzitter=voorzitter,
        aangemaakt_door=user,
    )
    _check_voorzitter(bespreking)
    save_validated(bespreking)
    ids = standaard_deelnemers(overzicht) if deelnemer_ids is None else list(deelnemer_ids)
    _deelnemers_zetten(bespreking, ids, zorgteam_ids)
    return bespreking


@transaction.atomic
def bespreking_update(
    *,
    bespreking: Bespreking,
    version: int | None,
    datum: dt.date,
    tijd: dt.time | None,
    voorzitter: Gebruiker,
    deelnemer_ids: Iterable[int],
    zorgteam_ids: Iterable[int] = (),
    user: Gebruiker | None = None,
) -> Bespreking:
    """Change date, time, chair and attendees. `version` is the `versie` the form showed
    (None skips the check); a colleague's newer save raises `StaleVersion`."""
    fresh = lock_version(bespreking, version)
    _check_open(fresh)
    fresh.datum, fresh.tijd, fresh.voorzitter = datum, tijd, voorzitter
    fresh.gewijzigd_door = user
    _check_voorzitter(fresh)
    save_validated(fresh)
    _deelnemers_zetten(fresh, deelnemer_ids, zorgteam_ids)
    return fresh


def _check_open(bespreking: Bespreking) -> None:
    """Refuse writes to a closed meeting. Read from the database, not the (possibly stale)
    instance: a colleague may have closed it since it was loaded."""
    gesloten = bespreking.status == Status.AFGESLOTEN or (
        Bespreking.objects.filter(pk=bespreking.pk, status=Status.AFGESLOTEN).exists()
    )
    if gesloten:
        raise ValidationError(_("Deze bespreking is afgesloten; het verslag ligt vast."))


def _check_punt(bespreking: Bespreking, punt: str) -> None:
    if punt not in agenda.codes(bespreking.soort):
        raise ValidationError({"punt": _("Kies een agendapunt van deze bespreking.")})


def _check_leerling(bespreking: Bespreking, leerling_id: int | None, *, field: str) -> None:
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
def inbreng_create(
    *,
    bespreking: Bespreking,
    auteur: Gebruiker,
    punt: str,
    tekst: str,
    leerling_id: int | None = None,
) -> Inbreng:
    _check_open(bespreking)
    _check_punt(bespreking, punt)
    _check_leerling(bespreking, leerling_id, field="leerling")
    if not tekst.strip():
        raise ValidationError({"tekst": _("Schrijf je vraag of gesprekspunt op.")})
    inbreng = Inbreng(
        school_id=bespreking.school_id,
        bespreking=bespreking,
        auteur=auteur,
        punt=punt,
        leerling_id=leerling_id,
        tekst=tekst.strip(),
    )
    return save_validated(inbreng)


@transaction.atomic
def inbreng_besproken(*, inbreng: Inbreng, besproken: bool) -> Inbreng:
    _check_open(inbreng.bespreking)
    inbreng.besproken = besproken
    inbreng.save(update_fields=["besproken"])
    return inbreng


@transaction.atomic
def bespreking_starten(*, bespreking: Bespreking, user: Gebruiker | None = None) -> Bespreking:
    """Start the meeting (status bezig). It is a new version: a close form opened before
    is stale, and its notice names who started."""
    fresh = lock(bespreking)
    _check_open(fresh)
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
    _check_open(bespreking)
    _check_punt(bespreking, punt)
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
    _check_open(bespreking)
    _check_punt(bespreking, punt)
    _check_leerling(bespreking, leerling.pk, field="leerling")
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


@transaction.atomic
def besluit_delete(*, besluit: Besluit) -> None:
    _check_open(besluit.bespreking)
    if hasattr(besluit, "aanmelding"):
        raise ValidationError(
            _("Er is al een IZO-aanmelding op dit besluit gestart; verwijder die eerst.")
        )
    besluit.delete()


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
    _check_open(bespreking)
    _check_medewerkers(bespreking.school_id, [eigenaar.pk], field="eigenaar")
    _check_leerling(bespreking, leerling_id, field="leerling")
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
    _check_open(actie.bespreking)
    actie.delete()


@transaction.atomic
def bespreking_afsluiten(
    *, bespreking: Bespreking, samenvatting: str, version: int | None, user: Gebruiker
) -> Bespreking:
    """Close the meeting with the summary of bijlage 16. The report and each attendee's own
    actions are then sent to every attendee (after commit, as a task)."""
    fresh = lock_version(bespreking, version)
    _check_open(fresh)
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


# --- Bilateraal overleg -------------------------------------------------------------------------


def huidige_groep(leerling: Leerling) -> Groep | None:
    plaatsing = Plaatsing.objects.active().filter(leerling=leerling).select_related("groep").first()
    return plaatsing.groep if plaatsing else None


@transaction.atomic
def bilateraal_vastleggen(
    *,
    leerling: Leerling,
    met: Gebruiker,
    datum: dt.date,
    onderwerp: str,
    afspraken: str,
    user: Gebruiker,
    actie_omschrijving: str = "",
    actie_eigenaar: Gebruiker | None = None,
    actie_deadline: dt.date | None = None,
) -> Bespreking:
    """A quick record of an overleg between the user and a zorgteam member or teamleider
    about one pupil. The agreements go into the pupil's dossier (a Besluit) and come back on
    the agenda of the class's next groepsbespreking until evaluated there."""
    groep = huidige_groep(leerling)
    if groep is None:
        raise ValidationError({"leerling": _("Deze leerling is nu niet in een groep geplaatst.")})
    if met.pk == user.pk:
        raise ValidationError({"met": _("Kies met wie je het overleg had.")})
    if not afspraken.strip():
        raise ValidationError({"afspraken": _("Schrijf de afspraken op.")})
    bespreking = save_validated(
        Bespreking(
            school_id=leerling.school_id,
            soort=Soort.BILATERAAL,
            groep=groep,
            leerling=leerling,
            datum=datum,
            voorzitter=user,
            onderwerp=onderwerp.strip(),
            status=Status.BEZIG,
            samenvatting=afspraken.strip(),
            aangemaakt_door=user,
        )
    )
    _deelnemers_zetten(bespreking, [user.pk, met.pk], [])
    Besluit.objects.create(
        school_id=bespreking.school_id,
        bespreking=bespreking,
        punt=agenda.AFSPRAKEN,
        leerling=leerling,
        soort=BesluitSoort.BILATERAAL,
        tekst=afspraken.strip(),
        auteur=user,
    )
    if actie_omschrijving.strip():
        actie_create(
            bespreking=bespreking,
            omschrijving=actie_omschrijving,
            eigenaar=actie_eigenaar or user,
            deadline=actie_deadline or timezone.localdate() + STANDAARD_ACTIETERMIJN,
            leerling_id=leerling.pk,
        )
    # The record is complete when saved: nothing to run or close afterwards.
    bespreking.status = Status.AFGESLOTEN
    bespreking.afgesloten_op = timezone.now()
    bespreking.save(update_fields=["status", "afgesloten_op", "updated_at"])
    return bespreking
