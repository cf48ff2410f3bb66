"""After a file is saved: "已保存：路径 [打开] [打开所在文件夹]".

:class:`SavedNotice` is a strip for a dialog that stays open (the card dialog);
:func:`saved_message_box` is the same for work that ends in a message (the handbook export).
Both open the file or its folder with the desktop's own programs (``QDesktopServices``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

#: Object name of the box :func:`show_saved_box` opens.
SAVED_BOX = "savedBox"


def _t(text: str) -> str:
    return QCoreApplication.translate("saved", text)


def open_url(url: QUrl) -> bool:
    """Open ``url`` with the desktop's program for it (a seam for tests)."""
    return QDesktopServices.openUrl(url)


def open_file(path: Path) -> bool:
    """Open ``path`` with the program the desktop uses for it (a PDF viewer)."""
    return open_url(QUrl.fromLocalFile(str(path)))


def open_folder(path: Path) -> bool:
    """Show the folder that holds ``path`` (on Windows with the file selected)."""
    if sys.platform == "win32":
        native = str(path).replace("/", "\\")
        if QProcess.startDetached("explorer.exe", [f"/select,{native}"])[0]:
            return True
    return open_url(QUrl.fromLocalFile(str(path.parent)))


def _failed(parent: QWidget | None, path: Path, what: str) -> None:
    QMessageBox.warning(parent, _t("无法打开"),
                        _t("无法打开{what}：{path}\n请在文件管理器中找到它。").format(what=what, path=path))


class SavedNotice(QFrame):
    """"已保存：路径" with 打开 and 打开所在文件夹 buttons; hidden until :meth:`show_saved`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedNotice")
        self.path: Path | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(_t("打开"))
        self.folder_button = QPushButton(_t("打开所在文件夹"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.hide()

    def show_saved(self, path: Path) -> None:
        self.path = Path(path)
        self.label.setText(_t("已保存：{path}").format(path=self.path))
        self.show()

    def _on_open_button_clicked(self) -> None:
        if self.path is not None and not open_file(self.path):
            _failed(self, self.path, _t("文件"))

    def _on_folder_button_clicked(self) -> None:
        if self.path is not None and not open_folder(self.path):
            _failed(self, self.path.parent, _t("文件夹"))


def saved_message_box(parent: QWidget | None, path: Path, *, title: str) -> QMessageBox:
    """A message "已保存：路径" whose buttons 打开 / 打开所在文件夹 do so (not yet shown)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, _t("已保存：{path}").format(path=path),
                      QMessageBox.StandardButton.NoButton, parent)
    open_button = box.addButton(_t("打开"), QMessageBox.ButtonRole.ActionRole)
    folder_button = box.addButton(_t("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_t("关闭"), QMessageBox.ButtonRole.RejectRole)

    def clicked(button: object) -> None:
        if button is open_button and not open_file(path):
            _failed(parent, path, _t("文件"))
        elif button is folder_button and not open_folder(path):
            _failed(parent, path.parent, _t("文件夹"))

    box.buttonClicked.connect(clicked)
    return box


def show_saved_box(parent: QWidget, path: Path, *, title: str) -> QMessageBox:
    """Open :func:`saved_message_box` over ``parent`` (window-modal), replacing the one it showed before."""
    for old in parent.findChildren(QMessageBox, SAVED_BOX):
        old.deleteLater()
    box = saved_message_box(parent, path, title=title)
    box.setObjectName(SAVED_BOX)
    box.open()
    return box
