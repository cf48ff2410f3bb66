"""Relevance of the app's search against two strong baselines, on a judged set, in the same run.

The judged set (``bench/relevance_set.yaml``) holds realistic queries in seven classes (keywords,
whole questions, pinyin, abbreviations, 文号, phone numbers, offices and persons), each judged by
reading the documents.  Three systems search the same items (every measure, part and document of
the real content, with the same text: title, topics, source, contacts, body, notes, breadcrumb):

* **app** — the handbook's own engine (``index``), as the window and CLI use it;
* **jieba + BM25** — jieba's word segmentation (documents and queries) and Okapi BM25
  (k1 = 1.2, b = 0.75) with the title counted twice;
* **SQLite FTS5 trigram** — FTS5's ``trigram`` tokenizer with ``bm25()`` (title weighted 10:1);
  every word of the query must match (words shorter than three characters through ``LIKE``), and
  when nothing matches, the query's trigrams are OR-ed.

Metrics: nDCG@10 (graded), MRR (first item of grade >= 1) and the share of queries with no result,
per class and overall.  A recall check compares the app's whole result set with a plain substring
scan for every single-word query the scan can answer: it must be 1.0.

The baselines are installed only for the benchmark, never as app dependencies::

    .venv/bin/python -m pip install 'jieba>=0.42.1,<0.43'     # SQLite ships with Python

Usage::

    .venv/bin/python bench/relevance_bench.py [--show QUERY] [--json FILE] [--details]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sqlite3
import statistics
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SET_FILE = Path(__file__).resolve().parent / "relevance_set.yaml"
K = 10
CLASSES = ("keyword", "question", "pinyin", "abbrev", "docnum", "phone", "office")
TARGETS = {"ndcg": 0.90, "ndcg_question": 0.80}


# --------------------------------------------------------------------------------------------
# The judged set
# --------------------------------------------------------------------------------------------
def load_set(hb: Any) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(SET_FILE.read_text(encoding="utf-8"))
    out = []
    for item in data["queries"]:
        q = str(item["q"])
        rel = {str(k): int(v) for k, v in item["rel"].items()}
        unknown = [i for i in rel if hb.find(i) is None]
        if unknown:
            raise SystemExit(f"relevance_set.yaml: {q}: unknown ids {unknown}")
        if item["class"] not in CLASSES:
            raise SystemExit(f"relevance_set.yaml: {q}: unknown class {item['class']}")
        out.append({"q": q, "class": item["class"], "rel": rel})
    return out


# --------------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------------
def ndcg(ranked: Sequence[str], rel: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def rr(ranked: Sequence[str], rel: dict[str, int]) -> float:
    for i, d in enumerate(ranked):
        if rel.get(d, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


# --------------------------------------------------------------------------------------------
# Documents for the baselines: the same items and text as the index
# --------------------------------------------------------------------------------------------
def documents(hb: Any) -> list[tuple[str, str, str]]:
    """``(id, title, text)`` of every searchable item (text: everything the index searches)."""
    from index.build import iter_units

    out = []
    for u in iter_units(hb, readings=False):
        meta = [*u.topics, *u.extra, *u.path[:-1]]
        text = "\n".join([u.body, *meta])
        out.append((u.uid, u.title, text))
    return out


def _is_word(tok: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in tok)


class Bm25:
    """jieba segmentation + Okapi BM25, title counted twice."""

    def __init__(self, docs: list[tuple[str, str, str]], k1: float = 1.2, b: float = 0.75) -> None:
        import jieba

        jieba.setLogLevel(60)
        self.jieba = jieba
        self.ids = [d[0] for d in docs]
        self.tf: list[Counter[str]] = []
        df: Counter[str] = Counter()
        for _id, title, text in docs:
            toks = [t.lower() for t in jieba.lcut(f"{title}\n{title}\n{text}") if _is_word(t)]
            c = Counter(toks)
            self.tf.append(c)
            df.update(c.keys())
        self.len = [sum(c.values()) for c in self.tf]
        self.avg = statistics.mean(self.len) if self.len else 1.0
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.k1, self.b = k1, b

    def search(self, q: str) -> list[str]:
        toks = [t.lower() for t in self.jieba.lcut(q) if _is_word(t)]
        scores: dict[int, float] = defaultdict(float)
        for t in set(toks):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, c in enumerate(self.tf):
                f = c.get(t)
                if f:
                    scores[i] += idf * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self.len[i] / self.avg))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        return [self.ids[i] for i, _s in ranked]


class Fts5Trigram:
    """SQLite FTS5 with the trigram tokenizer, ranked by bm25()."""

    def __init__(self, docs: list[tuple[str, str, str]]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE d USING fts5(uid UNINDEXED, title, body, tokenize='trigram')")
        self.db.executemany("INSERT INTO d(uid, title, body) VALUES (?, ?, ?)", docs)

    @staticmethod
    def _words(q: str) -> list[str]:
        return [w for w in re.split(r"[\s,，。？?！!、；;：:（）()\[\]〔〕［］“”\"'《》]+", q) if w]

    def _run(self, where: str, params: list[str]) -> list[str]:
        sql = f"SELECT uid FROM d WHERE {where} ORDER BY bm25(d, 0.0, 10.0, 1.0)" if "MATCH" in where else \
            f"SELECT uid FROM d WHERE {where} ORDER BY (title LIKE ?) DESC, rowid"
        if "MATCH" not in where:
            params = [*params, f"%{params[0].strip('%')}%"] if params else params
        try:
            return [r[0] for r in self.db.execute(sql, params)]
        except sqlite3.OperationalError:
            return []

    def search(self, q: str) -> list[str]:
        words = self._words(q)
        if not words:
            return []
        longs = [w for w in words if len(w) >= 3]
        shorts = [w for w in words if len(w) < 3]
        conds: list[str] = []
        params: list[str] = []
        if longs:
            conds.append("d MATCH ?")
            params.append(" AND ".join('"' + w.replace('"', '""') + '"' for w in longs))
        for w in shorts:
            conds.append("(title LIKE ? OR body LIKE ?)")
            params += [f"%{w}%", f"%{w}%"]
        found = self._run(" AND ".join(conds), params)
        if found:
            return found
        grams = {w[i : i + 3] for w in words for i in range(max(1, len(w) - 2)) if len(w[i : i + 3]) == 3}
        if not grams:
            return []
        return self._run("d MATCH ?", [" OR ".join('"' + g.replace('"', '""') + '"' for g in sorted(grams))])


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------
def run_app(hb: Any, workdir: Path) -> tuple[Callable[[str], list[str]], Any]:
    import index
    from index.status import handbook_statuses

    engine = index.open_engine(hb, workdir / "index")
    statuses = handbook_statuses(hb)

    def search(q: str) -> list[str]:
        r = engine.search(q, limit=K, snippets=False, statuses=statuses)
        return [h.id for h in (*r.hits, *r.related)]  # as the window shows them: exact, then related

    return search, engine


def recall_check(engine: Any, docs: list[tuple[str, str, str]], judged: list[dict[str, Any]]) -> tuple[float, int]:
    """The app's whole result set against a substring scan, for single-word queries."""
    from index.normalize import normalize
    from index.query import parse

    texts = [normalize(f"{t}\n{x}") for _i, t, x in docs]
    ids = [d[0] for d in docs]
    worst = 1.0
    checked = 0
    for item in judged:
        q = item["q"]
        pq = parse(q)
        if len(pq.groups) != 1 or item["class"] in ("pinyin",):
            continue
        needle = pq.groups[0][0].norm
        scan = {ids[i] for i, t in enumerate(texts) if needle in t}
        if not scan:
            continue
        got = set(engine.matching_ids(q))
        worst = min(worst, len(got & scan) / len(scan))
        checked += 1
    return worst, checked


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", help="write every figure to this file")
    ap.add_argument("--details", action="store_true", help="print every query's nDCG for each system")
    ap.add_argument("--show", help="print the top 10 of each system for this query")
    ap.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "kjzc-relevance-bench"))
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import jieba  # noqa: F401
    except ImportError:
        print("jieba is needed for the baseline: .venv/bin/python -m pip install 'jieba>=0.42.1,<0.43'")
        return 2
    from content.loader import load_handbook

    hb = load_handbook()
    judged = load_set(hb)
    docs = documents(hb)
    app, engine = run_app(hb, Path(args.workdir))
    systems: dict[str, Callable[[str], list[str]]] = {
        "app": app, "jieba+BM25": Bm25(docs).search, "FTS5 trigram": Fts5Trigram(docs).search,
    }
    if args.show:
        for name, fn in systems.items():
            print(f"--- {name}")
            item = next((x for x in judged if x["q"] == args.show), {"rel": {}})
            for i, d in enumerate(fn(args.show)[:K], 1):
                item_ = hb.find(d)
                title = getattr(item_, "display_title", None) or getattr(item_, "title", "")
                print(f"{i:>2}. [{item['rel'].get(d, 0)}] {d} {title}")
        return 0
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in systems}
    for item in judged:
        for name, fn in systems.items():
            ranked = fn(item["q"])
            rows[name].append({"q": item["q"], "class": item["class"], "ndcg": ndcg(ranked, item["rel"]),
                               "rr": rr(ranked, item["rel"]), "zero": not ranked})

    def agg(rs: list[dict[str, Any]]) -> tuple[float, float, float]:
        if not rs:
            return 0.0, 0.0, 0.0
        return (statistics.mean(r["ndcg"] for r in rs), statistics.mean(r["rr"] for r in rs),
                sum(r["zero"] for r in rs) / len(rs))

    names = list(systems)
    counts = Counter(item["class"] for item in judged)
    print(f"{len(judged)} judged queries on {len(docs)} items ({len(hb.measures())} measures)\n")
    header = f"{'class':<22}" + "".join(f"{n:>28}" for n in names)
    print(header)
    print(f"{'':<22}" + "".join(f"{'nDCG@10   MRR   zero':>28}" for _ in names))
    summary: dict[str, Any] = {}
    groups = [(c, [c]) for c in CLASSES] + [("all", list(CLASSES)),
                                             ("all without pinyin", [c for c in CLASSES if c != "pinyin"])]
    for label, classes in groups:
        line = f"{label + (f' ({counts[label]})' if label in counts else ''):<22}"
        for n in names:
            a = agg([r for r in rows[n] if r["class"] in classes])
            summary.setdefault(label, {})[n] = {"ndcg": a[0], "mrr": a[1], "zero": a[2]}
            line += f"{a[0]:>14.3f}{a[1]:>7.3f}{a[2]:>7.3f}"
        print(line)
    if args.details:
        print()
        for i, item in enumerate(judged):
            print(f"{item['class']:<9} {item['q'][:30]:<32}" + "".join(f"{rows[n][i]['ndcg']:>8.3f}" for n in names))
    worst, checked = recall_check(engine, docs, judged)
    engine.close()
    print(f"\nrecall against a substring scan: {worst:.3f} (worst of {checked} single-word queries)")
    app_all = summary["all"]["app"]["ndcg"]
    app_q = summary["question"]["app"]["ndcg"]
    ahead = all(app_all > summary["all"][n]["ndcg"] for n in names[1:])
    print("\n=== targets")
    for label, value, ok in (
        (f"nDCG@10 all >= {TARGETS['ndcg']}", app_all, app_all >= TARGETS["ndcg"]),
        (f"nDCG@10 questions >= {TARGETS['ndcg_question']}", app_q, app_q >= TARGETS["ndcg_question"]),
        ("ahead of both baselines (all)", app_all, ahead),
        ("recall 1.0 against a scan", worst, worst >= 1.0),
    ):
        print(f"{label:<40} {value:>7.3f}  {'met' if ok else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps({"summary": summary, "rows": rows, "recall": worst},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
