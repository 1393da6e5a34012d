"""Property test: the SQL visibility filters agree with the need-to-know rules written out
plainly in Python, and with the per-object access helper, on many random schools."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from zorgroute import access
from zorgroute import models as m
from zorgroute.tenancy.context import TenantContext
from zorgroute.tenancy.db import tenant_context

from .. import factories as f

ROLES = [m.Rol.DOCENT, m.Rol.ZORGCOORDINATOR, m.Rol.TEAMLEIDER, m.Rol.SCHOOLLEIDER, m.Rol.ZAT_LID]


def _random_school(rng: random.Random) -> dict[str, Any]:
    today = timezone.localdate()
    school = f.SchoolFactory()
    jaar = f.SchooljaarFactory(school=school)
    afdelingen = [f.AfdelingFactory(school=school) for _ in range(2)]
    groepen = [
        f.GroepFactory(schooljaar=jaar, afdeling=rng.choice([*afdelingen, None])) for _ in range(3)
    ]
    leerlingen = [f.LeerlingFactory(school=school) for _ in range(6)]
    placed = _random_plaatsingen(rng, groepen, leerlingen, today)
    users = [
        _random_user(rng, school, jaar, afdelingen, groepen, leerlingen, today) for _ in range(4)
    ]
    groep_afdeling = {g.pk: g.afdeling_id for g in groepen}
    return {
        "school": school,
        "leerlingen": leerlingen,
        "placed": placed,
        "users": users,
        "groep_afdeling": groep_afdeling,
        "toestemming": _random_toestemmingen(rng, school, leerlingen, today),
    }


def _random_toestemmingen(
    rng: random.Random, school: Any, leerlingen: list[Any], today: dt.date
) -> set[int]:
    """Consent for a ZAT bespreking for about half the pupils, some of it withdrawn;
    returns the pupils with valid consent (a ZAT-lid's grant holds only for them)."""
    from izo_zat.models import Toestemming

    met_toestemming: set[int] = set()
    vastgelegd_door = f.GebruikerFactory()
    for leerling in leerlingen:
        kans = rng.random()
        if kans < 0.65:
            ingetrokken = kans >= 0.5
            f.create_in_school(
                Toestemming,
                school=school,
                leerling=leerling,
                doel="zat",
                gegeven_door="ouder",
                naam_gever="Ouder",
                gegeven_op=today - dt.timedelta(days=10),
                geldig_tot=today + dt.timedelta(days=10),
                ingetrokken_op=timezone.now() if ingetrokken else None,
                vastgelegd_door=vastgelegd_door,
            )
            if not ingetrokken:
                met_toestemming.add(leerling.pk)
    return met_toestemming


def _random_plaatsingen(
    rng: random.Random, groepen: list[Any], leerlingen: list[Any], today: dt.date
) -> dict[int, int]:
    """Most pupils placed, some of them ended yesterday; returns the current groep of each
    pupil placed now."""
    placed: dict[int, int] = {}
    for leerling in leerlingen:
        if rng.random() < 0.85:
            groep = rng.choice(groepen)
            ended = rng.random() < 0.2
            f.PlaatsingFactory(
                groep=groep,
                leerling=leerling,
                einddatum=today - dt.timedelta(days=1) if ended else None,
            )
            if not ended:
                placed[leerling.pk] = groep.pk
    return placed


def _random_user(
    rng: random.Random,
    school: Any,
    jaar: Any,
    afdelingen: list[Any],
    groepen: list[Any],
    leerlingen: list[Any],
    today: dt.date,
) -> dict[str, Any]:
    user = f.GebruikerFactory()
    roles = rng.sample(ROLES, k=rng.randint(1, 2))
    afdeling_of = {}
    for rol in roles:
        afdeling = rng.choice([*afdelingen, None]) if rol == m.Rol.TEAMLEIDER else None
        f.LidmaatschapFactory(school=school, gebruiker=user, rol=rol, afdeling=afdeling)
        afdeling_of[rol] = afdeling
    mentor_of = {g.pk for g in groepen if rng.random() < 0.3}
    for pk in mentor_of:
        f.MentoraatFactory(groep=next(g for g in groepen if g.pk == pk), gebruiker=user)
    teaches = set()
    for groep in groepen:
        if rng.random() < 0.3:
            lesgroep = f.LesgroepFactory(groep=groep)
            f.LesgroepdocentFactory(lesgroep=lesgroep, gebruiker=user)
            teaches.add(groep.pk)
    return {
        "user": user,
        "roles": set(roles),
        "afdelingen": {a.pk for r, a in afdeling_of.items() if a is not None},
        "teamleider_school": m.Rol.TEAMLEIDER in roles and afdeling_of[m.Rol.TEAMLEIDER] is None,
        "groepen": mentor_of | teaches,
        "cluster": _random_cluster(rng, school, jaar, user, leerlingen),
        "granted": _random_grants(rng, user, leerlingen, today),
    }


def _random_cluster(
    rng: random.Random, school: Any, jaar: Any, user: Any, leerlingen: list[Any]
) -> set[int]:
    """Sometimes a cluster lesgroep of two pupils that `user` teaches."""
    cluster: set[int] = set()
    if rng.random() < 0.3:
        lesgroep = f.LesgroepFactory(groep=None, schooljaar=jaar, school=school)
        f.LesgroepdocentFactory(lesgroep=lesgroep, gebruiker=user)
        for leerling in rng.sample(leerlingen, k=2):
            f.ClusterplaatsingFactory(lesgroep=lesgroep, leerling=leerling)
            cluster.add(leerling.pk)
    return cluster


def _random_grants(
    rng: random.Random, user: Any, leerlingen: list[Any], today: dt.date
) -> set[int]:
    """Up to two grants, some of them expired; returns the pupils still granted."""
    granted: set[int] = set()
    for leerling in rng.sample(leerlingen, k=rng.randint(0, 2)):
        valid = rng.random() < 0.7
        f.LeerlingGrantFactory(
            content_object=leerling,
            user=user,
            geldig_tot=today + dt.timedelta(days=5 if valid else -5),
        )
        if valid:
            granted.add(leerling.pk)
    return granted


def _expected(world: dict[str, Any], u: dict[str, Any]) -> set[int]:
    """DOMAIN.md's need-to-know table, written out without any ORM."""
    roles = u["roles"]
    every = {leerling.pk for leerling in world["leerlingen"]}
    if m.Rol.ZORGCOORDINATOR in roles or u["teamleider_school"]:
        return every
    # Without dossier rights, a schoolleider alone sees no pupil; a ZAT-lid sees grants only.
    relational = roles & {m.Rol.DOCENT, m.Rol.TEAMLEIDER}
    seen = set(u["granted"]) if roles & {m.Rol.DOCENT, m.Rol.TEAMLEIDER, m.Rol.ZAT_LID} else set()
    if m.Rol.ZAT_LID in roles:  # a ZAT partner's grant holds only with the pupil's consent
        seen &= world["toestemming"]
    if relational:
        for leerling_pk, groep_pk in world["placed"].items():
            in_afdeling = world["groep_afdeling"][groep_pk] in u["afdelingen"]
            if groep_pk in u["groepen"] or (m.Rol.TEAMLEIDER in roles and in_afdeling):
                seen.add(leerling_pk)
        seen |= u["cluster"]
    return seen


@pytest.mark.parametrize("seed", range(12))
def test_visibility_filters_match_the_rules_and_the_object_check(db: None, seed: int) -> None:
    rng = random.Random(seed)
    world = _random_school(rng)
    school = world["school"]
    with tenant_context(school.pk):
        for u in world["users"]:
            lids = list(m.Lidmaatschap.objects.filter(gebruiker=u["user"]))
            ctx = TenantContext.build(school, u["user"], lids)
            in_sql = set(access.visible_leerlingen(ctx).values_list("pk", flat=True))
            assert in_sql == _expected(world, u), (seed, u["roles"])
            request = RequestFactory().get("/")
            request.tenant = ctx  # type: ignore[attr-defined]
            for leerling in world["leerlingen"]:
                try:
                    access.access_leerling(request, leerling.uuid)
                    allowed = True
                except Http404:
                    allowed = False
                assert allowed == (leerling.pk in in_sql)
