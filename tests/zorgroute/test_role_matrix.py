"""Each role × each page: allowed or denied as DOMAIN.md's need-to-know table says.

Every tenant URL must appear here (or be a `beheer-*` page, whose rule is: only the
beheerder), so adding a page forces a decision about who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.auth_helpers import log_in_verified

from ..urlwalk import tenant_routes
from ..world import PERSONAS, PRIVACY_PERSONA, SchoolWorld

OK, DENIED, HIDDEN = 200, 403, 404

#        mentor docent zorgco teamleider schoolleider zat_lid beheerder outsider
METEN_EXPECTED = (DENIED, DENIED, OK, DENIED, DENIED, DENIED, OK, HIDDEN)
RESULTATEN_EXPECTED = (OK, OK, OK, DENIED, DENIED, DENIED, OK, HIDDEN)
OVERZICHT_LEZEN = (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN)
OVERZICHT_WIJZIGEN = (OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN)
PLAN_LEZEN = (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN)
# Besprekingen of class 1A: seen by the mentor (chair), the teacher of the class (attendee),
# the zorgcoördinator and the teamleider of the afdeling; run by all of them but the teacher.
BESPREKING_LEZEN = (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN)
BESPREKING_LEIDEN = (OK, DENIED, OK, OK, DENIED, DENIED, DENIED, HIDDEN)
# Write-only URLs answer a GET with 404 once the role has the permission (the POSTs, per
# persona, are in tests/besprekingen/test_rechten.py).
ALLEEN_POST = (HIDDEN, HIDDEN, HIDDEN, HIDDEN, DENIED, DENIED, DENIED, HIDDEN)
# IZO/ZAT (issue 6). The world: Daan (1B, not the mentor's, docent's or teamleider's) is
# discussed in a planned IZO (the teamleider is invited) and referred to the ZAT; his case is
# shared with the ZAT-lid (member of GGD Regio), who is invited to the planned ZAT meeting.
ZORGTEAM_POST = (DENIED, DENIED, HIDDEN, DENIED, DENIED, DENIED, DENIED, HIDDEN)
ALLEEN_ZORGCOORDINATOR = (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN)
# Daan's case as the zorgcoördinator and the ZAT-lid it is shared with see it.
DAAN_ZAT = (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, OK, DENIED, HIDDEN)

# Opbrengsten: the dashboards for the schoolleider and the zorgcoördinator; the ambities are
# set by the schoolleider only (their write URLs answer a GET with 404 once permitted).
OPBRENGSTEN = (DENIED, DENIED, OK, DENIED, OK, DENIED, DENIED, HIDDEN)
AMBITIES_POST = (DENIED, DENIED, DENIED, DENIED, HIDDEN, DENIED, DENIED, HIDDEN)

# AVG (issue 19): the zorgcoördinator and the beheerder; its POST-only URLs answer a GET 404.
AVG = (DENIED, DENIED, OK, DENIED, DENIED, DENIED, OK, HIDDEN)
AVG_POST = (HIDDEN,) * 8

# page -> (how to fill the URL, {persona: expected status}); personas in PERSONAS order:
#        mentor docent zorgco teamleider schoolleider zat_lid beheerder outsider
ROWS: dict[str, tuple[Callable[[SchoolWorld], dict[str, Any]], tuple[int, ...]]] = {
    "home": (lambda w: {}, (OK, OK, OK, OK, OK, OK, OK, HIDDEN)),
    # --- Jaarplanning, takenlijst and downloads (issue 7) ----------------------------------
    # Everyone on the staff reads the jaarplanning; the schoolleider and the zorgcoördinator
    # change it (POST only: a GET is 404 for them, 403 for the others).
    "jaarplanning": (lambda w: {}, (OK, OK, OK, OK, OK, DENIED, OK, HIDDEN)),
    "jaarplanning-cyclus": (
        lambda w: {"periode_id": w.periode.pk},
        (DENIED, DENIED, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, HIDDEN),
    ),
    "jaarplanning-instellingen": (
        lambda w: {},
        (DENIED, DENIED, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, HIDDEN),
    ),
    "jaarplanning-kopieren": (
        lambda w: {"schooljaar_id": w.schooljaar.pk},
        (DENIED, DENIED, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, HIDDEN),
    ),
    # A bundle holds what the requester may open: whoever reads overviews may start one.
    "jaarplanning-bundel": (lambda w: {}, ALLEEN_POST),
    # The to-do list and downloads are the staff's (a ZAT-lid works in the ZAT case).
    "taken": (lambda w: {}, (OK, OK, OK, OK, OK, DENIED, OK, HIDDEN)),
    "taken-voorkeur": (lambda w: {}, (OK, OK, OK, OK, OK, DENIED, OK, HIDDEN)),
    "download-list": (lambda w: {}, (OK, OK, OK, OK, OK, DENIED, OK, HIDDEN)),
    # The mentor's download: nobody else's, not even the zorgcoördinator's.
    "download-detail": (
        lambda w: {"taak_uuid": w.pl["download"].uuid},
        (OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN),
    ),
    "download-bestand": (
        lambda w: {"taak_uuid": w.pl["download"].uuid},
        (OK, HIDDEN, HIDDEN, HIDDEN, HIDDEN, DENIED, HIDDEN, HIDDEN),
    ),
    # --- Opbrengsten (issue 9): aggregates for the schoolleider and the zorgcoördinator;
    # the ambities are the schoolleider's (POST only: a GET is 404 for them).
    "opbrengsten": (lambda w: {}, OPBRENGSTEN),
    "opbrengsten-uitsplitsing": (lambda w: {}, OPBRENGSTEN),
    "opbrengsten-groep": (lambda w: {"groep_id": w.groep.pk}, OPBRENGSTEN),
    "opbrengsten-csv": (lambda w: {}, OPBRENGSTEN),
    "opbrengsten-bestuur": (lambda w: {}, OPBRENGSTEN),
    "opbrengsten-bestuur-csv": (lambda w: {}, OPBRENGSTEN),
    "opbrengsten-ambities": (lambda w: {}, OPBRENGSTEN),
    "opbrengsten-rapport": (
        lambda w: {},
        (DENIED, DENIED, HIDDEN, DENIED, HIDDEN, DENIED, DENIED, HIDDEN),
    ),
    "opbrengsten-ambitie-nieuw": (lambda w: {"schooljaar_id": w.schooljaar.pk}, AMBITIES_POST),
    "opbrengsten-ambities-kopieren": (
        lambda w: {"schooljaar_id": w.schooljaar.pk},
        AMBITIES_POST,
    ),
    "opbrengsten-ambitie": (lambda w: {"ambitie_id": w.ob["ambitie"].pk}, AMBITIES_POST),
    "groep-list": (lambda w: {}, (OK, OK, OK, OK, OK, DENIED, OK, HIDDEN)),
    # The mentor's class 1A, in the teamleider's afdeling, taught by the docent.
    "groep-detail": (
        lambda w: {"groep_id": w.groep.pk},
        (OK, OK, OK, OK, OK, DENIED, OK, HIDDEN),
    ),
    # A pupil of 1A, shared with the ZAT-lid through an explicit grant.
    "leerling-detail": (
        lambda w: {"leerling_uuid": w.leerling.uuid},
        (OK, OK, OK, OK, DENIED, OK, DENIED, HIDDEN),
    ),
    # Who viewed the pupil: only the zorgcoördinator (all pupils), never the subject's teachers.
    "leerling-inzages": (
        lambda w: {"leerling_uuid": w.leerling.uuid},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- Issue 19: access-log review and retention ----------------------------------------
    # The school-wide access log: the zorgcoördinator (and the privacy officer, PRIVACY_ROWS).
    "toegang-overzicht": (lambda w: {}, ALLEEN_ZORGCOORDINATOR),
    # Retention terms and the dry run: the zorgcoördinator and the beheerder; the terms are
    # saved by POST only (a GET is 404 once permitted).
    "bewaren": (lambda w: {}, (DENIED, DENIED, OK, DENIED, DENIED, DENIED, OK, HIDDEN)),
    "bewaren-proefrun": (lambda w: {}, (DENIED, DENIED, OK, DENIED, DENIED, DENIED, OK, HIDDEN)),
    "bewaren-termijnen": (
        lambda w: {},
        (DENIED, DENIED, HIDDEN, DENIED, DENIED, DENIED, HIDDEN, HIDDEN),
    ),
    # Legal holds: the zorgcoördinator (and the privacy officer), not the beheerder.
    "bewaren-blokkades": (lambda w: {}, ALLEEN_ZORGCOORDINATOR),
    "bewaarblokkade-opheffen": (lambda w: {}, ZORGTEAM_POST),
    # --- AVG (issue 19): export and four-eyes erasure, for the zorgcoördinator and the
    # beheerder (every pupil of the school); the request, confirm and withdraw URLs are POST
    # only (tests/zorgroute/test_privacy_views.py).
    "avg-overzicht": (lambda w: {}, AVG),
    "avg-leerling": (lambda w: {"leerling_uuid": w.leerling.uuid}, AVG),
    "avg-export-json": (lambda w: {"leerling_uuid": w.leerling.uuid}, AVG),
    "avg-export-pdf": (lambda w: {"leerling_uuid": w.leerling.uuid}, AVG),
    "avg-verzoek": (lambda w: {"leerling_uuid": w.leerling.uuid}, AVG_POST),
    "avg-verzoek-bevestigen": (lambda w: {"leerling_uuid": w.leerling.uuid}, AVG_POST),
    "avg-verzoek-intrekken": (lambda w: {"leerling_uuid": w.leerling.uuid}, AVG_POST),
    # --- PDF, kijkwijzer and begrijpwijzer of the world's cyclus A overview of class 1A ------
    # Reading: mentor, teacher of the class, zorgcoördinator, teamleider of the afdeling.
    "groepsoverzicht-pdf": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "groepsoverzicht-kijkwijzer": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "groepsoverzicht-begrijpwijzer": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- Groepsplan: plan en clustering (the world's concept cyclus A plan of class 1A) -------
    # Reading: the overview's need-to-know (mentor, teacher of the class, zorgcoördinator,
    # teamleider of the afdeling).
    "groepsplan-list": (lambda w: {}, OVERZICHT_LEZEN),
    "groepsplan-detail": (lambda w: {"plan_id": w.gp["plan"].pk}, OVERZICHT_LEZEN),
    "groepsplan-clusteren": (lambda w: {"plan_id": w.gp["plan"].pk}, OVERZICHT_LEZEN),
    # Starting a plan (CHANGE_GROEPSPLAN; without ?overzicht the list of overviews to start from).
    "groepsplan-create": (lambda w: {}, (OK, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN)),
    # Writes (a GET returns the fragment the write would swap): the mentor and the
    # zorgcoördinator write a cyclus A plan; the docent carries it out but does not write it.
    "groepsplan-status": (lambda w: {"plan_id": w.gp["plan"].pk}, OVERZICHT_WIJZIGEN),
    "groepsplan-plangroep-veld": (
        lambda w: {"plan_id": w.gp["plan"].pk, "plangroep_id": w.gp["subgroep"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "groepsplan-doel-create": (
        lambda w: {"plan_id": w.gp["plan"].pk, "plangroep_id": w.gp["subgroep"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "groepsplan-doel-update": (
        lambda w: {"plan_id": w.gp["plan"].pk, "doel_id": w.gp["doel"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "groepsplan-doel-delete": (
        lambda w: {"plan_id": w.gp["plan"].pk, "doel_id": w.gp["doel"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "groepsplan-rooster-create": (lambda w: {"plan_id": w.gp["plan"].pk}, OVERZICHT_WIJZIGEN),
    "groepsplan-rooster-delete": (
        lambda w: {"plan_id": w.gp["plan"].pk, "roosteritem_id": w.gp["roosteritem"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "groepsplan-verplaatsen": (lambda w: {"plan_id": w.gp["plan"].pk}, OVERZICHT_WIJZIGEN),
    "groepsplan-nieuwe-groep": (lambda w: {"plan_id": w.gp["plan"].pk}, OVERZICHT_WIJZIGEN),
    # Configuring what is measured: zorgcoördinator and beheerder (CONFIGURE_METEN).
    "meten-index": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-standaard": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-instrument-create": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-instrument-update": (
        lambda w: {"instrument_id": w.go["instrument"].pk},
        METEN_EXPECTED,
    ),
    "meten-instrument-delete": (
        lambda w: {"instrument_id": w.go["instrument"].pk},
        METEN_EXPECTED,
    ),
    "meten-domein-create": (
        lambda w: {"instrument_id": w.go["instrument"].pk},
        METEN_EXPECTED,
    ),
    "meten-domein-update": (
        lambda w: {"domein_id": w.go["domein"].pk},
        METEN_EXPECTED,
    ),
    "meten-domein-delete": (
        lambda w: {"domein_id": w.go["domein"].pk},
        METEN_EXPECTED,
    ),
    "meten-toetsmoment-create": (
        lambda w: {"instrument_id": w.go["instrument"].pk},
        METEN_EXPECTED,
    ),
    "meten-toetsmoment-update": (
        lambda w: {"toetsmoment_id": w.go["toetsmoment"].pk},
        METEN_EXPECTED,
    ),
    "meten-toetsmoment-delete": (
        lambda w: {"toetsmoment_id": w.go["toetsmoment"].pk},
        METEN_EXPECTED,
    ),
    "meten-ijkpunt-create": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-cruciaal-moment-create": (lambda w: {}, METEN_EXPECTED),
    "meten-cruciaal-moment-update": (
        lambda w: {"cruciaal_moment_id": w.go["cruciaal_moment"].pk},
        METEN_EXPECTED,
    ),
    "meten-cruciaal-moment-delete": (
        lambda w: {"cruciaal_moment_id": w.go["cruciaal_moment"].pk},
        METEN_EXPECTED,
    ),
    "meten-ijkpunt-update": (
        lambda w: {"ijkpunt_id": w.go["ijkpunt"].pk},
        METEN_EXPECTED,
    ),
    "meten-ijkpunt-delete": (
        lambda w: {"ijkpunt_id": w.go["ijkpunt"].pk},
        METEN_EXPECTED,
    ),
    "meten-hulpzin-list": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-hulpzin-create": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-hulpzin-standaard": (
        lambda w: {},
        METEN_EXPECTED,
    ),
    "meten-hulpzin-update": (
        lambda w: {"hulpzin_id": w.go["hulpzin"].pk},
        METEN_EXPECTED,
    ),
    "meten-hulpzin-delete": (
        lambda w: {"hulpzin_id": w.go["hulpzin"].pk},
        METEN_EXPECTED,
    ),
    # Entering results: docenten for their own classes, zorgcoördinator and beheerder for all.
    "resultaten-index": (lambda w: {}, RESULTATEN_EXPECTED),
    "resultaten-invoer": (
        lambda w: {"groep_id": w.groep.pk, "toetsmoment_id": w.go["toetsmoment"].pk},
        RESULTATEN_EXPECTED,
    ),
    "resultaten-plakken": (
        lambda w: {"groep_id": w.groep.pk, "toetsmoment_id": w.go["toetsmoment"].pk},
        RESULTATEN_EXPECTED,
    ),
    "resultaten-uploaden": (
        lambda w: {"groep_id": w.groep.pk, "toetsmoment_id": w.go["toetsmoment"].pk},
        RESULTATEN_EXPECTED,
    ),
    # --- The overview screen: the world's cyclus A overview of class 1A ----------------------
    # Reading: mentor, teachers of the class, zorgcoördinator, teamleider of the afdeling.
    "groepsoverzicht-list": (lambda w: {}, OVERZICHT_LEZEN),
    "groepsoverzicht-detail": (lambda w: {"overzicht_id": w.go["overzicht"].pk}, OVERZICHT_LEZEN),
    "overzicht-regel": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "regel_id": w.go["regel"].pk},
        OVERZICHT_LEZEN,
    ),
    # The history of a pupil's row: whoever reads the overview.
    "overzicht-regel-geschiedenis": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "regel_id": w.go["regel"].pk},
        OVERZICHT_LEZEN,
    ),
    # Starting one: whoever has a class or lesgroep to start it for (and care staff).
    "groepsoverzicht-create": (lambda w: {}, (OK, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN)),
    # A remark for the mentor: teachers of the class (and those who may edit).
    "overzicht-opmerking-create": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk},
        (OK, OK, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # Writes (a GET returns the fragment the write would swap): mentor and zorgcoördinator.
    "groepsoverzicht-aandachtspunten": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "groepsoverzicht-signalen-berekenen": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-regel-cel": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "regel_id": w.go["regel"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-signaleren": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "regel_id": w.go["regel"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-signalering-besluit": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "signalering_id": w.go["signalering"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-behoefte-create": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "regel_id": w.go["regel"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-behoefte-update": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "behoefte_id": w.go["behoefte"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-behoefte-delete": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "behoefte_id": w.go["behoefte"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    "overzicht-opmerking-afhandelen": (
        lambda w: {"overzicht_id": w.go["overzicht"].pk, "opmerking_id": w.go["opmerking"].pk},
        OVERZICHT_WIJZIGEN,
    ),
    # --- Groepsplan: uitvoeren en evalueren (the world's cyclus A plan of class 1A) ----------
    # Reading with VIEW_GROEPSPLAN; writes (POST) are tested in tests/groepsplan.
    "groepsplan-mijn-plannen": (lambda w: {}, PLAN_LEZEN),
    "groepsplan-uitvoering": (lambda w: {"plan_id": w.gp["plan"].pk}, PLAN_LEZEN),
    "groepsplan-evaluatie": (lambda w: {"plan_id": w.gp["plan"].pk}, PLAN_LEZEN),
    # --- IHP en OPP, planwijzer and PDFs (the world's plan of class 1A; Sanne's IHP and OPP) --
    # Plan-scoped pages read as the plan (access_plan): mentor, teacher of the class, care
    # staff, teamleider of the afdeling.
    "groepsplan-planwijzer": (
        lambda w: {"plan_id": w.gp["plan"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "groepsplan-pdf": (
        lambda w: {"plan_id": w.gp["plan"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # A new IHP: only who writes the plan (mentor for cyclus A, zorgcoördinator).
    "ihp-create": (
        lambda w: {"plan_id": w.gp["plan"].pk},
        (OK, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # The IHP is an appendix to the plan: read as the plan (the teacher carries it out).
    "ihp-detail": (
        lambda w: {"ihp_id": w.gp["ihp"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "ihp-pdf": (
        lambda w: {"ihp_id": w.gp["ihp"].pk},
        (OK, OK, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # OPP list and new OPP: the zorgcoördinator (MANAGE_OPP).
    "opp-list": (lambda w: {}, (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN)),
    # (Daan, class 1B, has no OPP yet; for a pupil with one the page redirects to it.)
    "opp-create": (
        lambda w: {"leerling_uuid": w.andere_leerling.uuid},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # An OPP (exit level, factors, action part) is need-to-know: the zorgcoördinator writes,
    # the pupil's mentor and the teamleider of the afdeling read. A docent who only teaches
    # the pupil gets the handelingsadviezen through the plan/IHP, not the OPP (403); a ZAT-lid
    # with a grant on the pupil sees the shared case, not the OPP (403).
    "opp-detail": (
        lambda w: {"opp_id": w.gp["opp"].pk},
        (OK, DENIED, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "opp-pdf": (
        lambda w: {"opp_id": w.gp["opp"].pk},
        (OK, DENIED, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- Besprekingen (the world's planned groepsbespreking of class 1A) ---------------------
    "bespreking-list": (lambda w: {}, BESPREKING_LEZEN),
    # Planning (MANAGE_BESPREKING; without ?overzicht the overviews the user may plan for).
    "bespreking-create": (lambda w: {}, BESPREKING_LEZEN),
    "bespreking-detail": (lambda w: {"bespreking_id": w.bs["bespreking"].pk}, BESPREKING_LEZEN),
    "bespreking-update": (lambda w: {"bespreking_id": w.bs["bespreking"].pk}, BESPREKING_LEIDEN),
    "bespreking-vergadering": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk},
        BESPREKING_LEZEN,
    ),
    "bespreking-afsluiten": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk},
        BESPREKING_LEIDEN,
    ),
    "bespreking-verslag": (lambda w: {"bespreking_id": w.bs["bespreking"].pk}, BESPREKING_LEZEN),
    "bespreking-verslag-pdf": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk},
        BESPREKING_LEZEN,
    ),
    "bespreking-starten": (lambda w: {"bespreking_id": w.bs["bespreking"].pk}, ALLEEN_POST),
    "bespreking-verslagpunt": (lambda w: {"bespreking_id": w.bs["bespreking"].pk}, ALLEEN_POST),
    "bespreking-inbreng-create": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk},
        ALLEEN_POST,
    ),
    "bespreking-inbreng-besproken": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk, "inbreng_id": w.bs["inbreng"].pk},
        ALLEEN_POST,
    ),
    "bespreking-besluit-create": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk},
        ALLEEN_POST,
    ),
    "bespreking-besluit-delete": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk, "besluit_id": w.bs["besluit"].pk},
        ALLEEN_POST,
    ),
    "bespreking-actie-create": (lambda w: {"bespreking_id": w.bs["bespreking"].pk}, ALLEEN_POST),
    "bespreking-actie-delete": (
        lambda w: {"bespreking_id": w.bs["bespreking"].pk, "actie_id": w.bs["actie"].pk},
        ALLEEN_POST,
    ),
    # Marking an action done: POST only, for every role with a home page (its owner).
    "actie-afvinken": (
        lambda w: {"actie_id": w.bs["actie"].pk},
        (HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ),
    # A bilateraal overleg about Sanne (1A): whoever may see her and run besprekingen.
    "bilateraal-create": (
        lambda w: {"leerling_uuid": w.leerling.uuid},
        BESPREKING_LEZEN,
    ),
    # The prepared IZO aanmelding of Sanne: the applicant (her mentor) and the
    # zorgcoördinator; the teacher and the teamleider do not see a concept (404).
    "izo-aanmelding": (
        lambda w: {"aanmelding_id": w.bs["aanmelding"].pk},
        (OK, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- IZO: aanmeldingen, triage, trajecten, consent (issue 6) -----------------------------
    # The list: own and the class's aanmeldingen; the zorgcoördinator's triage inbox.
    "izo-aanmelding-list": (lambda w: {}, BESPREKING_LEZEN),
    "izo-aanmelding-indienen": (lambda w: {"aanmelding_id": w.bs["aanmelding"].pk}, ALLEEN_POST),
    # Triage of Sanne's aanmelding: only the zorgcoördinator, and only once it is submitted
    # (for a concept she is sent back to the aanmelding with a message: 302).
    "izo-triage": (
        lambda w: {"aanmelding_id": w.bs["aanmelding"].pk},
        (DENIED, DENIED, 302, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # Starting an aanmelding for Sanne: her mentor, the teamleider, the zorgcoördinator.
    "izo-aanmelding-start": (
        lambda w: {"leerling_uuid": w.leerling.uuid},
        (OK, DENIED, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-traject-list": (lambda w: {}, BESPREKING_LEZEN),
    # Daan's (1B) traject: the zorgcoördinator only (not the mentor/docent/teamleider of 1A).
    "izo-traject-detail": (
        lambda w: {"traject_id": w.izo["traject"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-traject-update": (
        lambda w: {"traject_id": w.izo["traject"].pk},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-traject-afsluiten": (
        lambda w: {"traject_id": w.izo["traject"].pk},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-traject-verkort": (
        lambda w: {"leerling_uuid": w.leerling.uuid},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # Sanne's consent registry: her mentor and the zorgcoördinator keep it.
    "izo-toestemmingen": (
        lambda w: {"leerling_uuid": w.leerling.uuid},
        (OK, HIDDEN, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-toestemming-intrekken": (
        lambda w: {"toestemming_id": w.izo["toestemming"].pk},
        (OK, HIDDEN, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-partner-list": (
        lambda w: {},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-partner-update": (
        lambda w: {"partner_id": w.izo["partner"].pk},
        (DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-partnerlid-create": (lambda w: {"partner_id": w.izo["partner"].pk}, ZORGTEAM_POST),
    "izo-partnerlid-delete": (
        lambda w: {"partnerlid_id": w.izo["partnerlid"].pk},
        ZORGTEAM_POST,
    ),
    "izo-aanmelding-pdf": (
        lambda w: {"aanmelding_id": w.bs["aanmelding"].pk},
        (OK, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- IZO meetings: the zorgcoördinator plans and runs them; attendees open them ---------
    "izo-overleg-list": (lambda w: {}, BESPREKING_LEZEN),
    "izo-overleg-create": (lambda w: {}, ALLEEN_ZORGCOORDINATOR),
    "izo-overleg-detail": (
        lambda w: {"overleg_id": w.izo["overleg"].pk},
        (HIDDEN, HIDDEN, OK, OK, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-overleg-update": (
        lambda w: {"overleg_id": w.izo["overleg"].pk},
        (HIDDEN, HIDDEN, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "izo-overleg-afsluiten": (
        lambda w: {"overleg_id": w.izo["overleg"].pk},
        (HIDDEN, HIDDEN, OK, DENIED, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # Daan's report: the invited teamleider does not see Daan (other afdeling).
    "izo-verslag": (
        lambda w: {"overleg_id": w.izo["overleg"].pk, "traject_id": w.izo["traject"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # The ZAT-lid reads IZO reports only of closed meetings (the world's IZO is planned).
    "izo-verslag-detail": (
        lambda w: {"verslag_id": w.izo["verslag"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, HIDDEN),
    ),
    "izo-verslag-pdf": (
        lambda w: {"verslag_id": w.izo["verslag"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, HIDDEN),
    ),
    "izo-besluit-create": (lambda w: {"verslag_id": w.izo["verslag"].pk}, ZORGTEAM_POST),
    "izo-besluit-delete": (
        lambda w: {"izobesluit_id": w.izo["izobesluit"].pk},
        ZORGTEAM_POST,
    ),
    "izo-advies-create": (lambda w: {"verslag_id": w.izo["verslag"].pk}, ZORGTEAM_POST),
    "izo-advies-delete": (lambda w: {"advies_id": w.izo["advies"].pk}, ZORGTEAM_POST),
    # Daan's class has no groepsplan: the zorgcoördinator reads what to do first.
    "izo-advies-beoordelen": (
        lambda w: {"advies_id": w.izo["advies"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # --- ZAT ----------------------------------------------------------------------------------
    "zat-aanmelden": (
        lambda w: {"izobesluit_id": w.izo["izobesluit"].pk},
        ALLEEN_ZORGCOORDINATOR,
    ),
    "zat-overleg-list": (lambda w: {}, (OK, OK, OK, OK, DENIED, OK, DENIED, HIDDEN)),
    "zat-overleg-create": (lambda w: {}, ALLEEN_ZORGCOORDINATOR),
    "zat-overleg-detail": (lambda w: {"zatoverleg_id": w.izo["zat_overleg"].pk}, DAAN_ZAT),
    "zat-overleg-update": (
        lambda w: {"zatoverleg_id": w.izo["zat_overleg"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "zat-overleg-afsluiten": (
        lambda w: {"zatoverleg_id": w.izo["zat_overleg"].pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    "zat-verslag": (
        lambda w: {"zatoverleg_id": w.izo["zat_overleg"].pk, "zatcasus_id": w.izo["casus"].pk},
        DAAN_ZAT,
    ),
    "zat-advies-create": (
        lambda w: {"zatverslag_id": w.izo["zat_verslag"].pk},
        ZORGTEAM_POST,
    ),
    "zat-casus-list": (lambda w: {}, (OK, OK, OK, OK, DENIED, OK, DENIED, HIDDEN)),
    "zat-casus": (lambda w: {"zatcasus_id": w.izo["casus"].pk}, DAAN_ZAT),
    "zat-plan-pdf": (lambda w: {"zatcasus_id": w.izo["casus"].pk}, DAAN_ZAT),
    "zat-casus-update": (lambda w: {"zatcasus_id": w.izo["casus"].pk}, ZORGTEAM_POST),
    "zat-casus-afsluiten": (
        lambda w: {"zatcasus_id": w.izo["casus"].pk},
        ALLEEN_ZORGCOORDINATOR,
    ),
    "zat-delen": (lambda w: {"zatcasus_id": w.izo["casus"].pk}, ZORGTEAM_POST),
    "zat-toegang-intrekken": (lambda w: {"grant_id": w.izo["grant"].pk}, ZORGTEAM_POST),
    "zat-actie-create": (lambda w: {"zatcasus_id": w.izo["casus"].pk}, ZORGTEAM_POST),
    # The GGD's action: the ZAT-lid of the GGD reports progress.
    "zat-actie-update": (lambda w: {"zatactie_id": w.izo["zat_actie"].pk}, DAAN_ZAT),
    "zat-doorverwijzing-create": (
        lambda w: {"zatcasus_id": w.izo["casus"].pk},
        ZORGTEAM_POST,
    ),
    "zat-doorverwijzing-update": (
        lambda w: {"doorverwijzing_id": w.izo["doorverwijzing"].pk},
        ALLEEN_ZORGCOORDINATOR,
    ),
}

# The same pages for objects outside the persona's relationships (class 1B, other afdeling).
OTHER_OBJECT_ROWS: dict[str, tuple[Callable[[SchoolWorld], dict[str, Any]], tuple[int, ...]]] = {
    "groep-detail": (
        lambda w: {"groep_id": w.andere_groep.pk},
        (HIDDEN, HIDDEN, OK, HIDDEN, OK, DENIED, OK, HIDDEN),
    ),
    "leerling-detail": (
        lambda w: {"leerling_uuid": w.andere_leerling.uuid},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, HIDDEN, DENIED, HIDDEN),
    ),
    # Daan (1B): not the mentor's, docent's or teamleider's pupil.
    "bilateraal-create": (
        lambda w: {"leerling_uuid": w.andere_leerling.uuid},
        (HIDDEN, HIDDEN, OK, HIDDEN, DENIED, DENIED, DENIED, HIDDEN),
    ),
    # Class 1B: not the mentor's or the docent's class.
    "resultaten-invoer": (
        lambda w: {"groep_id": w.andere_groep.pk, "toetsmoment_id": w.go["toetsmoment"].pk},
        (HIDDEN, HIDDEN, OK, DENIED, DENIED, DENIED, OK, HIDDEN),
    ),
    # Class 1B: not the mentor's or the docent's class.
    "resultaten-plakken": (
        lambda w: {"groep_id": w.andere_groep.pk, "toetsmoment_id": w.go["toetsmoment"].pk},
        (HIDDEN, HIDDEN, OK, DENIED, DENIED, DENIED, OK, HIDDEN),
    ),
    # Class 1B: not the mentor's or the docent's class.
    "resultaten-uploaden": (
        lambda w: {"groep_id": w.andere_groep.pk, "toetsmoment_id": w.go["toetsmoment"].pk},
        (HIDDEN, HIDDEN, OK, DENIED, DENIED, DENIED, OK, HIDDEN),
    ),
}

BEHEER_EXPECTED = (DENIED, DENIED, DENIED, DENIED, DENIED, DENIED, OK, HIDDEN)


def _pages() -> list[tuple[str, str, tuple[int, ...]]]:
    """(kind, page, expected status per persona in PERSONAS order)."""
    pages = [("eigen", name, expected) for name, (_, expected) in ROWS.items()]
    pages += [("ander", name, expected) for name, (_, expected) in OTHER_OBJECT_ROWS.items()]
    pages += [
        ("beheer", route.name, BEHEER_EXPECTED)
        for route in tenant_routes()
        if route.name and route.name.startswith("beheer-")
    ]
    return pages


def test_every_tenant_page_is_in_the_matrix() -> None:
    missing = {
        r.name
        for r in tenant_routes()
        if r.name not in ROWS and not (r.name or "").startswith("beheer-")
    }
    assert missing == set()


# One test per page, all personas in it: building the two-school world is the slow part.
@pytest.mark.parametrize(("kind", "page", "expected"), _pages(), ids=lambda v: str(v)[:40])
def test_role_matrix(
    kind: str, page: str, expected: tuple[int, ...], world: SchoolWorld, client: Client
) -> None:
    route = next(r for r in tenant_routes() if r.name == page)
    if kind == "beheer":
        url = route.url({"school": world.school.slug, **world.objects_by_kwarg()})
    else:
        fill = (ROWS if kind == "eigen" else OTHER_OBJECT_ROWS)[page][0]
        url = route.url({"school": world.school.slug, **fill(world)})
    got = []
    for persona in PERSONAS:
        log_in_verified(client, world.users[persona])
        got.append(client.get(url).status_code)
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True)), url


# --- The privacy officer (issue 19) ----------------------------------------------------------
# Supervises and reads no care content: every tenant page is DENIED (403) except these. A
# new page the privacy officer may open must be added here (the AVG export, for one).
PRIVACY_ROWS: dict[str, int] = {
    "home": OK,
    # Ticking off one's own action: POST only, 404 for everyone on a GET.
    "actie-afvinken": HIDDEN,
    # Who read a pupil, school-wide and per pupil; retention and legal holds.
    "toegang-overzicht": OK,
    "leerling-inzages": OK,
    "bewaren": OK,
    "bewaren-proefrun": OK,
    "bewaren-blokkades": OK,
    # POST only (a GET is 404 once permitted).
    "bewaarblokkade-opheffen": HIDDEN,
    # The AVG page and the export (inzage); erasure stays with beheerder + zorgcoördinator.
    "avg-overzicht": OK,
    "avg-leerling": OK,
    "avg-export-json": OK,
    "avg-export-pdf": OK,
    # The AVG requests are POST only: a GET is 404 for everyone (AVG_POST).
    "avg-verzoek": HIDDEN,
    "avg-verzoek-bevestigen": HIDDEN,
    "avg-verzoek-intrekken": HIDDEN,
}


def _privacy_url(route: Any, world: SchoolWorld) -> str:
    fill = ROWS[route.name][0] if route.name in ROWS else lambda w: {}
    return route.url({"school": world.school.slug, **world.objects_by_kwarg(), **fill(world)})


def test_privacy_officer_on_every_page(world: SchoolWorld, client: Client) -> None:
    """Every tenant page (beheer included) as the privacy officer, in one walk."""
    log_in_verified(client, world.users[PRIVACY_PERSONA])
    wrong = []
    for route in tenant_routes():
        assert route.name
        url = _privacy_url(route, world)
        got, expected = client.get(url).status_code, PRIVACY_ROWS.get(route.name, DENIED)
        if got != expected:
            wrong.append(f"{route.name} {url}: {got}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_schoolleider_sees_counts_not_names(world: SchoolWorld, login: Any) -> None:
    body = login("schoolleider").get(f"/{world.school.slug}/groepen/{world.groep.pk}/")
    text = body.content.decode()
    assert body.status_code == 200
    assert world.leerling.achternaam not in text
    assert "alleen het aantal leerlingen" in text


def test_schoolleider_sees_dossiers_when_the_school_allows(world: SchoolWorld, login: Any) -> None:
    world.school.schoolleider_ziet_dossiers = True
    world.school.save()
    url = f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/"
    assert login("schoolleider").get(url).status_code == 200


def test_expired_grant_hides_the_pupil_from_the_zat_lid(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    import datetime as dt

    from zorgroute.models import LeerlingGrant

    with in_school(world.school):
        LeerlingGrant.objects.update(geldig_tot=dt.date.today() - dt.timedelta(days=1))
    url = f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/"
    assert login("zat_lid").get(url).status_code == 404


def test_access_log_page_lists_who_viewed_the_pupil(world: SchoolWorld, login: Any) -> None:
    slug = world.school.slug
    login("mentor").get(f"/{slug}/leerlingen/{world.leerling.uuid}/")
    body = login("zorgcoordinator").get(f"/{slug}/leerlingen/{world.leerling.uuid}/inzages/")
    text = body.content.decode()
    assert body.status_code == 200
    assert world.users["mentor"].volledige_naam in text
