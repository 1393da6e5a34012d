"""Validate: rows -> `Controle`, against the school's pupils and the instrument's domains
and scale. Every row is checked (pupil known, in this school and class, not twice in the
batch; column a domain code of the instrument; value on the instrument's scale) and every
error collected, with a Dutch reason; the service then saves all or nothing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import scales
from ..meten.services import GERESERVEERDE_CODES
from ..models import Domein, Meetinstrument, Resultaat
from .leerlingen import Leerlingzoeker
from .records import (
    KORT,
    Controle,
    GecontroleerdeRij,
    ImportFout,
    ImportOpdracht,
    LeerlingGegevens,
    Rij,
)

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
RANG_STAP = Decimal("0.001")
RANG_MAX = Decimal("999999")


def waarde_lezen(schaal: str, tekst: str) -> scales.Waarde:
    """scales.parse, plus the limits of the columns the value is stored in."""
    waarde = scales.parse(schaal, tekst)
    if len(waarde.tekst) > Resultaat._meta.get_field("waarde").max_length or (  # type: ignore[operator]
        abs(waarde.rang) > RANG_MAX
    ):
        raise ValidationError(_("'%(w)s' is te groot voor deze schaal.") % {"w": tekst})
    return scales.Waarde(waarde.tekst, waarde.rang.quantize(RANG_STAP))


def kolommen_lezen(
    rijen: Sequence[Rij], domeinen: Mapping[str, Domein], instrument: Meetinstrument
) -> tuple[dict[str, Domein | None], list[ImportFout]]:
    """Each column header: its domain, or None for an extra column (ignored) or an unknown
    one (reported once, on the header). `domeinen` is keyed by upper-case code."""
    codes = ", ".join(sorted(domeinen, key=lambda c: (domeinen[c].volgorde, c)))
    kolommen: dict[str, Domein | None] = {}
    fouten: list[ImportFout] = []
    for kolom in dict.fromkeys(kolom for rij in rijen for kolom in rij.waarden):
        sleutel = kolom.strip().upper()
        kolommen[kolom] = domeinen.get(sleutel)
        if sleutel in domeinen or not sleutel or sleutel.lower() in EXTRA_KOLOMMEN:
            continue
        fouten.append(
            ImportFout(
                None,
                kolom,
                _(
                    "onbekende kolom: geen domeincode van %(instrument)s (%(codes)s). "
                    "Hernoem of verwijder de kolom."
                )
                % {"instrument": instrument.naam, "codes": codes},
            )
        )
    return kolommen, fouten


@dataclass
class _Rijcontrole:
    """Checks one row at a time; errors go to `fouten`, parsed values are cached (a batch
    has few distinct values: each is parsed once)."""

    opdracht: ImportOpdracht
    kolommen: Mapping[str, Domein | None]
    zoeker: Leerlingzoeker
    fouten: list[ImportFout]
    schaal: str
    geparst: dict[str, scales.Waarde | str] = field(default_factory=dict)
    kolom_id: str = field(default_factory=lambda: _("leerling"))
    kolom_nummer: str = field(default_factory=lambda: _("leerlingnummer"))

    def leerling(self, rij: Rij) -> LeerlingGegevens | None:
        gevonden = self.zoeker.vind(rij)
        by_id = rij.leerling_id or self.opdracht.extern_bron is not None
        kolom = self.kolom_id if by_id else self.kolom_nummer
        if isinstance(gevonden, str):
            self.fouten.append(ImportFout(rij.nummer, kolom, gevonden, rij.leerling))
            return None
        groep = self.opdracht.groep
        if groep is not None and not gevonden.in_groep:
            naam = gevonden.volledige_naam
            reden = _("%(naam)s staat niet in groep %(groep)s.") % {
                "naam": naam,
                "groep": groep.naam,
            }
            self.fouten.append(ImportFout(rij.nummer, kolom, reden, naam))
            return None
        return gevonden

    def cellen(self, rij: Rij, label: str) -> tuple[dict[int, scales.Waarde | None], bool]:
        """The row's values per domein_id, and whether all of them were valid."""
        cellen: dict[int, scales.Waarde | None] = {}
        geldig = True
        kolommen, geparst, wist = self.kolommen, self.geparst, self.opdracht.lege_cel_wist
        for kolom, raw in rij.waarden.items():
            domein = kolommen.get(kolom)
            tekst = (raw or "").strip()
            if domein is None or not (tekst or wist):
                continue
            uitkomst = (geparst.get(tekst) or self.waarde(tekst)) if tekst else None
            if isinstance(uitkomst, str):
                self.fouten.append(ImportFout(rij.nummer, domein.code, uitkomst, label))
                geldig = False
            else:
                cellen[domein.pk] = uitkomst
        return cellen, geldig

    def waarde(self, tekst: str) -> scales.Waarde | str:
        """The value on the scale, or the Dutch reason why it is not one (parsed once)."""
        if len(tekst) > KORT:  # no scale has such values; the reason does not repeat it
            reden = _("de waarde is langer dan %(max)s tekens; dat is geen resultaat.")
            return reden % {"max": KORT}
        try:
            uitkomst: scales.Waarde | str = waarde_lezen(self.schaal, tekst)
        except ValidationError as exc:
            uitkomst = " ".join(exc.messages)
        self.geparst[tekst] = uitkomst
        return uitkomst


