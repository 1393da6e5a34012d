"""Input of the AVG pages: the reason of an erasure request."""

from __future__ import annotations

from django import forms


class VerzoekForm(forms.Form):
    reden = forms.CharField(
        label="Reden van het verzoek",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: verzoek van de ouders van 12 maart, na uitschrijving.",
        error_messages={
            "required": "Geef een reden voor het verzoek.",
            "max_length": "De reden is te lang (hoogstens %(limit_value)d tekens).",
        },
    )


class ZoekForm(forms.Form):
    q = forms.CharField(
        label="Leerling zoeken (naam of leerlingnummer)",
        max_length=100,
        required=False,
        error_messages={"max_length": "Zoek op hoogstens %(limit_value)d tekens."},
    )
