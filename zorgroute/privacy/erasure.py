"""Anonymising a pupil (the AVG right to erasure), in whole or per data class.

`leerling_anonimiseren` is the one entry: the four-eyes flow (`zorgroute.privacy.services`)
and the retention job call it, inside the pupil's school's tenant. It takes no decision
itself (no four-eyes, no retention term): it does what it is asked, in one transaction, and
again without changing anything when it is asked twice.

What it does, for every model with rows about the pupil (`zorgroute.privacy.walk`) whose
data class (`zorgroute.privacy.dataklassen`) is asked for, their history rows included:

- free text (every CharField and TextField without choices) is de-identified: deduce for
  longer text, plus the names the portal knows (the pupil, parents, classmates);
- fields that hold a person's name (a parent's in a consent) become "[NAAM]";
- the pupil's external ids are deleted;
- with the pupil's own class (`DataKlasse.LEERLING`, part of "everything"): the identity
  becomes "Leerling <id>", the date of birth keeps its year, the numbers go, and the
  pupil's full name is removed from every other document of the school (a groepsbespreking
  verslag that names the pupil).

The access log keeps its rows (who, when, which page): they point at the anonymised pupil.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import Model, Q, QuerySet

from ..models import AccessEvent, Anonimisering, Leerling, LeerlingExternId, Plaatsing
from ..tenancy.tables import tenant_models
from .dataklassen import (
    DATAKLASSE_VAN_MODEL,
    NIET_GEANONIMISEERD,
    DataKlasse,
    recorded_model,
)
from .deidentify import Namen
from .walk import PupilModel, pupil_models

#: Fields that hold nothing but a person's name: replaced as a whole.
NAAMVELDEN: dict[str, frozenset[str]] = {
    "groepsplan.Ouderinstemming": frozenset({"naam"}),
    "izo_zat.Toestemming": frozenset({"naam_gever"}),
}
NAAM_VERVANGEN = "[NAAM]"
#: CharFields at least this long are free text for deduce; shorter ones (codes, scores,
#: short labels) only lose the known names.
VRIJE_TEKST_LENGTE = 100

NAAM, DEDUCE, NAMEN = "naam", "deduce", "namen"


@dataclass(frozen=True)
class AnonimiseringsVerslag:
    """What one run changed: rows per model ("app_label.ModelName", history models too)."""

    leerling_id: int
    dataklassen: tuple[str, ...]
    identiteit: bool
    per_model: dict[str, int]

    @property
    def totaal(self) -> int:
        return sum(self.per_model.values())


def text_fields(model: type[Model]) -> list[tuple[str, str]]:
    """The model's text fields and how each is de-identified (NAAM, DEDUCE or NAMEN)."""
    namen = NAAMVELDEN.get(recorded_model(model)._meta.label, frozenset())
    found = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.choices or not isinstance(f, models.CharField | models.TextField):
            continue
        if f.name in namen:
            found.append((f.attname, NAAM))
        elif isinstance(f, models.TextField) or (f.max_length or 0) >= VRIJE_TEKST_LENGTE:
            found.append((f.attname, DEDUCE))
        else:
            found.append((f.attname, NAMEN))
    return found


def _nieuwe_waarde(old: Any, soort: str, namen: Namen) -> Any:
    if not isinstance(old, str) or not old:
        return old
    if soort == NAAM:
        return NAAM_VERVANGEN
    return namen.ontdoe(old, met_deduce=soort == DEDUCE)


def rows_deidentify(
    model: type[Model], rows: QuerySet[Any], namen: Namen, *, alleen_namen: bool = False
) -> int:
    """De-identify the text fields of `rows`; returns how many rows changed. With
    `alleen_namen` only the known names go (no deduce, name fields as they are): for other
    documents, whose text is about other people."""
    velden = [(n, s) for n, s in text_fields(model) if not (alleen_namen and s == NAAM)]
    if not velden:
        return 0
    changed = 0
    for row in rows.only("pk", *(name for name, _soort in velden)):
        changes = {}
        for name, soort in velden:
            old = getattr(row, name)
            if alleen_namen:
                new = namen.vervang_namen(old) if isinstance(old, str) else old
            else:
                new = _nieuwe_waarde(old, soort, namen)
            if new != old:
                changes[name] = new
        if changes:
            model._default_manager.filter(pk=row.pk).update(**changes)
            changed += 1
    return changed


