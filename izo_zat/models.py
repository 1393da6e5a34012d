"""Second-line care (seed 000 chapter 6). The IZO aanmelding (bijlage 20) starts here: a
groepsbespreking decision "aanmelden bij IZO" opens a concept aanmelding for the mentor,
pre-filled from the pupil's data. Triage, the IZO meeting and ZAT build on this model."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel
from zorgroute.models.base import TenantManager


class AanmeldingStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept (nog niet ingediend)")
    INGEDIEND = "ingediend", _("Ingediend, wacht op triage")
    INFO_GEVRAAGD = "info_gevraagd", _("Aanvullende informatie gevraagd")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd: eerst eerstelijnsacties")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd, traject geopend")


class Aanmelding(TenantModel, TimestampedModel):
    """The aanmeldingsformulier of bijlage 20. Facts the portal already holds (class, mentor,
    results, signals, needs, plans, earlier besprekingen) are shown from the data, not
    copied; the applicant writes only what the data cannot say."""

    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")
    groep = models.ForeignKey("zorgroute.Groep", on_delete=models.PROTECT, related_name="+")
    aanmelder = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    #: The groepsbespreking decision that led to this aanmelding, if any.
    besluit = models.OneToOneField(
        "besprekingen.Besluit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanmelding",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AanmeldingStatus.choices,
        default=AanmeldingStatus.CONCEPT,
    )
    ouders_op_de_hoogte = models.BooleanField(
        _("ouders zijn op de hoogte van de aanmelding"), null=True, blank=True
    )
    reden_ouders_niet_op_de_hoogte = models.TextField(
        _("reden waarom ouders niet op de hoogte zijn"), blank=True
    )
    probleem = models.TextField(_("wat is het probleem?"), blank=True)
    ontstaan = models.TextField(
        _("wanneer zijn de problemen begonnen? Wat is een mogelijke oorzaak?"), blank=True
    )
    belemmerend = models.TextField(
        _("factoren die de ontwikkeling en het leren belemmeren"), blank=True
    )
    thuissituatie = models.TextField(
        _("hoe functioneert de leerling thuis en in de leefomgeving?"), blank=True
    )
    stimulerend = models.TextField(
        _("wat gaat goed? Factoren die de ontwikkeling en het leren stimuleren"), blank=True
    )
    hulpvraag_leerling = models.TextField(_("hulpvraag van de leerling (en de ouders)"), blank=True)
    begeleidingsvraag = models.TextField(
        _("begeleidingsvraag van de mentor en docenten"), blank=True
    )
    ondersteuning_onderzoek = models.BooleanField(
        _("onderzoek naar de onderwijsbehoeften en/of het OPP"), default=False
    )
    ondersteuning_leerling = models.BooleanField(_("begeleiding van de leerling"), default=False)
    ondersteuning_docenten = models.BooleanField(
        _("begeleiding van de mentor en/of docenten"), default=False
    )
    ondersteuning_ouders = models.BooleanField(_("begeleiding van de ouders"), default=False)
    ondersteuning_anders = models.CharField(_("anders, namelijk"), max_length=200, blank=True)
    al_gedaan = models.TextField(
        _("wat heeft de aanmelder zelf tot nu toe aan het probleem gedaan?"), blank=True
    )
    eerdere_hulpverlening = models.TextField(
        _("eerder intern of extern contact met hulpverlening"), blank=True
    )
    eerder_onderzoek = models.TextField(_("eerder onderzoek en de uitkomsten"), blank=True)
    diagnose = models.TextField(_("gediagnosticeerde stoornis"), blank=True)
    sociaal_emotioneel = models.TextField(
        _("sociaal-emotionele ontwikkeling en interactie met leerlingen en docenten"), blank=True
    )
    werkhouding = models.TextField(
        _("werkhouding, taakaanpak, huiswerkattitude, motivatie en welbevinden"), blank=True
    )
    verzuim = models.TextField(_("aanwezigheid en verzuim"), blank=True)
    overig = models.TextField(_("overige opmerkingen"), blank=True)
    ingediend_op = models.DateTimeField(_("ingediend op"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IZO-aanmelding")
        verbose_name_plural = _("IZO-aanmeldingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Aanmelding IZO {self.leerling}"


class TriageUitkomst(models.TextChoices):
    ACCEPTEREN = "accepteren", _("Accepteren en inplannen in het IZO")
    INFO_VRAGEN = "info_vragen", _("Aanvullende informatie vragen aan de aanmelder")
    TERUGSTUREN = "terugsturen", _("Terugsturen: eerst eerstelijnsacties proberen")


class Triagebesluit(TenantModel):
    """The zorgcoördinator's decision on a submitted aanmelding, with its reason. Append-only:
    the aanmelding's triage history is the list of these."""

    aanmelding = models.ForeignKey(
        Aanmelding, on_delete=models.CASCADE, related_name="triagebesluiten"
    )
    uitkomst = models.CharField(_("besluit"), max_length=12, choices=TriageUitkomst.choices)
    reden = models.TextField(_("reden"))
    gevraagde_informatie = models.TextField(
        _("welke informatie ontbreekt"),
        blank=True,
        help_text=_("Zo concreet mogelijk: de aanmelder krijgt dit als taak."),
    )
    eerstelijns_acties = models.TextField(_("eerst te proberen acties in de klas"), blank=True)
    izo_datum = models.DateField(_("bespreken in het IZO van"), null=True, blank=True)
    door = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("triagebesluit")
        verbose_name_plural = _("triagebesluiten")
        ordering = ["created_at", "pk"]


