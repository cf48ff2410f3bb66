"""Does this interpreter already have everything ``pyproject.toml`` asks for?  (used by setup.sh)

Run with the project's ``.venv/bin/python``::

    python scripts/venv_state.py PROJECT_DIR [EXTRA ...]

Exit 0 when every dependency (and those of the named extras) is installed in a version the
requirement accepts and the project itself is installed in editable mode from PROJECT_DIR;
exit 1 otherwise, with one line per missing piece on stdout.  Never touches the network: this is
what lets ``scripts/start.sh`` start offline after ``scripts/test.sh`` (or after an edit of
pyproject.toml that did not change the dependencies).
"""

from __future__ import annotations

import json
import sys
import tomllib
from importlib import metadata
from pathlib import Path


def missing(project_dir: Path, extras: list[str]) -> list[str]:
    """What is missing or of a version the requirement does not accept (empty: nothing)."""
    # pip vendors packaging; a venv made by ``python -m venv`` always has pip.
    from pip._vendor.packaging.requirements import Requirement

    data = tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))
    project = data.get("project", {})
    wanted: list[tuple[str, str]] = [(req, "") for req in project.get("dependencies", [])]
    for extra in extras:
        wanted += [(req, extra) for req in project.get("optional-dependencies", {}).get(extra, [])]
    problems = []
    for text, extra in wanted:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{req.name}: not installed")
            continue
        if not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req.name}: {version} installed, {req.specifier} wanted")
    problems += _editable_problem(project_dir, project.get("name", ""))
    return problems


def _editable_problem(project_dir: Path, name: str) -> list[str]:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return [f"{name}: not installed (pip install -e .)"]
    raw = dist.read_text("direct_url.json") or "{}"
    info = json.loads(raw)
    if not info.get("dir_info", {}).get("editable") or info.get("url") != project_dir.resolve().as_uri():
        return [f"{name}: not an editable install of {project_dir}"]
    return []


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    problems = missing(Path(argv[0]), argv[1:])
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
