"""Forms for configuring what is measured. Validation of input only: choice lists are
limited to the current school; the rules (scale of a drempel, uniqueness) run in
`meten.services` and `imports`, which own the writes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgroute.forms import BeheerMeta, BeheerModelForm
from zorgroute.models import Vak

from ..models import CruciaalMoment, Domein, Hulpzin, Ijkpunt, Meetinstrument, Toetsmoment


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
