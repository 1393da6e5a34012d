"""AVG writes: the four-eyes erasure request, and deleting a pupil for good.

An erasure is requested by one person (reason required) and carried out only when a second
person with the complementary role confirms it (`access.BEVESTIGERS`): a beheerder's request
by a zorgcoördinator, or the other way round. The same person can never do both, also not
when they hold both roles. The confirmation runs `erasure.leerling_anonimiseren`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils import timezone

from ..models import Anonimiseringsverzoek, Bewaarblokkade, Gebruiker, Leerling, VerzoekStatus
from .access import BEVESTIGERS
from .dataklassen import recorded_model
from .erasure import AnonimiseringsVerslag, leerling_anonimiseren
from .walk import pupil_models


class AvgFout(Exception):
    """A refused AVG step, with a Dutch message for the user."""


def verzoek_indienen(
    *, leerling: Leerling, reden: str, user: Gebruiker, rol: str
) -> Anonimiseringsverzoek:
    reden = reden.strip()
    if not reden:
        raise AvgFout("Geef een reden voor het verzoek.")
    with transaction.atomic():
        Leerling.objects.select_for_update().get(pk=leerling.pk)
        if Anonimiseringsverzoek.objects.filter(
            leerling=leerling, status=VerzoekStatus.OPEN
        ).exists():
            raise AvgFout("Voor deze leerling staat al een verzoek open.")
        return Anonimiseringsverzoek.objects.create(
            school_id=leerling.school_id,
            leerling=leerling,
            reden=reden,
            aangevraagd_door=user,
            aangevraagd_als=rol,
        )


def open_verzoek(leerling: Leerling) -> Anonimiseringsverzoek | None:
    return (
        Anonimiseringsverzoek.objects.filter(leerling=leerling, status=VerzoekStatus.OPEN)
        .select_related("aangevraagd_door")
        .first()
    )


def _locked_open(leerling: Leerling) -> Anonimiseringsverzoek:
    verzoek = (
        Anonimiseringsverzoek.objects.select_for_update()
        .filter(leerling=leerling, status=VerzoekStatus.OPEN)
        .first()
    )
    if verzoek is None:
        raise AvgFout("Er staat geen verzoek open voor deze leerling.")
    return verzoek


def verzoek_bevestigen(
    *, leerling: Leerling, user: Gebruiker, rollen: frozenset[str]
) -> AnonimiseringsVerslag:
    """The second pair of eyes: anonymise the pupil as requested."""
    with transaction.atomic():
        verzoek = _locked_open(leerling)
        if verzoek.aangevraagd_door_id == user.pk:
            raise AvgFout(
                "U heeft dit verzoek zelf ingediend; een tweede persoon moet het bevestigen."
            )
        if not rollen & BEVESTIGERS.get(verzoek.aangevraagd_als, frozenset()):
            raise AvgFout(
                "Dit verzoek moet bevestigd worden door iemand met de andere rol "
                "(beheerder of zorgcoördinator)."
            )
        if Bewaarblokkade.objects.filter(leerling=leerling, opgeheven_op__isnull=True).exists():
            # A legal hold stops every erasure, the nightly purge and a request alike.
            raise AvgFout(
                "Voor deze leerling geldt een bewaarblokkade: de gegevens mogen nu niet "
                "geanonimiseerd worden. Hef de blokkade eerst op (zorgcoördinator of "
                "privacyfunctionaris)."
            )
        verslag = leerling_anonimiseren(leerling=leerling, reden=verzoek.reden)
        verzoek.refresh_from_db()
        verzoek.status = VerzoekStatus.UITGEVOERD
        verzoek.afgehandeld_door = user
        verzoek.afgehandeld_op = timezone.now()
        verzoek.anonimisering = leerling.anonimiseringen.order_by("-uitgevoerd_op").first()
        verzoek.save()
    return verslag


def verzoek_intrekken(*, leerling: Leerling, user: Gebruiker) -> Anonimiseringsverzoek:
    """Withdraw the open request (either pair of eyes may stop it)."""
    with transaction.atomic():
        verzoek = _locked_open(leerling)
        verzoek.status = VerzoekStatus.INGETROKKEN
        verzoek.afgehandeld_door = user
        verzoek.afgehandeld_op = timezone.now()
        verzoek.save()
    return verzoek


def _history_ids(leerling: Leerling) -> dict[type[Model], set[Any]]:
    """The history rows about the pupil, found while the rows they hang under still exist."""
    return {
        pm.model: set(pm.rows(leerling).values_list("pk", flat=True))
        for pm in pupil_models()
        if recorded_model(pm.model) is not pm.model
    }


def _object_ids(leerling: Leerling) -> dict[type[Model], set[Any]]:
    return {
        pm.model: set(pm.rows(leerling).values_list("pk", flat=True))
        for pm in pupil_models()
        if recorded_model(pm.model) is pm.model
    }


def _delete(objects: Any, pupil: set[type[Model]], counts: Counter[str], depth: int = 0) -> None:
    """Delete with the ORM (CASCADE and SET_NULL as the models say); a row of the pupil's
    that PROTECTs it is deleted first. Anything else that protects it stops the delete."""
    while True:
        try:
            with transaction.atomic():
                _total, per_model = objects.delete()
        except (ProtectedError, RestrictedError) as error:
            blockers = (
                error.protected_objects
                if isinstance(error, ProtectedError)
                else error.restricted_objects
            )
            if depth > 10 or any(type(b) not in pupil for b in blockers):
                raise
            for blocker in blockers:
                _delete(
                    type(blocker)._default_manager.filter(pk=blocker.pk), pupil, counts, depth + 1
                )
            continue
        counts.update(per_model)
        return


def leerling_verwijderen(*, leerling: Leerling) -> Counter[str]:
    """Delete a pupil and every row about them, their history included (the purge after
    the retention term). The access log keeps its rows: they keep the pupil's id, which no
    longer resolves. Rows of group documents that only point at the pupil's rows are kept
    (the reference is emptied as the model says). Returns the deleted rows per model."""
    counts: Counter[str] = Counter()
    with transaction.atomic():
        history = _history_ids(leerling)
        objects = _object_ids(leerling)
        pupil = set(objects)
        _delete(Leerling.objects.filter(pk=leerling.pk), pupil, counts)
        for model, ids in objects.items():
            gone = ids - set(model._default_manager.filter(pk__in=ids).values_list("pk", flat=True))
            history_model = getattr(model, "history", None)
            if gone and history_model is not None:
                n, _per = history_model.model._default_manager.filter(id__in=gone).delete()
                counts[history_model.model._meta.label] += n
        for model, ids in history.items():
            existing = recorded_model(model)._default_manager.values("pk")
            n, _per = model._default_manager.filter(pk__in=ids).exclude(id__in=existing).delete()
            counts[model._meta.label] += n
    return Counter({k: v for k, v in counts.items() if v})
