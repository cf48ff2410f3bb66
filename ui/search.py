"""Search as you type: debounce, a worker thread, stale results dropped, index (re)built in the background.

The search engine (``index`` package) is imported lazily in the worker, after the window is
shown.  When the package is missing the controller reports ``unavailable`` and the window
keeps working without search.  While the index is being built, or after it turned out to be
damaged (it is then rebuilt in the background), queries are answered by a plain scan of the
loaded content (``index.scan``) and :attr:`SearchController.fallback_reason` says why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from content.bundle import ContentBundle
from content.model import Handbook
from ui.workers import ProgressFn, TaskRunner

#: States reported by :attr:`SearchController.state`.
UNAVAILABLE, IDLE, PREPARING, BUILDING, READY, FAILED = (
    "unavailable", "idle", "preparing", "building", "ready", "failed",
)


#: Typing delay: a query runs this long after the last keystroke (stale results are dropped).
DEBOUNCE_MS = 80
#: Why the scan is used instead of the index (``fallback_reason``).
FALLBACK_BUILDING, FALLBACK_DAMAGED = "building", "damaged"


@dataclass
class IndexBackend:
    """The functions of the ``index`` package the window uses (injected in tests).

    Attributes:
        fallback: Makes a searcher that needs no index (``index.scan.ScanSearcher``), or None.
        damage_errors: Exceptions of ``search`` that mean the index files were damaged.
    """

    index_state: Callable[..., str]
    build_index: Callable[..., Any]
    open_engine: Callable[..., Any]
    index_dir: Path | None = None
    fallback: Callable[[Handbook], Any] | None = None
    damage_errors: tuple[type[BaseException], ...] = ()

    def state(self, hb: Handbook) -> str:
        return self.index_state(hb, self.index_dir)

    def build(self, hb: Handbook, progress: ProgressFn) -> None:
        self.build_index(hb, index_dir=self.index_dir, progress=progress)

    def open(self, hb: Handbook) -> Any:
        # Never build inside open: builds go through build() so the window shows progress.
        return self.open_engine(hb, self.index_dir, rebuild=False)


def search_statuses(bundle: ContentBundle) -> Mapping[str, str]:
    """The status of every measure, part and document, for the search filters, facets and ranking.

    This is the one place the window decides where statuses come from (the status seam of
    ``index.status``): the content bundle's computed status, the same the reader shows.  The same
    object is returned while the bundle is unchanged (the engine caches by identity).
    """
    return bundle.status_map()


def best_bets_catalogue(handbook: Handbook, comparisons: Sequence[Any], calculators: Mapping[str, Any]) -> Any:
    """The shortcuts best bets are chosen from: calculators, 比一比 pages and the measures' contacts."""
    from index.bestbets import Catalogue, Shortcut

    def contacts(mid: str) -> Sequence[Any]:
        m = handbook.measure(mid)
        return m.contacts if m is not None else ()

    return Catalogue(
        calculators=tuple(Shortcut(c.id, c.title, frozenset(getattr(c, "cites", ()))) for c in calculators.values()),
        comparisons=tuple(Shortcut(c.id, c.title, frozenset(c.measure_ids())) for c in comparisons),
        contacts=contacts,
    )


def best_bets_for(result: Any, catalogue: Any) -> list[Any]:
    """The best bets of a search result (``index.bestbets``)."""
    from index.bestbets import best_bets

    hits = (*result.hits, *getattr(result, "related", ()))
    return best_bets([h.id for h in hits], {h.id: h.title for h in hits}, tuple(getattr(result, "intents", ())),
                     catalogue)


def _close_engine(engine: Any) -> None:
    close = getattr(engine, "close", None)
    if callable(close):
        close()


def load_backend(index_dir: Path | None = None) -> IndexBackend | None:
    """The real search backend, or None when the ``index`` package is not available."""
    try:
        import index
    except ImportError:
        return None
    names = ("index_state", "build_index", "open_engine")
    if not all(hasattr(index, n) for n in names):
        return None
    from index.scan import ScanSearcher

    return IndexBackend(index.index_state, index.build_index, index.open_engine, index_dir,
                        fallback=ScanSearcher, damage_errors=(index.SearchIndexError,))


@dataclass(frozen=True)
class _Damaged:
    """A search found the index files damaged (the message says which)."""

    message: str


