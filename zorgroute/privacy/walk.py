"""Every model that holds rows about one pupil, found from the app registry.

A model is about a pupil when one of its foreign keys (a OneToOneField is one too) points
at `zorgroute.Leerling`, or at a model that is about a pupil: a signalering under the
pupil's groepsoverzicht row, an IZO verslag under the pupil's traject, a ZAT verslag under
the case under that traject. History models (django-simple-history) are found the same way,
through their own (unconstrained) foreign keys, so the history of a row goes with the row.

Many-to-many fields are not followed: a lesgroep or a plangroep holds several pupils, and
the pupil's part of it is the through row (Clusterplaatsing, Plangroeplid), which is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.db.models import ForeignKey, Model, Q, QuerySet

from ..models import Leerling

#: How many foreign keys a path to the pupil may cross (a ZAT verslag: casus, traject, leerling).
MAX_DEPTH = 5


@dataclass(frozen=True)
class Path:
    """A lookup from a model to the pupil's id, valid when the `empty` lookups are null (a
    row whose own pupil field is empty belongs to the pupil of the row it hangs under)."""

    lookup: str
    empty: tuple[str, ...] = ()

    def under(self, field: str) -> Path:
        return Path(f"{field}__{self.lookup}", tuple(f"{field}__{e}" for e in self.empty))

    def q(self, leerling_id: int) -> Q:
        return Q(**{self.lookup: leerling_id}, **{f"{e}__isnull": True for e in self.empty})


@dataclass(frozen=True)
class PupilModel:
    """A model with rows about a pupil, the lookups from it to the pupil and how many
    foreign keys the shortest one crosses."""

    model: type[Model]
    paths: tuple[Path, ...]
    depth: int

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows(self, leerling: Leerling) -> QuerySet[Any]:
        """The model's rows about `leerling` (inside the pupil's school's tenant)."""
        if self.model is Leerling:
            return Leerling.objects.filter(pk=leerling.pk)
        q = Q()
        for path in self.paths:
            q |= path.q(leerling.pk)
        return self.model._default_manager.filter(q)


def _foreign_keys(model: type[Model]) -> list[ForeignKey[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, ForeignKey) and isinstance(f.related_model, type)
    ]


def _paths_to(model: type[Model], level: dict[type[Model], PupilModel], depth: int) -> list[Path]:
    """The paths through the model's foreign keys to models found at `depth - 1`."""
    paths: list[Path] = []
    for field in _foreign_keys(model):
        target = field.related_model
        found = level.get(target)  # type: ignore[arg-type]
        if target is model or found is None or found.depth != depth - 1:
            continue
        if target is Leerling:
            paths.append(Path(f"{field.name}_id"))
        else:
            paths.extend(p.under(field.name) for p in found.paths)
    return paths


def _through_parent(model: type[Model], found: dict[type[Model], PupilModel]) -> list[Path]:
    """For a nullable pupil field: the rows with it empty, through their parent row about
    the pupil (a remark made in the pupil's leerlingbespreking without naming the pupil)."""
    extra: list[Path] = []
    for pupil_field in _foreign_keys(model):
        if pupil_field.related_model is not Leerling or not pupil_field.null:
            continue
        for path in _paths_to(model, found, 2):
            extra.append(Path(path.lookup, (*path.empty, f"{pupil_field.name}_id")))
    return extra


@cache
def pupil_models() -> tuple[PupilModel, ...]:
    """Every model with rows about a pupil (Leerling itself first), with its shortest
    paths to the pupil."""
    found: dict[type[Model], PupilModel] = {Leerling: PupilModel(Leerling, (Path("pk"),), 0)}
    # The pupil's own history rows carry the pupil's id, not a foreign key.
    history = Leerling.history.model
    found[history] = PupilModel(history, (Path("id"),), 1)
    candidates = [m for m in apps.get_models() if m not in found and not m._meta.proxy]
    for depth in range(1, MAX_DEPTH + 1):
        new = {}
        for model in candidates:
            if model not in found and (paths := _paths_to(model, found, depth)):
                new[model] = PupilModel(model, tuple(paths), depth)
        found.update(new)
    for model, pm in list(found.items()):
        if pm.depth == 1 and (extra := _through_parent(model, found)):
            found[model] = PupilModel(model, (*pm.paths, *extra), 1)
    ordered = sorted(found.values(), key=lambda pm: (pm.model is not Leerling, pm.label))
    return tuple(ordered)


def referencing_models() -> set[type[Model]]:
    """The models that reference a pupil by the plain rule: a foreign key, one-to-one or
    many-to-many field to Leerling, directly or through one hop (a row under such a model).
    The export's meta-test checks each of them is exported or excluded with a reason."""
    direct: set[type[Model]] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is Leerling:
                direct.add(model)
    hop: set[type[Model]] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model in direct:
                hop.add(model)
    return (direct | hop) - {Leerling}