def _naamvarianten(voornaam: str, tussenvoegsel: str, achternaam: str) -> list[str]:
    volledig = " ".join(p for p in (voornaam, tussenvoegsel, achternaam) if p)
    return [volledig, f"{voornaam} {achternaam}"]


def _pupil_names(leerling: Leerling) -> list[str]:
    achternaam = " ".join(p for p in (leerling.tussenvoegsel, leerling.achternaam) if p)
    return [
        *_naamvarianten(leerling.voornaam, leerling.tussenvoegsel, leerling.achternaam),
        achternaam,
        leerling.achternaam,
        leerling.voornaam,
    ]


def _rows_of(label: str, leerling: Leerling) -> QuerySet[Any] | None:
    for pm in pupil_models():
        if pm.label == label:
            return pm.rows(leerling)
    return None


def _parent_names(leerling: Leerling) -> list[str]:
    names: list[str] = []
    for label, veldnamen in NAAMVELDEN.items():
        rows = _rows_of(label, leerling)
        if rows is None:
            continue
        for values in rows.values_list(*sorted(veldnamen)):
            for value in values:
                if value and value != NAAM_VERVANGEN:
                    names += [value, value.split()[0]]
    return names


def geanonimiseerde_ids(leerling_ids: Iterable[int]) -> set[int]:
    """The pupils among these whose identity an earlier run replaced."""
    return set(
        Anonimisering.objects.filter(leerling_id__in=list(leerling_ids), identiteit=True)
        .values_list("leerling_id", flat=True)
        .distinct()
    )


def _classmate_names(leerling: Leerling) -> list[str]:
    groepen = Plaatsing.objects.filter(leerling=leerling).values("groep_id")
    lesgroepen = leerling.clusterplaatsingen.values("lesgroep_id")
    classmates = list(
        Leerling.objects.filter(
            Q(plaatsingen__groep_id__in=groepen) | Q(clusterplaatsingen__lesgroep_id__in=lesgroepen)
        )
        .exclude(pk=leerling.pk)
        .distinct()
    )
    weg = geanonimiseerde_ids(c.pk for c in classmates)
    names: list[str] = []
    for c in classmates:
        if c.pk not in weg:
            names += [*_naamvarianten(c.voornaam, c.tussenvoegsel, c.achternaam), c.voornaam]
    return names


def known_names(leerling: Leerling, *, identiteit_al_weg: bool) -> Namen:
    """The names to remove from the pupil's rows: once the identity is gone, the pupil's
    row holds "Leerling <id>" and only the others' names are left to look for."""
    anderen = _parent_names(leerling) + _classmate_names(leerling)
    if identiteit_al_weg:
        return Namen(anderen=anderen)
    eigen = set(_pupil_names(leerling))
    return Namen(
        leerling=sorted(eigen),
        anderen=[n for n in anderen if n not in eigen],
        voornamen=[leerling.voornaam],
        achternaam=" ".join(p for p in (leerling.tussenvoegsel, leerling.achternaam) if p),
    )


def _class_of(pm: PupilModel) -> DataKlasse | None:
    label = recorded_model(pm.model)._meta.label
    if label in NIET_GEANONIMISEERD:
        return None
    klasse = DATAKLASSE_VAN_MODEL.get(label)
    if klasse is None:
        raise ImproperlyConfigured(
            f"{label} bevat gegevens over een leerling maar heeft geen gegevensklasse "
            "(zorgroute.privacy.dataklassen)."
        )
    return klasse


