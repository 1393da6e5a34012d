"""The installable package holds every app: a wheel built from this repository contains every
installed app that lives here, each of its modules and its migrations. (The package list in
pyproject.toml is hand-written; without this test a new app is left out of a non-editable
install without anyone noticing, as opbrengsten was.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from ..project import ROOT, project_app_configs

#: Never part of a build: version control, virtualenvs, caches, local data, build output.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "var", ".*_cache", "__pycache__", "build", "*.egg-info", "test-artifacts"
)


def _build_wheel(tmp_path: Path) -> set[str]:
    # pip builds in the source tree (build/, *.egg-info): build from a copy, not the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [*pip, "--no-index", "--quiet", "-w", str(tmp_path / "dist"), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_project_app_with_its_migrations(tmp_path: Path) -> None:
    names = _build_wheel(tmp_path)
    missing = []
    for config in project_app_configs():
        app_dir = Path(config.path)
        modules = [p for p in app_dir.rglob("*.py") if "__pycache__" not in p.parts]
        if (app_dir / "migrations").is_dir():
            assert app_dir / "migrations" / "__init__.py" in modules, config.name
        missing += [
            path for path in (p.relative_to(ROOT).as_posix() for p in modules) if path not in names
        ]
    assert not missing, "\n".join(["Not in the wheel (pyproject.toml packages):", *missing])
