"""Writes to the school roster (schooljaren, periodes, afdelingen, groepen, vakken,
lesgroepen, leerlingen, plaatsingen) and to staff accounts and their roles.

Every function is keyword-only, runs in one transaction (a savepoint inside the request
transaction), validates with `full_clean()` before saving and saves through the ORM, so
django-simple-history writes a history row with the requesting user.

Errors:
- `ValidationError` with a dict keyed by form field name (constraint and clean() errors are
  attached to the field they are about, see `_validate`);
- `zorgroute.versioning.StaleVersion` when the caller's version (the integer `versie` the
  form carried) is stale: nothing is saved;
- `DeleteRefused` with a Dutch explanation when a row cannot be deleted safely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import ProtectedError, RestrictedError, UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Afdeling,
    Clusterplaatsing,
    Gebruiker,
    Groep,
    Leerling,
    Lesgroep,
    Lesgroepdocent,
    Lidmaatschap,
    Mentoraat,
    Periode,
    Plaatsing,
    Rol,
    School,
    Schooljaar,
    TenantModel,
    Vak,
)
from .versioning import lock_for_change

M = TypeVar("M", bound=models.Model)


class DeleteRefused(Exception):
    """A delete that would lose data or break references; the message is Dutch, for users."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _validate(instance: models.Model, *, clean_errors_to: str | None = None) -> None:
    """`full_clean()`, with every error attached to the field it is about.

    Django reports multi-column unique constraints (school + afkorting) and errors raised by
    `clean()` without a field; a form then cannot name the field. Constraint errors go to
    the constraint's last column (afkorting, naam, leerlingnummer, rol…), `clean()` errors
    without a field to `clean_errors_to` (e.g. startdatum for an overlapping period).
    """
    errors: dict[str, list[ValidationError]] = {}
    try:
        instance.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    using = router.db_for_write(type(instance), instance=instance)
    failed = set(errors)
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(  # type: ignore[attr-defined]
                    model_class, instance, exclude=failed, using=using
                )
            except ValidationError as exc:
                fields = (
                    getattr(constraint, "fields", ())
                    if isinstance(constraint, UniqueConstraint)
                    else ()
                )
                key = fields[-1] if fields else NON_FIELD_ERRORS
                errors.setdefault(key, []).extend(exc.error_list)
    if clean_errors_to and NON_FIELD_ERRORS in errors:
        moved = errors.pop(NON_FIELD_ERRORS)
        errors.setdefault(clean_errors_to, []).extend(moved)
    if errors:
        raise ValidationError(errors)


def _check_same_school(instance: models.Model) -> None:
    """Defence in depth behind the forms: a school-owned row may only point at rows of the
    same school (row-level security checks the row's own school_id, not its references)."""
    school_id = getattr(instance, "school_id", None)
    if school_id is None:
        return
    errors = {}
    for field in instance._meta.concrete_fields:
        related_model = field.related_model
        if field.name == "school" or not (
            isinstance(related_model, type) and issubclass(related_model, TenantModel)
        ):
            continue
        related_id = getattr(instance, field.attname)
        if related_id is None:
            continue
        related = field.get_cached_value(instance, default=None)  # type: ignore[attr-defined]
        if related is not None:
            same = related.school_id == school_id
        else:
            same = related_model._default_manager.filter(
                pk=related_id, school_id=school_id
            ).exists()
        if not same:
            errors[field.name] = _("Kies een %(veld)s van deze school.") % {
                "veld": field.verbose_name
            }
    if errors:
        raise ValidationError(errors)


def _check_staff(school: School, users: Iterable[models.Model], *, field: str) -> None:
    """Mentoren and docenten are staff of this school (any membership, also an ended one,
    so an existing assignment survives an unrelated edit)."""
    ids = {u.pk for u in users}
    if not ids:
        return
    known = set(
        Lidmaatschap.objects.filter(school=school, gebruiker_id__in=ids).values_list(
            "gebruiker_id", flat=True
        )
    )
    if ids - known:
        raise ValidationError({field: _("Kies alleen medewerkers van deze school.")})


