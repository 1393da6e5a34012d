"""Recording and withdrawing consent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Leerling, LeerlingGrant
from zorgroute.services import save_validated

from ..partners.models import Partnerlid, Partnerorganisatie
from ..partners.selectors import zat_leden_ids
from ..zat.models import TrajectGrant
from .models import Toestemming, ToestemmingDoel


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
    """Withdraw consent. It takes effect at once: every check reads `ingetrokken_op`, and
    the grants that depended on it end in the same transaction (`_grants_beeindigen`)."""
    fresh = Toestemming.objects.select_for_update().get(pk=toestemming.pk)
    if fresh.ingetrokken_op is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken."))
    fresh.ingetrokken_op = moment = timezone.now()
    fresh.reden_intrekking = toelichting.strip()
    fresh.save()
    _grants_beeindigen(fresh, moment=moment)
    return fresh


def _grants_beeindigen(ingetrokken: Toestemming, *, moment: dt.datetime) -> int:
    """End the ZAT partners' grants on this pupil that no remaining valid consent covers:
    their pupil grants (LeerlingGrant) and, without ZAT consent, their trajecten of the
    pupil (TrajectGrant). Returns how many grants ended."""
    leerling_id = ingetrokken.leerling_id
    overig = Toestemming.objects.geldig().filter(leerling_id=leerling_id)
    if overig.filter(doel=ToestemmingDoel.ZAT).exists():
        return 0
    gedekt = Partnerlid.objects.filter(
        partner_id__in=overig.filter(doel=ToestemmingDoel.DELEN).values("partner_id")
    ).values("gebruiker_id")
    partners = zat_leden_ids(ingetrokken.school_id)
    leerling_grants = (
        LeerlingGrant.objects.valid()
        .filter(content_object_id=leerling_id, user_id__in=partners)
        .exclude(user_id__in=gedekt)
        .update(ingetrokken_op=moment)
    )
    traject_grants = (
        TrajectGrant.objects.valid()
        .filter(content_object__leerling_id=leerling_id)
        .update(ingetrokken_op=moment)
    )
    return leerling_grants + traject_grants
