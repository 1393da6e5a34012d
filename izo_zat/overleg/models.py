"""The care meetings of the zorgteam: the weekly intern zorgoverleg (IZO, seed 000 §6.2,
bijlagen 21–22) and the ZAT (§6.3). One meeting model serves both (`Zorgoverleg.soort`):
planning, attendees, the agenda's dates and closing work the same; what is written per
pupil differs (IzoVerslag here, ZatVerslag in izo_zat.zat.models).

The agenda is not stored: it is every open traject (IZO) or ZAT case whose next discussion
date has come by the meeting's date, plus what was already discussed in it. Closing the
meeting moves each discussed case's date to its evaluation date, so follow-ups come back
on the agenda by themselves.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zorgroute.models import TenantModel, TimestampedModel, VersionedDocument


class OverlegSoort(models.TextChoices):
    IZO = "izo", _("Intern zorgoverleg (IZO)")
    ZAT = "zat", _("Zorg- en adviesteam (ZAT)")


class OverlegStatus(models.TextChoices):
    GEPLAND = "gepland", _("Gepland")
    BEZIG = "bezig", _("Bezig")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Zorgoverleg(VersionedDocument, TimestampedModel):
    """One IZO or ZAT meeting, chaired by the zorgcoördinator."""

    soort = models.CharField(_("soort"), max_length=4, choices=OverlegSoort.choices)
    datum = models.DateField(_("datum"))
    tijd = models.TimeField(_("tijd"), null=True, blank=True)
    plaats = models.CharField(_("plaats"), max_length=120, blank=True)
    voorzitter = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OverlegStatus.choices, default=OverlegStatus.GEPLAND
    )
    afgesloten_op = models.DateTimeField(null=True, blank=True)
    aangemaakt_door = models.ForeignKey(
        "zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("zorgoverleg")
        verbose_name_plural = _("zorgoverleggen")
        ordering = ["-datum", "-tijd", "-pk"]
        indexes = [models.Index(fields=["school", "soort", "datum"])]

    def __str__(self) -> str:
        return f"{'IZO' if self.soort == OverlegSoort.IZO else 'ZAT'} {self.datum:%d-%m-%Y}"

    @property
    def is_afgesloten(self) -> bool:
        return self.status == OverlegStatus.AFGESLOTEN


class Overlegdeelnemer(TenantModel):
    """Who is invited: zorgteam members, the teamleider, the mentor of a discussed pupil
    and, for the ZAT, members of partner organisations. Attendees open the meeting and see
    the cases on its agenda they may see."""

    overleg = models.ForeignKey(Zorgoverleg, on_delete=models.CASCADE, related_name="deelnemers")
    gebruiker = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deelnemer zorgoverleg")
        verbose_name_plural = _("deelnemers zorgoverleg")
        constraints = [
            models.UniqueConstraint(fields=["overleg", "gebruiker"], name="uniek_overlegdeelnemer")
        ]


#: The twelve items of the report of bijlage 22, in its order: (field, label, toelichting
#: from bijlage 21 as a prompt).
IZO_VERSLAG_ITEMS: tuple[tuple[str, str, str], ...] = (
    (
        "analyse",
        "Analyse van het probleem",
        "Baken het probleem af: wat belemmert en wat bevordert de ontwikkeling en het leren, "
        "in de leerling, de leeromgeving en het gezin?",
    ),
    ("hulpvraag", "Hulpvraag van de leerling", "In concrete termen: “Help mij …”"),
    (
        "begeleidingsvraag",
        "Begeleidingsvraag van de mentoren/docenten",
        "In concrete termen: “Hoe kan ik deze leerling …?”",
    ),
    (
        "al_gedaan",
        "Wat is al gedaan en met welk resultaat?",
        "Kijk eerst kort naar wat eerder is gedaan, zodat een aanpak die niet werkte niet "
        "opnieuw wordt gekozen.",
    ),
    (
        "ontwikkelingsperspectief",
        "Ontwikkelingsperspectief van de leerling",
        "Verwacht uitstroomniveau of -bestemming, talenten en interesses; wat is nodig om het "
        "OPP te realiseren?",
    ),
    (
        "onderwijsbehoeften",
        "Onderwijsbehoeften van de leerling",
        "Wat zijn de specifieke onderwijsbehoeften? Welke extra zorg is nodig?",
    ),
    (
        "aanbod_groep",
        "Aanbod in de groep",
        "Praktische, haalbare adviezen voor mentor en docenten, op te nemen in het groepsplan "
        "of een individueel handelingsplan.",
    ),
    (
        "begeleiding_leerling",
        "Begeleiding van de leerling (ouders)",
        "Extra begeleiding buiten de groep: doel, wie, start, frequentie, duur en evaluatie; "
        "opvoedingsvragen van de ouders.",
    ),
    (
        "coaching",
        "Begeleiding (coaching) van de mentor en/of docenten",
        "Doel van de coaching, wie begeleidt en wanneer.",
    ),
    (
        "aanmelding_zat",
        "Aanmelding bij het ZAT",
        "Wordt de leerling aangemeld bij het ZAT? Welke vraag stellen we aan het ZAT?",
    ),
    (
        "afstemming_ouders",
        "Afstemming met de ouders",
        "Wie bespreekt de uitkomsten met de ouders? Is voor vervolgstappen toestemming nodig?",
    ),
    (
        "samenvatting",
        "Samenvatting van afspraken, besluiten en vervolgstappen",
        "Kort resumé; wanneer evalueren we?",
    ),
)


class IzoVerslag(VersionedDocument, TimestampedModel):
    """The report of one pupil's discussion in one IZO (bijlage 22). It is part of the
    pupil's dossier; the mentor and teamleider read it once the IZO is closed."""

    overleg = models.ForeignKey(Zorgoverleg, on_delete=models.PROTECT, related_name="izo_verslagen")
    traject = models.ForeignKey(
        "izo_zat.Traject", on_delete=models.PROTECT, related_name="izo_verslagen"
    )
    analyse = models.TextField(_("analyse van het probleem"), blank=True)
    hulpvraag = models.TextField(_("hulpvraag van de leerling"), blank=True)
    begeleidingsvraag = models.TextField(
        _("begeleidingsvraag van de mentoren/docenten"), blank=True
    )
    al_gedaan = models.TextField(_("wat is al gedaan en met welk resultaat"), blank=True)
    ontwikkelingsperspectief = models.TextField(_("ontwikkelingsperspectief"), blank=True)
    onderwijsbehoeften = models.TextField(_("onderwijsbehoeften"), blank=True)
    aanbod_groep = models.TextField(_("aanbod in de groep"), blank=True)
    begeleiding_leerling = models.TextField(_("begeleiding van de leerling (ouders)"), blank=True)
    coaching = models.TextField(_("begeleiding (coaching) van mentor en/of docenten"), blank=True)
    aanmelding_zat = models.TextField(_("aanmelding bij het ZAT"), blank=True)
    afstemming_ouders = models.TextField(_("afstemming met de ouders"), blank=True)
    samenvatting = models.TextField(
        _("samenvatting van afspraken, besluiten en vervolgstappen"), blank=True
    )
    informeert_leerling = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie bespreekt de uitkomst met de leerling"),
    )
    informeert_ouders = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie bespreekt de uitkomst met de ouders"),
    )
    evaluatiedatum = models.DateField(
        _("evaluatie in het IZO van"),
        null=True,
        blank=True,
        help_text=_("Op deze datum staat de leerling weer op de agenda van het IZO."),
    )

    class Meta:
        verbose_name = _("IZO-verslag")
        verbose_name_plural = _("IZO-verslagen")
        ordering = ["-overleg__datum", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["overleg", "traject"], name="uniek_izo_verslag")
        ]

    def __str__(self) -> str:
        return f"IZO-verslag {self.overleg.datum:%d-%m-%Y}"


