"""Against the real Redis and real worker processes (started here, on loopback):

- a PDF bundle is queued, its progress shows on the download page, the file has its pages;
- a worker killed in the middle of a job: the job runs again, with exactly one result;
- Redis down: saving a groepsplan works, its work waits in the outbox, and once Redis is back
  a worker does it, exactly once.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from groepsoverzicht.models import Groepsoverzicht
from groepsplan.models import Groepsplan, PlanStatus
from tests.auth_helpers import log_in_verified
from zorgroute import models as m
from zorgroute.background import start_job
from zorgroute.tenancy.context import TenantContext
from zorgroute.tenancy.db import tenant_context

from .. import factories as f
from ..world import SchoolWorld, build_school
from .workers import broker, eigen_redis, redis_server, vrije_poort, wacht, worker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres_only]


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL is not set: run the suite through scripts/test.sh")
    return eigen_redis(url)


def _meer_klassen(world: SchoolWorld, aantal: int) -> None:
    """Extra classes of the mentor with an overview in the world's cycle."""
    with tenant_context(world.school.pk):
        for i in range(aantal):
            groep = f.GroepFactory(schooljaar=world.schooljaar, naam=f"2{chr(65 + i)}")
            f.MentoraatFactory(groep=groep, gebruiker=world.users["mentor"])
            f.PlaatsingFactory(groep=groep)
            Groepsoverzicht.objects.create(
                school=world.school,
                groep=groep,
                periode=world.periode,
                cyclus="A",
                aangemaakt_door=world.users["mentor"],
            )


def _ctx(world: SchoolWorld, persona: str) -> TenantContext:
    user = world.users[persona]
    return TenantContext.build(
        world.school, user, list(m.Lidmaatschap.objects.filter(gebruiker=user))
    )


def _start(world: SchoolWorld, soort: str) -> m.Achtergrondtaak:
    with tenant_context(world.school.pk):
        return start_job(
            ctx=_ctx(world, "mentor"),
            soort_naam=soort,
            titel="Alle groepen – Cyclus 1",
            parameters={"periode_id": world.periode.pk, "groep_id": None, "vorm": "pdf"},
        )


def _taak(world: SchoolWorld, pk: int) -> m.Achtergrondtaak:
    with tenant_context(world.school.pk):
        return m.Achtergrondtaak.objects.get(pk=pk)


def _pdf_pagina_teksten(inhoud: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(inhoud)).pages]


