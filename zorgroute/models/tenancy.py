"""Organisaties, schools, user accounts and their memberships (roles) per school."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import TenantManager, TenantModel, TimestampedModel, VersionedDocument


class Organisatie(TimestampedModel):
    """A school board (schoolbestuur); owns one or more schools."""

    naam = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class SchoolType(models.TextChoices):
    PO = "po", _("Primair onderwijs")
    VO = "vo", _("Voortgezet onderwijs")
    SO = "so", _("(Voortgezet) speciaal onderwijs")


BRIN_RE = re.compile(r"^\d{2}[A-Z]{2}$")


def validate_brin(value: str) -> None:
    if not BRIN_RE.match(value):
        raise ValidationError(
            _("Een BRIN-nummer bestaat uit twee cijfers en twee hoofdletters, bijvoorbeeld 12AB."),
            code="brin",
        )


#: First URL segments that belong to the portal itself and can never be a school's slug.
RESERVED_SLUGS = frozenset(
    {
        "inloggen",
        "uitloggen",
        "wachtwoord",
        "scholen",
        "gezond",
        "static",
        "media",
        "api",
        "admin",
        "beheer",
        "uitnodiging",
        "mijn-gegevens",
    }
)


def validate_school_slug(value: str) -> None:
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            _("'%(slug)s' is gereserveerd en kan geen korte naam van een school zijn."),
            code="reserved",
            params={"slug": value},
        )


class School(TimestampedModel):
    """The tenant. Its slug is the first part of every tenant URL: /<slug>/…"""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="scholen", verbose_name=_("organisatie")
    )
    naam = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(
        _("korte naam in de URL"), max_length=60, unique=True, validators=[validate_school_slug]
    )
    brin = models.CharField(_("BRIN"), max_length=4, unique=True, validators=[validate_brin])
    type = models.CharField(_("soort school"), max_length=2, choices=SchoolType.choices)
    schoolleider_ziet_dossiers = models.BooleanField(
        _("schoolleiding ziet individuele dossiers"),
        default=False,
        help_text=_("Standaard ziet de schoolleiding alleen totalen, geen leerlingdossiers."),
    )
    # Two-factor login (zorgroute.mfa): always for roles that read care data; this setting
    # asks it of every member of the staff.
    tweestaps_voor_iedereen = models.BooleanField(
        _("tweestapsverificatie voor alle medewerkers"),
        default=False,
        help_text=_(
            "Tweestapsverificatie is altijd verplicht voor wie zorgdossiers kan lezen. "
            "Met deze instelling geldt het voor iedereen van de school."
        ),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class GebruikerManager(BaseUserManager["Gebruiker"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> Gebruiker:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: object
    ) -> Gebruiker:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> Gebruiker:
        from ..lockout import normalize_login_email  # the lockout module needs loaded apps

        return self.get(email__iexact=normalize_login_email(username))


class Gebruiker(AbstractBaseUser, PermissionsMixin, TimestampedModel):
    """A staff account; logs in by e-mail. What it may do depends on its memberships."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    voornaam = models.CharField(_("voornaam"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(default=False)
    # An account is not school-owned, so it is no VersionedDocument; it carries the same
    # two fields so a beheer form can save it through `zorgroute.versioning`.
    versie = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    gewijzigd_door = models.ForeignKey(
        "self",
        verbose_name=_("gewijzigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Login hardening (issue 19): raised by "log out everywhere" and a password change; it
    # is part of the session auth hash, so every session of the account ends.
    sessie_generatie = models.PositiveIntegerField(_("sessiegeneratie"), default=0, editable=False)

    objects = GebruikerManager()
    # Who renamed or deactivated an account; never the password hash.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["voornaam", "achternaam"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["achternaam", "voornaam"]
        constraints = [
            # Login looks e-mail up case-insensitively, so uniqueness must be too.
            models.UniqueConstraint(
                Lower("email"),
                name="gebruiker_email_uniek_hoofdletterongevoelig",
                violation_error_message=_("Er is al een account met dit e-mailadres."),
            )
        ]

    def __str__(self) -> str:
        return self.volledige_naam

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every save that rewrites the account raises the version; a login (which saves
        # last_login only) does not make an open beheer form stale.
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or "updated_at" in update_fields):
            self.versie += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "versie"}
        super().save(*args, **kwargs)

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornaam, self.tussenvoegsel, self.achternaam) if p)

    def get_full_name(self) -> str:
        return self.volledige_naam

    def get_short_name(self) -> str:
        return self.voornaam

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash of the password, plus the session generation (both also for the
        # SECRET_KEY_FALLBACKS hashes, which call this too).
        return salted_hmac(
            "zorgroute.Gebruiker.get_session_auth_hash",
            f"{self.password}:{self.sessie_generatie}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Rol(models.TextChoices):
    """Roles a membership grants. Mentor is not a role: it follows from Groep.mentoren."""

    DOCENT = "docent", _("Docent")
    ZORGCOORDINATOR = "zorgcoordinator", _("Zorgcoördinator / intern begeleider")
    TEAMLEIDER = "teamleider", _("Teamleider / afdelingsleider")
    SCHOOLLEIDER = "schoolleider", _("Schoolleider")
    ZAT_LID = "zat_lid", _("ZAT-lid (extern)")
    BEHEERDER = "beheerder", _("Beheerder")
    PRIVACY = "privacy", _("Privacyfunctionaris")


class LidmaatschapQuerySet(models.QuerySet["Lidmaatschap"]):
    def active(self, on: dt.date | None = None) -> LidmaatschapQuerySet:
        on = on or timezone.localdate()
        return self.filter(models.Q(einddatum__isnull=True) | models.Q(einddatum__gte=on))


class Lidmaatschap(VersionedDocument, TimestampedModel):
    """A user's role in one school, optionally limited to one afdeling, until an end date."""

    gebruiker = models.ForeignKey(
        Gebruiker,
        on_delete=models.CASCADE,
        related_name="lidmaatschappen",
        verbose_name=_("medewerker"),
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    afdeling = models.ForeignKey(
        "zorgroute.Afdeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lidmaatschappen",
        verbose_name=_("afdeling"),
        help_text=_("Alleen voor een teamleider: beperkt de rol tot deze afdeling."),
    )
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)

    objects = TenantManager.from_queryset(LidmaatschapQuerySet)()  # type: ignore[misc]

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["gebruiker__achternaam", "rol"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "gebruiker", "rol"],
                condition=models.Q(afdeling__isnull=True),
                name="lidmaatschap_uniek_zonder_afdeling",
                violation_error_message=_("Deze medewerker heeft deze rol al op deze school."),
            ),
            models.UniqueConstraint(
                fields=["school", "gebruiker", "rol", "afdeling"],
                condition=models.Q(afdeling__isnull=False),
                name="lidmaatschap_uniek_per_afdeling",
                violation_error_message=_("Deze medewerker heeft deze rol al in deze afdeling."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gebruiker} – {self.get_rol_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            Medewerker.for_lidmaatschap(self)

    def clean(self) -> None:
        if self.afdeling_id and self.rol != Rol.TEAMLEIDER:
            raise ValidationError(
                {"afdeling": _("Alleen een teamleider kan tot een afdeling beperkt worden.")}
            )
        if self.afdeling is not None and self.afdeling.school_id != self.school_id:
            raise ValidationError({"afdeling": _("Deze afdeling hoort niet bij deze school.")})


# --- Accounts stay in their school (issue 19): the per-school staff record and invitations ---


class Medewerker(VersionedDocument, TimestampedModel):
    """One person's staff record at one school: what this school calls them (name and
    afkorting/docentcode) and the address it invited. The account (`Gebruiker`) may belong
    to other schools too, so its own name, e-mail address and password are never this
    school's to read before the person joins, nor to change after: the school's pages and
    its API show and edit this record. Memberships are per role (`Lidmaatschap`), so the
    per-school fields live here, once per person and school.

    `gebruiker` is empty while the invitation is open: nothing links the record to an
    account until the person accepts (a new account) or confirms (an existing one)."""

    gebruiker = models.ForeignKey(
        Gebruiker,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="medewerkers",
        verbose_name=_("account"),
    )
    email = models.EmailField(_("e-mailadres"), max_length=254)
    voornaam = models.CharField(_("voornaam"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    afkorting = models.CharField(
        _("afkorting"), max_length=10, blank=True, help_text=_("De docentcode op deze school.")
    )

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["achternaam", "voornaam"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "gebruiker"],
                condition=models.Q(gebruiker__isnull=False),
                name="medewerker_een_per_account",
                violation_error_message=_("Dit account werkt al op deze school."),
            ),
            models.UniqueConstraint(
                "school",
                Lower("email"),
                name="medewerker_email_uniek_per_school",
                violation_error_message=_("Er is al een medewerker met dit e-mailadres."),
            ),
        ]

    def __str__(self) -> str:
        return self.volledige_naam

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornaam, self.tussenvoegsel, self.achternaam) if p)

    @property
    def uitgenodigd(self) -> bool:
        """True while no account is linked (the invitation is open or expired)."""
        return self.gebruiker_id is None

    @classmethod
    def for_lidmaatschap(cls, lid: Lidmaatschap) -> Medewerker:
        """The record of a membership's person, made from the account the first time (a
        membership written outside the invitation: tests, benchmarks, a second role)."""
        qs = cls.objects.for_school(lid.school_id)
        found = qs.filter(gebruiker_id=lid.gebruiker_id).first()
        if found is not None:
            return found
        g = lid.gebruiker
        return cls.objects.create(
            school_id=lid.school_id,
            gebruiker=g,
            email=g.email,
            voornaam=g.voornaam,
            tussenvoegsel=g.tussenvoegsel,
            achternaam=g.achternaam,
        )


class Uitnodiging(TenantModel, TimestampedModel):
    """An invitation to join a school, mailed to `medewerker.email`: valid until
    `verloopt_op`, used once. The link carries `sleutel` and a token derived from it and
    `geheim` with the SECRET_KEY (`zorgroute.beheer.services.uitnodiging_token`), so the
    database alone cannot forge one. Accepting grants `rol` (in `afdeling`)."""

    medewerker = models.ForeignKey(
        Medewerker,
        on_delete=models.CASCADE,
        related_name="uitnodigingen",
        verbose_name=_("medewerker"),
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    afdeling = models.ForeignKey(
        "zorgroute.Afdeling",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afdeling"),
    )
    sleutel = models.UUIDField(_("sleutel"), unique=True, editable=False)
    geheim = models.CharField(max_length=64, editable=False)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    gebruikt_op = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    uitgenodigd_door = models.ForeignKey(
        Gebruiker,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    # Who invited whom, when; never the secret of the link.
    history = HistoricalRecords(excluded_fields=["geheim"])

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Uitnodiging voor {self.medewerker.email}"

    @property
    def verlopen(self) -> bool:
        return self.verloopt_op <= timezone.now()
