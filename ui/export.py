"""导出手册为 PDF: a file dialog, then the export in a worker thread with a progress dialog.

The file dialog carries the "打印编者注（内部核对用）" option (checked: the handbook prints the
editors' notes by default); when the export is done, "已保存：路径" offers to open the file or its
folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QGridLayout, QMessageBox, QProgressDialog, QWidget

from content.bundle import ContentBundle
from ui.documents import documents_dir
from ui.workers import TaskRunner

#: Runners and message boxes of exports in progress; kept alive even without a parent window.
_alive: set[object] = set()


def _t(text: str) -> str:
    return QCoreApplication.translate("export", text)


class PdfSaveDialog(QFileDialog):
    """Qt's own save dialog (translated, the same on every system) with the notes option below it."""

    def __init__(self, parent: QWidget | None, title: str, default: Path, *, notes: bool) -> None:
        super().__init__(parent, title, str(default), _t("PDF 文件 (*.pdf)"))
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setDefaultSuffix("pdf")
        # a platform dialog cannot take an extra widget; Qt's own can
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.notes_check = QCheckBox(_t("打印编者注（内部核对用）"))
        self.notes_check.setChecked(notes)
        grid = self.layout()
        if isinstance(grid, QGridLayout):
            grid.addWidget(self.notes_check, grid.rowCount(), 0, 1, -1)

    def chosen(self) -> tuple[Path, bool] | None:
        files = self.selectedFiles()
        return (Path(files[0]), self.notes_check.isChecked()) if files else None


def ask_pdf_path(parent: QWidget | None, title: str, default: Path, *, notes: bool) -> tuple[Path, bool] | None:
    """The file to write and whether to print the editor's notes, or ``None`` when cancelled."""
    dlg = PdfSaveDialog(parent, title, default, notes=notes)
    try:
        return dlg.chosen() if dlg.exec() == QFileDialog.DialogCode.Accepted else None
    finally:
        dlg.deleteLater()


def export_handbook_with_progress(parent: QWidget, bundle: ContentBundle, export: Callable[..., Any],
                                  out: Path | None = None, *, notes: bool = True) -> TaskRunner | None:
    """Ask for a file name (unless ``out``), export in the background, report the outcome.

    ``notes`` is the default of the dialog's "打印编者注（内部核对用）" box (the handbook prints them).
    """
    if out is None:
        answer = ask_pdf_path(parent, _t("导出手册为 PDF"), documents_dir() / "科技政策一点通.pdf", notes=notes)
        if answer is None:
            return None
        out, notes = answer
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
        export(bundle, target, notes=notes, progress=progress)
        return target

    def on_progress(done: int, total: int) -> None:
        if total > 0:
            dlg.setRange(0, total)
            dlg.setValue(done)

    def on_done(path: Path) -> None:
        from ui.saved_notice import saved_message_box

        dlg.close()
        box = saved_message_box(parent, path, title=_t("导出完成"))
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