def save_validated(instance: M, *, clean_errors_to: str | None = None) -> M:
    _check_same_school(instance)
    _validate(instance, clean_errors_to=clean_errors_to)
    instance.save()
    return instance


def delete_or_refuse(instance: models.Model, refused: str) -> None:
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise DeleteRefused(refused) from exc


def _set_related(
    through: type[models.Model],
    *,
    school: School,
    owner_field: str,
    owner: models.Model,
    target_field: str,
    targets: Iterable[models.Model],
) -> None:
    """Make the through rows of `owner` match `targets`, one ORM save/delete per change so
    every change is in the history."""
    wanted = {t.pk: t for t in targets}
    if through is Mentoraat:
        _check_staff(school, wanted.values(), field="mentoren")
    elif through is Lesgroepdocent:
        _check_staff(school, wanted.values(), field="docenten")
    manager = through._default_manager
    existing = list(manager.filter(**{owner_field: owner}))
    for row in existing:
        if getattr(row, f"{target_field}_id") not in wanted:
            row.delete()
    have = {getattr(row, f"{target_field}_id") for row in existing}
    for pk, target in wanted.items():
        if pk not in have:
            row = through(school=school, **{owner_field: owner, target_field: target})
            save_validated(row)


def assign_fields(instance: models.Model, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(instance, name, value)


# --- schooljaren and periodes -------------------------------------------------------------


@transaction.atomic
def schooljaar_create(
    *, school: School, naam: str, startdatum: dt.date, einddatum: dt.date
) -> Schooljaar:
    jaar = Schooljaar(school=school, naam=naam, startdatum=startdatum, einddatum=einddatum)
    return save_validated(jaar, clean_errors_to="startdatum")


@transaction.atomic
def schooljaar_update(
    *,
    schooljaar: Schooljaar,
    version: int | None,
    user: Gebruiker | None = None,
    naam: str,
    startdatum: dt.date,
    einddatum: dt.date,
) -> Schooljaar:
    jaar = lock_for_change(schooljaar, version, user=user)
    assign_fields(jaar, {"naam": naam, "startdatum": startdatum, "einddatum": einddatum})
    outside = jaar.periodes.exclude(startdatum__gte=startdatum, einddatum__lte=einddatum)
    if outside.exists():
        raise ValidationError(
            {
                "startdatum": _(
                    "Periode %(naam)s valt dan buiten het schooljaar; pas eerst die periode aan."
                )
                % {"naam": outside.first()}
            }
        )
    return save_validated(jaar, clean_errors_to="startdatum")


@transaction.atomic
def periode_create(
    *, schooljaar: Schooljaar, naam: str, startdatum: dt.date, einddatum: dt.date
) -> Periode:
    periode = Periode(
        school_id=schooljaar.school_id,
        schooljaar=schooljaar,
        naam=naam,
        startdatum=startdatum,
        einddatum=einddatum,
    )
    return save_validated(periode, clean_errors_to="startdatum")


@transaction.atomic
def periode_update(
    *,
    periode: Periode,
    version: int | None,
    user: Gebruiker | None = None,
    naam: str,
    startdatum: dt.date,
    einddatum: dt.date,
) -> Periode:
    current = lock_for_change(periode, version, user=user)
    assign_fields(current, {"naam": naam, "startdatum": startdatum, "einddatum": einddatum})
    return save_validated(current, clean_errors_to="startdatum")


@transaction.atomic
def periode_delete(*, periode: Periode) -> None:
    delete_or_refuse(periode, _("Deze periode wordt nog gebruikt en kan niet verwijderd worden."))


# --- afdelingen --------------------------------------------------------------------------


@transaction.atomic
def afdeling_create(*, school: School, naam: str) -> Afdeling:
    return save_validated(Afdeling(school=school, naam=naam))


@transaction.atomic
def afdeling_update(
    *, afdeling: Afdeling, version: int | None, user: Gebruiker | None = None, naam: str
) -> Afdeling:
    current = lock_for_change(afdeling, version, user=user)
    current.naam = naam
    return save_validated(current)


@transaction.atomic
def afdeling_delete(*, afdeling: Afdeling) -> None:
    # A membership limited to this afdeling would be deleted with it (on_delete=CASCADE):
    # a teamleider silently losing their role is not a safe delete.
    if afdeling.lidmaatschappen.exists():
        raise DeleteRefused(
            _(
                "Afdeling %(naam)s kan niet verwijderd worden: er zijn nog teamleiders aan "
                "gekoppeld. Wijzig of beëindig eerst hun rol."
            )
            % {"naam": afdeling.naam}
        )
    # Groepen keep existing without an afdeling (on_delete=SET_NULL); save them one by one
    # so the change is in their history.
    for groep in afdeling.groepen.all():
        groep.afdeling = None
        groep.save()
    delete_or_refuse(afdeling, _("Deze afdeling wordt nog gebruikt en kan niet verwijderd worden."))


# --- groepen -----------------------------------------------------------------------------


@transaction.atomic
def groep_create(
    *,
    school: School,
    schooljaar: Schooljaar,
    naam: str,
    leerjaar: int,
    niveau: str,
    afdeling: Afdeling | None,
    mentoren: Iterable[Gebruiker],
) -> Groep:
    groep = Groep(
        school=school,
        schooljaar=schooljaar,
        naam=naam,
        leerjaar=leerjaar,
        niveau=niveau,
        afdeling=afdeling,
    )
    save_validated(groep)
    _set_related(
        Mentoraat,
        school=school,
        owner_field="groep",
        owner=groep,
        target_field="gebruiker",
        targets=mentoren,
    )
    return groep


@transaction.atomic
def groep_update(
    *,
    groep: Groep,
    version: int | None,
    user: Gebruiker | None = None,
    schooljaar: Schooljaar,
    naam: str,
    leerjaar: int,
    niveau: str,
    afdeling: Afdeling | None,
    mentoren: Iterable[Gebruiker],
) -> Groep:
    current = lock_for_change(groep, version, user=user)
    if current.schooljaar_id != schooljaar.pk and (
        current.plaatsingen.exists() or current.lesgroepen.exists()
    ):
        raise ValidationError(
            {
                "schooljaar": _(
                    "Deze groep heeft al plaatsingen of lesgroepen; het schooljaar kan niet "
                    "meer veranderen. Maak een nieuwe groep in het andere schooljaar."
                )
            }
        )
    assign_fields(
        current,
        {
            "schooljaar": schooljaar,
            "naam": naam,
            "leerjaar": leerjaar,
            "niveau": niveau,
            "afdeling": afdeling,
        },
    )
    save_validated(current)
    _set_related(
        Mentoraat,
        school=current.school,
        owner_field="groep",
        owner=current,
        target_field="gebruiker",
        targets=mentoren,
    )
    return current


# --- vakken ------------------------------------------------------------------------------


@transaction.atomic
def vak_create(*, school: School, naam: str, afkorting: str) -> Vak:
    return save_validated(Vak(school=school, naam=naam, afkorting=afkorting))


@transaction.atomic
def vak_update(
    *, vak: Vak, version: int | None, user: Gebruiker | None = None, naam: str, afkorting: str
) -> Vak:
    current = lock_for_change(vak, version, user=user)
    assign_fields(current, {"naam": naam, "afkorting": afkorting})
    return save_validated(current)


@transaction.atomic
def vak_delete(*, vak: Vak) -> None:
    refused = _(
        "Vak %(naam)s heeft nog lesgroepen en kan niet verwijderd worden. Verwijder of wijzig "
        "eerst die lesgroepen."
    ) % {"naam": vak.naam}
    if vak.lesgroepen.exists():
        raise DeleteRefused(refused)
    delete_or_refuse(vak, refused)


# --- lesgroepen --------------------------------------------------------------------------


def _lesgroep_apply(
    lesgroep: Lesgroep,
    *,
    docenten: Iterable[Gebruiker],
    leerlingen: Iterable[Leerling],
) -> None:
    school = lesgroep.school
    _set_related(
        Lesgroepdocent,
        school=school,
        owner_field="lesgroep",
        owner=lesgroep,
        target_field="gebruiker",
        targets=docenten,
    )
    # A lesgroep of a whole groep has no cluster pupils: they follow from the plaatsingen.
    cluster = [] if lesgroep.groep_id else list(leerlingen)
    _set_related(
        Clusterplaatsing,
        school=school,
        owner_field="lesgroep",
        owner=lesgroep,
        target_field="leerling",
        targets=cluster,
    )


@transaction.atomic
def lesgroep_create(
    *,
    school: School,
    schooljaar: Schooljaar,
    vak: Vak,
    naam: str,
    groep: Groep | None,
    docenten: Iterable[Gebruiker],
    leerlingen: Iterable[Leerling],
) -> Lesgroep:
    lesgroep = Lesgroep(school=school, schooljaar=schooljaar, vak=vak, naam=naam, groep=groep)
    save_validated(lesgroep)
    _lesgroep_apply(lesgroep, docenten=docenten, leerlingen=leerlingen)
    return lesgroep


@transaction.atomic
def lesgroep_update(
    *,
    lesgroep: Lesgroep,
    version: int | None,
    user: Gebruiker | None = None,
    schooljaar: Schooljaar,
    vak: Vak,
    naam: str,
    groep: Groep | None,
    docenten: Iterable[Gebruiker],
    leerlingen: Iterable[Leerling],
) -> Lesgroep:
    current = lock_for_change(lesgroep, version, user=user)
    assign_fields(
        current,
        {"schooljaar": schooljaar, "vak": vak, "naam": naam, "groep": groep},
    )
    save_validated(current)
    _lesgroep_apply(current, docenten=docenten, leerlingen=leerlingen)
    return current


# --- leerlingen and plaatsingen ----------------------------------------------------------


@transaction.atomic
def leerling_create(
    *,
    school: School,
    voornaam: str,
    tussenvoegsel: str,
    achternaam: str,
    geboortedatum: dt.date,
    leerlingnummer: str,
    eck_id: str,
) -> Leerling:
    leerling = Leerling(
        school=school,
        voornaam=voornaam,
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        leerlingnummer=leerlingnummer,
        eck_id=eck_id,
    )
    return save_validated(leerling)


@transaction.atomic
def leerling_update(
    *,
    leerling: Leerling,
    version: int | None,
    user: Gebruiker | None = None,
    voornaam: str,
    tussenvoegsel: str,
    achternaam: str,
    geboortedatum: dt.date,
    leerlingnummer: str,
    eck_id: str,
) -> Leerling:
    current = lock_for_change(leerling, version, user=user)
    assign_fields(
        current,
        {
            "voornaam": voornaam,
            "tussenvoegsel": tussenvoegsel,
            "achternaam": achternaam,
            "geboortedatum": geboortedatum,
            "leerlingnummer": leerlingnummer,
            "eck_id": eck_id,
        },
    )
    return save_validated(current)


@transaction.atomic
def plaatsing_create(
    *,
    leerling: Leerling,
    groep: Groep,
    startdatum: dt.date,
    einddatum: dt.date | None,
) -> Plaatsing:
    plaatsing = Plaatsing(
        school_id=leerling.school_id,
        leerling=leerling,
        groep=groep,
        startdatum=startdatum,
        einddatum=einddatum,
    )
    return _save_plaatsing(plaatsing)


#: The exclusion constraint (migration 0007) that refuses overlapping plaatsingen.
PLAATSING_OVERLAP_CONSTRAINT = "plaatsing_geen_overlap"


def _save_plaatsing(plaatsing: Plaatsing) -> Plaatsing:
    """save_validated, plus the Dutch message when PostgreSQL's exclusion constraint refuses
    an overlap that clean() could not see yet (two requests placing one pupil at once)."""
    try:
        with transaction.atomic():
            return save_validated(plaatsing, clean_errors_to="startdatum")
    except IntegrityError as exc:
        if PLAATSING_OVERLAP_CONSTRAINT not in str(exc):
            raise
        raise ValidationError(
            {"startdatum": _("Deze leerling is in deze periode al in een andere groep geplaatst.")}
        ) from exc


@transaction.atomic
def plaatsing_update(
    *,
    plaatsing: Plaatsing,
    version: int | None,
    user: Gebruiker | None = None,
    groep: Groep,
    startdatum: dt.date,
    einddatum: dt.date | None,
) -> Plaatsing:
    current = lock_for_change(plaatsing, version, user=user)
    assign_fields(current, {"groep": groep, "startdatum": startdatum, "einddatum": einddatum})
    return _save_plaatsing(current)


@transaction.atomic
def plaatsing_delete(*, plaatsing: Plaatsing) -> None:
    delete_or_refuse(
        plaatsing, _("Deze plaatsing wordt nog gebruikt en kan niet verwijderd worden.")
    )


# --- lidmaatschappen (invitations and staff records: zorgroute.beheer.services) ---------------


@transaction.atomic
def lidmaatschap_create(
    *,
    school: School,
    gebruiker: Gebruiker,
    rol: str,
    afdeling: Afdeling | None,
    einddatum: dt.date | None,
) -> Lidmaatschap:
    lid = Lidmaatschap(
        school=school, gebruiker=gebruiker, rol=rol, afdeling=afdeling, einddatum=einddatum
    )
    return save_validated(lid)


@transaction.atomic
def lidmaatschap_update(
    *,
    lidmaatschap: Lidmaatschap,
    version: int | None,
    rol: str,
    afdeling: Afdeling | None,
    einddatum: dt.date | None,
    by: Gebruiker | None = None,
) -> Lidmaatschap:
    current = lock_for_change(lidmaatschap, version, user=by)
    if by is not None and current.gebruiker_id == by.pk and current.rol == Rol.BEHEERDER:
        if rol != Rol.BEHEERDER:
            raise ValidationError(
                {
                    "rol": _(
                        "Je kunt je eigen beheerdersrol niet wijzigen. Vraag een andere beheerder."
                    )
                }
            )
        if einddatum is not None and einddatum < timezone.localdate():
            raise ValidationError(
                {"einddatum": _("Je kunt je eigen beheerdersrol niet beëindigen.")}
            )
    assign_fields(current, {"rol": rol, "afdeling": afdeling, "einddatum": einddatum})
    return save_validated(current)


@transaction.atomic
def lidmaatschap_end(
    *, lidmaatschap: Lidmaatschap, by: Gebruiker, on: dt.date | None = None
) -> Lidmaatschap:
    """End a role: `einddatum` is the last day it counts, so ending "now" means yesterday
    and access stops at once. A beheerder cannot end their own beheerder role (the school
    would lock itself out of beheer by accident)."""
    current = lock_for_change(lidmaatschap, None, user=by)
    if current.gebruiker_id == by.pk and current.rol == Rol.BEHEERDER:
        raise DeleteRefused(
            _("Je kunt je eigen beheerdersrol niet beëindigen. Vraag een andere beheerder.")
        )
    einde = on or timezone.localdate() - dt.timedelta(days=1)
    if current.einddatum is None or current.einddatum > einde:
        current.einddatum = einde
        save_validated(current)
    return current
