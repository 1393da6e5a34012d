"""The ZAT (seed 000 §6.3): the consent gate on referral, sharing with partner members
through expiring grants, what a partner sees (and the moment they stop seeing it: withdrawn
consent, expired or revoked grant, closed case), a partner without a grant trying every URL,
the ZAT report and closing, the plan van aanpak with progress by the partner, referrals out,
the share mail, the access log, the PDF, and flat query counts.

The world (tests/world.py add_izo_zat_overleg): Daan's case is shared with the ZAT-lid, a
member of GGD Regio, with his parents' consent."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from izo_zat.models import (
    Partnerlid,
    Partnerorganisatie,
    Toestemming,
    Traject,
    TrajectGrant,
    ZatActie,
    Zatcasus,
)
from izo_zat.overleg.services import izobesluit_create
from izo_zat.partners.services import partnerlid_create
from izo_zat.zat.services import (
    GEEN_TOESTEMMING,
    doorverwijzing_create,
    toegang_intrekken,
    traject_delen,
    zat_aanmelden,
    zat_actie_create,
)
from tests.auth_helpers import log_in_verified
from zorgroute.models import AccessEvent, Rol

from .. import factories as f
from ..groepsoverzicht.test_pdf import pdf_tekst
from ..tenancy_helpers import school_checksum
from ..urlwalk import tenant_routes
from ..world import SchoolWorld
from .helpers import izo_plannen, sanne_geaccepteerd, url, verslag_schrijven

VANDAAG = timezone.localdate


def _is_a4(reader: Any) -> bool:
    """Every page A4 portrait (595 x 842 pt)."""
    return all(
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)
        for p in reader.pages
    )


def _casus_url(world: SchoolWorld) -> str:
    return url(world, "zat-casus", zatcasus_id=world.izo["casus"].pk)


def _zat_besluit_voor_sanne(world: SchoolWorld, in_school: Any) -> Any:
    traject = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    verslag = verslag_schrijven(world, in_school, overleg, traject)
    with in_school(world.school):
        return izobesluit_create(
            verslag=verslag,
            soort="zat",
            omschrijving="Multidisciplinaire blik op het verzuim.",
            user=world.users["zorgcoordinator"],
        )


# --- the consent gate ----------------------------------------------------------------------------


def test_referral_without_valid_consent_is_refused_and_nothing_is_created(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    besluit = _zat_besluit_voor_sanne(world, in_school)
    with in_school(world.school):
        zat_toestemming = Toestemming.objects.get(pk=world.izo["toestemming"].pk)
    client = login("zorgcoordinator")
    # Withdrawing the consent (the registry's own page) takes effect at once.
    client.post(url(world, "izo-toestemming-intrekken", toestemming_id=zat_toestemming.pk), {})
    pagina = url(world, "zat-aanmelden", izobesluit_id=besluit.pk)
    assert "Er is geen geldige toestemming" in client.get(pagina).content.decode()
    response = client.post(pagina, {})
    assert response.status_code == 400
    assert GEEN_TOESTEMMING in response.content.decode()
    with in_school(world.school):
        assert not Zatcasus.objects.filter(izobesluit=besluit).exists()
        assert Traject.objects.get(pk=besluit.verslag.traject_id).zorgniveau == "2"


def test_referral_with_consent_opens_the_case_at_level_3_on_the_next_zat(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    besluit = _zat_besluit_voor_sanne(world, in_school)
    response = login("zorgcoordinator").post(
        url(world, "zat-aanmelden", izobesluit_id=besluit.pk), {}
    )
    assert response.status_code == 302
    with in_school(world.school):
        casus = Zatcasus.objects.get(izobesluit=besluit)
        assert casus.toestemming_id == world.izo["toestemming"].pk
        assert casus.vraag == "Multidisciplinaire blik op het verzuim."
        assert Traject.objects.get(pk=casus.traject_id).zorgniveau == "3"
    assert response["Location"] == url(world, "zat-casus", zatcasus_id=casus.pk)
    # On the agenda of the world's planned ZAT (in two weeks), as a new case.
    agenda = (
        login("zorgcoordinator")
        .get(url(world, "zat-overleg-detail", zatoverleg_id=world.izo["zat_overleg"].pk))
        .context["agenda"]
    )
    assert {(a.casus.pk, a.soort) for a in agenda} >= {(casus.pk, "nieuw")}
    # A second referral of the same decision is refused.
    again = login("zorgcoordinator").post(url(world, "zat-aanmelden", izobesluit_id=besluit.pk))
    assert again.status_code == 400


def test_only_an_izo_zat_decision_refers(world: SchoolWorld, in_school: Any) -> None:
    from django.core.exceptions import ValidationError

    traject = sanne_geaccepteerd(world, in_school)
    overleg = izo_plannen(world, in_school, datum=VANDAAG() + dt.timedelta(days=3))
    verslag = verslag_schrijven(world, in_school, overleg, traject)
    with in_school(world.school):
        besluit = izobesluit_create(
            verslag=verslag, soort="ouders", omschrijving="SMW", user=world.users["zorgcoordinator"]
        )
        with pytest.raises(ValidationError):
            zat_aanmelden(izobesluit=besluit, user=world.users["zorgcoordinator"])


# --- what a partner sees, and until when ---------------------------------------------------------


def test_partner_sees_the_shared_case_and_nothing_else(world: SchoolWorld, login: Any) -> None:
    client = login("zat_lid")
    lijst = client.get(url(world, "zat-casus-list")).content.decode()
    assert world.andere_leerling.volledige_naam in lijst
    assert world.leerling.achternaam not in lijst
    response = client.get(_casus_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hoe ondersteunen we het gezin bij de thuissituatie?" in body  # the question
    assert "Gesprek met ouders over slaap en opvoeding" in body  # the GGD's action
    assert "Gedeeld met" not in body  # who else it is shared with is the school's business
    assert "Acute zorg na een incident thuis" not in body  # the traject page itself is not shared
    # Daan's dossier, class and trajecten stay closed.
    assert (
        client.get(
            url(world, "leerling-detail", leerling_uuid=world.andere_leerling.uuid)
        ).status_code
        == 404
    )
    assert (
        client.get(url(world, "izo-traject-detail", traject_id=world.izo["traject"].pk)).status_code
        == 403
    )
    assert client.get(url(world, "groep-detail", groep_id=world.andere_groep.pk)).status_code == 403
    # Home: the shared case and the GGD's action.
    home = client.get(url(world, "home")).content.decode()
    assert "Met mij gedeelde ZAT-casussen" in home and "Mijn acties uit het plan van aanpak" in home


def test_partner_read_is_in_the_access_log_on_behalf_of_the_organisation(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    login("zat_lid").get(_casus_url(world))
    with in_school(world.school):
        event = AccessEvent.objects.filter(
            gebruiker=world.users["zat_lid"], leerling=world.andere_leerling
        ).get()
    assert event.namens == "GGD Regio" and event.pagina == "zat-casus"


def _partner_ziet_niets(client: Any, world: SchoolWorld) -> None:
    for naam, kwargs in (
        ("zat-casus", {"zatcasus_id": world.izo["casus"].pk}),
        ("zat-plan-pdf", {"zatcasus_id": world.izo["casus"].pk}),
        ("zat-actie-update", {"zatactie_id": world.izo["zat_actie"].pk}),
        (
            "zat-verslag",
            {"zatoverleg_id": world.izo["zat_overleg"].pk, "zatcasus_id": world.izo["casus"].pk},
        ),
    ):
        assert client.get(url(world, naam, **kwargs)).status_code == 404, naam
    lijst = client.get(url(world, "zat-casus-list")).content.decode()
    assert world.andere_leerling.volledige_naam not in lijst


def test_withdrawn_consent_ends_the_partners_access_at_once(world: SchoolWorld, login: Any) -> None:
    assert login("zat_lid").get(_casus_url(world)).status_code == 200
    toestemming = world.izo["toestemming_daan"]
    response = login("zorgcoordinator").post(
        url(world, "izo-toestemming-intrekken", toestemming_id=toestemming.pk),
        {"toelichting": "Vader belde: geen toestemming meer."},
    )
    assert response.status_code == 302
    _partner_ziet_niets(login("zat_lid"), world)
    # The school itself still works on the case, and sees why partners are out.
    body = login("zorgcoordinator").get(_casus_url(world)).content.decode()
    assert "partners zien de casus niet meer" in body


def test_an_expired_grant_ends_access(world: SchoolWorld, login: Any, in_school: Any) -> None:
    with in_school(world.school):
        TrajectGrant.objects.filter(pk=world.izo["grant"].pk).update(
            geldig_tot=VANDAAG() - dt.timedelta(days=1)
        )
    _partner_ziet_niets(login("zat_lid"), world)


def test_a_revoked_grant_ends_access(world: SchoolWorld, login: Any) -> None:
    response = login("zorgcoordinator").post(
        url(world, "zat-toegang-intrekken", grant_id=world.izo["grant"].pk)
    )
    assert response.status_code == 302
    _partner_ziet_niets(login("zat_lid"), world)


def test_closing_the_case_ends_access(world: SchoolWorld, login: Any) -> None:
    client = login("zorgcoordinator")
    pagina = url(world, "zat-casus-afsluiten", zatcasus_id=world.izo["casus"].pk)
    leeg = client.post(pagina, {"version": world.izo["casus"].versie})
    assert leeg.status_code == 400
    assert leeg.context["form"].errors["afsluitreden"] == [
        "Schrijf op waarom de casus wordt afgesloten."
    ]
    response = client.post(
        pagina, {"version": world.izo["casus"].versie, "afsluitreden": "Hulp loopt via CJG."}
    )
    assert response.status_code == 302
    _partner_ziet_niets(login("zat_lid"), world)


def test_unlinking_a_member_withdraws_their_grants(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    response = login("zorgcoordinator").post(
        url(world, "izo-partnerlid-delete", partnerlid_id=world.izo["partnerlid"].pk)
    )
    assert response.status_code == 302
    with in_school(world.school):
        assert not Partnerlid.objects.filter(gebruiker=world.users["zat_lid"]).exists()
        assert TrajectGrant.objects.get(pk=world.izo["grant"].pk).ingetrokken_op is not None
    _partner_ziet_niets(login("zat_lid"), world)


# --- sharing -------------------------------------------------------------------------------------


def _nieuw_zat_lid(world: SchoolWorld, in_school: Any, *, organisatie: str) -> Any:
    user = f.GebruikerFactory(email=f"{organisatie.lower().replace(' ', '')}@partner.example.org")
    f.LidmaatschapFactory(school=world.school, gebruiker=user, rol=Rol.ZAT_LID)
    with in_school(world.school):
        partner = Partnerorganisatie.objects.create(
            school=world.school, naam=organisatie, soort="smw"
        )
        partnerlid_create(partner=partner, gebruiker=user, functie="SMW'er")
    return user


def test_sharing_is_for_partner_members_and_never_outlasts_consent(
    world: SchoolWorld, login: Any, in_school: Any, django_capture_on_commit_callbacks: Any
) -> None:
    smw = _nieuw_zat_lid(world, in_school, organisatie="SMW Noord")
    client = login("zorgcoordinator")
    pagina = url(world, "zat-delen", zatcasus_id=world.izo["casus"].pk)
    # A teacher is no partner member: not offered.
    response = client.post(
        pagina, {"gebruiker": world.users["docent"].pk, "geldig_tot": VANDAAG().isoformat()}
    )
    assert response.status_code == 400 and "gebruiker" in response.context["delen_form"].errors
    # Daan's consent lasts 180 days; access cannot last longer.
    te_lang = VANDAAG() + dt.timedelta(days=400)
    response = client.post(pagina, {"gebruiker": smw.pk, "geldig_tot": te_lang.isoformat()})
    assert response.status_code == 400
    assert "kan niet langer gelden dan de toestemming" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            pagina,
            {
                "gebruiker": smw.pk,
                "geldig_tot": (VANDAAG() + dt.timedelta(days=30)).isoformat(),
                "deelt_izo_verslagen": "on",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[smw.email]]
    assert world.andere_leerling.achternaam not in mail.outbox[0].body  # no names by mail
    assert "/zat/casussen/" in mail.outbox[0].body
    log_in_verified(client, smw)
    body = client.get(_casus_url(world)).content.decode()
    assert "Uit de aanmelding" not in body  # the aanmelding was not shared with this member


def test_sharing_again_renews_the_members_grant(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """The world's ZAT member already has a grant on the case; sharing again (to extend it,
    also after a revocation) renews that one row instead of failing on guardian's unique
    (member, permission, traject)."""
    grant = world.izo["grant"]
    with in_school(world.school):
        toegang_intrekken(grant=grant)
    verder = VANDAAG() + dt.timedelta(days=20)
    response = login("zorgcoordinator").post(
        url(world, "zat-delen", zatcasus_id=world.izo["casus"].pk),
        {"gebruiker": world.users["zat_lid"].pk, "geldig_tot": verder.isoformat()},
    )
    assert response.status_code == 302
    with in_school(world.school):
        grants = list(TrajectGrant.objects.filter(user=world.users["zat_lid"]))
        assert [(g.pk, g.geldig_tot, g.ingetrokken_op) for g in grants] == [
            (grant.pk, verder, None)
        ]
        assert grants[0].history.count() >= 3  # shared, revoked, renewed


def test_partner_without_a_grant_gets_nothing_from_any_url(
    world: SchoolWorld, client: Any, in_school: Any
) -> None:
    """A ZAT-lid of another organisation, without any grant, tries every tenant URL of the
    school with the world's ids, GET and POST: never a pupil's name, never a change."""
    buiten = _nieuw_zat_lid(world, in_school, organisatie="Leerplicht Oost")
    log_in_verified(client, buiten)
    namen = [world.leerling.achternaam, world.andere_leerling.achternaam]
    ids = {"school": world.school.slug, **world.objects_by_kwarg()}
    before = school_checksum(world.school)
    open_paginas = {"home", "zat-casus-list", "zat-overleg-list"}
    for route in tenant_routes():
        page = route.url(ids)
        response = client.get(page)
        if route.name in open_paginas:
            assert response.status_code == 200, page
            assert not any(n in response.content.decode() for n in namen), page
        else:
            assert response.status_code in (403, 404), page
        with transaction.atomic():
            status = client.post(page, {}).status_code
            transaction.set_rollback(True)
        assert status in (403, 404), (page, status)
    assert school_checksum(world.school) == before


# --- the ZAT meeting, the plan van aanpak, referrals ---------------------------------------------


def test_zat_report_and_closing_move_the_case_to_its_evaluation_date(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    casus, overleg = world.izo["casus"], world.izo["zat_overleg"]
    client = login("zorgcoordinator")
    pagina = url(world, "zat-verslag", zatoverleg_id=overleg.pk, zatcasus_id=casus.pk)
    with in_school(world.school):
        verslag = type(world.izo["zat_verslag"]).objects.get(pk=world.izo["zat_verslag"].pk)
    evaluatie = overleg.datum + dt.timedelta(days=56)
    response = client.post(
        pagina,
        {
            "version": verslag.versie,
            "analyse": "Slaapproblemen en opvoedvragen; school ziet vermoeidheid.",
            "richting_gezin": "Opvoedondersteuning via het CJG.",
            "samenvatting": "GGD spreekt ouders; SMW ondersteunt thuis.",
            "evaluatiedatum": evaluatie.isoformat(),
        },
    )
    assert response.status_code == 302
    # The invited partner reads along but cannot write.
    partner = login("zat_lid")
    lezen = partner.get(pagina)
    assert lezen.status_code == 200 and "Slaapproblemen" in lezen.content.decode()
    assert partner.post(pagina, {"version": "", "analyse": "x"}).status_code == 403
    client = login("zorgcoordinator")
    response = client.post(url(world, "zat-overleg-afsluiten", zatoverleg_id=overleg.pk), {})
    assert response.status_code == 302
    with in_school(world.school):
        fresh = Zatcasus.objects.get(pk=casus.pk)
    assert (fresh.status, fresh.zat_datum) == ("lopend", evaluatie)
    # The closed meeting's report is on the case page for the partner too.
    assert "GGD spreekt ouders" in login("zat_lid").get(_casus_url(world)).content.decode()


def test_the_partner_reports_progress_on_their_organisations_action(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    actie = world.izo["zat_actie"]
    pagina = url(world, "zat-actie-update", zatactie_id=actie.pk)
    client = login("zat_lid")
    response = client.post(
        pagina, {"version": actie.versie, "status": "gedaan", "voortgang": "Gesprek gehad."}
    )
    assert response.status_code == 302
    with in_school(world.school):
        fresh = ZatActie.objects.get(pk=actie.pk)
    assert (fresh.status, fresh.voortgang, fresh.bijgewerkt_door_id) == (
        "gedaan",
        "Gesprek gehad.",
        world.users["zat_lid"].pk,
    )
    # A stale save is refused with both versions shown.
    stale = client.post(pagina, {"version": actie.versie, "status": "open", "voortgang": "Oud."})
    assert stale.status_code == 409
    assert "Gesprek gehad." in stale.content.decode() and "Oud." in stale.content.decode()


def test_a_member_of_another_organisation_cannot_update_the_action(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    smw = _nieuw_zat_lid(world, in_school, organisatie="SMW Zuid")
    with in_school(world.school):
        traject_delen(
            casus=world.izo["casus"],
            gebruiker=smw,
            geldig_tot=VANDAAG() + dt.timedelta(days=10),
            user=world.users["zorgcoordinator"],
        )
    client = login("zat_lid")
    log_in_verified(client, smw)
    assert client.get(_casus_url(world)).status_code == 200
    pagina = url(world, "zat-actie-update", zatactie_id=world.izo["zat_actie"].pk)
    assert client.get(pagina).status_code == 403


def test_plan_of_approach_and_referral_errors_are_dutch(world: SchoolWorld, login: Any) -> None:
    client = login("zorgcoordinator")
    response = client.post(url(world, "zat-actie-create", zatcasus_id=world.izo["casus"].pk), {})
    assert response.status_code == 400
    fouten = response.context["actie_form"].errors
    assert fouten["wat"] == ["Schrijf op wat er gebeurt."]
    assert fouten["deadline"] == ["Kies vóór wanneer."]
    assert fouten["partner"] == ["Kies een organisatie of een persoon."]
    response = client.post(
        url(world, "zat-doorverwijzing-create", zatcasus_id=world.izo["casus"].pk),
        {"soort": "", "toelichting": "Mijn toelichting"},
    )
    assert response.status_code == 400
    assert "Mijn toelichting" in response.content.decode()


def test_referral_out_is_recorded_with_its_status(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    client = login("zorgcoordinator")
    response = client.post(
        url(world, "zat-doorverwijzing-create", zatcasus_id=world.izo["casus"].pk),
        {"soort": "ambulant", "partner": world.izo["partner"].pk, "toelichting": "Via het SWV."},
    )
    assert response.status_code == 302
    d = world.izo["doorverwijzing"]
    response = client.post(
        url(world, "zat-doorverwijzing-update", doorverwijzing_id=d.pk),
        {"version": d.versie, "status": "toegekend", "toelichting": "Start in januari."},
    )
    assert response.status_code == 302
    body = client.get(_casus_url(world)).content.decode()
    assert "Ambulante begeleiding" in body and "Toegekend" in body
    # On the pupil's dossier timeline for the zorgcoördinator.
    leerling = client.get(url(world, "leerling-detail", leerling_uuid=world.andere_leerling.uuid))
    assert "Doorverwijzing vanuit het ZAT" in leerling.content.decode()


def test_casusregie_and_feedback(world: SchoolWorld, login: Any, in_school: Any) -> None:
    casus = world.izo["casus"]
    response = login("zorgcoordinator").post(
        url(world, "zat-casus-update", zatcasus_id=casus.pk),
        {
            "version": casus.versie,
            "casusregisseur": world.users["zat_lid"].pk,
            "terugkoppeling_ouders_door": world.users["zorgcoordinator"].pk,
            "terugkoppeling_school_door": world.users["zat_lid"].pk,
            "terugkoppeling_ouders": "Gesprek op 12 december.",
        },
    )
    assert response.status_code == 302
    body = login("zat_lid").get(_casus_url(world)).content.decode()
    assert "Gesprek op 12 december." in body
    assert body.count(world.users["zat_lid"].volledige_naam) >= 2


def test_a_stale_casusregie_names_the_colleague_and_keeps_the_input(
    world: SchoolWorld, login: Any
) -> None:
    """A second save with the version the user saw gets the 409 notice: the colleague's
    name, both texts, and a link back to the case page (the form posts elsewhere)."""
    casus = world.izo["casus"]
    pagina = url(world, "zat-casus-update", zatcasus_id=casus.pk)
    client = login("zorgcoordinator")
    data = {"version": casus.versie, "terugkoppeling_ouders": "Gesprek op 12 december."}
    assert client.post(pagina, data).status_code == 302
    stale = client.post(pagina, {**data, "terugkoppeling_ouders": "Mijn oude tekst."})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Gesprek op 12 december." in body and "Mijn oude tekst." in body
    assert world.users["zorgcoordinator"].volledige_naam in body
    assert f'href="{_casus_url(world)}#regie"' in body


def test_zat_plan_pdf(world: SchoolWorld, login: Any) -> None:
    response = login("zat_lid").get(url(world, "zat-plan-pdf", zatcasus_id=world.izo["casus"].pk))
    assert response.status_code == 200
    reader, tekst = pdf_tekst(response.content)
    assert _is_a4(reader)
    for stuk in (
        "ZAT: plan van aanpak",
        world.andere_leerling.volledige_naam,
        "Hoe ondersteunen we het gezin bij de thuissituatie?",
        "Gesprek met ouders over slaap en opvoeding",
        "GGD Regio",
        "Opvoedingsondersteuning ouders",
    ):
        assert stuk in tekst, stuk


# --- query counts --------------------------------------------------------------------------------


#: Page basics (8), the case with its relations, the rights (whether the traject is visible),
#: actions, reports, referrals, grants with their members, the valid consent, the class, the
#: shared parts (aanmelding, IZO reports, OPP), the access log, and for the zorgcoördinator's
#: forms who may be named (2) and one query per select (partners, people).
CASUS_QUERIES = 30


def test_case_page_query_count_does_not_grow(
    world: SchoolWorld, login: Any, in_school: Any, django_assert_num_queries: Any
) -> None:
    client = login("zorgcoordinator")
    pagina = _casus_url(world)
    client.get(pagina)
    with django_assert_num_queries(CASUS_QUERIES):
        response = client.get(pagina)
    assert len(response.context["acties"]) == 1
    with in_school(world.school):
        casus = Zatcasus.objects.get(pk=world.izo["casus"].pk)
        for i in range(5):
            zat_actie_create(
                casus=casus,
                wat=f"Actie {i}",
                partner=world.izo["partner"],
                uitvoerder=world.users["zat_lid"],
                deadline=VANDAAG() + dt.timedelta(days=i + 1),
                user=world.users["zorgcoordinator"],
            )
            doorverwijzing_create(casus=casus, soort="ggz", user=world.users["zorgcoordinator"])
    with django_assert_num_queries(CASUS_QUERIES):
        response = client.get(pagina)
    assert len(response.context["acties"]) == 6
