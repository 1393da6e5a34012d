"""Forms for carrying out and evaluating a groepsplan: validation only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import DoelResultaat, Plangroep, Vervolg


class BijstellingForm(forms.Form):
    prefix = "bijstelling"
    plangroep = forms.ModelChoiceField(
        label=_("Voor welke groep (optioneel)"),
        queryset=Plangroep.objects.none(),
        required=False,
        empty_label=_("Het hele plan"),
    )
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    wijziging = forms.CharField(
        label=_("Wat wordt anders"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args: Any, plangroepen: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plangroep"].queryset = plangroepen  # type: ignore[attr-defined]


class LogboekForm(forms.Form):
    prefix = "logboek"
    tekst = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class EvaluatieRijForm(forms.Form):
    """One evaluation of a goal: for the group or one pupil. Left empty: not evaluated yet."""

    resultaat = forms.ChoiceField(
        label=_("Resultaat"),
        choices=[("", "—"), *DoelResultaat.choices],
        required=False,
    )
    toelichting = forms.CharField(
        label=_("Waarom"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    vervolg = forms.ChoiceField(
        label=_("Vervolg"), choices=[("", "—"), *Vervolg.choices], required=False
    )
    #: The version of the stored evaluation the user saw (0: there was none yet).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ingevuld = data.get("resultaat") or data.get("vervolg") or data.get("toelichting")
        if ingevuld:
            if not data.get("resultaat"):
                self.add_error("resultaat", _("Kies of het doel is bereikt."))
            if not data.get("vervolg"):
                self.add_error("vervolg", _("Kies doorgaan, stoppen of bijstellen."))
        data["version"] = data.get("version") or 0
        return data

    @property
    def ingevuld(self) -> bool:
        return bool(self.cleaned_data.get("resultaat"))


class AfrondenForm(forms.Form):
    prefix = "afronden"
    eindevaluatie = forms.CharField(
        label=_("Wat heeft het plan opgeleverd?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )
