"""Besprekingen (seed 000 chapter 5, bijlagen 15–17): the groepsbespreking of cyclus A, the
vakspecifieke bespreking of cyclus B and the bilateraal overleg about one pupil.

A bespreking holds only what the meeting adds: who attends, questions brought in beforehand,
what was agreed per agenda point, decisions about pupils and actions with an owner. What is
discussed (signals, needs, clusters) stays in the groepsoverzicht and groepsplan; the meeting
screen edits those in place, so there is no second copy of the data.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument


class Soort(models.TextChoices):
    GROEPSBESPREKING = "groep", _("Groepsbespreking (cyclus A)")
    VAKSPECIFIEK = "vak", _("Vakspecifieke bespreking (cyclus B)")
    BILATERAAL = "bilateraal", _("Bilateraal overleg")


class Vorm(models.TextChoices):
    """Where a vakspecifieke bespreking is held (seed 000 §5.2)."""

    VAKSECTIE = "vaksectie", _("In de vaksectie")
    KERNTEAM = "kernteam", _("In het kernteam")
    DOCENT_MENTOR = "docent_mentor", _("Docent en mentor")


class Status(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    BEZIG = "bezig", _("Bezig")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Bespreking(VersionedDocument, TimestampedModel):
    soort = models.CharField(_("soort"), max_length=12, choices=Soort.choices)
    vorm = models.CharField(_("vorm"), max_length=16, choices=Vorm.choices, blank=True)
    groep = models.ForeignKey("zorgroute.Groep", on_delete=models.PROTECT, related_name="+")
    #: The overview the meeting discusses (cyclus A for a groepsbespreking, B for a
    #: vakspecifieke); empty for a bilateraal overleg.
    groepsoverzicht = models.ForeignKey(
        "groepsoverzicht.Groepsoverzicht",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="besprekingen",
    )
    #: The pupil of a bilateraal overleg.
    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    datum = models.DateField(_("datum"))
    tijd = models.TimeField(_("tijd"), null=True, blank=True)
    voorzitter = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voorzitter"),
    )
    onderwerp = models.CharField(
        _("onderwerp"),
        max_length=200,
        blank=True,
        help_text=_("Waar gaat het overleg over? Bijvoorbeeld: werkhouding in de les."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.GEPLAND
    )
    samenvatting = models.TextField(
        _("samenvatting van belangrijkste afspraken en besluiten"), blank=True
    )
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")
        ordering = ["-datum", "-tijd", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort="bilateraal", leerling__isnull=False)
                | (~Q(soort="bilateraal") & Q(groepsoverzicht__isnull=False)),
                name="bespreking_onderwerp_per_soort",
            ),
        ]
        indexes = [models.Index(fields=["school", "groep", "datum"])]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"

    @property
    def is_afgesloten(self) -> bool:
        return self.status == Status.AFGESLOTEN


class Deelnemer(TenantModel):
    """Who is invited. Attendees see the meeting on their home page and get the report."""

    bespreking = models.ForeignKey(Bespreking, on_delete=models.CASCADE, related_name="deelnemers")
    gebruiker = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    zorgteam = models.BooleanField(_("namens het zorgteam"), default=False)
    verslag_ontvangen_op = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            models.UniqueConstraint(fields=["bespreking", "gebruiker"], name="uniek_deelnemer")
        ]


class Inbreng(TenantModel):
    """A question or discussion point a teacher submits before the meeting (seed §5.1)."""

    bespreking = models.ForeignKey(Bespreking, on_delete=models.CASCADE, related_name="inbreng")
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    punt = models.CharField(_("agendapunt"), max_length=20)
    leerling = models.ForeignKey(
        "zorgroute.Leerling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("over leerling"),
    )
    tekst = models.TextField(_("vraag of gesprekspunt"))
    besproken = models.BooleanField(_("besproken"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inbreng")
        verbose_name_plural = _("inbreng")
        ordering = ["created_at", "pk"]


class Verslagpunt(VersionedDocument, TimestampedModel):
    """What was agreed on one agenda point (one row of bijlage 16)."""

    bespreking = models.ForeignKey(
        Bespreking, on_delete=models.CASCADE, related_name="verslagpunten"
    )
    punt = models.CharField(_("agendapunt"), max_length=20)
    tekst = models.TextField(_("afspraken"), blank=True)

    class Meta:
        verbose_name = _("verslagpunt")
        verbose_name_plural = _("verslagpunten")
        constraints = [
            models.UniqueConstraint(fields=["bespreking", "punt"], name="uniek_verslagpunt")
        ]


class BesluitSoort(models.TextChoices):
    AFSPRAAK = "afspraak", _("Afspraak over de leerling")
    AANMELDEN_IZO = "izo", _("Aanmelden bij het intern zorgoverleg (IZO)")
    BILATERAAL = "bilateraal", _("Bilateraal overleg met het zorgteam")
    EVALUATIE = "evaluatie", _("Evaluatie van een bilateraal overleg")


class Besluit(TenantModel):
    """A decision or agreement about one pupil; it is part of the pupil's dossier timeline."""

    bespreking = models.ForeignKey(Bespreking, on_delete=models.CASCADE, related_name="besluiten")
    punt = models.CharField(_("agendapunt"), max_length=20)
    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.PROTECT, related_name="+", verbose_name=_("leerling")
    )
    soort = models.CharField(_("soort besluit"), max_length=12, choices=BesluitSoort.choices)
    tekst = models.TextField(_("besluit of afspraak"))
    #: The bilateraal overleg this decision evaluates (soort EVALUATIE).
    evalueert = models.ForeignKey(
        Bespreking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluaties",
    )
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["school", "leerling"])]


class ActieStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")


class Actie(VersionedDocument, TimestampedModel):
    """Who does what before when. Open actions show on the owner's home page."""

    bespreking = models.ForeignKey(Bespreking, on_delete=models.CASCADE, related_name="acties")
    omschrijving = models.CharField(_("wat moet er gebeuren"), max_length=300)
    eigenaar = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wie"),
    )
    deadline = models.DateField(_("vóór"))
    leerling = models.ForeignKey(
        "zorgroute.Leerling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("over leerling"),
    )
    besluit = models.ForeignKey(
        Besluit, on_delete=models.CASCADE, null=True, blank=True, related_name="acties"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ActieStatus.choices, default=ActieStatus.OPEN
    )
    gedaan_op = models.DateTimeField(null=True, blank=True)
    gedaan_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["school", "eigenaar", "status"])]

    @property
    def is_open(self) -> bool:
        return self.status == ActieStatus.OPEN
