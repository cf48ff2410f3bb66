"""关于 (About) dialog: version, content date and the licences of the bundled components.

The main window opens it from the Help menu::

    from ui.about_dialog import AboutDialog
    AboutDialog(self, content_date=bundle.summary_line()).exec()

The version defaults to ``main.__version__`` (see :func:`app_version`); the licence table is data
(:data:`COMPONENTS`), shared with ``installer/assets/THIRD-PARTY-LICENSES.txt``.
"""

from __future__ import annotations

import html
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.style import ACCENT, MUTED, UI_BASE_PT, cjk_font

APP_NAME = "科技政策一点通"


@dataclass(frozen=True)
class Component:
    """A component shipped with the app and the licence it is distributed under."""

    name: str
    licence: str
    purpose: str


#: What the installed program contains (keep in step with installer/assets/THIRD-PARTY-LICENSES.txt).
COMPONENTS: tuple[Component, ...] = (
    Component(APP_NAME, "MIT", "本软件"),
    Component("Qt 6 / PySide6", "LGPLv3", "窗口界面、打印与 PDF（动态链接，可替换）"),
    Component("Python 3.11", "PSF License", "运行环境"),
    Component("Whoosh", "BSD", "全文检索"),
    Component("PyYAML", "MIT", "读取内容文件"),
    Component("pypinyin", "MIT", "拼音检索"),
    Component("segno", "BSD", "明白卡二维码"),
    Component("pypdf", "BSD", "检查写出的 PDF 是否完整"),
    Component("文泉驿微米黑 WenQuanYi Micro Hei", "Apache 2.0（或 GPLv3 附字体例外）", "中文字体（系统无中文字体时使用）"),
)


def app_version() -> str:
    """The app's version: ``__version__`` of main.py, wherever it was started from.

    ``python main.py`` and the frozen program run main.py as ``__main__``; tests and other entry
    points import it as ``main``.
    """
    for name in ("__main__", "main"):
        version = getattr(sys.modules.get(name), "__version__", None)
        if isinstance(version, str):
            return version
    try:
        version = getattr(importlib.import_module("main"), "__version__", None)
    except ImportError:
        version = None
    return version if isinstance(version, str) else "?"


def app_icon() -> QIcon:
    """The application icon: the one set on the QApplication, else the bundled or the source file.

    The frozen app carries ``kjzc.png`` at its root (installer/kjzc.spec); a source checkout has
    ``installer/assets/kjzc.svg``.  The window may pass this to ``QApplication.setWindowIcon``.
    """
    app = QApplication.instance()
    if isinstance(app, QApplication) and not app.windowIcon().isNull():
        return app.windowIcon()
    candidates = [Path(__file__).resolve().parent.parent / "installer" / "assets" / "kjzc.svg"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "kjzc.png")
    for path in candidates:
        if path.is_file():
            return QIcon(str(path))
    return QIcon()


def licences_html(components: tuple[Component, ...] = COMPONENTS) -> str:
    """The licence table as HTML for a QTextBrowser."""
    rows = "".join(
        f"<tr><td style='padding:2px 10px 2px 0'>{html.escape(c.name)}</td>"
        f"<td style='padding:2px 10px 2px 0'><b>{html.escape(c.licence)}</b></td>"
        f"<td style='padding:2px 0; color:{MUTED}'>{html.escape(c.purpose)}</td></tr>"
        for c in components
    )
    return (
        "<table cellspacing='0'>"
        f"<tr><th align='left'>组件</th><th align='left'>许可证</th><th align='left'>用途</th></tr>{rows}</table>"
        f"<p style='color:{MUTED}'>Qt 库以独立的共享库形式随软件分发，用户可按 LGPLv3 自行替换。"
        "各许可证全文见安装目录中的 THIRD-PARTY-LICENSES.txt。</p>"
    )


class AboutDialog(QDialog):
    """A small, modal 关于 dialog."""

    def __init__(self, parent: QWidget | None = None, *, content_date: str = "", version: str | None = None) -> None:
        super().__init__(parent)
        self.version = version if version is not None else app_version()
        self.content_date = content_date
        self.setWindowTitle(self.tr("关于 %1").replace("%1", APP_NAME))
        self.setFont(cjk_font())
        self.setMinimumWidth(640)

        icon = QLabel()
        window_icon = app_icon()
        if not window_icon.isNull():
            icon.setPixmap(window_icon.pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        title = QLabel(APP_NAME)
        title.setFont(cjk_font(UI_BASE_PT * 1.8, bold=True))
        title.setStyleSheet(f"color: {ACCENT};")
        self.version_label = QLabel(self.tr("版本 %1").replace("%1", self.version))
        self.version_label.setObjectName("aboutVersion")
        date_text = content_date or self.tr("未知")
        self.content_date_label = QLabel(self.tr("内容：%1").replace("%1", date_text))
        self.content_date_label.setObjectName("aboutContentDate")
        runtime = QLabel(self.tr("Qt %1 · PySide6 %2").replace("%1", qVersion()).replace("%2", PySide6.__version__))
        runtime.setStyleSheet(f"color: {MUTED};")
        note = QLabel(self.tr("离线使用，不联网。本手册不是法律依据，具体以官方发布的政策原文为准。"))
        note.setWordWrap(True)

        head = QVBoxLayout()
        for w in (title, self.version_label, self.content_date_label, runtime, note):
            head.addWidget(w)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(head, 1)

        self.licences = QTextBrowser()
        self.licences.setObjectName("aboutLicences")
        self.licences.setOpenLinks(False)
        self.licences.setFont(cjk_font())
        self.licences.setHtml(licences_html())
        self.licences.setMinimumHeight(260)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)  # seen on a real window: the defaults crowd the edges
        layout.setSpacing(10)
        top.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("随软件分发的组件及其许可证：")))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
