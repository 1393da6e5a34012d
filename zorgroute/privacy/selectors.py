"""AVG reads: the open erasure requests and finding a pupil of the school."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Anonimiseringsverzoek, Leerling, VerzoekStatus

#: How many pupils a search shows at most.
ZOEK_LIMIET = 50


def open_verzoeken() -> QuerySet[Anonimiseringsverzoek]:
    return (
        Anonimiseringsverzoek.objects.filter(status=VerzoekStatus.OPEN)
        .select_related("leerling", "aangevraagd_door")
        .order_by("aangevraagd_op")
    )


def leerlingen_zoeken(q: str) -> list[Leerling]:
    q = q.strip()
    if not q:
        return []
    terms = Q()
    for word in q.split():
        terms &= (
            Q(voornaam__icontains=word)
            | Q(achternaam__icontains=word)
            | Q(leerlingnummer__iexact=word)
        )
    return list(Leerling.objects.filter(terms).order_by("achternaam", "voornaam")[:ZOEK_LIMIET])


def verzoeken_van(leerling: Leerling) -> list[Anonimiseringsverzoek]:
    return list(
        leerling.anonimiseringsverzoeken.select_related("aangevraagd_door", "afgehandeld_door")
    )
