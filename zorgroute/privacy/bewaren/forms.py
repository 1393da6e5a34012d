"""Input of the retention pages: the terms and a legal hold."""

from __future__ import annotations

from typing import Any

from django import forms

from ...forms import version_field
from ...models import Leerling


class BewaartermijnenForm(forms.Form):
    version = version_field(None)
    zorgdossier_jaren = forms.IntegerField(
        label="Zorgdossier: jaren na vertrek",
        min_value=1,
        max_value=20,
        error_messages={
            "required": "Vul het aantal jaren in dat het zorgdossier bewaard blijft.",
            "min_value": "Het zorgdossier blijft minstens 1 jaar na vertrek bewaard.",
            "max_value": "Een bewaartermijn is hoogstens 20 jaar.",
            "invalid": "Vul een heel aantal jaren in.",
        },
    )
    opp_verwijzing_jaren = forms.IntegerField(
        label="OPP en verwijzingen: jaren na vertrek",
        min_value=1,
        max_value=20,
        error_messages={
            "required": "Vul het aantal jaren in dat OPP's en verwijzingen bewaard blijven.",
            "min_value": "OPP's en verwijzingen blijven minstens 1 jaar na vertrek bewaard.",
            "max_value": "Een bewaartermijn is hoogstens 20 jaar.",
            "invalid": "Vul een heel aantal jaren in.",
        },
    )


class BewaarblokkadeForm(forms.Form):
    leerling = forms.ModelChoiceField(
        label="Leerling",
        queryset=Leerling.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": "Kies de leerling voor wie de bewaarblokkade geldt.",
            "invalid_choice": "Deze leerling hoort niet bij deze school.",
        },
    )
    reden = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld een lopende klacht, bezwaar of rechtszaak. Geen medische details.",
        error_messages={
            "required": "Vul de reden van de bewaarblokkade in.",
            "max_length": "De reden is te lang: gebruik hoogstens 2000 tekens.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leerling"].queryset = Leerling.objects.order_by(  # type: ignore[attr-defined]
            "achternaam", "voornaam"
        )
