"""The filters of the access-log review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from ...models import Gebruiker
from .selectors import SOORTEN, Filter, gebruikers_van_school


class GebruikerKeuze(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.volledige_naam)


class InzageFilterForm(forms.Form):
    gebruiker = GebruikerKeuze(
        label="Medewerker",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="Alle medewerkers",
        error_messages={"invalid_choice": "Deze medewerker hoort niet bij deze school."},
    )
    leerling = forms.CharField(
        label="Leerling (naam of leerlingnummer)", max_length=100, required=False
    )
    van = forms.DateField(
        label="Van",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Vul een geldige datum in bij 'Van'."},
    )
    tot = forms.DateField(
        label="Tot en met",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Vul een geldige datum in bij 'Tot en met'."},
    )
    soort = forms.ChoiceField(
        label="Soort inzage",
        required=False,
        choices=[
            ("", "Alle soorten"),
            *((key, label) for key, (label, _q) in SOORTEN.items()),
            ("overig", "Overige pagina's"),
        ],
        error_messages={"invalid_choice": "Kies een soort inzage uit de lijst."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = gebruikers_van_school()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", "De datum 'Tot en met' ligt vóór de datum 'Van'.")
        return data

    def filter(self, *, vandaag: dt.date) -> Filter:
        """The filter to apply; without a valid form the last 30 days."""
        data = self.cleaned_data if self.is_valid() else {}
        van = data.get("van")
        if not van and not data.get("tot"):
            van = vandaag - dt.timedelta(days=30)
        return Filter(
            gebruiker=data.get("gebruiker"),
            leerling=(data.get("leerling") or "").strip(),
            van=van,
            tot=data.get("tot"),
            soort=data.get("soort") or "",
        )
