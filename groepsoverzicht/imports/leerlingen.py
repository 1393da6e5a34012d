"""Who a row is about: the pupils of a class for a toetsmoment, and `Leerlingzoeker`, which
finds every row's pupil with at most three queries (external ids; leerlingnummers and ids;
names)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgroute.models import Groep, Leerling, LeerlingExternId, Plaatsing

from ..models import Toetsmoment
from .arrays import q_in
from .records import ImportOpdracht, LeerlingGegevens, Rij, kort

_LEERLING_WAARDEN = ("pk", "voornaam", "tussenvoegsel", "achternaam", "leerlingnummer")


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


@dataclass
class Leerlingzoeker:
    """Every row's pupil, read in one go (`laden`) and then looked up per row (`vind`).

    One query by leerlingnummer and id; a second one by name only for what the first did
    not find (a file keyed by name, or a typo), so both stay index-friendly. With
    `extern_bron` the external ids first, then their pupils by pk: two one-table queries.
    (A join was planned as a nested loop over all pupils when the tables' statistics were
    stale, as right after a first import: seconds instead of milliseconds.)"""

    opdracht: ImportOpdracht
    extern_ids: dict[str, int] = field(default_factory=dict)
    by_id: dict[int, LeerlingGegevens] = field(default_factory=dict)
    by_nummer: dict[str, LeerlingGegevens] = field(default_factory=dict)
    by_naam: defaultdict[str, list[LeerlingGegevens]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @classmethod
    def laden(cls, rijen: Sequence[Rij], opdracht: ImportOpdracht) -> Leerlingzoeker:
        zoeker = cls(opdracht)
        teksten = {r.leerling.strip() for r in rijen if r.leerling.strip() and not r.leerling_id}
        ids = {r.leerling_id for r in rijen if r.leerling_id}
        if opdracht.extern_bron is not None:
            zoeker.extern_ids = zoeker._extern_ids(teksten, opdracht.extern_bron)
            ids |= set(zoeker.extern_ids.values())
            teksten = set()
        if teksten or ids:
            q = q_in("leerlingnummer", sorted(teksten), tekst=True) | q_in("pk", sorted(ids))
            for leerling, _sleutel in zoeker._pupils(q):
                zoeker.by_id[leerling.pk] = leerling
                if leerling.leerlingnummer:
                    zoeker.by_nummer[leerling.leerlingnummer] = leerling
        namen = {naam_sleutel(t) for t in teksten if t not in zoeker.by_nummer}
        if namen:
            for leerling, sleutel in zoeker._pupils(Q(naam_sleutel__in=namen), met_naam=True):
                zoeker.by_naam[sleutel].append(leerling)
                zoeker.by_id.setdefault(leerling.pk, leerling)
        return zoeker

    def _extern_ids(self, teksten: set[str], extern_bron: str) -> dict[str, int]:
        if not teksten:
            return {}
        return dict(
            LeerlingExternId.objects.filter(
                q_in("extern_id", sorted(teksten), tekst=True),
                school=self.opdracht.school,
                bron=extern_bron,
            ).values_list("extern_id", "leerling_id")
        )

    def _in_groep(self) -> Any:
        groep = self.opdracht.groep
        if groep is None:
            return Value(False)
        plaatsingen = klas_plaatsingen(groep, self.opdracht.toetsmoment)
        return Exists(plaatsingen.filter(leerling_id=OuterRef("pk")))

    def _pupils(self, q: Q, *, met_naam: bool = False) -> list[tuple[LeerlingGegevens, str]]:
        """Pupils of the school as plain values, each with its name key ("" unless asked)."""
        qs = Leerling.objects.filter(school=self.opdracht.school).annotate(
            naam_sleutel=_naam_expr() if met_naam else Value(""), in_groep=self._in_groep()
        )
        rows = qs.filter(q).values_list(*_LEERLING_WAARDEN, "in_groep", "naam_sleutel")
        return [(LeerlingGegevens(*row[:-1]), row[-1]) for row in rows]

    def vind(self, rij: Rij) -> LeerlingGegevens | str:
        """The row's pupil, or the Dutch reason why there is none."""
        if rij.leerling_id:
            return self.by_id.get(rij.leerling_id) or _("onbekende leerling.")
        invoer = rij.leerling.strip()
        if self.opdracht.extern_bron is not None:
            return self._op_extern_id(invoer, self.opdracht.extern_bron)
        if not invoer:
            return _("geen leerlingnummer of naam ingevuld.")
        if invoer in self.by_nummer:
            return self.by_nummer[invoer]
        return self._op_naam(invoer)

    def _op_extern_id(self, invoer: str, extern_bron: str) -> LeerlingGegevens | str:
        found = self.by_id.get(self.extern_ids.get(invoer, 0))
        return found or _(
            "'%(w)s' is geen extern id (bron %(bron)s) van een leerling van deze school; "
            "lever de leerling eerst aan."
        ) % {"w": kort(invoer), "bron": extern_bron}

    def _op_naam(self, invoer: str) -> LeerlingGegevens | str:
        kandidaten = self.by_naam.get(naam_sleutel(invoer), [])
        if self.opdracht.groep is not None and len(kandidaten) > 1:
            kandidaten = [k for k in kandidaten if k.in_groep] or kandidaten
        if len(kandidaten) == 1:
            return kandidaten[0]
        if kandidaten:
            return _("meer leerlingen heten '%(naam)s'; gebruik het leerlingnummer.") % {
                "naam": kort(invoer)
            }
        return _("'%(w)s' is geen leerlingnummer of naam van een leerling van deze school.") % {
            "w": kort(invoer)
        }
