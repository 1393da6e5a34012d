"""Write: apply a `Plan`, with a history row per written result (bulk writes bypass
simple-history's signals, so the writers add them).

One interface, `Writer`, two implementations, chosen in one place (`writer_for`):

- `OrmWriter`: the ORM only (bulk_create, bulk_update, delete); any database. The demo's
  SQLite uses it; the tests also run it on PostgreSQL.
- `PostgresWriter`: the same, except two statements the ORM cannot express quickly: new
  results and their history rows in one `INSERT … SELECT FROM unnest(…)` CTE, and changed
  values in one `UPDATE … FROM (VALUES …)` per batch. Raw SQL goes through
  `zorgroute.tenancy.sql.tenant_cursor`, so row-level security applies as to any statement.

Each method returns the number of results the database wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self

from django.db import connection
from django.utils import timezone

from zorgroute.models import Gebruiker, School
from zorgroute.tenancy.sql import tenant_cursor

from ..models import Resultaat, Toetsmoment
from .arrays import pg_array
from .records import Geschreven, ImportOpdracht, Nieuw, Plan

BATCH_SIZE = 1000
#: Results per INSERT … SELECT FROM unnest (one statement for a whole API batch).
INSERT_BATCH = 50_000


class Writer(Protocol):
    """Writes the three lists of a plan, each result with its history row."""

    def create(self, nieuw: Sequence[Nieuw]) -> int: ...

    def update(self, gewijzigd: Sequence[Resultaat]) -> int: ...

    def delete(self, gewist: Sequence[Resultaat]) -> int: ...


@dataclass(frozen=True)
class OrmWriter:
    """The plan through the ORM: any database."""

    school: School
    toetsmoment: Toetsmoment
    bron: str
    user: Gebruiker | None
    reden: str

    @classmethod
    def from_opdracht(cls, opdracht: ImportOpdracht) -> Self:
        return cls(
            school=opdracht.school,
            toetsmoment=opdracht.toetsmoment,
            bron=opdracht.bron,
            user=opdracht.user,
            reden=opdracht.reden,
        )

    def create(self, nieuw: Sequence[Nieuw]) -> int:
        objs = [
            Resultaat(
                school=self.school,
                leerling_id=leerling_id,
                domein_id=domein_id,
                toetsmoment=self.toetsmoment,
                waarde=waarde.tekst,
                rang=waarde.rang,
                bron=self.bron,
            )
            for leerling_id, domein_id, waarde in nieuw
        ]
        created = Resultaat.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        self.history(objs, "+")
        return len(created)

    def update(self, gewijzigd: Sequence[Resultaat]) -> int:
        fields = ["waarde", "rang", "bron", "updated_at"]
        count = Resultaat.objects.bulk_update(gewijzigd, fields, batch_size=BATCH_SIZE)
        self.history(gewijzigd, "~")
        return count

    def delete(self, gewist: Sequence[Resultaat]) -> int:
        _total, per_model = Resultaat.objects.filter(pk__in=[r.pk for r in gewist]).delete()
        self.history(gewist, "-")
        return per_model.get(Resultaat._meta.label, 0)

    def history(self, objs: Sequence[Resultaat], history_type: str) -> None:
        """History rows for a bulk write, as the user of the import, with its reason."""
        if not objs:
            return
        historical = Resultaat.history.model
        now = timezone.now()
        rows = [
            historical(
                history_date=now,
                history_user=self.user,
                history_change_reason=self.reden,
                history_type=history_type,
                **{f.attname: getattr(obj, f.attname) for f in historical.tracked_fields},
            )
            for obj in objs
        ]
        historical._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


class PostgresWriter(OrmWriter):
    """The ORM writer with PostgreSQL's set-based INSERT and UPDATE."""

    def create(self, nieuw: Sequence[Nieuw]) -> int:
        """One statement per INSERT_BATCH results: an `INSERT … SELECT FROM unnest(…)` whose
        RETURNING rows feed the history INSERT (a CTE). Two ORM bulk_creates would build and
        prepare two model instances per result in Python, which took most of the time of a
        10,000-row API batch."""
        q = connection.ops.quote_name
        table, history = q(Resultaat._meta.db_table), q(Resultaat.history.model._meta.db_table)
        cols = "school_id, toetsmoment_id, bron, leerling_id, domein_id, waarde, rang"
        sql = (
            f"WITH nieuw AS (INSERT INTO {table} ({cols}, created_at, updated_at) "  # noqa: S608
            "SELECT %s, %s, %s, l, d, w, r, %s, %s "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::numeric[]) "
            f"AS v(l, d, w, r) RETURNING id, created_at, updated_at, {cols}) "
            f"INSERT INTO {history} (id, created_at, updated_at, {cols}, history_date, "
            "history_change_reason, history_type, history_user_id) "
            f"SELECT id, created_at, updated_at, {cols}, %s, %s, '+', %s FROM nieuw"
        )
        now = timezone.now()
        written = 0
        with tenant_cursor() as cursor:
            for start in range(0, len(nieuw), INSERT_BATCH):
                cursor.execute(sql, self._insert_params(nieuw[start : start + INSERT_BATCH], now))
                written += cursor.rowcount
        return written

    def _insert_params(self, batch: Sequence[Nieuw], now: Any) -> list[Any]:
        return [
            self.school.pk,
            self.toetsmoment.pk,
            self.bron,
            now,
            now,
            pg_array(r.leerling_id for r in batch),
            pg_array(r.domein_id for r in batch),
            pg_array((r.waarde.tekst for r in batch), tekst=True),
            pg_array(r.waarde.rang for r in batch),
            now,
            self.reden,
            self.user.pk if self.user else None,
        ]

    def update(self, gewijzigd: Sequence[Resultaat]) -> int:
        """One `UPDATE … FROM (VALUES …)` per batch: Django's bulk_update builds a CASE per
        column that PostgreSQL evaluates per row, which takes seconds for a few thousand
        rows."""
        table = connection.ops.quote_name(Resultaat._meta.db_table)
        written = 0
        with tenant_cursor() as cursor:
            for start in range(0, len(gewijzigd), BATCH_SIZE):
                batch = gewijzigd[start : start + BATCH_SIZE]
                values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
                params = [v for o in batch for v in (o.pk, o.waarde, o.rang, o.bron, o.updated_at)]
                cursor.execute(
                    f"UPDATE {table} AS r SET waarde = v.waarde, rang = v.rang, "  # noqa: S608
                    "bron = v.bron, updated_at = v.updated_at "
                    f"FROM (VALUES {values}) AS v(id, waarde, rang, bron, updated_at) "
                    "WHERE r.id = v.id AND r.school_id = %s",
                    [*params, self.school.pk],
                )
                written += cursor.rowcount
        self.history(gewijzigd, "~")
        return written


def writer_for(opdracht: ImportOpdracht) -> Writer:
    """The writer for this database: the one place that looks at the vendor."""
    cls = PostgresWriter if connection.vendor == "postgresql" else OrmWriter
    return cls.from_opdracht(opdracht)


def schrijven(plan: Plan, writer: Writer) -> Geschreven:
    """Apply the plan: inserts, then updates, then deletes (each skipped when empty)."""
    return Geschreven(
        aangemaakt=writer.create(plan.nieuw) if plan.nieuw else 0,
        bijgewerkt=writer.update(plan.gewijzigd) if plan.gewijzigd else 0,
        verwijderd=writer.delete(plan.gewist) if plan.gewist else 0,
    )
