"""Entering results: one service for the grid, pasted spreadsheet lines, CSV/XLSX uploads and
the REST API (`api.views_resultaten`, pupils by the client's external ids: `extern_bron`).

`resultaten_importeren` validates every row first (pupil known, in this school and class,
not twice in the batch; column a domain code of the instrument; value on the instrument's
scale) and only then writes, in one transaction: all or nothing, unless `alleen_geldige`.
It upserts on the unique key leerling + domein + toetsmoment and leaves unchanged values
alone, so a repeated upload changes nothing (not even `updated_at`).

Cost: a constant number of queries per batch, whatever its size: the pupils in one query,
the existing results in one (locked), then one bulk insert, one bulk update and one delete,
each followed by one bulk insert of history rows. It runs in the caller's transaction, so on
PostgreSQL it works under row-level security as the application role.

The parsers (`tabel_uit_tekst`, `tabel_uit_csv`, `tabel_uit_xlsx`, `rijen_uit_tabel`) turn
what a user pastes or uploads into rows; a file that cannot be read at all raises a
ValidationError with a Dutch message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Field, ForeignObject, Lookup, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Groep, Leerling, LeerlingExternId, Plaatsing, School
from zorgroute.tenancy.sql import tenant_cursor

from . import scales
from .models import Domein, Resultaat, ResultaatBron, Toetsmoment
from .services_meten import GERESERVEERDE_CODES

#: Header names that identify the pupil, by number or by full name.
NUMMER_KOLOMMEN = frozenset({"leerlingnummer", "llnr", "nummer", "leerling-nummer", "lln"})
NAAM_KOLOMMEN = frozenset({"naam", "leerling", "volledige naam", "leerlingnaam"})
#: Columns of an LVS export that are not results: accepted and ignored.
EXTRA_KOLOMMEN = frozenset(c.lower() for c in GERESERVEERDE_CODES) | {
    "geslacht",
    "niveau",
    "afnamedatum",
    "toets",
    "toetsdatum",
    "mentor",
    "e-mail",
    "email",
}
#: An upload larger than this is refused before anything is parsed.
MAX_RIJEN = 5000
MAX_KOLOMMEN = 60
BATCH_SIZE = 1000
#: Results per INSERT … SELECT FROM unnest (one statement for a whole API batch).
INSERT_BATCH = 50_000


@dataclass(frozen=True)
class Rij:
    """One input row: who (a leerlingnummer or a full name as typed, or the pupil's id from
    the grid) and the raw values per column header (domain code or an extra column)."""

    nummer: int  # as the user sees it: the line in the file, the row in the grid
    leerling: str = ""
    waarden: Mapping[str, str] = field(default_factory=dict)
    leerling_id: int | None = None


@dataclass(frozen=True)
class ImportFout:
    rij: int | None  # None: about the header (a column), not one row
    kolom: str
    reden: str
    leerling: str = ""

    def __str__(self) -> str:
        plek = _("Kopregel") if self.rij is None else _("Rij %(n)s") % {"n": self.rij}
        wie = f" ({self.leerling})" if self.leerling else ""
        return f"{plek}{wie}, {self.kolom}: {self.reden}"


@dataclass
class ImportResultaat:
    rijen: int = 0
    aangemaakt: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    verwijderd: int = 0
    overgeslagen_rijen: int = 0
    fouten: list[ImportFout] = field(default_factory=list)
    #: Cells refused because someone else changed them since the grid was opened:
    #: (leerling_id, domein_id) -> the value that is stored now ("" when none).
    conflicten: dict[tuple[int, int], str] = field(default_factory=dict)
    opgeslagen: bool = False

    @property
    def geldig(self) -> bool:
        return not self.fouten

    @property
    def gewijzigd(self) -> int:
        return self.aangemaakt + self.bijgewerkt + self.verwijderd

    def samenvatting(self) -> str:
        if not self.opgeslagen:
            return _("Niets opgeslagen: %(n)s %(fout)s gevonden.") % {
                "n": len(self.fouten),
                "fout": _("fout") if len(self.fouten) == 1 else _("fouten"),
            }
        delen = [
            _("%(n)s nieuw") % {"n": self.aangemaakt},
            _("%(n)s gewijzigd") % {"n": self.bijgewerkt},
            _("%(n)s ongewijzigd") % {"n": self.ongewijzigd},
        ]
        if self.verwijderd:
            delen.append(_("%(n)s gewist") % {"n": self.verwijderd})
        tekst = _("Resultaten opgeslagen: %(delen)s.") % {"delen": ", ".join(delen)}
        if self.overgeslagen_rijen:
            tekst += " " + _("%(n)s rijen met fouten zijn overgeslagen.") % {
                "n": self.overgeslagen_rijen
            }
        return tekst


# --- pupils --------------------------------------------------------------------------------


def naam_sleutel(naam: str) -> str:
    """A name as typed, normalized for matching: lower case, single spaces; "Berg, Piet van
    den" (LVS style) becomes "piet van den berg"."""
    naam = " ".join(naam.split()).lower()
    if "," in naam:
        achter, _sep, voor = naam.partition(",")
        naam = f"{voor.strip()} {achter.strip()}".strip()
    return naam


