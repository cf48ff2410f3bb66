"""记录核实 from the window: staff record a check on a page; every status shown is recomputed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ui.pages import Page, link

pytestmark = pytest.mark.gui


def test_recording_a_verification_from_a_part_page(qtbot: Any, make_window: Any, settings_path: Path) -> None:
    from ui.verify_dialog import VerifyDialog

    w = make_window()
    w.open_page(Page("item", "sjz16"))
    assert "记录核实" in w.reader.toPlainText()
    assert "效力核实 0/212" in w.content_label.text()
    w._on_reader_link_activated(link("verify", "sjz16"))
    dlg = w.findChild(VerifyDialog)
    assert dlg is not None and "16 条措施" in dlg.intro.text() and "效力未核实" in dlg.intro.text()
    dlg.result_box.setCurrentText("现行")
    dlg.office_box.setCurrentText("石家庄市科学技术局政策法规科")
    dlg.method_box.setCurrentText("电话")
    dlg._on_buttons_accepted()
    assert (settings_path.parent / "verifications.yaml").exists()
    assert "效力核实 16/212" in w.content_label.text()
    w.open_page(Page("item", "sjz16-04"))
    assert "现行（" in w.reader.toPlainText() and "经石家庄市科学技术局政策法规科核实" in w.reader.toPlainText()
    w.open_page(Page("item", "hb12-01"))
    assert "期限已过" in w.reader.toPlainText()  # nothing else changed


def test_the_form_refuses_what_cannot_be_recorded(qtbot: Any, make_window: Any, settings_path: Path) -> None:
    from ui.verify_dialog import VerifyDialog

    w = make_window()
    w._on_reader_link_activated(link("verify", "zb-05-10"))
    dlg = w.findChild(VerifyDialog)
    assert dlg is not None
    dlg.result_box.setCurrentText("已废止")
    dlg.office_box.setCurrentText("石家庄市科学技术局")
    dlg._on_buttons_accepted()  # no replacing document given
    assert dlg.error_label.isVisibleTo(dlg) and "替代文件" in dlg.error_label.text()
    dlg.office_box.setCurrentText("")
    dlg.ref_edit.setText("石科规〔2026〕9号")
    dlg._on_buttons_accepted()
    assert "核实单位" in dlg.error_label.text()
    assert not (settings_path.parent / "verifications.yaml").exists()
    dlg.reject()
    assert not dlg.isVisible()
