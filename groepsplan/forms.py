"""Forms of the groepsplan screens: validation of input only; the writes and their rules live
in groepsplan.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from groepsoverzicht.models import Cyclus
from zorgroute.forms import version_field

from .models import Dag, PlanFormat


class PlanCreateForm(forms.Form):
    """Format (cyclus A: vakoverstijgend; B: convergent or divergent) and the plan's period,
    prefilled with the overview's periode."""

    format = forms.ChoiceField(
        label=_("Format"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies het format."),
            "invalid_choice": _("Kies een format uit de lijst."),
        },
    )
    startdatum = forms.DateField(
        label=_("Startdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vul de startdatum in."), "invalid": _("Geen datum.")},
    )
    einddatum = forms.DateField(
        label=_("Einddatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vul de einddatum in."), "invalid": _("Geen datum.")},
    )

    def __init__(self, *args: Any, cyclus: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if cyclus == Cyclus.A:
            keuzes = [PlanFormat.VAKOVERSTIJGEND]
        else:
            keuzes = [PlanFormat.CONVERGENT, PlanFormat.DIVERGENT]
        field = self.fields["format"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k.value, k.label) for k in keuzes]
        field.initial = keuzes[0].value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, eind = data.get("startdatum"), data.get("einddatum")
        if start and eind and eind < start:
            self.add_error("einddatum", _("De einddatum ligt vóór de startdatum."))
        return data


class DoelForm(forms.Form):
    tekst = forms.CharField(
        label=_("Doel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf het doel op.")},
    )
    version = version_field(None)


class DoelDeleteForm(forms.Form):
    """Removing a goal carries the version the user saw."""

    version = forms.IntegerField(min_value=0)


class RoosterForm(forms.Form):
    plangroep = forms.TypedChoiceField(
        label=_("Groep"), coerce=int, error_messages={"required": _("Kies de groep.")}
    )
    dag = forms.TypedChoiceField(
        label=_("Dag"),
        coerce=int,
        choices=Dag.choices,
        error_messages={"required": _("Kies de dag.")},
    )
    moment = forms.CharField(
        label=_("Lesuur of tijd"),
        max_length=40,
        error_messages={"required": _("Vul het lesuur of de tijd in.")},
    )
    docent = forms.TypedChoiceField(label=_("Docent"), coerce=int, required=False, empty_value=None)
    omschrijving = forms.CharField(label=_("Wat"), max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        plangroepen: list[tuple[int, str]],
        docenten: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for naam, leeg, keuzes in (
            ("plangroep", _("— kies een groep —"), plangroepen),
            ("docent", _("— geen —"), docenten),
        ):
            field = self.fields[naam]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", leeg), *keuzes]


class AfsluitenForm(forms.Form):
    afsluitreden = forms.CharField(
        label=_("Reden van afsluiten"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Schrijf op waarom het plan zonder evaluatie wordt afgesloten.")
        },
    )


class VerplaatsForm(forms.Form):
    """Move a pupil within a deel: `naar` is a plangroep id, "individueel" for a row of their
    own, or empty for only the basisgroep."""

    leerling = forms.IntegerField()
    deel = forms.CharField(max_length=12)
    naar = forms.CharField(max_length=20, required=False)


class NieuweGroepForm(forms.Form):
    """A new subgroep (from a suggestion, or empty) or a single-pupil row."""

    deel = forms.CharField(max_length=12)
    soort = forms.ChoiceField(choices=[("sub", "sub"), ("individueel", "individueel")])
    naam = forms.CharField(max_length=60, required=False)
    leerlingen = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args: Any, leerling_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leerlingen"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(i, str(i)) for i in leerling_ids]
