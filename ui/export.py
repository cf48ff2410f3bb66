"""导出手册为 PDF: a file dialog, then the export in a worker thread with a progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from content.bundle import ContentBundle
from ui.documents import documents_dir
from ui.workers import TaskRunner

#: Runners and message boxes of exports in progress; kept alive even without a parent window.
_alive: set[object] = set()


def _t(text: str) -> str:
    return QCoreApplication.translate("export", text)


def export_handbook_with_progress(parent: QWidget, bundle: ContentBundle, export: Callable[..., Any],
                                  out: Path | None = None) -> TaskRunner | None:
    """Ask for a file name (unless ``out``), export in the background, report the outcome."""
    if out is None:
        name, _ = QFileDialog.getSaveFileName(parent, _t("导出手册为 PDF"), str(documents_dir() / "科技政策一点通.pdf"),
                                              _t("PDF 文件 (*.pdf)"))
        if not name:
            return None
        out = Path(name)
    dlg = QProgressDialog(_t("正在导出 PDF……"), _t("隐藏"), 0, 0, parent)
    dlg.setWindowTitle(_t("导出手册"))
    dlg.setWindowModality(Qt.WindowModality.NonModal)
    dlg.setMinimumDuration(0)
    dlg.setAutoClose(False)
    dlg.show()
    runner = TaskRunner(parent)
    _alive.add(runner)
    target = out

    def keep(box: QMessageBox) -> None:
        _alive.add(box)
        box.finished.connect(lambda _r: _alive.discard(box))
        _alive.discard(runner)
        box.open()

    def work(progress: Callable[[int, int], None]) -> Path:
        export(bundle, target, progress=progress)
        return target

    def on_progress(done: int, total: int) -> None:
        if total > 0:
            dlg.setRange(0, total)
            dlg.setValue(done)

    def on_done(path: Path) -> None:
        dlg.close()
        box = QMessageBox(QMessageBox.Icon.Information, _t("导出完成"), _t("已导出：{p}").format(p=path),
                          QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep(box)

    def on_error(exc: BaseException, tb: str) -> None:
        from ui.errors import log_exception

        log_exception(tb)
        dlg.close()
        box = QMessageBox(QMessageBox.Icon.Warning, _t("导出未完成"),
                          _t("未能导出 PDF：{msg}\n请检查保存位置是否可写，然后重试。").format(msg=exc),
                          QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        keep(box)

    runner.submit(work, on_done=on_done, on_error=on_error, on_progress=on_progress)
    return runner