def _naam_expr() -> Any:
    full = Concat("voornaam", Value(" "), "tussenvoegsel", Value(" "), "achternaam")
    return Lower(Replace(full, Value("  "), Value(" ")))


@dataclass(frozen=True, slots=True)
class _Leerling:
    """What validation needs of a pupil, read as plain values (10,000 model instances
    would cost more than the whole write)."""

    pk: int
    voornaam: str
    tussenvoegsel: str
    achternaam: str
    leerlingnummer: str
    in_groep: bool = False

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornaam, self.tussenvoegsel, self.achternaam) if p)


_LEERLING_WAARDEN = ("pk", "voornaam", "tussenvoegsel", "achternaam", "leerlingnummer")
#: Above this many values an `IN (…)` list becomes one array parameter on PostgreSQL.
ARRAY_VANAF = 100


def _pg_array(values: Iterable[Any], *, tekst: bool = False) -> str:
    """A PostgreSQL array literal. Built with str.join: psycopg's list dumper adapts each
    element in Python, which took half the time of a 40,000-result insert."""
    if tekst:
        return (
            "{"
            + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
            + "}"
        )
    return "{" + ",".join(str(v) for v in values) + "}"


@Field.register_lookup
class _InArray(Lookup):
    """`field = ANY('{…}'::type[])`: one array parameter. Unlike `IN (SELECT unnest(…))`
    it cannot be planned as a nested loop over the list (a fresh table has no statistics),
    and unlike `IN (%s, …)` the driver does not split and bind 10,000 placeholders."""

    lookup_name = "in_array"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [value]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        db_type = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{db_type}[])", [*lhs_params, self.rhs]


ForeignObject.register_lookup(_InArray)  # foreign keys keep their own lookup registry


def _q_in(veld: str, values: Sequence[Any], *, tekst: bool = False) -> Q:
    """`veld__in=values`; on PostgreSQL with many values one array parameter instead."""
    if connection.vendor != "postgresql" or len(values) < ARRAY_VANAF:
        return Q(**{f"{veld}__in": list(values)})
    return Q(**{f"{veld}__in_array": _pg_array(values, tekst=tekst)})


def _clamp(day: dt.date, groep: Groep) -> dt.date:
    jaar = groep.schooljaar
    return min(max(day, jaar.startdatum), jaar.einddatum)


def klas_plaatsingen(groep: Groep, toetsmoment: Toetsmoment) -> QuerySet[Plaatsing]:
    """Who counts as a pupil of the class for a toetsmoment: placed in the groep on the day
    of the test or today (both within the groep's schooljaar). So a pupil who left after
    the test keeps their result, and one who joined later can still get theirs entered."""
    q = Q()
    for day in {_clamp(toetsmoment.datum, groep), _clamp(timezone.localdate(), groep)}:
        q |= Q(startdatum__lte=day) & (Q(einddatum__isnull=True) | Q(einddatum__gte=day))
    return Plaatsing.objects.filter(q, groep=groep)


def groep_leerlingen(groep: Groep, toetsmoment: Toetsmoment) -> QuerySet[Leerling]:
    """The pupils of the class for this toetsmoment, in name order."""
    placed = klas_plaatsingen(groep, toetsmoment).values("leerling_id")
    return Leerling.objects.filter(pk__in=placed).order_by("achternaam", "voornaam", "pk")


RANG_STAP = Decimal("0.001")
RANG_MAX = Decimal("999999")


