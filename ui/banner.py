"""A non-blocking banner across the top of the window (content problems found at start)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from content.console import program_name
from content.model import ContentError


def _t(text: str) -> str:
    return QCoreApplication.translate("banner", text)


def content_error_summary(errors: Sequence[ContentError]) -> str:
    """One calm sentence naming the files with problems."""
    files = list(dict.fromkeys(e.file for e in errors))
    names = "、".join(files[:4]) + (_t(" 等 {n} 个文件").format(n=len(files)) if len(files) > 4 else "")
    return _t("部分内容未能加载（{n} 个问题，涉及 {files}）。其余内容可以正常使用；请联系内容维护人员运行“{prog} check”修正。").format(
        n=len(errors), files=names, prog=program_name())


class Banner(QFrame):
    """Message + 详情 (details) + 关闭 (dismiss).  Never modal.

    Signals:
        details_requested(): the user wants the full list.
        dismissed(): the user closed the banner.
    """

    details_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 6, 8, 6)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # file names and paths, never HTML
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.label, 1)
        self.details_button = QPushButton(_t("查看详情"), self)
        self.details_button.clicked.connect(self.details_requested)
        lay.addWidget(self.details_button)
        self.close_button = QPushButton(_t("关闭"), self)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        lay.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str, *, details: bool = True) -> None:
        self.label.setText(text)
        self.details_button.setVisible(details)
        self.show()

    def _on_close_button_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()


class ErrorListDialog(QDialog):
    """The full list of content problems (file:line: message), selectable for copying."""

    def __init__(self, errors: Sequence[ContentError], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("内容问题"))
        self.resize(760, 420)
        lay = QVBoxLayout(self)
        intro = QLabel(_t("以下内容未能加载。手册的其余部分不受影响。"), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        text = QPlainTextEdit(self)
        text.setReadOnly(True)
        text.setPlainText("\n".join(str(e) for e in errors))
        lay.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
