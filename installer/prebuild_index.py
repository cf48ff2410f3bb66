"""Build the search index of the bundled content into a folder that the bundle ships read-only.

Usage: ``python installer/prebuild_index.py OUT_DIR`` (run by build_linux.sh / build_windows.ps1
before PyInstaller; kjzc.spec copies OUT_DIR to ``<bundle>/prebuilt_index/`` and the runtime hook
points ``KJZC_PREBUILT_INDEX`` at it).

The index is built by the index package's own code, so its stamp (a hash of the content, the
analyzer version and the search vocabulary) is exactly the one the app computes at start: the app
uses the prebuilt copy when the stamps match and otherwise builds its own in the per-user data
folder.  When ``index/`` has no build entry point yet, nothing is built and the app builds the index
per user on first search (exit 0, with a note).

The app finds the copy through ``KJZC_PREBUILT_INDEX`` (set by installer/pyi_rth_kjzc.py in the
frozen app): ``index.open_engine`` should look there first, read-only, and fall back to the per-user
index folder when the stamp differs (see installer/README.md, "Prebuilt index").
"""

from __future__ import annotations

import importlib
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: prebuild_index.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0]).resolve()
    sys.path.insert(0, str(ROOT))
    try:
        index = importlib.import_module("index")
    except ImportError as exc:
        print(f"prebuild_index.py: the index package cannot be imported ({exc}); no prebuilt index")
        return 0
    build_index = getattr(index, "build_index", None)
    if not callable(build_index):
        print("prebuild_index.py: index has no build_index() yet; the bundle ships no prebuilt index "
              "(the app builds one per user on first search)")
        return 0
    from content.loader import load_handbook

    hb = load_handbook()
    if hb.errors:
        print(f"prebuild_index.py: note: the content has {len(hb.errors)} problem(s); indexing what loaded")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    t0 = time.perf_counter()
    # The same function the app uses, on the same content, so the stamp is the one the app computes.
    gen = Path(build_index(hb, out))
    # Only the published generation belongs in a read-only copy (no locks, no temporary folders).
    for p in sorted(out.iterdir()):
        if p != gen:
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    files = [p for p in gen.rglob("*") if p.is_file()]
    if not files:
        print(f"prebuild_index.py: build_index wrote nothing into {out}", file=sys.stderr)
        return 1
    size_kb = sum(p.stat().st_size for p in files) // 1024
    print(f"prebuild_index.py: {gen.relative_to(out.parent)} ({len(files)} files, {size_kb} KB) built in "
          f"{time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
