"""Forms of the beheer pages: the school roster (schooljaren, periodes, afdelingen, vakken,
groepen, lesgroepen, leerlingen, plaatsingen) and staff accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgroute.forms import (
    AccessibleBoundField,
    BeheerForm,
    BeheerMeta,
    BeheerModelForm,
    version_field,
)
from zorgroute.models import (
    Afdeling,
    Gebruiker,
    Groep,
    Leerling,
    Lesgroep,
    Lidmaatschap,
    Medewerker,
    Periode,
    Plaatsing,
    Rol,
    School,
    Schooljaar,
    Vak,
)
from zorgroute.versioning import VERSION_FIELD

from .selectors import met_schoolnaam


def staff_queryset(school: School, current: Iterable[Gebruiker] = ()) -> models.QuerySet[Gebruiker]:
    """Staff who can be mentor or docent: an active, non-external membership of this school.
    People already assigned stay choosable, so an unrelated edit does not fail on them."""
    members = (
        Lidmaatschap.objects.active()
        .filter(school=school)
        .exclude(rol=Rol.ZAT_LID)
        .values("gebruiker_id")
    )
    q = Q(pk__in=members, is_active=True)
    current_ids = [g.pk for g in current]
    if current_ids:
        q |= Q(pk__in=current_ids, lidmaatschappen__school=school)
    return met_schoolnaam(Gebruiker.objects.filter(q).distinct()).order_by("achternaam", "voornaam")


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Staff by the name this school gives them (see `staff_queryset`)."""

    def label_from_instance(self, obj: Any) -> str:
        return getattr(obj, "schoolnaam", None) or str(obj)


class GroepChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.naam} ({obj.schooljaar.naam})"


class LeerlingChoiceField(forms.ModelChoiceField):
    """Pupils with the same name are told apart by leerlingnummer."""

    def label_from_instance(self, obj: Any) -> str:
        nummer = f" ({obj.leerlingnummer})" if obj.leerlingnummer else ""
        return f"{obj.achternaam}, {obj.voornaam} {obj.tussenvoegsel}".rstrip() + nummer


class LeerlingMultipleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = LeerlingChoiceField.label_from_instance


class SchooljaarForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Schooljaar
        fields = ["naam", "startdatum", "einddatum"]


class PeriodeForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Periode
        fields = ["naam", "startdatum", "einddatum"]


class AfdelingForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Afdeling
        fields = ["naam"]


class VakForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Vak
        fields = ["naam", "afkorting"]


def _between_1_and_8(value: int) -> None:
    if not 1 <= value <= 8:
        raise ValidationError(_("Het leerjaar ligt tussen 1 en 8."))


class GroepForm(BeheerModelForm):
    mentoren = StaffMultipleChoiceField(
        label=_("Mentoren"),
        queryset=Gebruiker.objects.none(),
        required=False,
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer dan één mentor te kiezen."),
    )

    class Meta(BeheerMeta):
        model = Groep
        fields = ["schooljaar", "naam", "leerjaar", "niveau", "afdeling"]
        widgets = {"leerjaar": forms.NumberInput(attrs={"min": 1, "max": 8})}

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["schooljaar"].queryset = Schooljaar.objects.filter(school=school)  # type: ignore[attr-defined]
        self.fields["afdeling"].queryset = Afdeling.objects.filter(school=school)  # type: ignore[attr-defined]
        current = self.instance.mentoren.all() if self.instance.pk else []
        self.fields["mentoren"].queryset = staff_queryset(school, current)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["mentoren"] = [g.pk for g in current]
        self.fields["leerjaar"].validators.append(_between_1_and_8)


