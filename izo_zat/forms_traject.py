"""Forms of the traject pages, the consent registry and the partner organisations. The
forms only parse input; the rules (one open traject per pupil, who may consent, partner
required for sharing) live in izo_zat.services_triage and land on the field they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from . import zorgniveaus
from .models import Partnerorganisatie, PartnerSoort, ToestemmingDoel, ToestemmingGever


def _datum(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def add_service_error(
    form: forms.BaseForm, error: ValidationError, *, aliases: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the field it names (`aliases` maps the service's
    field names to the form's), or at the top of the form."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for naam, fouten in error.error_dict.items():
            veld = aliases.get(naam, naam)
            form.add_error(
                veld if veld in form.fields and veld != NON_FIELD_ERRORS else None, fouten
            )
    else:
        form.add_error(None, error.error_list)


class TrajectVerkortForm(forms.Form):
    reden = forms.CharField(
        label="Waarom de verkorte route?",
        help_text="Bijvoorbeeld acute zorg die niet op de volgende groepsbespreking kan wachten.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf op waarom de verkorte route nodig is."},
    )
    zorgniveau = forms.ChoiceField(label="Zorgniveau")
    izo_datum = _datum(
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

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    zorgniveau = forms.ChoiceField(label="Zorgniveau")
    izo_datum = _datum("Bespreken in het IZO van")

    def __init__(self, *args: Any, school_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zorgniveau"].choices = zorgniveaus.keuzes(school_type)  # type: ignore[attr-defined]


class AfsluitenForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    afsluitreden = forms.CharField(
        label="Waarom stopt het traject?",
        help_text="Bijvoorbeeld: doelen bereikt, verder in de klas; of overgedragen aan jeugdzorg.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf op waarom het traject stopt."},
    )


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
    gegeven_op = _datum("Gegeven op", required=True)
    geldig_tot = _datum("Geldig tot en met", required=True)

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


class PartnerForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    naam = forms.CharField(label="Naam", max_length=120)
    soort = forms.ChoiceField(label="Soort organisatie", choices=PartnerSoort.choices)
