"""The school roster: schooljaren and periodes, afdelingen, groepen, vakken, lesgroepen,
leerlingen and their plaatsingen. Every model is school-owned (TenantModel)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TenantManager, TenantModel, TimestampedModel, VersionedDocument

if TYPE_CHECKING:
    from .tenancy import Gebruiker


def _check_dates(start: dt.date | None, end: dt.date | None, end_field: str = "einddatum") -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("De einddatum ligt vóór de startdatum.")})


class Schooljaar(VersionedDocument, TimestampedModel):
    naam = models.CharField(_("naam"), max_length=20, help_text=_("Bijvoorbeeld 2026-2027."))
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"))

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["-startdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "naam"],
                name="schooljaar_naam_uniek",
                violation_error_message=_("Er is al een schooljaar met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        _check_dates(self.startdatum, self.einddatum)
        if self.startdatum and self.einddatum and self.school_id:
            overlap = (
                Schooljaar.objects.for_school(self.school_id)
                .filter(startdatum__lte=self.einddatum, einddatum__gte=self.startdatum)
                .exclude(pk=self.pk)
            )
            if overlap.exists():
                raise ValidationError(
                    _("Dit schooljaar overlapt met schooljaar %(naam)s.")
                    % {"naam": overlap.first()}
                )


class Periode(VersionedDocument, TimestampedModel):
    """One HGW cycle (cyclus) within a schooljaar, with start and end date."""

    schooljaar = models.ForeignKey(
        Schooljaar,
        on_delete=models.CASCADE,
        related_name="periodes",
        verbose_name=_("schooljaar"),
    )
    naam = models.CharField(_("naam"), max_length=50, help_text=_("Bijvoorbeeld Cyclus 1."))
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"))

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        ordering = ["startdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "naam"],
                name="periode_naam_uniek",
                violation_error_message=_("Dit schooljaar heeft al een periode met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.schooljaar})"

    def clean(self) -> None:
        _check_dates(self.startdatum, self.einddatum)
        if not (self.startdatum and self.einddatum and self.schooljaar_id):
            return
        jaar = self.schooljaar
        if self.startdatum < jaar.startdatum or self.einddatum > jaar.einddatum:
            raise ValidationError(
                _("Een periode moet binnen het schooljaar %(naam)s vallen (%(van)s – %(tot)s).")
                % {
                    "naam": jaar.naam,
                    "van": jaar.startdatum.strftime("%d-%m-%Y"),
                    "tot": jaar.einddatum.strftime("%d-%m-%Y"),
                }
            )
        overlap = (
            Periode.objects.for_school(self.school_id)
            .filter(
                schooljaar_id=self.schooljaar_id,
                startdatum__lte=self.einddatum,
                einddatum__gte=self.startdatum,
            )
            .exclude(pk=self.pk)
            .first()
        )
        if overlap:
            raise ValidationError(_("Deze periode overlapt met %(naam)s.") % {"naam": overlap.naam})


class Afdeling(VersionedDocument, TimestampedModel):
    naam = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "naam"],
                name="afdeling_naam_uniek",
                violation_error_message=_("Er is al een afdeling met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Niveau(models.TextChoices):
    VMBO_B = "vmbo-b", _("vmbo basis")
    VMBO_K = "vmbo-k", _("vmbo kader")
    VMBO_GT = "vmbo-gt", _("vmbo gemengd/theoretisch")
    HAVO = "havo", _("havo")
    VWO = "vwo", _("vwo")
    HAVO_VWO = "havo-vwo", _("havo/vwo")
    PO = "po", _("primair onderwijs")
    SO = "so", _("speciaal onderwijs")


class Groep(VersionedDocument, TimestampedModel):
    """A class (stamgroep) in one schooljaar; its mentoren are the mentors."""

    schooljaar = models.ForeignKey(
        Schooljaar, on_delete=models.PROTECT, related_name="groepen", verbose_name=_("schooljaar")
    )
    naam = models.CharField(_("naam"), max_length=20, help_text=_("Bijvoorbeeld 2B."))
    leerjaar = models.PositiveSmallIntegerField(_("leerjaar"))
    niveau = models.CharField(_("niveau"), max_length=10, choices=Niveau.choices)
    afdeling = models.ForeignKey(
        Afdeling,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groepen",
        verbose_name=_("afdeling"),
    )
    mentoren: models.ManyToManyField[Gebruiker, Mentoraat] = models.ManyToManyField(
        "zorgroute.Gebruiker",
        through="Mentoraat",
        related_name="mentorgroepen",
        verbose_name=_("mentoren"),
        blank=True,
    )

    class Meta:
        verbose_name = _("groep")
        verbose_name_plural = _("groepen")
        ordering = ["leerjaar", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "naam"],
                name="groep_naam_uniek",
                violation_error_message=_("Dit schooljaar heeft al een groep met deze naam."),
            ),
            models.CheckConstraint(
                condition=models.Q(leerjaar__gte=1, leerjaar__lte=8),
                name="groep_leerjaar_1_8",
                violation_error_message=_("Het leerjaar ligt tussen 1 en 8."),
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class Mentoraat(TenantModel):
    """A mentor of a groep (through table, school-owned so RLS covers it)."""

    groep = models.ForeignKey(Groep, on_delete=models.CASCADE, related_name="mentoraten")
    gebruiker = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.CASCADE, related_name="mentoraten"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoraat")
        verbose_name_plural = _("mentoraten")
        constraints = [
            models.UniqueConstraint(fields=["groep", "gebruiker"], name="mentoraat_uniek")
        ]


class Vak(VersionedDocument, TimestampedModel):
    naam = models.CharField(_("naam"), max_length=100)
    afkorting = models.CharField(_("afkorting"), max_length=10)

    class Meta:
        verbose_name = _("vak")
        verbose_name_plural = _("vakken")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "afkorting"],
                name="vak_afkorting_uniek",
                violation_error_message=_("Er is al een vak met deze afkorting."),
            )
        ]

    def __str__(self) -> str:
        return self.naam


class Lesgroep(VersionedDocument, TimestampedModel):
    """A vak taught to a whole groep, or to a cluster of pupils (keuzevak, niveaugroep)."""

    schooljaar = models.ForeignKey(
        Schooljaar,
        on_delete=models.PROTECT,
        related_name="lesgroepen",
        verbose_name=_("schooljaar"),
    )
    vak = models.ForeignKey(
        Vak, on_delete=models.PROTECT, related_name="lesgroepen", verbose_name=_("vak")
    )
    naam = models.CharField(_("naam"), max_length=40, help_text=_("Bijvoorbeeld 2B-ne."))
    groep = models.ForeignKey(
        Groep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lesgroepen",
        verbose_name=_("groep"),
        help_text=_("Leeg laten voor een cluster: kies dan de leerlingen zelf."),
    )
    docenten: models.ManyToManyField[Gebruiker, Lesgroepdocent] = models.ManyToManyField(
        "zorgroute.Gebruiker",
        through="Lesgroepdocent",
        related_name="lesgroepen",
        verbose_name=_("docenten"),
        blank=True,
    )
    leerlingen: models.ManyToManyField[Leerling, Clusterplaatsing] = models.ManyToManyField(
        "zorgroute.Leerling",
        through="Clusterplaatsing",
        related_name="clusterlesgroepen",
        verbose_name=_("leerlingen (cluster)"),
        blank=True,
    )

    class Meta:
        verbose_name = _("lesgroep")
        verbose_name_plural = _("lesgroepen")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "naam"],
                name="lesgroep_naam_uniek",
                violation_error_message=_("Dit schooljaar heeft al een lesgroep met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        groep = self.groep if self.groep_id else None
        if groep is not None and self.schooljaar_id and groep.schooljaar_id != self.schooljaar_id:
            raise ValidationError(
                {"groep": _("Deze groep hoort bij een ander schooljaar dan de lesgroep.")}
            )


class Lesgroepdocent(TenantModel):
    lesgroep = models.ForeignKey(Lesgroep, on_delete=models.CASCADE, related_name="docentschappen")
    gebruiker = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.CASCADE, related_name="docentschappen"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("docent van lesgroep")
        verbose_name_plural = _("docenten van lesgroepen")
        constraints = [
            models.UniqueConstraint(fields=["lesgroep", "gebruiker"], name="lesgroepdocent_uniek")
        ]


class Clusterplaatsing(TenantModel):
    """A pupil in a cluster lesgroep (one without a groep)."""

    lesgroep = models.ForeignKey(
        Lesgroep, on_delete=models.CASCADE, related_name="clusterplaatsingen"
    )
    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.CASCADE, related_name="clusterplaatsingen"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leerling in cluster")
        verbose_name_plural = _("leerlingen in clusters")
        constraints = [
            models.UniqueConstraint(fields=["lesgroep", "leerling"], name="clusterplaatsing_uniek")
        ]


class Leerling(VersionedDocument, TimestampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    voornaam = models.CharField(_("voornaam"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    geboortedatum = models.DateField(_("geboortedatum"))
    leerlingnummer = models.CharField(_("leerlingnummer"), max_length=20, blank=True)
    eck_id = models.CharField(
        _("ECK iD"),
        max_length=200,
        blank=True,
        help_text=_("Pseudonieme ketensleutel (Edu-iK) uit de leerlingadministratie."),
    )

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["achternaam", "voornaam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "leerlingnummer"],
                condition=~models.Q(leerlingnummer=""),
                name="leerling_leerlingnummer_uniek",
                violation_error_message=_("Er is al een leerling met dit leerlingnummer."),
            )
        ]

    def __str__(self) -> str:
        return self.volledige_naam

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornaam, self.tussenvoegsel, self.achternaam) if p)

    def clean(self) -> None:
        if self.geboortedatum and self.geboortedatum > timezone.localdate():
            raise ValidationError({"geboortedatum": _("De geboortedatum ligt in de toekomst.")})


class LeerlingExternId(TenantModel):
    """A pupil's id in an outside system (LVS), so imports are idempotent upserts."""

    leerling = models.ForeignKey(Leerling, on_delete=models.CASCADE, related_name="externe_ids")
    bron = models.CharField(_("bron"), max_length=40, help_text=_("Bijvoorbeeld magister."))
    extern_id = models.CharField(_("extern id"), max_length=100)

    class Meta:
        verbose_name = _("extern id van leerling")
        verbose_name_plural = _("externe ids van leerlingen")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "bron", "extern_id"], name="leerling_extern_id_uniek"
            )
        ]