def test_bundle_progress_and_file_through_a_real_worker(client: Client, tmp_path: Path) -> None:
    world = build_school("bundel")
    _meer_klassen(world, 2)
    log_in_verified(client, world.users["mentor"])
    with broker(_redis_url()), worker(_redis_url(), tmp_path):
        taak = _start(world, "test-traag")  # 1.5 s per group: the progress is visible
        url = reverse(
            "download-detail", kwargs={"school": world.school.slug, "taak_uuid": taak.uuid}
        )
        gezien: set[str] = set()

        def klaar() -> bool:
            fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
            for stap in ("Bezig: 1 van 3", "Bezig: 2 van 3", "Klaar"):
                if stap in fragment:
                    gezien.add(stap)
            return "Klaar" in fragment

        wacht(klaar, 60, "the bundle was not ready")
    assert {"Bezig: 1 van 3", "Klaar"} <= gezien or {"Bezig: 2 van 3", "Klaar"} <= gezien
    pagina = client.get(url).content.decode()
    assert "3 groepsoverzichten, waarvan 1 met groepsplan" in pagina
    download = client.get(
        reverse("download-bestand", kwargs={"school": world.school.slug, "taak_uuid": taak.uuid})
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    teksten = _pdf_pagina_teksten(b"".join(download.streaming_content))  # type: ignore[attr-defined]
    alles = "\n".join(teksten)
    assert len(teksten) >= 3
    assert "Groepsplan met groepsoverzicht – klas 1A" in alles  # 1A has a plan
    for naam in ("2A", "2B"):
        assert f"klas {naam}" in alles
    # Every pupil in the bundle is in the access log, as for a single PDF download.
    with tenant_context(world.school.pk):
        events = m.AccessEvent.objects.filter(pagina="planning:pdf-bundel")
        assert list(events.values_list("leerling_id", flat=True)) == [world.leerling.pk]


def test_a_worker_killed_mid_job_leads_to_exactly_one_result(tmp_path: Path) -> None:
    world = build_school("doden")
    _meer_klassen(world, 2)
    with broker(_redis_url()):
        with worker(_redis_url(), tmp_path, "eerste") as eerste:
            taak = _start(world, "test-traag")
            wacht(lambda: _taak(world, taak.pk).stap >= 1, 60, "the job did not start")
            eerste.doden()
        halverwege = _taak(world, taak.pk)
        assert halverwege.status == m.TaakStatus.BEZIG and not halverwege.bestand
        with worker(_redis_url(), tmp_path, "tweede"):
            # Redis hands the unacknowledged message to the new worker after the visibility
            # timeout (4 s here); the job starts over.
            wacht(lambda: _taak(world, taak.pk).status == m.TaakStatus.KLAAR, 90, "not redone")
    klaar = _taak(world, taak.pk)
    assert klaar.pogingen == 2
    map_ = Path(settings.MEDIA_ROOT) / "downloads" / str(klaar.uuid)
    assert [p.name for p in map_.iterdir()] == [klaar.bestandsnaam]  # one file, no leftovers
    assert len(_pdf_pagina_teksten(klaar.bestand.read())) >= 3
    with tenant_context(world.school.pk):
        assert m.Achtergrondtaak.objects.filter(aangevraagd_door=world.users["mentor"]).count() == 2


def test_redis_down_the_save_works_and_the_outbox_keeps_the_work(
    client: Client, tmp_path: Path
) -> None:
    world = build_school("storing")
    plan = world.gp["plan"]
    mentor = world.users["mentor"]
    log_in_verified(client, mentor)
    poort = vrije_poort()
    url = f"redis://127.0.0.1:{poort}/0"
    with broker(url):  # nothing listens on that port: Redis is down
        response = client.post(
            reverse("groepsplan-status", kwargs={"school": world.school.slug, "plan_id": plan.pk}),
            {"actie": "activeren"},
        )
        assert response.status_code == 302
        with tenant_context(world.school.pk):
            assert Groepsplan.objects.get(pk=plan.pk).status == PlanStatus.ACTIEF
        wachtend = list(m.Wachtrijbericht.objects.all())
        assert [b.taak for b in wachtend] == ["groepsplan.actief_melding"]
        assert wachtend[0].pogingen == 1 and wachtend[0].laatste_fout
        # Pages keep working while Redis is down.
        assert client.get(f"/{world.school.slug}/").status_code == 200

        with redis_server(poort, tmp_path), worker(url, tmp_path):
            # The worker drains the outbox as it starts; the mail goes out.
            wacht(lambda: not m.Wachtrijbericht.objects.exists(), 30, "outbox not drained")

            def gemeld() -> bool:
                with tenant_context(world.school.pk):
                    return Groepsplan.objects.get(pk=plan.pk).activatie_gemeld_op is not None

            wacht(gemeld, 30, "the teachers were not told")
            # Draining again (the beat job) and delivering the task again change nothing.
            from zorgroute.outbox import drain

            assert drain() == 0
            from groepsplan.tasks import groepsplan_actief_melding

            groepsplan_actief_melding.delay(plan_id=plan.pk, school_id=world.school.pk)
            wacht(lambda: "groepsplan.actief_melding" in _succeeded(tmp_path), 30, "no rerun")
    mails = [p.read_text() for p in (tmp_path / "mail").iterdir()]
    ontvangers = sorted(
        line for tekst in mails for line in tekst.splitlines() if line.startswith("To: ")
    )
    assert ontvangers == sorted({f"To: {mentor.email}", f"To: {world.users['docent'].email}"})


def _succeeded(tmp_path: Path) -> str:
    log = (tmp_path / "worker-w.log").read_text(errors="replace")
    # The second delivery also succeeds (returning 0): two "succeeded" lines for the task.
    return "groepsplan.actief_melding" if log.count("succeeded") >= 2 else ""
