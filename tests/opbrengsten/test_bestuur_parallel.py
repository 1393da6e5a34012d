"""The board view reads its schools in parallel worker connections on PostgreSQL. Here the
data is committed (a transactional test), so the workers see it: the page is the same with
one worker as with several, and a school without the user's membership is still never
read."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings

from opbrengsten import bestuur
from tests.auth_helpers import log_in_verified
from zorgroute import models as m

from .. import factories as f
from ..world import build_school
from . import data

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _tabel(page: str) -> str:
    return page[page.index('id="kop-vergelijking"') : page.index("Tabel downloaden als CSV")]


def test_parallel_board_equals_the_sequential_one_and_stays_need_to_know(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draden: list[str] = []
    origineel = bestuur._school_uitkomst

    def telt(*args: Any) -> Any:
        draden.append(threading.current_thread().name)
        return origineel(*args)

    monkeypatch.setattr(bestuur, "_school_uitkomst", telt)
    alfa = build_school("palfa")
    organisatie = alfa.school.organisatie
    leider = alfa.users["schoolleider"]
    scholen = [alfa]
    for naam, n in [("pbeta", 9), ("pgamma", 6)]:
        w = build_school(naam, organisatie=organisatie)
        f.LidmaatschapFactory(school=w.school, gebruiker=leider, rol=m.Rol.SCHOOLLEIDER)
        data.signaleer(w, data.klas(w, "2A", leerjaar=2, n=n), n)
        scholen.append(w)
    # Same board, no membership; and another board altogether.
    zonder = build_school("pdelta", organisatie=organisatie)
    data.signaleer(zonder, data.klas(zonder, "2A", leerjaar=2, n=7), 7)
    ander = build_school("pepsilon")
    client = Client()
    log_in_verified(client, leider)
    url = f"/{alfa.school.slug}/opbrengsten/bestuur/?leerjaar=2"
    paginas = {}
    for workers in (1, 2, 3):
        draden.clear()
        with override_settings(OPBRENGSTEN_BESTUUR_WERKERS=workers):
            response = client.get(url)
        assert response.status_code == 200
        paginas[workers] = response.content.decode()
        # One school after the other in the request's thread, or in worker threads.
        assert len(draden) == 3
        assert all(d.startswith("bestuur") for d in draden) == (workers > 1)
    assert _tabel(paginas[1]) == _tabel(paginas[2]) == _tabel(paginas[3])
    tabel = _tabel(paginas[2])
    rijen = re.findall(r"<tr>(.*?)</tr>", tabel, flags=re.S)
    assert [w.school.naam for w in scholen if any(f">{w.school.naam}<" in r for r in rijen)] == [
        w.school.naam for w in scholen
    ]
    assert zonder.school.naam not in paginas[2] and ander.school.naam not in paginas[2]
    beta = next(r for r in rijen if ">Pbeta College<" in r)
    assert ">9<" in beta  # pbeta's 9 signalled pupils, read by a worker in pbeta's context
    # The request's own connection is still usable and in no tenant (the workers had
    # their own connections and transactions).
    assert connection.in_atomic_block is False
