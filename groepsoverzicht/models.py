"""HGW steps 1–3: what a school measures, the results, the groepsoverzicht per class and
periode, signals and onderwijsbehoeften. Every model is school-owned (TenantModel)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument

from .scales import Schaal


class Cyclus(models.TextChoices):
    A = "A", _("Cyclus A – vakoverstijgend (mentor)")
    B = "B", _("Cyclus B – vakspecifiek (docent)")


# --- What is measured ---------------------------------------------------------------------


class InstrumentSoort(models.TextChoices):
    BASISVAARDIGHEDEN = "basis", _("Basisvaardigheden (TL, BL, SP, RK)")
    VAKTOETS = "vak", _("Vaktoets (cyclus B)")
    SEO = "seo", _("Sociaal-emotionele ontwikkeling (SEO)")
    WERKHOUDING = "werkhouding", _("Werkhouding / taakaanpak / motivatie")


class Meetinstrument(VersionedDocument, TimestampedModel):
    """A test or questionnaire the school uses (Cito VAS, Diataal, SVL, a vaksectie's test)."""

    naam = models.CharField(_("naam"), max_length=100)
    soort = models.CharField(_("soort"), max_length=20, choices=InstrumentSoort.choices)
    schaal = models.CharField(_("schaal"), max_length=20, choices=Schaal.choices)
    vak = models.ForeignKey(
        "zorgroute.Vak",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetinstrumenten",
        verbose_name=_("vak"),
        help_text=_("Alleen voor een vaktoets (cyclus B)."),
    )
    actief = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("meetinstrument")
        verbose_name_plural = _("meetinstrumenten")
        ordering = ["soort", "naam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "naam"],
                name="meetinstrument_naam_uniek",
                violation_error_message=_("Er is al een meetinstrument met deze naam."),
            )
        ]

    def __str__(self) -> str:
        return self.naam

    def clean(self) -> None:
        if self.soort == InstrumentSoort.VAKTOETS and not self.vak_id:
            raise ValidationError({"vak": _("Kies het vak van deze vaktoets.")})
        if self.soort != InstrumentSoort.VAKTOETS and self.vak_id:
            raise ValidationError({"vak": _("Alleen een vaktoets hoort bij één vak.")})

    @property
    def cyclus(self) -> str:
        return Cyclus.B if self.soort == InstrumentSoort.VAKTOETS else Cyclus.A


class Domein(VersionedDocument, TimestampedModel):
    """A column of the overview: TL, BL, SP, RK, a vaktoets part, or an SEO category."""

    instrument = models.ForeignKey(
        Meetinstrument,
        on_delete=models.CASCADE,
        related_name="domeinen",
        verbose_name=_("meetinstrument"),
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("Kort, bijvoorbeeld BL."))
    naam = models.CharField(_("naam"), max_length=100)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")
        ordering = ["instrument__soort", "volgorde", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"],
                name="domein_code_uniek",
                violation_error_message=_("Dit meetinstrument heeft al een domein met deze code."),
            )
        ]

    def __str__(self) -> str:
        return self.code


class Toetsmoment(VersionedDocument, TimestampedModel):
    """When an instrument was taken (e.g. Cito VAS M1 2026), with its date."""

    instrument = models.ForeignKey(
        Meetinstrument,
        on_delete=models.CASCADE,
        related_name="toetsmomenten",
        verbose_name=_("meetinstrument"),
    )
    naam = models.CharField(_("naam"), max_length=60, help_text=_("Bijvoorbeeld M1 2026."))
    datum = models.DateField(_("afnamedatum"))

    class Meta:
        verbose_name = _("toetsmoment")
        verbose_name_plural = _("toetsmomenten")
        ordering = ["datum"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "naam"],
                name="toetsmoment_naam_uniek",
                violation_error_message=_(
                    "Dit meetinstrument heeft al een toetsmoment met deze naam."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.naam}"


class ResultaatBron(models.TextChoices):
    HANDMATIG = "handmatig", _("Ingetypt")
    IMPORT = "import", _("Geïmporteerd")
    API = "api", _("Via de API (LVS)")


