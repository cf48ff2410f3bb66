"""Start-up at a province's scale: the real content files copied to about 10,000 measures.

Measures, each as the median of ``--runs`` fresh processes, in the same run:

* ``main.py --content-dir C search 揭榜挂帅 --json`` from process start to exit;
* ``main.py --content-dir C`` from process start to the window shown (offscreen, the probe of
  ``bench/startup_bench.py``);
* both again with the shipped content (212 measures), as the same-run reference of a start that
  does not depend on content size;

each **with** the compiled content cache (``content/compiled.py``, warmed by a first run) and
**without** it (``KJZC_NO_CONTENT_CACHE=1``: every start parses every YAML file, as before the
cache).  The ratio with / without is printed next to the targets (CLI <= 0.5 s, window <= 1 s).

Python writes its bytecode caches here (as an installed app has them): ``PYTHONDONTWRITEBYTECODE``
is removed from the children's environment.

Usage::

    .venv/bin/python bench/scale_startup_bench.py [--measures 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

TARGETS = {"cli": 0.5, "window": 1.0}


def _env(data: Path, *, cache: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(KJZC_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    if not cache:
        env["KJZC_NO_CONTENT_CACHE"] = "1"
    else:
        env.pop("KJZC_NO_CONTENT_CACHE", None)
    return env


def _where(content: Path | None) -> list[str]:
    return ["--content-dir", str(content)] if content is not None else []


def time_cli(content: Path | None, env: dict[str, str]) -> float:
    a = time.time()
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), *_where(content), "search", "揭榜挂帅",
                        "--json"], env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
    if r.returncode != 0 or '"total"' not in r.stdout:
        raise RuntimeError(f"search failed ({r.returncode}): {r.stderr[-500:]}")
    return time.time() - a


def time_window(content: Path | None, env: dict[str, str]) -> float:
    e = dict(env, KJZC_STARTUP_PROBE="1")
    a = time.time()
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), *_where(content)], env=e,
                       capture_output=True, text=True, timeout=600, cwd=ROOT)
    for line in r.stdout.splitlines():
        if line.startswith("KJZC_WINDOW_SHOWN "):
            return float(line.split()[1]) - a
    raise RuntimeError(f"the window did not report being shown ({r.returncode}): {r.stderr[-500:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "kjzc-scale-startup"))
    args = ap.parse_args()
    from content_copies import make_copies

    work = Path(args.workdir)
    content = work / "content"
    data = work / "data"
    n = make_copies(content, args.measures)
    print(f"{n} measures in {content}")
    warm = _env(data, cache=True)
    print("first run (parses, caches, builds the index) …", flush=True)
    first = time_cli(content, warm)
    print(f"  {first:.1f} s")
    time_window(content, warm)  # Qt's own caches, the window's first start
    real_data = work / "data-real"
    time_cli(None, _env(real_data, cache=True))  # index and cache of the shipped content
    time_window(None, _env(real_data, cache=True))
    rows = []
    for label, fn in (("cli", time_cli), ("window", time_window)):
        res = {}
        for cache in (True, False):
            env = _env(data, cache=cache)
            res[cache] = statistics.median(fn(content, env) for _ in range(args.runs))
        real = statistics.median(fn(None, _env(real_data, cache=True)) for _ in range(args.runs))
        rows.append((label, res[True], res[False], real))
    print()
    print(f"{'':<24}{'10k, cache':>12}{'10k, none':>12}{'ratio':>7}{'212 real':>11}{'10k/real':>9}{'target':>8}")
    names = {"cli": "CLI search (process)", "window": "window shown"}
    for label, with_c, without, real in rows:
        ok = "met" if with_c <= TARGETS[label] else "NOT met"
        print(f"{names[label]:<24}{with_c:>11.2f}s{without:>11.2f}s{with_c / without:>7.2f}{real:>10.2f}s"
              f"{with_c / real:>9.2f}{TARGETS[label]:>7.1f}s  {ok}")
    print(f"\nmachine load (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
