"""A partner organisation and linking a ZAT-lid account to it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from zorgroute.forms import version_field
from zorgroute.models import Gebruiker

from ..fields import PersoonVeld
from .models import PartnerSoort


class PartnerForm(forms.Form):
    version = version_field(None)
    naam = forms.CharField(label="Naam", max_length=120)
    soort = forms.ChoiceField(label="Soort organisatie", choices=PartnerSoort.choices)


class PartnerlidForm(forms.Form):
    gebruiker = PersoonVeld(
        label="Account (rol ZAT-lid)",
        queryset=Gebruiker.objects.none(),
        help_text="De beheerder maakt het account aan met de rol ZAT-lid.",
    )
    functie = forms.CharField(label="Functie", max_length=120, required=False)

    def __init__(self, *args: Any, accounts: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = accounts  # type: ignore[attr-defined]