class Resultaat(TenantModel, TimestampedModel):
    """One pupil's result on one domain at one toetsmoment. Imports upsert on that key."""

    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.CASCADE, related_name="resultaten"
    )
    domein = models.ForeignKey(Domein, on_delete=models.CASCADE, related_name="resultaten")
    toetsmoment = models.ForeignKey(
        Toetsmoment, on_delete=models.CASCADE, related_name="resultaten"
    )
    waarde = models.CharField(_("waarde"), max_length=20)
    rang = models.DecimalField(
        max_digits=9,
        decimal_places=3,
        help_text="Comparable value, higher is better (see groepsoverzicht.scales)",
    )
    bron = models.CharField(max_length=12, choices=ResultaatBron.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")
        constraints = [
            models.UniqueConstraint(
                fields=["leerling", "domein", "toetsmoment"], name="resultaat_uniek"
            )
        ]
        indexes = [models.Index(fields=["school", "domein", "toetsmoment"])]

    def __str__(self) -> str:
        return f"{self.domein}: {self.waarde}"


class SignaalReden(models.TextChoices):
    ACHTERSTAND = "achterstand", _("Achterstand")
    VOORSPRONG = "voorsprong", _("Voorsprong / hoogbegaafd")
    SEO = "seo", _("Sociaal-emotioneel")
    GEDRAG = "gedrag", _("Gedrag")
    WERKHOUDING = "werkhouding", _("Werkhouding")
    LEERSTIJL = "leerstijl", _("Eigen leerstijl")
    THUISSITUATIE = "thuissituatie", _("Thuissituatie")


class IjkpuntSoort(models.TextChoices):
    ONDER_DREMPEL = "onder", _("Onder de drempel")
    BOVEN_DREMPEL = "boven", _("Op of boven de drempel (voorsprong)")
    DALEND = "dalend", _("Dalend over de laatste toetsmomenten")
    SEO_AANDACHT = "seo", _("SEO-categorie vraagt aandacht")


class Ijkpunt(VersionedDocument, TimestampedModel):
    """A school's signalling rule for one domain (optionally per leerjaar)."""

    domein = models.ForeignKey(
        Domein, on_delete=models.CASCADE, related_name="ijkpunten", verbose_name=_("domein")
    )
    soort = models.CharField(_("regel"), max_length=10, choices=IjkpuntSoort.choices)
    drempel = models.CharField(
        _("drempel"),
        max_length=20,
        blank=True,
        help_text=_("In de schaal van het meetinstrument, bijvoorbeeld IV, 2F of 5,5."),
    )
    drempel_rang = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    aantal_momenten = models.PositiveSmallIntegerField(
        _("aantal toetsmomenten"),
        default=3,
        help_text=_("Voor 'dalend': over hoeveel opeenvolgende toetsmomenten."),
    )
    leerjaar = models.PositiveSmallIntegerField(
        _("alleen leerjaar"),
        null=True,
        blank=True,
        help_text=_("Leeg laten voor alle leerjaren."),
    )
    reden = models.CharField(_("reden"), max_length=20, choices=SignaalReden.choices)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("ijkpunt")
        verbose_name_plural = _("ijkpunten")
        ordering = ["domein__code", "soort"]

    def __str__(self) -> str:
        return f"{self.domein.code}: {self.get_soort_display()}"


class Maand(models.IntegerChoices):
    JANUARI = 1, _("januari")
    FEBRUARI = 2, _("februari")
    MAART = 3, _("maart")
    APRIL = 4, _("april")
    MEI = 5, _("mei")
    JUNI = 6, _("juni")
    JULI = 7, _("juli")
    AUGUSTUS = 8, _("augustus")
    SEPTEMBER = 9, _("september")
    OKTOBER = 10, _("oktober")
    NOVEMBER = 11, _("november")
    DECEMBER = 12, _("december")


class CruciaalMoment(VersionedDocument, TimestampedModel):
    """A crucial learning moment ahead for a leerjaar (profielkeuze, rekentoets, overgang
    naar de bovenbouw). Proactive signals point to it: pupils whose latest result in its
    domain is only just at the ijkpunt, or falling, before the moment comes."""

    naam = models.CharField(_("naam"), max_length=100)
    leerjaar = models.PositiveSmallIntegerField(_("leerjaar"))
    maand = models.PositiveSmallIntegerField(_("maand"), choices=Maand.choices)
    domein = models.ForeignKey(
        Domein,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("domein"),
        help_text=_("Het domein dat voor dit moment telt; leeg: alleen tonen, niet voorstellen."),
    )
    vooruitkijken = models.PositiveSmallIntegerField(
        _("maanden vooruitkijken"),
        default=4,
        help_text=_("Hoeveel maanden vóór het moment leerlingen worden voorgesteld."),
    )

    class Meta:
        verbose_name = _("cruciaal leermoment")
        verbose_name_plural = _("cruciale leermomenten")
        ordering = ["leerjaar", "maand", "naam"]

    def __str__(self) -> str:
        return f"{self.naam} (leerjaar {self.leerjaar}, {self.get_maand_display()})"


class Hulpzin(VersionedDocument, TimestampedModel):
    """A sentence starter for naming onderwijsbehoeften (bijlage 7b), editable per school."""

    categorie = models.CharField(
        _("categorie"), max_length=80, help_text=_("Bijvoorbeeld: een instructie nodig die")
    )
    tekst = models.CharField(_("tekst"), max_length=200)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("hulpzin")
        verbose_name_plural = _("hulpzinnen")
        ordering = ["volgorde", "categorie", "tekst"]

    def __str__(self) -> str:
        return f"{self.categorie} {self.tekst}"


# --- The overview --------------------------------------------------------------------------


class Groepsoverzicht(VersionedDocument, TimestampedModel):
    """The overview of one class (A) or one lesgroep (B) in one periode: a growing document
    that the next cycle starts from."""

    groep = models.ForeignKey(
        "zorgroute.Groep", on_delete=models.PROTECT, related_name="groepsoverzichten"
    )
    periode = models.ForeignKey(
        "zorgroute.Periode", on_delete=models.PROTECT, related_name="groepsoverzichten"
    )
    cyclus = models.CharField(_("cyclus"), max_length=1, choices=Cyclus.choices)
    lesgroep = models.ForeignKey(
        "zorgroute.Lesgroep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groepsoverzichten",
        help_text="Cyclus B only",
    )
    vorige = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volgende",
        help_text="The overview this one was started from (previous cycle)",
    )
    aandachtspunten_groep = models.TextField(_("aandachtspunten hele groep"), blank=True)
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("groepsoverzicht")
        verbose_name_plural = _("groepsoverzichten")
        ordering = ["-periode__startdatum"]
        constraints = [
            models.UniqueConstraint(
                fields=["groep", "periode", "cyclus"],
                condition=models.Q(lesgroep__isnull=True),
                name="groepsoverzicht_a_uniek",
                violation_error_message=_(
                    "Deze groep heeft al een groepsoverzicht voor deze periode."
                ),
            ),
            models.UniqueConstraint(
                fields=["lesgroep", "periode"],
                condition=models.Q(lesgroep__isnull=False),
                name="groepsoverzicht_b_uniek",
                violation_error_message=_(
                    "Deze lesgroep heeft al een groepsoverzicht voor deze periode."
                ),
            ),
            models.CheckConstraint(
                condition=(models.Q(cyclus="A", lesgroep__isnull=True))
                | (models.Q(cyclus="B", lesgroep__isnull=False)),
                name="groepsoverzicht_cyclus_lesgroep",
                violation_error_message=_("Cyclus B hoort bij een lesgroep, cyclus A niet."),
            ),
        ]

    def __str__(self) -> str:
        if self.cyclus == Cyclus.B and self.lesgroep_id:
            return f"{self.lesgroep} – {self.periode.naam}"
        return f"{self.groep} – {self.periode.naam}"


