"""Recording and withdrawing consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from ..fields import datum_veld
from ..partners.models import Partnerorganisatie
from .models import ToestemmingDoel, ToestemmingGever


def _een_jaar_later(datum: dt.date) -> dt.date:
    try:
        return datum.replace(year=datum.year + 1)
    except ValueError:  # 29 February
        return datum.replace(year=datum.year + 1, day=28)


class ToestemmingForm(forms.Form):
    doel = forms.ChoiceField(label="Waarvoor", choices=ToestemmingDoel.choices)
    partner = forms.ModelChoiceField(
        label="Partnerorganisatie",
        queryset=Partnerorganisatie.objects.none(),
        required=False,
        empty_label="– geen –",
        help_text="Verplicht bij 'informatie delen': met wie mag de school informatie delen?",
    )
    gegeven_door = forms.ChoiceField(
        label="Gegeven door", choices=ToestemmingGever.choices, widget=forms.RadioSelect
    )
    naam_gever = forms.CharField(label="Naam van wie toestemming gaf", max_length=120)
    gegeven_op = datum_veld("Gegeven op", required=True)
    geldig_tot = datum_veld("Geldig tot en met", required=True)

    def __init__(self, *args: Any, partners: QuerySet[Partnerorganisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        if not self.is_bound:
            vandaag = timezone.localdate()
            self.initial.setdefault("gegeven_op", vandaag)
            self.initial.setdefault("geldig_tot", _een_jaar_later(vandaag))


class IntrekkenForm(forms.Form):
    toelichting = forms.CharField(
        label="Toelichting (niet verplicht)",
        help_text="Bijvoorbeeld: wie trok de toestemming in, en hoe (telefoon, brief, gesprek).",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
