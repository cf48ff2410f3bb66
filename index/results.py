"""Search results as frozen values, copied out of the index (no whoosh object ever leaves ``index``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from index.snippets import mark

#: Facet keys of :attr:`SearchResult.facets`, in display order.
FACET_KEYS: tuple[str, ...] = ("level", "region", "topic", "document", "status")


@dataclass(frozen=True)
class SearchHit:
    """One hit.

    Attributes:
        id: Measure id (or part/document id for ``kind`` ``"part"``/``"document"``).
        document_id: The document the hit belongs to.
        kind: ``"measure"``, ``"part"`` or ``"document"``.
        title: Display title (number and title for measures).
        path: Breadcrumb from the document to the hit's own title.
        snippet: Plain text around the matches (``…`` where it was cut).
        spans: Half-open ``[start, end)`` ranges of matched terms inside ``snippet``.
        score: Relevance; higher is better (only comparable within one result).
        level: 省级 / 市级 / 区县级.
        region: Region of the measure (or part/document).
        status: 现行 / 征求意见稿 / 已到期.
    """

    id: str
    document_id: str
    kind: str
    title: str
    path: tuple[str, ...]
    snippet: str
    spans: tuple[tuple[int, int], ...]
    score: float
    level: str
    region: str
    status: str

    def snippet_marked(self, open_: str = "<mark>", close: str = "</mark>", *, html_escape: bool = True) -> str:
        """The snippet with every matched term wrapped in ``open_``…``close``.

        Args:
            open_: Text inserted before each match.
            close: Text inserted after each match.
            html_escape: Escape ``<``, ``>``, ``&`` and quotes in the snippet's own text (for rich text).
        """
        return mark(self.snippet, self.spans, open_, close, html_escape=html_escape)


def _frozen_facets(facets: Mapping[str, Mapping[str, int]]) -> Mapping[str, Mapping[str, int]]:
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in facets.items()})


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query.

    Attributes:
        query: The query as searched (cleaned of control characters, at most 256 characters).
        total: Number of hits in the whole result set (with filters applied).
        hits: The best hits, best first (at most ``limit``).
        facets: For each of level, region, topic, document, status: value -> number of hits.  Each
            facet is counted with every *other* filter applied, so a reader can switch between values.
        suggestions: Other queries that find something, when nothing (or little) was found.
        terms: Literal strings to highlight in the reader (the query's terms, their synonyms and the
            Chinese that pinyin such as ``jbgs`` stood for).
        fallback_or: True when no item matched every word, and items matching some words are shown.
    """

    query: str
    total: int
    hits: tuple[SearchHit, ...]
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=lambda: _frozen_facets({}))
    suggestions: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    fallback_or: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "facets", _frozen_facets(self.facets))