def _waarde(schaal: str, tekst: str) -> scales.Waarde:
    """scales.parse, plus the limits of the columns the value is stored in."""
    waarde = scales.parse(schaal, tekst)
    if len(waarde.tekst) > Resultaat._meta.get_field("waarde").max_length or (  # type: ignore[operator]
        abs(waarde.rang) > RANG_MAX
    ):
        raise ValidationError(_("'%(w)s' is te groot voor deze schaal.") % {"w": tekst})
    return scales.Waarde(waarde.tekst, waarde.rang.quantize(RANG_STAP))


def _bulk_update(objs: list[Resultaat], school_id: int) -> None:
    """Write changed values. On PostgreSQL one `UPDATE … FROM (VALUES …)` per batch:
    Django's bulk_update builds a CASE per column that PostgreSQL evaluates per row, which
    takes seconds for a few thousand rows. Row-level security applies as to any UPDATE."""
    if connection.vendor != "postgresql":
        Resultaat.objects.bulk_update(
            objs, ["waarde", "rang", "bron", "updated_at"], batch_size=BATCH_SIZE
        )
        return
    table = connection.ops.quote_name(Resultaat._meta.db_table)
    with tenant_cursor() as cursor:
        for start in range(0, len(objs), BATCH_SIZE):
            batch = objs[start : start + BATCH_SIZE]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            params: list[Any] = []
            for obj in batch:
                params += [obj.pk, obj.waarde, obj.rang, obj.bron, obj.updated_at]
            cursor.execute(
                f"UPDATE {table} AS r SET waarde = v.waarde, rang = v.rang, "  # noqa: S608
                "bron = v.bron, updated_at = v.updated_at "
                f"FROM (VALUES {values}) AS v(id, waarde, rang, bron, updated_at) "
                "WHERE r.id = v.id AND r.school_id = %s",
                [*params, school_id],
            )


def _bulk_insert(
    rows: list[tuple[int, int, scales.Waarde]],
    *,
    school: School,
    toetsmoment: Toetsmoment,
    bron: str,
    user: Gebruiker | None,
    reden: str,
) -> None:
    """Write new results (leerling_id, domein_id, waarde) and their history rows.

    On PostgreSQL one statement per INSERT_BATCH results: an `INSERT … SELECT FROM unnest(…)` whose
    RETURNING rows feed the history INSERT (a CTE). Two ORM bulk_creates would build and
    prepare two model instances per result in Python, which took most of the time of a
    10,000-row API batch. Row-level security applies to both INSERTs as to any other."""
    if connection.vendor != "postgresql":
        objs = [
            Resultaat(
                school=school,
                leerling_id=leerling_id,
                domein_id=domein_id,
                toetsmoment=toetsmoment,
                waarde=waarde.tekst,
                rang=waarde.rang,
                bron=bron,
            )
            for leerling_id, domein_id, waarde in rows
        ]
        Resultaat.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        _history(objs, "+", user, reden)
        return
    q = connection.ops.quote_name
    table, history = q(Resultaat._meta.db_table), q(Resultaat.history.model._meta.db_table)
    cols = "school_id, toetsmoment_id, bron, leerling_id, domein_id, waarde, rang"
    now = timezone.now()
    with tenant_cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            cursor.execute(
                f"WITH nieuw AS (INSERT INTO {table} ({cols}, created_at, updated_at) "  # noqa: S608
                "SELECT %s, %s, %s, l, d, w, r, %s, %s "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::numeric[]) "
                f"AS v(l, d, w, r) RETURNING id, created_at, updated_at, {cols}) "
                f"INSERT INTO {history} (id, created_at, updated_at, {cols}, history_date, "
                "history_change_reason, history_type, history_user_id) "
                f"SELECT id, created_at, updated_at, {cols}, %s, %s, '+', %s FROM nieuw",
                [
                    school.pk,
                    toetsmoment.pk,
                    bron,
                    now,
                    now,
                    _pg_array(r[0] for r in batch),
                    _pg_array(r[1] for r in batch),
                    _pg_array((r[2].tekst for r in batch), tekst=True),
                    _pg_array(r[2].rang for r in batch),
                    now,
                    reden,
                    user.pk if user else None,
                ],
            )


class _Opgeslagen(NamedTuple):
    """A stored result as read for comparison (a model instance only when it changes)."""

    pk: int
    leerling_id: int
    domein_id: int
    waarde: str
    rang: Decimal
    bron: str
    created_at: dt.datetime
    updated_at: dt.datetime

    def als_resultaat(self, school: School, toetsmoment: Toetsmoment) -> Resultaat:
        return Resultaat(school=school, toetsmoment=toetsmoment, **self._asdict())