#: The text columns of an overview row, in the order of bijlage 3; one autosave cell each.
REGEL_VELDEN = [
    "werkhouding",
    "observaties",
    "gesprekken",
    "stimulerend",
    "belemmerend",
    "talenten",
    "bijzonderheden",
]


class Overzichtregel(VersionedDocument, TimestampedModel):
    """One pupil's row in an overview. `versie` goes up with each saved cell, so a save based
    on an older version of the same cell is refused instead of overwriting it."""

    groepsoverzicht = models.ForeignKey(
        Groepsoverzicht, on_delete=models.CASCADE, related_name="regels"
    )
    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.PROTECT, related_name="overzichtregels"
    )
    werkhouding = models.TextField(_("werkhouding / taakaanpak / motivatie"), blank=True)
    observaties = models.TextField(_("observaties en analyse van het werk"), blank=True)
    gesprekken = models.TextField(_("gesprekken met leerling en ouders"), blank=True)
    stimulerend = models.TextField(_("stimulerende factoren"), blank=True)
    belemmerend = models.TextField(_("belemmerende factoren"), blank=True)
    talenten = models.TextField(_("talenten"), blank=True)
    bijzonderheden = models.TextField(
        _("bijzonderheden"),
        blank=True,
        help_text=_("Privacygevoelig: alleen zichtbaar voor mentor en zorgteam."),
    )
    overgenomen = models.BooleanField(
        _("overgenomen uit vorige cyclus"),
        default=False,
        help_text="Set when the row was carried over and not yet edited in this cycle",
    )

    class Meta:
        verbose_name = _("regel van groepsoverzicht")
        verbose_name_plural = _("regels van groepsoverzichten")
        constraints = [
            models.UniqueConstraint(
                fields=["groepsoverzicht", "leerling"], name="overzichtregel_uniek"
            )
        ]

    def __str__(self) -> str:
        return f"{self.leerling} ({self.groepsoverzicht})"