class IzoBesluitSoort(models.TextChoices):
    ONDERSTEUNING = "ondersteuning", _("Begeleiding of ondersteuning van de leerling")
    COACHING = "coaching", _("Begeleiding (coaching) van mentor en/of docenten")
    OUDERS = "ouders", _("Ondersteuning van de ouders")
    ZAT = "zat", _("Aanmelden bij het ZAT")


class Ondersteuningsvorm(models.TextChoices):
    """Schoolinterne zorg aan leerlingen (seed 000 §6.2.5)."""

    REMEDIAL = "remedial", _("Remedial teaching")
    DYSLEXIE = "dyslexie", _("Dyslexiebegeleiding")
    SOVA = "sova", _("Sociale vaardigheidstraining")
    FAALANGST = "faalangst", _("Faalangstreductietraining")
    COUNSELING = "counseling", _("Counseling door een orthopedagoog")
    HUISWERK = "huiswerk", _("Huiswerkbegeleiding")
    ANDERS = "anders", _("Anders")


class Izobesluit(TenantModel):
    """A decision of the IZO about one pupil: support for the pupil (with frequency,
    duration and evaluation date), coaching of the mentor/teachers, support for the parents,
    or a referral to the ZAT (with the question to the ZAT; submitted separately, only with
    valid parental consent)."""

    verslag = models.ForeignKey(IzoVerslag, on_delete=models.CASCADE, related_name="besluiten")
    soort = models.CharField(_("soort besluit"), max_length=14, choices=IzoBesluitSoort.choices)
    vorm = models.CharField(
        _("vorm van ondersteuning"), max_length=12, choices=Ondersteuningsvorm.choices, blank=True
    )
    omschrijving = models.TextField(_("wat en met welk doel"))
    uitvoerder = models.ForeignKey(
        "zorgroute.Gebruiker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie voert het uit"),
    )
    uitvoerder_extern = models.CharField(
        _("of: wie buiten school"),
        max_length=120,
        blank=True,
        help_text=_("Bijvoorbeeld het schoolmaatschappelijk werk."),
    )
    frequentie = models.CharField(_("frequentie"), max_length=60, blank=True)
    duur = models.CharField(_("duur"), max_length=60, blank=True)
    startdatum = models.DateField(_("start"), null=True, blank=True)
    evaluatiedatum = models.DateField(_("evaluatie op"), null=True, blank=True)
    auteur = models.ForeignKey("zorgroute.Gebruiker", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IZO-besluit")
        verbose_name_plural = _("IZO-besluiten")
        ordering = ["created_at", "pk"]
