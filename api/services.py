"""Writes the API does on top of the roster services: upserts keyed by the client's
external ids. Keyword-only and atomic like every service; all-or-nothing per batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from zorgroute import services
from zorgroute.models import Leerling, LeerlingExternId, School
from zorgroute.versioning import lock_version

LEERLING_VELDEN = (
    "voornaam",
    "tussenvoegsel",
    "achternaam",
    "geboortedatum",
    "leerlingnummer",
    "eck_id",
)


@dataclass(frozen=True)
class RijFout:
    index: int | None
    veld: str
    reden: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "veld": self.veld, "reden": self.reden}


@dataclass
class UpsertResultaat:
    rijen: int = 0
    aangemaakt: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    fouten: list[RijFout] = field(default_factory=list)
    opgeslagen: bool = False


class _Rollback(Exception):
    pass


def validation_fouten(index: int | None, exc: ValidationError) -> list[RijFout]:
    if hasattr(exc, "error_dict"):
        return [
            RijFout(index, "" if name == NON_FIELD_ERRORS else name, " ".join(e.messages))
            for name, errors in exc.error_dict.items()
            for e in errors
        ]
    return [RijFout(index, "", " ".join(exc.messages))]


def _leerling_upsert(
    school: School,
    bron: str,
    extern_id: str,
    waarden: dict[str, Any],
    existing: Leerling | None,
    nieuwe_ids: list[LeerlingExternId],
) -> str:
    if existing is None:
        leerling = services.leerling_create(school=school, **waarden)
        # Written in one go after the batch: the ids are known to be new and unique.
        nieuwe_ids.append(
            LeerlingExternId(school=school, leerling=leerling, bron=bron, extern_id=extern_id)
        )
        return "aangemaakt"
    if all(getattr(existing, k) == v for k, v in waarden.items()):
        return "ongewijzigd"
    services.leerling_update(leerling=existing, version=None, **waarden)
    return "bijgewerkt"


@transaction.atomic
def leerlingen_upserten(
    *, school: School, bron: str, rijen: list[tuple[int, str, dict[str, Any]]]
) -> UpsertResultaat:
    """Create or update pupils by (bron, extern id). `rijen`: (index, extern id, fields of
    LEERLING_VELDEN). An unchanged pupil is not saved (a replay changes nothing, not even
    `updated_at`). One bad row saves nothing and is named in `fouten`."""
    result = UpsertResultaat(rijen=len(rijen))
    seen: dict[str, int] = {}
    for index, extern_id, _waarden in rijen:
        if extern_id in seen:
            result.fouten.append(
                RijFout(index, "sourcedId", f"staat al in rij {seen[extern_id]} van deze batch.")
            )
        seen.setdefault(extern_id, index)
    if result.fouten:
        return result
    bestaand = {
        e.extern_id: e.leerling
        for e in LeerlingExternId.objects.filter(
            bron=bron, extern_id__in=list(seen)
        ).select_related("leerling")
    }
    nieuwe_ids: list[LeerlingExternId] = []
    try:
        with transaction.atomic():
            for index, extern_id, waarden in rijen:
                try:
                    uitkomst = _leerling_upsert(
                        school, bron, extern_id, waarden, bestaand.get(extern_id), nieuwe_ids
                    )
                except ValidationError as exc:
                    result.fouten.extend(validation_fouten(index, exc))
                    continue
                setattr(result, uitkomst, getattr(result, uitkomst) + 1)
            if result.fouten:
                raise _Rollback
            LeerlingExternId.objects.bulk_create(nieuwe_ids, batch_size=1000)
    except _Rollback:
        result.aangemaakt = result.bijgewerkt = result.ongewijzigd = 0
        return result
    result.opgeslagen = True
    return result


@transaction.atomic
def leerling_update(
    *, leerling: Leerling, version: str | None, waarden: dict[str, Any]
) -> Leerling:
    """One pupil via PUT with If-Match (the ETag is its `versie`): a stale version raises
    `StaleVersion` (412); `None` (If-Match: *) accepts any current version. Unchanged values
    save nothing, so the ETag stays."""
    current = lock_version(leerling, version)
    if all(getattr(current, k) == v for k, v in waarden.items()):
        return current
    return services.leerling_update(leerling=current, version=current.versie, **waarden)
