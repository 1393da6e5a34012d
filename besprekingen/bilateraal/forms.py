"""The form of a bilateraal overleg: with whom, when, about what, the agreements and an
optional action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from zorgroute.models import Gebruiker, Groep, Lesgroepdocent, Lidmaatschap, Mentoraat, Rol
from zorgroute.tenancy.context import TenantContext

ZORG_ROLLEN = (Rol.ZORGCOORDINATOR, Rol.TEAMLEIDER)

#: Service error keys (the services) that belong to a differently named form field.
VELD_VAN_FOUT = {
    "omschrijving": "actie_omschrijving",
    "eigenaar": "actie_eigenaar",
    "deadline": "actie_deadline",
}


def gesprekspartners(ctx: TenantContext, groep: Groep | None) -> list[tuple[Gebruiker, str]]:
    """Whom the user can have had the overleg with: the zorgcoördinatoren and teamleiders
    of the school; for a zorgteam member or teamleider also the mentors and teachers of the
    pupil's class. The user themself is left out. Two queries."""
    rollen: dict[int, set[str]] = {}
    gebruikers: dict[int, Gebruiker] = {}
    for lid in (
        Lidmaatschap.objects.active().filter(rol__in=ZORG_ROLLEN).select_related("gebruiker")
    ):
        gebruikers[lid.gebruiker_id] = lid.gebruiker
        rollen.setdefault(lid.gebruiker_id, set()).add(lid.get_rol_display().split(" /")[0].lower())
    if groep is not None and (ctx.roles & set(ZORG_ROLLEN)):
        for m in Mentoraat.objects.filter(groep=groep).select_related("gebruiker"):
            gebruikers[m.gebruiker_id] = m.gebruiker
            rollen.setdefault(m.gebruiker_id, set()).add(f"mentor {groep.naam}")
        for d in Lesgroepdocent.objects.filter(lesgroep__groep=groep).select_related(
            "gebruiker", "lesgroep__vak"
        ):
            gebruikers[d.gebruiker_id] = d.gebruiker
            rollen.setdefault(d.gebruiker_id, set()).add(f"docent {d.lesgroep.vak.naam}")
    gebruikers.pop(ctx.user.pk, None)
    result = [
        (g, f"{g.volledige_naam} ({', '.join(sorted(rollen[g.pk]))})") for g in gebruikers.values()
    ]
    result.sort(key=lambda item: (item[0].achternaam, item[0].voornaam, item[0].pk))
    return result


class BilateraalForm(forms.Form):
    met = forms.TypedChoiceField(
        label="Met wie had je het overleg?",
        coerce=int,
        empty_value=None,
        help_text=(
            "Een bilateraal overleg is tussen jou en iemand van het zorgteam of een teamleider. "
            "Ben je zelf zorgcoördinator of teamleider, dan kun je ook de mentor of een docent "
            "van de klas kiezen."
        ),
    )
    datum = forms.DateField(
        label="Datum van het overleg",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    onderwerp = forms.CharField(
        label="Onderwerp",
        max_length=200,
        required=False,
        help_text="Waar ging het over? Bijvoorbeeld: werkhouding in de les.",
    )
    afspraken = forms.CharField(
        label="Afspraken",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Deze afspraken komen in het dossier van de leerling en op de agenda van de "
            "volgende groepsbespreking, om ze daar te evalueren."
        ),
        error_messages={"required": "Schrijf de afspraken op."},
    )
    actie_omschrijving = forms.CharField(
        label="Actie (optioneel): wat moet er gebeuren?",
        max_length=300,
        required=False,
    )
    actie_eigenaar = forms.TypedChoiceField(
        label="Wie doet het?", coerce=int, empty_value=None, required=False
    )
    actie_deadline = forms.DateField(
        label="Vóór",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leeg: over twee weken.",
    )

    def __init__(
        self,
        *args: Any,
        partners: list[tuple[Gebruiker, str]],
        user: Gebruiker,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("datum", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.gebruikers = {g.pk: g for g, _label in partners}
        self.gebruikers[user.pk] = user
        keuzes = [(g.pk, label) for g, label in partners]
        self.fields["met"].choices = [("", "Kies…"), *keuzes]  # type: ignore[attr-defined]
        self.fields["actie_eigenaar"].choices = [  # type: ignore[attr-defined]
            (user.pk, f"Ikzelf ({user.volledige_naam})"),
            *keuzes,
        ]
        self.fields["met"].error_messages["required"] = "Kies met wie je het overleg had."
        self.fields["met"].error_messages["invalid_choice"] = "Kies iemand uit de lijst."
        self.initial.setdefault("actie_eigenaar", user.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("actie_omschrijving", "").strip() and data.get("actie_deadline"):
            self.add_error(
                "actie_omschrijving", "Schrijf op wat er moet gebeuren, of laat de datum leeg."
            )
        return data

    def gebruiker(self, veld: str) -> Gebruiker | None:
        pk = self.cleaned_data.get(veld)
        return self.gebruikers.get(pk) if pk else None

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for naam, fouten in error.error_dict.items():
                veld = VELD_VAN_FOUT.get(naam, naam)
                self.add_error(veld if veld in self.fields else None, fouten)
        else:
            self.add_error(None, error.error_list)
