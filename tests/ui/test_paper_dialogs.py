"""Issue 13.5 on screen: Qt's own dialogs in Chinese, a 2-px focus ring, home tiles clickable as a whole."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.pages import Page

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def chinese_qt(qapp: QApplication) -> Iterator[list[Any]]:
    from ui.translations import install_qt_translations

    installed = install_qt_translations(qapp)
    yield installed
    for t in installed:  # other tests expect no translator
        qapp.removeTranslator(t)


def test_qt_standard_dialogs_are_chinese(qtbot: Any, chinese_qt: list[Any]) -> None:
    assert len(chinese_qt) == 2  # the supplement and qtbase_zh_CN
    assert chinese_qt[-1].filePath().endswith("qtbase_zh_CN.qm")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消", "保存"])
    dlg = QFileDialog(None, "另存为")
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dlg)
    labels = {w.text() for w in dlg.findChildren(QLabel)}
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels  # Qt's catalogue lacks these two
    assert "文件名称(&N)：" in labels
    assert {b.text() for b in dlg.findChildren(QPushButton) if b.text()} >= {"保存(&S)", "取消"}
    assert not [t for t in labels if t and t.isascii() and any(ch.isalpha() for ch in t)], labels
    # the supplement answers only its own strings; everything else falls through to Qt's catalogue
    assert QCoreApplication.translate("QPrintDialog", "Print") == "打印"
    assert QCoreApplication.translate("no-such-context", "Print") == "Print"


def test_the_application_loads_them_and_the_focus_ring(tmp_path: Path) -> None:
    code = ("from ui.app import _make_app\n"
            "from PySide6.QtWidgets import QDialogButtonBox\n"
            "app = _make_app()\n"
            "b = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)\n"
            "print(b.buttons()[0].text())\n"
            "print('2px solid' in app.styleSheet() and ':focus' in app.styleSheet())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KJZC_DATA_DIR": str(tmp_path)}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["取消", "True"]


def _ring_pixels(widget: QWidget, target: QWidget, colour: str) -> int:
    """Pixels of ``colour`` on the 2-px border of ``target`` in a grab of ``widget``."""
    img = widget.grab().toImage()
    ring = QColor(colour)
    top_left = target.mapTo(widget, QPoint(0, 0))
    count = 0
    for x in range(top_left.x(), top_left.x() + target.width()):
        for y in (top_left.y(), top_left.y() + 1):
            c = img.pixelColor(x, y)
            if abs(c.red() - ring.red()) + abs(c.green() - ring.green()) + abs(c.blue() - ring.blue()) < 40:
                count += 1
    return count


def test_focus_ring_is_two_pixels_of_high_contrast(qtbot: Any) -> None:
    from ui.style import FOCUS_RING, focus_ring_stylesheet

    # dark enough on white and on the window's grey (WCAG 3:1 is the minimum for a focus indicator)
    def luminance(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    contrast = (1.05) / (luminance(QColor(FOCUS_RING)) + 0.05)
    assert contrast >= 7.0
    w = QWidget()
    w.setStyleSheet(focus_ring_stylesheet())
    lay = QVBoxLayout(w)
    first, second = QPushButton("打开"), QPushButton("关闭")
    lay.addWidget(first)
    lay.addWidget(second)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    second.setFocus()
    qtbot.waitUntil(second.hasFocus)
    assert _ring_pixels(w, second, FOCUS_RING) > second.width()  # both rows of the top edge, nearly all along
    assert _ring_pixels(w, first, FOCUS_RING) == 0


def _tile_points(reader: Any) -> dict[str, QPoint]:
    """A point inside each tile but away from its title: its bottom padding."""
    from ui.tiles import tile_rects

    out: dict[str, QPoint] = {}
    scroll = reader.verticalScrollBar().value()
    for rect, href in tile_rects(reader.document()):
        out[href] = QPoint(int(rect.center().x()), int(rect.bottom() - 4 - scroll))
    return out


def test_home_tiles_are_clickable_as_a_whole(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("home"))
    reader = w.reader
    tiles = w._bundle.tiles
    points = _tile_points(reader)
    assert len(points) == len(tiles) >= 6
    href, point = next(iter(points.items()))
    assert reader.anchorAt(point) == ""  # the padding, not the title link
    viewport = reader.viewport()
    qtbot.mouseMove(viewport, point)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
    with qtbot.waitSignal(reader.link_activated, timeout=2000) as sig:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    assert sig.args == [href]


def test_a_click_beside_the_tiles_does_nothing(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("home"))
    reader = w.reader
    emitted: list[str] = []
    reader.link_activated.connect(emitted.append)
    from ui.tiles import tile_rects

    rects = tile_rects(reader.document())
    right = max(r.right() for r, _ in rects)
    below = max(r.bottom() for r, _ in rects)
    scroll = reader.verticalScrollBar().value()
    outside = QPoint(int(right + 30), int(rects[0][0].center().y() - scroll))
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=outside)
    between = QPoint(int(rects[0][0].center().x()), int(below + 40 - scroll))
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=between)
    assert emitted == []
    qtbot.mouseMove(reader.viewport(), outside)
    assert reader.viewport().cursor().shape() != Qt.CursorShape.PointingHandCursor


def test_other_pages_have_no_tiles(qtbot: Any, make_window: Any) -> None:
    from ui.tiles import tile_rects

    w = make_window()
    w.open_page(Page("compare", w._builder.comparisons[0].id))
    assert tile_rects(w.reader.document()) == []
