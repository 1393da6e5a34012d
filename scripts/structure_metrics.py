"""Prints the structure figures that issue 18 is measured by, for the tree it runs in.

    .venv/bin/python scripts/structure_metrics.py            # all figures
    .venv/bin/python scripts/structure_metrics.py --no-duplicates

- lines in view, service and selector modules (files named views*/services*/selectors*.py or
  inside such a package), tests and migrations left out;
- conflict exception classes: exception classes whose name says Conflict or Stale;
- conflict blocks: `except` clauses that catch one of them, per file;
- import cycles between the project's modules, late imports included (grimp, which
  import-linter runs on);
- functions over complexity 10 (ruff C901), tests included;
- `duplicates` pairs outside migrations (the tool run on a copy of the tracked files without
  the migrations folders).
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "zorgroute",
    "groepsoverzicht",
    "groepsplan",
    "besprekingen",
    "izo_zat",
    "planning",
    "opbrengsten",
    "api",
]
LAYERS = ("views", "services", "selectors")
CONFLICT_NAME = re.compile(r"(Conflict|Stale)")


def app_files() -> list[Path]:
    return sorted(
        p
        for app in APPS
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.parts and "management" not in p.parts
    )


def layer_of(path: Path) -> str | None:
    for part in path.relative_to(ROOT).parts:
        stem = part.removesuffix(".py")
        for layer in LAYERS:
            if stem == layer or stem.startswith(layer + "_"):
                return layer
    return None


def layer_lines(files: list[Path]) -> Counter[str]:
    lines: Counter[str] = Counter()
    for path in files:
        layer = layer_of(path)
        if layer:
            lines[layer] += len(path.read_text().splitlines())
    return lines


def conflict_figures(files: list[Path]) -> tuple[list[str], Counter[str]]:
    classes: list[str] = []
    blocks: Counter[str] = Counter()
    for path in files:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and CONFLICT_NAME.search(node.name) and node.bases:
                classes.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
            if (
                isinstance(node, ast.ExceptHandler)
                and node.type is not None
                and CONFLICT_NAME.search(ast.unparse(node.type))
            ):
                blocks[str(path.relative_to(ROOT))] += 1
    return classes, blocks


def import_cycles() -> list[list[str]]:
    import grimp

    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(*APPS, cache_dir=None)
    modules = set(graph.modules)
    reach = {}
    for module in modules:
        seen: set[str] = set()
        todo = [module]
        while todo:
            for child in graph.find_modules_directly_imported_by(todo.pop()) & modules:
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        reach[module] = seen
    # A cycle is a set of two or more modules that each reach the others through imports.
    cycles = {
        frozenset(m for m in reach[module] if module in reach[m])
        for module in modules
        if module in reach[module]
    }
    return sorted(sorted(cycle) for cycle in cycles if len(cycle) > 1)


def complexity() -> list[str]:
    result = subprocess.run(
        [
            str(ROOT / ".venv/bin/ruff"),
            "check",
            "--no-cache",
            "--select",
            "C901",
            "--config",
            "lint.mccabe.max-complexity=10",
            "--output-format",
            "concise",
            ".",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stdout.splitlines() if " C901 " in line]


def duplicate_pairs() -> str:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        for name in tracked:
            if "/migrations/" in name or not (ROOT / name).is_file():
                continue
            target = Path(tmp) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, target)
        out = subprocess.run(
            ["duplicates", "--repo", tmp, "--seconds", "300"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
    return out.splitlines()[0] if out else "duplicates gave no output"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-duplicates", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    files = app_files()
    lines = layer_lines(files)
    print("lines:", ", ".join(f"{layer} {lines[layer]}" for layer in LAYERS))
    classes, blocks = conflict_figures(files)
    print(f"conflict exception classes: {len(classes)}")
    if args.verbose:
        print("".join(f"  {c}\n" for c in classes), end="")
    print(f"except-blocks catching a conflict: {sum(blocks.values())} in {len(blocks)} files")
    if args.verbose:
        print("".join(f"  {f}: {n}\n" for f, n in sorted(blocks.items())), end="")
    cycles = import_cycles()
    print(f"import cycles: {len(cycles)}")
    for cycle in cycles:
        print("  " + " <-> ".join(cycle))
    over = complexity()
    print(f"functions over complexity 10: {len(over)}")
    if args.verbose:
        print("".join(f"  {line}\n" for line in over), end="")
    if not args.no_duplicates:
        print("duplicates outside migrations:", duplicate_pairs())


if __name__ == "__main__":
    main()
