"""Reads for configuring what is measured (the meten pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from ..models import CruciaalMoment, Domein, Hulpzin, Ijkpunt, Meetinstrument, Toetsmoment


def meten_overzicht() -> dict[str, Any]:
    """The meten start page: the instruments with their domains and test moments, the
    ijkpunten, the crucial learning moments and how many hulpzinnen there are."""
    return {
        "instrumenten": list(
            Meetinstrument.objects.select_related("vak")
            .prefetch_related(
                Prefetch("domeinen", queryset=Domein.objects.order_by("volgorde", "code")),
                Prefetch("toetsmomenten", queryset=Toetsmoment.objects.order_by("datum")),
            )
            .order_by("soort", "naam")
        ),
        "ijkpunten": list(
            Ijkpunt.objects.select_related("domein__instrument").order_by(
                "domein__instrument__naam", "domein__volgorde", "domein__code", "soort"
            )
        ),
        "cruciale_momenten": list(
            CruciaalMoment.objects.select_related("domein").order_by("leerjaar", "maand")
        ),
        "aantal_hulpzinnen": Hulpzin.objects.count(),
    }


def hulpzinnen_per_categorie() -> list[tuple[str, list[Hulpzin]]]:
    """The school's hulpzinnen grouped by categorie, in their order."""
    groups: dict[str, list[Hulpzin]] = {}
    for zin in Hulpzin.objects.order_by("volgorde", "categorie", "tekst"):
        groups.setdefault(zin.categorie, []).append(zin)
    return list(groups.items())


def heeft_hulpzinnen() -> bool:
    return Hulpzin.objects.exists()
