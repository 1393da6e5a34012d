"""Every write of besprekingen and the IZO aanmelding, POSTed by every persona.

The role matrix (tests/zorgroute/test_role_matrix.py) opens each URL with GET; write-only
URLs answer that with 404. Here each persona POSTs (empty or minimal data) inside a
savepoint that is rolled back, so a delete by one persona does not hide the object from the
next. Allowed means the view let the user through (a redirect, a page, or a Dutch form
error); refused is 403 for a visible object and 404 for anything not visible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.auth_helpers import log_in_verified

from ..world import PERSONAS, SchoolWorld

ALLOWED, DENIED, HIDDEN = "mag", 403, 404

#        mentor  docent   zorgco   teamleider schoolleider zat_lid beheerder outsider
LEIDEN = (ALLOWED, DENIED, ALLOWED, ALLOWED, DENIED, DENIED, DENIED, HIDDEN)
INBRENGEN = (ALLOWED, ALLOWED, ALLOWED, ALLOWED, DENIED, DENIED, DENIED, HIDDEN)
ZORGCOORDINATOR = (DENIED, DENIED, ALLOWED, DENIED, DENIED, DENIED, DENIED, HIDDEN)
# Sanne's consent registry: her mentor and the zorgcoördinator.
TOESTEMMING = (ALLOWED, HIDDEN, ALLOWED, DENIED, DENIED, DENIED, DENIED, HIDDEN)
# IZO/ZAT meetings and cases about Daan (tests/world.py add_izo_zat_overleg): only the
# zorgcoördinator writes. Who cannot see the meeting or the case gets 404.
IZO_ZAT_ONBEKEND = (HIDDEN, HIDDEN, ALLOWED, HIDDEN, DENIED, DENIED, DENIED, HIDDEN)


def _b(w: SchoolWorld) -> str:
    return f"/{w.school.slug}/besprekingen/{w.bs['bespreking'].pk}"


WRITES: dict[str, tuple[Callable[[SchoolWorld], str], dict[str, str], tuple[Any, ...]]] = {
    # Planning: everyone who may run besprekingen (which overview is checked by the form).
    "bespreking-create": (lambda w: f"/{w.school.slug}/besprekingen/nieuw/", {}, INBRENGEN),
    "bespreking-update": (lambda w: f"{_b(w)}/wijzigen/", {}, LEIDEN),
    "bespreking-starten": (lambda w: f"{_b(w)}/starten/", {}, LEIDEN),
    "bespreking-verslagpunt": (
        lambda w: f"{_b(w)}/verslagpunt/",
        {"punt": "vragen", "tekst": "Afgesproken", "version": ""},
        LEIDEN,
    ),
    "bespreking-inbreng-create": (lambda w: f"{_b(w)}/inbreng/", {}, INBRENGEN),
    "bespreking-inbreng-besproken": (
        lambda w: f"{_b(w)}/inbreng/{w.bs['inbreng'].pk}/besproken/",
        {"besproken": "1"},
        LEIDEN,
    ),
    "bespreking-besluit-create": (lambda w: f"{_b(w)}/besluiten/nieuw/", {}, LEIDEN),
    "bespreking-besluit-delete": (
        lambda w: f"{_b(w)}/besluiten/{w.bs['besluit'].pk}/verwijderen/",
        {},
        LEIDEN,
    ),
    "bespreking-actie-create": (lambda w: f"{_b(w)}/acties/nieuw/", {}, LEIDEN),
    "bespreking-actie-delete": (
        lambda w: f"{_b(w)}/acties/{w.bs['actie'].pk}/verwijderen/",
        {},
        LEIDEN,
    ),
    "bespreking-afsluiten": (lambda w: f"{_b(w)}/afsluiten/", {"samenvatting": ""}, LEIDEN),
    # The docent owns the action; whoever runs the meeting may tick it too; nobody else
    # learns it exists.
    "actie-afvinken": (
        lambda w: f"/{w.school.slug}/acties/{w.bs['actie'].pk}/afvinken/",
        {"gedaan": "1"},
        (ALLOWED, ALLOWED, ALLOWED, ALLOWED, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    "bilateraal-create": (
        lambda w: f"/{w.school.slug}/leerlingen/{w.leerling.uuid}/bilateraal/nieuw/",
        {},
        INBRENGEN,
    ),
    # A concept aanmelding is written by the applicant (the mentor); the zorgcoördinator
    # reads it (403 on a save) until it is submitted to the IZO.
    "izo-aanmelding": (
        lambda w: f"/{w.school.slug}/izo/aanmeldingen/{w.bs['aanmelding'].pk}/",
        {},
        (ALLOWED, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- IZO (issue 6): submit, triage, trajecten, consent, partner organisations ----------
    "izo-aanmelding-indienen": (
        lambda w: f"/{w.school.slug}/izo/aanmeldingen/{w.bs['aanmelding'].pk}/indienen/",
        {},
        (ALLOWED, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # Sanne's aanmelding is a concept: nobody can triage it yet.
    "izo-triage": (
        lambda w: f"/{w.school.slug}/izo/aanmeldingen/{w.bs['aanmelding'].pk}/triage/",
        {},
        (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-aanmelding-start": (
        lambda w: f"/{w.school.slug}/leerlingen/{w.leerling.uuid}/izo-aanmelding/",
        {},
        (ALLOWED, DENIED, ALLOWED, ALLOWED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-traject-update": (
        lambda w: f"/{w.school.slug}/izo/trajecten/{w.izo['traject'].pk}/wijzigen/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-traject-afsluiten": (
        lambda w: f"/{w.school.slug}/izo/trajecten/{w.izo['traject'].pk}/afsluiten/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-traject-verkort": (
        lambda w: f"/{w.school.slug}/leerlingen/{w.leerling.uuid}/traject/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-toestemmingen": (
        lambda w: f"/{w.school.slug}/leerlingen/{w.leerling.uuid}/toestemmingen/",
        {},
        TOESTEMMING,
    ),
    "izo-toestemming-intrekken": (
        lambda w: f"/{w.school.slug}/izo/toestemmingen/{w.izo['toestemming'].pk}/intrekken/",
        {},
        TOESTEMMING,
    ),
    "izo-partner-list": (lambda w: f"/{w.school.slug}/izo/partners/", {}, ZORGCOORDINATOR),
    "izo-partnerlid-create": (
        lambda w: f"/{w.school.slug}/izo/partners/{w.izo['partner'].pk}/leden/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-partnerlid-delete": (
        lambda w: f"/{w.school.slug}/izo/partnerleden/{w.izo['partnerlid'].pk}/verwijderen/",
        {},
        ZORGCOORDINATOR,
    ),
    # --- IZO meetings, reports, decisions, handelingsadviezen --------------------------------
    "izo-overleg-create": (
        lambda w: f"/{w.school.slug}/izo/overleggen/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    # The invited teamleider sees the meeting but does not run it.
    "izo-overleg-update": (
        lambda w: f"/{w.school.slug}/izo/overleggen/{w.izo['overleg'].pk}/wijzigen/",
        {},
        (HIDDEN, HIDDEN, ALLOWED, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-overleg-afsluiten": (
        lambda w: f"/{w.school.slug}/izo/overleggen/{w.izo['overleg'].pk}/afsluiten/",
        {},
        (HIDDEN, HIDDEN, ALLOWED, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-verslag": (
        lambda w: (
            f"/{w.school.slug}/izo/overleggen/{w.izo['overleg'].pk}/trajecten/"
            f"{w.izo['traject'].pk}/"
        ),
        {},
        IZO_ZAT_ONBEKEND,
    ),
    "izo-besluit-create": (
        lambda w: f"/{w.school.slug}/izo/verslagen/{w.izo['verslag'].pk}/besluiten/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-besluit-delete": (
        lambda w: f"/{w.school.slug}/izo/besluiten/{w.izo['izobesluit'].pk}/verwijderen/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-advies-create": (
        lambda w: f"/{w.school.slug}/izo/verslagen/{w.izo['verslag'].pk}/adviezen/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-advies-delete": (
        lambda w: f"/{w.school.slug}/izo/adviezen/{w.izo['advies'].pk}/verwijderen/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-advies-beoordelen": (
        lambda w: f"/{w.school.slug}/izo/adviezen/{w.izo['advies'].pk}/",
        {"actie": "overnemen", "tekst": "Vaste plek"},
        IZO_ZAT_ONBEKEND,
    ),
    # --- ZAT ----------------------------------------------------------------------------------
    "zat-aanmelden": (
        lambda w: f"/{w.school.slug}/izo/besluiten/{w.izo['izobesluit'].pk}/zat-aanmelding/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-overleg-create": (
        lambda w: f"/{w.school.slug}/zat/overleggen/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    # The invited ZAT-lid sees the meeting and the case but writes neither.
    "zat-overleg-update": (
        lambda w: f"/{w.school.slug}/zat/overleggen/{w.izo['zat_overleg'].pk}/wijzigen/",
        {},
        IZO_ZAT_ONBEKEND,
    ),
    "zat-overleg-afsluiten": (
        lambda w: f"/{w.school.slug}/zat/overleggen/{w.izo['zat_overleg'].pk}/afsluiten/",
        {},
        IZO_ZAT_ONBEKEND,
    ),
    "zat-verslag": (
        lambda w: (
            f"/{w.school.slug}/zat/overleggen/{w.izo['zat_overleg'].pk}/casussen/"
            f"{w.izo['casus'].pk}/"
        ),
        {},
        IZO_ZAT_ONBEKEND,
    ),
    "zat-advies-create": (
        lambda w: f"/{w.school.slug}/zat/verslagen/{w.izo['zat_verslag'].pk}/adviezen/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-casus-update": (
        lambda w: f"/{w.school.slug}/zat/casussen/{w.izo['casus'].pk}/wijzigen/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-casus-afsluiten": (
        lambda w: f"/{w.school.slug}/zat/casussen/{w.izo['casus'].pk}/afsluiten/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-delen": (
        lambda w: f"/{w.school.slug}/zat/casussen/{w.izo['casus'].pk}/delen/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-toegang-intrekken": (
        lambda w: f"/{w.school.slug}/zat/toegang/{w.izo['grant'].pk}/intrekken/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-actie-create": (
        lambda w: f"/{w.school.slug}/zat/casussen/{w.izo['casus'].pk}/acties/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    # The ZAT-lid of the GGD reports progress on the GGD's action.
    "zat-actie-update": (
        lambda w: f"/{w.school.slug}/zat/acties/{w.izo['zat_actie'].pk}/",
        {"status": "open", "voortgang": "Gesprek gepland."},
        (HIDDEN, HIDDEN, ALLOWED, HIDDEN, DENIED, ALLOWED, DENIED, HIDDEN),
    ),
    "zat-doorverwijzing-create": (
        lambda w: f"/{w.school.slug}/zat/casussen/{w.izo['casus'].pk}/doorverwijzingen/nieuw/",
        {},
        ZORGCOORDINATOR,
    ),
    "zat-doorverwijzing-update": (
        lambda w: f"/{w.school.slug}/zat/doorverwijzingen/{w.izo['doorverwijzing'].pk}/",
        {},
        ZORGCOORDINATOR,
    ),
    "izo-partner-update": (
        lambda w: f"/{w.school.slug}/izo/partners/{w.izo['partner'].pk}/",
        {},
        ZORGCOORDINATOR,
    ),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_is_refused_or_allowed_per_persona(
    name: str, world: SchoolWorld, client: Client
) -> None:
    url_of, data, expected = WRITES[name]
    url = url_of(world)
    got = []
    for persona in PERSONAS:
        log_in_verified(client, world.users[persona])
        with transaction.atomic():
            status = client.post(url, data).status_code
            transaction.set_rollback(True)
        assert status < 500, (persona, url)
        got.append(status if status in (403, 404) else ALLOWED)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True)), url


def test_every_write_url_of_the_app_is_covered() -> None:
    from ..urlwalk import tenant_routes

    views = {
        r.name
        for r in tenant_routes()
        if (r.name or "").startswith(("bespreking-", "actie-", "bilateraal-", "izo-", "zat-"))
    }
    reads = {
        "bespreking-list",
        "bespreking-detail",
        "bespreking-vergadering",
        "bespreking-verslag",
        "bespreking-verslag-pdf",
        "izo-aanmelding-list",
        "izo-traject-list",
        "izo-traject-detail",
        "izo-aanmelding-pdf",
        "izo-overleg-list",
        "izo-overleg-detail",
        "izo-verslag-detail",
        "izo-verslag-pdf",
        "zat-overleg-list",
        "zat-overleg-detail",
        "zat-casus-list",
        "zat-casus",
        "zat-plan-pdf",
    }
    assert views - reads == set(WRITES)