# --- the service ---------------------------------------------------------------------------


def _history(
    objs: Sequence[Resultaat], history_type: str, user: Gebruiker | None, reden: str
) -> None:
    """History rows for a bulk write (bulk operations bypass simple-history's signals)."""
    if not objs:
        return
    historical = Resultaat.history.model
    now = timezone.now()
    rows = [
        historical(
            history_date=now,
            history_user=user,
            history_change_reason=reden,
            history_type=history_type,
            **{f.attname: getattr(obj, f.attname) for f in historical.tracked_fields},
        )
        for obj in objs
    ]
    historical._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)


@transaction.atomic
def resultaten_importeren(
    *,
    school: School,
    toetsmoment: Toetsmoment,
    rijen: Iterable[Rij],
    bron: str,
    user: Gebruiker | None,
    alleen_geldige: bool = False,
    groep: Groep | None = None,
    lege_cel_wist: bool = False,
    verwacht: Mapping[tuple[int, int], str] | None = None,
    extern_bron: str | None = None,
) -> ImportResultaat:
    """Validate and upsert results of one toetsmoment.

    - `groep`: when given, every pupil must be in that class (the caller checked that the
      user may enter results for it); otherwise any pupil of the school.
    - `alleen_geldige`: import the valid rows and skip the rest (for the API); by default
      one error saves nothing.
    - `lege_cel_wist`: an empty cell removes a stored result (the grid); by default an empty
      cell means "not in this file" and leaves the stored result alone.
    - `verwacht`: the value each cell had when the user opened the grid, per (leerling_id,
      domein_id); a cell changed by someone else since then is refused as a conflict
      instead of being overwritten.
    - `extern_bron`: `Rij.leerling` is the pupil's id in that outside system
      (`LeerlingExternId`), not a leerlingnummer or name (the API).
    """
    if toetsmoment.school_id != school.pk or (groep is not None and groep.school_id != school.pk):
        raise ValueError("toetsmoment and groep must belong to the school")
    if bron not in ResultaatBron.values:
        raise ValueError(f"unknown bron {bron!r}")
    rijen = [
        r
        for r in rijen
        if r.leerling.strip() or r.leerling_id or any((v or "").strip() for v in r.waarden.values())
    ]
    result = ImportResultaat(rijen=len(rijen))
    fouten = result.fouten
    schaal = toetsmoment.instrument.schaal
    domeinen = {
        d.code.upper(): d for d in Domein.objects.filter(instrument_id=toetsmoment.instrument_id)
    }
    codes = ", ".join(sorted(domeinen, key=lambda c: (domeinen[c].volgorde, c)))

    # Columns: domain codes, ignored extra columns, or unknown (reported once).
    kolommen: dict[str, Domein | None] = {}
    for rij in rijen:
        for kolom in rij.waarden:
            if kolom in kolommen:
                continue
            sleutel = kolom.strip().upper()
            if sleutel in domeinen:
                kolommen[kolom] = domeinen[sleutel]
            else:
                kolommen[kolom] = None
                if sleutel and sleutel.lower() not in EXTRA_KOLOMMEN:
                    fouten.append(
                        ImportFout(
                            None,
                            kolom,
                            _(
                                "onbekende kolom: geen domeincode van %(instrument)s (%(codes)s). "
                                "Hernoem of verwijder de kolom."
                            )
                            % {"instrument": toetsmoment.instrument.naam, "codes": codes},
                        )
                    )

    # Pupils: one query by leerlingnummer and id; a second one by name only for what the
    # first did not find (a file keyed by name, or a typo), so both stay index-friendly.
    # Read as values, not model instances (see _Leerling).
    def in_groep(leerling: str) -> Any:
        if groep is None:
            return Value(False)
        return Exists(klas_plaatsingen(groep, toetsmoment).filter(leerling_id=OuterRef(leerling)))

    def pupils(q: Q, *, met_naam: bool = False) -> list[tuple[_Leerling, str]]:
        qs = Leerling.objects.filter(school=school).annotate(
            naam_sleutel=_naam_expr() if met_naam else Value(""), in_groep=in_groep("pk")
        )
        return [
            (_Leerling(*row[:-1]), row[-1])
            for row in qs.filter(q).values_list(*_LEERLING_WAARDEN, "in_groep", "naam_sleutel")
        ]

    invoer_teksten = {r.leerling.strip() for r in rijen if r.leerling.strip() and not r.leerling_id}
    ids = {r.leerling_id for r in rijen if r.leerling_id}
    gevonden: list[_Leerling] = []
    extern_ids: dict[str, int] = {}
    if extern_bron is not None:
        # The external ids first, then their pupils by pk: two one-table queries. (A join
        # was planned as a nested loop over all pupils when the tables' statistics were
        # stale, as right after a first import: seconds instead of milliseconds.)
        if invoer_teksten:
            extern_ids = dict(
                LeerlingExternId.objects.filter(
                    _q_in("extern_id", sorted(invoer_teksten), tekst=True),
                    school=school,
                    bron=extern_bron,
                ).values_list("extern_id", "leerling_id")
            )
        ids |= set(extern_ids.values())
        invoer_teksten = set()
    if invoer_teksten or ids:
        gevonden += [
            ll
            for ll, _sleutel in pupils(
                _q_in("leerlingnummer", sorted(invoer_teksten), tekst=True)
                | _q_in("pk", sorted(ids))
            )
        ]
    by_nummer = {ll.leerlingnummer: ll for ll in gevonden if ll.leerlingnummer}
    by_id = {ll.pk: ll for ll in gevonden}
    by_naam: dict[str, list[_Leerling]] = defaultdict(list)
    namen = {naam_sleutel(t) for t in invoer_teksten if t not in by_nummer}
    if namen:
        for ll, sleutel in pupils(Q(naam_sleutel__in=namen), met_naam=True):
            by_naam[sleutel].append(ll)
            by_id.setdefault(ll.pk, ll)

    def vind(rij: Rij) -> _Leerling | str:
        if rij.leerling_id:
            return by_id.get(rij.leerling_id) or _("onbekende leerling.")
        invoer = rij.leerling.strip()
        if extern_bron is not None:
            found = by_id.get(extern_ids.get(invoer, 0))
            return found or _(
                "'%(w)s' is geen extern id (bron %(bron)s) van een leerling van deze school; "
                "lever de leerling eerst aan."
            ) % {"w": invoer, "bron": extern_bron}
        if not invoer:
            return _("geen leerlingnummer of naam ingevuld.")
        if invoer in by_nummer:
            return by_nummer[invoer]
        kandidaten = by_naam.get(naam_sleutel(invoer), [])
        if groep is not None and len(kandidaten) > 1:
            kandidaten = [k for k in kandidaten if k.in_groep] or kandidaten
        if len(kandidaten) == 1:
            return kandidaten[0]
        if kandidaten:
            return _("meer leerlingen heten '%(naam)s'; gebruik het leerlingnummer.") % {
                "naam": invoer
            }
        return _("'%(w)s' is geen leerlingnummer of naam van een leerling van deze school.") % {
            "w": invoer
        }

    # Validate every row; remember the parsed cells of the valid ones.
    cellen: dict[int, tuple[Rij, _Leerling, dict[Domein, scales.Waarde | None]]] = {}
    rijen_per_leerling: dict[int, list[int]] = defaultdict(list)
    slechte_rijen: set[int] = set()
    geparst: dict[str, scales.Waarde | str] = {}
    kolom_nummer, kolom_id = _("leerlingnummer"), _("leerling")
    for index, rij in enumerate(rijen):
        leerling = vind(rij)
        kolom_leerling = kolom_id if rij.leerling_id or extern_bron is not None else kolom_nummer
        if isinstance(leerling, str):
            fouten.append(ImportFout(rij.nummer, kolom_leerling, leerling, rij.leerling))
            slechte_rijen.add(index)
            continue
        label = leerling.volledige_naam
        if groep is not None and not leerling.in_groep:
            fouten.append(
                ImportFout(
                    rij.nummer,
                    kolom_leerling,
                    _("%(naam)s staat niet in groep %(groep)s.")
                    % {"naam": label, "groep": groep.naam},
                    label,
                )
            )
            slechte_rijen.add(index)
            continue
        rijen_per_leerling[leerling.pk].append(index)
        parsed: dict[Domein, scales.Waarde | None] = {}
        for kolom, raw in rij.waarden.items():
            domein = kolommen.get(kolom)
            if domein is None:
                continue
            tekst = (raw or "").strip()
            if not tekst:
                if lege_cel_wist:
                    parsed[domein] = None
                continue
            if tekst not in geparst:  # a batch has few distinct values: parse each once
                try:
                    geparst[tekst] = _waarde(schaal, tekst)
                except ValidationError as exc:
                    geparst[tekst] = " ".join(exc.messages)
            uitkomst = geparst[tekst]
            if isinstance(uitkomst, str):
                fouten.append(ImportFout(rij.nummer, domein.code, uitkomst, label))
                slechte_rijen.add(index)
            else:
                parsed[domein] = uitkomst
        cellen[index] = (rij, leerling, parsed)
    for indexes in rijen_per_leerling.values():
        if len(indexes) > 1:
            nummers_txt = ", ".join(str(rijen[i].nummer) for i in indexes)
            for i in indexes:
                label = cellen[i][1].volledige_naam
                fouten.append(
                    ImportFout(
                        rijen[i].nummer,
                        _("leerlingnummer"),
                        _("deze leerling staat meer dan eens in de invoer (rijen %(rijen)s).")
                        % {"rijen": nummers_txt},
                        label,
                    )
                )
                slechte_rijen.add(i)
    fouten.sort(key=lambda f: (f.rij or 0, f.kolom))
    result.overgeslagen_rijen = len(slechte_rijen)
    if fouten and not alleen_geldige:
        return result

    # Write: compare with what is stored (one query, rows locked against a parallel save).
    wanted: dict[tuple[int, int], tuple[Rij, scales.Waarde | None]] = {}
    for index, (rij, leerling, parsed) in cellen.items():
        if index in slechte_rijen:
            continue
        for domein, waarde in parsed.items():
            wanted[(leerling.pk, domein.pk)] = (rij, waarde)
    existing: dict[tuple[int, int], _Opgeslagen] = {}
    if wanted:
        leerling_ids = {k[0] for k in wanted}
        domein_ids = {k[1] for k in wanted}
        bestaand = Resultaat.objects.select_for_update().filter(
            school=school, toetsmoment=toetsmoment, domein_id__in=domein_ids
        )
        if len(leerling_ids) <= BATCH_SIZE:
            bestaand = bestaand.filter(_q_in("leerling_id", sorted(leerling_ids)))
        # A large batch (an LVS export) covers most of the toetsmoment: reading all of its
        # results is cheaper than an IN list of thousands of ids; the extra rows are skipped.
        # Read as values; only changed and removed results become model instances.
        existing = {
            (r.leerling_id, r.domein_id): r
            for r in map(
                _Opgeslagen._make, bestaand.order_by("pk").values_list(*_Opgeslagen._fields)
            )
            if r.leerling_id in leerling_ids
        }
    if verwacht is not None:
        for key in wanted:
            stored = existing[key].waarde if key in existing else ""
            if key in verwacht and verwacht[key] != stored:
                result.conflicten[key] = stored
        if result.conflicten:
            domein_by_id = {d.pk: d for d in domeinen.values()}
            for (leerling_id, domein_id), stored in result.conflicten.items():
                rij = wanted[(leerling_id, domein_id)][0]
                fouten.append(
                    ImportFout(
                        rij.nummer,
                        domein_by_id[domein_id].code,
                        _(
                            "intussen door iemand anders gewijzigd; opgeslagen is nu '%(nu)s'. "
                            "Jouw waarde is niet opgeslagen: sla opnieuw op om die te bewaren."
                        )
                        % {"nu": stored or _("leeg")},
                        by_id[leerling_id].volledige_naam if leerling_id in by_id else "",
                    )
                )
            if not alleen_geldige:
                return result
            for key in result.conflicten:
                del wanted[key]

    now = timezone.now()
    create: list[tuple[int, int, scales.Waarde]] = []  # (leerling_id, domein_id, waarde)
    update: list[Resultaat] = []
    delete: list[Resultaat] = []
    for (leerling_id, domein_id), (_rij, waarde) in wanted.items():
        current = existing.get((leerling_id, domein_id))
        if waarde is None:
            if current is not None:
                delete.append(current.als_resultaat(school, toetsmoment))
            continue
        if current is None:
            create.append((leerling_id, domein_id, waarde))
        elif current.waarde == waarde.tekst and Decimal(current.rang) == waarde.rang:
            result.ongewijzigd += 1
        else:
            changed = current.als_resultaat(school, toetsmoment)
            changed.waarde, changed.rang, changed.bron = waarde.tekst, waarde.rang, bron
            changed.updated_at = now
            update.append(changed)

    reden = _("Ingevoerd via %(bron)s") % {"bron": ResultaatBron(bron).label}
    if create:
        _bulk_insert(
            create, school=school, toetsmoment=toetsmoment, bron=bron, user=user, reden=reden
        )
    if update:
        _bulk_update(update, school.pk)
        _history(update, "~", user, reden)
    if delete:
        Resultaat.objects.filter(pk__in=[r.pk for r in delete]).delete()
        _history(delete, "-", user, reden)
    result.aangemaakt, result.bijgewerkt, result.verwijderd = len(create), len(update), len(delete)
    result.opgeslagen = True
    return result


