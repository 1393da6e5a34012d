"""Real Celery worker processes (and a private Redis) for the integration tests.

Each pytest process uses its own Redis database (1, 2, … by xdist worker), so parallel test
processes never take each other's tasks; the worker process reads the test database of this
process."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from zorgroute import celery_app

_XDIST = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
#: Redis database of this pytest process (0 stays for development, 5+ for others' use).
REDIS_DB = 1 + (int(_XDIST) if _XDIST.isdigit() else 0) % 4


def eigen_redis(url: str) -> str:
    """The shared Redis URL with this process's own database."""
    return url.rsplit("/", 1)[0] + f"/{REDIS_DB}"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER']}:{d['PASSWORD']}@{d['HOST']}:{d['PORT']}/{d['NAME']}"


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Publish to `url` on this test process's queue instead of running tasks inline."""
    vorige = {k: celery_app.conf[k] for k in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=url)
    nieuwe_verbindingen()
    from zorgroute import outbox

    outbox._broker_down_until = 0.0
    try:
        yield
    finally:
        celery_app.conf.update(**vorige)
        nieuwe_verbindingen()
        outbox._broker_down_until = 0.0


def nieuwe_verbindingen() -> None:
    """Drop the cached broker connections, so the next publish uses the new broker URL."""
    from kombu import pools

    pools.reset()  # kombu's global producer pools, keyed by connection, hold the old ones
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Worker:
    def __init__(self, broker_url: str, tmp: Path, naam: str) -> None:
        self.log = tmp / f"worker-{naam}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "zorgroute.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            # A killed worker's message comes back after this many seconds (not an hour).
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "ZORGROUTE_MAIL_DIR": str(tmp / "mail"),
            "ZORGROUTE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        self.proc = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
            [
                celery,
                "-A",
                "zorgroute",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                "-n",
                f"{naam}-{os.getpid()}@%h",
            ],
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )
        self.wacht_op("ready.", 60)

    def tekst(self) -> str:
        return self.log.read_text(errors="replace")

    def wacht_op(self, tekst: str, seconden: float) -> None:
        einde = time.monotonic() + seconden
        while time.monotonic() < einde:
            if tekst in self.tekst():
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"worker stopped:\n{self.tekst()[-3000:]}")
            time.sleep(0.2)
        raise AssertionError(
            f"no {tekst!r} from the worker in {seconden}s:\n{self.tekst()[-3000:]}"
        )

    def doden(self) -> None:
        """SIGKILL: no shutdown, no ack, as when a machine dies."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stoppen(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.doden()


@contextmanager
def worker(broker_url: str, tmp: Path, naam: str = "w") -> Iterator[Worker]:
    w = Worker(broker_url, tmp, naam)
    try:
        yield w
    finally:
        w.stoppen()


@contextmanager
def redis_server(poort: int, tmp: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A private Redis (the shared one stays up for the other tests)."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    proc = subprocess.Popen(  # noqa: S603
        [
            binary,
            "--port",
            str(poort),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    einde = time.monotonic() + 20
    while time.monotonic() < einde:
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(10)


def wacht(voorwaarde, seconden: float, wat: str) -> None:  # type: ignore[no-untyped-def]
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return
        time.sleep(0.2)
    raise AssertionError(f"{wat}: not within {seconden}s")
