"""The history of one pupil's row in an overview: who changed which text cell, signal or
onderwijsbehoefte, and when, as lines for the history page. Built from the
django-simple-history records that `selectors.regel_historie` reads in three queries,
whatever the number of changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import selectors
from .kolommen import Kolom
from .models import BehoefteSoort, SignaalReden, SignaalStatus

ONBEKEND = "onbekend"


@dataclass(frozen=True)
class Verschil:
    wat: str  # the column or field
    oud: str
    nieuw: str


@dataclass
class Wijziging:
    """One line of the history table."""

    wanneer: dt.datetime
    door: str
    onderwerp: str  # "Observaties", "Signaal", "Onderwijsbehoefte"
    actie: str  # "gewijzigd", "bevestigd", "toegevoegd", …
    verschillen: list[Verschil] = field(default_factory=list)
    toelichting: str = ""
    soort: str = "tekst"  # tekst | signaal | behoefte (a CSS hook and a filter for tests)


def _naam(user: Any) -> str:
    return user.volledige_naam if user is not None else ""


def _per_object(records: Iterable[Any]) -> dict[int, list[Any]]:
    """Historical records grouped by the object's id, oldest first (the selector's order)."""
    groepen: dict[int, list[Any]] = {}
    for rec in records:
        groepen.setdefault(rec.id, []).append(rec)
    return groepen


# --- Text cells ----------------------------------------------------------------------------------


def _tekst(records: list[Any], cols: list[Kolom]) -> list[Wijziging]:
    """One entry per changed column. The first record is the baseline: a creation lists the
    texts it started with; a row created in bulk (a new or carried-over overview) has no
    creation record, so its first record is shown as the first recorded state."""
    wijzigingen = []
    vorige: Any = None
    for rec in records:
        door = _naam(rec.history_user) or _naam(rec.gewijzigd_door) or ONBEKEND
        if vorige is None:
            gevuld = [Verschil(k.label, "", getattr(rec, k.veld)) for k in cols]
            gevuld = [v for v in gevuld if v.nieuw]
            if rec.history_type == "+":
                wijzigingen.append(
                    Wijziging(
                        rec.history_date,
                        door,
                        "Leerling",
                        "toegevoegd aan het groepsoverzicht",
                        gevuld,
                        "Overgenomen uit de vorige cyclus." if rec.overgenomen else "",
                    )
                )
            elif gevuld:
                wijzigingen.append(
                    Wijziging(
                        rec.history_date,
                        door,
                        "Notities",
                        "eerste vastgelegde stand",
                        [Verschil(v.wat, ONBEKEND, v.nieuw) for v in gevuld],
                        "Wat hiervoor in de cellen stond, is niet vastgelegd.",
                    )
                )
        else:
            for k in cols:
                oud, nieuw = getattr(vorige, k.veld), getattr(rec, k.veld)
                if oud != nieuw:
                    wijzigingen.append(
                        Wijziging(
                            rec.history_date, door, k.label, "gewijzigd", [Verschil("", oud, nieuw)]
                        )
                    )
        vorige = rec
    return wijzigingen


# --- Signals ------------------------------------------------------------------------------------

_STATUS_ACTIE = {
    SignaalStatus.BEVESTIGD: "bevestigd",
    SignaalStatus.AFGEWEZEN: "afgewezen",
    SignaalStatus.VOORGESTELD: "teruggezet naar voorstel",
}


def _signaal_aangemaakt(rec: Any, onderwerp: str) -> Wijziging:
    """A signal's creation: proposed by the rules, or flagged (and decided) by hand."""
    automatisch = bool(rec.ijkpunt_id or rec.cruciaal_moment_id)
    door = _naam(rec.history_user)
    if rec.status == SignaalStatus.VOORGESTELD:
        actie = "voorgesteld door de signaleringsregels" if automatisch else "voorgesteld"
        door = door or "Zorgroute (automatisch)"
    elif automatisch:
        actie = f"voorgesteld en {_STATUS_ACTIE[rec.status]}"
    else:
        actie = "handmatig gesignaleerd"
    door = door or _naam(rec.besloten_door)
    return Wijziging(
        rec.history_date,
        door or ONBEKEND,
        onderwerp,
        actie,
        toelichting=rec.uitleg,
        soort="signaal",
    )


