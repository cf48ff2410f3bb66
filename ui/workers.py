"""Run slow work off the GUI thread (Anki's ``QueryOp`` idea).

A task is a plain function ``fn(progress) -> result``; it must not touch widgets.  Its result,
error and progress come back to the GUI thread through queued signals, where the callbacks run.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

ProgressFn = Callable[[int, int], None]


class _Relay(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object, str)
    progressed = Signal(int, int, int)


class _Task(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[ProgressFn], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id = task_id
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn(lambda done, total: self._relay.progressed.emit(self._id, int(done), int(total)))
        except Exception as exc:  # reported to the GUI thread, which shows a calm message
            self._relay.failed.emit(self._id, exc, traceback.format_exc())
            return
        self._relay.finished.emit(self._id, result)


@dataclass
class _Callbacks:
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException, str], None] | None
    on_progress: ProgressFn | None


class TaskRunner(QObject):
    """Runs functions in its own thread pool and calls back on the GUI thread.

    Args:
        max_threads: 1 makes tasks run one after another in submission order (the search
            engine is used from one thread only).
    """

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._relay.finished.connect(self._on_relay_finished, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._on_relay_failed, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self._on_relay_progressed, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Callbacks] = {}

    def submit(self, fn: Callable[[ProgressFn], Any], *, on_done: Callable[[Any], None],
               on_error: Callable[[BaseException, str], None] | None = None,
               on_progress: ProgressFn | None = None) -> int:
        task_id = next(self._ids)
        self._pending[task_id] = _Callbacks(on_done, on_error, on_progress)
        self._pool.start(_Task(task_id, fn, self._relay))
        return task_id

    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool is idle (tests, shutdown)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_relay_finished(self, task_id: int, result: Any) -> None:
        cb = self._pending.pop(task_id, None)
        if cb is not None:
            cb.on_done(result)

    @Slot(int, object, str)
    def _on_relay_failed(self, task_id: int, exc: BaseException, tb: str) -> None:
        cb = self._pending.pop(task_id, None)
        if cb is None:
            return
        if cb.on_error is not None:
            cb.on_error(exc, tb)
        else:
            from ui.errors import report_exception

            report_exception(exc, tb)

    @Slot(int, int, int)
    def _on_relay_progressed(self, task_id: int, done: int, total: int) -> None:
        cb = self._pending.get(task_id)
        if cb is not None and cb.on_progress is not None:
            cb.on_progress(done, total)