class SearchController(QObject):
    """Owns the search engine and runs queries off the GUI thread.

    Signals:
        results_ready(object): an ``index.SearchResult`` for the current query and filters.
        results_cleared(): the query became empty.
        state_changed(str): one of ``unavailable``, ``preparing``, ``building``, ``ready``, ``failed``.
        progress_changed(int, int): index build progress (done, total).
        fallback_changed(str): the scan is now used (``building``/``damaged``) or no more (``""``).
    """

    results_ready = Signal(object)
    results_cleared = Signal()
    state_changed = Signal(str)
    progress_changed = Signal(int, int)
    fallback_changed = Signal(str)

    def __init__(self, handbook: Handbook, parent: QObject | None = None, *,
                 backend_loader: Callable[[], IndexBackend | None] = load_backend,
                 debounce_ms: int = DEBOUNCE_MS, limit: int = 50, statuses: Any = None) -> None:
        super().__init__(parent)
        self._hb = handbook
        self._loader = backend_loader
        self._backend: IndexBackend | None = None
        self._engine: Any = None
        self._statuses = statuses
        self._runner = TaskRunner(self, max_threads=1)
        # The scan runs in its own thread: the engine's thread may be busy building the index.
        self._scan_runner = TaskRunner(self, max_threads=1)
        self._scanner: Any = None
        self._built_for: Handbook | None = None  # the content the index being prepared/built is for
        self.fallback_reason = ""
        self.damage_message = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._limit = limit
        self._query = ""
        self._filters: dict[str, str] = {}
        self._generation = 0
        self.state = IDLE
        self.error = ""
        self.last_result: Any = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Check the index in the background; rebuild it when missing, stale or corrupt."""
        if self.state in (PREPARING, BUILDING):
            return
        self._set_state(PREPARING)
        self._runner.submit(self._task_prepare, on_done=self._on_prepare_done, on_error=self._on_task_failed)

    def rebuild(self) -> None:
        if self.state in (PREPARING, BUILDING):
            return
        if self._backend is None:
            self.start()
            return
        self._start_build()

    def wait(self, msecs: int = 30000) -> bool:
        return self._runner.wait(msecs) and self._scan_runner.wait(msecs)

    def close(self) -> None:
        """Stop searching and release the index files (window closing)."""
        self._timer.stop()
        self._generation += 1
        self._runner.wait(10000)
        self._scan_runner.wait(10000)
        engine, self._engine = self._engine, None
        _close_engine(engine)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _task_prepare(self, _progress: ProgressFn) -> tuple[IndexBackend | None, str, Any]:
        backend = self._loader()
        if backend is None:
            return None, UNAVAILABLE, None
        hb = self._built_for = self._hb
        state = backend.state(hb)
        if state != "ok":
            return backend, state, None
        try:
            return backend, "ok", backend.open(hb)
        except Exception:  # an index that says ok but does not open is treated as corrupt
            return backend, "corrupt", None

    def _on_prepare_done(self, result: tuple[IndexBackend | None, str, Any]) -> None:
        backend, _state, engine = result
        self._backend = backend
        if backend is None:
            self._set_state(UNAVAILABLE)
            return
        if engine is not None and self._built_for is not self._hb:
            _close_engine(engine)  # prepared for content that has since been replaced (set_handbook)
            engine = None
        if engine is not None:
            self._engine = engine
            self._set_state(READY)
            self._search_if_pending()
            return
        self._start_build()

    def _start_build(self) -> None:
        old, self._engine = self._engine, None
        self._set_state(BUILDING)
        if not self.fallback_reason:
            self._set_fallback(FALLBACK_BUILDING)
        backend = self._backend
        assert backend is not None
        hb = self._built_for = self._hb

        def build(progress: ProgressFn) -> Any:
            _close_engine(old)  # in the search thread: no query can be using it any more
            backend.build(hb, progress)
            return backend.open(hb)

        self._runner.submit(build, on_done=self._on_build_done, on_error=self._on_task_failed,
                            on_progress=self.progress_changed.emit)

    def _on_build_done(self, engine: Any) -> None:
        if self._built_for is not self._hb:  # the content changed while building: build the new one
            _close_engine(engine)
            self._start_build()
            return
        self._engine = engine
        self._set_state(READY)
        self._set_fallback("")
        self._search_if_pending()

    def _set_fallback(self, reason: str) -> None:
        if reason != self.fallback_reason:
            self.fallback_reason = reason
            self.fallback_changed.emit(reason)

    def _on_task_failed(self, exc: BaseException, tb: str) -> None:
        from ui.errors import log_exception

        log_exception(tb)
        self.error = f"{type(exc).__name__}: {exc}"
        self._set_state(FAILED)

    # -- queries --------------------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self._query

    @property
    def filters(self) -> Mapping[str, str]:
        return dict(self._filters)

    def set_query(self, text: str) -> None:
        """The search box changed: search after a short pause (debounce)."""
        self._query = text.strip()
        self._generation += 1
        if not self._query:
            self._timer.stop()
            self.last_result = None
            self.results_cleared.emit()
            return
        self._timer.start()

    @property
    def statuses(self) -> Any:
        """Where each item's status comes from (see ``index.status``), or None (stored status)."""
        return self._statuses

    def set_statuses(self, statuses: Any) -> None:
        """Statuses changed (a verification was added, a day passed): search again with them."""
        self._statuses = statuses
        if self._query:
            self.search_now()

    def set_handbook(self, handbook: Handbook, *, statuses: Any = None) -> None:
        """New content (a content pack was installed or rolled back): search it, rebuilding the index.

        The old index stops answering at once; until the new one is ready queries are answered by the
        scan of the new content.  A build already running for the old content is followed by another.
        """
        self._hb = handbook
        self._statuses = statuses
        self._scanner = None
        self.last_result = None
        self._generation += 1
        if self.state in (PREPARING, BUILDING):
            return  # _on_prepare_done / _on_build_done see that the content changed and build again
        if self._backend is None and self.state == IDLE:
            return  # start() has not run yet; it will prepare the new content
        old, self._engine = self._engine, None
        if old is not None:  # closed in the search thread, after any query still using it
            self._runner.submit(lambda _progress: _close_engine(old), on_done=lambda _result: None)
        self.start()  # an index of this content may exist already (a rollback): else it is built

    def set_filter(self, field: str, value: str | None) -> None:
        if value:
            self._filters[field] = value
        else:
            self._filters.pop(field, None)
        self.search_now()

    def clear_filters(self) -> None:
        self._filters.clear()

    def search_now(self) -> None:
        """Search at once (Enter, a filter chip); a result of an older query is dropped."""
        self._timer.stop()
        self._generation += 1
        if not self._query:
            return
        if self._engine is None:
            self._scan_now()  # until the engine is ready (_search_if_pending), scan if we can
            return
        gen = self._generation
        query, filters, engine = self._query, dict(self._filters), self._engine
        kwargs = self._search_kwargs()
        damage = self._backend.damage_errors if self._backend is not None else ()

        def run(_progress: ProgressFn) -> tuple[int, Any]:
            if gen != self._generation:
                return gen, None  # superseded while queued: skip the work
            try:
                return gen, engine.search(query, filters=filters, limit=self._limit, snippets=True, **kwargs)
            except damage as exc:
                return gen, _Damaged(str(exc))

        self._runner.submit(run, on_done=self._on_search_done, on_error=self._on_search_failed)

    def _search_kwargs(self) -> dict[str, Any]:
        return {} if self._statuses is None else {"statuses": self._statuses}

    def _scan_now(self) -> None:
        """Answer the current query by scanning the content (no index needed), if possible."""
        backend = self._backend
        if backend is None or backend.fallback is None or self.state not in (BUILDING, FAILED):
            return
        make = backend.fallback
        gen = self._generation
        query, filters, kwargs = self._query, dict(self._filters), self._search_kwargs()

        def run(_progress: ProgressFn) -> tuple[int, Any]:
            if gen != self._generation:
                return gen, None
            if self._scanner is None:
                self._scanner = make(self._hb)
            if gen != self._generation:
                return gen, None
            return gen, self._scanner.search(query, filters=filters, limit=self._limit, snippets=True, **kwargs)

        self._scan_runner.submit(run, on_done=self._on_search_done, on_error=self._on_search_failed)

    def _on_timer_timeout(self) -> None:
        self.search_now()

    def _search_if_pending(self) -> None:
        if self._query:
            self.search_now()

    def _on_search_done(self, payload: tuple[int, Any]) -> None:
        gen, result = payload
        if isinstance(result, _Damaged):
            self._on_index_damaged(result.message)
            return
        if result is None or gen != self._generation:
            return
        self.last_result = result
        self.results_ready.emit(result)

    def _on_index_damaged(self, message: str) -> None:
        """The index files changed under us: scan meanwhile, rebuild in the background."""
        from ui.errors import log_exception

        log_exception(f"搜索索引损坏，改用逐条查找并在后台重建：{message}")
        self.damage_message = message
        self._set_fallback(FALLBACK_DAMAGED)
        if self.state not in (PREPARING, BUILDING):
            self._start_build()
        self.search_now()

    def _on_search_failed(self, exc: BaseException, tb: str) -> None:
        from ui.errors import log_exception

        log_exception(tb)  # search() never raises by contract; if it does, the box shows a message
        self.error = f"{type(exc).__name__}: {exc}"

    # -- synchronous path (screenshot CLI) -------------------------------------------------------
    def prepare_blocking(self) -> str:
        """Make the engine ready in the calling thread (builds the index when needed)."""
        backend, _state, engine = self._task_prepare(lambda d, t: None)
        self._backend = backend
        if backend is None:
            self._set_state(UNAVAILABLE)
            return self.state
        if engine is None:
            backend.build(self._hb, lambda d, t: None)
            engine = backend.open(self._hb)
        self._engine = engine
        self._set_state(READY)
        return self.state

    def search_blocking(self, query: str) -> Any:
        self._timer.stop()
        self._query = query.strip()
        self._generation += 1
        if self._engine is None:
            return None
        result = self._engine.search(self._query, filters=dict(self._filters), limit=self._limit, snippets=True,
                                     **self._search_kwargs())
        self.last_result = result
        self.results_ready.emit(result)
        return result
