"""Content is plain text wherever it is shown (issue 15.5): markup in a content file is shown as typed.

A content file whose title, text, contacts and notes carry HTML (an ``<img>`` of a local file, a
remote link, a huge font) is loaded into the window; then every place that shows content — the
tree's tooltips, the contact directory, bookmarks, labels, the reader, the card dialog, the
calculator panel — is rendered the way Qt would and checked: the markup appears literally and no
image or other resource is ever requested.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import QAbstractTextDocumentLayout, QHelpEvent, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QToolTip,
    QTreeView,
    QWidget,
)

from content.loader import CONTENT_DIR, load_handbook

pytestmark = [pytest.mark.gui, pytest.mark.attack]

IMG = '<img src="file:///etc/passwd" width="900">'
LINK = '<a href="http://evil.example/x">点我</a>'
BIG = '<span style="font-size:200px">大</span>'
#: Beginnings of the hostile strings (a tooltip may show only the start of a text).
MARKERS = ('<img src="file', '<a href="http://evil', '<span style="font-size:200px')


class RecordingDocument(QTextDocument):
    """A QTextDocument that records every resource it is asked to load."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        self.requested.append(url.toString() if isinstance(url, QUrl) else str(url))
        return super().loadResource(kind, url)


def shown(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> tuple[str, list[str]]:
    """What a label or tooltip with ``text`` displays, and the resources it loads."""
    doc = RecordingDocument()
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if rich:
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    doc.setTextWidth(400)
    QAbstractTextDocumentLayout.documentSize(doc.documentLayout())
    return doc.toPlainText(), doc.requested


def assert_plain(text: str, where: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> None:
    plain, requested = shown(text, fmt)
    assert not requested, f"{where} loads {requested}"
    for marker in MARKERS:
        if marker in html.unescape(text):
            assert marker in plain, f"{where} renders markup: {text!r} -> {plain!r}"


@pytest.fixture(autouse=True)
def _plain_tooltips(qapp: Any) -> None:
    from ui.plaintext import install

    install(qapp)  # what ui.app._make_app does for the real window


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    d = tmp_path_factory.mktemp("hostile")
    src = (CONTENT_DIR / "sjz-gxq-jingnan.yaml").read_text(encoding="utf-8")
    for old, new in (
        ('title: "实施重大科技成果转化专项"', f"title: '{IMG}实施重大科技成果转化专项{BIG}'"),
        ("最高不超过60万元。", f"最高不超过60万元。{LINK}{IMG}"),
        ("(一)实施重大科技成果转化专项。每年", f"(一){BIG}实施重大科技成果转化专项。{IMG}每年"),
        ('short_title: "石家庄高新区京南示范区落实方案"', f"short_title: '{BIG}京南方案'"),
    ):
        assert old in src, old
        src = src.replace(old, new, 1)
    (d / "sjz-gxq-jingnan.yaml").write_text(src, encoding="utf-8")
    shutil.copy(CONTENT_DIR / "changan-mingbaika.yaml", d)
    hb = load_handbook(d)
    assert hb.measure("gxq-2-1") is not None, [str(e) for e in hb.errors]
    assert IMG in hb.measure("gxq-2-1").title  # type: ignore[union-attr]
    return hb


def _all_indexes(model: Any, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        yield idx
        yield from _all_indexes(model, idx)


def _tooltip_shown(widget: QWidget, pos: QPoint) -> str:
    """Ask ``widget`` for its tooltip at ``pos`` the way a resting mouse does; what Qt shows."""
    QToolTip.hideText()
    QApplication.processEvents()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def _check_views(root: QWidget) -> int:
    """Hover every item of every view; every tooltip shown must show content literally."""
    checked = 0
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or isinstance(view, QHeaderView) or not view.isVisibleTo(root):
            continue
        if isinstance(view, QTreeView):
            view.expandAll()
        for idx in list(_all_indexes(model))[:400]:
            raw = idx.data(Qt.ItemDataRole.ToolTipRole)
            if not raw:
                continue
            view.scrollTo(idx)
            rect = view.visualRect(idx)
            if not rect.isValid():
                continue
            text = _tooltip_shown(view.viewport(), rect.center())
            assert text, f"no tooltip shown for {raw!r}"
            assert_plain(text, f"{type(view).__name__} tooltip of {str(raw)[:30]!r}")
            checked += 1
    return checked


def _check_labels(root: QWidget) -> int:
    checked = 0
    for label in root.findChildren(QLabel):
        if label.text():
            assert_plain(label.text(), f"QLabel {label.objectName() or label.text()[:20]}", label.textFormat())
            checked += 1
    for w in root.findChildren(QWidget):
        if w.toolTip() and w.isVisibleTo(root) and not isinstance(w, QAbstractItemView):
            text = _tooltip_shown(w, w.rect().center())
            if text:
                assert_plain(text, f"{type(w).__name__} tooltip")
                checked += 1
    return checked


def test_the_window_shows_content_markup_as_typed(qtbot: Any, hostile: Any) -> None:
    from ui.mainwindow import MainWindow
    from ui.pages import Page
    from ui.search import SearchController
    from ui.settings import Settings

    settings = Settings()
    settings.bookmarks = ["gxq-2-1"]
    from content.bundle import bundle_for

    w = MainWindow(bundle_for(hostile), settings, search=SearchController(hostile, backend_loader=lambda: None))
    qtbot.addWidget(w)
    w.resize(1200, 760)
    w.show()
    w.open_page(Page("item", "gxq-2-1"))
    qtbot.wait(50)
    assert _check_views(w) > 10
    assert _check_labels(w) > 3
    reader_text = w.reader.toPlainText()
    assert "<img" in reader_text and "<a href" in reader_text
    assert "点我" in reader_text
    doc = w.reader.document()
    it = doc.begin()
    while it.isValid():
        frag_it = it.begin()
        while not frag_it.atEnd():
            fmt = frag_it.fragment().charFormat()
            assert not fmt.isImageFormat(), "an image from content reached the reader"
            assert "evil.example" not in fmt.anchorHref()
            frag_it += 1
        it = it.next()
    assert w.windowTitle() and "<" not in w.windowTitle().replace(IMG, "").replace(BIG, "")


def test_no_text_view_ever_loads_a_resource(qtbot: Any, hostile: Any) -> None:
    """Before: the reader's loadResource read file:///etc/passwd for an <img> in its HTML."""
    from ui.calculator_panel import CalculatorPanel
    from ui.reader import Reader

    r = Reader()
    qtbot.addWidget(r)
    panel = CalculatorPanel(hostile)
    qtbot.addWidget(panel)
    for browser in (r, panel.result_view):
        for url in ("file:///etc/passwd", "http://evil.example/x.png", "/etc/hostname"):
            assert not bytes(browser.loadResource(2, QUrl(url))).strip(), (type(browser).__name__, url)
        browser.setHtml(f"<p>{IMG}</p>")
        assert not bytes(browser.document().resource(2, QUrl("file:///etc/passwd"))).strip()


def test_the_app_installs_plain_tooltips(qapp: Any) -> None:
    import ui.app
    import ui.plaintext

    ui.app._make_app()
    assert ui.plaintext._filter is not None


def test_the_card_dialog_shows_content_markup_as_typed(qtbot: Any, hostile: Any) -> None:
    from content.bundle import bundle_for
    from ui.printing import CardDialog

    d = CardDialog(bundle_for(hostile), preselected_ids=["gxq-2-1"])
    qtbot.addWidget(d)
    assert _check_views(d) > 10
    _check_labels(d)


def test_message_boxes_and_the_banner_show_markup_as_typed(qtbot: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from ui.banner import Banner

    text = f"找不到要打印的条目：{IMG}"
    box = QMessageBox(QMessageBox.Icon.Warning, "打印", text, QMessageBox.StandardButton.Ok)
    box.setInformativeText(LINK)
    qtbot.addWidget(box)
    box.show()
    labels = [lab for lab in box.findChildren(QLabel) if lab.text()]
    assert len(labels) >= 2
    for lab in labels:
        assert_plain(lab.text(), "message box", lab.textFormat())
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message(f"部分内容未能加载（涉及 {IMG}.yaml）")
    assert_plain(banner.label.text(), "banner", banner.label.textFormat())


def test_search_results_show_content_markup_as_typed(qtbot: Any, make_window: Any, fake_index: Any,
                                                    hostile: Any) -> None:
    index = type(fake_index)(hostile)  # tests/ui/conftest.py's FakeIndex, on the hostile content
    w = make_window(hb=hostile, backend_loader=index.backend)
    qtbot.waitUntil(lambda: w.search.state == "ready", timeout=5000)
    with qtbot.waitSignal(w.search.results_ready, timeout=5000):
        w.search_box.setText("实施")
    assert w.search_panel.results_model.rowCount() > 0
    assert _check_views(w.search_panel) > 0
    _check_labels(w.search_panel)
    w.grab()  # the result delegate paints escaped snippets with a document that loads nothing
