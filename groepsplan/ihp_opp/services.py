"""Writes for IHPs, OPPs and parental agreement. Keyword-only, atomic,
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
from zorgroute.versioning import lock_version, update_document

from ..models import Groepsplan
from .models import (
    Handelingsplan,
    IhpSoort,
    InstemmingRelatie,
    InstemmingWijze,
    Ontwikkelingsperspectief,
    OppVerwachting,
    Ouderinstemming,
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
    *, ihp: Handelingsplan, version: int | None, user: Gebruiker | None = None, **velden: str
) -> Handelingsplan:
    """Save the text fields when `version` is still the stored one (`StaleVersion`
    otherwise)."""
    onbekend = set(velden) - set(IHP_VELDEN)
    if onbekend:
        raise ValidationError(_("Onbekende velden: %(v)s") % {"v": ", ".join(sorted(onbekend))})
    return update_document(
        ihp,
        version=version,
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
    version: int | None,
    user: Gebruiker | None = None,
    verwachtingen: dict[int, str] | None = None,
    **velden: Any,
) -> Ontwikkelingsperspectief:
    """Save when `version` is still the stored one (`StaleVersion` otherwise). Setting
    vastgesteld_op without an evaluatiedatum plans the evaluation a year later."""
    onbekend = set(velden) - set(OPP_VELDEN)
    if onbekend:
        raise ValidationError(_("Onbekende velden: %(v)s") % {"v": ", ".join(sorted(onbekend))})
    huidig = lock_version(opp, version)
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