def _dubbel(rijen: Sequence[GecontroleerdeRij]) -> tuple[set[int], list[ImportFout]]:
    """Pupils in more than one row: those rows (by position) and an error for each."""
    per_leerling: dict[int, list[int]] = defaultdict(list)
    for index, gecontroleerd in enumerate(rijen):
        per_leerling[gecontroleerd.leerling.pk].append(index)
    dubbel: set[int] = set()
    fouten: list[ImportFout] = []
    for indexes in per_leerling.values():
        if len(indexes) < 2:
            continue
        nummers = ", ".join(str(rijen[i].rij.nummer) for i in indexes)
        reden = _("deze leerling staat meer dan eens in de invoer (rijen %(rijen)s).") % {
            "rijen": nummers
        }
        for i in indexes:
            rij, leerling = rijen[i].rij, rijen[i].leerling
            fouten.append(
                ImportFout(rij.nummer, _("leerlingnummer"), reden, leerling.volledige_naam)
            )
            dubbel.add(i)
    return dubbel, fouten


def controleren(rijen: Sequence[Rij], opdracht: ImportOpdracht) -> Controle:
    """Check every row; the valid ones come back with their pupil and parsed values."""
    instrument = opdracht.toetsmoment.instrument
    schaal = instrument.schaal
    alle = Domein.objects.filter(instrument_id=opdracht.toetsmoment.instrument_id)
    domeinen = {d.code.upper(): d for d in alle}
    kolommen, fouten = kolommen_lezen(rijen, domeinen, instrument)
    zoeker = Leerlingzoeker.laden(rijen, opdracht)
    controle = _Rijcontrole(opdracht, kolommen, zoeker, fouten, schaal)
    gevonden: list[GecontroleerdeRij] = []
    slecht: set[int] = set()  # positions in `gevonden` of rows with a bad value
    for rij in rijen:
        leerling = controle.leerling(rij)
        if leerling is None:
            continue
        cellen, geldig = controle.cellen(rij, leerling.volledige_naam)
        if not geldig:
            slecht.add(len(gevonden))
        gevonden.append(GecontroleerdeRij(rij, leerling, cellen))
    dubbel, dubbel_fouten = _dubbel(gevonden)
    fouten += dubbel_fouten
    fouten.sort(key=lambda f: (f.rij or 0, f.kolom))
    slecht |= dubbel
    geldig_rijen = [g for i, g in enumerate(gevonden) if i not in slecht]
    return Controle(
        geldig=geldig_rijen,
        fouten=fouten,
        overgeslagen=len(rijen) - len(geldig_rijen),
        domeinen={d.pk: d for d in domeinen.values()},
    )
