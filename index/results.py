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
        fallback_or: True when no item matched every word: ``hits`` is empty and ``related`` shows
            items that match some of the words.
        related: When fewer than three items match, items that match the words of a split compound
            (孵化器奖励 -> 孵化器 + 奖励) or some of the words, best first; never any of ``hits``.
        related_total: Number of related items.
        related_query: The words the related items were found with (``孵化器 奖励``).
        words: The words searched, when a question was split into words (``高新技术企业 认定 奖励``).
        unmatched: Parts of the query that match nothing in the handbook (``量子``).
        region: A region named in the query (``长安区``), used as a filter.
        scope: The regions that filter keeps (``长安区``, ``石家庄市``, ``河北省``).
        intents: What the question asks for: ``contact`` (找谁, 电话), ``amount`` (多少钱, 能拿).
    """

    query: str
    total: int
    hits: tuple[SearchHit, ...]
    facets: Mapping[str, Mapping[str, int]] = field(default_factory=lambda: _frozen_facets({}))
    suggestions: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    fallback_or: bool = False
    related: tuple[SearchHit, ...] = ()
    related_total: int = 0
    related_query: str = ""
    words: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = ()
    region: str = ""
    scope: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "facets", _frozen_facets(self.facets))
