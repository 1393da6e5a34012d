"""Writes for IHPs, OPPs, parental agreement and the planwijzer. Keyword-only, atomic,
validated with full_clean; Dutch errors name the field. Edits are compare-and-swap on
`versie` (zorgroute.versioning): a stale save raises `StaleVersion` and nothing is written,
so the view can show the user's text next to the current one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgroute.models import Gebruiker, Leerling, Vak
from zorgroute.versioning import FieldConflict, StaleVersion, lock_version, update_document

from .models import Groepsplan
from .models_ihp_opp import (
    Handelingsplan,
    IhpSoort,
    InstemmingRelatie,
    InstemmingWijze,
    Ontwikkelingsperspectief,
    OppVerwachting,
    Ouderinstemming,
    PlanwijzerAntwoord,
)

IHP_VELDEN = (
    "ontwikkelingsperspectief_of_leerrendementsverwachting",
    "onderwijsbehoeften",
    "doelen",
    "inhoud",
    "aanpak",
    "organisatie",
    "evaluatie",
    "afspraken_met_ouders",
)
#: A planwijzer answer: yes/no/open and a remark.
Antwoord = tuple[bool | None, str]

OPP_VELDEN = (
    "uitstroomniveau",
    "uitstroombestemming",
    "stimulerende_factoren",
    "belemmerende_factoren",
    "startdatum_ondersteuning",
    "vastgesteld_op",
    "handelingsdeel",
    "evaluatiedatum",
)


def _tekst(waarde: Any) -> Any:
    return waarde.replace("\r\n", "\n").strip() if isinstance(waarde, str) else waarde


def jaar_later(datum: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return datum.replace(year=datum.year + 1)
    except ValueError:
        return datum.replace(year=datum.year + 1, day=28)


# --- IHP ----------------------------------------------------------------------------------------


@transaction.atomic
def ihp_create(
    *,
    groepsplan: Groepsplan,
    leerling: Leerling,
    user: Gebruiker,
    soort: str | None = None,
    startdatum: dt.date | None = None,
    einddatum: dt.date | None = None,
    **velden: str,
) -> Handelingsplan:
    """An IHP as an appendix to the plan, for a pupil of the plan's overview, with the
    plan's period. Vakoverstijgend for cyclus A, vakspecifiek for cyclus B by default."""
    onbekend = set(velden) - set(IHP_VELDEN)
    if onbekend:
        raise ValidationError(_("Onbekende velden: %(v)s") % {"v": ", ".join(sorted(onbekend))})
    if not groepsplan.groepsoverzicht.regels.filter(leerling=leerling).exists():
        raise ValidationError(
            {"leerling": _("Deze leerling staat niet in het groepsoverzicht van dit plan.")}
        )
    start = startdatum or groepsplan.startdatum
    eind = einddatum or groepsplan.einddatum
    if (start, eind) != (groepsplan.startdatum, groepsplan.einddatum):
        raise ValidationError(
            {"startdatum": _("Een IHP heeft dezelfde periode als het groepsplan.")}
        )
    if soort is None:
        soort = (
            IhpSoort.VAKOVERSTIJGEND
            if groepsplan.groepsoverzicht.lesgroep_id is None
            else IhpSoort.VAKSPECIFIEK
        )
    if Handelingsplan.objects.filter(
        groepsplan=groepsplan, leerling=leerling, soort=soort
    ).exists():
        raise ValidationError(
            {"leerling": _("Deze leerling heeft al een IHP van deze soort bij dit plan.")}
        )
    ihp = Handelingsplan(
        school_id=groepsplan.school_id,
        groepsplan=groepsplan,
        leerling=leerling,
        soort=soort,
        startdatum=start,
        einddatum=eind,
        aangemaakt_door=user,
        **{k: _tekst(v) for k, v in velden.items()},
    )
    ihp.full_clean(exclude=["school", "groepsplan", "leerling", "aangemaakt_door"])
    ihp.save()
    return ihp


@transaction.atomic
def ihp_update(
    *, ihp: Handelingsplan, versie: int | None, user: Gebruiker | None = None, **velden: str
) -> Handelingsplan:
    """Save the text fields when `versie` is still the stored one (`StaleVersion`
    otherwise)."""
    onbekend = set(velden) - set(IHP_VELDEN)
    if onbekend:
        raise ValidationError(_("Onbekende velden: %(v)s") % {"v": ", ".join(sorted(onbekend))})
    return update_document(
        ihp,
        version=versie,
        values={veld: _tekst(waarde) for veld, waarde in velden.items()},
        user=user,
        clean_exclude=["groepsplan", "leerling", "aangemaakt_door"],
    )


# --- Parental agreement -----------------------------------------------------------------------


