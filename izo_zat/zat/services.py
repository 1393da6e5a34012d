"""The ZAT: referring from an IZO decision behind the consent gate, sharing a traject with
members of partner organisations (expiring grants), the ZAT report per case, the plan van
aanpak across organisations, casusregie and feedback, referrals out, and closing.

The consent gate: a case is only created with valid consent for a ZAT bespreking; a grant
only with valid consent and never beyond it; and every read by a partner checks the consent
again in SQL (izo_zat.access.gedeelde_trajecten), so a withdrawal takes effect at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker
from zorgroute.outbox import enqueue
from zorgroute.services import save_validated
from zorgroute.versioning import lock, lock_for_change, lock_version

from ..overleg.models import Izobesluit, IzoBesluitSoort, OverlegSoort, Zorgoverleg
from ..overleg.services import (
    ZAT_VERSLAG_VELDEN,
    _check_open,
    mogelijke_deelnemers,
    verslag_invullen,
)
from ..partners.models import Partnerlid, Partnerorganisatie
from ..partners.selectors import zat_leden_ids
from ..toestemming.selectors import geldige_zat_toestemming
from ..traject.models import TrajectStatus, Zorgniveau
from .models import (
    Doorverwijzing,
    DoorverwijzingSoort,
    DoorverwijzingStatus,
    TrajectGrant,
    ZatActie,
    ZatActieStatus,
    Zatcasus,
    ZatcasusStatus,
    ZatVerslag,
)

GEEN_TOESTEMMING = _(
    "Er is geen geldige toestemming voor bespreking in het ZAT. Ouders of voogd (of de "
    "leerling vanaf 16 jaar) moeten eerst toestemming geven; leg die vast in het "
    "toestemmingenregister van de leerling."
)


@transaction.atomic
def zat_aanmelden(*, izobesluit: Izobesluit, user: Gebruiker) -> Zatcasus:
    """Refer the pupil to the ZAT as the IZO decided. Without valid consent nothing is
    created and the error says what to do. The traject moves to care level 3."""
    besluit = Izobesluit.objects.select_related("verslag__traject").get(pk=izobesluit.pk)
    if besluit.soort != IzoBesluitSoort.ZAT:
        raise ValidationError(
            _("Alleen een besluit van het IZO tot aanmelden bij het ZAT verwijst.")
        )
    if Zatcasus.objects.filter(izobesluit=besluit).exists():
        raise ValidationError(_("Dit besluit heeft al geleid tot een aanmelding bij het ZAT."))
    traject = lock(besluit.verslag.traject)
    if traject.status != TrajectStatus.OPEN:
        raise ValidationError(_("Het traject is afgesloten; open eerst een nieuw traject."))
    if Zatcasus.objects.filter(traject=traject).exclude(status=ZatcasusStatus.AFGESLOTEN).exists():
        raise ValidationError(_("Deze leerling is al aangemeld bij het ZAT."))
    toestemming = geldige_zat_toestemming(traject.leerling_id)
    if toestemming is None:
        raise ValidationError({"toestemming": GEEN_TOESTEMMING})
    casus = save_validated(
        Zatcasus(
            school_id=traject.school_id,
            traject=traject,
            izobesluit=besluit,
            vraag=besluit.omschrijving,
            toestemming=toestemming,
            zat_datum=timezone.localdate(),  # on the agenda of the next ZAT
            aangemeld_door=user,
        )
    )
    if traject.zorgniveau != Zorgniveau.DRIE:
        traject.zorgniveau = Zorgniveau.DRIE
        traject.save()
    return casus


@transaction.atomic
def traject_delen(
    *,
    casus: Zatcasus,
    gebruiker: Gebruiker,
    geldig_tot: dt.date,
    user: Gebruiker,
    deelt_aanmelding: bool = True,
    deelt_izo_verslagen: bool = True,
    deelt_opp: bool = False,
) -> TrajectGrant:
    """Give a partner member access to the case's traject until `geldig_tot` (at most as
    long as the consent), for the parts chosen. Sharing again renews the member's grant."""
    from django.contrib.auth.models import Permission

    fresh = lock(casus)
    if fresh.status == ZatcasusStatus.AFGESLOTEN:
        raise ValidationError(_("Deze casus is afgesloten."))
    if not Partnerlid.objects.filter(gebruiker=gebruiker).exists() or (
        gebruiker.pk not in zat_leden_ids(casus.school_id)
    ):
        raise ValidationError(
            {"gebruiker": _("Deel alleen met leden van een partnerorganisatie van de school.")}
        )
    toestemming = geldige_zat_toestemming(fresh.traject.leerling_id)
    if toestemming is None:
        raise ValidationError({"gebruiker": GEEN_TOESTEMMING})
    vandaag = timezone.localdate()
    if geldig_tot < vandaag:
        raise ValidationError({"geldig_tot": _("Kies een datum vandaag of later.")})
    if geldig_tot > toestemming.geldig_tot:
        raise ValidationError(
            {
                "geldig_tot": _(
                    "De toegang kan niet langer gelden dan de toestemming (tot en met %(d)s)."
                )
                % {"d": f"{toestemming.geldig_tot:%d-%m-%Y}"}
            }
        )
    permission = Permission.objects.get(content_type__app_label="izo_zat", codename="view_traject")
    # Guardian allows one row per member, permission and traject: sharing again (to extend,
    # or after a revocation) renews that row; its history keeps the earlier terms.
    grant = TrajectGrant.objects.filter(
        user=gebruiker, permission=permission, content_object_id=fresh.traject_id
    ).first() or TrajectGrant(
        school_id=casus.school_id,
        content_object_id=fresh.traject_id,
        user=gebruiker,
        permission=permission,
    )
    grant.geldig_tot = geldig_tot
    grant.deelt_aanmelding = deelt_aanmelding
    grant.deelt_izo_verslagen = deelt_izo_verslagen
    grant.deelt_opp = deelt_opp
    grant.verleend_door = user
    grant.ingetrokken_op = None
    grant.save()

    enqueue("izo_zat.zat_gedeeld_melding", grant_id=grant.pk, school_id=grant.school_id)
    return grant


