"""Form fields the IZO and ZAT forms share."""

from __future__ import annotations

from typing import Any

from django import forms


def datum_veld(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PersoonVeld(forms.ModelChoiceField):
    """A person, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.volledige_naam)


class PersonenVeld(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.volledige_naam)


def tekst_veld(label: str, *, help_text: str = "", rows: int = 3, required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )
