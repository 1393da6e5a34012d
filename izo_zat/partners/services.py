"""Partner organisations and the ZAT-lid accounts linked to them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Lidmaatschap, Rol
from zorgroute.services import lock_current, save_validated

from ..zat.models import TrajectGrant
from .models import Partnerlid, Partnerorganisatie


def zat_leden_ids(school_id: int) -> set[int]:
    """ZAT-lid accounts of the school with an active membership."""
    return set(
        Lidmaatschap.objects.active()
        .filter(school_id=school_id, rol=Rol.ZAT_LID)
        .values_list("gebruiker_id", flat=True)
    )


@transaction.atomic
def partnerlid_toevoegen(
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
def partnerlid_verwijderen(*, partnerlid: Partnerlid) -> int:
    """Unlink the account from its organisation; its access to shared trajecten ends at
    once. Returns how many grants were withdrawn."""
    ingetrokken = (
        TrajectGrant.objects.valid()
        .filter(user_id=partnerlid.gebruiker_id)
        .update(ingetrokken_op=timezone.now())
    )
    partnerlid.delete()
    return ingetrokken


def _partner_opslaan(
    partner: Partnerorganisatie, *, naam: str, soort: str, version: str | None
) -> Partnerorganisatie:
    with transaction.atomic():
        fresh = lock_current(partner, version) if partner.pk else partner
        fresh.naam, fresh.soort = naam.strip(), soort
        return save_validated(fresh)
