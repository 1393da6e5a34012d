"""Every API list endpoint costs the same number of queries at page size 10 and 100, with
more than 100 rows of each kind (pinned exactly)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from besprekingen.models import Bespreking
from groepsoverzicht import models as go
from groepsplan import models as gp
from tests.world import SchoolWorld
from zorgroute import models as m
from zorgroute.tenancy.db import tenant_context

from .conftest import Api

pytestmark = pytest.mark.django_db

N = 110


def _grow(world: SchoolWorld) -> None:
    """N classes, each with a pupil (external id), an overview with a signal and a need, a
    plan with a plangroep, member, goal and evaluation, and a closed groepsbespreking; N
    toetsmomenten and N periodes."""
    school, user = world.school, world.users["mentor"]
    jaar = world.schooljaar
    with tenant_context(school.pk):
        groepen = m.Groep.objects.bulk_create(
            m.Groep(school=school, schooljaar=jaar, naam=f"9Q{i}", leerjaar=1, niveau="havo")
            for i in range(N)
        )
        leerlingen = m.Leerling.objects.bulk_create(
            m.Leerling(
                school=school,
                voornaam="Kim",
                achternaam=f"Q{i}",
                geboortedatum=dt.date(2013, 1, 1),
            )
            for i in range(N)
        )
        m.LeerlingExternId.objects.bulk_create(
            m.LeerlingExternId(school=school, leerling=ll, bron="magister", extern_id=f"q-{i}")
            for i, ll in enumerate(leerlingen)
        )
        overzichten = go.Groepsoverzicht.objects.bulk_create(
            go.Groepsoverzicht(
                school=school, groep=g, periode=world.periode, cyclus="A", aangemaakt_door=user
            )
            for g in groepen
        )
        regels = go.Overzichtregel.objects.bulk_create(
            go.Overzichtregel(school=school, groepsoverzicht=o, leerling=ll)
            for o, ll in zip(overzichten, leerlingen, strict=True)
        )
        go.Signalering.objects.bulk_create(
            go.Signalering(school=school, regel=r, reden="achterstand", uitleg="BL onder III")
            for r in regels
        )
        go.Onderwijsbehoefte.objects.bulk_create(
            go.Onderwijsbehoefte(school=school, regel=r, soort="didactisch", behoefte="uitleg")
            for r in regels
        )
        plannen = gp.Groepsplan.objects.bulk_create(
            gp.Groepsplan(
                school=school,
                groepsoverzicht=o,
                format="a",
                startdatum=world.periode.startdatum,
                einddatum=world.periode.einddatum,
                aangemaakt_door=user,
            )
            for o in overzichten
        )
        plangroepen = gp.Plangroep.objects.bulk_create(
            gp.Plangroep(school=school, groepsplan=p, deel="basis", soort="sub", naam="Sub")
            for p in plannen
        )
        gp.Plangroeplid.objects.bulk_create(
            gp.Plangroeplid(school=school, plangroep=pg, leerling=ll)
            for pg, ll in zip(plangroepen, leerlingen, strict=True)
        )
        doelen = gp.Plandoel.objects.bulk_create(
            gp.Plandoel(school=school, plangroep=pg, tekst="Leest vlot") for pg in plangroepen
        )
        gp.Doelevaluatie.objects.bulk_create(
            gp.Doelevaluatie(
                school=school,
                doel=d,
                leerling=ll,
                resultaat="bereikt",
                vervolg="stoppen",
                geevalueerd_door=user,
            )
            for d, ll in zip(doelen, leerlingen, strict=True)
        )
        Bespreking.objects.bulk_create(
            Bespreking(
                school=school,
                soort="groep",
                groep=o.groep,
                groepsoverzicht=o,
                datum=world.periode.einddatum,
                voorzitter=user,
                status="afgesloten",
                samenvatting="Afspraken",
                aangemaakt_door=user,
            )
            for o in overzichten
        )
        go.Toetsmoment.objects.bulk_create(
            go.Toetsmoment(
                school=school,
                instrument=world.go["instrument"],
                naam=f"Q{i}",
                datum=jaar.startdatum + dt.timedelta(days=i),
            )
            for i in range(N)
        )
        m.Periode.objects.bulk_create(
            m.Periode(
                school=school,
                schooljaar=jaar,
                naam=f"Q{i}",
                startdatum=jaar.startdatum,
                einddatum=jaar.startdatum,
            )
            for i in range(N)
        )


# Exact, including the request's own queries (savepoints and RLS state, the presented key,
# the school), the page COUNT and the prefetches; the onderwijsbehoeften and groepsplannen
# add one bulk insert into the access log.
EXPECTED = {
    "leerlingen": 9,
    "toetsmomenten": 10,
    "periodes": 9,
    "groepsoverzichten": 11,
    "onderwijsbehoeften": 10,
    "groepsplannen": 14,
    "besprekingen": 9,
}


@pytest.mark.parametrize("endpoint", sorted(EXPECTED))
def test_list_endpoints_have_flat_pinned_query_counts(
    endpoint: str, api: Api, world: SchoolWorld, django_assert_num_queries: Any
) -> None:
    _grow(world)
    api.get(f"{endpoint}/")  # first use records the last-used date
    for size in (10, 100):
        with django_assert_num_queries(EXPECTED[endpoint]):
            response = api.get(f"{endpoint}/?page_size={size}")
        assert response.status_code == 200, response.content
        assert len(response.json()["results"]) == size


def test_change_feed_has_a_flat_pinned_query_count(
    api: Api, world: SchoolWorld, django_assert_num_queries: Any
) -> None:
    _grow(world)
    with tenant_context(world.school.pk):
        past = timezone.now() - dt.timedelta(minutes=1)
        # More than 100 deletions too (one by one, as the UI deletes: a history row each).
        for behoefte in go.Onderwijsbehoefte.objects.order_by("pk")[:N]:
            behoefte.delete()
        go.Onderwijsbehoefte.history.filter(history_type="-").update(history_date=past)
        for model in (go.Groepsoverzicht, go.Onderwijsbehoefte, gp.Groepsplan, Bespreking):
            model.objects.update(updated_at=past)
    api.get("wijzigingen/")
    for limit in (10, 100):
        with django_assert_num_queries(FEED_QUERIES):
            response = api.get(f"wijzigingen/?limit={limit}")
        assert len(response.json()["wijzigingen"]) == limit
    with django_assert_num_queries(FEED_QUERIES):
        response = api.get("wijzigingen/?limit=500")
    acties = {w["actie"] for w in response.json()["wijzigingen"]}
    assert acties == {"gewijzigd", "verwijderd"}


#: The request's own queries (as for the lists) plus two per kind of object in the feed
#: (its changes and its deletions).
FEED_QUERIES = 15


def test_a_webhook_delivery_has_a_flat_pinned_query_count(
    world: SchoolWorld, receiver: Any, django_assert_num_queries: Any
) -> None:
    """A batch of the feed pushed to a receiver: the same queries for a full batch of 100
    and for a short last batch."""
    from api import webhooks
    from zorgroute.integrations.services import apiclient_create, webhook_create
    from zorgroute.models import Webhook

    _grow(world)
    with tenant_context(world.school.pk):
        client, _token = apiclient_create(
            school=world.school,
            naam="Ontvanger",
            bron="ontvanger",
            scopes=["care:read"],
            aangemaakt_door=world.users["beheerder"],
        )
        webhook, _secret = webhook_create(
            client=client, url=receiver.url, aangemaakt_door=world.users["beheerder"]
        )
        Webhook.objects.filter(pk=webhook.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=1)
        )
        past = timezone.now() - dt.timedelta(minutes=1)
        for model in (go.Groepsoverzicht, go.Onderwijsbehoefte, gp.Groepsplan, Bespreking):
            model.objects.update(updated_at=past)
    sizes = []
    while True:
        with django_assert_num_queries(WEBHOOK_QUERIES):
            uitkomst = webhooks.afleveren(school_id=world.school.pk, webhook_id=webhook.pk)
        assert uitkomst.status == "gelukt", uitkomst
        sizes.append(uitkomst.aantal)
        if not uitkomst.meer:
            break
    assert sizes[0] == webhooks.BATCH and sizes[-1] < webhooks.BATCH
    assert len(receiver.received) == len(sizes)


#: The tenant transaction (savepoint, RLS state, restore, release), the locked webhook with
#: its client and school, the feed's two queries per kind, the delivery record, the webhook.
WEBHOOK_QUERIES = 15
