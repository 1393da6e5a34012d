"""The posted planwijzer form: validation of input only; the write is
`services.planwijzer_update`."""

from __future__ import annotations

from django import forms

from groepsoverzicht.checklists import NAAR_WAARDE

from . import PLANWIJZER
from .services import Antwoord


class PlanwijzerForm(forms.Form):
    """The planwijzer as posted: per item the choice (ja/nee/open) and a remark, the
    afspraken, and what the screen showed (`gezien-…`) so a colleague's change is not
    overwritten. Anything missing counts as open and empty."""

    def _antwoord(self, prefix: str, code: str) -> Antwoord:
        return (
            NAAR_WAARDE.get(self.data.get(f"{prefix}antwoord-{code}", "open")),
            self.data.get(f"{prefix}opmerking-{code}", ""),
        )

    def antwoorden(self) -> dict[str, Antwoord]:
        antwoorden = {item.code: self._antwoord("", item.code) for item in PLANWIJZER.items}
        antwoorden[PLANWIJZER.afspraken] = (None, self.data.get("afspraken", ""))
        return antwoorden

    def gezien(self) -> dict[str, Antwoord]:
        gezien = {
            item.code: self._antwoord("gezien-", item.code)
            for item in PLANWIJZER.items
            if f"gezien-antwoord-{item.code}" in self.data
        }
        if "gezien-afspraken" in self.data:
            gezien[PLANWIJZER.afspraken] = (None, self.data["gezien-afspraken"])
        return gezien
