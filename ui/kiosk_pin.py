"""The staff PIN of 展台模式: how it is kept (a salted PBKDF2 hash, never the digits) and how it is asked.

The PIN is digits only, so staff can type it on the touch screen's own keypad (no keyboard at the
stand).  :func:`hash_pin` gives the text kept in ``settings.ini``::

    pbkdf2_sha256$200000$<salt, 32 hex digits>$<hash, 64 hex digits>

:func:`pin_matches` recomputes it with the stored salt and iteration count and compares in constant
time.  A stored value that is not in this form never matches.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.style import ACCENT, cjk_font

ALGORITHM = "pbkdf2_sha256"
#: PBKDF2 rounds: about a tenth of a second on an office PC per check.
PIN_ITERATIONS = 200_000
PIN_MIN, PIN_MAX = 4, 12
HASH_PATTERN = re.compile(r"^pbkdf2_sha256\$(\d{1,8})\$([0-9a-f]{32})\$([0-9a-f]{64})$")


def hash_pin(pin: str, *, salt: bytes | None = None, iterations: int = PIN_ITERATIONS) -> str:
    """The text kept for ``pin``: algorithm, rounds, a fresh random salt and the PBKDF2-HMAC-SHA256 hash.

    >>> h = hash_pin("2468", iterations=1000)
    >>> h.startswith("pbkdf2_sha256$1000$") and "2468" not in h
    True
    >>> pin_matches("2468", h), pin_matches("2469", h)
    (True, False)
    """
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"{ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN ``stored`` (from :func:`hash_pin`) was made from; False for a bad ``stored``."""
    m = HASH_PATTERN.match(stored or "")
    if m is None:
        return False
    iterations, salt = int(m.group(1)), bytes.fromhex(m.group(2))
    if iterations < 1:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest.hex(), m.group(3))


def is_pin_hash(text: str) -> bool:
    """Whether ``text`` has the form :func:`hash_pin` writes."""
    return HASH_PATTERN.match(text or "") is not None


def pin_problem(pin: str) -> str:
    """Why ``pin`` cannot be a new PIN (Chinese), or ``""``."""
    if not pin.isascii() or not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        return f"PIN 应为 {PIN_MIN}–{PIN_MAX} 位数字。"
    if len(set(pin)) == 1:
        return "PIN 不能全是同一个数字，请换一个不易猜到的。"
    return ""


# ------------------------------------------------------------------------------------------------
# Dialogs (large keys: the stand has a touch screen and maybe no keyboard)
# ------------------------------------------------------------------------------------------------
KEY_PX = 64


def _stylesheet() -> str:
    return f"""
QDialog {{ background: #ffffff; }}
QLabel#pinTitle {{ font-size: 16pt; font-weight: bold; color: {ACCENT}; }}
QLabel#pinError {{ font-size: 13pt; color: #b3141c; font-weight: bold; }}
QLabel {{ font-size: 13pt; }}
QLineEdit {{ font-size: 20pt; min-height: {KEY_PX}px; letter-spacing: 6px; padding: 0 12px; }}
QPushButton {{ font-size: 18pt; min-height: {KEY_PX}px; min-width: {KEY_PX + 16}px; }}
QPushButton#pinOk {{ background: {ACCENT}; color: #ffffff; font-weight: bold; border-radius: 6px; }}
"""