class SignaalStatus(models.TextChoices):
    VOORGESTELD = "voorgesteld", _("Voorgesteld")
    BEVESTIGD = "bevestigd", _("Bevestigd")
    AFGEWEZEN = "afgewezen", _("Afgewezen")


class Signalering(TenantModel, TimestampedModel):
    """The S column: a pupil flagged in an overview, proposed by an ijkpunt or by hand.
    A flag always has a reason."""

    regel = models.ForeignKey(
        Overzichtregel, on_delete=models.CASCADE, related_name="signaleringen"
    )
    reden = models.CharField(_("reden"), max_length=20, choices=SignaalReden.choices)
    uitleg = models.CharField(_("toelichting"), max_length=300)
    ijkpunt = models.ForeignKey(
        Ijkpunt, on_delete=models.SET_NULL, null=True, blank=True, related_name="signaleringen"
    )
    cruciaal_moment = models.ForeignKey(
        CruciaalMoment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signaleringen",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SignaalStatus.choices,
        default=SignaalStatus.VOORGESTELD,
    )
    proactief = models.BooleanField(
        _("proactief"),
        default=False,
        help_text=_("Wijst vooruit naar een cruciaal leermoment in plaats van terug."),
    )
    besloten_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signalering")
        verbose_name_plural = _("signaleringen")
        ordering = ["created_at"]
        constraints = [
            # A rule proposes a pupil once per overview; re-running the rules is idempotent.
            models.UniqueConstraint(
                fields=["regel", "ijkpunt"],
                condition=models.Q(ijkpunt__isnull=False),
                name="signalering_per_ijkpunt_uniek",
            ),
            models.UniqueConstraint(
                fields=["regel", "cruciaal_moment"],
                condition=models.Q(cruciaal_moment__isnull=False),
                name="signalering_per_cruciaal_moment_uniek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reden_display()}: {self.uitleg}"


class BehoefteSoort(models.TextChoices):
    PEDAGOGISCH = "pedagogisch", _("Pedagogisch")
    DIDACTISCH = "didactisch", _("Didactisch")


class Onderwijsbehoefte(VersionedDocument, TimestampedModel):
    """A goal for the coming period plus what the pupil needs to reach it. A need without a
    goal is kept as a draft and shown as incomplete (the seed's most common error)."""

    regel = models.ForeignKey(
        Overzichtregel, on_delete=models.CASCADE, related_name="onderwijsbehoeften"
    )
    soort = models.CharField(_("soort"), max_length=12, choices=BehoefteSoort.choices)
    domein = models.ForeignKey(
        Domein,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("domein"),
    )
    doel = models.TextField(_("doel (SMART)"), blank=True)
    behoefte = models.TextField(_("wat heeft de leerling nodig"))
    overgenomen = models.BooleanField(_("overgenomen uit vorige cyclus"), default=False)

    class Meta:
        verbose_name = _("onderwijsbehoefte")
        verbose_name_plural = _("onderwijsbehoeften")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.behoefte[:60]

    @property
    def is_compleet(self) -> bool:
        return bool(self.doel.strip() and self.behoefte.strip())


class Opmerking(TenantModel, TimestampedModel):
    """A teacher's remark for the mentor on a cyclus A overview (optionally about a pupil)."""

    groepsoverzicht = models.ForeignKey(
        Groepsoverzicht, on_delete=models.CASCADE, related_name="opmerkingen"
    )
    leerling = models.ForeignKey(
        "zorgroute.Leerling", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    tekst = models.TextField(_("opmerking"))
    afgehandeld = models.BooleanField(_("afgehandeld"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["-created_at"]


class ChecklistAntwoord(TenantModel, TimestampedModel):
    """An answer on the kijkwijzer (bijlage 5) or begrijpwijzer (bijlage 7a)."""

    groepsoverzicht = models.ForeignKey(
        Groepsoverzicht, on_delete=models.CASCADE, related_name="checklistantwoorden"
    )
    item = models.CharField(max_length=20, help_text="Item code, see groepsoverzicht.checklists")
    antwoord = models.BooleanField(_("antwoord"), null=True)
    opmerking = models.TextField(_("opmerking"), blank=True)
    beantwoord_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("antwoord op checklist")
        verbose_name_plural = _("antwoorden op checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["groepsoverzicht", "item"], name="checklistantwoord_uniek"
            )
        ]
