"""The types between the stages of the results import.

parse -> `Rij` (one input row) · validate -> `Controle` (the valid rows as `GecontroleerdeRij`,
the errors as `ImportFout`) · plan -> `Plan` (what to insert, update, delete or leave) ·
write -> `Geschreven` (the rows written) · the service's answer: `ImportResultaat`.
`ImportOpdracht` is what the caller asked for, read by every stage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Groep, School

from .. import scales
from ..models import Domein, Resultaat, ResultaatBron, Toetsmoment

#: A result's key in a batch: (leerling_id, domein_id).
Cel = tuple[int, int]


#: What an error message repeats of the input at most (the rest is cut off).
KORT = 40


def kort(tekst: str, lengte: int = KORT) -> str:
    """The start of `tekst` for an error message: an error never repeats long input."""
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


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

    def __post_init__(self) -> None:
        # The column and pupil are what the user typed: only their start is repeated.
        object.__setattr__(self, "kolom", kort(self.kolom))
        object.__setattr__(self, "leerling", kort(self.leerling))

    def __str__(self) -> str:
        plek = _("Kopregel") if self.rij is None else _("Rij %(n)s") % {"n": self.rij}
        wie = f" ({self.leerling})" if self.leerling else ""
        return f"{plek}{wie}, {self.kolom}: {self.reden}"


@dataclass(frozen=True)
class ImportOpdracht:
    """What the caller asked for (see `resultaten_importeren` for each option)."""

    school: School
    toetsmoment: Toetsmoment
    bron: str
    user: Gebruiker | None
    alleen_geldige: bool = False
    groep: Groep | None = None
    lege_cel_wist: bool = False
    verwacht: Mapping[Cel, str] | None = None
    extern_bron: str | None = None

    def __post_init__(self) -> None:
        school_id = self.school.pk
        if self.toetsmoment.school_id != school_id or (
            self.groep is not None and self.groep.school_id != school_id
        ):
            raise ValueError("toetsmoment and groep must belong to the school")
        if self.bron not in ResultaatBron.values:
            raise ValueError(f"unknown bron {self.bron!r}")

    @property
    def reden(self) -> str:
        """The change reason on every history row of this import."""
        return _("Ingevoerd via %(bron)s") % {"bron": ResultaatBron(self.bron).label}


@dataclass(frozen=True, slots=True)
class LeerlingGegevens:
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


@dataclass(frozen=True)
class GecontroleerdeRij:
    """A valid row: its pupil and its values per domein_id (None: clear the stored one)."""

    rij: Rij
    leerling: LeerlingGegevens
    cellen: Mapping[int, scales.Waarde | None]


@dataclass
class Controle:
    """The outcome of validation: the valid rows, every error (sorted by row, then column)
    and how many rows had one."""

    geldig: list[GecontroleerdeRij]
    fouten: list[ImportFout]
    overgeslagen: int
    domeinen: Mapping[int, Domein]  # the instrument's domains by pk


class Nieuw(NamedTuple):
    """A result to insert."""

    leerling_id: int
    domein_id: int
    waarde: scales.Waarde


class Opgeslagen(NamedTuple):
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


@dataclass
class Plan:
    """What the write stage does: insert `nieuw`, update `gewijzigd` (their new values set),
    delete `gewist`; `ongewijzigd` results stay as they are. `conflicten` are the cells a
    colleague changed since the grid was opened (stored value now), with their errors."""

    nieuw: list[Nieuw] = field(default_factory=list)
    gewijzigd: list[Resultaat] = field(default_factory=list)
    gewist: list[Resultaat] = field(default_factory=list)
    ongewijzigd: int = 0
    conflicten: dict[Cel, str] = field(default_factory=dict)
    fouten: list[ImportFout] = field(default_factory=list)


class Geschreven(NamedTuple):
    """Rows the write stage inserted, updated and deleted (as the database counted them)."""

    aangemaakt: int = 0
    bijgewerkt: int = 0
    verwijderd: int = 0


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
    conflicten: dict[Cel, str] = field(default_factory=dict)
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
