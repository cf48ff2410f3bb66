"""How close an imported draft comes to the editor's finished file.

A curated measure is *split correctly* when the draft has a measure with the same wording (number,
printed title and layout aside), and *attached correctly* when that measure also sits in a part with
the same title.  ``python -m content.importer.evaluate`` re-imports the seeds of the bundled content
and prints the shares per document.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from content.importer.numbering import parse_marker
from content.loader import CONTENT_DIR, load_handbook, load_vocabulary
from content.model import Document, Measure, Part
from content.normalize import squash


def body_keys(m: Measure) -> set[str]:
    """A measure's wording without its printed number, with and without a printed title at its start
    (editors place number and title differently: in the text, or only in ``number``/``title``)."""
    s = squash(m.text)
    mk = parse_marker(s)
    if mk is not None and mk.rest:
        s = squash(mk.rest)
    keys = {s}
    t = squash(m.title)
    if t and not m.title_editorial and s.startswith(t):
        keys.add(s[len(t):].lstrip("。：:"))
    return keys


def title_key(title: str) -> str:
    """A part's title without its number and final full stop."""
    s = squash(title)
    mk = parse_marker(s)
    if mk is not None and mk.rest:
        s = squash(mk.rest)
    return s.rstrip("。")


def _parents(doc: Document) -> dict[str, Part]:
    return {m.id: p for p in doc.all_parts() for m in p.measures}


@dataclass
class Score:
    """The comparison of one draft with its curated document."""

    document: str
    curated: int
    drafted: int
    split: int
    attached: int
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share of curated measures split and attached correctly without editing."""
        return self.attached / self.curated if self.curated else 1.0


def compare(draft: Document, curated: Document) -> Score:
    """Score ``draft`` against the editor's ``curated`` document."""
    d_parent = _parents(draft)
    c_parent = _parents(curated)
    by_key: dict[str, list[Measure]] = {}
    for m in draft.all_measures():
        for k in body_keys(m):
            by_key.setdefault(k, []).append(m)
    split = attached = 0
    misses = []
    for m in curated.all_measures():
        found = [x for k in body_keys(m) for x in by_key.get(k, [])]
        if not found:
            misses.append(f"{m.id}: 拆分不同")
            continue
        split += 1
        want = title_key(c_parent[m.id].title)
        if any(title_key(d_parent[x.id].title) == want for x in found):
            attached += 1
        else:
            misses.append(f"{m.id}: 所属部分不同（应为“{c_parent[m.id].title}”）")
    return Score(curated.id, len(list(curated.all_measures())), len(list(draft.all_measures())), split, attached,
                 misses)


def evaluate_seeds(content_dir: Path = CONTENT_DIR) -> list[Score]:
    """Re-import every source of the bundled content and compare it with the curated file."""
    from content.importer.pipeline import import_file

    hb = load_handbook(content_dir)
    vocab = load_vocabulary()
    sources = content_dir.parent / "sources"
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in hb.documents:
            res = import_file(sources / doc.source_file, draft_path=Path(tmp) / f"{doc.id}.yaml",
                              sources_dir=Path(tmp) / "sources", vocab=vocab)
            if res.document is None:
                scores.append(Score(doc.id, len(list(doc.all_measures())), 0, 0, 0, ["草稿无法载入"]))
                continue
            scores.append(compare(res.document, doc))
    return scores


def main() -> int:
    scores = evaluate_seeds()
    print(f"{'文件':<22}{'编辑定稿':>6}{'草稿':>6}{'拆分正确':>8}{'拆分且归属正确':>10}{'比例':>8}")
    total_c = total_a = 0
    for s in scores:
        total_c += s.curated
        total_a += s.attached
        print(f"{s.document:<24}{s.curated:>8}{s.drafted:>8}{s.split:>10}{s.attached:>14}{s.share:>10.0%}")
    print(f"{'合计':<22}{total_c:>8}{'':>8}{'':>10}{total_a:>14}{total_a / total_c:>10.0%}")
    if "-v" in sys.argv:
        for s in scores:
            for miss in s.misses:
                print(f"  {s.document}: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