@transaction.atomic
def instemming_vastleggen(
    *,
    naam: str,
    relatie: str,
    datum: dt.date | None,
    wijze: str,
    user: Gebruiker,
    handelingsplan: Handelingsplan | None = None,
    ontwikkelingsperspectief: Ontwikkelingsperspectief | None = None,
    today: dt.date | None = None,
) -> Ouderinstemming:
    """Record who agreed (naam, relatie), when (datum) and how (wijze) with an IHP or with the
    action part of an OPP, for its current version. Never edited afterwards."""
    if (handelingsplan is None) == (ontwikkelingsperspectief is None):
        raise ValidationError(_("Een instemming hoort bij één IHP of één OPP."))
    if datum is None:
        raise ValidationError({"datum": _("Vul de datum van de instemming in.")})
    if today is not None and datum > today:
        raise ValidationError({"datum": _("De datum van de instemming ligt in de toekomst.")})
    if relatie not in InstemmingRelatie.values:
        raise ValidationError({"relatie": _("Kies ouder, verzorger of leerling (16+).")})
    if wijze not in InstemmingWijze.values:
        raise ValidationError({"wijze": _("Kies gesprek, handtekening of e-mail.")})
    if not naam.strip():
        raise ValidationError({"naam": _("Vul in wie heeft ingestemd.")})
    doel = handelingsplan or ontwikkelingsperspectief
    assert doel is not None
    if ontwikkelingsperspectief is not None and not ontwikkelingsperspectief.handelingsdeel.strip():
        raise ValidationError(
            {"handelingsdeel": _("Het OPP heeft nog geen handelingsdeel om mee in te stemmen.")}
        )
    instemming = Ouderinstemming(
        school_id=doel.school_id,
        handelingsplan=handelingsplan,
        ontwikkelingsperspectief=ontwikkelingsperspectief,
        naam=naam.strip(),
        relatie=relatie,
        datum=datum,
        wijze=wijze,
        versie=doel.versie,
        vastgelegd_door=user,
    )
    instemming.full_clean(
        exclude=["school", "handelingsplan", "ontwikkelingsperspectief", "vastgelegd_door"]
    )
    instemming.save()
    return instemming


# --- OPP ------------------------------------------------------------------------------------------


def _opp_clean(opp: Ontwikkelingsperspectief) -> None:
    if opp.vastgesteld_op and opp.vastgesteld_op < opp.startdatum_ondersteuning:
        raise ValidationError(
            {"vastgesteld_op": _("De vaststelling ligt vóór de start van de ondersteuning.")}
        )
    if opp.vastgesteld_op and opp.evaluatiedatum is None:
        opp.evaluatiedatum = jaar_later(opp.vastgesteld_op)
    if opp.evaluatiedatum and opp.vastgesteld_op and opp.evaluatiedatum <= opp.vastgesteld_op:
        raise ValidationError(
            {"evaluatiedatum": _("De evaluatiedatum ligt na de datum van vaststelling.")}
        )
    if (
        opp.evaluatiedatum
        and opp.vastgesteld_op
        and opp.evaluatiedatum > jaar_later(opp.vastgesteld_op)
    ):
        raise ValidationError(
            {"evaluatiedatum": _("Een OPP wordt minstens jaarlijks geëvalueerd.")}
        )
    opp.full_clean(exclude=["school", "leerling", "aangemaakt_door", "gewijzigd_door"])


def _verwachtingen_zetten(opp: Ontwikkelingsperspectief, verwachtingen: dict[int, str]) -> None:
    """Per vak id the expected yield; an empty text removes the subject."""
    vakken = set(Vak.objects.filter(pk__in=list(verwachtingen)).values_list("pk", flat=True))
    if set(verwachtingen) - vakken:
        raise ValidationError({"verwachtingen": _("Onbekend vak bij de verwachtingen.")})
    bestaand = {v.vak_id: v for v in opp.verwachtingen.all()}
    for vak_id, tekst in verwachtingen.items():
        tekst = _tekst(tekst)
        rij = bestaand.get(vak_id)
        if not tekst:
            if rij is not None:
                rij.delete()
            continue
        if rij is None:
            rij = OppVerwachting(school_id=opp.school_id, opp=opp, vak_id=vak_id)
        elif rij.verwacht_leerrendement == tekst:
            continue
        rij.verwacht_leerrendement = tekst
        rij.full_clean(exclude=["school", "opp", "vak"])
        rij.save()


@transaction.atomic
def opp_create(
    *,
    leerling: Leerling,
    user: Gebruiker,
    startdatum_ondersteuning: dt.date | None,
    verwachtingen: dict[int, str] | None = None,
    **velden: Any,
) -> Ontwikkelingsperspectief:
    onbekend = set(velden) - set(OPP_VELDEN)
    if onbekend:
        raise ValidationError(_("Onbekende velden: %(v)s") % {"v": ", ".join(sorted(onbekend))})
    if startdatum_ondersteuning is None:
        raise ValidationError(
            {"startdatum_ondersteuning": _("Vul in wanneer de extra ondersteuning begon.")}
        )
    if Ontwikkelingsperspectief.objects.filter(leerling=leerling).exists():
        raise ValidationError({"leerling": _("Deze leerling heeft al een OPP; pas dat aan.")})
    opp = Ontwikkelingsperspectief(
        school_id=leerling.school_id,
        leerling=leerling,
        startdatum_ondersteuning=startdatum_ondersteuning,
        aangemaakt_door=user,
        **{k: _tekst(v) for k, v in velden.items()},
    )
    _opp_clean(opp)
    opp.save()
    if verwachtingen:
        _verwachtingen_zetten(opp, verwachtingen)
    return opp


