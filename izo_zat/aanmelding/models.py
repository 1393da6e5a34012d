"""The IZO aanmelding (bijlage 20) and its triage. A groepsbespreking decision "aanmelden bij
IZO" opens a concept aanmelding for the mentor, pre-filled from the pupil's data; the
zorgcoördinator's triage decision accepts it (opening a traject), asks for information or
sends it back."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument


class AanmeldingStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept (nog niet ingediend)")
    INGEDIEND = "ingediend", _("Ingediend, wacht op triage")
    INFO_GEVRAAGD = "info_gevraagd", _("Aanvullende informatie gevraagd")
    TERUGGESTUURD = "teruggestuurd", _("Teruggestuurd: eerst eerstelijnsacties")
    GEACCEPTEERD = "geaccepteerd", _("Geaccepteerd, traject geopend")


class Aanmelding(VersionedDocument, TimestampedModel):
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
