"""Writes for a school's staff: invitations and the per-school staff record (`Medewerker`).

Accounts (`Gebruiker`) are global: one person may work at several schools. A school
therefore never looks an address up among the accounts, never links one, and never changes
an account's name, e-mail address or password. It invites: the invitation is mailed to the
address the school typed, whether or not an account exists for it, and nothing is linked
until the person accepts (a new account: name and password chosen by the person) or
confirms (an existing account: after logging in with that address). Until then the school
sees its own record with the address it typed; afterwards still only its own record.

Every function is keyword-only and runs in one transaction; validation errors are Dutch
`ValidationError`s keyed by form field.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from zorgroute.models import Afdeling, Gebruiker, Lidmaatschap, Medewerker, Rol, School, Uitnodiging
from zorgroute.outbox import enqueue
from zorgroute.services import assign_fields, lidmaatschap_create, save_validated
from zorgroute.versioning import lock_for_change

#: How long an invitation link works.
UITNODIGING_GELDIG = dt.timedelta(days=7)

_TOKEN_SALT = "zorgroute.beheer.uitnodiging"  # noqa: S105 (a key salt, not a secret)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def uitnodiging_token(uitnodiging: Uitnodiging) -> str:
    """The secret part of the link: an HMAC with the SECRET_KEY over the invitation's key
    and its stored random value (a database dump alone cannot make a valid link)."""
    value = f"{uitnodiging.sleutel}:{uitnodiging.geheim}"
    return salted_hmac(_TOKEN_SALT, value, algorithm="sha256").hexdigest()


def _new_uitnodiging(
    *, medewerker: Medewerker, rol: str, afdeling: Afdeling | None, door: Gebruiker | None
) -> Uitnodiging:
    # Earlier open links of this person stop working: only the newest mail counts.
    medewerker.uitnodigingen.filter(gebruikt_op__isnull=True).update(gebruikt_op=timezone.now())
    uitnodiging = save_validated(
        Uitnodiging(
            school_id=medewerker.school_id,
            medewerker=medewerker,
            rol=rol,
            afdeling=afdeling,
            sleutel=uuid.uuid4(),
            geheim=secrets.token_hex(32),
            verloopt_op=timezone.now() + UITNODIGING_GELDIG,
            uitgenodigd_door=door,
        )
    )
    enqueue(
        "zorgroute.uitnodiging_versturen",
        uitnodiging_id=uitnodiging.pk,
        school_id=medewerker.school_id,
    )
    return uitnodiging


def _check_rol(rol: str, afdeling: Afdeling | None) -> None:
    if afdeling is not None and rol != Rol.TEAMLEIDER:
        raise ValidationError(
            {"afdeling": _("Alleen een teamleider kan tot een afdeling beperkt worden.")}
        )


@transaction.atomic
def medewerker_uitnodigen(
    *,
    school: School,
    email: str,
    voornaam: str,
    tussenvoegsel: str,
    achternaam: str,
    afkorting: str,
    rol: str,
    afdeling: Afdeling | None,
    door: Gebruiker | None = None,
) -> Medewerker:
    """Invite a person to this school: a staff record without an account and an invitation
    mailed to `email`. The same for an address with or without an account anywhere, so
    nothing about other schools shows. An address already on this school's staff list is
    refused (that is this school's own data): give that person another role instead."""
    _check_rol(rol, afdeling)
    email = normalise_email(email)
    medewerker = save_validated(
        Medewerker(
            school=school,
            email=email,
            voornaam=voornaam,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            afkorting=afkorting,
        ),
        clean_errors_to="email",
    )
    _new_uitnodiging(medewerker=medewerker, rol=rol, afdeling=afdeling, door=door)
    return medewerker


@transaction.atomic
def uitnodiging_opnieuw(*, medewerker: Medewerker, door: Gebruiker | None = None) -> Uitnodiging:
    """A new link for a person who has not joined yet (the old link stops working)."""
    if not medewerker.uitgenodigd:
        raise ValidationError(_("Deze medewerker heeft de uitnodiging al aangenomen."))
    laatste = medewerker.uitnodigingen.order_by("-created_at").first()
    rol = laatste.rol if laatste else Rol.DOCENT
    afdeling = laatste.afdeling if laatste else None
    return _new_uitnodiging(medewerker=medewerker, rol=rol, afdeling=afdeling, door=door)


@transaction.atomic
def medewerker_update(
    *,
    medewerker: Medewerker,
    version: int | None,
    user: Gebruiker | None = None,
    voornaam: str,
    tussenvoegsel: str,
    achternaam: str,
    afkorting: str,
) -> Medewerker:
    """The school's own fields only (the name it shows, the afkorting). The account's name,
    e-mail address and password belong to its holder and are not touched."""
    current = lock_for_change(medewerker, version, user=user)
    assign_fields(
        current,
        {
            "voornaam": voornaam,
            "tussenvoegsel": tussenvoegsel,
            "achternaam": achternaam,
            "afkorting": afkorting,
        },
    )
    return save_validated(current)


# --- the person's side: the link in the mail -----------------------------------------------


class UitnodigingOngeldig(Exception):
    """A link that does not work; the message is Dutch, for the person who opened it."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def uitnodiging_voor_link(sleutel: uuid.UUID, token: str) -> Uitnodiging:
    """The open invitation behind a link (inside the school's tenant), or
    `UitnodigingOngeldig` naming why not: unknown or wrong, used, or expired."""
    uitnodiging = (
        Uitnodiging.objects.select_related("medewerker", "school", "afdeling")
        .filter(sleutel=sleutel)
        .first()
    )
    if uitnodiging is None or not constant_time_compare(uitnodiging_token(uitnodiging), token):
        raise UitnodigingOngeldig(
            _(
                "Deze uitnodigingslink klopt niet. Controleer of je de hele link uit de e-mail "
                "hebt geopend."
            ),
            status=404,
        )
    if uitnodiging.gebruikt_op is not None:
        raise UitnodigingOngeldig(
            _(
                "Deze uitnodiging is al gebruikt of vervangen door een nieuwere. Log in, of "
                "vraag de beheerder van de school om een nieuwe uitnodiging."
            ),
            status=410,
        )
    if uitnodiging.verloopt_op <= timezone.now():
        raise UitnodigingOngeldig(
            _(
                "Deze uitnodiging is verlopen. Vraag de beheerder van de school om een nieuwe "
                "uitnodiging."
            ),
            status=410,
        )
    return uitnodiging


def account_voor(uitnodiging: Uitnodiging) -> Gebruiker | None:
    """The account of the invited address, if one exists. Only the link's holder (who can
    read that mailbox) learns this, never the school."""
    return Gebruiker.objects.filter(email__iexact=uitnodiging.medewerker.email).first()


def _koppelen(uitnodiging: Uitnodiging, gebruiker: Gebruiker) -> Lidmaatschap:
    medewerker = uitnodiging.medewerker
    if Medewerker.objects.filter(gebruiker=gebruiker).exclude(pk=medewerker.pk).exists():
        raise UitnodigingOngeldig(
            _(
                "Je account werkt al op deze school. Vraag de beheerder om je een extra rol "
                "te geven."
            )
        )
    medewerker.gebruiker = gebruiker
    save_validated(medewerker)
    uitnodiging.gebruikt_op = timezone.now()
    uitnodiging.save(update_fields=["gebruikt_op", "updated_at"])
    return lidmaatschap_create(
        school=uitnodiging.school,
        gebruiker=gebruiker,
        rol=uitnodiging.rol,
        afdeling=uitnodiging.afdeling,
        einddatum=None,
    )


@dataclass(frozen=True)
class NieuwAccount:
    voornaam: str
    tussenvoegsel: str
    achternaam: str
    password: str


@transaction.atomic
def uitnodiging_aannemen(*, uitnodiging: Uitnodiging, account: NieuwAccount) -> Gebruiker:
    """A person without an account accepts: their account (the name and password they
    chose, the invited address as login) and their first role at the school."""
    email = uitnodiging.medewerker.email
    if account_voor(uitnodiging) is not None:
        raise UitnodigingOngeldig(
            _("Er is al een account met dit e-mailadres. Log in om de uitnodiging te bevestigen.")
        )
    gebruiker = Gebruiker(
        email=email,
        voornaam=account.voornaam,
        tussenvoegsel=account.tussenvoegsel,
        achternaam=account.achternaam,
    )
    password_validation.validate_password(account.password, gebruiker)
    gebruiker.set_password(account.password)
    save_validated(gebruiker)
    _koppelen(uitnodiging, gebruiker)
    return gebruiker


@transaction.atomic
def uitnodiging_bevestigen(*, uitnodiging: Uitnodiging, gebruiker: Gebruiker) -> Lidmaatschap:
    """The holder of an existing account, logged in with the invited address, confirms:
    only now is the account linked to the school."""
    if normalise_email(gebruiker.email) != normalise_email(uitnodiging.medewerker.email):
        raise UitnodigingOngeldig(
            _(
                "Je bent ingelogd met een ander e-mailadres dan waarheen de uitnodiging is "
                "gestuurd. Log uit en log in met het uitgenodigde e-mailadres."
            )
        )
    return _koppelen(uitnodiging, gebruiker)


# --- the account holder's own name ---------------------------------------------------------


@transaction.atomic
def account_naam_update(
    *,
    gebruiker: Gebruiker,
    version: int | None,
    voornaam: str,
    tussenvoegsel: str,
    achternaam: str,
) -> Gebruiker:
    """The holder changes the account's own name (the page "Mijn gegevens"). No school
    does: a school keeps the name it shows on its own `Medewerker` record."""
    current = lock_for_change(gebruiker, version, user=gebruiker)
    assign_fields(
        current, {"voornaam": voornaam, "tussenvoegsel": tussenvoegsel, "achternaam": achternaam}
    )
    current.full_clean(exclude=["password"])
    current.save(
        update_fields=["voornaam", "tussenvoegsel", "achternaam", "gewijzigd_door", "updated_at"]
    )
    return current
