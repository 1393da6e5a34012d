"""A ZAT partner's pupil grant is tied to consent (issue 19): the ZAT-lid sees the pupil the
zorgcoördinator shared while the parents' consent holds; withdrawing it ends the grant in the
same transaction, and every check also reads the consent (an expired consent ends access
without any write). Every pupil URL is then a 404 for the partner."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from izo_zat.models import Toestemming, TrajectGrant
from izo_zat.partners.services import partnerlid_delete
from izo_zat.toestemming.services import toestemming_intrekken, toestemming_vastleggen
from tests import factories as f
from tests.urlwalk import tenant_routes
from tests.world import SchoolWorld
from zorgroute.models import LeerlingGrant

pytestmark = pytest.mark.django_db


def _pupil_urls(world: SchoolWorld) -> list[str]:
    values = world.objects_by_kwarg()
    return [
        route.url({"school": world.school.slug, **values})
        for route in tenant_routes()
        if "leerling_uuid" in route.kwargs
    ]


def _detail(world: SchoolWorld) -> str:
    return f"/{world.school.slug}/leerlingen/{world.leerling.uuid}/"


def _grant(world: SchoolWorld, in_school: Any) -> LeerlingGrant:
    with in_school(world.school):
        return LeerlingGrant.objects.get(user=world.users["zat_lid"], content_object=world.leerling)


def test_withdrawing_consent_ends_the_partners_grant_and_every_pupil_url_is_404(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    partner = login("zat_lid")
    response = partner.get(_detail(world))
    assert response.status_code == 200
    assert world.leerling.achternaam in response.content.decode()
    before = {url: partner.get(url).status_code for url in _pupil_urls(world)}
    assert before[_detail(world)] == 200

    toestemming = world.izo["toestemming"]
    intrekken = f"/{world.school.slug}/izo/toestemmingen/{toestemming.pk}/intrekken/"
    response = login("zorgcoordinator").post(intrekken, {"toelichting": "Ouders trekken in."})
    assert response.status_code == 302

    grant = _grant(world, in_school)
    assert grant.ingetrokken_op is not None
    with in_school(world.school):
        assert Toestemming.objects.get(pk=toestemming.pk).ingetrokken_op == grant.ingetrokken_op
        # Daan's traject stays shared: his parents' consent holds.
        assert TrajectGrant.objects.valid().filter(pk=world.izo["grant"].pk).exists()
    partner = login("zat_lid")
    after = {url: partner.get(url).status_code for url in _pupil_urls(world)}
    assert after[_detail(world)] == 404
    assert all(status in (403, 404) for status in after.values()), after
    assert {url for url, status in before.items() if status == 200} <= {
        url for url, status in after.items() if status == 404
    }


def test_the_check_reads_the_consent_even_when_the_grant_still_stands(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """Defence in depth: consent that expired (no withdrawal, so no grant was ended)."""
    with in_school(world.school):
        Toestemming.objects.filter(pk=world.izo["toestemming"].pk).update(
            geldig_tot=timezone.localdate() - dt.timedelta(days=1),
            gegeven_op=timezone.localdate() - dt.timedelta(days=30),
        )
    assert _grant(world, in_school).ingetrokken_op is None
    assert login("zat_lid").get(_detail(world)).status_code == 404


def test_consent_to_share_with_the_partners_own_organisation_keeps_the_grant(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    today = timezone.localdate()
    with in_school(world.school):
        ander = f.create_in_school(
            type(world.izo["partner"]), school=world.school, naam="Wijkteam", soort="wijkteam"
        )
        for partner in (world.izo["partner"], ander):
            toestemming_vastleggen(
                leerling=world.leerling,
                doel="delen",
                partner=partner,
                gegeven_door="ouder",
                naam_gever="M. Jansen",
                gegeven_op=today,
                geldig_tot=today + dt.timedelta(days=30),
                user=world.users["zorgcoordinator"],
            )
        toestemming_intrekken(toestemming=world.izo["toestemming"], toelichting="")
    assert _grant(world, in_school).ingetrokken_op is None  # GGD Regio may still see her
    assert login("zat_lid").get(_detail(world)).status_code == 200
    with in_school(world.school):
        delen = Toestemming.objects.get(doel="delen", partner=world.izo["partner"])
        toestemming_intrekken(toestemming=delen, toelichting="")
    # Only the Wijkteam's consent is left: not for GGD Regio's member.
    assert _grant(world, in_school).ingetrokken_op is not None
    assert login("zat_lid").get(_detail(world)).status_code == 404


def test_a_staff_grant_does_not_depend_on_consent(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    """A remedial teacher's grant on a pupil without any consent."""
    with in_school(world.school):
        f.LeerlingGrantFactory(
            content_object=world.andere_leerling,
            user=world.users["docent"],
            verleend_door=world.users["zorgcoordinator"],
        )
        toestemming_intrekken(toestemming=world.izo["toestemming_daan"], toelichting="")
    url = f"/{world.school.slug}/leerlingen/{world.andere_leerling.uuid}/"
    assert login("docent").get(url).status_code == 200


def test_withdrawing_zat_consent_also_ends_the_shared_traject(
    world: SchoolWorld, in_school: Any
) -> None:
    with in_school(world.school):
        toestemming_intrekken(toestemming=world.izo["toestemming_daan"], toelichting="")
        assert not TrajectGrant.objects.valid().filter(pk=world.izo["grant"].pk).exists()


def test_unlinking_a_partner_member_ends_their_pupil_grants(
    world: SchoolWorld, login: Any, in_school: Any
) -> None:
    with in_school(world.school):
        assert partnerlid_delete(partnerlid=world.izo["partnerlid"]) == 2
    assert _grant(world, in_school).ingetrokken_op is not None
    assert login("zat_lid").get(_detail(world)).status_code == 404
