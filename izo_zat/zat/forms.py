"""Forms of the ZAT case pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from zorgroute.forms import version_field
from zorgroute.models import Gebruiker

from ..fields import PersoonVeld, datum_veld, tekst_veld
from ..partners.models import Partnerorganisatie
from .models import DoorverwijzingSoort, DoorverwijzingStatus, ZatActieStatus


class ZatVerslagForm(forms.Form):
    version = version_field(None)
    snelle_ronde = tekst_veld(
        "Snelle ronde",
        help_text="Aanvullende informatie en verhelderingsvragen: wat is de hulpvraag van de "
        "leerling (en de ouders), wat de begeleidingsvraag van mentor en docenten?",
    )
    analyse = tekst_veld(
        "Multidisciplinaire analyse",
        help_text="Wat heeft deze leerling, in dit gezin en in deze school nodig? Iedere "
        "deelnemer vanuit de eigen expertise.",
        rows=4,
    )
    richting_leerling = tekst_veld("Oplossingsrichting: de leerling", rows=2)
    richting_gezin = tekst_veld("Oplossingsrichting: het gezin", rows=2)
    richting_school = tekst_veld("Oplossingsrichting: school", rows=2)
    besluiten = tekst_veld(
        "Besluiten over interventies en doelen",
        help_text="Wie doet wat met welk doel staat in het plan van aanpak van de casus.",
    )
    samenvatting = tekst_veld("Samenvatting van afspraken en vervolgstappen")
    evaluatiedatum = datum_veld(
        "Evaluatie in het ZAT van",
        help_text="Op deze datum staat de casus weer op de agenda van het ZAT.",
    )

    def velden(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DelenForm(forms.Form):
    gebruiker = PersoonVeld(
        label="Met wie", queryset=Gebruiker.objects.none(), empty_label="– kies een ZAT-lid –"
    )
    geldig_tot = datum_veld(
        "Toegang tot en met", required=True, help_text="Nooit langer dan de toestemming."
    )
    deelt_aanmelding = forms.BooleanField(
        label="De aanmelding (probleem, hulpvraag, begeleidingsvraag, wat al gedaan is)",
        required=False,
        initial=True,
    )
    deelt_izo_verslagen = forms.BooleanField(
        label="De verslagen van het IZO", required=False, initial=True
    )
    deelt_opp = forms.BooleanField(
        label="Het ontwikkelingsperspectief (OPP)", required=False, initial=False
    )

    def __init__(self, *args: Any, leden: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = leden  # type: ignore[attr-defined]


class ZatActieForm(forms.Form):
    wat = forms.CharField(label="Wat", max_length=300, required=False)
    doel = forms.CharField(label="Met welk doel", required=False)
    partner = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Partnerorganisatie.objects.none(),
        required=False,
        empty_label="– school –",
    )
    uitvoerder = PersoonVeld(
        label="Wie", queryset=Gebruiker.objects.none(), required=False, empty_label="– kies –"
    )
    deadline = datum_veld("Vóór")

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partnerorganisatie],
        personen: QuerySet[Gebruiker],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["uitvoerder"].queryset = personen  # type: ignore[attr-defined]


class ZatActieUpdateForm(forms.Form):
    version = version_field(None)
    status = forms.ChoiceField(label="Status", choices=ZatActieStatus.choices)
    voortgang = tekst_veld("Voortgang", help_text="Wat is er gedaan en met welk resultaat?")


class DoorverwijzingForm(forms.Form):
    soort = forms.ChoiceField(
        label="Verwijzen naar", choices=[("", "– kies –"), *DoorverwijzingSoort.choices]
    )
    partner = forms.ModelChoiceField(
        label="Organisatie",
        queryset=Partnerorganisatie.objects.none(),
        required=False,
        empty_label="– niet van toepassing –",
    )
    aangevraagd_op = datum_veld("Aangevraagd op")
    toelichting = tekst_veld("Toelichting", rows=2)

    def __init__(self, *args: Any, partners: QuerySet[Partnerorganisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class DoorverwijzingUpdateForm(forms.Form):
    version = version_field(None)
    status = forms.ChoiceField(label="Status", choices=DoorverwijzingStatus.choices)
    toelichting = tekst_veld("Toelichting", rows=2)


class CasusForm(forms.Form):
    version = version_field(None)
    casusregisseur = PersoonVeld(
        label="Casusregie",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="– nog niet gekozen –",
        help_text="Wie houdt de regie als er meerdere trajecten naast elkaar lopen?",
    )
    terugkoppeling_ouders_door = PersoonVeld(
        label="Wie koppelt terug naar de leerling en de ouders?",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="– nog niet gekozen –",
    )
    terugkoppeling_ouders = tekst_veld("Terugkoppeling aan leerling en ouders", rows=2)
    terugkoppeling_school_door = PersoonVeld(
        label="Wie koppelt de handelingsadviezen terug naar school?",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="– nog niet gekozen –",
    )
    terugkoppeling_school = tekst_veld("Terugkoppeling aan school", rows=2)
    zat_datum = datum_veld("Bespreken in het ZAT van")

    def __init__(self, *args: Any, personen: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for veld in ("casusregisseur", "terugkoppeling_ouders_door", "terugkoppeling_school_door"):
            self.fields[veld].queryset = personen  # type: ignore[attr-defined]


class CasusAfsluitenForm(forms.Form):
    version = version_field(None)
    afsluitreden = forms.CharField(
        label="Waarom wordt de casus afgesloten?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf op waarom de casus wordt afgesloten."},
    )
