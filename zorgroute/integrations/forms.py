"""Forms of the koppelingen: a new API client and a new webhook."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgroute.forms import BeheerForm
from zorgroute.models import (
    ApiScope,
)


class ApiClientForm(BeheerForm):
    naam = forms.CharField(
        label=_("Naam"),
        max_length=100,
        help_text=_("Bijvoorbeeld: Magister (leerlingadministratie)."),
    )
    bron = forms.SlugField(
        label=_("Bron"),
        max_length=40,
        help_text=_(
            "Het systeem waar de externe ids vandaan komen, in kleine letters, bijvoorbeeld "
            "magister. Clients met dezelfde bron herkennen elkaars leerlingen."
        ),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Wat mag deze koppeling?"),
        choices=ApiScope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Geef alleen wat de koppeling nodig heeft."),
    )
    max_per_minuut = forms.IntegerField(
        label=_("Maximaal aantal verzoeken per minuut"), min_value=1, max_value=100_000, initial=600
    )


class WebhookForm(BeheerForm):
    url = forms.CharField(
        label=_("Adres (URL) van de ontvanger"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "url"}),
        help_text=_(
            "Een https-adres van de koppeling. Zorgroute stuurt hier elke minuut de nieuwe "
            "wijzigingen naartoe, ondertekend met het geheim dat je na het aanmaken ziet."
        ),
    )
