"""Start-up and memory of the bundled (PyInstaller) app, against baselines measured in the same run.

Usage::

    bash installer/build_linux.sh --no-deb          # makes dist/kjzc/
    .venv/bin/python bench/bundle_startup_bench.py [--app dist/kjzc/kjzc] [--runs 5] [--drop-caches]

Figures (each the median of ``--runs`` runs, every run a new process):

* **start → window shown**: from just before the process is spawned to the moment the main window has
  processed its first frame.  The app reports that moment itself when ``KJZC_STARTUP_PROBE`` is set
  (``ui/app.py`` prints ``KJZC_WINDOW_SHOWN <time>`` and quits).
* **peak memory after opening and searching**: the maximum resident set size (``wait4`` rusage) of
  ``screenshot --search 揭榜挂帅`` — it builds the whole window, runs the search, opens the first hit
  and renders — and of the CLI ``search 揭榜挂帅 --json``.

Baselines, measured in the same run on the same machine: ``python -c pass``; a bare Qt window from
source (QApplication + an empty QWidget shown, same probe); the same bare window frozen by PyInstaller
(built once into build/bench/, which is what the bundle's own overhead compares with); and the app from
source (``python main.py``).  Ratios are printed against them.

``--drop-caches`` (root only) empties the page cache before every run, for true cold starts; without
it the first of the runs is cold and the others warm, and the median is a warm figure.  Offscreen Qt
is used unless ``--platform`` says otherwise; for a real X server run it under Xvfb:
``xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python bench/bundle_startup_bench.py --platform xcb``.

Targets (issue 7): start → window ≤ 0.8 s median; peak memory ≤ 250 MB; bundle ≤ 200 MB on disk and
≤ 90 MB compressed.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE_ENV = "KJZC_STARTUP_PROBE"
PROBE_LINE = "KJZC_WINDOW_SHOWN"
QUERY = "揭榜挂帅"

TARGET_START_S = 0.8
TARGET_PEAK_MB = 250.0
TARGET_DISK_MB = 200.0
TARGET_TGZ_MB = 90.0

HELLO_SOURCE = f'''
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
w.resize(1280, 800)
w.show()
def probe():  # the same probe as ui/app.py: exposed, first frame painted
    h = w.windowHandle()
    if h is not None and not h.isExposed():
        QTimer.singleShot(1, probe)
        return
    print("{PROBE_LINE}", f"{{time.time():.6f}}", flush=True)
    app.quit()
QTimer.singleShot(0, probe)
app.exec()
'''


@dataclass
class Run:
    seconds: float
    peak_mb: float


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def run_measured(cmd: list[str], env: dict[str, str], *, probe: bool, cwd: Path) -> Run:
    """One process: wall time to the probe line (or to its exit) and its peak RSS (``os.wait4``)."""
    t0 = time.time()
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        t_end = time.time()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{stderr[-2000:]}")
    shown = None
    for line in stdout.splitlines():
        if line.startswith(PROBE_LINE):
            shown = float(line.split()[1])
    if probe and shown is None:
        raise RuntimeError(f"{' '.join(cmd)}: no '{PROBE_LINE}' line; stderr:\n{stderr[-2000:]}")
    peak_mb = usage.ru_maxrss / 1024.0  # kilobytes on Linux
    return Run((shown if shown is not None else t_end) - t0, peak_mb)


def series(name: str, cmd: list[str], env: dict[str, str], *, runs: int, probe: bool, cold: bool,
           cwd: Path) -> list[Run]:
    results = []
    for _ in range(runs):
        if cold:
            drop_caches()
        results.append(run_measured(cmd, env, probe=probe, cwd=cwd))
    times = ", ".join(f"{r.seconds:.3f}" for r in results)
    print(f"  {name:<34} median {statistics.median(r.seconds for r in results):7.3f} s   "
          f"peak {max(r.peak_mb for r in results):6.1f} MB   runs: {times}", flush=True)
    return results


def frozen_hello(python: str, build_dir: Path) -> Path | None:
    """A bare Qt window frozen with PyInstaller (built once, cached in build/bench/)."""
    exe = build_dir / "dist" / "hello" / "hello"
    if exe.is_file():
        return exe
    if subprocess.run([python, "-c", "import PyInstaller"], capture_output=True, check=False).returncode != 0:
        return None
    build_dir.mkdir(parents=True, exist_ok=True)
    src = build_dir / "hello.py"
    src.write_text(HELLO_SOURCE, encoding="utf-8")
    print("  (building the frozen hello-window baseline once, into build/bench/ …)", flush=True)
    r = subprocess.run([python, "-m", "PyInstaller", "--noconfirm", "--onedir", "--log-level", "ERROR",
                        "--distpath", str(build_dir / "dist"), "--workpath", str(build_dir / "work"),
                        "--specpath", str(build_dir), "--name", "hello", str(src)],
                       capture_output=True, text=True, check=False)
    if r.returncode != 0 or not exe.is_file():
        print(f"  (could not build the frozen baseline: {r.stderr[-500:]})")
        return None
    return exe


def dir_mb(path: Path) -> float:
    r = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=False)
    return int(r.stdout.split()[0]) / 1024.0 if r.returncode == 0 else float("nan")


def tgz_mb(path: Path) -> float:
    tar = subprocess.Popen(["tar", "-C", str(path.parent), "-czf", "-", path.name], stdout=subprocess.PIPE)
    assert tar.stdout is not None
    size = 0
    while chunk := tar.stdout.read(1 << 20):
        size += len(chunk)
    tar.wait()
    return size / (1024.0 * 1024.0)


def verdict(ok: bool) -> str:
    return "OK" if ok else "OVER TARGET"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--app", default=str(ROOT / "dist" / "kjzc" / "kjzc"), help="the bundled executable")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--drop-caches", action="store_true", help="drop the page cache before each run (root)")
    ap.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM for every run (default offscreen)")
    ap.add_argument("--no-source", action="store_true", help="skip the from-source comparison")
    args = ap.parse_args(argv)

    app = Path(args.app)
    if not app.is_file():
        print(f"bundle_startup_bench.py: {app} not found; build it first: bash installer/build_linux.sh --no-deb",
              file=sys.stderr)
        return 2
    if args.drop_caches and not drop_caches():
        print("bundle_startup_bench.py: cannot drop the page cache (needs root); runs are warm", file=sys.stderr)
        args.drop_caches = False
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable

    work = Path(tempfile.mkdtemp(prefix="kjzc-bench-"))
    try:
        data = work / "userdata"
        data.mkdir()
        env = dict(os.environ)
        env.update({"QT_QPA_PLATFORM": args.platform, "KJZC_DATA_DIR": str(data), "HOME": str(work)})
        probe_env = dict(env, **{PROBE_ENV: "1"})
        cold = args.drop_caches
        print(f"bundle: {app}   runs: {args.runs}   {'cold (page cache dropped)' if cold else 'warm after the first'}"
              f"   QT_QPA_PLATFORM={args.platform}   cpus: {os.cpu_count()}")

        # The first search builds the per-user index when the bundle has no usable prebuilt one; do it
        # once before timing so that every timed run sees the same state.
        subprocess.run([str(app), "search", QUERY, "--json"], env=env, cwd=work, capture_output=True, check=False,
                       timeout=300)

        print("\nstart → window shown")
        base_py = series("baseline: python -c pass", [python, "-c", "pass"], env, runs=args.runs, probe=False,
                         cold=cold, cwd=work)
        hello_src = work / "hello.py"
        hello_src.write_text(HELLO_SOURCE, encoding="utf-8")
        base_qt = series("baseline: bare Qt window (source)", [python, str(hello_src)], probe_env, runs=args.runs,
                         probe=True, cold=cold, cwd=work)
        hello_exe = frozen_hello(python, ROOT / "build" / "bench")
        base_frozen = (series("baseline: bare Qt window (frozen)", [str(hello_exe)], probe_env, runs=args.runs,
                              probe=True, cold=cold, cwd=work) if hello_exe else None)
        src = (None if args.no_source else
               series("app from source (python main.py)", [python, str(ROOT / "main.py")], probe_env,
                      runs=args.runs, probe=True, cold=cold, cwd=work))
        bundled = series("app, bundled", [str(app)], probe_env, runs=args.runs, probe=True, cold=cold, cwd=work)

        print("\npeak memory after opening and searching")
        shot = series(f"bundled: screenshot --search {QUERY}",
                      [str(app), "screenshot", "--out", str(work / "shot.png"), "--search", QUERY], env,
                      runs=min(args.runs, 3), probe=False, cold=False, cwd=work)
        try:
            cli: list[Run] | None = series(f"bundled: search {QUERY} --json", [str(app), "search", QUERY, "--json"],
                                           env, runs=min(args.runs, 3), probe=False, cold=False, cwd=work)
        except RuntimeError as exc:
            print(f"  bundled: search — not measured: {str(exc).splitlines()[-1]}")
            cli = None

        med = statistics.median(r.seconds for r in bundled)
        peak = max(r.peak_mb for r in shot)
        print("\nratios (bundled app, medians)")
        print(f"  vs python -c pass                 {med / statistics.median(r.seconds for r in base_py):6.1f}×")
        print(f"  vs bare Qt window (source)        {med / statistics.median(r.seconds for r in base_qt):6.2f}×")
        if base_frozen:
            print(f"  vs bare Qt window (frozen)        {med / statistics.median(r.seconds for r in base_frozen):6.2f}×")
        if src:
            print(f"  vs the app from source            {med / statistics.median(r.seconds for r in src):6.2f}×")
        print(f"  peak memory vs bare Qt window     {peak / max(r.peak_mb for r in base_qt):6.2f}×")

        disk, tgz = dir_mb(app.parent), tgz_mb(app.parent)
        print("\nbundle size")
        print(f"  on disk     {disk:7.1f} MB   (target ≤ {TARGET_DISK_MB:.0f})  {verdict(disk <= TARGET_DISK_MB)}")
        print(f"  tar.gz      {tgz:7.1f} MB   (target ≤ {TARGET_TGZ_MB:.0f})  {verdict(tgz <= TARGET_TGZ_MB)}")
        print("\ntargets")
        print(f"  start → window   {med:6.3f} s    (≤ {TARGET_START_S} s)   {verdict(med <= TARGET_START_S)}")
        print(f"  peak memory      {peak:6.1f} MB   (≤ {TARGET_PEAK_MB:.0f} MB)  {verdict(peak <= TARGET_PEAK_MB)}"
              + (f"   (CLI search: {max(r.peak_mb for r in cli):.1f} MB)" if cli else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
