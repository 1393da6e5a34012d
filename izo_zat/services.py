"""IZO services. For now: the prepared aanmelding a groepsbespreking decision opens."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from besprekingen.models import Besluit, BesluitSoort
from zorgroute.models import Gebruiker
from zorgroute.tenancy.db import tenant_context

from .models import Aanmelding


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
    """Receiver of besprekingen.services.besluit_vastgelegd (connected in apps.py). Runs after
    the decision's transaction committed, so it enters the school's scope itself."""
    if besluit.soort != BesluitSoort.AANMELDEN_IZO:
        return
    with tenant_context(besluit.school_id):
        actie = besluit.acties.select_related("eigenaar").first()
        aanmelding_voorbereiden(besluit=besluit, aanmelder=actie.eigenaar if actie else user)
