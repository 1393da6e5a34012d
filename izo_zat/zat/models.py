"""The third line: the ZAT (zorg- en adviesteam, seed 000 §6.3).

Only an IZO decision refers a pupil (`Zatcasus.izobesluit`), and only with valid consent
for a ZAT bespreking (`Zatcasus.toestemming`, checked again on every read by a partner).
Partner organisations have members with accounts (`Partnerlid`, role ZAT-lid); a member
sees a traject only through an explicit, expiring grant (`TrajectGrant`, django-guardian's
direct foreign-key model) and only while the pupil's consent is valid, and only the parts
the school chose to share.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument
from zorgroute.models.base import TenantManager


class TrajectGrantQuerySet(models.QuerySet["TrajectGrant"]):
    def valid(self) -> TrajectGrantQuerySet:
        return self.filter(ingetrokken_op__isnull=True, geldig_tot__gte=timezone.localdate())


class TrajectGrant(TenantModel, UserObjectPermissionBase):
    """A ZAT partner's access to one traject, until `geldig_tot`, for the parts the school
    shares. Read only by izo_zat.access, which also requires valid ZAT consent."""

    content_object = models.ForeignKey(
        "izo_zat.Traject", on_delete=models.CASCADE, related_name="grants"
    )
    geldig_tot = models.DateField(_("toegang tot en met"))
    deelt_aanmelding = models.BooleanField(
        _("de aanmelding (probleem, hulpvraag, begeleidingsvraag, wat al gedaan is)"),
        default=True,
    )
    deelt_izo_verslagen = models.BooleanField(_("de verslagen van het IZO"), default=True)
    deelt_opp = models.BooleanField(_("het ontwikkelingsperspectief (OPP)"), default=False)
    verleend_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    ingetrokken_op = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(TrajectGrantQuerySet)()  # type: ignore[misc,assignment]
    history = HistoricalRecords()

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("toegang tot een traject")
        verbose_name_plural = _("toegang tot trajecten")


class ZatcasusStatus(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld, wacht op bespreking")
    LOPEND = "lopend", _("In behandeling")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Zatcasus(VersionedDocument, TimestampedModel):
    """A pupil's case in the ZAT: the referral of an IZO decision, the question to the ZAT,
    the consent it rests on, casusregie, who reports back to parents and school, the next
    discussion date and closing. One open case per traject ("één kind, één plan")."""

    traject = models.ForeignKey(
        "izo_zat.Traject", on_delete=models.PROTECT, related_name="zatcasussen"
    )
    izobesluit = models.OneToOneField(
        "izo_zat.Izobesluit", on_delete=models.PROTECT, related_name="zatcasus"
    )
    vraag = models.TextField(_("vraag aan het ZAT"))
    toestemming = models.ForeignKey(
        "izo_zat.Toestemming",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("toestemming voor bespreking in het ZAT"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ZatcasusStatus.choices, default=ZatcasusStatus.AANGEMELD
    )
    zat_datum = models.DateField(_("bespreken in het ZAT van"), null=True, blank=True)
    casusregisseur = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("casusregie"),
    )
    terugkoppeling_ouders_door = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie koppelt terug naar leerling en ouders"),
    )
    terugkoppeling_school_door = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie koppelt de handelingsadviezen terug naar school"),
    )
    terugkoppeling_ouders = models.TextField(_("terugkoppeling aan leerling en ouders"), blank=True)
    terugkoppeling_school = models.TextField(_("terugkoppeling aan school"), blank=True)
    aangemeld_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    afsluitreden = models.TextField(_("reden van afsluiten"), blank=True)

    class Meta:
        verbose_name = _("ZAT-casus")
        verbose_name_plural = _("ZAT-casussen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject"],
                condition=~Q(status="afgesloten"),
                name="een_lopende_zatcasus_per_traject",
                violation_error_message=_("Deze leerling is al aangemeld bij het ZAT."),
            )
        ]

    def __str__(self) -> str:
        return f"ZAT-casus {self.traject.leerling}"

    @property
    def is_open(self) -> bool:
        return self.status != ZatcasusStatus.AFGESLOTEN


class ZatVerslag(VersionedDocument, TimestampedModel):
    """What one ZAT meeting did with a case (seed §6.3.3): quick round, multidisciplinary
    analysis, options for pupil, family and school, decisions, summary and evaluation."""

    overleg = models.ForeignKey(
        "izo_zat.Zorgoverleg", on_delete=models.PROTECT, related_name="zat_verslagen"
    )
    casus = models.ForeignKey(Zatcasus, on_delete=models.PROTECT, related_name="verslagen")
    snelle_ronde = models.TextField(
        _("snelle ronde: aanvullende informatie en verhelderingsvragen"), blank=True
    )
    analyse = models.TextField(_("multidisciplinaire analyse van de hulpvraag"), blank=True)
    richting_leerling = models.TextField(_("oplossingsrichting: de leerling"), blank=True)
    richting_gezin = models.TextField(_("oplossingsrichting: het gezin"), blank=True)
    richting_school = models.TextField(_("oplossingsrichting: school"), blank=True)
    besluiten = models.TextField(_("besluiten over interventies en doelen"), blank=True)
    samenvatting = models.TextField(_("samenvatting van afspraken en vervolgstappen"), blank=True)
    evaluatiedatum = models.DateField(
        _("evaluatie in het ZAT van"),
        null=True,
        blank=True,
        help_text=_("Op deze datum staat de casus weer op de agenda van het ZAT."),
    )

    class Meta:
        verbose_name = _("ZAT-verslag")
        verbose_name_plural = _("ZAT-verslagen")
        ordering = ["-overleg__datum", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "casus"], name="uniek_zat_verslag")
        ]


class ZatActieStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GEDAAN = "gedaan", _("Gedaan")


class ZatActie(VersionedDocument, TimestampedModel):
    """One line of the plan van aanpak: who (an organisation and/or a person) does what,
    with which goal, before when. Members of the organisation report progress here."""

    casus = models.ForeignKey(Zatcasus, on_delete=models.CASCADE, related_name="acties")
    wat = models.CharField(_("wat"), max_length=300)
    doel = models.TextField(_("met welk doel"), blank=True)
    partner = models.ForeignKey(
        "izo_zat.Partnerorganisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    uitvoerder = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie"),
    )
    deadline = models.DateField(_("vóór"))
    status = models.CharField(
        _("status"), max_length=8, choices=ZatActieStatus.choices, default=ZatActieStatus.OPEN
    )
    voortgang = models.TextField(_("voortgang"), blank=True)
    bijgewerkt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("actie plan van aanpak")
        verbose_name_plural = _("acties plan van aanpak")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(uitvoerder__isnull=False),
                name="zatactie_heeft_een_uitvoerder",
                violation_error_message=_("Kies een organisatie of een persoon."),
            )
        ]


class DoorverwijzingSoort(models.TextChoices):
    AMBULANT = "ambulant", _("Ambulante begeleiding")
    REBOUND = "rebound", _("Rebound / tijdelijke onderwijsopvang")
    VSO = "vso", _("Voortgezet speciaal onderwijs (vso)")
    JEUGDZORG = "jeugdzorg", _("Jeugdzorg")
    GGZ = "ggz", _("(Jeugd-)GGZ")
    OPVOEDING = "opvoeding", _("Opvoedingsondersteuning ouders (CJG)")
    OVERIG = "overig", _("Overig")


class DoorverwijzingStatus(models.TextChoices):
    AANGEVRAAGD = "aangevraagd", _("Aangevraagd")
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    GESTART = "gestart", _("Gestart")
    AFGEROND = "afgerond", _("Afgerond")


class Doorverwijzing(VersionedDocument, TimestampedModel):
    """A referral out of the ZAT (seed §6.3.4–6.3.5) and where it stands."""

    casus = models.ForeignKey(Zatcasus, on_delete=models.PROTECT, related_name="doorverwijzingen")
    soort = models.CharField(_("soort"), max_length=12, choices=DoorverwijzingSoort.choices)
    partner = models.ForeignKey(
        "izo_zat.Partnerorganisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("naar"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DoorverwijzingStatus.choices,
        default=DoorverwijzingStatus.AANGEVRAAGD,
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    aangevraagd_op = models.DateField(_("aangevraagd op"))
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("doorverwijzing")
        verbose_name_plural = _("doorverwijzingen")
        ordering = ["aangevraagd_op", "pk"]