def _signaal_verwijderd(rec: Any, onderwerp: str) -> Wijziging:
    actie = (
        "voorstel vervallen (regels opnieuw berekend)"
        if rec.status == SignaalStatus.VOORGESTELD
        else "verwijderd"
    )
    return Wijziging(
        rec.history_date,
        _naam(rec.history_user) or "Zorgroute (automatisch)",
        onderwerp,
        actie,
        toelichting=rec.uitleg,
        soort="signaal",
    )


def _signaal_gewijzigd(rec: Any, vorige: Any, onderwerp: str) -> Wijziging | None:
    """A decision or a changed explanation; None when nothing shown changed. Proposals are
    created in bulk without a creation record: before the first decision they were
    "voorgesteld"."""
    door = _naam(rec.history_user)
    oud_status = vorige.status if vorige is not None else SignaalStatus.VOORGESTELD
    verschillen = []
    if vorige is not None and vorige.uitleg != rec.uitleg:
        verschillen.append(Verschil("Toelichting", vorige.uitleg, rec.uitleg))
    if rec.status != oud_status:
        actie = _STATUS_ACTIE.get(rec.status, rec.status)
        if rec.status != SignaalStatus.VOORGESTELD:
            door = _naam(rec.besloten_door) or door
    elif verschillen:
        actie = "bijgewerkt"
    else:
        return None
    return Wijziging(
        rec.history_date,
        door or ONBEKEND,
        onderwerp,
        actie,
        verschillen,
        toelichting=rec.uitleg,
        soort="signaal",
    )


def _signaal(records: list[Any]) -> list[Wijziging]:
    wijzigingen = []
    for records_van_een in _per_object(records).values():
        vorige: Any = None
        for rec in records_van_een:
            reden = SignaalReden(rec.reden).label if rec.reden in SignaalReden.values else rec.reden
            onderwerp = f"Signaal: {reden}"
            if rec.history_type == "+":
                wijziging: Wijziging | None = _signaal_aangemaakt(rec, onderwerp)
            elif rec.history_type == "-":
                wijziging = _signaal_verwijderd(rec, onderwerp)
            else:
                wijziging = _signaal_gewijzigd(rec, vorige, onderwerp)
            if wijziging is not None:
                wijzigingen.append(wijziging)
            vorige = rec
    return wijzigingen


# --- Onderwijsbehoeften -------------------------------------------------------------------------


def _behoefte_velden(rec: Any) -> dict[str, str]:
    soort = BehoefteSoort(rec.soort).label if rec.soort in BehoefteSoort.values else rec.soort
    return {
        "Soort": str(soort),
        "Domein": rec.domein.code if rec.domein_id and rec.domein else "",
        "Doel": rec.doel,
        "Wat de leerling nodig heeft": rec.behoefte,
    }


def _behoefte(records: list[Any]) -> list[Wijziging]:
    wijzigingen = []
    for records_van_een in _per_object(records).values():
        vorige: dict[str, str] | None = None
        for rec in records_van_een:
            nu = _behoefte_velden(rec)
            door = _naam(rec.history_user) or ONBEKEND
            if rec.history_type == "+":
                actie = "toegevoegd"
                verschillen = [Verschil(k, "", v) for k, v in nu.items() if v]
            elif rec.history_type == "-":
                actie = "verwijderd"
                verschillen = [Verschil(k, v, "") for k, v in nu.items() if v]
            elif vorige is None:
                # Carried over in bulk, without a creation record.
                actie = "gewijzigd"
                verschillen = [Verschil(k, ONBEKEND, v) for k, v in nu.items() if v]
            else:
                actie = "gewijzigd"
                verschillen = [Verschil(k, vorige[k], v) for k, v in nu.items() if vorige[k] != v]
                if not verschillen:
                    vorige = nu
                    continue
            wijzigingen.append(
                Wijziging(
                    rec.history_date,
                    door,
                    "Onderwijsbehoefte",
                    actie,
                    verschillen,
                    "Overgenomen uit de vorige cyclus." if rec.overgenomen else "",
                    soort="behoefte",
                )
            )
            vorige = nu
    return wijzigingen


def geschiedenis(historie: selectors.RegelHistorie, cols: list[Kolom]) -> list[Wijziging]:
    """Every change, newest first. `cols` are the text columns this user may see: without
    the right to see bijzonderheden, their changes are left out entirely."""
    alles = _tekst(historie.regel, cols) + _signaal(historie.signaleringen)
    alles += _behoefte(historie.behoeften)
    return sorted(alles, key=lambda w: w.wanneer, reverse=True)
