"""Reads of the school sign-in; inside the school's tenant scope."""

from __future__ import annotations

from ..models import SchoolInlog, SchoolInlogKoppeling


def school_inlog() -> SchoolInlog | None:
    """The school's configuration, active or not (the beheer page)."""
    return SchoolInlog.objects.first()


def active_school_inlog() -> SchoolInlog | None:
    return SchoolInlog.objects.filter(actief=True).first()


def linked_account_count(inlog: SchoolInlog) -> int:
    return SchoolInlogKoppeling.objects.filter(inlog=inlog, issuer=inlog.issuer).count()
