"""Writes to what a school measures: meetinstrumenten, domeinen, toetsmomenten, ijkpunten
and hulpzinnen, plus the one-click defaults for a new school.

House style of `zorgroute.services`: keyword-only, one transaction each, `full_clean()`
before saving (through `save_validated`), saves through the ORM so django-simple-history
records who changed what; `StaleVersion` for a stale version (`lock_version` on the integer
`versie` an update form carries), `DeleteRefused` with a Dutch reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, School, Vak
from zorgroute.services import (
    DeleteRefused,
    assign_fields,
    delete_or_refuse,
    save_validated,
)
from zorgroute.versioning import lock_for_change

from .. import scales
from ..hulpzinnen import STANDAARD_HULPZINNEN
from ..models import (
    CruciaalMoment,
    Domein,
    Hulpzin,
    Ijkpunt,
    IjkpuntSoort,
    InstrumentSoort,
    Meetinstrument,
    SignaalReden,
    Toetsmoment,
)
from ..scales import Schaal

#: Column names an import uses for the pupil or ignores; a domain code may not be one.
GERESERVEERDE_CODES = frozenset(
    {
        "LEERLINGNUMMER",
        "LEERLING",
        "LLNR",
        "NUMMER",
        "NAAM",
        "VOORNAAM",
        "ROEPNAAM",
        "TUSSENVOEGSEL",
        "ACHTERNAAM",
        "KLAS",
        "GROEP",
        "STAMGROEP",
        "LEERJAAR",
        "GEBOORTEDATUM",
        "DATUM",
        "TOETSMOMENT",
        "OPMERKING",
    }
)


# --- meetinstrumenten ----------------------------------------------------------------------


@transaction.atomic
def instrument_create(
    *, school: School, naam: str, soort: str, schaal: str, vak: Vak | None, actief: bool = True
) -> Meetinstrument:
    instrument = Meetinstrument(
        school=school, naam=naam.strip(), soort=soort, schaal=schaal, vak=vak, actief=actief
    )
    return save_validated(instrument)


@transaction.atomic
def instrument_update(
    *,
    instrument: Meetinstrument,
    version: int | None,
    user: Gebruiker | None,
    naam: str,
    soort: str,
    schaal: str,
    vak: Vak | None,
    actief: bool = True,
) -> Meetinstrument:
    current = lock_for_change(instrument, version, user=user)
    if schaal != current.schaal and current.domeinen.filter(resultaten__isnull=False).exists():
        raise ValidationError(
            {
                "schaal": _(
                    "Er zijn al resultaten in de schaal %(schaal)s ingevoerd; de schaal kan niet "
                    "meer veranderen. Maak een nieuw meetinstrument met de andere schaal."
                )
                % {"schaal": current.get_schaal_display()}
            }
        )
    assign_fields(
        current,
        {"naam": naam.strip(), "soort": soort, "schaal": schaal, "vak": vak, "actief": actief},
    )
    return save_validated(current)


@transaction.atomic
def instrument_delete(*, instrument: Meetinstrument) -> None:
    if Domein.objects.filter(instrument=instrument, resultaten__isnull=False).exists():
        raise DeleteRefused(
            _(
                "Meetinstrument %(naam)s heeft al resultaten en kan niet verwijderd worden. Zet "
                "het op 'niet in gebruik' om het te verbergen."
            )
            % {"naam": instrument.naam}
        )
    # Domeinen, toetsmomenten and ijkpunten go with it; delete them through the ORM one by
    # one so each is in the history.
    for ijkpunt in Ijkpunt.objects.filter(domein__instrument=instrument):
        ijkpunt.delete()
    for domein in instrument.domeinen.all():
        # Another app may still point at a domain (an ambitie of the opbrengsten): refuse.
        delete_or_refuse(
            domein,
            _(
                "Domein %(code)s van dit meetinstrument wordt nog gebruikt, bijvoorbeeld in een "
                "ambitie, en kan niet verwijderd worden."
            )
            % {"code": domein.code},
        )
    for toetsmoment in instrument.toetsmomenten.all():
        toetsmoment.delete()
    delete_or_refuse(instrument, _("Dit meetinstrument wordt nog gebruikt en kan niet weg."))


# --- domeinen ------------------------------------------------------------------------------


def _code(code: str) -> str:
    normalized = code.strip().upper()
    if normalized in GERESERVEERDE_CODES:
        raise ValidationError(
            {
                "code": _(
                    "'%(code)s' is de naam van een vaste kolom in een import; kies een andere code."
                )
                % {"code": code.strip()}
            }
        )
    if not normalized or any(ch.isspace() for ch in normalized):
        raise ValidationError({"code": _("Een code is één woord zonder spaties, zoals BL.")})
    return normalized


@transaction.atomic
def domein_create(*, instrument: Meetinstrument, code: str, naam: str, volgorde: int = 0) -> Domein:
    domein = Domein(
        school_id=instrument.school_id,
        instrument=instrument,
        code=_code(code),
        naam=naam.strip(),
        volgorde=volgorde,
    )
    return save_validated(domein)


@transaction.atomic
def domein_update(
    *,
    domein: Domein,
    version: int | None,
    user: Gebruiker | None,
    code: str,
    naam: str,
    volgorde: int = 0,
) -> Domein:
    current = lock_for_change(domein, version, user=user)
    assign_fields(current, {"code": _code(code), "naam": naam.strip(), "volgorde": volgorde})
    return save_validated(current)


@transaction.atomic
def domein_delete(*, domein: Domein) -> None:
    if domein.resultaten.exists():
        raise DeleteRefused(
            _("Domein %(code)s heeft al resultaten en kan niet verwijderd worden.")
            % {"code": domein.code}
        )
    for ijkpunt in domein.ijkpunten.all():
        ijkpunt.delete()
    delete_or_refuse(domein, _("Dit domein wordt nog gebruikt en kan niet verwijderd worden."))


# --- toetsmomenten -------------------------------------------------------------------------


@transaction.atomic
def toetsmoment_create(*, instrument: Meetinstrument, naam: str, datum: dt.date) -> Toetsmoment:
    moment = Toetsmoment(
        school_id=instrument.school_id, instrument=instrument, naam=naam.strip(), datum=datum
    )
    return save_validated(moment)


@transaction.atomic
def toetsmoment_update(
    *,
    toetsmoment: Toetsmoment,
    version: int | None,
    user: Gebruiker | None,
    naam: str,
    datum: dt.date,
) -> Toetsmoment:
    current = lock_for_change(toetsmoment, version, user=user)
    assign_fields(current, {"naam": naam.strip(), "datum": datum})
    return save_validated(current)


@transaction.atomic
def toetsmoment_delete(*, toetsmoment: Toetsmoment) -> None:
    if toetsmoment.resultaten.exists():
        raise DeleteRefused(
            _("Toetsmoment %(naam)s heeft al resultaten en kan niet verwijderd worden.")
            % {"naam": toetsmoment.naam}
        )
    delete_or_refuse(
        toetsmoment, _("Dit toetsmoment wordt nog gebruikt en kan niet verwijderd worden.")
    )


# --- ijkpunten -----------------------------------------------------------------------------


def _ijkpunt_apply(
    ijkpunt: Ijkpunt,
    *,
    domein: Domein,
    soort: str,
    drempel: str,
    aantal_momenten: int | None,
    leerjaar: int | None,
    reden: str,
    actief: bool,
) -> None:
    """Validate the rule against the domain's scale; the drempel is typed in that scale and
    stored normalized with its rank (higher is better), so signalling compares ranks."""
    schaal = domein.instrument.schaal
    drempel = (drempel or "").strip()
    drempel_rang: Decimal | None = None
    if soort in (IjkpuntSoort.ONDER_DREMPEL, IjkpuntSoort.BOVEN_DREMPEL):
        if schaal == Schaal.AANDACHT:
            raise ValidationError(
                {
                    "soort": _(
                        "%(instrument)s meet alleen 'aandacht ja/nee'; kies de regel "
                        "'SEO-categorie vraagt aandacht'."
                    )
                    % {"instrument": domein.instrument.naam}
                }
            )
        if not drempel:
            raise ValidationError(
                {"drempel": _("Vul de drempel in, in de schaal van het meetinstrument.")}
            )
        try:
            waarde = scales.parse(schaal, drempel)
        except ValidationError as exc:
            raise ValidationError({"drempel": exc.messages}) from exc
        drempel, drempel_rang = waarde.tekst, waarde.rang
    else:
        drempel = ""
    if soort == IjkpuntSoort.DALEND and (aantal_momenten is None or aantal_momenten < 2):
        raise ValidationError(
            {"aantal_momenten": _("Een daling zie je over minstens 2 toetsmomenten.")}
        )
    if soort == IjkpuntSoort.SEO_AANDACHT and schaal != Schaal.AANDACHT:
        raise ValidationError(
            {
                "soort": _(
                    "Deze regel hoort bij een SEO-instrument met de schaal 'aandacht ja/nee'; "
                    "%(instrument)s heeft een andere schaal."
                )
                % {"instrument": domein.instrument.naam}
            }
        )
    if leerjaar is not None and not 1 <= leerjaar <= 8:
        raise ValidationError({"leerjaar": _("Het leerjaar ligt tussen 1 en 8.")})
    assign_fields(
        ijkpunt,
        {
            "domein": domein,
            "soort": soort,
            "drempel": drempel,
            "drempel_rang": drempel_rang,
            "aantal_momenten": aantal_momenten or 3,
            "leerjaar": leerjaar,
            "reden": reden,
            "actief": actief,
        },
    )


@transaction.atomic
def ijkpunt_create(
    *,
    school: School,
    domein: Domein,
    soort: str,
    drempel: str = "",
    aantal_momenten: int | None = 3,
    leerjaar: int | None = None,
    reden: str,
    actief: bool = True,
) -> Ijkpunt:
    ijkpunt = Ijkpunt(school=school)
    _ijkpunt_apply(
        ijkpunt,
        domein=domein,
        soort=soort,
        drempel=drempel,
        aantal_momenten=aantal_momenten,
        leerjaar=leerjaar,
        reden=reden,
        actief=actief,
    )
    return save_validated(ijkpunt)


@transaction.atomic
def ijkpunt_update(
    *,
    ijkpunt: Ijkpunt,
    version: int | None,
    user: Gebruiker | None,
    domein: Domein,
    soort: str,
    drempel: str = "",
    aantal_momenten: int | None = 3,
    leerjaar: int | None = None,
    reden: str,
    actief: bool = True,
) -> Ijkpunt:
    current = lock_for_change(ijkpunt, version, user=user)
    _ijkpunt_apply(
        current,
        domein=domein,
        soort=soort,
        drempel=drempel,
        aantal_momenten=aantal_momenten,
        leerjaar=leerjaar,
        reden=reden,
        actief=actief,
    )
    return save_validated(current)


@transaction.atomic
def ijkpunt_delete(*, ijkpunt: Ijkpunt) -> None:
    # Signaleringen keep their reason text; their link to the rule is cleared (SET_NULL).
    delete_or_refuse(ijkpunt, _("Dit ijkpunt wordt nog gebruikt en kan niet verwijderd worden."))


# --- hulpzinnen ----------------------------------------------------------------------------


@transaction.atomic
def cruciaal_moment_create(
    *,
    school: School,
    naam: str,
    leerjaar: int,
    maand: int,
    domein: Domein | None = None,
    vooruitkijken: int = 4,
) -> CruciaalMoment:
    moment = CruciaalMoment(
        school=school,
        naam=naam.strip(),
        leerjaar=leerjaar,
        maand=maand,
        domein=domein,
        vooruitkijken=vooruitkijken,
    )
    return save_validated(moment)


@transaction.atomic
def cruciaal_moment_update(
    *,
    moment: CruciaalMoment,
    version: int | None,
    user: Gebruiker | None,
    naam: str,
    leerjaar: int,
    maand: int,
    domein: Domein | None = None,
    vooruitkijken: int = 4,
) -> CruciaalMoment:
    current = lock_for_change(moment, version, user=user)
    assign_fields(
        current,
        {
            "naam": naam.strip(),
            "leerjaar": leerjaar,
            "maand": maand,
            "domein": domein,
            "vooruitkijken": vooruitkijken,
        },
    )
    return save_validated(current)


@transaction.atomic
def cruciaal_moment_delete(*, moment: CruciaalMoment) -> None:
    delete_or_refuse(moment, _("Dit cruciale leermoment kan niet verwijderd worden."))


@transaction.atomic
def hulpzin_create(
    *, school: School, categorie: str, tekst: str, volgorde: int = 0, actief: bool = True
) -> Hulpzin:
    hulpzin = Hulpzin(
        school=school,
        categorie=categorie.strip(),
        tekst=tekst.strip(),
        volgorde=volgorde,
        actief=actief,
    )
    return save_validated(hulpzin)


@transaction.atomic
def hulpzin_update(
    *,
    hulpzin: Hulpzin,
    version: int | None,
    user: Gebruiker | None,
    categorie: str,
    tekst: str,
    volgorde: int = 0,
    actief: bool = True,
) -> Hulpzin:
    current = lock_for_change(hulpzin, version, user=user)
    assign_fields(
        current,
        {
            "categorie": categorie.strip(),
            "tekst": tekst.strip(),
            "volgorde": volgorde,
            "actief": actief,
        },
    )
    return save_validated(current)


@transaction.atomic
def hulpzin_delete(*, hulpzin: Hulpzin) -> None:
    delete_or_refuse(hulpzin, _("Deze hulpzin wordt nog gebruikt en kan niet verwijderd worden."))


@transaction.atomic
def hulpzinnen_standaard_create(*, school: School) -> int:
    """Fill the school's list with bijlage 7b, in its order. Only for an empty list (a
    school that has edited its list keeps it); returns how many were added."""
    if Hulpzin.objects.for_school(school.pk).exists():
        return 0
    aantal = 0
    for cat_index, (categorie, teksten) in enumerate(STANDAARD_HULPZINNEN):
        for index, tekst in enumerate(teksten):
            # Saved one by one (62 rows, once per school) so each is in the history.
            save_validated(
                Hulpzin(
                    school=school,
                    categorie=categorie,
                    tekst=tekst,
                    volgorde=cat_index * 100 + index,
                )
            )
            aantal += 1
    return aantal


# --- one-click defaults for a VO school ----------------------------------------------------

BASIS_INSTRUMENT = "Cito VAS basisvaardigheden"
SEO_INSTRUMENT = "SEO-vragenlijst"
BASIS_DOMEINEN = [
    ("TL", "Technisch lezen"),
    ("BL", "Begrijpend lezen"),
    ("SP", "Spelling"),
    ("RK", "Rekenen"),
]
SEO_DOMEINEN = [
    ("WB", "Welbevinden"),
    ("MO", "Motivatie"),
    ("ZB", "Zelfbeeld"),
    ("SG", "Sociaal gedrag"),
]


@dataclass
class StandaardMeten:
    instrumenten: list[Meetinstrument] = field(default_factory=list)
    domeinen: int = 0
    ijkpunten: int = 0
    hulpzinnen: int = 0

    @property
    def iets_aangemaakt(self) -> bool:
        return bool(self.instrumenten or self.domeinen or self.ijkpunten or self.hulpzinnen)


def _ensure_instrument(
    school: School, naam: str, soort: str, schaal: str, domeinen: list[tuple[str, str]]
) -> tuple[Meetinstrument, list[Domein], bool]:
    """The instrument (found by name or created) and the domeinen it newly got."""
    instrument = Meetinstrument.objects.for_school(school.pk).filter(naam=naam).first()
    created = instrument is None
    if instrument is None:
        instrument = instrument_create(
            school=school, naam=naam, soort=soort, schaal=schaal, vak=None
        )
    bestaand = set(instrument.domeinen.values_list("code", flat=True))
    nieuw = [
        domein_create(instrument=instrument, code=code, naam=domein_naam, volgorde=volgorde)
        for volgorde, (code, domein_naam) in enumerate(domeinen, start=1)
        if code not in bestaand
    ]
    return instrument, nieuw, created


@transaction.atomic
def standaard_meten_create(*, school: School) -> StandaardMeten:
    """A sensible starting configuration for a VO school, in one click: a Cito VAS-like
    basisvaardigheden instrument (TL, BL, SP, RK on niveau I–V) with ijkpunten "onder IV"
    (achterstand), "dalend over 3 toetsmomenten" and "I" (voorsprong); an SEO instrument on
    the aandacht scale with welbevinden, motivatie, zelfbeeld and sociaal gedrag, each with
    the SEO ijkpunt; and the hulpzinnen of bijlage 7b when the list is empty.

    Idempotent: what already exists (by name and code) is left as it is."""
    summary = StandaardMeten()
    plan = [
        (
            BASIS_INSTRUMENT,
            InstrumentSoort.BASISVAARDIGHEDEN,
            Schaal.NIVEAU_ROMEINS,
            BASIS_DOMEINEN,
            [
                (IjkpuntSoort.ONDER_DREMPEL, "IV", SignaalReden.ACHTERSTAND),
                (IjkpuntSoort.DALEND, "", SignaalReden.ACHTERSTAND),
                (IjkpuntSoort.BOVEN_DREMPEL, "I", SignaalReden.VOORSPRONG),
            ],
        ),
        (
            SEO_INSTRUMENT,
            InstrumentSoort.SEO,
            Schaal.AANDACHT,
            SEO_DOMEINEN,
            [(IjkpuntSoort.SEO_AANDACHT, "", SignaalReden.SEO)],
        ),
    ]
    for naam, soort, schaal, domeinen, regels in plan:
        instrument, nieuwe_domeinen, created = _ensure_instrument(
            school, naam, soort, schaal, domeinen
        )
        if created:
            summary.instrumenten.append(instrument)
        for domein in nieuwe_domeinen:
            summary.domeinen += 1
            for regel_soort, drempel, reden in regels:
                ijkpunt_create(
                    school=school,
                    domein=domein,
                    soort=regel_soort,
                    drempel=drempel,
                    aantal_momenten=3,
                    reden=reden,
                )
                summary.ijkpunten += 1
    summary.hulpzinnen = hulpzinnen_standaard_create(school=school)
    return summary
