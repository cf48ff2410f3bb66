"""What the reader can show (a :class:`Page`), the links between pages, and the history.

Qt-free on purpose: pages and history are plain values, tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import quote, unquote

#: Page kinds the reader shows.
PAGE_KINDS = frozenset({"home", "item", "topic", "level", "contact", "compare", "contacts", "profile"})
#: Link schemes that do something instead of showing a page.
ACTION_SCHEMES = frozenset({"copy", "calc", "search", "bookmark", "cite", "verify"})


@dataclass(frozen=True)
class Page:
    """A page of the reader.

    Attributes:
        kind: ``home``, ``item`` (a document, part or measure), ``topic``, ``level``,
            ``contact`` (one directory entry), ``compare`` (比一比; empty arg = the list),
            ``contacts`` or ``profile`` (the 我的企业 screen, ui/profile_panel.py).
        arg: The id, topic, level, contact key or comparison id.
        terms: Search terms to highlight (only for ``item``).
    """

    kind: str
    arg: str = ""
    terms: tuple[str, ...] = field(default=(), compare=False)

    def href(self) -> str:
        return link(self.kind, self.arg)

    def without_terms(self) -> Page:
        return replace(self, terms=())


HOME = Page("home")


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")


def link(scheme: str, arg: str = "") -> str:
    """An ``href`` for the reader: ``scheme:percent-encoded-arg``."""
    if _PLAIN.issuperset(arg):  # item ids: nothing to encode (the navigation makes thousands)
        return f"{scheme}:{arg}"
    return f"{scheme}:{quote(arg, safe='')}"


def parse_link(href: str) -> tuple[str, str] | None:
    """The (scheme, arg) of a reader link, or None for anything else (web links).

    >>> parse_link("item:zb-05-01")
    ('item', 'zb-05-01')
    >>> parse_link("topic:%E4%BA%BA%E6%89%8D")
    ('topic', '人才')
    >>> parse_link("https://example.org") is None
    True
    """
    scheme, sep, rest = href.partition(":")
    if not sep or (scheme not in PAGE_KINDS and scheme not in ACTION_SCHEMES):
        return None
    return scheme, unquote(rest)


def page_from_link(href: str) -> Page | None:
    parsed = parse_link(href)
    if parsed is None or parsed[0] not in PAGE_KINDS:
        return None
    return Page(parsed[0], parsed[1])


class History:
    """Back/forward history of pages, as in a browser."""

    def __init__(self, limit: int = 200) -> None:
        self._entries: list[Page] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> Page | None:
        return self._entries[self._index] if self._index >= 0 else None

    def push(self, page: Page) -> None:
        """Record ``page`` as the current one; forward entries are dropped."""
        if self.current == page:
            self._entries[self._index] = page  # same page, maybe new highlight terms
            return
        del self._entries[self._index + 1 :]
        self._entries.append(page)
        if len(self._entries) > self._limit:
            del self._entries[0]
        self._index = len(self._entries) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return 0 <= self._index < len(self._entries) - 1

    def back(self) -> Page | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> Page | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self._entries[self._index]

    def clear(self) -> None:
        """Forget every page (展台模式: the next visitor cannot go back to the last one's pages)."""
        self._entries.clear()
        self._index = -1

    def __len__(self) -> int:
        return len(self._entries)