@transaction.atomic
def opp_update(
    *,
    opp: Ontwikkelingsperspectief,
    versie: int | None,
    user: Gebruiker | None = None,
    verwachtingen: dict[int, str] | None = None,
    **velden: Any,
) -> Ontwikkelingsperspectief:
    """Save when `versie` is still the stored one (`StaleVersion` otherwise). Setting
    vastgesteld_op without an evaluatiedatum plans the evaluation a year later."""
    onbekend = set(velden) - set(OPP_VELDEN)
    if onbekend:
        raise ValidationError(_("Onbekende velden: %(v)s") % {"v": ", ".join(sorted(onbekend))})
    huidig = lock_version(opp, versie)
    for veld, waarde in velden.items():
        setattr(huidig, veld, _tekst(waarde))
    if huidig.startdatum_ondersteuning is None:
        raise ValidationError(
            {"startdatum_ondersteuning": _("Vul in wanneer de extra ondersteuning begon.")}
        )
    _opp_clean(huidig)
    huidig.gewijzigd_door = user
    huidig.save()
    if verwachtingen is not None:
        _verwachtingen_zetten(huidig, verwachtingen)
    return huidig


# --- Planwijzer ---------------------------------------------------------------------------------


def _antwoord_tekst(antwoord: Antwoord) -> str:
    keuze = {True: "+", False: "-", None: "?"}[antwoord[0]]
    return f"{keuze} {antwoord[1]}".strip()


def _planwijzer_botsingen(
    groepsplan: Groepsplan,
    bestaand: dict[str, PlanwijzerAntwoord],
    antwoorden: dict[str, Antwoord],
    gezien: dict[str, Antwoord],
) -> StaleVersion | None:
    """The items a colleague changed after the user's screen showed them (`gezien`), unless
    the colleague chose what the user chooses now."""
    from .checklists import PLANWIJZER

    labels = {item.code: f"{item.letter} {item.vraag}" for item in PLANWIJZER.items}
    labels[PLANWIJZER.afspraken] = _("afspraken")
    botsingen: list[FieldConflict] = []
    door = ""
    for code, nieuw in antwoorden.items():
        if code not in gezien:
            continue
        rij = bestaand.get(code)
        huidig = (rij.antwoord, rij.opmerking) if rij is not None else (None, "")
        zag = (gezien[code][0], _tekst(gezien[code][1]))
        mijn = (nieuw[0], _tekst(nieuw[1]))
        if huidig not in (zag, mijn):
            botsingen.append(
                FieldConflict(
                    name=code,
                    label=labels.get(code, code),
                    theirs=_antwoord_tekst(huidig),
                    mine=_antwoord_tekst(mijn),
                )
            )
            if rij is not None and not door:
                door = rij.beantwoord_door.volledige_naam
    if not botsingen:
        return None
    return StaleVersion(current=groepsplan, changed_by=door, conflicts=botsingen)


@transaction.atomic
def planwijzer_update(
    *,
    groepsplan: Groepsplan,
    antwoorden: dict[str, Antwoord],
    user: Gebruiker,
    gezien: dict[str, Antwoord] | None = None,
) -> int:
    """Store the answers (code -> (antwoord, opmerking)); returns how many changed. With
    `gezien` (what the user's screen showed), an item a colleague changed meanwhile is not
    overwritten: `StaleVersion` has one `FieldConflict` per such item and nothing is saved."""
    from .checklists import PLANWIJZER

    onbekend = sorted(set(antwoorden) - PLANWIJZER.codes)
    if onbekend:
        raise ValidationError(
            _("Onbekende vraag in de planwijzer: %(codes)s") % {"codes": ", ".join(onbekend)}
        )
    bestaand = {
        a.item: a
        for a in PlanwijzerAntwoord.objects.select_for_update(of=("self",))
        .select_related("beantwoord_door")
        .filter(groepsplan=groepsplan, item__in=list(antwoorden))
    }
    if gezien is not None:
        conflict = _planwijzer_botsingen(groepsplan, bestaand, antwoorden, gezien)
        if conflict is not None:
            raise conflict
    aantal = 0
    for code, (antwoord, opmerking) in antwoorden.items():
        opmerking = _tekst(opmerking)
        rij = bestaand.get(code)
        if rij is not None and (rij.antwoord, rij.opmerking) == (antwoord, opmerking):
            continue
        if rij is None and antwoord is None and not opmerking:
            continue
        rij = rij or PlanwijzerAntwoord(
            school_id=groepsplan.school_id, groepsplan=groepsplan, item=code
        )
        rij.antwoord = antwoord
        rij.opmerking = opmerking
        rij.beantwoord_door = user
        rij.full_clean(exclude=["school", "groepsplan", "beantwoord_door", "antwoord"])
        rij.save()
        aantal += 1
    return aantal


#: The old name, still imported by izo_zat.views_advies; after merging issue 18 the lead points
#: that import at zorgroute.versioning.StaleVersion and deletes this line.
VersieConflict = StaleVersion
