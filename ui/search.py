"""Search as you type: debounce, a worker thread, stale results dropped, index (re)built in the background.

The search engine (``index`` package) is imported lazily in the worker, after the window is
shown.  When the package is missing the controller reports ``unavailable`` and the window
keeps working without search.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from content.model import Handbook
from ui.workers import ProgressFn, TaskRunner

#: States reported by :attr:`SearchController.state`.
UNAVAILABLE, IDLE, PREPARING, BUILDING, READY, FAILED = (
    "unavailable", "idle", "preparing", "building", "ready", "failed",
)


@dataclass
class IndexBackend:
    """The functions of the ``index`` package the window uses (injected in tests)."""

    index_state: Callable[..., str]
    build_index: Callable[..., Any]
    open_engine: Callable[..., Any]
    index_dir: Path | None = None

    def state(self, hb: Handbook) -> str:
        return self.index_state(hb, self.index_dir)

    def build(self, hb: Handbook, progress: ProgressFn) -> None:
        self.build_index(hb, index_dir=self.index_dir, progress=progress)

    def open(self, hb: Handbook) -> Any:
        # Never build inside open: builds go through build() so the window shows progress.
        return self.open_engine(hb, self.index_dir, rebuild=False)


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
    return IndexBackend(index.index_state, index.build_index, index.open_engine, index_dir)


class SearchController(QObject):
    """Owns the search engine and runs queries off the GUI thread.

    Signals:
        results_ready(object): an ``index.SearchResult`` for the current query and filters.
        results_cleared(): the query became empty.
        state_changed(str): one of ``unavailable``, ``preparing``, ``building``, ``ready``, ``failed``.
        progress_changed(int, int): index build progress (done, total).
    """

    results_ready = Signal(object)
    results_cleared = Signal()
    state_changed = Signal(str)
    progress_changed = Signal(int, int)

    def __init__(self, handbook: Handbook, parent: QObject | None = None, *,
                 backend_loader: Callable[[], IndexBackend | None] = load_backend,
                 debounce_ms: int = 150, limit: int = 50) -> None:
        super().__init__(parent)
        self._hb = handbook
        self._loader = backend_loader
        self._backend: IndexBackend | None = None
        self._engine: Any = None
        self._runner = TaskRunner(self, max_threads=1)
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
        return self._runner.wait(msecs)

    def close(self) -> None:
        """Stop searching and release the index files (window closing)."""
        self._timer.stop()
        self._generation += 1
        self._runner.wait(10000)
        engine, self._engine = self._engine, None
        _close_engine(engine)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)

    def _task_prepare(self, _progress: ProgressFn) -> tuple[IndexBackend | None, str, Any]:
        backend = self._loader()
        if backend is None:
            return None, UNAVAILABLE, None
        state = backend.state(self._hb)
        if state != "ok":
            return backend, state, None
        try:
            return backend, "ok", backend.open(self._hb)
        except Exception:  # an index that says ok but does not open is treated as corrupt
            return backend, "corrupt", None

    def _on_prepare_done(self, result: tuple[IndexBackend | None, str, Any]) -> None:
        backend, _state, engine = result
        self._backend = backend
        if backend is None:
            self._set_state(UNAVAILABLE)
            return
        if engine is not None:
            self._engine = engine
            self._set_state(READY)
            self._search_if_pending()
            return
        self._start_build()

    def _start_build(self) -> None:
        old, self._engine = self._engine, None
        self._set_state(BUILDING)
        backend = self._backend
        assert backend is not None

        def build(progress: ProgressFn) -> Any:
            _close_engine(old)  # in the search thread: no query can be using it any more
            backend.build(self._hb, progress)
            return backend.open(self._hb)

        self._runner.submit(build, on_done=self._on_build_done, on_error=self._on_task_failed,
                            on_progress=self.progress_changed.emit)

    def _on_build_done(self, engine: Any) -> None:
        self._engine = engine
        self._set_state(READY)
        self._search_if_pending()

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
            return  # run when the engine is ready (_search_if_pending)
        gen = self._generation
        query, filters, engine = self._query, dict(self._filters), self._engine

        def run(_progress: ProgressFn) -> tuple[int, Any]:
            if gen != self._generation:
                return gen, None  # superseded while queued: skip the work
            return gen, engine.search(query, filters=filters, limit=self._limit, snippets=True)

        self._runner.submit(run, on_done=self._on_search_done, on_error=self._on_search_failed)

    def _on_timer_timeout(self) -> None:
        self.search_now()

    def _search_if_pending(self) -> None:
        if self._query:
            self.search_now()

    def _on_search_done(self, payload: tuple[int, Any]) -> None:
        gen, result = payload
        if result is None or gen != self._generation:
            return
        self.last_result = result
        self.results_ready.emit(result)

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
        result = self._engine.search(self._query, filters=dict(self._filters), limit=self._limit, snippets=True)
        self.last_result = result
        self.results_ready.emit(result)
        return result
