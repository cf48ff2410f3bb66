"""Start-up benchmark: process start -> handbook window shown, against a bare Qt baseline.

Runs ``python main.py`` N times (default 5) with ``KJZC_STARTUP_PROBE=1``: the window prints the
wall-clock time once it is exposed and its first frame has been processed, then quits.  The
baseline, measured the same way in the same run, is a bare ``QApplication`` + ``QWidget`` shown.
Each run is a new process (cold for Python and Qt; the OS file cache stays warm — dropping it
needs root).

Two displays are measured in the same run: Qt's ``offscreen`` platform (no display server) and a
real X server (Xvfb, through Qt's ``xcb`` plugin, as on a Linux desktop), when ``Xvfb`` is
installed (``apt-get install xvfb``).  The real display is slower: font and X connection set-up,
window mapping; its figure is the one a user sees.

Also reports whether whoosh was imported before the window appeared (it must not be), and,
with ``--typing``, the longest GUI-thread stall while Chinese is typed into the search box.

Usage::

    .venv/bin/python bench/startup_bench.py [--runs 5] [--displays offscreen,xvfb] [--typing] [--strict]

Target: median start-up <= 0.8 s.  ``--strict`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.8
TYPING_TARGET_MS = 50.0

BASELINE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(1280, 800); w.show()
def probe():  # the same probe as ui/app.py: exposed, first frame painted
    h = w.windowHandle()
    if h is not None and not h.isExposed():
        QTimer.singleShot(1, probe); return
    print(f"KJZC_WINDOW_SHOWN {time.time():.6f}", flush=True); app.quit()
QTimer.singleShot(0, probe)
app.exec()
"""

TYPING = r"""
import os, sys, time
sys.path.insert(0, os.getcwd())
from PySide6.QtCore import QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from content.loader import load_handbook
from ui.mainwindow import MainWindow
from ui.settings import Settings
from pathlib import Path
hb = load_handbook()
w = MainWindow(hb, Settings(Path(os.environ["KJZC_DATA_DIR"]) / "s.ini"))
w.resize(1280, 800); w.show(); w.start_background_work()
deadline = time.monotonic() + 120
while w.search.state not in ("ready", "unavailable", "failed") and time.monotonic() < deadline:
    app.processEvents(); time.sleep(0.005)
if w.search.state != "ready":
    print("TYPING_UNAVAILABLE", w.search.state); sys.exit(0)
text = "高新技术企业认定奖励研发费用加计扣除创新券揭榜挂帅科技金融人才" * 2
gaps = []
last = [time.perf_counter()]
def beat():
    now = time.perf_counter(); gaps.append(now - last[0]); last[0] = now
hb_timer = QTimer(); hb_timer.setInterval(2); hb_timer.timeout.connect(beat); hb_timer.start()
i = [0]
def type_one():
    if i[0] >= len(text):
        typer.stop(); QTimer.singleShot(600, app.quit); return
    ev = QInputMethodEvent(); ev.setCommitString(text[i[0]])
    QApplication.sendEvent(w.search_box, ev); i[0] += 1
typer = QTimer(); typer.setInterval(60); typer.timeout.connect(type_one); typer.start()
app.exec()
gaps_ms = sorted(g * 1000 for g in gaps[5:])
print(f"TYPING max_ms={gaps_ms[-1]:.1f} p99_ms={gaps_ms[int(len(gaps_ms) * 0.99)]:.1f} beats={len(gaps_ms)}")
"""


def _time_process(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.time()
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    for line in r.stdout.splitlines():
        if line.startswith("KJZC_WINDOW_SHOWN "):
            return float(line.split()[1]) - t0, r.stdout
    raise RuntimeError(f"{' '.join(cmd)} did not report a shown window (exit {r.returncode}): {r.stderr[-600:]}")


class _Xvfb:
    """A private Xvfb server for the measurements (its own display number, stopped afterwards)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""

    def __enter__(self) -> _Xvfb:
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            number = f.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def _measure(env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    base, app = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        base.append(_time_process([sys.executable, "-c", BASELINE], env)[0])
        app.append(_time_process([sys.executable, "main.py"], env)[0])
    return base, app


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--displays", default="offscreen,xvfb",
                    help="comma-separated: offscreen (Qt's offscreen platform), xvfb (a real X server via xcb)")
    ap.add_argument("--typing", action="store_true", help="also measure GUI stalls while typing")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    displays = [d.strip() for d in args.displays.split(",") if d.strip()]

    ok = True
    with tempfile.TemporaryDirectory(prefix="kjzc-bench-") as tmp:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KJZC_DATA_DIR=tmp, KJZC_STARTUP_PROBE="1")
        for display in displays:
            if display == "offscreen":
                base, app = _measure(env, args.runs)
                label = "offscreen (QT_QPA_PLATFORM=offscreen, no display server)"
            elif display == "xvfb":
                if shutil.which("Xvfb") is None:
                    print("xvfb: not measured (Xvfb is not installed: apt-get install xvfb)")
                    continue
                with _Xvfb() as x:
                    xenv = dict(env, QT_QPA_PLATFORM="xcb", DISPLAY=x.display)
                    xenv.pop("WAYLAND_DISPLAY", None)
                    base, app = _measure(xenv, args.runs)
                label = f"real X server (Xvfb {x.display}, QT_QPA_PLATFORM=xcb)"
            else:
                ap.error(f"unknown display {display!r}")
            mb, ma = statistics.median(base), statistics.median(app)
            print(f"== {label}")
            print(f"baseline (bare QApplication + QWidget shown): median {mb:.3f} s  runs {', '.join(f'{x:.3f}' for x in base)}")
            print(f"handbook window shown:                       median {ma:.3f} s  runs {', '.join(f'{x:.3f}' for x in app)}")
            print(f"ratio window/baseline: {ma / mb:.2f}x   target: median <= {TARGET_S:.1f} s -> "
                  f"{'PASS' if ma <= TARGET_S else 'FAIL'}")
            ok = ok and ma <= TARGET_S
        # whoosh must not be loaded before the window shows.
        probe = subprocess.run(
            [sys.executable, "-X", "importtime", "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120)
        whoosh_early = "whoosh" in probe.stderr
        print(f"whoosh imported before the window was shown: {'YES (FAIL)' if whoosh_early else 'no'}")
        ok = ok and not whoosh_early
        if args.typing:
            env.pop("KJZC_STARTUP_PROBE")
            r = subprocess.run([sys.executable, "-c", TYPING], cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=300)
            line = next((ln for ln in r.stdout.splitlines() if ln.startswith("TYPING")), "")
            if line.startswith("TYPING max_ms="):
                max_ms = float(line.split()[1].split("=")[1])
                print(f"typing: longest GUI-thread stall {max_ms:.1f} ms (target <= {TYPING_TARGET_MS:.0f} ms) -> "
                      f"{'PASS' if max_ms <= TYPING_TARGET_MS else 'FAIL'}   [{line}]")
                ok = ok and max_ms <= TYPING_TARGET_MS
            else:
                print(f"typing: not measured ({line or r.stderr[-300:]})")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
