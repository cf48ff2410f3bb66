"""Full-text search for the handbook (Qt-free): whoosh schema, Chinese analysis, build, query.

The public API lives in :mod:`index.api` and is re-exported here.
"""

from __future__ import annotations

from index.api import (
    FACET_KEYS,
    SearchEngine,
    SearchHit,
    SearchIndexError,
    SearchResult,
    build_index,
    content_stamp,
    default_index_dir,
    index_state,
    open_engine,
)

__all__ = [
    "FACET_KEYS",
    "SearchEngine",
    "SearchHit",
    "SearchIndexError",
    "SearchResult",
    "build_index",
    "content_stamp",
    "default_index_dir",
    "index_state",
    "open_engine",
]