@transaction.atomic
def toegang_intrekken(*, grant: TrajectGrant) -> TrajectGrant:
    fresh = TrajectGrant.objects.select_for_update().get(pk=grant.pk)
    if fresh.ingetrokken_op is None:
        fresh.ingetrokken_op = timezone.now()
        fresh.save()
    return fresh


@transaction.atomic
def zat_verslag_update(
    *,
    overleg: Zorgoverleg,
    casus: Zatcasus,
    version: int | None,
    velden: dict[str, Any],
    user: Gebruiker,
) -> ZatVerslag:
    if overleg.soort != OverlegSoort.ZAT:
        raise ValidationError(_("Dit is geen ZAT-overleg."))
    _check_open(overleg)
    onbekend = set(velden) - {*ZAT_VERSLAG_VELDEN, "evaluatiedatum"}
    if onbekend:
        raise ValueError(f"Unknown fields: {sorted(onbekend)}")
    if not Zatcasus.objects.filter(pk=casus.pk).exclude(status=ZatcasusStatus.AFGESLOTEN).exists():
        raise ValidationError(_("Deze casus is afgesloten."))
    verslag = verslag_invullen(
        ZatVerslag.objects.filter(overleg=overleg, casus=casus).first(),
        lambda: ZatVerslag(school_id=overleg.school_id, overleg=overleg, casus=casus),
        overleg=overleg,
        version=version,
        velden=velden,
        user=user,
    )
    return save_validated(verslag)


def _check_persoon(school_id: int, gebruiker: Gebruiker | None, *, veld: str) -> None:
    if gebruiker is not None and gebruiker.pk not in mogelijke_deelnemers(
        school_id, OverlegSoort.ZAT
    ):
        raise ValidationError(
            {veld: _("Kies een medewerker van de school of een lid van een partnerorganisatie.")}
        )


@transaction.atomic
def zatcasus_update(
    *,
    casus: Zatcasus,
    version: int | None,
    casusregisseur: Gebruiker | None,
    terugkoppeling_ouders_door: Gebruiker | None,
    terugkoppeling_school_door: Gebruiker | None,
    terugkoppeling_ouders: str,
    terugkoppeling_school: str,
    zat_datum: dt.date | None,
    user: Gebruiker | None = None,
) -> Zatcasus:
    fresh = lock_for_change(casus, version, user=user)
    if fresh.status == ZatcasusStatus.AFGESLOTEN:
        raise ValidationError(_("Deze casus is afgesloten."))
    for veld, persoon in (
        ("casusregisseur", casusregisseur),
        ("terugkoppeling_ouders_door", terugkoppeling_ouders_door),
        ("terugkoppeling_school_door", terugkoppeling_school_door),
    ):
        _check_persoon(casus.school_id, persoon, veld=veld)
        setattr(fresh, veld, persoon)
    fresh.terugkoppeling_ouders = terugkoppeling_ouders.strip()
    fresh.terugkoppeling_school = terugkoppeling_school.strip()
    fresh.zat_datum = zat_datum
    return save_validated(fresh)


