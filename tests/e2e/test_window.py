"""``python main.py screenshot``: end to end in a subprocess; the PNG exists and has the asked size."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KJZC_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _distinct_colours(path: Path) -> int:
    from PySide6.QtGui import QImage

    img = QImage(str(path))
    step = max(1, img.width() // 64)
    return len({img.pixel(x, y) for x in range(0, img.width(), step) for y in range(0, img.height(), step)})


def test_screenshot_of_a_measure(tmp_path: Path) -> None:
    out = tmp_path / "measure.png"
    r = _run("screenshot", "--out", str(out), "--open", "hb12-01", "--size", "1024x700", data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.exists()
    assert _png_size(out) == (1024, 700)
    assert out.stat().st_size > 20_000  # a rendered window, not a blank image
    assert _distinct_colours(out) > 20
    assert "Traceback" not in r.stderr


def test_screenshot_presentation_and_compare(tmp_path: Path) -> None:
    out = tmp_path / "p.png"
    r = _run("screenshot", "--out", str(out), "--panel", "compare", "--presentation", data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _png_size(out) == (1280, 800)


@pytest.mark.parametrize(("panel", "module"), [("calculator", "ui.calculator_panel"), ("cards", "ui.printing")])
def test_screenshot_of_optional_panels(tmp_path: Path, panel: str, module: str) -> None:
    import importlib.util

    out = tmp_path / f"{panel}.png"
    r = _run("screenshot", "--out", str(out), "--panel", panel, "--open", "zb-05-01", data_dir=tmp_path)
    if importlib.util.find_spec(module) is None:  # a panel not in this build is a clear error
        assert r.returncode == 2 and "not part of this build" in r.stderr
        return
    assert r.returncode == 0, r.stderr
    assert _png_size(out) == (1280, 800)


@pytest.mark.slow
def test_screenshot_with_search(tmp_path: Path) -> None:
    out = tmp_path / "s.png"
    r = _run("screenshot", "--out", str(out), "--search", "创新券", data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _png_size(out) == (1280, 800)
    assert out.stat().st_size > 20_000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--size", "big"), "--size"),
        (("--open", "no-such-id"), "no-such-id"),
        (("--panel", "compare", "--open", "nope"), "no comparison"),
    ],
)
def test_screenshot_bad_arguments_exit_2_with_a_clear_message(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "x.png"
    r = _run("screenshot", "--out", str(out), *args, data_dir=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_screenshot_out_folder_missing(tmp_path: Path) -> None:
    r = _run("screenshot", "--out", str(tmp_path / "nope" / "x.png"), data_dir=tmp_path)
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_screenshot_with_broken_content_dir_shows_banner(tmp_path: Path) -> None:
    cdir = tmp_path / "content"
    cdir.mkdir()
    (cdir / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    out = tmp_path / "b.png"
    env_args = ("--content-dir", str(cdir), "screenshot", "--out", str(out))
    r = _run(*env_args, data_dir=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _png_size(out) == (1280, 800)
