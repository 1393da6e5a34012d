"""The meeting screen: run a groepsbespreking, record per agenda point, decisions and
actions, edit the overview in place, close with the report and mail, tick actions off."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ..world import SchoolWorld


def url(world: SchoolWorld, suffix: str = "vergadering/") -> str:
    return f"/{world.school.slug}/besprekingen/{world.bs['bespreking'].pk}/{suffix}"


def test_smoke(world: SchoolWorld, login: Any) -> None:
    response = login("mentor").get(url(world))
    assert response.status_code == 200, response.content[:3000]
