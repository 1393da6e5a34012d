"""Compare a restored database with its source (scripts/restore_drill.sh runs this).

    python scripts/restore_check.py [--sample N] SOURCE_URL RESTORED_URL

Both URLs log in as the backup role (it reads every school's rows: BYPASSRLS). Compared:

- the row count of every table;
- N random rows of every table with a primary key, field by field (picked in the source,
  looked up by key in the restore);
- the security the portal relies on: which tables have row-level security enabled and
  forced, every policy with its expression, every grant (tables, sequences, schema);
- constraints (the same-school foreign keys among them), indexes, sequence positions and
  extensions.

Prints a short report; exit status 0 when all matches, 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg import sql

#: How many differences the report lists before it only counts them.
SHOWN = 25

CATALOG: dict[str, str] = {
    "RLS aan/geforceerd": """
        SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
        FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    """,
    "policies": """
        SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check
        FROM pg_policies WHERE schemaname = 'public'
    """,
    "rechten": """
        SELECT c.relname, pg_get_userbyid(a.grantee), a.privilege_type
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'schema ' || n.nspname, pg_get_userbyid(a.grantee), a.privilege_type
        FROM pg_namespace n, aclexplode(n.nspacl) a WHERE n.nspname = 'public'
    """,
    "constraints": """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    """,
    "indexen": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "sequences": """
        SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'
    """,
    "extensies": "SELECT extname, extversion FROM pg_extension",
}

TABLES = """
    SELECT c.relname,
           (SELECT array_agg(a.attname ORDER BY k.ord)
              FROM pg_index i
              CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
             WHERE i.indrelid = c.oid AND i.indisprimary)
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    ORDER BY c.relname
"""


class Report:
    def __init__(self) -> None:
        self.differences: list[str] = []
        self.lines: list[str] = []

    def differ(self, text: str) -> None:
        self.differences.append(text)

    def say(self, text: str) -> None:
        self.lines.append(text)

    def print(self, source: str, restored: str) -> int:
        print(f"Hersteloefening: {source} -> {restored}")
        for line in self.lines:
            print(f"  {line}")
        for text in self.differences[:SHOWN]:
            print(f"  VERSCHIL: {text}")
        if len(self.differences) > SHOWN:
            print(f"  ... en nog {len(self.differences) - SHOWN} verschillen")
        if self.differences:
            print(f"RESULTAAT: FOUT ({len(self.differences)} verschillen)")
            return 1
        print("RESULTAAT: OK, de herstelde database is gelijk aan de bron")
        return 0


def _rows(conn: psycopg.Connection[Any], query: str | sql.Composed, params: Any = None) -> list:
    return list(conn.execute(query, params).fetchall())


def _tables(conn: psycopg.Connection[Any]) -> dict[str, list[str] | None]:
    return {name: pk for name, pk in _rows(conn, TABLES)}


def compare_counts(
    source: psycopg.Connection[Any],
    restored: psycopg.Connection[Any],
    tables: Iterable[str],
    report: Report,
) -> int:
    total = 0
    for table in tables:
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
        want = _rows(source, query)[0][0]
        got = _rows(restored, query)[0][0]
        total += want
        if want != got:
            report.differ(f"{table}: {want} rijen in de bron, {got} in de herstelde database")
    return total


def _sample_table(
    source: psycopg.Connection[Any],
    restored: psycopg.Connection[Any],
    table: str,
    key: list[str],
    size: int,
) -> int:
    """Rows of `table` that differ between source and restore, of `size` random ones."""
    name = sql.Identifier(table)
    columns = sql.SQL(", ").join(map(sql.Identifier, key))
    picked = _rows(
        source,
        sql.SQL("SELECT {} FROM {} ORDER BY random() LIMIT %s").format(columns, name),
        [size],
    )
    if not picked:
        return 0
    lookup = sql.SQL("SELECT * FROM {} WHERE ({}) = ({})").format(
        name, columns, sql.SQL(", ").join(sql.Placeholder() * len(key))
    )
    differing = 0
    for values in picked:
        if _rows(source, lookup, values) != _rows(restored, lookup, values):
            differing += 1
    return differing


def compare_samples(
    source: psycopg.Connection[Any],
    restored: psycopg.Connection[Any],
    tables: dict[str, list[str] | None],
    size: int,
    report: Report,
) -> int:
    compared = 0
    for table, key in tables.items():
        if not key:
            report.say(f"{table}: geen primaire sleutel, alleen het aantal vergeleken")
            continue
        differing = _sample_table(source, restored, table, key, size)
        if differing:
            report.differ(f"{table}: {differing} van de steekproefrijen wijken af")
        compared += 1
    return compared


def compare_catalog(
    source: psycopg.Connection[Any], restored: psycopg.Connection[Any], report: Report
) -> dict[str, int]:
    sizes = {}
    for label, query in CATALOG.items():
        want = {tuple(map(str, row)) for row in _rows(source, query)}
        got = {tuple(map(str, row)) for row in _rows(restored, query)}
        for row in sorted(want - got):
            report.differ(f"{label}: ontbreekt in de herstelde database: {' | '.join(row)}")
        for row in sorted(got - want):
            report.differ(f"{label}: alleen in de herstelde database: {' | '.join(row)}")
        sizes[label] = len(want)
    return sizes


def check(source_url: str, restored_url: str, sample: int) -> int:
    report = Report()
    with (
        psycopg.connect(source_url, autocommit=True) as source,
        psycopg.connect(restored_url, autocommit=True) as restored,
    ):
        # One snapshot per side would need a transaction each; the drill checks a quiet
        # source (a copy, or a maintenance window), so plain statements are enough.
        tables = _tables(source)
        restored_tables = _tables(restored)
        for missing in sorted(set(tables) - set(restored_tables)):
            report.differ(f"tabel {missing} ontbreekt in de herstelde database")
        present = {t: k for t, k in tables.items() if t in restored_tables}
        rows = compare_counts(source, restored, present, report)
        report.say(f"{len(tables)} tabellen, {rows} rijen: aantallen per tabel vergeleken")
        sampled = compare_samples(source, restored, present, sample, report)
        report.say(
            f"steekproef: tot {sample} willekeurige rijen van {sampled} tabellen, veld voor veld"
        )
        sizes = compare_catalog(source, restored, report)
        report.say(", ".join(f"{label}: {count}" for label, count in sizes.items()))
        source_name = source.info.dbname
        restored_name = restored.info.dbname
    return report.print(source_name, restored_name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source_url")
    parser.add_argument("restored_url")
    parser.add_argument("--sample", type=int, default=20)
    args = parser.parse_args(argv)
    return check(args.source_url, args.restored_url, args.sample)


if __name__ == "__main__":
    sys.exit(main())
