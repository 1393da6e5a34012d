"""The project's own apps and source files, taken from the app registry, never hand-listed:
a new app is covered by every rule that uses these the day it joins INSTALLED_APPS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.apps import AppConfig, apps

#: The repository (the folder holding tests/ and the apps).
ROOT = Path(__file__).resolve().parent.parent


def project_app_configs() -> list[AppConfig]:
    """The installed apps whose code lives in this repository (not in site-packages, also
    not in a virtualenv inside the repository, as scripts/test.sh makes in .venv)."""
    return [
        c
        for c in apps.get_app_configs()
        if Path(c.path).resolve().is_relative_to(ROOT)
        and "site-packages" not in Path(c.path).resolve().parts
    ]


def project_app_labels() -> set[str]:
    return {c.label for c in project_app_configs()}


def project_source_files() -> Iterator[Path]:
    """Every .py file of the project's apps, migrations left out (they are generated)."""
    for config in project_app_configs():
        for path in sorted(Path(config.path).rglob("*.py")):
            if "migrations" not in path.relative_to(config.path).parts:
                yield path
