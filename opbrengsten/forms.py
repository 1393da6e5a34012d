"""Forms of the ambities page. Validation only; the service checks the level against the
instrument's scale."""

from __future__ import annotations

from typing import Any

from django import forms

from groepsoverzicht.models import Domein, InstrumentSoort
from zorgroute.forms import version_field
from zorgroute.models import Schooljaar

from .models import AmbitieSoort


class AmbitieDeleteForm(forms.Form):
    """Removing an ambitie: only the version the user saw."""

    version = version_field(None)


class AmbitieForm(forms.Form):
    version = version_field(None)
    soort = forms.ChoiceField(
        label="Soort ambitie",
        choices=AmbitieSoort.choices,
        error_messages={"required": "Kies de soort ambitie.", "invalid_choice": "Kies een soort."},
    )
    leerjaar = forms.IntegerField(
        label="Leerjaar",
        min_value=1,
        max_value=8,
        error_messages={
            "required": "Vul het leerjaar in.",
            "min_value": "Het leerjaar ligt tussen 1 en 8.",
            "max_value": "Het leerjaar ligt tussen 1 en 8.",
            "invalid": "Vul het leerjaar in als getal, bijvoorbeeld 2.",
        },
    )
    domein = forms.ModelChoiceField(
        label="Domein (bij een toetsresultaat)",
        queryset=Domein.objects.none(),
        required=False,
        empty_label="— geen (ambitie voor doelen) —",
        error_messages={"invalid_choice": "Kies een domein van deze school."},
    )
    drempel = forms.CharField(
        label="Niveau (bij een toetsresultaat)",
        required=False,
        max_length=20,
        help_text="In de schaal van de toets, bijvoorbeeld 2F of III.",
    )
    percentage = forms.IntegerField(
        label="Ambitie (% van de leerlingen of doelen)",
        min_value=1,
        max_value=100,
        error_messages={
            "required": "Vul het percentage in.",
            "min_value": "Een ambitie ligt tussen 1 en 100 procent.",
            "max_value": "Een ambitie ligt tussen 1 en 100 procent.",
            "invalid": "Vul een heel getal in, bijvoorbeeld 80.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domein"].queryset = (  # type: ignore[attr-defined]
            Domein.objects.filter(
                instrument__soort__in=[InstrumentSoort.BASISVAARDIGHEDEN, InstrumentSoort.VAKTOETS]
            )
            .select_related("instrument")
            .order_by("instrument__naam", "volgorde", "code")
        )
        self.fields["domein"].label_from_instance = (  # type: ignore[attr-defined]
            lambda d: f"{d.code} – {d.naam} ({d.instrument.naam})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("soort") == AmbitieSoort.TOETS:
            if not data.get("domein"):
                self.add_error("domein", "Kies het domein van de toets (bijvoorbeeld BL).")
            if not (data.get("drempel") or "").strip():
                self.add_error("drempel", "Vul het niveau in dat de leerlingen moeten halen.")
        return data


class KopieerAmbitiesForm(forms.Form):
    bron = forms.ModelChoiceField(
        label="Neem de ambities over van",
        queryset=Schooljaar.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Kies een schooljaar van deze school."},
    )

    def __init__(self, *args: Any, doel: Schooljaar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bron"].queryset = Schooljaar.objects.exclude(  # type: ignore[attr-defined]
            pk=doel.pk
        ).order_by("-startdatum")
