"""The individueel handelingsplan (IHP, bijlage 12/13), the ontwikkelingsperspectief (OPP),
and parental agreement on either. All school-owned.

An IHP is an appendix to one groepsplan with the same period, for one pupil of its overview.
An OPP belongs to a pupil: expected exit, expected yield per subject, factors; by law it is set
within 6 weeks of the start of extra support and evaluated at least yearly.
An Ouderinstemming is recorded, never edited (append-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument

__all__ = [
    "OPP_TERMIJN",
    "Handelingsplan",
    "IhpSoort",
    "InstemmingRelatie",
    "InstemmingWijze",
    "Ontwikkelingsperspectief",
    "OppVerwachting",
    "Ouderinstemming",
]

#: An OPP is set within 6 weeks after extra support started.
OPP_TERMIJN = dt.timedelta(weeks=6)


class IhpSoort(models.TextChoices):
    VAKOVERSTIJGEND = "vakoverstijgend", _("Vakoverstijgend (bijlage 12)")
    VAKSPECIFIEK = "vakspecifiek", _("Vakspecifiek (bijlage 13)")


class Handelingsplan(VersionedDocument, TimestampedModel):
    """An individueel handelingsplan: the exception, an appendix to the groepsplan."""

    groepsplan = models.ForeignKey(
        "groepsplan.Groepsplan", on_delete=models.CASCADE, related_name="handelingsplannen"
    )
    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")
    soort = models.CharField(_("soort"), max_length=16, choices=IhpSoort.choices)
    startdatum = models.DateField(_("begin periode IHP"))
    einddatum = models.DateField(_("einde periode IHP"))
    ontwikkelingsperspectief_of_leerrendementsverwachting = models.TextField(
        _("ontwikkelingsperspectief of leerrendementsverwachting"), blank=True
    )
    onderwijsbehoeften = models.TextField(_("onderwijsbehoeften"), blank=True)
    doelen = models.TextField(_("doelen / gewenst gedrag"), blank=True)
    inhoud = models.TextField(_("inhoud (wat)"), blank=True)
    aanpak = models.TextField(_("aanpak / methodiek (hoe)"), blank=True)
    organisatie = models.TextField(_("organisatie (wie en wanneer)"), blank=True)
    evaluatie = models.TextField(_("evaluatie (na afronding van het IHP)"), blank=True)
    afspraken_met_ouders = models.TextField(_("afspraken met ouders"), blank=True)
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("individueel handelingsplan")
        verbose_name_plural = _("individuele handelingsplannen")
        ordering = ["-startdatum", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["groepsplan", "leerling", "soort"], name="ihp_per_plan_leerling_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"IHP {self.leerling}"


class Ontwikkelingsperspectief(VersionedDocument, TimestampedModel):
    """The OPP of a pupil (one per pupil; its history keeps the earlier versions)."""

    leerling = models.OneToOneField(
        "zorgroute.Leerling", on_delete=models.PROTECT, related_name="ontwikkelingsperspectief"
    )
    uitstroomniveau = models.CharField(_("verwacht uitstroomniveau"), max_length=100, blank=True)
    uitstroombestemming = models.CharField(
        _("verwachte uitstroombestemming"), max_length=200, blank=True
    )
    stimulerende_factoren = models.TextField(_("stimulerende factoren"), blank=True)
    belemmerende_factoren = models.TextField(_("belemmerende factoren"), blank=True)
    startdatum_ondersteuning = models.DateField(_("startdatum extra ondersteuning"))
    vastgesteld_op = models.DateField(_("vastgesteld op"), null=True, blank=True)
    handelingsdeel = models.TextField(_("handelingsdeel"), blank=True)
    evaluatiedatum = models.DateField(
        _("evaluatiedatum"),
        null=True,
        blank=True,
        help_text=_("Minstens jaarlijks; standaard een jaar na vaststelling."),
    )
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ontwikkelingsperspectief")
        verbose_name_plural = _("ontwikkelingsperspectieven")
        ordering = ["startdatum_ondersteuning", "pk"]

    def __str__(self) -> str:
        return f"OPP {self.leerling}"

    @property
    def uiterlijk_vastgesteld(self) -> dt.date:
        """The legal deadline: 6 weeks after extra support started."""
        return self.startdatum_ondersteuning + OPP_TERMIJN


class OppVerwachting(TenantModel):
    """The expected learning yield for one subject."""

    opp = models.ForeignKey(
        Ontwikkelingsperspectief, on_delete=models.CASCADE, related_name="verwachtingen"
    )
    vak = models.ForeignKey("zorgroute.Vak", on_delete=models.PROTECT, related_name="+")
    verwacht_leerrendement = models.CharField(_("verwacht leerrendement"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verwacht leerrendement")
        verbose_name_plural = _("verwachte leerrendementen")
        ordering = ["vak__naam"]
        constraints = [
            models.UniqueConstraint(fields=["opp", "vak"], name="oppverwachting_per_vak_uniek")
        ]


class InstemmingRelatie(models.TextChoices):
    OUDER = "ouder", _("Ouder")
    VERZORGER = "verzorger", _("Verzorger")
    LEERLING = "leerling", _("Leerling (16 jaar of ouder)")


class InstemmingWijze(models.TextChoices):
    GESPREK = "gesprek", _("In een gesprek")
    HANDTEKENING = "handtekening", _("Met een handtekening")
    EMAIL = "email", _("Per e-mail")


class Ouderinstemming(TenantModel):
    """Agreement with an IHP or with the action part of an OPP: who, when, how. Recorded
    once and never edited; a new agreement is a new row."""

    handelingsplan = models.ForeignKey(
        Handelingsplan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instemmingen",
    )
    ontwikkelingsperspectief = models.ForeignKey(
        Ontwikkelingsperspectief,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instemmingen",
    )
    naam = models.CharField(_("naam"), max_length=150)
    relatie = models.CharField(_("relatie"), max_length=12, choices=InstemmingRelatie.choices)
    datum = models.DateField(_("datum"))
    wijze = models.CharField(_("hoe"), max_length=14, choices=InstemmingWijze.choices)
    #: The version of the IHP or OPP that was agreed to.
    versie = models.PositiveIntegerField(_("versie"))
    vastgelegd_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instemming")
        verbose_name_plural = _("instemmingen")
        ordering = ["datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(handelingsplan__isnull=False, ontwikkelingsperspectief=None)
                | models.Q(handelingsplan=None, ontwikkelingsperspectief__isnull=False),
                name="instemming_ihp_of_opp",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(
                "Een vastgelegde instemming wordt niet gewijzigd; leg een nieuwe vast."
            )
        super().save(*args, **kwargs)
