"""The IZO panel on the pupil page (settings.ZORGROUTE_LEERLING_PANELS): the pupil's open
traject if the user may see it, consent per purpose in one line, and the actions the user
may take, and the IZO/ZAT items of the dossier timeline (zorg_tijdlijn).
A fixed number of queries; fewer for users who need less."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from zorgroute import permissions as p
from zorgroute.access import tenant_of
from zorgroute.models import Leerling, Rol

from . import zorgniveaus
from .access import toestemming_leerlingen, visible_trajecten
from .models import Toestemming, ToestemmingDoel, TrajectStatus
from .overleg.selectors import zorg_tijdlijn

#: Short purpose names for the one-line consent summary.
KORT: dict[str, str] = {
    ToestemmingDoel.ZAT: "ZAT",
    ToestemmingDoel.DELEN: "informatie delen",
    ToestemmingDoel.ONDERZOEK: "extern onderzoek",
    ToestemmingDoel.VERWIJZING: "verwijzing",
}


@dataclass(frozen=True)
class DoelStatus:
    doel: str
    geldig: bool
    tekst: str  # "ja, t/m 23-11-2027 (GGD Regio)" or "nee"


def _toestemming_regel(leerling: Leerling) -> list[DoelStatus]:
    geldig = list(
        Toestemming.objects.geldig()
        .filter(leerling=leerling)
        .select_related("partner")
        .order_by("geldig_tot")
    )
    regel = []
    for doel in ToestemmingDoel.values:
        eigen = [t for t in geldig if t.doel == doel]
        if eigen:
            delen = [
                f"t/m {t.geldig_tot:%d-%m-%Y}" + (f" ({t.partner.naam})" if t.partner else "")
                for t in eigen
            ]
            regel.append(DoelStatus(KORT[doel], True, "ja, " + "; ".join(delen)))
        else:
            regel.append(DoelStatus(KORT[doel], False, "nee"))
    return regel


def leerling_panel(request: HttpRequest, leerling: Leerling) -> tuple[str, dict[str, Any]] | None:
    ctx = tenant_of(request)
    ziet_trajecten = ctx.has_perm(p.VIEW_TRAJECT)
    kan_aanmelden = ctx.has_perm(p.AANMELDEN_IZO)
    if not (ziet_trajecten or ctx.has_perm(p.MANAGE_TOESTEMMING) or kan_aanmelden):
        return None

    traject = (
        visible_trajecten(ctx)
        .filter(leerling=leerling, status=TrajectStatus.OPEN)
        .only("pk", "zorgniveau", "izo_datum", "route", "leerling_id")
        .first()
        if ziet_trajecten
        else None
    )
    if not ctx.has_perm(p.MANAGE_TOESTEMMING):
        houdt_register_bij = False
    elif ctx.has_perm(p.VIEW_ALL_LEERLINGEN):
        houdt_register_bij = True  # the pupil is visible: the page checked it
    else:
        houdt_register_bij = toestemming_leerlingen(ctx).filter(pk=leerling.pk).exists()

    # A docent keeps the registry exactly for the pupils of the class they mentor.
    is_mentor = ctx.has_role(Rol.DOCENT) and houdt_register_bij
    betrokken = is_mentor or ctx.has_role(Rol.TEAMLEIDER) or ctx.has_role(Rol.ZORGCOORDINATOR)
    mag_aanmelden = kan_aanmelden and betrokken
    mag_verkort = ctx.has_perm(p.TRIAGE_IZO) and traject is None
    toont_toestemming = (
        houdt_register_bij
        or traject is not None
        or (ziet_trajecten and ctx.has_role(Rol.TEAMLEIDER))
    )
    tijdlijn = zorg_tijdlijn(ctx, leerling.pk) if ziet_trajecten else []
    if not (traject or toont_toestemming or mag_aanmelden or mag_verkort or tijdlijn):
        return None
    return (
        "izo_zat/panels/leerling.html",
        {
            "leerling": leerling,
            "traject": traject,
            "niveau": zorgniveaus.label(ctx.school.type, traject.zorgniveau) if traject else "",
            "toestemming": _toestemming_regel(leerling) if toont_toestemming else None,
            "houdt_register_bij": houdt_register_bij,
            "mag_verkort": mag_verkort,
            "mag_aanmelden": mag_aanmelden,
            "tijdlijn": tijdlijn,
        },
    )
