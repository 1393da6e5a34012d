"""Forms of the groepsoverzicht pages: validation of input only. Choice lists are limited to
what the user may pick (their own classes and lesgroepen, the school's periodes); the writes
and their rules live in `groepsoverzicht.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zorgroute import permissions as p
from zorgroute.forms import AccessibleBoundField, version_field
from zorgroute.models import Groep, Lesgroep, Periode, Schooljaar
from zorgroute.tenancy.context import TenantContext
from zorgroute.versioning import VERSION_FIELD

from .models import BehoefteSoort, Domein, Hulpzin, SignaalReden

#: How every hulpzin sentence starts (seed 000, bijlage 7b).
INLEIDING = "Om dit doel te bereiken heeft deze leerling"


def hulpzin_zin(hulpzin: Hulpzin) -> str:
    """The whole sentence a hulpzin adds to a need (bijlage 7b)."""
    return f"{INLEIDING} {hulpzin.categorie} {hulpzin.tekst}"


def zorg_breed(ctx: TenantContext) -> bool:
    """Care staff who may start and change every overview of the school."""
    return ctx.has_perm(p.CHANGE_GROEPSOVERZICHT) and ctx.has_perm(p.VIEW_ALL_LEERLINGEN)


# --- Starting an overview ---------------------------------------------------------------------


class OverzichtCreateForm(forms.Form):
    """Class + periode (cyclus A) or lesgroep + periode (cyclus B). One choice list with both,
    grouped, so a mentor who is also a subject teacher sees everything they may start."""

    keuze = forms.ChoiceField(
        label=_("Klas of lesgroep"),
        error_messages={
            "required": _("Kies de klas of de lesgroep."),
            "invalid_choice": _("Kies een klas of lesgroep uit de lijst."),
        },
    )
    periode = forms.ModelChoiceField(
        label=_("Periode"),
        queryset=Periode.objects.none(),
        empty_label=_("— kies een periode —"),
        error_messages={
            "required": _("Kies de periode."),
            "invalid_choice": _("Kies een periode uit de lijst."),
        },
    )
    overnemen = forms.BooleanField(
        label=_("Begin met de gegevens van het vorige groepsoverzicht"),
        required=False,
        initial=True,
        help_text=_(
            "Notities en onderwijsbehoeften worden overgenomen en gemarkeerd als "
            "overgenomen; resultaten komen uit de nieuwe toetsmomenten."
        ),
    )

    def __init__(
        self, *args: Any, ctx: TenantContext, schooljaar: Schooljaar | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        user_id = ctx.user.pk
        groepen = Groep.objects.none()
        lesgroepen = Lesgroep.objects.none()
        periodes = Periode.objects.none()
        if schooljaar is not None:
            groepen = Groep.objects.filter(schooljaar=schooljaar)
            # A cluster lesgroep (no groep) cannot have an overview: it belongs to a class.
            lesgroepen = Lesgroep.objects.filter(schooljaar=schooljaar, groep__isnull=False)
            if not zorg_breed(ctx):
                groepen = groepen.filter(mentoraten__gebruiker_id=user_id)
                lesgroepen = lesgroepen.filter(docentschappen__gebruiker_id=user_id)
            periodes = Periode.objects.filter(schooljaar=schooljaar).order_by("startdatum")
        self.groepen = {g.pk: g for g in groepen.distinct().order_by("leerjaar", "naam")}
        self.lesgroepen = {
            lg.pk: lg
            for lg in lesgroepen.distinct().select_related("vak", "groep").order_by("naam")
        }
        choices: list[Any] = [("", _("— kies een klas of lesgroep —"))]
        if self.groepen:
            choices.append(
                (
                    _("Klassen (cyclus A, vakoverstijgend)"),
                    [(f"g-{g.pk}", f"{g.naam}") for g in self.groepen.values()],
                )
            )
        if self.lesgroepen:
            choices.append(
                (
                    _("Lesgroepen (cyclus B, vakspecifiek)"),
                    [
                        (f"l-{lg.pk}", f"{lg.naam} – {lg.vak.naam}")
                        for lg in self.lesgroepen.values()
                    ],
                )
            )
        field = self.fields["keuze"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        periode = self.fields["periode"]
        assert isinstance(periode, forms.ModelChoiceField)
        periode.queryset = periodes

    @property
    def heeft_keuzes(self) -> bool:
        return bool(self.groepen or self.lesgroepen)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keuze = data.get("keuze") or ""
        groep: Groep | None = None
        lesgroep: Lesgroep | None = None
        soort, _sep, pk = keuze.partition("-")
        if soort == "g" and pk.isdigit():
            groep = self.groepen.get(int(pk))
        elif soort == "l" and pk.isdigit():
            lesgroep = self.lesgroepen.get(int(pk))
            groep = lesgroep.groep if lesgroep is not None else None
        if keuze and groep is None:
            self.add_error("keuze", _("Kies een klas of lesgroep uit de lijst."))
        periode = data.get("periode")
        if (
            groep is not None
            and periode is not None
            and periode.schooljaar_id != groep.schooljaar_id
        ):
            self.add_error("periode", _("Deze periode hoort bij een ander schooljaar."))
        data["groep"] = groep
        data["lesgroep"] = lesgroep
        data["cyclus"] = "B" if lesgroep is not None else "A"
        return data


# --- Cells ------------------------------------------------------------------------------------


# --- Signals ----------------------------------------------------------------------------------


class BesluitForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            ("bevestigd", _("Bevestigen")),
            ("afgewezen", _("Afwijzen")),
            ("voorgesteld", _("Terug naar voorstel")),
        ]
    )


class HandmatigSignaalForm(forms.Form):
    """A flag by hand: a flag always has a reason category and an explanation."""

    reden = forms.ChoiceField(
        label=_("Reden"),
        choices=[("", _("— kies een reden —")), *SignaalReden.choices],
        error_messages={
            "required": _("Kies een reden voor het signaal."),
            "invalid_choice": _("Kies een reden uit de lijst."),
        },
    )
    uitleg = forms.CharField(
        label=_("Toelichting"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kort: wat zie je, en waarom vraagt dat de komende periode aandacht?"),
        error_messages={
            "required": _("Schrijf kort op waarom je deze leerling signaleert."),
            "max_length": _("Houd de toelichting kort (hoogstens %(limit_value)d tekens)."),
        },
    )
    proactief = forms.BooleanField(
        label=_("Proactief: wijst vooruit naar een cruciaal leermoment"),
        required=False,
    )


# --- Onderwijsbehoeften -----------------------------------------------------------------------


class DomeinChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {obj.naam}"


class BehoefteForm(forms.Form):
    """A need: a goal (SMART) and what the pupil needs to reach it. Without a goal it is
    saved as a draft and marked incomplete. `hulpzin` is the no-JavaScript way to use a
    sentence starter: the chosen sentence is added to the need text on save."""

    soort = forms.ChoiceField(
        label=_("Soort"),
        choices=BehoefteSoort.choices,
        widget=forms.RadioSelect,
        initial=BehoefteSoort.DIDACTISCH,
        error_messages={"required": _("Kies pedagogisch of didactisch.")},
    )
    domein = DomeinChoiceField(
        label=_("Domein"),
        queryset=Domein.objects.none(),
        required=False,
        empty_label=_("— geen specifiek domein —"),
    )
    doel = forms.CharField(
        label=_("Doel (SMART)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Specifiek, meetbaar en met een termijn, bijvoorbeeld: 'leest eind periode 2 "
            "een tekst op niveau III zelfstandig'. Zonder doel is de behoefte onvolledig."
        ),
    )
    behoefte = forms.CharField(
        label=_("Wat heeft de leerling nodig"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hulpzin = forms.ModelChoiceField(
        label=_("Hulpzin"),
        queryset=Hulpzin.objects.none(),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        domeinen: QuerySet[Domein],
        hulpzinnen: list[Hulpzin] | None = None,
        version: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = version_field(version)
        domein = self.fields["domein"]
        assert isinstance(domein, forms.ModelChoiceField)
        domein.queryset = domeinen
        hulpzin = self.fields["hulpzin"]
        assert isinstance(hulpzin, forms.ModelChoiceField)
        hulpzin.queryset = Hulpzin.objects.filter(actief=True)
        self.hulpzinnen = hulpzinnen or []

    def hulpzin_groepen(self) -> list[tuple[str, list[tuple[Hulpzin, str]]]]:
        """The school's hulpzinnen grouped by categorie, each with its whole sentence."""
        groepen: dict[str, list[tuple[Hulpzin, str]]] = {}
        for h in self.hulpzinnen:
            groepen.setdefault(h.categorie, []).append((h, hulpzin_zin(h)))
        return list(groepen.items())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tekst = (data.get("behoefte") or "").strip()
        hulpzin = data.get("hulpzin")
        if hulpzin is not None:
            zin = hulpzin_zin(hulpzin)
            if zin not in tekst:
                tekst = f"{tekst}\n{zin}".strip()
        if not tekst and "behoefte" not in self.errors:
            self.add_error(
                "behoefte",
                _("Wat heeft de leerling nodig: vul dit in of kies een hulpzin."),
            )
        data["behoefte"] = tekst
        return data


# --- Remarks ----------------------------------------------------------------------------------


class OpmerkingForm(forms.Form):
    leerling = forms.ChoiceField(label=_("Over leerling (niet verplicht)"), required=False)
    tekst = forms.CharField(
        label=_("Opmerking voor de mentor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf een opmerking.")},
    )

    def __init__(self, *args: Any, leerlingen: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leerling"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— de hele groep —")), *((str(pk), n) for pk, n in leerlingen)]


# --- entering results ----------------------------------------------------------------------

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


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