def _anonymise_model(
    pm: PupilModel, leerling: Leerling, klassen: frozenset[DataKlasse], namen: Namen
) -> int:
    klasse = _class_of(pm)
    recorded = recorded_model(pm.model)
    if klasse not in klassen or recorded is Leerling:
        return 0
    if recorded is LeerlingExternId:
        return pm.rows(leerling).delete()[0]
    return rows_deidentify(pm.model, pm.rows(leerling), namen)


def _identity_replace(leerling: Leerling) -> dict[str, int]:
    """The pupil row and its history rows: "Leerling <id>", the year of birth only."""
    anoniem = {
        "voornaam": "Leerling",
        "tussenvoegsel": "",
        "achternaam": str(leerling.pk),
        "leerlingnummer": "",
        "eck_id": "",
    }
    Leerling.objects.filter(pk=leerling.pk).update(
        **anoniem, geboortedatum=dt.date(leerling.geboortedatum.year, 1, 1)
    )
    history = Leerling.history.model
    rows = history._default_manager.filter(id=leerling.pk)
    for row in rows.only("pk", "geboortedatum"):
        history._default_manager.filter(pk=row.pk).update(
            **anoniem, geboortedatum=dt.date(row.geboortedatum.year, 1, 1)
        )
    return {Leerling._meta.label: 1, history._meta.label: rows.count()}


def _elsewhere(leerling: Leerling, namen: Namen) -> Counter[str]:
    """Rows of other documents of the school that name the pupil in full (a groepsbespreking
    verslag, another pupil's notes): the pupil's names replaced there, nothing else."""
    own = Namen(leerling=namen.leerling)
    full = _naamvarianten(leerling.voornaam, leerling.tussenvoegsel, leerling.achternaam)
    skip = {Leerling, Leerling.history.model, AccessEvent}
    counts: Counter[str] = Counter()
    for model in tenant_models():
        velden = [name for name, soort in text_fields(model) if soort != NAAM]
        if model in skip or not velden:
            continue
        q = Q()
        for veld in velden:
            for naam in set(full):
                q |= Q(**{f"{veld}__icontains": naam})
        rows = model._default_manager.filter(q)
        if n := rows_deidentify(model, rows, own, alleen_namen=True):
            counts[model._meta.label] += n
    return counts


def leerling_anonimiseren(
    *,
    leerling: Leerling,
    dataklassen: Collection[DataKlasse] | None = None,
    reden: str,
) -> AnonimiseringsVerslag:
    """Anonymise what the portal holds about `leerling` in `dataklassen` (None: everything,
    the pupil's own identity included). Idempotent; one transaction; run inside the pupil's
    school's tenant. Records the run (`Anonimisering`) and returns the rows changed per
    model."""
    klassen = (
        frozenset(DataKlasse) if dataklassen is None else frozenset(map(DataKlasse, dataklassen))
    )
    with transaction.atomic():
        leerling = Leerling.objects.select_for_update().get(pk=leerling.pk)
        al_weg = bool(geanonimiseerde_ids([leerling.pk]))
        namen = known_names(leerling, identiteit_al_weg=al_weg)
        per_model: Counter[str] = Counter()
        for pm in pupil_models():
            if n := _anonymise_model(pm, leerling, klassen, namen):
                per_model[pm.label] += n
        identiteit = DataKlasse.LEERLING in klassen and not al_weg
        if identiteit:
            per_model.update(_elsewhere(leerling, namen))
            per_model.update(_identity_replace(leerling))
        if per_model:
            Anonimisering.objects.create(
                school_id=leerling.school_id,
                leerling=leerling,
                dataklassen=sorted(klassen),
                identiteit=identiteit,
                reden=namen.ontdoe(reden, met_deduce=False),
                aantallen=dict(per_model),
            )
    return AnonimiseringsVerslag(
        leerling_id=leerling.pk,
        dataklassen=tuple(sorted(klassen)),
        identiteit=identiteit,
        per_model={k: v for k, v in sorted(per_model.items()) if v},
    )
