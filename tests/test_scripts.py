"""The README's two commands: scripts/setup.sh's package list and scripts/venv_state.py.

The full first run, sudo, a root-owned .venv and switching offline are checked by hand in fresh
debootstrap roots (see installer/README.md); these tests cover what can run anywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETUP = ROOT / "scripts" / "setup.sh"


def _apt_packages() -> list[str]:
    text = SETUP.read_text(encoding="utf-8")
    block = re.search(r"^APT_PACKAGES=\((.*?)^\)", text, re.S | re.M)
    assert block, "APT_PACKAGES=( … ) not found in scripts/setup.sh"
    words: list[str] = []
    for line in block.group(1).splitlines():
        words += line.split("#", 1)[0].split()
    return words


@pytest.fixture
def bare_debian(tmp_path: Path) -> dict[str, str]:
    """PATH with a dpkg-query that knows no package and an apt-get that must not run."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "dpkg-query").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    (bin_dir / "apt-get").write_text("#!/bin/sh\necho apt-get must not run >&2\nexit 99\n", encoding="utf-8")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHON=sys.executable)
    return env


def test_print_apt_gives_one_line_with_every_package(bare_debian: dict[str, str]) -> None:
    out = subprocess.run(["bash", str(SETUP), "--print-apt"], env=bare_debian, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    lines = out.splitlines()
    assert len(lines) == 1, out
    assert lines[0].startswith("sudo apt-get install --no-install-recommends "), lines[0]
    packages = lines[0].split()[4:]
    assert set(_apt_packages()) <= set(packages)
    # the font, the xcb set for a real window and the test tools are all in the one list
    assert {"fonts-wqy-microhei", "libxcb-cursor0", "poppler-utils", "zbar-tools", "xvfb", "xauth"} <= set(packages)


def test_print_apt_prints_nothing_when_all_is_installed(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' PKG…: every package "ii"
    (bin_dir / "dpkg-query").write_text(
        '#!/bin/sh\nshift 2\nfor p in "$@"; do echo "$p ii "; done\n', encoding="utf-8")
    (bin_dir / "apt-get").write_text("#!/bin/sh\nexit 99\n", encoding="utf-8")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", PYTHON=sys.executable)
    res = subprocess.run(["bash", str(SETUP), "--print-apt"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""


def test_unknown_option_is_a_clear_message(bare_debian: dict[str, str]) -> None:
    res = subprocess.run(["bash", str(SETUP), "--frobnicate"], env=bare_debian, capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 2
    assert "未知选项 --frobnicate" in res.stderr


# ------------------------------------------------------------------------------------------------
# venv_state.py: is .venv already enough (so that no pip runs, also offline)?
# ------------------------------------------------------------------------------------------------
def _state(tmp_path: Path, deps: list[str], extras: dict[str, list[str]] | None = None,
           args: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    lines = ["[project]", 'name = "kjzc-venv-state-probe"', f"dependencies = {deps!r}"]
    if extras:
        lines.append("[project.optional-dependencies]")
        lines += [f"{k} = {v!r}" for k, v in extras.items()]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "venv_state.py"), str(tmp_path), *args],
                          capture_output=True, text=True, timeout=60)


def test_venv_state_reports_missing_and_too_old(tmp_path: Path) -> None:
    res = _state(tmp_path, ["PyYAML>=6", "no-such-package-kjzc>=1", "PyYAML>=999"])
    assert res.returncode == 1
    problems = res.stdout.splitlines()
    assert "no-such-package-kjzc: not installed" in problems
    assert any(p.startswith("PyYAML: ") and ">=999" in p for p in problems)
    assert not any(p == "PyYAML: not installed" for p in problems)
    # the probe project itself is not installed: reported, so pip would run
    assert "kjzc-venv-state-probe: not installed (pip install -e .)" in problems


def test_venv_state_honours_markers_and_extras(tmp_path: Path) -> None:
    res = _state(tmp_path, ["no-such-package-kjzc>=1; python_version < '3'"],
                 extras={"dev": ["no-such-dev-package-kjzc"]})
    assert "no-such-package-kjzc" not in res.stdout          # marker false: not wanted
    assert "no-such-dev-package-kjzc" not in res.stdout      # extra not asked for
    res = _state(tmp_path, ["PyYAML>=6"], extras={"dev": ["no-such-dev-package-kjzc"]}, args=("dev",))
    assert "no-such-dev-package-kjzc: not installed" in res.stdout.splitlines()


def test_venv_state_accepts_the_shared_install() -> None:
    """The interpreter running the tests satisfies pyproject.toml (deps and dev extra)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import venv_state
    finally:
        sys.path.pop(0)
    problems = [p for p in venv_state.missing(ROOT, ["dev"]) if "editable" not in p]
    assert problems == []


# ------------------------------------------------------------------------------------------------
# Under sudo: the work is done as the user who ran sudo, and files of someone else are refused clearly.
# ------------------------------------------------------------------------------------------------
def _as_root_with_sudo_user(script: str, project: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SUDO_USER="nobody")
    return subprocess.run(["bash", "-c", f'here="{project}"; . "{ROOT}/scripts/common.sh"; {script}'],
                          env=env, capture_output=True, text=True, timeout=60)


needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (as CI runs)")


@pytest.fixture
def project() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path sits under a root-only folder)."""
    path = Path(tempfile.mkdtemp(prefix="kjzc-sudo-", dir="/tmp"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@needs_root
def test_under_sudo_the_work_is_for_the_invoking_user(project: Path) -> None:
    project.chmod(0o777)
    res = _as_root_with_sudo_user('echo "$KJZC_USER"; as_user id -un; check_ownership', project)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["nobody", "nobody"]


@needs_root
def test_a_root_owned_venv_is_refused_with_the_fix(project: Path) -> None:
    project.chmod(0o777)
    (project / ".venv" / "bin").mkdir(parents=True)  # made by root, as an old `sudo start.sh` did
    res = _as_root_with_sudo_user("check_ownership", project)
    assert res.returncode == 1
    assert "不属于用户 nobody" in res.stderr
    assert f"sudo chown -R nobody: {project / '.venv'}" in res.stderr


@needs_root
def test_a_project_folder_the_user_cannot_write_is_refused(project: Path) -> None:
    project.chmod(0o755)  # root's
    res = _as_root_with_sudo_user("check_ownership", project)
    assert res.returncode == 1
    assert "无法写入项目文件夹" in res.stderr
