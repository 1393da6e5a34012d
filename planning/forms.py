"""Forms of the jaarplanning, the reminder settings, the to-do preferences and the PDF
bundle. Validation only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from zorgroute.forms import DateInput, version_field
from zorgroute.models import Groep, Periode, Schooljaar

from .models import STAPPEN


class CyclusplanningForm(forms.Form):
    version = version_field(None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for veld, label in STAPPEN:
            self.fields[veld] = forms.DateField(
                label=str(label), required=False, widget=DateInput()
            )

    def waarden(self) -> dict[str, Any]:
        return {veld: self.cleaned_data.get(veld) for veld, _label in STAPPEN}


class InstellingForm(forms.Form):
    version = version_field(None)
    herinnering_dagen = forms.IntegerField(
        label="Herinnering … dagen vóór de deadline",
        min_value=0,
        max_value=30,
        error_messages={
            "min_value": "Kies 0 tot 30 dagen.",
            "max_value": "Kies 0 tot 30 dagen.",
            "required": "Vul het aantal dagen in.",
        },
    )
    escalatie_dagen = forms.IntegerField(
        label="Teamleider inlichten na … dagen te laat",
        min_value=1,
        max_value=60,
        error_messages={
            "min_value": "Kies 1 tot 60 dagen.",
            "max_value": "Kies 1 tot 60 dagen.",
            "required": "Vul het aantal dagen in.",
        },
    )


class KopieerForm(forms.Form):
    bron = forms.ModelChoiceField(
        label="Kopieer de cycli van",
        queryset=Schooljaar.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Kies een schooljaar van deze school."},
    )

    def __init__(self, *args: Any, doel: Schooljaar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Schooljaar.objects.exclude(pk=doel.pk).order_by("-startdatum")
        self.fields["bron"].queryset = qs  # type: ignore[attr-defined]


class VoorkeurForm(forms.Form):
    weekoverzicht = forms.BooleanField(
        label="Stuur mij elke maandagochtend mijn open taken in één e-mail", required=False
    )


class BundelForm(forms.Form):
    VORMEN = [("pdf", "Eén PDF"), ("zip", "ZIP met een PDF per groep")]

    periode = forms.ModelChoiceField(
        label="Cyclus",
        queryset=Periode.objects.none(),
        error_messages={
            "required": "Kies een cyclus.",
            "invalid_choice": "Kies een cyclus van deze school.",
        },
    )
    groep = forms.ModelChoiceField(
        label="Groep",
        queryset=Groep.objects.none(),
        required=False,
        empty_label="Alle groepen die ik mag zien",
        error_messages={"invalid_choice": "Kies een groep van deze school."},
    )
    vorm = forms.ChoiceField(label="Als", choices=VORMEN, initial="pdf")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = Periode.objects.select_related(  # type: ignore[attr-defined]
            "schooljaar"
        ).order_by("-startdatum")
        self.fields["groep"].queryset = Groep.objects.order_by("naam")  # type: ignore[attr-defined]
