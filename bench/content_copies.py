"""A content folder of about N measures made of copies of the real content files.

Each copy of each real YAML file gets its ids suffixed (``hb12-01`` -> ``hb12-01-c7``) so that every
id stays unique; everything else is the real text.  Used by the start-up benchmarks: a province's
library is thousands of documents, and parsing them is what start-up must not depend on.

Usage: ``python bench/content_copies.py OUT_DIR [--measures 10000]``
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_ID = re.compile(r"^(\s*(?:-\s+)?id:\s*)([a-z0-9][a-z0-9-]*)\s*$", re.M)


def make_copies(out: Path, measures: int) -> int:
    """Write the copies into ``out`` (replacing it); return the number of measures written."""
    from content.loader import CONTENT_DIR, load_handbook

    real = load_handbook(CONTENT_DIR)
    per_copy = len(real.measures())
    copies = max(1, -(-measures // per_copy))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    files = sorted(p for p in CONTENT_DIR.glob("*.yaml") if not p.name.startswith("_"))
    for k in range(copies):
        for f in files:
            text = f.read_text(encoding="utf-8")
            if k:
                text = _ID.sub(rf"\g<1>\g<2>-c{k}", text)
            (out / f"{f.stem}-c{k}.yaml").write_text(text, encoding="utf-8")
    shutil.copy(CONTENT_DIR / "_manifest.yaml", out / "_manifest.yaml")
    return copies * per_copy


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--measures", type=int, default=10000)
    args = ap.parse_args()
    n = make_copies(Path(args.out), args.measures)
    print(f"{n} measures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
