"""The rhythm of the care route: the jaarplanning (deadlines per cycle), the school's
reminder settings, and the notifications that were sent (so each goes out once)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument

#: The steps of one cycle with a deadline, in the order of the cycle (field, label).
STAPPEN: list[tuple[str, str | Promise]] = [
    ("groepsoverzicht", _("Groepsoverzicht ingevuld")),
    ("groepsbespreking", _("Groepsbespreking gehouden")),
    ("groepsplan", _("Groepsplan actief")),
    ("tussenevaluatie", _("Tussenevaluatie (plannen langer dan 10 weken)")),
    ("eindevaluatie", _("Eindevaluatie")),
]


class Cyclusplanning(VersionedDocument, TimestampedModel):
    """The deadlines of one HGW cycle (a Periode of the schooljaar)."""

    periode = models.OneToOneField(
        "zorgroute.Periode", on_delete=models.CASCADE, related_name="planning"
    )
    groepsoverzicht = models.DateField(_("groepsoverzicht ingevuld"), null=True, blank=True)
    groepsbespreking = models.DateField(_("groepsbespreking gehouden"), null=True, blank=True)
    groepsplan = models.DateField(_("groepsplan actief"), null=True, blank=True)
    tussenevaluatie = models.DateField(_("tussenevaluatie"), null=True, blank=True)
    eindevaluatie = models.DateField(_("eindevaluatie"), null=True, blank=True)

    class Meta:
        verbose_name = _("cyclusplanning")
        verbose_name_plural = _("cyclusplanningen")

    def __str__(self) -> str:
        return f"Planning {self.periode}"

    def clean(self) -> None:
        """Every deadline inside the cycle's dates, and the main steps in the cycle's order
        (the tussenevaluatie sits anywhere in between)."""
        periode = self.periode
        labels = dict(STAPPEN)
        fouten: dict[str, str] = {}
        vorige_veld: str | None = None
        for veld, label in STAPPEN:
            datum: dt.date | None = getattr(self, veld)
            if datum is None:
                continue
            if not (periode.startdatum <= datum <= periode.einddatum):
                fouten[veld] = str(
                    _("%(stap)s moet binnen %(periode)s vallen (%(van)s t/m %(tot)s).")
                    % {
                        "stap": label,
                        "periode": periode.naam,
                        "van": f"{periode.startdatum:%d-%m-%Y}",
                        "tot": f"{periode.einddatum:%d-%m-%Y}",
                    }
                )
                continue
            if veld == "tussenevaluatie":
                continue
            if vorige_veld is not None and datum < getattr(self, vorige_veld):
                fouten[veld] = str(
                    _("%(stap)s kan niet vóór '%(vorige)s' liggen.")
                    % {"stap": label, "vorige": labels[vorige_veld]}
                )
            vorige_veld = veld
        if fouten:
            raise ValidationError(fouten)


class Planningsinstelling(VersionedDocument, TimestampedModel):
    """How the school wants to be reminded (one row per school, made on first save)."""

    herinnering_dagen = models.PositiveSmallIntegerField(
        _("herinnering … dagen vóór de deadline"),
        default=3,
        help_text=_("Eén herinnering per taak, dit aantal dagen van tevoren."),
    )
    escalatie_dagen = models.PositiveSmallIntegerField(
        _("teamleider inlichten na … dagen te laat"),
        default=5,
        help_text=_("Is een taak zo lang te laat, dan krijgt de teamleider één bericht."),
    )

    class Meta:
        verbose_name = _("planningsinstelling")
        constraints = [
            models.UniqueConstraint(fields=["school"], name="planningsinstelling_per_school")
        ]

    def __str__(self) -> str:
        return f"Instellingen {self.school_id}"


class Fase(models.TextChoices):
    BINNENKORT = "binnenkort", _("Herinnering")
    TE_LAAT = "te_laat", _("Te laat")
    ESCALATIE = "escalatie", _("Teamleider ingelicht")
    WEEKOVERZICHT = "week", _("Weekoverzicht")
    GEACTIVEERD = "actief", _("Groepsplan actief")


class Melding(TenantModel):
    """One notification to one person about one thing in one phase. The unique key makes
    "notify once" a database guarantee: a daily check that runs twice, or a task delivered
    twice, finds the row and sends nothing."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    #: What it is about, e.g. "groepsplan:12" or "actie:7"; the week for a weekoverzicht.
    sleutel = models.CharField(max_length=80)
    fase = models.CharField(max_length=12, choices=Fase.choices)
    titel = models.CharField(max_length=300)
    deadline = models.DateField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    verzonden_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "ontvanger", "sleutel", "fase"], name="melding_eenmalig"
            )
        ]
        indexes = [models.Index(fields=["school", "verzonden_op"])]

    def __str__(self) -> str:
        return f"{self.get_fase_display()}: {self.titel}"


class Meldingsvoorkeur(TenantModel, TimestampedModel):
    """A user's choice about e-mail in one school (absent: the defaults)."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    weekoverzicht = models.BooleanField(
        _("weekoverzicht per e-mail"),
        default=True,
        help_text=_("Elke maandagochtend je open taken in één e-mail."),
    )

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        constraints = [
            models.UniqueConstraint(fields=["school", "gebruiker"], name="voorkeur_per_gebruiker")
        ]

    def __str__(self) -> str:
        return f"Voorkeur {self.gebruiker_id}"
