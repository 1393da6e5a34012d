"""Giving a handelingsadvies and the mentor's judgement of it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from groepsplan.models import Plangroep

from .models import AdviesBestemming
from .services import PLANGROEP_DOELVELDEN


class AdviesForm(forms.Form):
    tekst = forms.CharField(
        label="Handelingsadvies",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Concreet en haalbaar in de klas: wat doen mentor en docenten anders?",
    )
    bestemming = forms.ChoiceField(
        label="Opnemen in",
        choices=AdviesBestemming.choices,
        widget=forms.RadioSelect,
        initial=AdviesBestemming.GROEPSPLAN,
    )


class PlangroepVeld(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.naam} ({obj.get_soort_display().lower()})"


class AdviesBeoordelenForm(forms.Form):
    """Take an advice over (reworded if needed) or explain why not."""

    actie = forms.ChoiceField(
        choices=[("overnemen", "Overnemen"), ("niet", "Niet overnemen")],
        widget=forms.HiddenInput,
    )
    tekst = forms.CharField(
        label="Zo neem ik het op",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="U mag het advies in uw eigen woorden overnemen.",
    )
    plangroep = PlangroepVeld(
        label="Bij welke groep in het plan", queryset=Plangroep.objects.none(), required=False
    )
    veld = forms.ChoiceField(
        label="In",
        choices=[
            (v, {"aanpak": "Aanpak", "inhoud": "Inhoud", "organisatie": "Organisatie"}[v])
            for v in PLANGROEP_DOELVELDEN
        ],
        required=False,
    )
    toelichting = forms.CharField(
        label="Waarom niet (bij niet overnemen)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, plangroepen: QuerySet[Plangroep], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plangroep"].queryset = plangroepen  # type: ignore[attr-defined]
