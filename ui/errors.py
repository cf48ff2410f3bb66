"""The last line of defence: unexpected errors are logged to a file and shown as a calm message.

No traceback ever reaches the user.  The hook works from any thread: it logs at once and
hands the message to the GUI thread through a queued signal.
"""

from __future__ import annotations

import datetime as _dt
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

_active: ExceptionHook | None = None


def _t(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def log_exception(text: str) -> Path | None:
    """Append ``text`` (a formatted traceback) to the log file; the path, or None if unwritable."""
    from content.appdirs import write_log

    stamp = _dt.datetime.now().isoformat(timespec="seconds")
    return write_log(f"--- {stamp}\n{text.rstrip()}\n")


def report_exception(exc: BaseException, tb: str = "") -> None:
    """Log an exception caught elsewhere (a worker) and tell the user calmly."""
    text = tb or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    path = log_exception(text)
    if _active is not None:
        _active.error_caught.emit(f"{type(exc).__name__}: {exc}", str(path or ""))


class ExceptionHook(QObject):
    """Replaces ``sys.excepthook`` and ``threading.excepthook`` while installed."""

    error_caught = Signal(str, str)  # one-line summary, log file path

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self._box: QMessageBox | None = None
        self._prev_hook: Any = None
        self._prev_thread_hook: Any = None
        self.shown = 0
        self.error_caught.connect(self._on_error_caught, Qt.ConnectionType.QueuedConnection)

    def set_parent_widget(self, widget: QWidget | None) -> None:
        self._parent_widget = widget

    def install(self) -> None:
        global _active
        self._prev_hook = sys.excepthook
        self._prev_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        _active = self

    def uninstall(self) -> None:
        global _active
        if self._prev_hook is not None:
            sys.excepthook = self._prev_hook
            threading.excepthook = self._prev_thread_hook
        if _active is self:
            _active = None

    def handle(self, etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(etype, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        text = "".join(traceback.format_exception(etype, value, tb))
        path = log_exception(text)
        self.error_caught.emit(f"{etype.__name__}: {value}", str(path or ""))

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _on_error_caught(self, _summary: str, path: str) -> None:
        if self._box is not None:
            return  # one message at a time; the log has every error
        where = _t("详细信息已记录在：\n{path}").format(path=path) if path else ""
        box = QMessageBox(self._parent_widget)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_t("出现了一个问题"))
        box.setText(_t("刚才的操作没有完成，但手册的其他功能可以继续使用。"))
        box.setInformativeText(
            _t("如果问题反复出现，请重新启动程序，并把日志文件发给技术支持。") + ("\n\n" + where if where else "")
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_box_finished)
        box.open()  # non-blocking
        self._box = box
        self.shown += 1

    @Slot(int)
    def _on_box_finished(self, _result: int) -> None:
        self._box = None
