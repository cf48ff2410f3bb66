"""咨询登记: the staff's quick form for one visitor, with export and 删除全部登记.

The measures opened in the reader since the last entry are listed, ticked, then the 可申请 measures of
the last 政策体检 on 我的企业 (ui/mainwindow.py ``consult_measure_ids``); staff untick what was not
discussed.  The entry goes to the SQLite log in the per-user data directory
(:mod:`content.consultations`); 导出… writes the bureau's report (.xlsx or CSV,
:mod:`content.consultation_export`).  Every failure is a sentence in the form, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from content.consultation_export import export_csv, export_xlsx
from content.consultations import ConsultationError, ConsultationStore, MeasureRef, make_entry
from content.model import Measure
from content.safe_io import WriteError
from ui.documents import documents_dir
from ui.saved_notice import SavedNotice

ROLE_MEASURE = Qt.ItemDataRole.UserRole + 1


def _t(text: str) -> str:
    return QCoreApplication.translate("consult", text)


class ConsultDialog(QDialog):
    """One visitor's entry; also 导出… and 删除全部登记….

    Args:
        store: The open log.
        measures: The measures opened since the last entry (first opened first), then the last 体检's
            可申请 ones; all ticked.
        notice: A sentence to show above the form (a damaged log set aside, a read-only data folder).
        now: The clock (tests set it).

    Signals:
        recorded(object): an entry was saved (the stored :class:`content.consultations.Consultation`).
        deleted(int): every entry was deleted (how many there were).
    """

    recorded = Signal(object)
    deleted = Signal(int)

    def __init__(self, store: ConsultationStore, measures: Sequence[Measure], *, notice: str = "",
                 doc_label: Callable[[str], str] | None = None, now: Callable[[], _dt.datetime] = _dt.datetime.now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultDialog")
        self.setWindowTitle(_t("咨询登记"))
        self._store = store
        self._now = now
        self._measures = list(measures)
        self._doc_label = doc_label
        lay = QVBoxLayout(self)

        self.notice_label = QLabel(notice, self)
        self.notice_label.setObjectName("consultNotice")
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("background:#fff4d6; border:1px solid #e0b84c; padding:6px; color:#5a4300")
        self.notice_label.setVisible(bool(notice))
        lay.addWidget(self.notice_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.enterprise_edit = QLineEdit(self)
        self.enterprise_edit.setPlaceholderText(_t("例如：石家庄某某科技有限公司"))
        self.person_edit = QLineEdit(self)
        self.person_edit.setPlaceholderText(_t("姓名"))
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setPlaceholderText(_t("手机或座机，例如 0311-85678026"))
        self.questions_edit = QPlainTextEdit(self)
        self.questions_edit.setTabChangesFocus(True)  # Tab goes on to the next field, as in the line edits
        self.questions_edit.setPlaceholderText(_t("企业想了解什么（可写多行）"))
        self.questions_edit.setFixedHeight(84)
        self.measures_list = QListWidget(self)
        self.measures_list.setObjectName("consultMeasures")
        self.measures_list.setMinimumHeight(110)
        for m in self._measures:
            it = QListWidgetItem(self.shown_title(m))
            it.setToolTip(" › ".join(m.path) if m.path else m.title)
            it.setData(ROLE_MEASURE, m.id)
            it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            it.setCheckState(Qt.CheckState.Checked)
            self.measures_list.addItem(it)
        if not self._measures:
            self.measures_list.addItem(QListWidgetItem(_t("（本次还没有打开过政策条目）")))
            self.measures_list.setEnabled(False)
        self.follow_up_check = QCheckBox(_t("需回访（会后由科技局联系企业）"), self)
        form.addRow(_t("企业名称(&E)"), self.enterprise_edit)
        form.addRow(_t("联系人(&P)"), self.person_edit)
        form.addRow(_t("电话(&T)"), self.phone_edit)
        form.addRow(_t("咨询问题(&Q)"), self.questions_edit)
        form.addRow(_t("介绍的政策(&M)"), self.measures_list)
        form.addRow("", self.follow_up_check)
        lay.addLayout(form)
        hint = QLabel(_t("Enter 或 Tab 到下一项，空格键勾选或取消所选政策，Ctrl+Enter 保存。"
                         "登记只保存在本机，导出时才离开本机。"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555")
        lay.addWidget(hint)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("consultCount")
        lay.addWidget(self.count_label)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("consultError")
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setStyleSheet("color:#8a1c1c")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        lay.addWidget(self.error_label)
        self.saved_notice = SavedNotice(self)
        lay.addWidget(self.saved_notice)

        row = QHBoxLayout()
        self.export_button = QPushButton(_t("导出…"), self)
        self.export_button.setToolTip(_t("把全部登记导出为 Excel（含每日汇总）或 CSV，用于活动报告"))
        self.export_button.setAutoDefault(False)
        self.delete_button = QPushButton(_t("删除全部登记…"), self)
        self.delete_button.setToolTip(_t("一次删除本机保存的全部咨询登记（含企业名称、联系人、电话）"))
        self.delete_button.setAutoDefault(False)
        row.addWidget(self.export_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_t("保存登记"))
        self.save_button.setToolTip(_t("保存这一条登记（Ctrl+Enter）"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_t("关闭"))
        for b in (self.save_button, cancel):
            b.setAutoDefault(False)
        row.addWidget(self.buttons)
        lay.addLayout(row)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.resize(640, 540)
        self.enterprise_edit.setFocus()
        self._update_count()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter goes to the next field; Ctrl+Enter saves.

        A visitor's name typed and Enter pressed out of habit must not save half an entry, which
        QDialog's default button would do.
        """
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._on_buttons_accepted()
            else:
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    def shown_title(self, m: Measure) -> str:
        """How a measure is listed, and recorded: its title and, where known, its document's short title."""
        doc = self._doc_label(m.document_id) if self._doc_label is not None else ""
        return f"{m.display_title}（{doc}）" if doc else m.display_title

    # -- reading the form ------------------------------------------------------------------------
    def checked_measures(self) -> list[Measure]:
        """The ticked measures, in list order."""
        out: list[Measure] = []
        for row in range(self.measures_list.count()):
            it = self.measures_list.item(row)
            if it is not None and it.data(ROLE_MEASURE) and it.checkState() == Qt.CheckState.Checked:
                out.extend(m for m in self._measures if m.id == it.data(ROLE_MEASURE))
        return out

    def _update_count(self) -> None:
        try:
            total = self._store.count()
            today = self._store.count(day=self._now().date())
        except ConsultationError as exc:
            self._show_error(str(exc))
            return
        self.count_label.setText(_t("本机已有 {n} 条登记，今天 {t} 条。").format(n=total, t=today))
        self.delete_button.setEnabled(total > 0)
        self.export_button.setEnabled(total > 0)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- save ------------------------------------------------------------------------------------
    def _on_buttons_accepted(self) -> None:
        measures = self.checked_measures()
        try:
            entry = make_entry(
                enterprise=self.enterprise_edit.text(), person=self.person_edit.text(), phone=self.phone_edit.text(),
                questions=self.questions_edit.toPlainText(),
                measures=[MeasureRef(m.id, self.shown_title(m)) for m in measures],
                topics=[t for m in measures for t in m.topics], follow_up=self.follow_up_check.isChecked(),
                now=self._now())
            stored = self._store.add(entry)
        except ConsultationError as exc:  # the form keeps what was typed: staff fix it or retry
            self._show_error(str(exc))
            return
        self.recorded.emit(stored)
        self.accept()

    # -- export ----------------------------------------------------------------------------------
    def ask_export_path(self) -> Path | None:
        """The file to export to (.xlsx or .csv), or None when cancelled (a seam for tests)."""
        default = documents_dir() / f"咨询登记-{self._now():%Y%m%d}.xlsx"
        xlsx, csv_ = _t("Excel 工作簿（含每日汇总）(*.xlsx)"), _t("CSV 文件（UTF-8，仅登记明细）(*.csv)")
        name, chosen = QFileDialog.getSaveFileName(self, _t("导出咨询登记"), str(default), f"{xlsx};;{csv_}")
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + (".csv" if chosen == csv_ else ".xlsx"))
        return path

    def export_to(self, path: Path) -> bool:
        """Export every entry to ``path`` (.csv → CSV, else .xlsx); say where, or what went wrong."""
        try:
            entries = self._store.entries()
            if path.suffix.lower() == ".csv":
                export_csv(entries, path)
            else:
                export_xlsx(entries, path)
        except (ConsultationError, WriteError) as exc:
            self._show_error(_t("未能导出：{msg}").format(msg=exc))
            return False
        self._show_error("")
        self.saved_notice.show_saved(path)
        return True

    def _on_export_button_clicked(self) -> None:
        path = self.ask_export_path()
        if path is not None:
            self.export_to(path)

    # -- delete all ------------------------------------------------------------------------------
    def confirm_delete_all(self, n: int) -> bool:
        """Ask before deleting (a seam for tests); ``取消`` is the default button."""
        box = QMessageBox(QMessageBox.Icon.Warning, _t("删除全部登记"),
                          _t("确定删除本机保存的全部 {n} 条咨询登记吗？\n企业名称、联系人、电话和咨询内容将被彻底删除，"
                             "无法恢复。已经导出的文件不受影响，请自行妥善处理。").format(n=n),
                          QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton(_t("删除全部"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(_t("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def _on_delete_button_clicked(self) -> None:
        try:
            n = self._store.count()
        except ConsultationError as exc:
            self._show_error(str(exc))
            return
        if n == 0 or not self.confirm_delete_all(n):
            return
        try:
            gone = self._store.delete_all()
        except ConsultationError as exc:
            self._show_error(str(exc))
            self._update_count()
            return
        self._show_error("")
        self.notice_label.hide()  # a damaged copy it spoke of is gone too
        self._update_count()
        self.count_label.setText(_t("已删除全部 {n} 条登记。").format(n=gone) + self.count_label.text())
        self.deleted.emit(gone)
