"""Window test helpers: a fake search backend that honours the ``index`` contract, window factory."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class FakeHit:
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

    def snippet_marked(self, open_: str, close: str, html_escape: bool = True) -> str:
        import html

        out, last = [], 0
        for s, e in self.spans:
            out.append(html.escape(self.snippet[last:s]) if html_escape else self.snippet[last:s])
            out.append(open_ + (html.escape(self.snippet[s:e]) if html_escape else self.snippet[s:e]) + close)
            last = e
        out.append(html.escape(self.snippet[last:]) if html_escape else self.snippet[last:])
        return "".join(out)


@dataclass(frozen=True)
class FakeResult:
    query: str
    total: int
    hits: tuple[FakeHit, ...]
    facets: Mapping[str, Mapping[str, int]]
    suggestions: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    fallback_or: bool = False


class FakeDamageError(Exception):
    """What the real engine raises when its files were damaged while open."""


class FakeEngine:
    """Substring search over measures (all terms must occur), with facets — like the real engine."""

    def __init__(self, handbook: Any, delay: float = 0.0) -> None:
        from index.build import stored_statuses

        self.hb = handbook
        self.status = stored_statuses(handbook)
        self.delay = delay
        self.calls: list[tuple[str, dict[str, str]]] = []
        self.threads: set[str] = set()
        self.damaged = False

    def search(self, query: str, filters: Mapping[str, str] | None = None, limit: int = 50,
               snippets: bool = True, statuses: Any = None) -> FakeResult:
        self.calls.append((query, dict(filters or {})))
        if self.damaged:
            raise FakeDamageError("索引文件在使用中被改动")
        self.threads.add(threading.current_thread().name)
        if self.delay:
            time.sleep(self.delay)
        terms = tuple(t for t in query.split() if t)
        filters = dict(filters or {})
        matched = [m for m in self.hb.measures() if terms and all(t in m.title + m.text for t in terms)]
        facets: dict[str, Counter[str]] = {k: Counter() for k in ("level", "region", "topic", "document", "status")}
        for m in matched:
            facets["level"][m.level] += 1
            facets["region"][m.region] += 1
            facets["document"][m.document_id] += 1
            facets["status"][self.status[m.id]] += 1
            for t in m.topics:
                facets["topic"][t] += 1

        def keep(m: Any) -> bool:
            return all(
                (m.level if k == "level" else m.region if k == "region" else m.document_id if k == "document"
                 else self.status[m.id] if k == "status" else v if v in m.topics else None) == v
                for k, v in filters.items()
            )

        shown = [m for m in matched if keep(m)]
        hits = []
        for m in shown[:limit]:
            snip = m.text[:80]
            spans = []
            for t in terms:
                i = snip.find(t)
                if i >= 0:
                    spans.append((i, i + len(t)))
            hits.append(FakeHit(m.id, m.document_id, "measure", m.display_title, m.path, snip,
                                tuple(sorted(spans)), 1.0, m.level, m.region, self.status[m.id]))
        sugg = ("补助", "高新技术企业") if not shown else ()
        return FakeResult(query, len(shown), tuple(hits), {k: dict(v) for k, v in facets.items()}, sugg, terms)


@dataclass
class FakeIndex:
    """A stand-in for the ``index`` package: state, build (slow on purpose), open."""

    handbook: Any
    state: str = "ok"
    build_seconds: float = 0.0
    engine_delay: float = 0.0
    builds: int = 0
    engines: list[FakeEngine] = field(default_factory=list)
    build_threads: set[str] = field(default_factory=set)
    with_fallback: bool = False

    def index_state(self, hb: Any, index_dir: Path | None = None) -> str:
        return self.state

    def build_index(self, hb: Any, index_dir: Path | None = None, progress: Callable[[int, int], None] | None = None) -> None:
        self.build_threads.add(threading.current_thread().name)
        steps = 5
        for i in range(steps):
            time.sleep(self.build_seconds / steps)
            if progress:
                progress(i + 1, steps)
        self.builds += 1
        self.state = "ok"

    def open_engine(self, hb: Any, index_dir: Path | None = None, *, rebuild: bool = True) -> FakeEngine:
        if self.state != "ok":
            raise RuntimeError("index is " + self.state)
        e = FakeEngine(hb, self.engine_delay)
        self.engines.append(e)
        return e

    def backend(self) -> Any:
        from ui.search import IndexBackend

        if not self.with_fallback:
            return IndexBackend(self.index_state, self.build_index, self.open_engine)
        from index.scan import ScanSearcher

        return IndexBackend(self.index_state, self.build_index, self.open_engine, fallback=ScanSearcher,
                            damage_errors=(FakeDamageError,))


@pytest.fixture
def fake_index(handbook: Any) -> FakeIndex:
    return FakeIndex(handbook)


@pytest.fixture
def settings_path(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir / "settings.ini"


@pytest.fixture
def make_window(qtbot: Any, handbook: Any, fake_index: FakeIndex, settings_path: Path) -> Callable[..., Any]:
    """Build a MainWindow on the session handbook with the fake search backend (started)."""
    made: list[Any] = []

    def make(*, hb: Any = None, backend_loader: Callable[[], Any] | None = None, start: bool = True,
             debounce_ms: int = 150, show: bool = True) -> Any:
        from content.bundle import bundle_for
        from ui.mainwindow import MainWindow
        from ui.search import SearchController
        from ui.settings import Settings

        book = hb or handbook
        loader = backend_loader or fake_index.backend
        search = SearchController(book, backend_loader=loader, debounce_ms=debounce_ms)
        w = MainWindow(bundle_for(book, data_dir=settings_path.parent), Settings(settings_path), search=search)
        search.setParent(w)
        # a window left in 展台模式 would ask for the staff PIN when the test closes it
        qtbot.addWidget(w, before_close_func=lambda win: win.kiosk.leave(ask=False))
        w.resize(1200, 760)
        if show:
            with qtbot.waitActive(w):  # window shortcuts need the active window
                w.show()
                w.activateWindow()
        if start:
            w.start_background_work()
        made.append(w)
        return w

    yield make
    for w in made:
        w.search.close()