class _PinPad(QWidget):
    """Digits 0–9, 清除 and ⌫, typing into whichever PIN field had the focus last."""

    def __init__(self, fields: list[QLineEdit], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields = fields
        self._target = fields[0]
        for f in fields:
            f.installEventFilter(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "清除", "0", "⌫"]
        self.buttons: dict[str, QPushButton] = {}
        for i, key in enumerate(keys):
            b = QPushButton(key, self)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the cursor
            b.clicked.connect(lambda _=False, k=key: self._on_key_clicked(k))
            grid.addWidget(b, i // 3, i % 3)
            self.buttons[key] = b

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        kind = event.type() if isinstance(event, QEvent) else None
        if isinstance(watched, QLineEdit) and kind in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            self._target = watched  # the field tapped (or reached with Tab) is the one the keys type into
        return False

    def _on_key_clicked(self, key: str) -> None:
        f = self._target
        if key == "清除":
            f.clear()
        elif key == "⌫":
            f.backspace()
        elif len(f.text()) < PIN_MAX:
            f.insert(key)
        f.setFocus(Qt.FocusReason.OtherFocusReason)


def _pin_field(parent: QWidget) -> QLineEdit:
    f = QLineEdit(parent)
    f.setEchoMode(QLineEdit.EchoMode.Password)
    f.setMaxLength(PIN_MAX)
    f.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
    f.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return f


def _fit_to_contents(lay: QVBoxLayout) -> None:
    """The dialog is as large as its keys and lines, and grows when an error line appears: left to
    itself it came up shorter than its wrapped text and 64-px keys, and 清除, 0 and ⌫ slid under
    取消/确定 (a dialog with word-wrapped labels gets no minimum height from its layout)."""
    lay.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)


def _add_error_pad_and_buttons(dialog: Any, lay: QVBoxLayout, fields: list[QLineEdit],
                               on_ok: Callable[[], None]) -> None:
    """The lower half of both PIN dialogs: the error line (hidden), the keypad for ``fields``, 取消/确定.

    Sets ``dialog.error``, ``dialog.pad``, ``dialog.cancel_button`` and ``dialog.ok_button``."""
    dialog.error = QLabel("", dialog)
    dialog.error.setObjectName("pinError")
    dialog.error.setWordWrap(True)
    dialog.error.hide()
    lay.addWidget(dialog.error)
    dialog.pad = _PinPad(fields, dialog)
    lay.addWidget(dialog.pad)
    row = QHBoxLayout()
    dialog.cancel_button = QPushButton(dialog.tr("取消"), dialog)
    dialog.cancel_button.clicked.connect(dialog.reject)
    dialog.ok_button = QPushButton(dialog.tr("确定"), dialog)
    dialog.ok_button.setObjectName("pinOk")
    dialog.ok_button.setDefault(True)
    dialog.ok_button.clicked.connect(on_ok)
    row.addWidget(dialog.cancel_button)
    row.addWidget(dialog.ok_button)
    lay.addLayout(row)


class PinDialog(QDialog):
    """Ask for the staff PIN.  A wrong PIN says so and the dialog stays open; only the right one accepts.

    Args:
        verify: ``pin -> bool`` (the window's :meth:`ui.kiosk.Kiosk.pin_is_right`).
        purpose: What the PIN is for, e.g. "退出展台模式".
    """

    error: QLabel
    pad: _PinPad
    cancel_button: QPushButton
    ok_button: QPushButton

    WRONG = "PIN 不正确，未执行任何操作。请重新输入，或按“取消”。"

    def __init__(self, verify: Callable[[str], bool], purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle(self.tr("工作人员 PIN"))
        self.setFont(cjk_font(13.0))
        self.setStyleSheet(_stylesheet())
        self._verify = verify
        self.wrong_attempts = 0
        lay = QVBoxLayout(self)
        _fit_to_contents(lay)
        title = QLabel(self.tr("{0}需要工作人员 PIN").format(purpose), self)
        title.setObjectName("pinTitle")
        title.setWordWrap(True)
        lay.addWidget(title)
        self.field = _pin_field(self)
        lay.addWidget(self.field)
        _add_error_pad_and_buttons(self, lay, [self.field], self._on_ok_button_clicked)
        self.field.returnPressed.connect(self._on_ok_button_clicked)
        self.field.setFocus()

    def pin(self) -> str:
        return self.field.text()

    def _on_ok_button_clicked(self) -> None:
        if self._verify(self.field.text()):
            self.accept()
            return
        self.wrong_attempts += 1
        self.error.setText(self.tr(self.WRONG))
        self.error.show()
        self.field.clear()
        self.field.setFocus()


class SetPinDialog(QDialog):
    """Staff choose a new PIN (typed twice).  :meth:`pin` is the accepted PIN."""

    error: QLabel
    pad: _PinPad
    cancel_button: QPushButton
    ok_button: QPushButton

    def __init__(self, parent: QWidget | None = None, *, first_time: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("setPinDialog")
        self.setWindowTitle(self.tr("设置工作人员 PIN"))
        self.setFont(cjk_font(13.0))
        self.setStyleSheet(_stylesheet())
        lay = QVBoxLayout(self)
        _fit_to_contents(lay)
        title = QLabel(self.tr("设置工作人员 PIN") if first_time else self.tr("更改工作人员 PIN"), self)
        title.setObjectName("pinTitle")
        lay.addWidget(title)
        intro = QLabel(self.tr(
            "展台模式下，退出展台模式、打开设置和关闭程序都要输入这个 PIN（{lo}–{hi} 位数字）。"
            "PIN 只以加盐散列保存在本机，忘记时需由管理员删除设置文件中的 kiosk/pin_hash 一行。"
        ).format(lo=PIN_MIN, hi=PIN_MAX), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        grid = QGridLayout()
        self.field = _pin_field(self)
        self.repeat = _pin_field(self)
        grid.addWidget(QLabel(self.tr("新 PIN"), self), 0, 0)
        grid.addWidget(self.field, 0, 1)
        grid.addWidget(QLabel(self.tr("再输一次"), self), 1, 0)
        grid.addWidget(self.repeat, 1, 1)
        lay.addLayout(grid)
        _add_error_pad_and_buttons(self, lay, [self.field, self.repeat], self._on_ok_button_clicked)
        self.field.setFocus()

    def pin(self) -> str:
        return self.field.text() if self.result() == QDialog.DialogCode.Accepted else ""

    def _on_ok_button_clicked(self) -> None:
        problem = pin_problem(self.field.text())
        if not problem and self.field.text() != self.repeat.text():
            problem = self.tr("两次输入的 PIN 不一致，请重新输入。")
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.repeat.clear()
            return
        self.accept()
