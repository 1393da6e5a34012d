"""Recording a decision (with the signal izo_zat listens to), and the writes of the
sub-domains under their old names.

Planning lives in besprekingen.plannen, running the meeting in besprekingen.vergadering and
the bilateraal overleg in besprekingen.bilateraal; the rules they share in besprekingen.rules.
Changes to signals, needs and clusters made during a meeting are not here: the meeting
screen calls the groepsoverzicht and groepsplan views and services themselves, so there is
one copy of that data, with its own history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from besprekingen.bilateraal.services import bilateraal_vastleggen
from besprekingen.plannen.services import (
    bespreking_plannen,
    inbreng_toevoegen,
    standaard_deelnemers,
)
from besprekingen.rules import (
    STANDAARD_ACTIETERMIJN,
    actie_toevoegen,
    check_leerling,
    check_open,
    check_punt,
    huidige_groep,
)
from besprekingen.vergadering.services import (
    bespreking_starten,
    verslagpunt_update,
)
from zorgroute.models import (
    Gebruiker,
    Groep,
    Leerling,
    Mentoraat,
)
from zorgroute.services import save_validated

from .models import (
    Besluit,
    BesluitSoort,
    Bespreking,
    Soort,
)

#: Sent inside the decision's transaction, once it is recorded. izo_zat listens to open the
#: prepared aanmelding of "aanmelden bij IZO" in that same transaction, so the decision and
#: its aanmelding commit or roll back together; besprekingen does not import izo_zat. A
#: receiver that cannot do its part raises (a ValidationError the user can read) and the
#: decision is not saved.
besluit_vastgelegd = Signal()  # kwargs: besluit, user


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
    and (through `besluit_vastgelegd`) a prepared aanmelding."""
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
        actie_toevoegen(
            bespreking=bespreking,
            omschrijving=_("IZO-aanmelding van %(naam)s invullen en indienen")
            % {"naam": leerling.volledige_naam},
            eigenaar=mentor,
            deadline=timezone.localdate() + STANDAARD_ACTIETERMIJN,
            leerling_id=leerling.pk,
            besluit=besluit,
        )
    # Not on_commit: what the receivers create belongs to the decision (send, not
    # send_robust, so their failure undoes it).
    besluit_vastgelegd.send(sender=Besluit, besluit=besluit, user=user)
    return besluit


def _mentor_van(groep: Groep, *, fallback: Gebruiker) -> Gebruiker:
    mentoraat = (
        Mentoraat.objects.filter(groep=groep)
        .select_related("gebruiker")
        .order_by("gebruiker__achternaam", "pk")
        .first()
    )
    return mentoraat.gebruiker if mentoraat else fallback


# --- Bilateraal overleg -------------------------------------------------------------------------


__all__ = [
    "STANDAARD_ACTIETERMIJN",
    "actie_toevoegen",
    "besluit_vastgelegd",
    "besluit_vastleggen",
    "bespreking_plannen",
    "bespreking_starten",
    "bilateraal_vastleggen",
    "huidige_groep",
    "inbreng_toevoegen",
    "standaard_deelnemers",
    "verslagpunt_update",
]
