"""Content packs: verify, install, layered load and index rebuild, against baselines of the same run.

Usage::

    .venv/bin/python bench/pack_bench.py [--runs 5]

A pack of the whole shipped content (five documents, sources, calculators, 比一比 pages) is built once
(version 1) with a second version that removes one document and one measure (so it carries an
archive).  Each figure is the median of ``--runs`` runs in this process:

* **verify**: signature and every member's hash (``pack verify``);
* **install**: writing the verified pack into a fresh data folder through content/safe_io.py;
* **load, shipped** (baseline): the content bundle with no pack installed;
* **load, layered**: the bundle with version 1 (a copy of everything) and with version 2 (archive) installed;
* **index rebuild**: ``index.build_index`` of the layered content, against the build of the shipped
  content (the baseline) — what the window does in the background after an install.

Targets (issue 17): verify + install ≤ 2 s; layered load ≤ 1.5 × the shipped load (a pack's file that
is identical to one already read is not parsed again, so a province pack carrying the shipped files
costs little at start-up); index rebuild ≤ 1.3 × the shipped build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    runs = max(1, args.runs)

    from content.bundle import load_bundle
    from content.loader import CONTENT_DIR
    from content.packs import store
    from content.packs.pack import build, verify
    from content.packs.signing import keygen
    from index.api import build_index

    tmp = Path(tempfile.mkdtemp(prefix="kjzc-pack-bench-"))
    try:
        root = tmp / "root"
        for folder in ("data", "sources", "calculators", "curated"):
            shutil.copytree(CONTENT_DIR.parent / folder, root / folder)
        key = tmp / "k.pem"
        pub = keygen(key, "河北省科学技术厅")
        p1, p2 = tmp / "p1.zip", tmp / "p2.zip"
        build(root=root, key_file=key, out=p1, pack_id="hebei", version=1, publisher="河北省科学技术厅", date="2026-01-05")
        v1 = verify(p1, [pub])
        (root / "data" / "lf-kjqs.yaml").unlink()
        z = root / "data" / "sjz-zhaibian-2023.yaml"
        lines = z.read_text(encoding="utf-8").splitlines(keepends=True)
        a = next(i for i, line in enumerate(lines) if line.strip() == "- id: zb-05-06")
        e = next(i for i, line in enumerate(lines) if line.strip() == "- id: zb-05-07")
        z.write_text("".join(lines[:a] + lines[e:]), encoding="utf-8")
        build(root=root, key_file=key, out=p2, pack_id="hebei", version=2, publisher="河北省科学技术厅", previous=v1,
              date="2026-03-01")
        v2 = verify(p2, [pub])

        t_verify = median_time(lambda: verify(p1, [pub]), runs)
        counter = iter(range(10**6))

        def install_fresh() -> None:
            store.install(v1, tmp / f"data-{next(counter)}")

        t_install = median_time(install_fresh, runs)
        empty, d1, d2 = tmp / "empty", tmp / "d1", tmp / "d2"
        empty.mkdir()
        store.install(v1, d1)
        store.install(v1, d2)
        store.install(v2, d2)
        loads: dict[Path, list[float]] = {empty: [], d1: [], d2: []}
        for _ in range(runs):  # interleaved: a busy machine slows all three alike
            for folder, times in loads.items():
                times.append(median_time(lambda folder=folder: load_bundle(data_dir=folder), 1))
        t_shipped, t_layer1, t_layer2 = (statistics.median(loads[f]) for f in (empty, d1, d2))
        hb0 = load_bundle(data_dir=empty).handbook
        hb2 = load_bundle(data_dir=d2).handbook
        build_index(hb0, tmp / "warm-up")  # the first build also loads the lexicon and pinyin tables
        i0, i2 = [], []
        for i in range(runs):  # interleaved, each into a fresh folder: a busy machine slows both alike
            i0.append(median_time(lambda i=i: build_index(hb0, tmp / f"idx0-{i}"), 1))
            i2.append(median_time(lambda i=i: build_index(hb2, tmp / f"idx2-{i}"), 1))
        t_idx0, t_idx2 = statistics.median(i0), statistics.median(i2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    archive = sum(1 for n in v2.files if n.startswith("content/archive/"))
    print(f"pack of the whole content: {len(v1.files)} files; version 2 carries {archive} archive files")
    print(f"verify                          {t_verify * 1000:8.1f} ms")
    print(f"install (fresh data folder)     {t_install * 1000:8.1f} ms")
    print(f"verify + install                {(t_verify + t_install) * 1000:8.1f} ms   target ≤ 2000 ms")
    print(f"load, shipped only (baseline)   {t_shipped * 1000:8.1f} ms")
    print(f"load, + pack v1                 {t_layer1 * 1000:8.1f} ms   ×{t_layer1 / t_shipped:.2f}  target ≤ ×1.5")
    print(f"load, + pack v2 (archive)       {t_layer2 * 1000:8.1f} ms   ×{t_layer2 / t_shipped:.2f}  target ≤ ×1.5")
    print(f"index build, shipped (baseline) {t_idx0 * 1000:8.1f} ms")
    print(f"index rebuild after install     {t_idx2 * 1000:8.1f} ms   ×{t_idx2 / t_idx0:.2f}  target ≤ ×1.3")
    ok = (t_verify + t_install <= 2.0 and t_layer1 <= 1.5 * t_shipped and t_layer2 <= 1.5 * t_shipped
          and t_idx2 <= 1.3 * t_idx0)
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
