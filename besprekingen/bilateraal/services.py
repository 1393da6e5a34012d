"""Recording a bilateraal overleg about one pupil."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from besprekingen import agenda
from besprekingen.models import (
    Besluit,
    BesluitSoort,
    Bespreking,
    Soort,
    Status,
)
from besprekingen.rules import (
    STANDAARD_ACTIETERMIJN,
    actie_create,
    deelnemers_zetten,
    huidige_groep,
)
from zorgroute.models import (
    Gebruiker,
    Leerling,
)
from zorgroute.services import save_validated


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
    deelnemers_zetten(bespreking, [user.pk, met.pk], [])
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