# --- parsing what users paste or upload ----------------------------------------------------


def _cel(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def tabel_uit_tekst(tekst: str) -> list[list[str]]:
    """Lines pasted from a spreadsheet: tab-separated (Excel, Google Sheets) or separated by
    semicolons (a Dutch CSV) or commas."""
    lines = tekst.splitlines()
    header = next((line for line in lines if line.strip()), "")
    if "\t" in header:
        delimiter = "\t"
    elif ";" in header:
        delimiter = ";"
    else:
        delimiter = ","
    return _limit(list(csv.reader(lines, delimiter=delimiter)))


def tabel_uit_csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            tekst = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ValidationError(_("Het bestand is geen leesbaar CSV-bestand."))
    if "\x00" in tekst:
        raise ValidationError(_("Het bestand is geen leesbaar CSV-bestand."))
    return tabel_uit_tekst(tekst)


def tabel_uit_xlsx(data: bytes) -> list[list[str]]:
    """The first worksheet of an Excel workbook (values, not formulas)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError(_("Het bestand is geen leesbaar Excel-bestand (.xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_KOLOMMEN):
            rows.append([_cel(v) for v in row])
            if len(rows) > MAX_RIJEN + 1:
                break
    finally:
        workbook.close()
    return _limit(rows)


def _limit(rows: list[list[str]]) -> list[list[str]]:
    if len(rows) > MAX_RIJEN + 1:
        raise ValidationError(
            _("Dit zijn meer dan %(max)s regels; splits het bestand.") % {"max": MAX_RIJEN}
        )
    return rows


def _kop(naam: str) -> str:
    return re.sub(r"\s+", " ", naam.strip().lower())


def rijen_uit_tabel(tabel: list[list[str]]) -> list[Rij]:
    """Rows from a table whose first non-empty line is the header: a column leerlingnummer
    (or the pupil's full name), then one column per domain code; other columns are passed
    on by header so the service can ignore known extras and report unknown ones."""
    header_index = next((i for i, row in enumerate(tabel) if any(c.strip() for c in row)), None)
    if header_index is None:
        raise ValidationError(_("Er staat niets in: plak of kies een bestand met een kopregel."))
    header = [c.strip() for c in tabel[header_index]]
    koppen = [_kop(c) for c in header]
    dubbel = sorted({k for k in koppen if k and koppen.count(k) > 1})
    if dubbel:
        raise ValidationError(
            _("De kopregel noemt een kolom meer dan eens: %(kolommen)s.")
            % {"kolommen": ", ".join(dubbel)}
        )
    sleutel = next((i for i, k in enumerate(koppen) if k in NUMMER_KOLOMMEN), None)
    if sleutel is None:
        sleutel = next((i for i, k in enumerate(koppen) if k in NAAM_KOLOMMEN), None)
    if sleutel is None:
        raise ValidationError(
            _(
                "De eerste regel moet de kolommen noemen: leerlingnummer (of naam) en daarna de "
                "domeincodes, bijvoorbeeld: leerlingnummer;TL;BL;SP;RK. Gevonden: %(kop)s"
            )
            % {"kop": "; ".join(header) or _("een lege regel")}
        )
    rijen = []
    for offset, row in enumerate(tabel[header_index + 1 :], start=header_index + 2):
        if not any(c.strip() for c in row):
            continue
        waarden = {
            header[i]: (row[i] if i < len(row) else "")
            for i in range(len(header))
            if i != sleutel and header[i]
        }
        leerling = row[sleutel].strip() if sleutel < len(row) else ""
        rijen.append(Rij(nummer=offset, leerling=leerling, waarden=waarden))
    return rijen
