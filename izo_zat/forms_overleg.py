"""Forms of the IZO and ZAT meetings, the reports, decisions, handelingsadviezen and the ZAT
case. They only parse input; the rules live in the services and their Dutch messages land
on the field they name (forms_traject.add_service_error)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from groepsplan.models import Plangroep
from zorgroute.models import Gebruiker

from .forms_traject import _datum
from .models import (
    IZO_VERSLAG_ITEMS,
    AdviesBestemming,
    DoorverwijzingSoort,
    DoorverwijzingStatus,
    IzoBesluitSoort,
    Ondersteuningsvorm,
    Partnerorganisatie,
    ZatActieStatus,
)
from .services_advies import PLANGROEP_DOELVELDEN


class PersoonVeld(forms.ModelChoiceField):
    """A person, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.volledige_naam)


class PersonenVeld(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.volledige_naam)


def _tekst(label: str, *, help_text: str = "", rows: int = 3, required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class OverlegForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    datum = _datum("Datum", required=True)
    tijd = forms.TimeField(
        label="Tijd", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    plaats = forms.CharField(label="Plaats", max_length=120, required=False)
    voorzitter = PersoonVeld(label="Voorzitter", queryset=Gebruiker.objects.none())
    deelnemers = PersonenVeld(
        label="Deelnemers",
        queryset=Gebruiker.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Zij zien het overleg en, op de agenda, de leerlingen die zij mogen zien.",
    )

    def __init__(
        self,
        *args: Any,
        voorzitters: QuerySet[Gebruiker],
        deelnemers: QuerySet[Gebruiker],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["voorzitter"].queryset = voorzitters  # type: ignore[attr-defined]
        self.fields["deelnemers"].queryset = deelnemers  # type: ignore[attr-defined]


class IzoVerslagForm(forms.Form):
    """The twelve items of bijlage 22, with bijlage 21's explanation as help text."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, personen: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam, label, uitleg in IZO_VERSLAG_ITEMS:
            self.fields[naam] = _tekst(label, help_text=uitleg)
        self.fields["informeert_leerling"] = PersoonVeld(
            label="Wie bespreekt de uitkomst met de leerling?",
            queryset=personen,
            required=False,
            empty_label="– nog niet gekozen –",
        )
        self.fields["informeert_ouders"] = PersoonVeld(
            label="Wie bespreekt de uitkomst met de ouders?",
            queryset=personen,
            required=False,
            empty_label="– nog niet gekozen –",
            help_text="Bij voorkeur één contactpersoon voor de ouders.",
        )
        self.fields["evaluatiedatum"] = _datum(
            "Evaluatie in het IZO van",
            help_text="Op deze datum staat de leerling weer op de agenda van het IZO.",
        )

    def velden(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class IzobesluitForm(forms.Form):
    soort = forms.ChoiceField(
        label="Wat is besloten?", choices=IzoBesluitSoort.choices, widget=forms.RadioSelect
    )
    vorm = forms.ChoiceField(
        label="Vorm van ondersteuning",
        choices=[("", "– kies –"), *Ondersteuningsvorm.choices],
        required=False,
        help_text="Alleen bij begeleiding of ondersteuning van de leerling.",
    )
    omschrijving = forms.CharField(
        label="Wat, met welk doel (bij het ZAT: de vraag aan het ZAT)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    uitvoerder = PersoonVeld(
        label="Wie voert het uit?",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="– medewerker van school –",
    )
    uitvoerder_extern = forms.CharField(
        label="Of: wie buiten school", max_length=120, required=False
    )
    frequentie = forms.CharField(
        label="Hoe vaak",
        max_length=60,
        required=False,
        help_text="Bijvoorbeeld: 1 keer per week, 45 minuten.",
    )
    duur = forms.CharField(
        label="Hoe lang", max_length=60, required=False, help_text="Bijvoorbeeld: 8 weken."
    )
    startdatum = _datum("Start")
    evaluatiedatum = _datum("Evaluatie op")

    def __init__(self, *args: Any, personen: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["uitvoerder"].queryset = personen  # type: ignore[attr-defined]


class AdviesForm(forms.Form):
    tekst = forms.CharField(
        label="Handelingsadvies",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Concreet en haalbaar in de klas: wat doen mentor en docenten anders?",
    )
    bestemming = forms.ChoiceField(
        label="Opnemen in",
        choices=AdviesBestemming.choices,
        widget=forms.RadioSelect,
        initial=AdviesBestemming.GROEPSPLAN,
    )


class AfsluitenOverlegForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class ZatVerslagForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    snelle_ronde = _tekst(
        "Snelle ronde",
        help_text="Aanvullende informatie en verhelderingsvragen: wat is de hulpvraag van de "
        "leerling (en de ouders), wat de begeleidingsvraag van mentor en docenten?",
    )
    analyse = _tekst(
        "Multidisciplinaire analyse",
        help_text="Wat heeft deze leerling, in dit gezin en in deze school nodig? Iedere "
        "deelnemer vanuit de eigen expertise.",
        rows=4,
    )
    richting_leerling = _tekst("Oplossingsrichting: de leerling", rows=2)
    richting_gezin = _tekst("Oplossingsrichting: het gezin", rows=2)
    richting_school = _tekst("Oplossingsrichting: school", rows=2)
    besluiten = _tekst(
        "Besluiten over interventies en doelen",
        help_text="Wie doet wat met welk doel staat in het plan van aanpak van de casus.",
    )
    samenvatting = _tekst("Samenvatting van afspraken en vervolgstappen")
    evaluatiedatum = _datum(
        "Evaluatie in het ZAT van",
        help_text="Op deze datum staat de casus weer op de agenda van het ZAT.",
    )

    def velden(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class DelenForm(forms.Form):
    gebruiker = PersoonVeld(
        label="Met wie", queryset=Gebruiker.objects.none(), empty_label="– kies een ZAT-lid –"
    )
    geldig_tot = _datum(
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
    deadline = _datum("Vóór")

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


class ZatActieBijwerkenForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label="Status", choices=ZatActieStatus.choices)
    voortgang = _tekst("Voortgang", help_text="Wat is er gedaan en met welk resultaat?")


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
    aangevraagd_op = _datum("Aangevraagd op")
    toelichting = _tekst("Toelichting", rows=2)

    def __init__(self, *args: Any, partners: QuerySet[Partnerorganisatie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]


class DoorverwijzingBijwerkenForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    status = forms.ChoiceField(label="Status", choices=DoorverwijzingStatus.choices)
    toelichting = _tekst("Toelichting", rows=2)


class CasusForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
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
    terugkoppeling_ouders = _tekst("Terugkoppeling aan leerling en ouders", rows=2)
    terugkoppeling_school_door = PersoonVeld(
        label="Wie koppelt de handelingsadviezen terug naar school?",
        queryset=Gebruiker.objects.none(),
        required=False,
        empty_label="– nog niet gekozen –",
    )
    terugkoppeling_school = _tekst("Terugkoppeling aan school", rows=2)
    zat_datum = _datum("Bespreken in het ZAT van")

    def __init__(self, *args: Any, personen: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for veld in ("casusregisseur", "terugkoppeling_ouders_door", "terugkoppeling_school_door"):
            self.fields[veld].queryset = personen  # type: ignore[attr-defined]


class CasusAfsluitenForm(forms.Form):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    afsluitreden = forms.CharField(
        label="Waarom wordt de casus afgesloten?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Schrijf op waarom de casus wordt afgesloten."},
    )


class PartnerlidForm(forms.Form):
    gebruiker = PersoonVeld(
        label="Account (rol ZAT-lid)",
        queryset=Gebruiker.objects.none(),
        help_text="De beheerder maakt het account aan met de rol ZAT-lid.",
    )
    functie = forms.CharField(label="Functie", max_length=120, required=False)

    def __init__(self, *args: Any, accounts: QuerySet[Gebruiker], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebruiker"].queryset = accounts  # type: ignore[attr-defined]


class PlangroepVeld(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.naam} ({obj.get_soort_display().lower()})"


class AdviesBeoordelenForm(forms.Form):
    """Take an advice over (reworded if needed) or explain why not."""

    actie = forms.ChoiceField(
        choices=[("overnemen", "Overnemen"), ("niet", "Niet overnemen")],
        widget=forms.HiddenInput,
    )
    tekst = forms.CharField(
        label="Zo neem ik het op",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="U mag het advies in uw eigen woorden overnemen.",
    )
    plangroep = PlangroepVeld(
        label="Bij welke groep in het plan", queryset=Plangroep.objects.none(), required=False
    )
    veld = forms.ChoiceField(
        label="In",
        choices=[
            (v, {"aanpak": "Aanpak", "inhoud": "Inhoud", "organisatie": "Organisatie"}[v])
            for v in PLANGROEP_DOELVELDEN
        ],
        required=False,
    )
    toelichting = forms.CharField(
        label="Waarom niet (bij niet overnemen)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, plangroepen: QuerySet[Plangroep], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plangroep"].queryset = plangroepen  # type: ignore[attr-defined]
