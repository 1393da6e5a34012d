"""The posted form of a kijkwijzer or begrijpwijzer page."""

from __future__ import annotations

from typing import Any

from django import forms

from . import NAAR_WAARDE, Antwoord, Checklist


class ChecklistForm(forms.Form):
    """The answers of one checklist as posted: per item a choice (`antwoord-<code>`: ja, nee
    or open; anything else counts as open) and a remark, the whole list's afspraken, and per
    item what the screen showed before (`gezien-…`), for the compare-and-swap."""

    def __init__(self, *args: Any, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        for item in checklist.items:
            for name in ("antwoord", "opmerking", "gezien-antwoord", "gezien-opmerking"):
                self.fields[f"{name}-{item.code}"] = forms.CharField(required=False, strip=False)
        for name in ("afspraken", "gezien-afspraken"):
            self.fields[name] = forms.CharField(required=False, strip=False)

    def antwoorden(self) -> dict[str, Antwoord]:
        data = self.cleaned_data
        antwoorden: dict[str, Antwoord] = {
            item.code: (
                NAAR_WAARDE.get(data[f"antwoord-{item.code}"]),
                data[f"opmerking-{item.code}"],
            )
            for item in self.checklist.items
        }
        antwoorden[self.checklist.afspraken] = (None, data["afspraken"])
        return antwoorden

    def gezien(self) -> dict[str, Antwoord]:
        """What the screen showed, for the items the page sent it for."""
        data = self.cleaned_data
        gezien: dict[str, Antwoord] = {
            item.code: (
                NAAR_WAARDE[data[f"gezien-antwoord-{item.code}"]],
                data[f"gezien-opmerking-{item.code}"],
            )
            for item in self.checklist.items
            if data[f"gezien-antwoord-{item.code}"] in NAAR_WAARDE
        }
        if "gezien-afspraken" in self.data:
            gezien[self.checklist.afspraken] = (None, data["gezien-afspraken"])
        return gezien
