"""Forms for configuring what is measured and for entering results. Validation of input
only: choice lists are limited to the current school; the rules (scale of a drempel,
uniqueness) run in `services_meten` and `imports`, which own the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zorgroute.forms import AccessibleBoundField, BeheerMeta, BeheerModelForm
from zorgroute.models import Vak

from .models import CruciaalMoment, Domein, Hulpzin, Ijkpunt, Meetinstrument, Toetsmoment

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class MeetinstrumentForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Meetinstrument
        fields = ["naam", "soort", "schaal", "vak", "actief"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vak"].queryset = Vak.objects.order_by("naam")  # type: ignore[attr-defined]


class DomeinForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Domein
        fields = ["code", "naam", "volgorde"]


class ToetsmomentForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Toetsmoment
        fields = ["naam", "datum"]


class DomeinChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.instrument.naam}: {obj.code} – {obj.naam}"


class IjkpuntForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Ijkpunt
        fields = ["domein", "soort", "drempel", "aantal_momenten", "leerjaar", "reden", "actief"]
        field_classes = {"domein": DomeinChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domein"].queryset = Domein.objects.select_related(  # type: ignore[attr-defined]
            "instrument"
        ).order_by("instrument__naam", "volgorde", "code")
        self.fields["aantal_momenten"].required = False
        self.fields["drempel"].help_text = _(
            "Voor 'onder' en 'op of boven de drempel', in de schaal van het meetinstrument: "
            "bijvoorbeeld III, C, 2F of 5,5."
        )


class CruciaalMomentForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = CruciaalMoment
        fields = ["naam", "leerjaar", "maand", "domein", "vooruitkijken"]
        field_classes = {"domein": DomeinChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domein"].queryset = Domein.objects.select_related(  # type: ignore[attr-defined]
            "instrument"
        ).order_by("instrument__naam", "volgorde", "code")


class HulpzinForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Hulpzin
        fields = ["categorie", "tekst", "volgorde", "actief"]


# --- entering results ----------------------------------------------------------------------


class PlakForm(forms.Form):
    bound_field_class = AccessibleBoundField

    tekst = forms.CharField(
        label=_("Geplakte regels"),
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_(
            "Kopieer de cellen uit Excel of een export van het leerlingvolgsysteem, inclusief "
            "de kopregel: leerlingnummer (of naam) en daarna één kolom per domeincode. Tabs of "
            "puntkomma's als scheiding."
        ),
    )


class UploadForm(forms.Form):
    bound_field_class = AccessibleBoundField

    bestand = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        help_text=_(
            "Eerste regel: leerlingnummer (of naam), daarna de domeincodes. Extra kolommen uit "
            "het leerlingvolgsysteem, zoals naam of klas, mogen blijven staan."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_bestand(self) -> Any:
        bestand = self.cleaned_data["bestand"]
        naam = (bestand.name or "").lower()
        if not naam.endswith((".csv", ".txt", ".xlsx")):
            raise ValidationError(_("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."))
        if bestand.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Het bestand is groter dan 5 MB; splits het bestand."))
        return bestand