class Zorgniveau(models.TextChoices):
    """Care levels of a traject (DOMAIN.md: VO 1–3). Labels per school type come from
    izo_zat.zorgniveaus."""

    EEN = "1", _("1")
    TWEE = "2", _("2")
    DRIE = "3", _("3")


class TrajectRoute(models.TextChoices):
    AANMELDING = "aanmelding", _("Via een aanmelding en triage")
    VERKORT = "verkort", _("Verkorte route (direct gestart door het zorgteam)")


class TrajectStatus(models.TextChoices):
    OPEN = "open", _("Lopend")
    GESLOTEN = "gesloten", _("Afgesloten")


class Traject(TenantModel, TimestampedModel):
    """One care traject per pupil at a time ("één kind, één plan"): opened by accepting an
    aanmelding or, on the shortened route, directly by a zorgteam member (then reported in
    the next IZO)."""

    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")
    aanmelding = models.OneToOneField(
        Aanmelding, on_delete=models.PROTECT, null=True, blank=True, related_name="traject"
    )
    route = models.CharField(_("route"), max_length=12, choices=TrajectRoute.choices)
    reden_verkort = models.TextField(_("waarom de verkorte route"), blank=True)
    zorgniveau = models.CharField(
        _("zorgniveau"), max_length=2, choices=Zorgniveau.choices, default=Zorgniveau.TWEE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TrajectStatus.choices, default=TrajectStatus.OPEN
    )
    izo_datum = models.DateField(_("bespreken in het IZO van"), null=True, blank=True)
    geopend_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    gesloten_op = models.DateTimeField(null=True, blank=True)
    afsluitreden = models.TextField(_("reden van afsluiten"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["leerling"],
                condition=models.Q(status="open"),
                name="een_lopend_traject_per_leerling",
                violation_error_message=_("Deze leerling heeft al een lopend traject."),
            )
        ]

    def __str__(self) -> str:
        return f"Traject {self.leerling}"


class PartnerSoort(models.TextChoices):
    GGD = "ggd", _("GGD / jeugdarts")
    SMW = "smw", _("Schoolmaatschappelijk werk")
    LEERPLICHT = "leerplicht", _("Leerplicht")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    SWV = "swv", _("Samenwerkingsverband")
    OVERIG = "overig", _("Overig")


class Partnerorganisatie(TenantModel, TimestampedModel):
    """An external organisation the school works with in the ZAT."""

    naam = models.CharField(_("naam"), max_length=120)
    soort = models.CharField(_("soort"), max_length=12, choices=PartnerSoort.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "naam"],
                name="uniek_partnerorganisatie",
                violation_error_message=_("Deze organisatie staat er al."),
            )
        ]

    def __str__(self) -> str:
        return self.naam


class ToestemmingDoel(models.TextChoices):
    ZAT = "zat", _("Bespreking in het ZAT")
    DELEN = "delen", _("Informatie delen met een partnerorganisatie")
    ONDERZOEK = "onderzoek", _("Extern onderzoek")
    VERWIJZING = "verwijzing", _("Verwijzing")


class ToestemmingGever(models.TextChoices):
    OUDER = "ouder", _("Ouder")
    VOOGD = "voogd", _("Voogd")
    LEERLING = "leerling", _("De leerling zelf (16 jaar of ouder)")


class ToestemmingQuerySet(models.QuerySet["Toestemming"]):
    def geldig(self, on: dt.date | None = None) -> ToestemmingQuerySet:
        """Consent in force on `on` (today): given, not expired, not withdrawn."""
        on = on or timezone.localdate()
        return self.filter(ingetrokken_op__isnull=True, gegeven_op__lte=on, geldig_tot__gte=on)


class Toestemming(TenantModel, TimestampedModel):
    """Consent per pupil and purpose: who gave it, when, until when, and whether it was
    withdrawn. A withdrawal takes effect at once (`geldig` reads the withdrawal date)."""

    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")
    doel = models.CharField(_("waarvoor"), max_length=12, choices=ToestemmingDoel.choices)
    partner = models.ForeignKey(
        Partnerorganisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="toestemmingen",
        verbose_name=_("partnerorganisatie"),
    )
    gegeven_door = models.CharField(
        _("gegeven door"), max_length=10, choices=ToestemmingGever.choices
    )
    naam_gever = models.CharField(_("naam van wie toestemming gaf"), max_length=120)
    gegeven_op = models.DateField(_("gegeven op"))
    geldig_tot = models.DateField(_("geldig tot en met"))
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    reden_intrekking = models.TextField(_("toelichting bij intrekking"), blank=True)
    vastgelegd_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantManager.from_queryset(ToestemmingQuerySet)()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["-gegeven_op", "-pk"]
        indexes = [models.Index(fields=["school", "leerling", "doel"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(geldig_tot__gte=models.F("gegeven_op")),
                name="toestemming_geldig_na_gegeven",
                violation_error_message=_("'Geldig tot' ligt vóór de datum van toestemming."),
            )
        ]

    @property
    def is_geldig(self) -> bool:
        today = timezone.localdate()
        return self.ingetrokken_op is None and self.gegeven_op <= today <= self.geldig_tot


# The IZO/ZAT meetings and the ZAT live in their own modules; importing them here lets
# Django find the models and callers import everything from izo_zat.models.
from .models_overleg import *  # noqa: E402,F403
from .models_zat import *  # noqa: E402,F403
