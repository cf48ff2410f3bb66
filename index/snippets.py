"""Snippets: a short window of a hit's text around its matches, with the matches located.

Matching happens on normalised text (:func:`index.normalize.normalize_with_map`) and is mapped back
to the original characters, so full-width digits, spaces inside numbers and upper-case e-mails are
marked where they are printed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from index.normalize import normalize, normalize_with_map

#: Target snippet length in characters.
SNIPPET_CHARS = 110
#: Longer texts are not scanned whole: the snippet comes from around the first match.
SCAN_CHARS = 20000
#: Matches located per needle (a snippet shows a few; a huge text may hold millions).
MAX_SPANS = 200
_BREAKS = "。；;！？!?\n"
ELLIPSIS = "…"


def find_spans(text: str, needles: Sequence[Sequence[str]]) -> list[tuple[int, int, int]]:
    """Every occurrence of every needle in ``text``, as ``(start, end, group)`` in original indices.

    Args:
        text: Original text.
        needles: One sequence of normalised strings per query group.
    """
    out: list[tuple[int, int, int]] = []
    folded = normalize(text)
    mapped: tuple[str, list[int]] | None = None
    for gi, group in enumerate(needles):
        for needle in group:
            if not needle:
                continue
            expected = folded.count(needle)
            if not expected:
                continue
            # Fast path: the needle is printed exactly as normalised (most Chinese text is).
            if text.count(needle) == expected:
                pos = text.find(needle)
                found = 0
                while pos >= 0 and found < MAX_SPANS:
                    out.append((pos, pos + len(needle), gi))
                    found += 1
                    pos = text.find(needle, pos + 1)
                continue
            if mapped is None:
                mapped = normalize_with_map(text)
            norm, origin = mapped
            pos = norm.find(needle)
            found = 0
            while pos >= 0 and found < MAX_SPANS:
                end = pos + len(needle)
                out.append((origin[pos], origin[end - 1] + 1, gi))
                found += 1
                pos = norm.find(needle, pos + 1)
    out.sort()
    return out


def merge_spans(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching spans.

    >>> merge_spans([(0, 2), (1, 4), (6, 7)])
    [(0, 4), (6, 7)]
    """
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def _best_window(found: list[tuple[int, int, int]], length: int, width: int) -> int:
    """Start of the window of ``width`` characters covering the most distinct groups, then matches."""
    best_start, best_key = 0, (-1, -1, 0)
    found = found[:MAX_SPANS]
    for i, (a, _b, _g) in enumerate(found):
        start = max(0, min(a - width // 4, length - width))
        end = start + width
        groups = set()
        count = 0
        for a2, b2, g2 in found[i:]:
            if a2 >= end:
                break
            if a2 >= start and b2 <= end:
                groups.add(g2)
                count += 1
        key = (len(groups), count, -a)
        if key > best_key:
            best_key, best_start = key, start
    return best_start


def make_snippet(
    text: str, needles: Sequence[Sequence[str]], width: int = SNIPPET_CHARS,
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A plain-text snippet of ``text`` and the spans of the matched terms inside it.

    >>> s, spans = make_snippet("单个项目最高不超过1000万元。", [["1000万"]])
    >>> s, [s[a:b] for a, b in spans]
    ('单个项目最高不超过1000万元。', ['1000万'])
    """
    full_length = len(text)
    cut = 0
    if len(text) > SCAN_CHARS:
        # A huge text (an attached table, a pasted annex): look only around the first match.
        firsts = [p for p in (text.find(v) for g in needles for v in g if v) if p >= 0]
        first = min(firsts) if firsts else 0
        cut = max(0, first - 4 * width)
        text = text[cut : cut + SCAN_CHARS // 4]
    flat = text.replace("\r", " ").replace("\n", " ")
    found = find_spans(flat, needles)
    if len(flat) <= width:
        start, end = 0, len(flat)
    else:
        start = _best_window(found, len(flat), width) if found else 0
        if start > 0:
            # Begin at a sentence start when one is shortly before the first match in the window.
            first = next((a for a, _b, _g in found if a >= start), start)
            cut = max(flat.rfind(c, max(0, start - 20), first) for c in _BREAKS)
            if cut >= 0:
                start = cut + 1
        end = min(len(flat), start + width)
    while start < end and flat[start].isspace():
        start += 1
    while end > start and flat[end - 1].isspace():
        end -= 1
    body = flat[start:end]
    prefix = ELLIPSIS if start > 0 or cut > 0 else ""
    suffix = ELLIPSIS if end < len(flat) or cut + len(flat) < full_length else ""
    spans = merge_spans([(a, b) for a, b, _g in found if a >= start and b <= end])
    shift = len(prefix) - start
    return prefix + body + suffix, tuple((a + shift, b + shift) for a, b in spans)


def mark(snippet: str, spans: Sequence[tuple[int, int]], open_: str = "<mark>", close: str = "</mark>", *,
         html_escape: bool = True) -> str:
    """Wrap each span of ``snippet`` in ``open_``/``close``; escape the rest for HTML if asked.

    >>> mark("a<b>c", [(1, 4)])
    'a<mark>&lt;b&gt;</mark>c'
    """
    def esc(s: str) -> str:
        return html.escape(s) if html_escape else s

    out: list[str] = []
    pos = 0
    for a, b in merge_spans([(max(0, a), min(len(snippet), b)) for a, b in spans if b > a]):
        if a < pos:
            continue
        out.append(esc(snippet[pos:a]))
        out.append(open_ + esc(snippet[a:b]) + close)
        pos = b
    out.append(esc(snippet[pos:]))
    return "".join(out)
