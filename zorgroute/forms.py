"""Form building blocks the apps share: accessible fields, the date input, and the base of
every beheer form (school-limited choices, the version field, model rules run in the
services inside the tenant and under a row lock, where they cannot race)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.boundfield import BoundField

from .models import (
    School,
)
from .versioning import VERSION_FIELD


class AccessibleBoundField(BoundField):
    """Links help and error text to the input with the ids templates/partials/field.html
    renders (`<id>_helptext`, `<id>_error`)."""

    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_helptext")
            if self.errors:
                ids.append(f"{self.auto_id}_error")
        return " ".join(ids)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, exc.error_list)


def version_field(version: int | None) -> forms.Field:
    """The hidden field a versioned form carries: the version the user saw."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, initial=version)


class BeheerFormMixin:
    """School-bound form: `school` limits every choice; `version` makes an update form
    carry the row's `versie` so a stale save is refused (`zorgroute.versioning`)."""

    bound_field_class: type[BoundField] | None = AccessibleBoundField
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def setup(self, school: School, version: int | None) -> None:
        self.school = school
        if version is not None:
            self.fields[VERSION_FIELD] = version_field(version)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if VERSION_FIELD in self.fields and data.get(VERSION_FIELD) is None:
            # A versioned form posted without a version never matches a row (versie >= 1):
            # it is a conflict, not a save over whatever is stored now.
            data[VERSION_FIELD] = 0
        return data


def _formfield(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Relation fields start with an empty choice list (the model's default manager is
    tenant-scoped and cannot be read at import time); every form sets this school's
    choices in __init__, and a field that forgets stays empty: fail-closed."""
    if isinstance(field, models.ForeignKey | models.ManyToManyField):
        kwargs.setdefault("queryset", field.remote_field.model._base_manager.none())
    return field.formfield(**kwargs)


class BeheerMeta:
    formfield_callback = staticmethod(_formfield)


class BeheerModelForm(BeheerFormMixin, forms.ModelForm):
    def __init__(
        self, *args: Any, school: School, version: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup(school, version)

    def _post_clean(self) -> None:
        # Model validation (clean(), constraints) runs in the service, which owns the write.
        # Skipping it here also keeps self.instance untouched for the conflict display.
        pass


class BeheerForm(BeheerFormMixin, forms.Form):
    def __init__(
        self, *args: Any, school: School, version: int | None = None, **kwargs: Any
    ) -> None:
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.setup(school, version)


# --- schooljaren, periodes, afdelingen, vakken ---------------------------------------------


# --- groepen and lesgroepen ------------------------------------------------------------------


# --- leerlingen and plaatsingen --------------------------------------------------------------


# --- medewerkers and lidmaatschappen ---------------------------------------------------------


# --- API clients (REST API for LVS integrators) ---------------------------------------------
