"""The status seam: a measure's status comes from the caller at query time, not from the index.

A measure's status (现行, 效力未核实, 期限已过, 征求意见稿 …) depends on today's date and on
verification records that users add, so it is never baked into the index.  The caller passes a
*status source* to :meth:`index.engine.SearchEngine.search`: a mapping or a function from an item
id (measure, part or document) to its status.  The engine turns it into one code per document
once per source object and caches that, so pass the same (unchanging) object while statuses stay
the same, and a new one when they change.  Ids the source does not know keep the status stored
in the index at build time.

Status is used for the status filter, the status facet, the status shown with each hit and one
ranking rule: among equally relevant hits, :data:`PREFERRED` statuses come first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from content.model import Handbook
from index.facets import SingleFacet

#: Statuses ranked before the others among equally relevant hits.
PREFERRED: tuple[str, ...] = ("现行", "效力未核实")

StatusSource = Mapping[str, str] | Callable[[str], str | None]


def handbook_statuses(handbook: Handbook) -> dict[str, str]:
    """The status of every measure, part and document from the printed dates alone (no verification).

    For benchmarks and tools without a content bundle; the window and the CLI pass the bundle's
    computed statuses (:meth:`content.bundle.ContentBundle.status_map`), which also count
    verifications.
    """
    from index.build import stored_statuses

    return stored_statuses(handbook)


def _lookup(source: StatusSource) -> Callable[[str], str | None]:
    if isinstance(source, Mapping):
        return source.get
    return source


def status_facet(source: StatusSource, uids: Sequence[str], stored: SingleFacet) -> SingleFacet:
    """The status facet of every document, from ``source`` (stored status where it has none)."""
    get = _lookup(source)
    values: list[str] = []
    index: dict[str, int] = {}
    codes = bytearray(len(uids))
    stored_codes = stored.codes
    for d, uid in enumerate(uids):
        try:
            s = get(uid)
        except Exception:  # a failing source must not break searching: keep the stored status
            s = None
        if not isinstance(s, str) or not s:
            c = stored_codes[d]
            s = stored.values[c - 1] if c else ""
        if not s:
            continue
        code = index.get(s)
        if code is None:
            if len(values) >= 255:
                continue
            values.append(s)
            code = index[s] = len(values)
        codes[d] = code
    return SingleFacet(values, bytes(codes))


class StatusCache:
    """Caches the status facet of the last few sources (by identity; the source is kept alive)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._items: list[tuple[StatusSource, SingleFacet]] = []

    def get(self, source: StatusSource, uids: Sequence[str], stored: SingleFacet) -> SingleFacet:
        for src, facet in self._items:
            if src is source:
                return facet
        facet = status_facet(source, uids, stored)
        self._items.insert(0, (source, facet))
        del self._items[self._size :]
        return facet

    def clear(self) -> None:
        self._items.clear()
