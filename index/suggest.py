"""Suggestions ("您是不是要找"): vocabulary words that look like what found nothing, or contain it.

The vocabulary (``vocab.json``: synonyms, topics, part and document titles, pinyin readings) is
indexed by character bigram and by letter trigram of its pinyin, so a mistyped word (创新卷, 高新技
术企亚) or mistyped pinyin (jiebnag) finds its neighbours without comparing it with every entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from index.build import TEXT_SLOTS
from index.generation import Generation
from index.normalize import is_cjk, normalize
from index.postings import Postings
from index.query import ParsedQuery

SUGGEST_MAX = 5


class Suggester:
    """Suggestions over the vocabulary of one generation."""

    def __init__(self, gen: Generation, postings: Postings) -> None:
        self.g = gen
        self.p = postings
        self._keys: dict[str, list[int]] | None = None

    def similar_candidates(self, word: str) -> list[int]:
        """Vocabulary entries sharing a character bigram (or, for pinyin, a letter trigram) with ``word``."""
        if self._keys is None:
            keys: dict[str, list[int]] = {}
            for i, e in enumerate(self.g.vocabulary()):
                grams = {e["n"][j : j + 2] for j in range(len(e["n"]) - 1)}
                for k in (e.get("py", ""), e.get("ini", "")):
                    grams.update("#" + k[j : j + 3] for j in range(len(k) - 2))
                for g in grams:
                    keys.setdefault(g, []).append(i)
            self._keys = keys
        if word.isascii() and word.isalpha():
            grams = {"#" + word[j : j + 3] for j in range(len(word) - 2)}
        else:
            grams = {word[j : j + 2] for j in range(len(word) - 1)}
        out: set[int] = set()
        for g in grams:
            out.update(self._keys.get(g, ()))
        return sorted(out)

    def suggestions(self, words: Sequence[str], total: int, *, first: str = "") -> list[str]:
        """Up to :data:`SUGGEST_MAX` other queries that find something.

        Args:
            words: The normalised words of the query.
            total: How many items the query found.
            first: A suggestion to put first (e.g. the query split into words).
        """
        if not words:
            return [first] if first else []
        vocab = self.g.vocabulary()
        scored: dict[str, float] = {}
        for w in words:
            if total < 3 or not self.p.occurs(w):
                for i in self.similar_candidates(w):
                    entry = vocab[i]
                    sim = similarity(w, entry)
                    if sim > 0 and entry["n"] != w:
                        scored[entry["t"]] = max(scored.get(entry["t"], 0.0), sim)
            for entry in vocab:
                n = entry["n"]
                if w in n and n != w:
                    scored[entry["t"]] = max(scored.get(entry["t"], 0.0), 0.5 + len(w) / (2.0 * len(n)))
        out: list[str] = [first] if first else []
        for text, _s in sorted(scored.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0])):
            if text not in out and self.p.occurs(normalize(text)):
                out.append(text)
            if len(out) >= SUGGEST_MAX:
                break
        return out

    def relaxed_query(self, pq: ParsedQuery, total: int, count: Callable[[str], int]) -> str:
        """The query with one long Chinese word cut in two, if that finds more (申报时间 -> 申报 时间)."""
        words = [g[0] for g in pq.groups if len(g) == 1 and not g[0].quoted]
        for t in sorted(words, key=lambda t: -len(t.norm)):
            w = t.norm
            if len(w) < 4 or not all(is_cjk(c) for c in w):
                continue
            best: tuple[int, str, str] | None = None
            for i in range(2, len(w) - 1):
                a, b = w[:i], w[i:]
                if self.p.occurs(a) and self.p.occurs(b):
                    score = min(sum(self.p.df(sl, a[:2]) for sl in TEXT_SLOTS),
                                sum(self.p.df(sl, b[:2]) for sl in TEXT_SLOTS))
                    if best is None or score > best[0]:
                        best = (score, a, b)
            if best is None:
                continue
            parts = [x.typed if x is not t else f"{best[1]} {best[2]}" for g in pq.groups for x in g]
            candidate = " ".join(parts + [f"-{x.typed}" for x in pq.excluded])
            if count(candidate) > total:
                return candidate
        return ""


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance, or ``cap + 1`` once it exceeds ``cap``.

    >>> edit_distance("jiebnag", "jiebang")
    2
    """
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        best = i
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            best = min(best, cur[j])
        if best > cap:
            return cap + 1
        prev = cur
    return prev[-1]


def similarity(word: str, entry: Mapping[str, str]) -> float:
    """How much a vocabulary entry looks like a word that found nothing (0 = not at all)."""
    n = entry["n"]
    if word.isascii() and word.isalpha():
        best = 0.0
        for key in (entry.get("py", ""), entry.get("ini", "")):
            if not key or len(word) < 3:
                continue
            if key.startswith(word):
                best = max(best, 0.6)
            dist = edit_distance(word, key[: len(word) + 1], cap=2)
            allowed = 1 if len(word) < 7 else 2
            if dist <= allowed:
                best = max(best, 0.9 - 0.2 * dist)
        return best
    if len(word) < 2 or len(n) < 2:
        return 0.0
    a = {word[i : i + 2] for i in range(len(word) - 1)}
    b = {n[i : i + 2] for i in range(len(n) - 1)}
    common = len(a & b)
    if not common:
        return 0.0
    dice = 2.0 * common / (len(a) + len(b))
    same_chars = len(set(word) & set(n)) / max(len(set(word)), 1)
    score = 0.7 * dice + 0.3 * same_chars
    return score if score >= 0.45 else 0.0
