"""记录核实: a small form for bureau staff to record whether a document, part or measure is in force.

The record goes to ``verifications.yaml`` in the per-user data directory (never into the official
text); the window then recomputes every status from the content bundle.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from content.bundle import ContentBundle, refresh_verifications
from content.model import Document, Measure, Part
from content.validity import VerificationMethod, VerificationResult
from content.verifications import VerificationError, add_records, make_record
from ui.settings import Settings


class VerifyDialog(QDialog):
    """Record one verification of ``item``.

    Signals:
        recorded(object): the record was saved; the argument is the refreshed :class:`ContentBundle`.
    """

    recorded = Signal(object)

    def __init__(self, bundle: ContentBundle, item: Document | Part | Measure, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录效力核实"))
        self._bundle = bundle
        self._item = item
        self._settings = settings
        lay = QVBoxLayout(self)
        name = item.display_title if isinstance(item, Measure) else item.title
        v = bundle.status(item.id)
        scope = ""
        if not isinstance(item, Measure):
            n = sum(1 for _ in item.all_measures())
            scope = self.tr("（对其下 {n} 条措施有效，除非某条另有核实记录）").format(n=n)
        self.intro = intro = QLabel(self.tr("核实对象：{name}{scope}\n当前状态：{label}（{reason}）").format(
            name=name, scope=scope, label=v.label, reason=v.reason), self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(intro)
        form = QFormLayout()
        self.result_box = QComboBox(self)
        self.result_box.addItems([r.value for r in VerificationResult])
        self.office_box = QComboBox(self)
        self.office_box.setEditable(True)
        self.office_box.addItems(settings.verify_offices)
        self.office_box.setCurrentText(settings.verify_offices[0] if settings.verify_offices else "")
        line = self.office_box.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("例如：石家庄市科学技术局政策法规科"))
        self.method_box = QComboBox(self)
        self.method_box.addItems([m.value for m in VerificationMethod])
        self.ref_edit = QLineEdit(self)
        self.ref_edit.setPlaceholderText(self.tr("文号、网址或所查文件；已修订/已废止时必填替代文件"))
        self.note_edit = QLineEdit(self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = bundle.today
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        form.addRow(self.tr("核实结果"), self.result_box)
        form.addRow(self.tr("核实单位"), self.office_box)
        form.addRow(self.tr("核实方式"), self.method_box)
        form.addRow(self.tr("依据/替代文件"), self.ref_edit)
        form.addRow(self.tr("核实日期"), self.date_edit)
        form.addRow(self.tr("备注"), self.note_edit)
        lay.addLayout(form)
        hint = QLabel(self.tr("核实记录保存在本机（个人数据目录），与文件原文分开；可在“工具”菜单中导出给其他电脑。"
                              "“现行”的核实在{m}个月内有效。").format(m=bundle.validity.window_months), self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color:#8a1c1c")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        lay.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setText(self.tr("保存核实记录"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText(self.tr("取消"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        b = self._bundle
        try:
            if b.user_verifications is None:
                raise VerificationError(self.tr("个人数据目录不可用，无法保存核实记录"))
            rec = make_record(target=self._item.id, result=self.result_box.currentText(),
                              office=self.office_box.currentText(), method=self.method_box.currentText(),
                              ref=self.ref_edit.text(), note=self.note_edit.text(),
                              date=self.date_edit.date().toString("yyyy-MM-dd"), today=b.today,
                              known_ids=b.known_ids())
            add_records(b.user_verifications, [rec])
        except VerificationError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        offices = [rec.office, *[o for o in self._settings.verify_offices if o != rec.office]][:10]
        self._settings.verify_offices = offices
        self._settings.sync()
        self.recorded.emit(refresh_verifications(b))
        self.accept()
