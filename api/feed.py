"""The change feed (wijzigingenfeed) of the care data: what was created, changed or deleted
since a cursor, oldest first. Read by `GET …/wijzigingen/` (api.views.WijzigingenView) and
pushed by the webhooks (api.webhooks).

Created and changed objects come from the live tables (`updated_at`); deleted ones from the
django-simple-history tables, where a deletion leaves a row with `history_type='-'` and
`history_date`. Both interleave by time under one cursor.

Need-to-know is that of the care:read lists: the same four kinds, and a bespreking only when
it is a closed groepsbespreking or vakspecifieke bespreking (for a deleted one: as it was
when it was deleted). Tenancy: the live tables are read through the tenant's scoped managers
(and RLS). The history tables carry `school_id` and so have the RLS policy too
(zorgroute.tenancy.rls), but their managers are simple-history's, not fail-closed; they are
filtered on the school explicitly as well.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from besprekingen.models import Bespreking, Soort, Status
from groepsoverzicht.models import Groepsoverzicht, Onderwijsbehoefte
from groepsplan.models import Groepsplan

GEWIJZIGD = "gewijzigd"
VERWIJDERD = "verwijderd"
ACTIES = (GEWIJZIGD, VERWIJDERD)
#: Sort rank of the action at one moment and kind (part of the cursor order).
_RANG = {GEWIJZIGD: 0, VERWIJDERD: 1}

BESPREKING_SOORTEN = [Soort.GROEPSBESPREKING, Soort.VAKSPECIFIEK]


def besprekingen() -> QuerySet[Bespreking]:
    """The besprekingen the API shows: closed groeps- and vakspecifieke besprekingen."""
    return Bespreking.objects.filter(soort__in=BESPREKING_SOORTEN, status=Status.AFGESLOTEN)


def _verwijderde_besprekingen(qs: QuerySet[Any]) -> QuerySet[Any]:
    # The historical row holds the fields as they were just before the deletion.
    return qs.filter(soort__in=BESPREKING_SOORTEN, status=Status.AFGESLOTEN)


@dataclass(frozen=True)
class Bron:
    """One kind of object in the feed: its live rows and its deletions."""

    levend: Callable[[], QuerySet[Any]]
    model: Any
    verwijderd_filter: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs


#: What the feed reports, by the name in `soort`: the objects of the care:read lists.
BRONNEN: dict[str, Bron] = {
    "bespreking": Bron(besprekingen, Bespreking, _verwijderde_besprekingen),
    "groepsoverzicht": Bron(lambda: Groepsoverzicht.objects.all(), Groepsoverzicht),
    "groepsplan": Bron(lambda: Groepsplan.objects.all(), Groepsplan),
    "onderwijsbehoefte": Bron(lambda: Onderwijsbehoefte.objects.all(), Onderwijsbehoefte),
}
SOORTEN = sorted(BRONNEN)

#: Changes younger than this are held back, so a transaction that commits late with an
#: earlier updated_at (or history_date) is not skipped by a cursor that already moved past.
WACHTTIJD = dt.timedelta(seconds=5)
MAX_LIMIT = 500

#: (moment, soort, rank of the action, key): the total order of the feed. The key is the
#: object's pk for a change and the history row's id for a deletion.
Sleutel = tuple[dt.datetime, str, int, int]
_BEGIN: Sleutel = (dt.datetime(2000, 1, 1, tzinfo=dt.UTC), SOORTEN[0], 0, 0)


class OnbekendeCursor(ValueError):
    """A since value this API did not give out."""


@dataclass(frozen=True)
class Wijziging:
    soort: str
    id: int
    actie: str
    #: When it changed; for a deletion, when it was deleted.
    moment: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {"soort": self.soort, "id": self.id, "actie": self.actie, "updated_at": self.moment}


@dataclass(frozen=True)
class Pagina:
    wijzigingen: list[Wijziging]
    volgende: str
    meer: bool


def cursor_encode(sleutel: Sleutel) -> str:
    moment, soort, rang, pk = sleutel
    # A change keeps the three-part cursor of the first version of the feed, so cursors
    # clients stored before deletions were reported still mean the same.
    raw = f"{moment.isoformat()}|{soort}|{pk}" + ("|-" if rang else "")
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> Sleutel:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        parts = raw.split("|")
        if len(parts) == 4 and parts[3] == "-":
            rang = 1
        elif len(parts) == 3:
            rang = 0
        else:
            raise ValueError(raw)
        moment, soort, pk = parts[:3]
        when = dt.datetime.fromisoformat(moment)
        if when.tzinfo is None or soort not in BRONNEN:
            raise ValueError(soort)
        return when, soort, rang, int(pk)
    except (ValueError, UnicodeDecodeError) as exc:
        raise OnbekendeCursor(cursor) from exc


def cursor_vanaf(moment: dt.datetime) -> str:
    """A cursor before everything that changes at or after `moment` (a new webhook)."""
    return cursor_encode((moment, SOORTEN[0], 0, 0))


def _na(qs: QuerySet[Any], veld: str, sleutelveld: str, eigen: tuple[str, int], c: Sleutel) -> Any:
    """Rows of one source strictly after cursor `c` in the feed order."""
    moment, c_soort, c_rang, c_pk = c
    if eigen > (c_soort, c_rang):
        return qs.filter(**{f"{veld}__gte": moment})
    if eigen == (c_soort, c_rang):
        return qs.filter(
            Q(**{f"{veld}__gt": moment}) | Q(**{veld: moment, f"{sleutelveld}__gt": c_pk})
        )
    return qs.filter(**{f"{veld}__gt": moment})


def wijzigingen(
    *, school_id: int, since: str | None, limit: int = 100, nu: dt.datetime | None = None
) -> Pagina:
    """At most `limit` changes after `since` (None: from the start), oldest first.

    Two queries per kind of object (changes, deletions), whatever the limit. Raises
    OnbekendeCursor for a since this API did not give out."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(limit)
    cursor = cursor_decode(since) if since is not None else None
    tot = (nu or timezone.now()) - WACHTTIJD
    items: list[tuple[Sleutel, int]] = []
    for soort, bron in BRONNEN.items():
        levend = bron.levend().filter(updated_at__lt=tot)
        if cursor is not None:
            levend = _na(levend, "updated_at", "pk", (soort, 0), cursor)
        rows = levend.order_by("updated_at", "pk").values_list("updated_at", "pk")[: limit + 1]
        items += [((when, soort, 0, pk), pk) for when, pk in rows]

        weg = bron.verwijderd_filter(
            bron.model.history.filter(history_type="-", school_id=school_id, history_date__lt=tot)
        )
        if cursor is not None:
            weg = _na(weg, "history_date", "history_id", (soort, 1), cursor)
        rows = weg.order_by("history_date", "history_id").values_list(
            "history_date", "history_id", "id"
        )[: limit + 1]
        items += [((when, soort, 1, hid), pk) for when, hid, pk in rows]
    items.sort()
    page = items[:limit]
    if page:
        volgende = cursor_encode(page[-1][0])
    elif since is not None:
        volgende = since
    else:
        volgende = cursor_encode(_BEGIN)
    return Pagina(
        wijzigingen=[
            Wijziging(soort=k[1], id=pk, actie=ACTIES[k[2]], moment=k[0]) for k, pk in page
        ],
        volgende=volgende,
        meer=len(items) > limit,
    )
