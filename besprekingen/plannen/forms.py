"""Forms of the planning and preparation pages: plan or change a meeting, bring in a question.

The choices come from the school's staff (`Keuzes`, read in a fixed number of queries). The
chair is chosen from all staff: whether the chosen person may chair (a mentor of the class or
a teamleider for a groepsbespreking) is the service's rule, and its Dutch message lands on
the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from besprekingen import agenda
from besprekingen.models import Vorm
from groepsoverzicht.models import Cyclus, Groepsoverzicht
from zorgroute import permissions as p
from zorgroute.forms import version_field
from zorgroute.models import Gebruiker, Leerling, Lidmaatschap, Mentoraat, Rol
from zorgroute.permissions import ROLE_PERMISSIONS

from .services import standaard_deelnemers

#: Roles that make someone a zorgteam member who can be invited to a meeting.
ZORGTEAM_ROLLEN = (Rol.ZORGCOORDINATOR, Rol.TEAMLEIDER)

_ROLLEN_MET_BESPREKINGEN = frozenset(
    rol for rol, perms in ROLE_PERMISSIONS.items() if p.VIEW_BESPREKING in perms
)


@dataclass
class Medewerker:
    pk: int
    naam: str
    rollen: set[str] = field(default_factory=set)


@dataclass
class Keuzes:
    """Who can be chosen as chair, attendee or zorgteam member for one overview."""

    medewerkers: dict[int, Medewerker]
    mentoren: list[int]
    standaard: list[int]

    @property
    def zorgteam(self) -> list[int]:
        return [m.pk for m in self._gesorteerd() if m.rollen & set(ZORGTEAM_ROLLEN)]

    @property
    def teamleiders(self) -> list[int]:
        return [m.pk for m in self._gesorteerd() if Rol.TEAMLEIDER in m.rollen]

    def _gesorteerd(self) -> list[Medewerker]:
        return sorted(self.medewerkers.values(), key=lambda m: m.naam.lower())

    def naam(self, pk: int) -> str:
        m = self.medewerkers.get(pk)
        return m.naam if m else "?"

    def opties(self, ids: list[int]) -> list[tuple[int, str]]:
        return [(pk, self.naam(pk)) for pk in ids if pk in self.medewerkers]

    def overig(self, behalve: set[int]) -> list[tuple[int, str]]:
        return [(m.pk, m.naam) for m in self._gesorteerd() if m.pk not in behalve]


def keuzes(overzicht: Groepsoverzicht, extra_deelnemers: list[int] | None = None) -> Keuzes:
    """The staff of the overview's school (three queries plus two for the default attendees).
    `extra_deelnemers` (a meeting's current attendees) join the attendee checkboxes."""
    medewerkers: dict[int, Medewerker] = {}
    leden = (
        Lidmaatschap.objects.active()
        .filter(school_id=overzicht.school_id)
        .exclude(rol=Rol.ZAT_LID)
        .select_related("gebruiker")
        .order_by("gebruiker__achternaam", "gebruiker__voornaam", "pk")
    )
    for lid in leden:
        m = medewerkers.setdefault(
            lid.gebruiker_id, Medewerker(lid.gebruiker_id, lid.gebruiker.volledige_naam)
        )
        m.rollen.add(lid.rol)
    # Only staff who can open a meeting (not a beheerder or schoolleider without care access).
    medewerkers = {pk: m for pk, m in medewerkers.items() if m.rollen & _ROLLEN_MET_BESPREKINGEN}
    mentoren = list(
        Mentoraat.objects.filter(groep_id=overzicht.groep_id).values_list("gebruiker_id", flat=True)
    )
    standaard = [pk for pk in standaard_deelnemers(overzicht) if pk in medewerkers]
    for pk in extra_deelnemers or []:
        if pk in medewerkers and pk not in standaard:
            standaard.append(pk)
    return Keuzes(medewerkers=medewerkers, mentoren=mentoren, standaard=standaard)


class BesprekingForm(forms.Form):
    """Plan (with `met_vorm` for cyclus B) or change a meeting (with `versioned`)."""

    datum = forms.DateField(
        label="Datum", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tijd = forms.TimeField(
        label="Tijd",
        required=False,
        help_text="Mag leeg blijven als de tijd nog niet vaststaat.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    voorzitter = forms.TypedChoiceField(label="Voorzitter", coerce=int)
    vorm = forms.ChoiceField(
        label="Waar vindt de bespreking plaats?",
        choices=Vorm.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    deelnemers = forms.TypedMultipleChoiceField(
        label="Deelnemers",
        coerce=int,
        required=False,
        help_text="Standaard alle docenten van de klas en de mentor.",
        widget=forms.CheckboxSelectMultiple,
    )
    zorgteam = forms.TypedMultipleChoiceField(
        label="Namens het zorgteam (optioneel)",
        coerce=int,
        required=False,
        help_text="Een zorgcoördinator of teamleider die aanschuift.",
        widget=forms.CheckboxSelectMultiple,
    )
    andere = forms.TypedMultipleChoiceField(
        label="Andere collega's (optioneel)",
        coerce=int,
        required=False,
        help_text="Bijvoorbeeld collega's uit de vaksectie. Houd Ctrl of Cmd ingedrukt om er "
        "meer te kiezen.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    version = version_field(None)

    def __init__(
        self,
        data: Any = None,
        *,
        keuzes: Keuzes,
        cyclus: str,
        met_vorm: bool = False,
        versioned: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.keuzes = keuzes
        if not (met_vorm and cyclus == Cyclus.B):
            del self.fields["vorm"]
        if not versioned:
            del self.fields["version"]
        if cyclus == Cyclus.B:
            self.fields[
                "deelnemers"
            ].help_text = "Standaard de docent(en) van de lesgroep en de mentor van de klas."
        # The chair: mentors and teamleiders first, then other staff.
        eerst = [*keuzes.mentoren, *[t for t in keuzes.teamleiders if t not in keuzes.mentoren]]
        groepen: list[tuple[str, list[tuple[int, str]]]] = []
        if keuzes.mentoren:
            groepen.append(("Mentor van de klas", keuzes.opties(keuzes.mentoren)))
        tl = [t for t in keuzes.teamleiders if t not in keuzes.mentoren]
        if tl:
            groepen.append(("Teamleiders", keuzes.opties(tl)))
        rest = keuzes.overig(set(eerst))
        if rest:
            groepen.append(("Andere medewerkers", rest))
        voorzitter = self.fields["voorzitter"]
        assert isinstance(voorzitter, forms.TypedChoiceField)
        voorzitter.choices = [("", "Kies de voorzitter"), *groepen]
        if cyclus == Cyclus.A:
            voorzitter.help_text = "De mentor van de klas of een teamleider."
        deelnemer_ids = list(keuzes.standaard)
        zorgteam_ids = [pk for pk in keuzes.zorgteam if pk not in deelnemer_ids]
        self._choices("deelnemers", keuzes.opties(deelnemer_ids))
        self._choices("zorgteam", keuzes.opties(zorgteam_ids))
        self._choices("andere", keuzes.overig(set(deelnemer_ids) | set(zorgteam_ids)))

    def _choices(self, name: str, choices: list[tuple[int, str]]) -> None:
        f = self.fields[name]
        assert isinstance(f, forms.TypedMultipleChoiceField)
        f.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "vorm" in self.fields and not data.get("vorm"):
            self.add_error("vorm", "Kies waar de vakspecifieke bespreking plaatsvindt.")
        return data

    @property
    def deelnemer_ids(self) -> list[int]:
        return list(dict.fromkeys([*self.cleaned_data["deelnemers"], *self.cleaned_data["andere"]]))

    @property
    def zorgteam_ids(self) -> list[int]:
        return list(self.cleaned_data["zorgteam"])

    def clean_voorzitter(self) -> Gebruiker:
        """The chosen chair: a member of the school's staff."""
        pk = self.cleaned_data["voorzitter"]
        gebruiker = Gebruiker.objects.filter(pk=pk).first()
        if gebruiker is None or pk not in self.keuzes.medewerkers:
            raise ValidationError("Kies een medewerker van deze school.")
        return gebruiker


class InbrengForm(forms.Form):
    punt = forms.ChoiceField(label="Bij agendapunt")
    leerling = forms.TypedChoiceField(
        label="Over leerling (optioneel)", coerce=int, required=False, empty_value=None
    )
    tekst = forms.CharField(
        label="Vraag of gesprekspunt",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Schrijf je vraag of gesprekspunt op."},
    )

    def __init__(
        self, data: Any = None, *, soort: str, leerlingen: list[Leerling], **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        punt = self.fields["punt"]
        assert isinstance(punt, forms.ChoiceField)
        punt.choices = [(ap.code, ap.titel) for ap in agenda.voor(soort)]
        leerling = self.fields["leerling"]
        assert isinstance(leerling, forms.TypedChoiceField)
        leerling.choices = [
            ("", "Geen bepaalde leerling"),
            *[(ll.pk, ll.volledige_naam) for ll in leerlingen],
        ]
        if not leerlingen:
            del self.fields["leerling"]
