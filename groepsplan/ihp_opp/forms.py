"""Forms of the IHP and OPP pages: validation of input only; the writes and their rules live
in groepsplan.ihp_opp.services."""

from __future__ import annotations

from typing import Any

from django import forms

from zorgroute.forms import version_field
from zorgroute.models import Vak

from .models import (
    Handelingsplan,
    IhpSoort,
    InstemmingRelatie,
    InstemmingWijze,
    Ontwikkelingsperspectief,
)
from .services import IHP_VELDEN, OPP_VELDEN


class IhpForm(forms.ModelForm):
    version = version_field(None)

    class Meta:
        model = Handelingsplan
        fields = list(IHP_VELDEN)
        widgets = {veld: forms.Textarea(attrs={"rows": 3}) for veld in IHP_VELDEN}


class IhpCreateForm(forms.Form):
    leerling = forms.TypedChoiceField(label="Leerling", coerce=int)
    soort = forms.ChoiceField(label="Soort", choices=IhpSoort.choices)


class InstemmingForm(forms.Form):
    naam = forms.CharField(label="Naam", max_length=150)
    relatie = forms.ChoiceField(label="Relatie", choices=InstemmingRelatie.choices)
    datum = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    wijze = forms.ChoiceField(label="Hoe", choices=InstemmingWijze.choices)


class OppForm(forms.ModelForm):
    version = version_field(None)

    class Meta:
        model = Ontwikkelingsperspectief
        fields = list(OPP_VELDEN)
        widgets = {
            "stimulerende_factoren": forms.Textarea(attrs={"rows": 3}),
            "belemmerende_factoren": forms.Textarea(attrs={"rows": 3}),
            "handelingsdeel": forms.Textarea(attrs={"rows": 5}),
            "startdatum_ondersteuning": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "vastgesteld_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "evaluatiedatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, vakken: list[Vak], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vakken = vakken
        for vak in vakken:
            self.fields[f"vak-{vak.pk}"] = forms.CharField(
                label=f"Verwacht leerrendement {vak.naam}", required=False, max_length=300
            )

    def verwachtingen(self) -> dict[int, str]:
        return {vak.pk: self.cleaned_data.get(f"vak-{vak.pk}") or "" for vak in self.vakken}

    def velden(self) -> dict[str, Any]:
        return {veld: self.cleaned_data.get(veld) for veld in OPP_VELDEN}