class PlaatsingQuerySet(models.QuerySet["Plaatsing"]):
    def active(self, on: dt.date | None = None) -> PlaatsingQuerySet:
        on = on or timezone.localdate()
        return self.filter(startdatum__lte=on).filter(
            models.Q(einddatum__isnull=True) | models.Q(einddatum__gte=on)
        )


class Plaatsing(VersionedDocument, TimestampedModel):
    """A pupil's enrolment in a groep from a start date until an optional end date."""

    leerling = models.ForeignKey(
        Leerling, on_delete=models.CASCADE, related_name="plaatsingen", verbose_name=_("leerling")
    )
    groep = models.ForeignKey(
        Groep, on_delete=models.PROTECT, related_name="plaatsingen", verbose_name=_("groep")
    )
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)

    objects = TenantManager.from_queryset(PlaatsingQuerySet)()  # type: ignore[misc]

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-startdatum"]

    def __str__(self) -> str:
        return f"{self.leerling} in {self.groep}"

    def clean(self) -> None:
        _check_dates(self.startdatum, self.einddatum)
        if not (self.startdatum and self.groep_id and self.leerling_id):
            return
        jaar = self.groep.schooljaar
        if not (jaar.startdatum <= self.startdatum <= jaar.einddatum):
            raise ValidationError(
                {
                    "startdatum": _("De startdatum valt buiten schooljaar %(naam)s.")
                    % {"naam": jaar.naam}
                }
            )
        einde = self.einddatum or dt.date.max
        overlap = (
            Plaatsing.objects.for_school(self.school_id)
            .filter(leerling_id=self.leerling_id, startdatum__lte=einde)
            .filter(models.Q(einddatum__isnull=True) | models.Q(einddatum__gte=self.startdatum))
            .exclude(pk=self.pk)
            .select_related("groep")
            .first()
        )
        if overlap:
            raise ValidationError(
                _("Deze leerling is in deze periode al geplaatst in groep %(groep)s.")
                % {"groep": overlap.groep.naam}
            )
