"""Form fields the IZO and ZAT forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def datum_veld(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
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
