"""Whoosh analysis for Chinese: normalised character unigrams and bigrams.

Whoosh pickles a field's analyzer into the index's table of contents, so the classes here must
stay importable under this module path (``index.analysis``) and keep their attribute names; bump
:data:`ANALYZER_VERSION` whenever what they emit changes, which rebuilds every index.

A gram field has no positions (``Existence`` format): the engine finds candidates by intersecting
the posting lists of a query term's bigrams and verifies them against the stored normalised text,
which gives exact substring recall without the size of a positional index.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import fields, formats
from whoosh.analysis import Token, Tokenizer

from index.normalize import gram_list, normalize

#: Changes whenever normalisation, gram extraction or the schema changes (part of the stamp).
ANALYZER_VERSION = "kjzc-grams-6"


class GramTokenizer(Tokenizer):  # type: ignore[misc]
    """Normalises text and yields its distinct character unigrams and bigrams.

    Bigrams never span a line break (:data:`index.normalize.FIELD_SEP`), which separates the parts
    of a field (several topics, several contacts).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in enumerate(gram_list(normalize(value))):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            yield t


class GramField(fields.FieldType):  # type: ignore[misc]
    """An indexed-only field of normalised character grams (no positions, no stored value).

    The value passed to the writer must already be normalised (``index.normalize.normalize``);
    :meth:`index` then extracts the grams directly instead of creating a Token per gram, which is
    what makes a 100,000-measure build fit in minutes.
    """

    def __init__(self) -> None:
        self.analyzer = GramTokenizer()
        self.format = formats.Existence(field_boost=1.0)
        self.vector = None
        self.scorable = False
        self.stored = False
        self.unique = False
        self.column_type = None
        self.spelling = False
        self.sortable = False

    def index(self, value: str, **kwargs: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
        return [(g.encode("utf-8"), 1, 1.0, b"") for g in gram_list(value)]

    def process_text(self, qstring: str, mode: str = "", **kwargs: Any) -> Iterator[str]:
        return iter(gram_list(normalize(qstring)))
