"""The applicant's part of the IZO aanmelding (bijlage 20)."""

from __future__ import annotations

from typing import Any

from django import forms

from zorgroute.forms import version_field

from .models import Aanmelding, TriageUitkomst
from .services import AANMELDING_VELDEN

#: The free-text questions of bijlage 20, grouped as on the paper form.
SECTIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "vraag",
        "Wat is het probleem en de vraag?",
        (
            "probleem",
            "ontstaan",
            "belemmerend",
            "thuissituatie",
            "stimulerend",
            "hulpvraag_leerling",
            "begeleidingsvraag",
        ),
    ),
    (
        "gedaan",
        "Wat is er al gedaan?",
        ("al_gedaan", "eerdere_hulpverlening", "eerder_onderzoek", "diagnose"),
    ),
    (
        "functioneren",
        "Het schoolfunctioneren van de leerling",
        ("sociaal_emotioneel", "werkhouding", "verzuim", "overig"),
    ),
)


ONDERSTEUNING = (
    "ondersteuning_onderzoek",
    "ondersteuning_leerling",
    "ondersteuning_docenten",
    "ondersteuning_ouders",
)


VRAGEN = {
    "probleem": "Wat is het probleem?",
    "ontstaan": "Wanneer zijn de problemen begonnen of ontstaan? Wat is een mogelijke oorzaak?",
    "belemmerend": "Welke factoren belemmeren de ontwikkeling en het leren van de leerling?",
    "thuissituatie": "Hoe functioneert de leerling thuis en/of in de leefomgeving?",
    "stimulerend": (
        "Wat gaat goed op school, thuis of in de vrije tijd? Welke factoren stimuleren de "
        "ontwikkeling en het leren?"
    ),
    "hulpvraag_leerling": (
        "Wat is de hulpvraag van de leerling aan het zorgteam? Welke begeleiding heeft de "
        "leerling vermoedelijk nodig? Wat is de hulpvraag van de ouders?"
    ),
    "begeleidingsvraag": (
        "Wat is de begeleidingsvraag van de mentor en/of docenten aan het zorgteam? Waarbij "
        "hebben zij begeleiding of ondersteuning nodig?"
    ),
    "al_gedaan": "Wat heeft de aanmelder zelf tot nu toe aan het probleem gedaan?",
    "eerdere_hulpverlening": (
        "Is er eerder intern of extern contact geweest met hulpverlening? Zo ja, welk?"
    ),
    "eerder_onderzoek": "Heeft er eerder onderzoek plaatsgevonden? Wat zijn de uitkomsten?",
    "diagnose": "Is er sprake van een gediagnosticeerde stoornis? Zo ja, welke?",
    "sociaal_emotioneel": (
        "Hoe verloopt de sociaal-emotionele ontwikkeling? Hoe verloopt de interactie met "
        "andere leerlingen en met docenten?"
    ),
    "werkhouding": (
        "Hoe zijn de werkhouding, taakaanpak en huiswerkattitude? Hoe zijn de motivatie en "
        "het welbevinden op school?"
    ),
    "verzuim": "Hoe is de aanwezigheid / het verzuim?",
    "overig": "Overige opmerkingen of gegevens",
    "ondersteuning_anders": "Anders, namelijk",
}


JA_NEE = {"ja": True, "nee": False}


class AanmeldingForm(forms.ModelForm):
    version = version_field(None)
    ouders_op_de_hoogte = forms.TypedChoiceField(
        label="Zijn de ouders op de hoogte van de aanmelding?",
        choices=[("ja", "Ja"), ("nee", "Nee")],
        widget=forms.RadioSelect,
        coerce=lambda waarde: JA_NEE[waarde],
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Aanmelding
        fields = [v for v in AANMELDING_VELDEN if v != "ouders_op_de_hoogte"]
        widgets = {
            veld: forms.Textarea(attrs={"rows": 3})
            for veld in AANMELDING_VELDEN
            if veld not in (*ONDERSTEUNING, "ondersteuning_anders", "ouders_op_de_hoogte")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for naam, vraag in VRAGEN.items():
            self.fields[naam].label = vraag
        self.fields[
            "reden_ouders_niet_op_de_hoogte"
        ].label = "Reden waarom de ouders niet op de hoogte zijn"
        self.fields["reden_ouders_niet_op_de_hoogte"].help_text = "Verplicht als u 'nee' kiest."
        self.fields["reden_ouders_niet_op_de_hoogte"].widget.attrs["rows"] = 2
        self.fields[
            "al_gedaan"
        ].help_text = "Zie ook de groepsoverzichten, groepsplannen en handelingsplannen hierboven."
        instance = kwargs.get("instance")
        if instance is not None and "ouders_op_de_hoogte" not in self.initial:
            waarde = instance.ouders_op_de_hoogte
            self.initial["ouders_op_de_hoogte"] = (
                "" if waarde is None else ("ja" if waarde else "nee")
            )

    def sectie(self, naam: str) -> list[forms.BoundField]:
        velden = next(v for s, _t, v in SECTIES if s == naam)
        return [self[v] for v in velden]

    def velden(self) -> dict[str, Any]:
        return {veld: self.cleaned_data.get(veld) for veld in AANMELDING_VELDEN} | {
            veld: self.cleaned_data.get(veld) or ""
            for veld in AANMELDING_VELDEN
            if veld not in (*ONDERSTEUNING, "ouders_op_de_hoogte")
        }


def is_nieuw(aanmelding: Aanmelding) -> bool:
    """Never saved by the applicant: nothing written and the parents question unanswered."""
    if aanmelding.ouders_op_de_hoogte is not None:
        return False
    return not any(getattr(aanmelding, v) for v in AANMELDING_VELDEN if v != "ouders_op_de_hoogte")


class TriageForm(forms.Form):
    """The zorgcoördinator's decision. What each outcome requires (a reason always, the
    question for "info vragen", the first-line actions for "terugsturen", the IZO date for
    "accepteren") is checked by services.triage_besluiten; its Dutch messages land on these
    fields."""

    uitkomst = forms.ChoiceField(
        label="Besluit",
        choices=TriageUitkomst.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reden = forms.CharField(
        label="Reden van het besluit",
        help_text="De aanmelder ziet deze reden.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    gevraagde_informatie = forms.CharField(
        label="Welke informatie ontbreekt?",
        help_text=(
            "Bij 'informatie vragen': zo concreet mogelijk; de aanmelder krijgt dit als taak."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    eerstelijns_acties = forms.CharField(
        label="Welke acties probeert de mentor eerst in de klas?",
        help_text="Bij 'terugsturen'.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    izo_datum = forms.DateField(
        label="Bespreken in het IZO van",
        help_text="Bij 'accepteren'.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 2026-11-30."},
        required=False,
    )
