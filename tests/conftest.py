from __future__ import annotations

import pytest
from django.test import Client

from zorgroute.tenancy.db import tenant_context

from .webhook_receiver import receiver  # noqa: F401  (a fixture: a real HTTP receiver)
from .world import SchoolWorld, add_outsider, build_school


@pytest.fixture
def school_a(db: None) -> SchoolWorld:
    return build_school("alfa")


@pytest.fixture
def school_b(db: None) -> SchoolWorld:
    return build_school("beta")


@pytest.fixture
def world(school_a: SchoolWorld, school_b: SchoolWorld) -> SchoolWorld:
    """School A with every persona, plus an outsider who has every role in school B."""
    add_outsider(school_a, school_b)
    return school_a


@pytest.fixture
def login(client: Client, world: SchoolWorld):  # type: ignore[no-untyped-def]
    """login("mentor") → a test client logged in as that persona of school A."""

    def _login(persona: str) -> Client:
        client.force_login(world.users[persona])
        return client

    return _login


@pytest.fixture
def in_school():  # type: ignore[no-untyped-def]
    """`with in_school(school): …` to read or write one school's rows in a test."""

    def _in_school(school):  # type: ignore[no-untyped-def]
        return tenant_context(school.pk)

    return _in_school
