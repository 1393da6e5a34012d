"""Which account a school sign-in opens, and the beheer writes of the configuration.

A sign-in opens only an existing, active account with an active membership in the school
whose provider vouched for it; roles stay in the portal and nothing is created from claims.
The first sign-in matches on a verified e-mail address (when the school allows that) and
links the provider's subject to the account; later sign-ins match on that subject.
All functions run inside the school's tenant scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import (
    Gebruiker,
    Koppelwijze,
    Lidmaatschap,
    ProviderSoort,
    School,
    SchoolInlog,
    SchoolInlogKoppeling,
)
from ..services import save_validated
from ..versioning import lock_for_change

#: amr values (RFC 8176) that say the provider checked a second factor.
MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk", "swk"})


class SignInRefused(Exception):
    """The sign-in opens no account; `message` tells the person why, in Dutch."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def email_is_verified(inlog: SchoolInlog, claims: Mapping[str, Any]) -> bool:
    """`email_verified`; Entra ID sends none and says it with `xms_edov` (the domain owner
    verified the address), an optional claim the school switches on."""
    if _is_true(claims.get("email_verified")):
        return True
    return inlog.soort == ProviderSoort.ENTRA and _is_true(claims.get("xms_edov"))


def provider_reports_mfa(inlog: SchoolInlog, claims: Mapping[str, Any]) -> bool:
    """Whether the token says a second factor was used: an amr of RFC 8176, or an acr value
    the beheerder named."""
    amr = claims.get("amr") or []
    values = {amr} if isinstance(amr, str) else set(amr)
    return bool(values & MFA_AMR_VALUES) or claims.get("acr") in inlog.acr_waarden()


def _account_by_email(inlog: SchoolInlog, claims: Mapping[str, Any]) -> Gebruiker:
    email = str(claims.get("email") or "").strip()
    if not email:
        raise SignInRefused("De identiteitsprovider gaf geen e-mailadres door.")
    if not email_is_verified(inlog, claims):
        raise SignInRefused(
            "De identiteitsprovider meldt niet dat dit e-mailadres bevestigd is, dus het kan "
            "niet gebruikt worden om je account te vinden. Log in met je wachtwoord."
        )
    hosted_domain = str(claims.get("hd") or "").lower()
    if inlog.soort == ProviderSoort.GOOGLE and hosted_domain != inlog.google_domein.lower():
        raise SignInRefused("Dit Google-account hoort niet bij het domein van de school.")
    user = Gebruiker.objects.filter(email__iexact=email).first()
    if user is None:
        raise SignInRefused(_no_account(email))
    return user


def _no_account(email: str) -> str:
    # The same words for "no account" and "an account without a role here": the person
    # learns nothing about other schools.
    return (
        f"Er is op deze school geen actief account voor {email}. Vraag de beheerder van je "
        "school om je toe te voegen."
    )


def _check_member(user: Gebruiker, email: str) -> None:
    is_member = Lidmaatschap.objects.active().filter(gebruiker=user).exists()
    if not user.is_active or not is_member:
        raise SignInRefused(_no_account(email))


def _link(inlog: SchoolInlog, subject: str, user: Gebruiker) -> SchoolInlogKoppeling:
    try:
        with transaction.atomic():
            return SchoolInlogKoppeling.objects.create(
                school_id=inlog.school_id,
                inlog=inlog,
                issuer=inlog.issuer,
                subject=subject,
                gebruiker=user,
            )
    except IntegrityError as exc:
        raise SignInRefused(
            "Dit account is al gekoppeld aan een ander account bij de identiteitsprovider. "
            "Vraag de beheerder van je school om hulp."
        ) from exc


@transaction.atomic
def account_for_sign_in(*, inlog: SchoolInlog, claims: Mapping[str, Any]) -> Gebruiker:
    """The account these verified claims open in the school of `inlog`, or SignInRefused."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused("De identiteitsprovider gaf geen vast kenmerk (sub) door.")
    koppeling = (
        SchoolInlogKoppeling.objects.select_related("gebruiker")
        .filter(inlog=inlog, issuer=inlog.issuer, subject=subject)
        .first()
    )
    if koppeling is not None:
        user = koppeling.gebruiker
    elif inlog.koppelwijze == Koppelwijze.EMAIL:
        user = _account_by_email(inlog, claims)
    else:
        raise SignInRefused(
            "Dit schoolaccount is nog niet aan een account in Zorgroute gekoppeld. Vraag de "
            "beheerder van je school om hulp."
        )
    _check_member(user, str(claims.get("email") or user.email))
    if koppeling is None:
        koppeling = _link(inlog, subject, user)
    koppeling.laatst_gebruikt_op = timezone.now()
    koppeling.save(update_fields=["laatst_gebruikt_op"])
    return user


# --- beheer ---------------------------------------------------------------------------------


def _apply(inlog: SchoolInlog, values: Mapping[str, Any]) -> SchoolInlog:
    for name, value in values.items():
        if name == "client_secret" and not value:
            continue  # left empty: keep the stored secret
        setattr(inlog, name, value)
    return save_validated(inlog)


@transaction.atomic
def schoolinlog_create(
    *, school: School, user: Gebruiker | None, values: Mapping[str, Any]
) -> SchoolInlog:
    return _apply(SchoolInlog(school=school, gewijzigd_door=user), values)


@transaction.atomic
def schoolinlog_update(
    *,
    inlog: SchoolInlog,
    version: int | None,
    user: Gebruiker | None,
    values: Mapping[str, Any],
) -> SchoolInlog:
    current = lock_for_change(inlog, version, user=user)
    if values.get("issuer") and values["issuer"] != current.issuer:
        # Subjects are only unique per issuer: links to another provider do not carry over.
        SchoolInlogKoppeling.objects.filter(inlog=current).delete()
    return _apply(current, values)
