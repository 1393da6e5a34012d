"""Inzage and export (AVG art. 15 and 20): everything the portal holds about one pupil.

One dictionary, per model a list of records with their fields (foreign keys as readable
names), the history rows of those records (django-simple-history) and the access-log
entries about the pupil, found from the app registry (`zorgroute.privacy.walk`). The JSON
download is this dictionary; the PDF renders it in Dutch.

`EXPORT_UITGESLOTEN` names the models that reference a pupil by the plain rule (a foreign
key, one-to-one or many-to-many field to Leerling, directly or through one hop) but are not
exported, each with the reason; tests/zorgroute/test_privacy_export.py fails on a model
that is neither.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import ForeignKey, Model
from django.utils import timezone

from ..models import Leerling
from .dataklassen import recorded_model
from .walk import PupilModel, pupil_models

_GROEPSDOCUMENT = (
    "Document van een hele groep; het deel van de leerling (de regel, de plaatsing, het "
    "lidmaatschap van de plangroep) wordt wel geëxporteerd."
)

#: "app_label.ModelName" (history models follow their model) -> why it is not exported.
EXPORT_UITGESLOTEN: dict[str, str] = {
    "zorgroute.Lesgroep": _GROEPSDOCUMENT + " (Clusterplaatsing)",
    "zorgroute.Lesgroepdocent": "Wie een lesgroep geeft: gegevens over medewerkers.",
    "groepsoverzicht.Groepsoverzicht": _GROEPSDOCUMENT + " (Overzichtregel, Opmerking)",
    "groepsplan.Plangroep": _GROEPSDOCUMENT + " (Plangroeplid, Plandoel, Doelevaluatie)",
    "groepsplan.Roosteritem": "Rooster van een plangroep; noemt geen leerling.",
    "groepsplan.Bijstelling": "Bijstelling van een groepsplan; hoort bij de hele groep.",
}

#: Fields left out of every record: the tenant (one school) and the internal version.
WEGGELATEN_VELDEN = frozenset({"school", "versie"})


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _related_name(row: Model, field: ForeignKey[Any, Any]) -> str | None:
    if getattr(row, field.attname) is None:
        return None
    try:
        return str(getattr(row, field.name))
    except ObjectDoesNotExist:  # a history row's target that no longer exists
        return f"#{getattr(row, field.attname)} (verwijderd)"


def record(row: Model) -> dict[str, Any]:
    """One row as a dictionary: every field, a foreign key by its readable name."""
    data: dict[str, Any] = {}
    for field in row._meta.concrete_fields:
        if field.name in WEGGELATEN_VELDEN:
            continue
        if isinstance(field, ForeignKey):
            data[field.name] = _related_name(row, field)
        elif field.choices:
            data[field.name] = getattr(row, f"get_{field.name}_display")()
        else:
            data[field.name] = _value(getattr(row, field.attname))
    return data


def _records(pm: PupilModel, leerling: Leerling) -> list[dict[str, Any]]:
    related = [
        f.name
        for f in pm.model._meta.concrete_fields
        if isinstance(f, ForeignKey)
        and f.name not in WEGGELATEN_VELDEN
        and getattr(f, "db_constraint", True)
    ]
    rows = pm.rows(leerling).select_related(*related).order_by("pk")
    return [record(row) for row in rows]


def is_history(model: type[Model]) -> bool:
    return recorded_model(model) is not model


def leerling_export(leerling: Leerling) -> dict[str, Any]:
    """Everything about `leerling`, per model ("app_label.ModelName"); run inside the
    pupil's school's tenant."""
    modellen: dict[str, dict[str, Any]] = {}
    for pm in pupil_models():
        records = _records(pm, leerling)
        if records:
            meta = pm.model._meta
            modellen[pm.label] = {
                "naam": str(meta.verbose_name_plural),
                "geschiedenis": is_history(pm.model),
                "records": records,
            }
    return {
        "leerling": record(leerling),
        "school": str(leerling.school),
        "gegenereerd_op": _value(timezone.now()),
        "modellen": modellen,
    }


def exported_labels() -> set[str]:
    """The models the export covers."""
    return {pm.label for pm in pupil_models()}
