"""Measurement scales: turn what a teacher or an LVS export types into a normalized value
and a rank in which higher is always better, so ijkpunten compare any scale the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Schaal(models.TextChoices):
    SCORE = "score", gettext_lazy("Score (getal)")
    CIJFER = "cijfer", gettext_lazy("Cijfer (1–10)")
    NIVEAU_ROMEINS = "niveau_i_v", gettext_lazy("Niveau I–V (I is het hoogst)")
    NIVEAU_LETTER = "niveau_a_e", gettext_lazy("Niveau A–E (A is het hoogst)")
    REFERENTIENIVEAU = "referentieniveau", gettext_lazy("Referentieniveau (1F/2F/3F/4F)")
    AANDACHT = "aandacht", gettext_lazy("Aandacht ja/nee (SEO-signaal)")


ROMEINS = ["V", "IV", "III", "II", "I"]  # rank 1..5
LETTERS = ["E", "D", "C", "B", "A"]
REFERENTIE = ["<1F", "1F", "1S", "2F", "2S", "3F", "4F"]
AANDACHT_JA = {"ja", "j", "aandacht", "x", "1", "true"}
AANDACHT_NEE = {"nee", "n", "geen", "0", "false", "-"}


@dataclass(frozen=True)
class Waarde:
    tekst: str  # normalized, as shown in the overview
    rang: Decimal  # higher is better, comparable with an ijkpunt's drempel


def _decimal(raw: str) -> Decimal:
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("'%(w)s' is geen getal."), params={"w": raw}) from exc
    if not value.is_finite():
        raise ValidationError(_("'%(w)s' is geen getal."), params={"w": raw})
    return value


def _score(text: str) -> Waarde:
    value = _decimal(text)
    return Waarde(_fmt(value), value)


def _cijfer(text: str) -> Waarde:
    value = _decimal(text)
    if not Decimal(1) <= value <= Decimal(10):
        raise ValidationError(
            _("Een cijfer ligt tussen 1 en 10; '%(w)s' niet."), params={"w": text}
        )
    return Waarde(_fmt(value.quantize(Decimal("0.1"))), value)


def _romeins(text: str) -> Waarde:
    return _ordinal(text.upper(), ROMEINS, _("I, II, III, IV of V"))


def _letter(text: str) -> Waarde:
    return _ordinal(text.upper(), LETTERS, _("A, B, C, D of E"))


def _referentie(text: str) -> Waarde:
    return _ordinal(text.upper().replace(" ", ""), REFERENTIE, ", ".join(REFERENTIE))


def _aandacht(text: str) -> Waarde:
    lowered = text.lower()
    if lowered in AANDACHT_JA:
        return Waarde("aandacht", Decimal(0))
    if lowered in AANDACHT_NEE:
        return Waarde("geen", Decimal(1))
    raise ValidationError(
        _("Vul 'ja' (aandacht nodig) of 'nee' in; '%(w)s' is onbekend."), params={"w": text}
    )


#: How each scale reads a non-empty value.
_PARSERS: dict[str, Callable[[str], Waarde]] = {
    Schaal.SCORE: _score,
    Schaal.CIJFER: _cijfer,
    Schaal.NIVEAU_ROMEINS: _romeins,
    Schaal.NIVEAU_LETTER: _letter,
    Schaal.REFERENTIENIVEAU: _referentie,
    Schaal.AANDACHT: _aandacht,
}


def parse(schaal: str, raw: str) -> Waarde:
    """Validate and normalize one typed or imported value; Dutch errors name the problem."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Er is geen waarde ingevuld."))
    parser = _PARSERS.get(schaal)
    if parser is None:
        raise ValidationError(_("Onbekende schaal '%(s)s'."), params={"s": schaal})
    return parser(text)


def _ordinal(text: str, order: list[str], allowed: str) -> Waarde:
    if text not in order:
        raise ValidationError(
            _("'%(w)s' hoort niet bij deze schaal; kies uit %(toegestaan)s."),
            params={"w": text, "toegestaan": allowed},
        )
    return Waarde(text, Decimal(order.index(text) + 1))


def _fmt(value: Decimal) -> str:
    normalized = value.normalize()
    text = format(normalized, "f")
    return text.replace(".", ",")
