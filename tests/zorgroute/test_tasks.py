"""The Celery base task re-enters the tenant: ids in, scope and RLS tenant set inside."""

from __future__ import annotations

import ast
import inspect
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker

from zorgroute import celery_app
from zorgroute import models as m
from zorgroute.tasks import TenantTask
from zorgroute.tenancy.db import tenant_context

from ..planning.workers import nieuwe_verbindingen
from ..project import project_app_configs
from ..world import SchoolWorld, build_school


@celery_app.task(base=TenantTask, name="tests.afdeling_aanmaken")
def afdeling_aanmaken(*, school_id: int, naam: str) -> int:
    """Counts the pupils the task can see (only its school's) and records that number."""
    gezien = m.Leerling.objects.count()
    m.Afdeling.objects.create(school_id=school_id, naam=f"{naam} ({gezien})")
    return gezien


def test_eager_task_runs_inside_its_school(school_a: SchoolWorld, school_b: SchoolWorld) -> None:
    result = afdeling_aanmaken.delay(school_id=school_a.school.pk, naam="Taak")
    assert result.get() == 2
    with tenant_context(school_a.school.pk):
        assert m.Afdeling.objects.filter(naam="Taak (2)").exists()
    with tenant_context(school_b.school.pk):
        assert not m.Afdeling.objects.filter(naam__startswith="Taak").exists()


def test_task_without_school_is_refused() -> None:
    with pytest.raises(TypeError):
        afdeling_aanmaken.apply(kwargs={"naam": "x"}).get()


@pytest.fixture
def redis_worker() -> Iterator[None]:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite through scripts/test.sh")
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.update(task_always_eager=False, broker_url=redis_url)
    nieuwe_verbindingen()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.update(task_always_eager=previous[0], broker_url=previous[1])
        nieuwe_verbindingen()


@pytest.mark.django_db(transaction=True)
def test_task_through_redis_and_a_real_worker(redis_worker: None) -> None:
    a = build_school("taak-a")
    b = build_school("taak-b")
    celery_app.send_task(
        "tests.afdeling_aanmaken", kwargs={"school_id": b.school.pk, "naam": "Via Redis"}
    )
    import time

    deadline = time.monotonic() + 20
    found = False
    while time.monotonic() < deadline and not found:
        with tenant_context(b.school.pk):
            found = m.Afdeling.objects.filter(naam="Via Redis (2)").exists()
        time.sleep(0.1)
    assert found, "the worker did not run the task within 20 s"
    with tenant_context(a.school.pk):
        assert not m.Afdeling.objects.filter(naam__startswith="Via Redis").exists()


def _project_tasks() -> dict[str, Any]:
    """Every task the worker would register (autodiscovery included) whose code is one of
    the project's apps (not Celery's own, not the tasks these tests define)."""
    celery_app.loader.import_default_modules()
    apps = {config.name for config in project_app_configs()}
    return {
        name: task
        for name, task in celery_app.tasks.items()
        if task.__module__.split(".")[0] in apps
    }


def test_every_task_that_takes_a_school_is_a_tenant_task() -> None:
    tasks = _project_tasks()
    assert {
        "planning.signalering_school",
        "api.webhook_afleveren",
        "zorgroute.wachtrij_legen",
    } <= set(tasks)
    offenders = []
    for name, task in sorted(tasks.items()):
        takes_school = "school_id" in inspect.signature(task.run).parameters
        if takes_school and not isinstance(task, TenantTask):
            offenders.append(f"{name}: takes school_id but is not a TenantTask")
        if isinstance(task, TenantTask) and not takes_school:
            offenders.append(f"{name}: a TenantTask without a school_id parameter")
    assert not offenders, "\n".join(offenders)


def test_a_task_that_commits_in_parts_still_needs_its_school() -> None:
    from zorgroute.tasks import achtergrondtaak_uitvoeren

    assert achtergrondtaak_uitvoeren.commits_in_parts
    with pytest.raises(TypeError):
        achtergrondtaak_uitvoeren.apply(kwargs={"taak_id": 1}).get()


def _queued_task_names() -> dict[str, str]:
    """Every `enqueue("name", …)` in the project's code: name -> where."""
    found = {}
    for config in project_app_configs():
        for path in Path(config.path).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "enqueue"
                    and node.args
                ):
                    first = node.args[0]
                    assert isinstance(first, ast.Constant), f"{path}:{node.lineno}: not a name"
                    found[first.value] = f"{path}:{node.lineno}"
    return found


def test_every_task_queued_by_name_is_a_registered_task() -> None:
    queued = _queued_task_names()
    assert {"planning.meldingen_versturen", "zorgroute.achtergrondtaak_uitvoeren"} <= set(queued)
    unknown = {name: where for name, where in queued.items() if name not in _project_tasks()}
    assert not unknown, unknown
