"""Facets: per-document value codes (``facets.bin``/``facets.json``), filter masks and counts.

Single-valued facets (kind, level, region, status, document) store one code per document (one
byte, or two when a generated corpus has more than 255 values); the multi-valued topic facet one
mask per topic; the ``contact`` flag one mask.  Documents occupy contiguous runs of document
numbers, so the document facet is also stored as runs and counted with one ``bytes.count`` per
run.  Every count runs in C over the bytes of a mask.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path

from index.bits import value_mask
from index.results import FACET_KEYS
from index.store import SearchIndexError

#: Facets with more values than this are counted by code or by run, not one mask per value.
_FACET_MASK_MAX = 40


@dataclass
class SingleFacet:
    """A single-valued facet: ``values`` and each document's code (0 = none, else index + 1)."""

    values: list[str]
    codes: Sequence[int]
    _masks: dict[str, int] = field(default_factory=dict)
    _code_int: int | None = None

    def mask(self, value: str) -> int:
        m = self._masks.get(value)
        if m is None:
            m = 0
            if value in self.values:
                code = self.values.index(value) + 1
                if isinstance(self.codes, bytes):
                    m = value_mask(self.codes, code)
                else:
                    n = len(self.codes)
                    m = int.from_bytes(bytes(1 if c == code else 0 for c in self.codes), "little") if n else 0
            self._masks[value] = m
        return m

    def count(self, base: int, n: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        if isinstance(self.codes, bytes):
            if self._code_int is None:
                self._code_int = int.from_bytes(self.codes, "little")
            # Each byte of code_int is a document's value code; keep the codes of the result set
            # (base * 255 is 0xFF in their bytes) and count each code: all in C.
            kept = (self._code_int & (base * 255)).to_bytes(n, "little")
            for i, value in enumerate(self.values, start=1):
                cnt = kept.count(i)
                if cnt:
                    counts[value] = cnt
            return counts
        c = Counter(compress(self.codes, base.to_bytes(n, "little")))
        for code, cnt in c.items():
            if code:
                counts[self.values[code - 1]] = cnt
        return counts


class FacetTable:
    """The facet side files of one generation."""

    def __init__(self, gen: Path, n: int) -> None:
        spec = json.loads((gen / "facets.json").read_text(encoding="utf-8"))
        if spec.get("doc_count") != n:
            raise SearchIndexError(f"{gen}：分面表与索引不符")
        self.blob = (gen / "facets.bin").read_bytes()
        self.n = n
        self.single: dict[str, SingleFacet] = {}
        for name, v in spec["single"].items():
            off = int(v["offset"])
            if int(v.get("width", 1)) == 1:
                codes: Sequence[int] = self.blob[off : off + n]
            else:
                arr = array("H")
                arr.frombytes(self.blob[off : off + 2 * n])
                if sys.byteorder != "little":  # pragma: no cover
                    arr.byteswap()
                codes = arr
            if len(codes) != n:
                raise SearchIndexError(f"{gen}：分面表已损坏")
            self.single[name] = SingleFacet(list(v["values"]), codes)
        self.multi: dict[str, dict[str, int]] = {k: dict(v) for k, v in spec["multi"].items()}
        self.flags: dict[str, int] = dict(spec["flags"])
        self.runs: dict[str, dict[str, list[tuple[int, int]]]] = {
            k: {v: [(int(a), int(b)) for a, b in spans] for v, spans in vals.items()}
            for k, vals in spec.get("runs", {}).items()
        }
        self._run_tables: dict[str, tuple[list[str], array[int], array[int]]] = {}
        self._cache: dict[tuple[str, str], int] = {}

    def clear_cache(self) -> None:
        """Forget the masks made so far (benchmarks of cold queries)."""
        self._cache.clear()
        for f in self.single.values():
            f._masks.clear()

    def values(self, name: str) -> list[str]:
        if name in self.single:
            return self.single[name].values
        return sorted(self.multi.get(name, {}))

    def mask(self, name: str, value: str) -> int:
        """Documents with ``name == value`` (a flag: ``mask("contact", "")``)."""
        if name in self.single:
            return self.single[name].mask(value)
        key = (name, value)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        m = 0
        off = self.multi[name].get(value) if name in self.multi else self.flags.get(name)
        if off is not None:
            m = int.from_bytes(self.blob[off : off + self.n], "little")
        self._cache[key] = m
        return m

    def containers(self) -> int:
        """Parts and documents (as a mask)."""
        return self.mask("kind", "part") | self.mask("kind", "document")

    def _run_table(self, name: str) -> tuple[list[str], array[int], array[int]] | None:
        runs = self.runs.get(name)
        if runs is None:
            return None
        cached = self._run_tables.get(name)
        if cached is None:
            values: list[str] = []
            starts = array("Q")
            ends = array("Q")
            for value, spans in runs.items():
                for a, b in spans:
                    values.append(value)
                    starts.append(a)
                    ends.append(b)
            cached = (values, starts, ends)
            self._run_tables[name] = cached
        return cached

    def count(self, name: str, base: int, single: Mapping[str, SingleFacet] | None = None) -> dict[str, int]:
        """Number of documents of ``base`` per value of facet ``name``, most frequent first.

        ``single`` may replace a single-valued facet (the status seam, see :mod:`index.status`).
        """
        counts: dict[str, int] = {}
        override = (single or {}).get(name)
        runs = self._run_table(name) if override is None else None
        if not base:
            pass
        elif runs is not None and len(self.runs[name]) > _FACET_MASK_MAX:
            bb = base.to_bytes(self.n, "little")
            values, starts, ends = runs
            per_run = list(map(bb.count, repeat(b"\x01"), starts, ends))
            for i in compress(range(len(per_run)), per_run):
                counts[values[i]] = counts.get(values[i], 0) + per_run[i]
        elif override is not None or name in self.single:
            facet = override if override is not None else self.single[name]
            counts = facet.count(base, self.n)
        else:
            for value in self.values(name):
                cnt = (base & self.mask(name, value)).bit_count()
                if cnt:
                    counts[value] = cnt
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def facet_counts(table: FacetTable, r0: int, fmasks: Mapping[str, int],
                 single: Mapping[str, SingleFacet] | None = None) -> dict[str, dict[str, int]]:
    """Counts of every facet over ``r0``, each with every *other* filter applied."""
    out: dict[str, dict[str, int]] = {}
    for key in FACET_KEYS:
        base = r0
        for other, m in fmasks.items():
            if other != key:
                base &= m
        out[key] = table.count(key, base, single)
    return out

