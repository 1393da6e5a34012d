"""HGW steps 4–6: clustering, the groepsplan (bijlagen 9–11), carrying it out and evaluating
it in place. Every model is school-owned (TenantModel) and versioned where people edit it.

The plan starts from a groepsoverzicht (its groep, periode, cyclus and lesgroep); pupils are
clustered into a basisgroep, subgroepen and, as an exception, single pupils (Plangroep)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import Leerling, TenantModel, TimestampedModel, VersionedDocument


class PlanFormat(models.TextChoices):
    VAKOVERSTIJGEND = "a", _("Vakoverstijgend (bijlage 9)")
    CONVERGENT = "b_convergent", _("Vakspecifiek, convergente differentiatie (bijlage 10)")
    DIVERGENT = "b_divergent", _("Vakspecifiek, divergente differentiatie (bijlage 11)")


class PlanStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    ACTIEF = "actief", _("Actief")
    GEEVALUEERD = "geevalueerd", _("Geëvalueerd")
    AFGESLOTEN = "afgesloten", _("Afgesloten zonder evaluatie")


class Groepsplan(VersionedDocument, TimestampedModel):
    groepsoverzicht = models.OneToOneField(
        "groepsoverzicht.Groepsoverzicht", on_delete=models.PROTECT, related_name="groepsplan"
    )
    format = models.CharField(_("format"), max_length=20, choices=PlanFormat.choices)
    startdatum = models.DateField(_("startdatum"))
    einddatum = models.DateField(_("einddatum"))
    tussenevaluatie = models.DateField(
        _("tussenevaluatie"),
        null=True,
        blank=True,
        help_text=_("Wordt automatisch gepland bij een plan van meer dan 10 weken."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.CONCEPT
    )
    afsluitreden = models.TextField(_("reden van afsluiten"), blank=True)
    eindevaluatie = models.TextField(_("evaluatie na afronding"), blank=True)
    geactiveerd_op = models.DateTimeField(null=True, blank=True)
    #: When the class's teachers were told the plan is active (the mail goes out once).
    activatie_gemeld_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("groepsplan")
        verbose_name_plural = _("groepsplannen")
        ordering = ["-startdatum"]

    def __str__(self) -> str:
        return f"Groepsplan {self.groepsoverzicht}"


class Deel(models.TextChoices):
    PEDAGOGISCH = "pedagogisch", _("Deel 1 – pedagogisch (SEO, werkhouding, taakaanpak)")
    BASISVAARDIGHEDEN = "basis", _("Deel 2 – basisvaardigheden (TL, BL, SP, RK)")
    VAK = "vak", _("Vak")


class PlangroepSoort(models.TextChoices):
    BASISGROEP = "basis", _("Basisgroep")
    SUBGROEP = "sub", _("Subgroep")
    INDIVIDUEEL = "individueel", _("Individuele leerling")


class Plangroep(VersionedDocument, TimestampedModel):
    """A row of the plan: the basisgroep, a subgroep or a single pupil, with what is
    offered (inhoud), how (aanpak), organised how (organisatie) and evaluated how."""

    groepsplan = models.ForeignKey(Groepsplan, on_delete=models.CASCADE, related_name="plangroepen")
    deel = models.CharField(_("deel"), max_length=12, choices=Deel.choices)
    soort = models.CharField(_("soort"), max_length=12, choices=PlangroepSoort.choices)
    naam = models.CharField(_("naam"), max_length=60)
    volgorde = models.PositiveSmallIntegerField(default=0)
    inhoud = models.TextField(_("inhoud (wat bied ik aan?)"), blank=True)
    aanpak = models.TextField(_("aanpak / methodiek (hoe?)"), blank=True)
    organisatie = models.TextField(_("organisatie (wie, wanneer, hoe vaak?)"), blank=True)
    evaluatie = models.TextField(_("evaluatie (wie, hoe en wanneer?)"), blank=True)
    leerlingen: models.ManyToManyField[Leerling, Plangroeplid] = models.ManyToManyField(
        "zorgroute.Leerling", through="Plangroeplid", related_name="plangroepen", blank=True
    )

    class Meta:
        verbose_name = _("groep in het plan")
        verbose_name_plural = _("groepen in het plan")
        ordering = ["deel", "volgorde", "pk"]

    def __str__(self) -> str:
        return self.naam


class Plangroeplid(TenantModel):
    plangroep = models.ForeignKey(Plangroep, on_delete=models.CASCADE, related_name="leden")
    leerling = models.ForeignKey("zorgroute.Leerling", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leerling in een groep van het plan")
        verbose_name_plural = _("leerlingen in groepen van het plan")
        constraints = [
            models.UniqueConstraint(fields=["plangroep", "leerling"], name="plangroeplid_uniek")
        ]


class Plandoel(VersionedDocument, TimestampedModel):
    """A SMART goal of a plangroep; prefilled from the pupils' onderwijsbehoeften."""

    plangroep = models.ForeignKey(Plangroep, on_delete=models.CASCADE, related_name="doelen")
    tekst = models.TextField(_("doel"))
    behoefte = models.ForeignKey(
        "groepsoverzicht.Onderwijsbehoefte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The onderwijsbehoefte this goal started from",
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["volgorde", "pk"]

    def __str__(self) -> str:
        return self.tekst[:60]


class DoelResultaat(models.TextChoices):
    BEREIKT = "bereikt", _("Bereikt")
    DEELS = "deels", _("Deels bereikt")
    NIET = "niet", _("Niet bereikt")


class Vervolg(models.TextChoices):
    DOORGAAN = "doorgaan", _("Doorgaan")
    STOPPEN = "stoppen", _("Stoppen")
    BIJSTELLEN = "bijstellen", _("Bijstellen")


class Doelevaluatie(VersionedDocument, TimestampedModel):
    """Whether a goal was reached: for the plangroep as a whole (leerling empty) or, inside a
    subgroep, per pupil; with why and what comes next (feeds the next cycle)."""

    doel = models.ForeignKey(Plandoel, on_delete=models.CASCADE, related_name="evaluaties")
    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resultaat = models.CharField(_("resultaat"), max_length=10, choices=DoelResultaat.choices)
    toelichting = models.TextField(_("waarom"), blank=True)
    vervolg = models.CharField(_("vervolg"), max_length=12, choices=Vervolg.choices)
    geevalueerd_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluatie van een doel")
        verbose_name_plural = _("evaluaties van doelen")
        constraints = [
            models.UniqueConstraint(
                fields=["doel", "leerling"],
                condition=models.Q(leerling__isnull=False),
                name="doelevaluatie_per_leerling_uniek",
            ),
            models.UniqueConstraint(
                fields=["doel"],
                condition=models.Q(leerling__isnull=True),
                name="doelevaluatie_per_groep_uniek",
            ),
        ]


class Dag(models.IntegerChoices):
    MAANDAG = 1, _("maandag")
    DINSDAG = 2, _("dinsdag")
    WOENSDAG = 3, _("woensdag")
    DONDERDAG = 4, _("donderdag")
    VRIJDAG = 5, _("vrijdag")


class Roosteritem(TenantModel, TimestampedModel):
    """The weekrooster: when a plangroep gets its extra instruction, and from whom."""

    plangroep = models.ForeignKey(Plangroep, on_delete=models.CASCADE, related_name="rooster")
    dag = models.PositiveSmallIntegerField(_("dag"), choices=Dag.choices)
    moment = models.CharField(
        _("lesuur of tijd"), max_length=40, help_text=_("Bijvoorbeeld 3e uur.")
    )
    docent = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    omschrijving = models.CharField(_("wat"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weekroosteritem")
        verbose_name_plural = _("weekrooster")
        ordering = ["dag", "moment"]


class Bijstelling(TenantModel):
    """An interim adjustment: dated, with author and reason; never edited afterwards."""

    groepsplan = models.ForeignKey(
        Groepsplan, on_delete=models.CASCADE, related_name="bijstellingen"
    )
    plangroep = models.ForeignKey(
        Plangroep, on_delete=models.SET_NULL, null=True, blank=True, related_name="bijstellingen"
    )
    datum = models.DateField(_("datum"))
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    reden = models.TextField(_("reden"))
    wijziging = models.TextField(_("wat wordt anders"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tussentijdse bijstelling")
        verbose_name_plural = _("tussentijdse bijstellingen")
        ordering = ["-datum", "-created_at"]


class Logboekregel(TenantModel):
    """A short logbook entry on the plan (what was done, what was noticed)."""

    groepsplan = models.ForeignKey(Groepsplan, on_delete=models.CASCADE, related_name="logboek")
    datum = models.DateField(_("datum"))
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("notitie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        ordering = ["-datum", "-created_at"]


class PlanwijzerAntwoord(TenantModel):
    """An answer to one planwijzer item (bijlage 14) for a groepsplan."""

    groepsplan = models.ForeignKey(
        "groepsplan.Groepsplan", on_delete=models.CASCADE, related_name="planwijzer"
    )
    item = models.CharField(max_length=20)
    antwoord = models.BooleanField(null=True)
    opmerking = models.TextField(_("opmerking"), blank=True)
    beantwoord_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("antwoord in de planwijzer")
        verbose_name_plural = _("antwoorden in de planwijzer")
        constraints = [
            models.UniqueConstraint(fields=["groepsplan", "item"], name="planwijzer_item_uniek")
        ]


from .ihp_opp.models import *  # noqa: F403,E402
