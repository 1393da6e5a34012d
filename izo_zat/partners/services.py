"""Partner organisations and the ZAT-lid accounts linked to them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, LeerlingGrant
from zorgroute.services import save_validated
from zorgroute.versioning import lock_version, update_document

from ..zat.models import TrajectGrant
from .models import Partnerlid, Partnerorganisatie
from .selectors import zat_leden_ids


@transaction.atomic
def partnerlid_create(
    *, partner: Partnerorganisatie, gebruiker: Gebruiker, functie: str = ""
) -> Partnerlid:
    if gebruiker.pk not in zat_leden_ids(partner.school_id):
        raise ValidationError(
            {"gebruiker": _("Dit account heeft geen rol ZAT-lid; de beheerder geeft die rol.")}
        )
    return save_validated(
        Partnerlid(
            school_id=partner.school_id,
            partner=partner,
            gebruiker=gebruiker,
            functie=functie.strip(),
        ),
        clean_errors_to="gebruiker",
    )


@transaction.atomic
def partnerlid_delete(*, partnerlid: Partnerlid) -> int:
    """Unlink the account from its organisation; its access to shared trajecten and to the
    pupils shared with it ends at once. Returns how many grants were withdrawn."""
    nu = timezone.now()
    ingetrokken = (
        TrajectGrant.objects.valid()
        .filter(user_id=partnerlid.gebruiker_id)
        .update(ingetrokken_op=nu)
    )
    ingetrokken += (
        LeerlingGrant.objects.valid()
        .filter(user_id=partnerlid.gebruiker_id)
        .update(ingetrokken_op=nu)
    )
    partnerlid.delete()
    return ingetrokken


def _check_naam_vrij(school_id: int, naam: str, *, behalve: int | None = None) -> None:
    zelfde = Partnerorganisatie.objects.filter(school_id=school_id, naam=naam)
    if behalve is not None:
        zelfde = zelfde.exclude(pk=behalve)
    if zelfde.exists():
        raise ValidationError({"naam": _("Deze organisatie staat er al.")})


@transaction.atomic
def partner_create(*, school_id: int, naam: str, soort: str, user: Gebruiker) -> Partnerorganisatie:
    naam = naam.strip()
    _check_naam_vrij(school_id, naam)
    return save_validated(
        Partnerorganisatie(school_id=school_id, naam=naam, soort=soort, gewijzigd_door=user)
    )


@transaction.atomic
def partner_update(
    *, partner: Partnerorganisatie, version: int | None, naam: str, soort: str, user: Gebruiker
) -> Partnerorganisatie:
    """Change the name or kind; a colleague's newer save is never overwritten (StaleVersion)."""
    naam = naam.strip()
    fresh = lock_version(partner, version)
    _check_naam_vrij(partner.school_id, naam, behalve=partner.pk)
    return update_document(fresh, version=version, values={"naam": naam, "soort": soort}, user=user)
