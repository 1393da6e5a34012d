"""The one way to save a document that a colleague may be editing at the same time.

Every such model derives from `zorgroute.models.VersionedDocument` (an integer `versie`,
`gewijzigd_door`, history). A save never overwrites a colleague's edit silently:

- a whole form carries the version the user saw (hidden field `version`);
  `update_document()` locks the row, refuses a different version with `StaleVersion` and
  otherwise sets the values, validates and saves;
- one autosaved field carries the value the user saw (`seen`); `update_field()` refuses when
  that field changed meanwhile, so two people can fill different cells of one row;
- a list of items (a checklist, evaluations) raises `StaleVersion` with one `FieldConflict`
  per item that changed.

`StaleVersion` is the only conflict error. The views turn it into a 409 page that keeps the
user's text (`zorgroute.views.versioned`), the API into a 412 (`api.base`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db import models
from django.utils.translation import gettext as _

from .models import Gebruiker, VersionedDocument

#: A versioned row: a VersionedDocument, or an account (not school-owned, same two fields).
D = TypeVar("D", bound=VersionedDocument | Gebruiker)

VERSION_FIELD = "version"


@dataclass
class FieldConflict:
    """One field or item that a colleague changed: their value and the user's."""

    name: str
    label: str
    theirs: Any
    mine: Any


@dataclass
class StaleVersion(Exception):
    """Someone saved after the user loaded the page; nothing was saved.

    `current` is the row as it is stored now (None when a colleague deleted it meanwhile),
    `changed_by` the colleague's name for the notice, `conflicts` what differs."""

    current: models.Model | None
    changed_by: str = ""
    conflicts: list[FieldConflict] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("stale version")
        if not self.changed_by:
            self.changed_by = changed_by(self.current)

    @property
    def version(self) -> int | None:
        return getattr(self.current, "versie", None)

    @property
    def deleted(self) -> bool:
        return self.current is None

    @property
    def message(self) -> str:
        if self.deleted:
            return _("Niet opgeslagen: een collega heeft dit intussen verwijderd.")
        return _(
            "Niet opgeslagen: %(naam)s heeft dit intussen gewijzigd. Je eigen invoer staat "
            "hieronder nog; bekijk de huidige versie en sla opnieuw op om die te vervangen."
        ) % {"naam": self.changed_by}


def changed_by(obj: models.Model | None) -> str:
    user = getattr(obj, "gewijzigd_door", None)
    return user.volledige_naam if isinstance(user, Gebruiker) else _("een collega")


def normalised(value: Any) -> Any:
    """Browsers send CRLF; what is stored and compared uses LF."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def lock(obj: D, *, related: Iterable[str] = ()) -> D:
    """The row as stored now, locked until the transaction ends; `StaleVersion` (deleted)
    when it is gone."""
    qs = (
        type(obj)
        ._default_manager.select_for_update(of=("self",))
        .select_related("gewijzigd_door", *related)
    )
    fresh = qs.filter(pk=obj.pk).first()
    if fresh is None:
        raise StaleVersion(current=None)
    return cast(D, fresh)


def lock_version(obj: D, version: int | str | None, *, related: Iterable[str] = ()) -> D:
    """Lock the row and refuse it when its version is not the one the user saw.
    `version=None` skips the check (callers that are not forms, such as imports)."""
    fresh = lock(obj, related=related)
    if version is not None and str(fresh.versie) != str(version):
        raise StaleVersion(current=fresh)
    return fresh


def lock_for_change(obj: D, version: int | str | None, *, user: Gebruiker | None) -> D:
    """`lock_version`, and the row marked as changed by `user` for the save that follows
    (services that validate and save themselves, e.g. with `save_validated`)."""
    fresh = lock_version(obj, version)
    fresh.gewijzigd_door = user
    return fresh


def update_document(
    obj: D,
    *,
    version: int | str | None,
    values: Mapping[str, Any],
    user: Gebruiker | None,
    clean_exclude: Iterable[str] = (),
) -> D:
    """Compare-and-swap for a whole form: set `values` on the locked row when its version is
    still `version`, validate and save. Call inside a transaction (a service)."""
    fresh = lock_version(obj, version)
    for name, value in values.items():
        setattr(fresh, name, normalised(value))
    return _save(fresh, user=user, clean_exclude=clean_exclude)


def update_field(
    obj: D,
    *,
    name: str,
    value: Any,
    seen: Any,
    user: Gebruiker | None,
    label: str = "",
    clean_exclude: Iterable[str] = (),
    related: Iterable[str] = (),
) -> D:
    """Compare-and-swap for one autosaved field: refused when the stored value is no longer
    what the user saw (`seen`); the same value again is a no-op, not a new version."""
    fresh = lock(obj, related=related)
    current = getattr(fresh, name)
    value = normalised(value)
    if current == value:
        return fresh
    if current != normalised(seen):
        raise StaleVersion(
            current=fresh,
            conflicts=[FieldConflict(name=name, label=label, theirs=current, mine=value)],
        )
    setattr(fresh, name, value)
    return _save(fresh, user=user, clean_exclude=clean_exclude, update_fields=[name])


def _save(
    fresh: D,
    *,
    user: Gebruiker | None,
    clean_exclude: Iterable[str],
    update_fields: list[str] | None = None,
) -> D:
    fresh.gewijzigd_door = user
    exclude = {"school", "gewijzigd_door", *clean_exclude}
    if update_fields is not None:
        # One field changed: validate that field only (the rest was valid when saved).
        exclude |= {f.name for f in fresh._meta.fields if f.name not in update_fields}
        update_fields = [*update_fields, "gewijzigd_door"]
        if any(f.name == "updated_at" for f in fresh._meta.concrete_fields):
            update_fields.append("updated_at")
    fresh.full_clean(exclude=sorted(exclude))
    fresh.save(update_fields=update_fields)
    return fresh
