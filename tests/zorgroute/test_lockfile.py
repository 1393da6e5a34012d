"""requirements.lock pins every dependency of pyproject.toml (and the dev extra) to one
version inside its range, and the install commands install from it: a fresh machine gets
the versions the tests ran with. scripts/lock.sh regenerates the lock."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "--")):
            continue
        match = PIN.match(stripped)
        assert match, f"requirements.lock: not an exact pin: {line!r}"
        pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(line) for line in lines]


def test_every_declared_dependency_is_pinned_in_the_lock_within_its_range() -> None:
    pins = _pins()
    problems = []
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement}: missing from requirements.lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement}: the lock has {pins[name]}")
    assert not problems, "\n".join(["Run scripts/lock.sh:", *problems])


def test_the_extras_of_a_declared_dependency_are_pinned_too() -> None:
    """celery[redis] needs redis, psycopg[binary,pool] needs psycopg-binary and psycopg-pool."""
    pins = _pins()
    expected = {"celery": {"redis"}, "psycopg": {"psycopg-binary", "psycopg-pool"}}
    for requirement in _declared():
        for package in expected.get(canonicalize_name(requirement.name), set()):
            assert package in pins, f"{requirement}: {package} is not in requirements.lock"


def test_the_test_and_demo_commands_install_from_the_lock() -> None:
    for script in ("scripts/test.sh", "scripts/demo.sh"):
        text = (ROOT / script).read_text()
        installs = [line for line in text.splitlines() if "pip install" in line]
        assert any("-r requirements.lock" in line for line in installs), script
        # The project itself without resolving its dependencies again.
        assert any("--no-deps -e ." in line for line in installs), script
        assert not any("-e '.[dev]'" in line or "--upgrade" in line for line in installs), script
        # A changed lock file reinstalls.
        assert "requirements.lock" in text.split("pip install", 1)[0], script
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --constraint requirements.lock ." in dockerfile


def test_the_lock_pins_the_packages_the_issue_19_features_use() -> None:
    pins = _pins()
    for package in ("sentry-sdk", "django-otp", "qrcode", "authlib", "requests", "deduce"):
        assert package in pins, package
