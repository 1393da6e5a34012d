"""Forms of the IZO and ZAT meetings and the IZO report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from zorgroute.forms import version_field
from zorgroute.models import Gebruiker

from ..fields import PersonenVeld, PersoonVeld, datum_veld, tekst_veld
from .models import IZO_VERSLAG_ITEMS, IzoBesluitSoort, Ondersteuningsvorm


class OverlegForm(forms.Form):
    version = version_field(None)
    datum = datum_veld("Datum", required=True)
    tijd = forms.TimeField(
        label="Tijd", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    plaats = forms.CharField(label="Plaats", max_length=120, required=False)
    voorzitter = PersoonVeld(label="Voorzitter", queryset=Gebruiker.objects.none())
    deelnemers = PersonenVeld(
        label="Deelnemers",
        queryset=Gebruiker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Zij zien het overleg en, op de agenda, de leerlingen die zij mogen zien.",
    )

    def __init__(
        self,
        *args: Any,
        voorzitters: QuerySet[Gebruiker],
        deelnemers: QuerySet[Gebruiker],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voorzitter"].queryset = voorzitters  # type: ignore[attr-defined]
        self.fields["deelnemers"].queryset = deelnemers  # type: ignore[attr-defined]


class IzoVerslagForm(forms.Form):
    """The twelve items of bijlage 22, with bijlage 21's explanation as help text."""

    version = version_field(None)

    def __init__(self, *args: Any, personen: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam, label, uitleg in IZO_VERSLAG_ITEMS:
            self.fields[naam] = tekst_veld(label, help_text=uitleg)
        self.fields["informeert_leerling"] = PersoonVeld(
            label="Wie bespreekt de uitkomst met de leerling?",
            queryset=personen,
            required=False,
            empty_label="– nog niet gekozen –",
        )
        self.fields["informeert_ouders"] = PersoonVeld(
            label="Wie bespreekt de uitkomst met de ouders?",
            queryset=personen,
            required=False,
            empty_label="– nog niet gekozen –",
            help_text="Bij voorkeur één contactpersoon voor de ouders.",
        )
        self.fields["evaluatiedatum"] = datum_veld(
            "Evaluatie in het IZO van",
            help_text="Op deze datum staat de leerling weer op de agenda van het IZO.",
        )

    def velden(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class IzobesluitForm(forms.Form):
    soort = forms.ChoiceField(
        label="Wat is besloten?", choices=IzoBesluitSoort.choices, widget=forms.RadioSelect
    )
    vorm = forms.ChoiceField(
        label="Vorm van ondersteuning",
        choices=[("", "– kies –"), *Ondersteuningsvorm.choices],
        required=False,
        help_text="Alleen bij begeleiding of ondersteuning van de leerling.",
    )
    omschrijving = forms.CharField(
        label="Wat, met welk doel (bij het ZAT: de vraag aan het ZAT)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    uitvoerder = PersoonVeld(
        label="Wie voert het uit?",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="– medewerker van school –",
    )
    uitvoerder_extern = forms.CharField(
        label="Of: wie buiten school", max_length=120, required=False
    )
    frequentie = forms.CharField(
        label="Hoe vaak",
        max_length=60,
        required=False,
        help_text="Bijvoorbeeld: 1 keer per week, 45 minuten.",
    )
    duur = forms.CharField(
        label="Hoe lang", max_length=60, required=False, help_text="Bijvoorbeeld: 8 weken."
    )
    startdatum = datum_veld("Start")
    evaluatiedatum = datum_veld("Evaluatie op")

    def __init__(self, *args: Any, personen: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uitvoerder"].queryset = personen  # type: ignore[attr-defined]


class AfsluitenOverlegForm(forms.Form):
    version = version_field(None)