class LesgroepForm(BeheerModelForm):
    groep = GroepChoiceField(
        label=_("Groep"),
        queryset=Groep.objects.none(),
        required=False,
        help_text=_("Leeg laten voor een cluster: kies dan de leerlingen zelf."),
    )
    docenten = StaffMultipleChoiceField(
        label=_("Docenten"), queryset=Gebruiker.objects.none(), required=False
    )
    leerlingen = LeerlingMultipleChoiceField(
        label=_("Leerlingen (alleen bij een cluster)"),
        queryset=Leerling.objects.none(),
        required=False,
        help_text=_("Houd Ctrl (of Cmd) ingedrukt om meer leerlingen te kiezen."),
    )

    class Meta(BeheerMeta):
        model = Lesgroep
        fields = ["schooljaar", "vak", "naam", "groep"]

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["schooljaar"].queryset = Schooljaar.objects.filter(school=school)  # type: ignore[attr-defined]
        self.fields["vak"].queryset = Vak.objects.filter(school=school)  # type: ignore[attr-defined]
        self.fields["groep"].queryset = (  # type: ignore[attr-defined]
            Groep.objects.filter(school=school)
            .select_related("schooljaar")
            .order_by("-schooljaar__startdatum", "leerjaar", "naam")
        )
        current = self.instance.docenten.all() if self.instance.pk else []
        self.fields["docenten"].queryset = staff_queryset(school, current)  # type: ignore[attr-defined]
        self.fields["leerlingen"].queryset = Leerling.objects.filter(school=school)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["docenten"] = [g.pk for g in current]
            self.initial["leerlingen"] = [
                leerling.pk for leerling in self.instance.leerlingen.all()
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        groep, leerlingen = data.get("groep"), data.get("leerlingen")
        if groep and leerlingen:
            self.add_error(
                "leerlingen",
                _("Kies een groep óf losse leerlingen (cluster), niet allebei."),
            )
        elif "groep" in data and not groep and not leerlingen and "leerlingen" in data:
            self.add_error("groep", _("Kies een groep, of kies de leerlingen van het cluster."))
        return data


class LeerlingForm(BeheerModelForm):
    class Meta(BeheerMeta):
        model = Leerling
        fields = [
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "leerlingnummer",
            "eck_id",
        ]


class PlaatsingForm(BeheerModelForm):
    """A plaatsing seen from the leerling: choose the groep."""

    groep = GroepChoiceField(label=_("Groep"), queryset=Groep.objects.none())

    class Meta(BeheerMeta):
        model = Plaatsing
        fields = ["groep", "startdatum", "einddatum"]
        help_texts = {"einddatum": _("Leeg laten zolang de leerling in de groep zit.")}

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["groep"].queryset = (  # type: ignore[attr-defined]
            Groep.objects.filter(school=school)
            .select_related("schooljaar")
            .order_by("-schooljaar__startdatum", "leerjaar", "naam")
        )


class GroepPlaatsingForm(BeheerModelForm):
    """A plaatsing seen from the groep: choose the leerling."""

    leerling = LeerlingChoiceField(label=_("Leerling"), queryset=Leerling.objects.none())

    class Meta(BeheerMeta):
        model = Plaatsing
        fields = ["leerling", "startdatum", "einddatum"]
        help_texts = {"einddatum": _("Leeg laten zolang de leerling in de groep zit.")}

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["leerling"].queryset = Leerling.objects.filter(school=school)  # type: ignore[attr-defined]


def _afdeling_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Afdeling"),
        queryset=Afdeling.objects.none(),
        required=False,
        help_text=_("Alleen voor een teamleider: beperkt de rol tot deze afdeling."),
    )


class MedewerkerForm(BeheerForm):
    """Invite a person to this school, with a first role. The answer is the same whether
    or not the address has an account (at this or another school): nothing is looked up."""

    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    voornaam = forms.CharField(label=_("Voornaam"), max_length=100)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=100)
    afkorting = forms.CharField(
        label=_("Afkorting"),
        max_length=10,
        required=False,
        help_text=_("De docentcode op deze school."),
    )
    rol = forms.ChoiceField(label=_("Rol"), choices=Rol.choices)
    afdeling = _afdeling_field()

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["afdeling"].queryset = Afdeling.objects.filter(school=school)  # type: ignore[attr-defined]
        self.fields["email"].help_text = _(
            "De medewerker krijgt op dit adres een uitnodiging voor %(school)s. Heeft het "
            "adres al een Zorgroute-account, dan koppelt de medewerker dat zelf door in te "
            "loggen; anders kiest de medewerker zelf een wachtwoord."
        ) % {"school": school.naam}

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()


class MedewerkerUpdateForm(BeheerModelForm):
    """The school's own record of a staff member: the name it shows and the afkorting."""

    class Meta(BeheerMeta):
        model = Medewerker
        fields = ["voornaam", "tussenvoegsel", "achternaam", "afkorting"]


class LidmaatschapForm(BeheerModelForm):
    afdeling = _afdeling_field()

    class Meta(BeheerMeta):
        model = Lidmaatschap
        fields = ["rol", "afdeling", "einddatum"]
        help_texts = {
            "einddatum": _("Laatste dag dat deze rol geldt. Leeg laten voor onbepaalde tijd.")
        }

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["afdeling"].queryset = Afdeling.objects.filter(school=school)  # type: ignore[attr-defined]


class LeerlingZoekForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam of leerlingnummer"), required=False, max_length=100)


class UitnodigingAannemenForm(forms.Form):
    """The invited person without an account chooses their name and password (the
    invited address is the login). Password rules: Django's validators, in the service."""

    bound_field_class = AccessibleBoundField
    voornaam = forms.CharField(label=_("Voornaam"), max_length=100)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=100)
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord (nogmaals)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        return data


class AccountNaamForm(forms.ModelForm):
    """The account holder's own name ("Mijn gegevens"), with the version they saw."""

    bound_field_class = AccessibleBoundField

    class Meta:
        model = Gebruiker
        fields = ["voornaam", "tussenvoegsel", "achternaam"]

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = version_field(version)


# --- two-factor login for the whole school (issue 19) ------------------------------------------


class TweestapsBeleidForm(BeheerForm):
    tweestaps_voor_iedereen = forms.BooleanField(
        label=_("Tweestapsverificatie voor alle medewerkers"),
        required=False,
        help_text=_(
            "Tweestapsverificatie is altijd verplicht voor wie zorgdossiers kan lezen en voor "
            "de beheerder. Vink dit aan om het ook te vragen van wie dat niet kan (zoals de "
            "schoolleiding die alleen totalen ziet)."
        ),
    )
