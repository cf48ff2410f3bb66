"""Document sets as Python integers: one byte per document ("spread" masks, bit ``8 * docnum``).

AND/OR/NOT of document sets, filters and facet counts are then single big-integer operations
that run in C, and a weighted sum of masks gives every document's coarse score at once (each
byte holds one document's score; weights stay below 256 so bytes never carry into each other).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from itertools import compress, repeat

#: Expands a byte of a packed mask (bit i = document 8k+i) into 8 bytes of a spread mask.
SPREAD8 = [bytes((v >> i) & 1 for i in range(8)) for v in range(256)]
_ONE = re.compile(b"\x01")


def mask_from_ids(ids: Iterable[int], n: int) -> int:
    """The mask of a set of document numbers below ``n``.

    >>> bin(mask_from_ids([0, 2], 3))
    '0b10000000000000001'
    """
    ba = bytearray(n)
    deque(map(ba.__setitem__, ids, repeat(1)), maxlen=0)
    return int.from_bytes(ba, "little")


def all_mask(n: int) -> int:
    """Every one of ``n`` documents."""
    return int.from_bytes(b"\x01" * n, "little")


def value_mask(codes: bytes, code: int) -> int:
    """Documents whose one-byte code is ``code``."""
    table = bytes(1 if i == code else 0 for i in range(256))
    return int.from_bytes(codes.translate(table), "little")


class DocIds:
    """Turns masks into document numbers (keeps a ``range`` list for dense masks)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self._range: list[int] | None = None

    def __call__(self, mask: int) -> list[int]:
        """Document numbers of a mask, in increasing order.

        >>> DocIds(4)(mask_from_ids([1, 3], 4))
        [1, 3]
        """
        if not mask:
            return []
        n = self.n
        buf = mask.to_bytes(n, "little")
        if mask.bit_count() * 48 < n:  # sparse: let the regex engine skip the zero bytes
            return [m.start() for m in _ONE.finditer(buf)]
        if self._range is None:
            self._range = list(range(n))
        return list(compress(self._range, buf))


def find_value(buf: bytes, value: int, limit: int) -> list[int]:
    """Positions of the first ``limit`` bytes of ``buf`` equal to ``value``."""
    table = bytes(1 if i == value else 0 for i in range(256))
    out: list[int] = []
    for m in _ONE.finditer(buf.translate(table)):
        out.append(m.start())
        if len(out) >= limit:
            break
    return out
