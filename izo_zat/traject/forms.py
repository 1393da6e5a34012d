"""Forms of the traject pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zorgroute.forms import version_field

from .. import zorgniveaus
from ..fields import datum_veld


class TrajectVerkortForm(forms.Form):
    reden = forms.CharField(
        label="Waarom de verkorte route?",
        help_text="Bijvoorbeeld acute zorg die niet op de volgende groepsbespreking kan wachten.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf op waarom de verkorte route nodig is."},
    )
    zorgniveau = forms.ChoiceField(label="Zorgniveau")
    izo_datum = datum_veld(
        "Melden in het IZO van",
        help_text="Niet verplicht: de datum van het IZO waarin u het traject meldt.",
    )

    def __init__(self, *args: Any, school_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zorgniveau"].choices = zorgniveaus.keuzes(school_type)  # type: ignore[attr-defined]
        self.fields["zorgniveau"].initial = "2"

    def clean_izo_datum(self) -> dt.date | None:
        datum: dt.date | None = self.cleaned_data.get("izo_datum")
        if datum is not None and datum < timezone.localdate():
            raise ValidationError("Kies een IZO vandaag of later.")
        return datum


class TrajectForm(forms.Form):
    """Care level and IZO date of an open traject (the zorgcoördinator)."""

    version = version_field(None)
    zorgniveau = forms.ChoiceField(label="Zorgniveau")
    izo_datum = datum_veld("Bespreken in het IZO van")

    def __init__(self, *args: Any, school_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zorgniveau"].choices = zorgniveaus.keuzes(school_type)  # type: ignore[attr-defined]


class AfsluitenForm(forms.Form):
    version = version_field(None)
    afsluitreden = forms.CharField(
        label="Waarom stopt het traject?",
        help_text="Bijvoorbeeld: doelen bereikt, verder in de klas; of overgedragen aan jeugdzorg.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf op waarom het traject stopt."},
    )
