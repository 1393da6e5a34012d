"""Forms of the meeting screen, the close step and the actions. They only parse and check the
input; the rules live in the services (their ValidationErrors land on the fields)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from besprekingen.models import BesluitSoort
from besprekingen.rules import STANDAARD_ACTIETERMIJN
from zorgroute.forms import version_field
from zorgroute.models import Gebruiker, Leerling


def _leerling_keuzes(leerlingen: Sequence[Leerling]) -> list[tuple[str, str]]:
    return [(str(ll.pk), ll.volledige_naam) for ll in leerlingen]


class VerslagpuntForm(forms.Form):
    punt = forms.CharField(widget=forms.HiddenInput)
    tekst = forms.CharField(
        label=_("Afspraken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat is er bij dit punt afgesproken? Wordt opgenomen in het verslag."),
    )
    version = version_field(None)


class BesluitForm(forms.Form):
    punt = forms.CharField(widget=forms.HiddenInput)
    leerling = forms.TypedChoiceField(
        label=_("Leerling"),
        coerce=int,
        error_messages={
            "required": _("Kies de leerling."),
            "invalid_choice": _("Kies de leerling."),
        },
    )
    soort = forms.ChoiceField(
        label=_("Soort besluit"),
        choices=[c for c in BesluitSoort.choices if c[0] != BesluitSoort.EVALUATIE],
        error_messages={"required": _("Kies wat er besloten is.")},
    )
    tekst = forms.CharField(
        label=_("Besluit of afspraak"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf op wat er besloten of afgesproken is.")},
    )

    def __init__(self, *args: Any, leerlingen: Sequence[Leerling], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leerling"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "— kies een leerling —"), *_leerling_keuzes(leerlingen)]


class EvaluatieForm(forms.Form):
    """One click: "evaluatie vastleggen" for an open bilateraal overleg."""

    evalueert = forms.IntegerField(widget=forms.HiddenInput)
    tekst = forms.CharField(
        label=_("Hoe is het gegaan? (optioneel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActieForm(forms.Form):
    omschrijving = forms.CharField(
        label=_("Wat moet er gebeuren"),
        max_length=300,
        error_messages={"required": _("Schrijf op wat er moet gebeuren.")},
    )
    eigenaar = forms.TypedChoiceField(
        label=_("Wie"),
        coerce=int,
        error_messages={
            "required": _("Kies wie dit doet."),
            "invalid_choice": _("Kies wie dit doet."),
        },
    )
    deadline = forms.DateField(
        label=_("Vóór"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Kies vóór wanneer het gedaan moet zijn."),
            "invalid": _("Vul een geldige datum in."),
        },
    )
    leerling = forms.TypedChoiceField(
        label=_("Over leerling (optioneel)"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        deelnemers: Sequence[Gebruiker],
        medewerkers: Sequence[Gebruiker],
        leerlingen: Sequence[Leerling],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"deadline": timezone.localdate() + STANDAARD_ACTIETERMIJN})
        super().__init__(*args, **kwargs)
        deelnemer_ids = {g.pk for g in deelnemers}
        eigenaar = self.fields["eigenaar"]
        assert isinstance(eigenaar, forms.ChoiceField)
        keuzes: list[Any] = [("", "— kies wie —")]
        keuzes.append(("Deelnemers", [(str(g.pk), g.volledige_naam) for g in deelnemers]))
        anderen = [(str(g.pk), g.volledige_naam) for g in medewerkers if g.pk not in deelnemer_ids]
        if anderen:
            keuzes.append(("Andere medewerkers", anderen))
        eigenaar.choices = keuzes
        leerling = self.fields["leerling"]
        assert isinstance(leerling, forms.ChoiceField)
        leerling.choices = [("", "— geen —"), *_leerling_keuzes(leerlingen)]


class AfsluitenForm(forms.Form):
    samenvatting = forms.CharField(
        label=_("Samenvatting van belangrijkste afspraken en besluiten"),
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": _(
                    "Bijvoorbeeld: drie leerlingen krijgen verlengde instructie bij begrijpend "
                    "lezen; Sanne wordt aangemeld bij het IZO; iedereen start maandag met …"
                ),
            }
        ),
        error_messages={"required": _("Vat de belangrijkste afspraken en besluiten samen.")},
    )
    version = version_field(None)


class AfvinkenForm(forms.Form):
    gedaan = forms.TypedChoiceField(choices=[("1", "gedaan"), ("0", "open")], coerce=int)
    version = version_field(None)
    next = forms.CharField(required=False)
