"""咨询登记 in the window: the form is pre-filled from the reader's trail, typed into like a person would,
saved to the SQLite log; export, 删除全部登记, damaged and locked logs (ui/consult_dialog.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from content.consultations import FILE_NAME, ConsultationStore
from content.profile import Group, Profile
from ui.pages import Page

pytestmark = pytest.mark.gui

SHOWN = ("hb12-01", "zb-11-1-04", "hb12-02a")


def type_text(widget: QWidget, text: str) -> None:
    """Type Chinese the way an input method commits it (qtbot.keyClicks aborts on CJK)."""
    widget.setFocus()
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def _open_form(qtbot: Any, w: Any) -> Any:
    w.actions_by_name["consult"].trigger()
    dlg = w.consult_dialog
    qtbot.waitExposed(dlg)
    return dlg


def _log(data_dir: Path) -> ConsultationStore:
    return ConsultationStore.open(data_dir / FILE_NAME)


def test_form_is_prefilled_typed_in_chinese_and_saved(qtbot: Any, make_window: Any, _isolated_data_dir: Path) -> None:
    w = make_window()
    for mid in SHOWN:
        w.open_page(Page("item", mid))
    w.open_page(Page("item", "hb12"))  # a document: not a measure shown to the visitor
    w.open_page(Page("item", "hb12-01"))  # opened twice, listed once
    w.open_page(Page("contacts"))
    assert w.consult_trail.ids() == SHOWN
    dlg = _open_form(qtbot, w)
    lst = dlg.measures_list
    shown = [f"{w._hb.find(m).display_title}（{w._doc_label(w._hb.find(m).document_id)}）" for m in SHOWN]
    assert [lst.item(r).text() for r in range(lst.count())] == shown
    assert shown[1].endswith("（石家庄市科技创新政策摘编）")  # the document says which 第4条
    assert all(lst.item(r).checkState() == Qt.CheckState.Checked for r in range(lst.count()))

    type_text(dlg.enterprise_edit, "石家庄智造科技有限公司")
    qtbot.keyClick(dlg.enterprise_edit, Qt.Key.Key_Return)  # Enter: on to the next field, nothing saved yet
    assert dlg.isVisible() and dlg.focusWidget() is dlg.person_edit
    type_text(dlg.person_edit, "张伟")
    dlg.phone_edit.setFocus()
    qtbot.keyClicks(dlg.phone_edit, "0311-85678026")
    type_text(dlg.questions_edit, "研发费用加计扣除怎么申报？\n想了解揭榜挂帅")
    # untick the second measure with the keyboard: select it, Space
    lst.setFocus()
    lst.setCurrentRow(1)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert lst.item(1).checkState() == Qt.CheckState.Unchecked
    dlg.follow_up_check.setFocus()
    qtbot.keyClick(dlg.follow_up_check, Qt.Key.Key_Space)
    assert dlg.follow_up_check.isChecked()
    with qtbot.waitSignal(dlg.recorded, timeout=2000):
        qtbot.keyClick(dlg.questions_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    store = _log(_isolated_data_dir)
    try:
        [e] = store.entries()
    finally:
        store.close()
    assert (e.enterprise, e.person, e.phone) == ("石家庄智造科技有限公司", "张伟", "0311-85678026")
    assert e.questions == "研发费用加计扣除怎么申报？\n想了解揭榜挂帅"
    assert [m.id for m in e.measures] == ["hb12-01", "hb12-02a"]
    assert [m.title for m in e.measures] == [shown[0], shown[2]]  # recorded as listed
    assert set(e.topics) == set(w._hb.find("hb12-01").topics) | set(w._hb.find("hb12-02a").topics)
    assert e.follow_up is True
    assert "已登记：石家庄智造科技有限公司" in w.statusBar().currentMessage()
    # the trail starts again: the next visitor's form lists only what is opened from now on
    assert w.consult_trail.ids() == ()
    w.open_page(Page("item", "zb-11-1-04"))
    dlg2 = _open_form(qtbot, w)
    assert dlg2.measures_list.count() == 1 and "本机已有 1 条登记，今天 1 条" in dlg2.count_label.text()
    dlg2.reject()


def _listed(dlg: Any) -> list[tuple[str, bool]]:
    lst = dlg.measures_list
    return [(lst.item(r).data(Qt.ItemDataRole.UserRole + 1), lst.item(r).checkState() == Qt.CheckState.Checked)
            for r in range(lst.count())]


def test_checkup_measures_are_offered_after_the_readers(qtbot: Any, make_window: Any,
                                                         _isolated_data_dir: Path) -> None:
    """A 政策体检 run with the visitor on 我的企业: its 可申请 measures are in the form too, ticked, after
    those opened in the reader, each once; saved, they go with the trail; an empty profile adds nothing."""
    w = make_window()
    w.open_page(Page("item", "hb12-01"))
    w.open_page(Page("profile"))
    panel = w.profile_panel
    panel.set_profile(Profile({"county": "长安区", "high_tech": "new"}))
    applicable = [m.measure.id for m in panel.result().group(Group.APPLICABLE)]
    assert "changan-1-2" in applicable and len(applicable) >= 2 and "hb12-01" not in applicable
    # one of them is opened from the result: a reader's measure, listed once
    panel.measure_open_requested.emit(applicable[-1])
    w._on_back_triggered()
    # the screen is closed for the next visitor: what this one was shown is still offered
    with qtbot.waitSignal(panel.cleared, timeout=1000):
        qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    dlg = _open_form(qtbot, w)
    expected = ["hb12-01", applicable[-1], *applicable[:-1]]
    assert _listed(dlg) == [(i, True) for i in expected]
    titles = [dlg.measures_list.item(r).text() for r in range(dlg.measures_list.count())]
    assert titles[2] == dlg.shown_title(w._hb.find(applicable[0]))
    type_text(dlg.enterprise_edit, "某某科技公司")
    with qtbot.waitSignal(dlg.recorded, timeout=2000):
        dlg.save_button.click()
    store = _log(_isolated_data_dir)
    try:
        [e] = store.entries()
    finally:
        store.close()
    assert [m.id for m in e.measures] == expected
    assert w.consult_trail.ids() == () and w.consult_measure_ids() == ()
    # an empty or cleared profile shows nothing and adds nothing
    w.open_page(Page("profile"))
    panel.refresh_now()
    panel.set_profile(Profile())
    panel.clear()
    dlg2 = _open_form(qtbot, w)
    assert not dlg2.measures_list.isEnabled() and dlg2.measures_list.count() == 1
    dlg2.reject()


def test_tab_walks_the_form_in_order(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    w.open_page(Page("item", "hb12-01"))
    dlg = _open_form(qtbot, w)
    assert dlg.focusWidget() is dlg.enterprise_edit  # the cursor starts in 企业名称
    order = [dlg.enterprise_edit, dlg.person_edit, dlg.phone_edit, dlg.questions_edit, dlg.measures_list,
             dlg.follow_up_check]
    for here, there in itertools.pairwise(order):
        assert dlg.focusWidget() is here
        qtbot.keyClick(here, Qt.Key.Key_Tab)
        assert dlg.focusWidget() is there, f"Tab from {here.__class__.__name__}"
    dlg.reject()


def test_empty_form_and_bad_phone_say_why_and_keep_the_text(qtbot: Any, make_window: Any, _isolated_data_dir: Path) -> None:
    w = make_window()
    dlg = _open_form(qtbot, w)
    assert not dlg.measures_list.isEnabled()  # nothing opened yet: said in the list, nothing to tick
    dlg.save_button.click()
    assert dlg.isVisible() and "至少填写" in dlg.error_label.text()
    type_text(dlg.enterprise_edit, "某公司")
    type_text(dlg.phone_edit, "打电话给我")
    dlg.save_button.click()
    assert dlg.isVisible() and "电话" in dlg.error_label.text()
    assert dlg.enterprise_edit.text() == "某公司"
    store = _log(_isolated_data_dir)
    assert store.count() == 0
    store.close()
    dlg.reject()


def test_export_and_delete_all_from_the_form(qtbot: Any, make_window: Any, _isolated_data_dir: Path,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    w = make_window()
    for i in range(3):
        w.open_page(Page("item", SHOWN[i]))
        dlg = _open_form(qtbot, w)
        type_text(dlg.enterprise_edit, f"保密企业{i}")
        dlg.save_button.click()
    dlg = _open_form(qtbot, w)
    assert "本机已有 3 条登记" in dlg.count_label.text()
    out = tmp_path / "报告.xlsx"
    monkeypatch.setattr(dlg, "ask_export_path", lambda: out)
    dlg.export_button.click()
    assert dlg.saved_notice.isVisible() and str(out) in dlg.saved_notice.label.text()
    rows = list(openpyxl.load_workbook(out)["咨询登记"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == ["保密企业0", "保密企业1", "保密企业2"]
    assert [r[6] for r in rows] == [dlg.shown_title(w._hb.find(m)) for m in SHOWN]
    # an export that cannot be written: a sentence, not a traceback
    monkeypatch.setattr(dlg, "ask_export_path", lambda: tmp_path)
    dlg.export_button.click()
    assert "未能导出" in dlg.error_label.text() and "文件夹" in dlg.error_label.text()

    db = _isolated_data_dir / FILE_NAME
    monkeypatch.setattr(dlg, "confirm_delete_all", lambda n: False)
    dlg.delete_button.click()
    assert "保密企业1".encode() in db.read_bytes()
    asked: list[int] = []
    monkeypatch.setattr(dlg, "confirm_delete_all", lambda n: asked.append(n) or True)
    with qtbot.waitSignal(dlg.deleted) as sig:
        dlg.delete_button.click()
    assert asked == [3] and sig.args == [3]
    assert "已删除全部 3 条登记" in dlg.count_label.text() and not dlg.delete_button.isEnabled()
    for p in _isolated_data_dir.rglob("*"):
        if p.is_file():
            assert "保密企业".encode() not in p.read_bytes(), p
    assert out.exists()  # the exported report is the user's file: not touched
    dlg.reject()


def test_confirm_delete_all_defaults_to_cancel(qtbot: Any, make_window: Any) -> None:
    w = make_window()
    dlg = _open_form(qtbot, w)
    seen: list[QMessageBox] = []

    def answer() -> None:
        box = next(b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible())
        seen.append(box)
        assert "2 条" in box.text() and "无法恢复" in box.text()
        box.defaultButton().click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(100, answer)
    assert dlg.confirm_delete_all(2) is False
    assert seen and seen[0].defaultButton().text() == "取消"
    dlg.reject()


def test_damaged_log_is_set_aside_and_said_in_the_form(qtbot: Any, make_window: Any, _isolated_data_dir: Path) -> None:
    junk = b"SQLite format 2\x00" + b"\x13" * 5000
    (_isolated_data_dir / FILE_NAME).write_bytes(junk)
    w = make_window()
    dlg = _open_form(qtbot, w)
    assert dlg.notice_label.isVisible()
    assert "已损坏" in dlg.notice_label.text() and ".damaged-" in dlg.notice_label.text()
    [backup] = _isolated_data_dir.glob(f"{FILE_NAME}.damaged-*")
    assert backup.read_bytes() == junk
    type_text(dlg.enterprise_edit, "损坏之后的企业")
    dlg.save_button.click()
    store = _log(_isolated_data_dir)
    assert [e.enterprise for e in store.entries()] == ["损坏之后的企业"]
    store.close()
    dlg2 = _open_form(qtbot, w)
    assert not dlg2.notice_label.isVisible()  # said once
    dlg2.reject()


def test_locked_log_says_so_and_keeps_the_form(qtbot: Any, make_window: Any, _isolated_data_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    w = make_window()
    dlg = _open_form(qtbot, w)
    w._consult_store.timeout = 0.1
    w._consult_store.close()  # reopened with the short timeout
    other = sqlite3.connect(_isolated_data_dir / FILE_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        type_text(dlg.enterprise_edit, "排队的企业")
        dlg.save_button.click()
        assert dlg.isVisible() and "另一个程序使用" in dlg.error_label.text()
        assert dlg.enterprise_edit.text() == "排队的企业"
    finally:
        other.execute("ROLLBACK")
        other.close()
    dlg.save_button.click()
    assert not dlg.isVisible()
    assert not list(_isolated_data_dir.glob("*.damaged-*"))


def test_unusable_log_at_open_is_a_message_not_a_traceback(qtbot: Any, make_window: Any,
                                                            _isolated_data_dir: Path) -> None:
    (_isolated_data_dir / FILE_NAME).mkdir()  # a folder where the file should be
    w = make_window()
    w.actions_by_name["consult"].trigger()
    box = next(b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible())
    assert "咨询登记文件" in box.text() and "文件夹" in box.text()
    box.close()
    assert getattr(w, "consult_dialog", None) is None


def test_screenshot_of_the_form(qtbot: Any, make_window: Any, tmp_path: Path, _isolated_data_dir: Path) -> None:
    """Renders docs/screenshots/consult-dialog.png's picture (written there only with KJZC_SHOTS=folder)."""
    import os

    from content.consultations import make_entry

    store = _log(_isolated_data_dir)
    for name in ("河北某某生物科技有限公司", "长安区某某电子有限公司"):
        store.add(make_entry(enterprise=name, now=dt.datetime.now()))
    store.close()
    w = make_window()
    for mid in ("hb12-01", "zb-11-1-04", "hb12-02a"):
        w.open_page(Page("item", mid))
    dlg = _open_form(qtbot, w)
    dlg._now = lambda: dt.datetime(2025, 6, 3, 10, 30)
    type_text(dlg.enterprise_edit, "石家庄智造科技有限公司")
    type_text(dlg.person_edit, "张伟")
    type_text(dlg.phone_edit, "0311-85678026")
    type_text(dlg.questions_edit, "研发费用加计扣除怎么申报？\n揭榜挂帅项目找谁？")
    dlg.measures_list.item(1).setCheckState(Qt.CheckState.Unchecked)
    dlg.follow_up_check.setChecked(True)
    out = Path(os.environ["KJZC_SHOTS"]) / "consult-dialog.png" if os.environ.get("KJZC_SHOTS") else tmp_path / "c.png"
    assert dlg.grab().save(str(out))
    assert out.stat().st_size > 10_000
    dlg.reject()
