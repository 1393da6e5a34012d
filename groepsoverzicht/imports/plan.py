"""Plan: the valid rows -> `Plan`, by comparing them with what is stored (one query, the
rows locked against a parallel save). The import upserts on the unique key leerling +
domein + toetsmoment and leaves unchanged values alone, so a repeated upload changes
nothing (not even `updated_at`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import scales
from ..models import Resultaat
from .arrays import q_in
from .records import (
    Cel,
    Controle,
    GecontroleerdeRij,
    ImportFout,
    ImportOpdracht,
    Nieuw,
    Opgeslagen,
    Plan,
)

#: Above this many pupils the stored results of the whole toetsmoment are read (see
#: `opgeslagen_lezen`).
BATCH_SIZE = 1000


class Gewenst(NamedTuple):
    """A cell as the input wants it (None: cleared), with the row it came from."""

    van: GecontroleerdeRij
    waarde: scales.Waarde | None


def _gewenst(controle: Controle) -> dict[Cel, Gewenst]:
    return {
        (g.leerling.pk, domein_id): Gewenst(g, waarde)
        for g in controle.geldig
        for domein_id, waarde in g.cellen.items()
    }


def opgeslagen_lezen(
    cellen: Mapping[Cel, object], opdracht: ImportOpdracht
) -> dict[Cel, Opgeslagen]:
    """The stored results of these cells, locked, read as values (only changed and removed
    ones become model instances)."""
    if not cellen:
        return {}
    leerling_ids = {k[0] for k in cellen}
    domein_ids = {k[1] for k in cellen}
    bestaand = Resultaat.objects.select_for_update().filter(
        school=opdracht.school, toetsmoment=opdracht.toetsmoment, domein_id__in=domein_ids
    )
    if len(leerling_ids) <= BATCH_SIZE:
        bestaand = bestaand.filter(q_in("leerling_id", sorted(leerling_ids)))
    # A large batch (an LVS export) covers most of the toetsmoment: reading all of its
    # results is cheaper than an IN list of thousands of ids; the extra rows are skipped.
    rows = bestaand.order_by("pk").values_list(*Opgeslagen._fields)
    return {
        (r.leerling_id, r.domein_id): r
        for r in map(Opgeslagen._make, rows)
        if r.leerling_id in leerling_ids
    }


def _conflicten(
    gewenst: Mapping[Cel, Gewenst],
    opgeslagen: Mapping[Cel, Opgeslagen],
    verwacht: Mapping[Cel, str],
    controle: Controle,
) -> tuple[dict[Cel, str], list[ImportFout]]:
    """Cells whose stored value is no longer the one the user's page showed."""
    conflicten: dict[Cel, str] = {}
    for key in gewenst:
        stored = opgeslagen[key].waarde if key in opgeslagen else ""
        if key in verwacht and verwacht[key] != stored:
            conflicten[key] = stored
    fouten = [
        ImportFout(
            gewenst[key].van.rij.nummer,
            controle.domeinen[key[1]].code,
            _(
                "intussen door iemand anders gewijzigd; opgeslagen is nu '%(nu)s'. "
                "Jouw waarde is niet opgeslagen: sla opnieuw op om die te bewaren."
            )
            % {"nu": stored or _("leeg")},
            gewenst[key].van.leerling.volledige_naam,
        )
        for key, stored in conflicten.items()
    ]
    return conflicten, fouten


def _indelen(
    plan: Plan,
    gewenst: Mapping[Cel, Gewenst],
    opgeslagen: Mapping[Cel, Opgeslagen],
    opdracht: ImportOpdracht,
) -> None:
    """Sort each wanted cell into insert, update, delete or leave alone."""
    school, toetsmoment = opdracht.school, opdracht.toetsmoment
    now = timezone.now()
    for (leerling_id, domein_id), cel in gewenst.items():
        current = opgeslagen.get((leerling_id, domein_id))
        waarde = cel.waarde
        if waarde is None:
            if current is not None:
                plan.gewist.append(current.als_resultaat(school, toetsmoment))
        elif current is None:
            plan.nieuw.append(Nieuw(leerling_id, domein_id, waarde))
        elif current.waarde == waarde.tekst and Decimal(current.rang) == waarde.rang:
            plan.ongewijzigd += 1
        else:
            changed = current.als_resultaat(school, toetsmoment)
            changed.waarde, changed.rang, changed.bron = waarde.tekst, waarde.rang, opdracht.bron
            changed.updated_at = now
            plan.gewijzigd.append(changed)


def plannen(controle: Controle, opdracht: ImportOpdracht) -> Plan:
    """What to write for the valid rows. With `opdracht.verwacht` a cell a colleague changed
    since the grid was opened is a conflict: the plan then writes nothing, unless
    `alleen_geldige`, when only the conflicting cells are left out."""
    gewenst = _gewenst(controle)
    opgeslagen = opgeslagen_lezen(gewenst, opdracht)
    plan = Plan()
    if opdracht.verwacht is not None:
        plan.conflicten, plan.fouten = _conflicten(gewenst, opgeslagen, opdracht.verwacht, controle)
        if plan.conflicten and not opdracht.alleen_geldige:
            return plan
        for key in plan.conflicten:
            del gewenst[key]
    _indelen(plan, gewenst, opgeslagen, opdracht)
    return plan
