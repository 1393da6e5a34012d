"""IZO services: the prepared aanmelding a groepsbespreking decision opens, and saving the
applicant's concept (bijlage 20)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from besprekingen.models import Besluit, BesluitSoort
from zorgroute.models import Gebruiker
from zorgroute.services import ConflictError, lock_current, save_validated

from .models import Aanmelding, AanmeldingStatus

logger = logging.getLogger(__name__)

#: An applicant writes while the aanmelding is a concept, and again when the zorgcoördinator
#: asked for missing information.
BEWERKBAAR = frozenset({AanmeldingStatus.CONCEPT, AanmeldingStatus.INFO_GEVRAAGD})

__all__ = [
    "AANMELDING_VELDEN",
    "BEWERKBAAR",
    "ConflictError",
    "aanmelding_opslaan",
    "aanmelding_voorbereiden",
]

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


def on_besluit_vastgelegd(sender: Any, *, besluit: Besluit, user: Gebruiker, **kwargs: Any) -> None:
    """Receiver of besprekingen.services.besluit_vastgelegd (connected in apps.py). Runs in
    the decision's transaction and scope: if the aanmelding cannot be made, the decision is
    rolled back with it and the user reads why, instead of a decision without aanmelding."""
    if besluit.soort != BesluitSoort.AANMELDEN_IZO:
        return
    actie = besluit.acties.select_related("eigenaar").first()
    try:
        # Its own savepoint: after a database error the transaction can still show the form.
        aanmelding_voorbereiden(besluit=besluit, aanmelder=actie.eigenaar if actie else user)
    except DatabaseError as exc:
        logger.exception("IZO-aanmelding for besluit %s failed", besluit.pk)
        raise ValidationError(
            _(
                "De IZO-aanmelding bij dit besluit kon niet worden aangemaakt, dus het besluit "
                "is niet vastgelegd. Probeer het opnieuw; lukt het dan nog niet, meld het bij "
                "de beheerder van je school."
            )
        ) from exc


@transaction.atomic
def aanmelding_opslaan(
    *, aanmelding: Aanmelding, version: str | None, velden: dict[str, Any]
) -> Aanmelding:
    """Save the applicant's part of a concept aanmelding. `version` is the version the user
    opened; a colleague's newer save is never overwritten (ConflictError). When the parents
    do not know of the aanmelding, the reason is required."""
    fresh = lock_current(aanmelding, version)
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
    return save_validated(fresh)