@transaction.atomic
def casus_afsluiten(
    *, casus: Zatcasus, version: int | None, reden: str, user: Gebruiker | None = None
) -> Zatcasus:
    """Close the case. Partners lose access at once (their view requires an open case)."""
    fresh = lock_for_change(casus, version, user=user)
    if fresh.status == ZatcasusStatus.AFGESLOTEN:
        raise ValidationError(_("Deze casus is al afgesloten."))
    if not reden.strip():
        raise ValidationError({"afsluitreden": _("Schrijf op waarom de casus wordt afgesloten.")})
    fresh.status = ZatcasusStatus.AFGESLOTEN
    fresh.afgesloten_op = timezone.now()
    fresh.afsluitreden = reden.strip()
    fresh.zat_datum = None
    return save_validated(fresh)


def _check_casus_open(casus: Zatcasus) -> None:
    if not Zatcasus.objects.filter(pk=casus.pk).exclude(status=ZatcasusStatus.AFGESLOTEN).exists():
        raise ValidationError(_("Deze casus is afgesloten."))


@transaction.atomic
def zat_actie_create(
    *,
    casus: Zatcasus,
    wat: str,
    deadline: dt.date | None,
    user: Gebruiker,
    doel: str = "",
    partner: Partnerorganisatie | None = None,
    uitvoerder: Gebruiker | None = None,
) -> ZatActie:
    _check_casus_open(casus)
    fouten = {}
    if not wat.strip():
        fouten["wat"] = _("Schrijf op wat er gebeurt.")
    if deadline is None:
        fouten["deadline"] = _("Kies vóór wanneer.")
    if partner is None and uitvoerder is None:
        fouten["partner"] = _("Kies een organisatie of een persoon.")
    if fouten or deadline is None:
        raise ValidationError(fouten)
    _check_persoon(casus.school_id, uitvoerder, veld="uitvoerder")
    return save_validated(
        ZatActie(
            school_id=casus.school_id,
            casus=casus,
            wat=wat.strip(),
            doel=doel.strip(),
            partner=partner,
            uitvoerder=uitvoerder,
            deadline=deadline,
            bijgewerkt_door=user,
        )
    )


@transaction.atomic
def zat_actie_update(
    *, actie: ZatActie, version: int | None, status: str, voortgang: str, user: Gebruiker
) -> ZatActie:
    fresh = lock_version(actie, version)
    _check_casus_open(fresh.casus)
    if status not in ZatActieStatus.values:
        raise ValidationError({"status": _("Kies open of gedaan.")})
    fresh.status, fresh.voortgang, fresh.bijgewerkt_door = status, voortgang.strip(), user
    fresh.gewijzigd_door = user
    return save_validated(fresh)


@transaction.atomic
def doorverwijzing_create(
    *,
    casus: Zatcasus,
    soort: str,
    user: Gebruiker,
    aangevraagd_op: dt.date | None = None,
    partner: Partnerorganisatie | None = None,
    toelichting: str = "",
) -> Doorverwijzing:
    _check_casus_open(casus)
    if soort not in DoorverwijzingSoort.values:
        raise ValidationError({"soort": _("Kies waarnaar de leerling wordt verwezen.")})
    datum = aangevraagd_op or timezone.localdate()
    if datum > timezone.localdate():
        raise ValidationError({"aangevraagd_op": _("De datum van aanvragen ligt in de toekomst.")})
    return save_validated(
        Doorverwijzing(
            school_id=casus.school_id,
            casus=casus,
            soort=soort,
            partner=partner,
            toelichting=toelichting.strip(),
            aangevraagd_op=datum,
            aangemaakt_door=user,
        )
    )


@transaction.atomic
def doorverwijzing_update(
    *,
    doorverwijzing: Doorverwijzing,
    version: int | None,
    status: str,
    toelichting: str,
    user: Gebruiker | None = None,
) -> Doorverwijzing:
    fresh = lock_for_change(doorverwijzing, version, user=user)
    if status not in DoorverwijzingStatus.values:
        raise ValidationError({"status": _("Kies de status.")})
    fresh.status, fresh.toelichting = status, toelichting.strip()
    return save_validated(fresh)
