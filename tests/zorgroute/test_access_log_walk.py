"""Every page that shows a pupil's care data writes exactly one access event per pupil shown.

The routes are enumerated from the URLconf and requested (GET) one by one; which routes
show care data follows from a rule, not from a list of pages:

1. **Pupil-level care routes.** A URL whose keywords name one pupil or one of a pupil's care
   objects (`CARE_KWARGS`: the pupil, IHP, OPP, aanmelding, traject, consent, IZO report,
   decision, advies, ZAT case/report/action/referral, grant) shows that pupil's care data.
   Its GET writes exactly one event: that pupil, the requesting user, the route's name. The
   access helper that opens the object writes it (zorgroute.audit). The exception is a
   write-only URL, whose GET answers 404 (pinned per persona in test_role_matrix): nothing
   is shown, nothing is logged.
2. **Every other URL keyword** is listed in `NON_CARE_KWARGS`, with why. A new keyword fails
   `test_every_url_keyword_is_classified` until someone decides which list it is in, so a
   new care object cannot slip in unlogged.
3. **Group-level pages** (a class's groepsoverzicht grid and its rows, the groepsplan, a
   groepsbespreking, IZO/ZAT meetings, lists) are the class's or team's working documents:
   as before, they do not log on screen. What leaves the system does: `GROUP_EXPORTS` are the
   PDFs of a group, which log every pupil in them. `zorgroute.pdf.render_pdf` requires every
   PDF to name the pupils it holds, so a new export cannot be written without deciding.
4. **Every other GET writes no event** (a new page that logs must be classified above).
5. Beheer pages (roster administration by the beheerder: names, plaatsingen) hold no care
   data and are walked as the beheerder; they must write no event either.

A ZAT partner reads a shared case on behalf of their organisation: the events of the ZAT
pages they open carry it (`namens`).

The walk runs as the zorgcoördinator (who sees the whole school), the beheer pages as the
beheerder, a download as its requester (the mentor); the ZAT pages once more as the ZAT-lid.
One test function walks everything and lists all offenders at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.test import Client, RequestFactory

from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute.audit import record_care_access
from zorgroute.tenancy.context import TenantContext
from zorgroute.tenancy.db import tenant_context
from zorgroute.tenancy.url_objects import URL_KWARG_MODELS

from ..urlwalk import Route, tenant_routes
from ..world import SchoolWorld

#: URL keyword -> the path from its object to the pupil whose care data it is.
CARE_KWARGS: dict[str, str] = {
    "leerling_uuid": "pk",
    "ihp_id": "leerling_id",
    "opp_id": "leerling_id",
    "aanmelding_id": "leerling_id",
    "traject_id": "leerling_id",
    "toestemming_id": "leerling_id",
    "verslag_id": "traject__leerling_id",
    "izobesluit_id": "verslag__traject__leerling_id",
    "advies_id": "traject__leerling_id",
    "zatcasus_id": "traject__leerling_id",
    "zatverslag_id": "casus__traject__leerling_id",
    "zatactie_id": "casus__traject__leerling_id",
    "doorverwijzing_id": "casus__traject__leerling_id",
    "grant_id": "content_object__leerling_id",
}

#: URL keywords that do not name one pupil's care data, and why.
NON_CARE_KWARGS: dict[str, str] = {
    "school": "the tenant",
    **dict.fromkeys(
        ["groep_id", "schooljaar_id", "periode_id", "afdeling_id", "vak_id", "lesgroep_id"],
        "the school's structure",
    ),
    **dict.fromkeys(
        ["plaatsing_id", "lidmaatschap_id", "medewerker_id", "apiclient_id", "webhook_id"],
        "administration (beheer)",
    ),
    **dict.fromkeys(
        ["instrument_id", "domein_id", "toetsmoment_id", "ijkpunt_id", "hulpzin_id"],
        "what is measured (configuration)",
    ),
    "cruciaal_moment_id": "what is measured (configuration)",
    **dict.fromkeys(
        ["overzicht_id", "regel_id", "signalering_id", "behoefte_id", "opmerking_id"],
        "the class's groepsoverzicht and its rows: group-level, logged when exported",
    ),
    **dict.fromkeys(
        ["plan_id", "plangroep_id", "doel_id", "roosteritem_id"],
        "the class's groepsplan: group-level, logged when exported",
    ),
    **dict.fromkeys(
        ["bespreking_id", "inbreng_id", "besluit_id", "actie_id"],
        "a groepsbespreking: group-level, its report logged when exported",
    ),
    **dict.fromkeys(
        ["overleg_id", "zatoverleg_id"],
        "an IZO/ZAT meeting: its agenda; each pupil's report is a care route",
    ),
    **dict.fromkeys(["partner_id", "partnerlid_id"], "partner organisations"),
    "taak_uuid": "a download; a bundle logs its pupils when it is built (planning.bundels)",
    "ambitie_id": "opbrengsten: aggregates",
}


def _overzicht_leerlingen(overzicht_id: int) -> set[int]:
    from groepsoverzicht.models import Overzichtregel

    return set(
        Overzichtregel.objects.filter(groepsoverzicht_id=overzicht_id).values_list(
            "leerling_id", flat=True
        )
    )


def _plan_leerlingen(w: SchoolWorld) -> set[int]:
    from groepsplan.ihp_opp.models import Handelingsplan
    from groepsplan.models import Plangroeplid

    plan = w.gp["plan"]
    return (
        _overzicht_leerlingen(plan.groepsoverzicht_id)
        | set(
            Plangroeplid.objects.filter(plangroep__groepsplan=plan).values_list(
                "leerling_id", flat=True
            )
        )
        | set(Handelingsplan.objects.filter(groepsplan=plan).values_list("leerling_id", flat=True))
    )


def _bespreking_leerlingen(w: SchoolWorld) -> set[int]:
    from besprekingen.models import Actie, Besluit, Inbreng

    bespreking = w.bs["bespreking"]
    ids: set[int] = set()
    for model in (Besluit, Actie, Inbreng):
        ids |= set(
            model.objects.filter(bespreking=bespreking, leerling__isnull=False).values_list(
                "leerling_id", flat=True
            )
        )
    return ids


#: PDFs of a group: every pupil in them is logged, once.
GROUP_EXPORTS: dict[str, Callable[[SchoolWorld], set[int]]] = {
    "groepsoverzicht-pdf": lambda w: _overzicht_leerlingen(w.go["overzicht"].pk),
    "groepsplan-pdf": _plan_leerlingen,
    "bespreking-verslag-pdf": _bespreking_leerlingen,
}


def _care_kwarg(route: Route) -> str | None:
    care = [k for k in route.kwargs if k in CARE_KWARGS]
    assert len(care) <= 1, f"{route.name}: two care objects in one URL: decide which is shown"
    return care[0] if care else None


def _pupil_of(kwarg: str, value: Any) -> int:
    model_label, field = URL_KWARG_MODELS[kwarg]
    model = apps.get_model(model_label)
    return int(
        model.objects.filter(**{field: value}).values_list(CARE_KWARGS[kwarg], flat=True).get()
    )


def _persona(route: Route) -> str:
    name = route.name or ""
    if name.startswith("beheer-"):
        return "beheerder"
    if name.startswith("download-"):
        return "mentor"  # a download is its requester's only
    if name.startswith("opbrengsten-ambitie"):
        return "schoolleider"  # the ambities are the schoolleider's
    return "zorgcoordinator"


def _last_event_pk(world: SchoolWorld) -> int:
    with tenant_context(world.school.pk):
        return m.AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _events_since(world: SchoolWorld, pk: int) -> list[tuple[int, int, str, str]]:
    with tenant_context(world.school.pk):
        return list(
            m.AccessEvent.objects.filter(pk__gt=pk)
            .order_by("pk")
            .values_list("leerling_id", "gebruiker_id", "pagina", "namens")
        )


def test_every_url_keyword_is_classified() -> None:
    kwargs = {k for r in tenant_routes() for k in r.kwargs}
    assert not set(CARE_KWARGS) & set(NON_CARE_KWARGS)
    assert kwargs - set(CARE_KWARGS) - set(NON_CARE_KWARGS) == set(), (
        "A new URL keyword: add it to CARE_KWARGS (it names a pupil's care data; its access "
        "helper must log) or to NON_CARE_KWARGS (with why not)."
    )
    assert set(GROUP_EXPORTS) <= {r.name for r in tenant_routes()}


def test_every_page_logs_exactly_the_pupils_whose_care_data_it_shows(
    world: SchoolWorld, client: Client
) -> None:
    values = {"school": world.school.slug, **world.objects_by_kwarg()}
    offenders: list[str] = []
    care_pages = 0
    for route in tenant_routes():
        user = world.users[_persona(route)]
        log_in_verified(client, user)
        before = _last_event_pk(world)
        response = client.get(route.url(values))
        events = _events_since(world, before)
        status = response.status_code
        if status not in (200, 302, 404):
            offenders.append(f"{route.name}: {_persona(route)} got {status}; pick a persona")
            continue
        care = _care_kwarg(route)
        if (route.name or "").startswith("beheer-"):
            expected = set()  # roster administration: no care data (rule 5)
        elif care is not None and status != 404:
            with tenant_context(world.school.pk):
                expected = {_pupil_of(care, values[care])}
        elif route.name in GROUP_EXPORTS and status == 200:
            with tenant_context(world.school.pk):
                expected = GROUP_EXPORTS[route.name](world)
            assert expected, f"{route.name}: the world has no pupil in this export"
        else:
            expected = set()
        if expected:
            care_pages += 1
        want = sorted((pk, user.pk, route.name or "", "") for pk in expected)
        if sorted(events) != want:
            offenders.append(f"{route.name} ({status}): logged {sorted(events)}, expected {want}")
    assert offenders == [], "\n".join(offenders)
    assert care_pages >= 30  # the walk reached the care pages (not a wall of 404s)


def test_a_zat_partner_reads_on_behalf_of_their_organisation(
    world: SchoolWorld, client: Client
) -> None:
    """Every ZAT page the ZAT-lid opens logs the pupil once, on behalf of their partner."""
    values = {"school": world.school.slug, **world.objects_by_kwarg()}
    user = world.users["zat_lid"]
    log_in_verified(client, user)
    partner = world.izo["partner"].naam
    opened = []
    offenders = []
    for route in tenant_routes():
        care = _care_kwarg(route)
        if care not in {"zatcasus_id", "zatactie_id"}:
            continue
        before = _last_event_pk(world)
        if client.get(route.url(values)).status_code != 200:
            continue
        opened.append(route.name)
        with tenant_context(world.school.pk):
            pupil = _pupil_of(care, values[care])
        events = _events_since(world, before)
        if events != [(pupil, user.pk, route.name, partner)]:
            offenders.append(f"{route.name}: {events}")
    assert offenders == []
    assert {"zat-casus", "zat-verslag", "zat-plan-pdf", "zat-actie-update"} <= set(opened)


def _request(world: SchoolWorld, method: str) -> Any:
    request = getattr(RequestFactory(), method.lower())(f"/{world.school.slug}/")
    user = world.users["zorgcoordinator"]
    request.tenant = TenantContext.build(world.school, user, list(user.lidmaatschappen.all()))
    return request


def test_record_care_access_writes_once_per_pupil_per_request_in_one_insert(
    world: SchoolWorld, django_assert_num_queries: Any
) -> None:
    pupils = [world.leerling.pk, world.andere_leerling.pk]
    with tenant_context(world.school.pk):
        request = _request(world, "GET")
        with django_assert_num_queries(1):  # one insert for both pupils
            record_care_access(request, pupils)
        with django_assert_num_queries(0):  # a second helper in the same request
            record_care_access(request, [world.leerling.pk])
        record_care_access(_request(world, "POST"), pupils)  # a write is not a read
        logged = sorted(m.AccessEvent.objects.values_list("leerling_id", flat=True))
    assert logged == sorted(pupils)


#: Where access events may be written: the low-level writer and the chokepoints calling it.
WRITES = re.compile(
    r"\b(AccessEvent\(|AccessEvent\.objects\.\w*create|write_access_events\(|record_care_access\()"
)


def test_only_the_chokepoints_write_access_events() -> None:
    """Views never log by hand: `record_care_access` is called by the access helpers (an
    app's access.py) and by the PDF renderer; `write_access_events` by it and by the two
    chokepoints without a browser request; nothing else creates AccessEvent rows."""
    root = Path(settings.BASE_DIR)
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        path = Path(config.path)
        if root not in path.parents:
            continue  # a library
        for source in path.rglob("*.py"):
            name = source.relative_to(root).as_posix()
            for line in source.read_text().splitlines():
                if line.lstrip().startswith(("def ", "class ", "#")):
                    continue
                for match in WRITES.finditer(line):
                    found.setdefault(match.group(1).split(".")[0].rstrip("("), set()).add(name)
    assert found.pop("AccessEvent") == {"zorgroute/audit.py"}
    assert found.pop("write_access_events") == {
        "zorgroute/audit.py",
        "planning/bundels.py",
        "api/views.py",
    }
    helpers = found.pop("record_care_access")
    assert {n for n in helpers if not n.endswith("/access.py")} == {"zorgroute/pdf.py"}
    assert {"zorgroute/access.py", "groepsplan/access.py", "izo_zat/access.py"} <= helpers
    assert found == {}
