"""文件 → 导入内容包… and 回退内容包…: install a signed content pack from a USB stick or a shared folder.

The flow: choose the file (the dialog starts on a USB stick when one is plugged in, else in 文档),
verify it in the background (signature, every file's hash, no path tricks, no zip bomb), show the
publisher, the signer and the changelog, and install only when the user says so.  Installing writes
into the per-user data folder (content/packs/store.py), the content is then read again in the
background, and the window re-renders and rebuilds its search index.  A pack that is unsigned,
tampered with, or needs a newer version of another pack is refused with one plain sentence and
nothing changes.  The core never imports Qt; this module only calls it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStorageInfo, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from content.bundle import ContentBundle, reload_bundle
from content.packs import store
from content.packs.pack import LAYER_NAMES, PackError, VerifiedPack, verify
from ui.documents import documents_dir
from ui.workers import TaskRunner

#: Chooses a pack file: ``(parent, start folder) -> path`` ("" when cancelled).  Tests replace it.
ChooseFile = Callable[[QWidget, Path], str]


def _t(text: str) -> str:
    return QCoreApplication.translate("packs", text)


# ----------------------------------------------------------------------------------------------
# Where the file dialog starts
# ----------------------------------------------------------------------------------------------
def _removable(root: str) -> bool:
    """Whether a mounted volume looks like a USB stick or another removable medium."""
    if sys.platform == "win32":
        import ctypes

        drive_removable = 2
        return bool(ctypes.windll.kernel32.GetDriveTypeW(root) == drive_removable)  # type: ignore[attr-defined]
    return root.startswith(("/media/", "/run/media/", "/Volumes/"))


def removable_volumes() -> list[Path]:
    """Mounted removable volumes (USB sticks), readable ones only."""
    out = []
    for vol in QStorageInfo.mountedVolumes():
        root = vol.rootPath()
        if vol.isValid() and vol.isReady() and _removable(root):
            out.append(Path(root))
    return out


def default_pack_folder() -> Path:
    """Where the pack file dialog starts: a plugged-in USB stick, else the Documents folder."""
    usb = removable_volumes()
    return usb[0] if usb else documents_dir()


def choose_pack_file(parent: QWidget, start: Path) -> str:
    name, _ = QFileDialog.getOpenFileName(parent, _t("导入内容包"), str(start), _t("内容包 (*.zip);;所有文件 (*)"))
    return name


# ----------------------------------------------------------------------------------------------
# Dialogs
# ----------------------------------------------------------------------------------------------
def describe(pack: VerifiedPack, installed_version: int) -> str:
    """What the install dialog says about a verified pack (plain text)."""
    m = pack.manifest
    now = _t("本机已安装第 {v} 版").format(v=installed_version) if installed_version else _t("本机尚未安装")
    lines = [
        _t("内容包：{id} 第 {v} 版（{layer}{region}）").format(
            id=m.id, v=m.version, layer=LAYER_NAMES.get(m.layer, m.layer), region=f"，{m.region}" if m.region else ""),
        _t("发布单位：{p}").format(p=m.publisher),
        _t("发布日期：{d}").format(d=m.date),
        _t("签名：{name}（指纹 {key}），校验通过，文件未被改动").format(name=pack.signer.name, key=m.key_id),
        _t("文件：{f}").format(f=pack.path),
        now + (_t("；本包更新自第 {v} 版").format(v=m.previous) if m.previous else ""),
    ]
    if m.requires:
        lines.append(_t("需要：") + "、".join(_t("{id} 第 {v} 版或更新").format(id=r.id, v=r.min_version)
                                            for r in m.requires))
    return "\n".join(lines)


class PackInstallDialog(QDialog):
    """Shows a verified pack (publisher, signer, changelog) and asks whether to install it.

    ``problem`` (why it cannot be installed here) disables the install button and is shown in red.
    """

    def __init__(self, pack: VerifiedPack, *, installed_version: int, problem: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("导入内容包"))
        self.pack = pack
        lay = QVBoxLayout(self)
        self.info = QLabel(describe(pack, installed_version), self)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.info)
        lay.addWidget(QLabel(_t("更新说明（按上一版自动计算）："), self))
        self.changelog = QPlainTextEdit(self)
        self.changelog.setReadOnly(True)
        self.changelog.setPlainText("\n".join(pack.changelog.lines()))
        self.changelog.setMinimumSize(560, 260)
        lay.addWidget(self.changelog, 1)
        hint = QLabel(_t("安装后内容装入本机的个人数据文件夹，软件自带的内容不变；可用“文件 → 回退内容包…”退回上一版。"), self)
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.problem = QLabel(problem, self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#8a1c1c")
        self.problem.setVisible(bool(problem))
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.install_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.install_button.setText(_t("安装"))
        self.install_button.setEnabled(not problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)


class RollbackDialog(QDialog):
    """Lists the installed packs; the chosen one goes back to its previous version (or is removed)."""

    def __init__(self, installed: list[store.Installed], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("回退内容包"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_t("选择要退回上一版的内容包："), self))
        self.list = QListWidget(self)
        for inst in installed:
            m = inst.manifest
            to = (_t("退回第 {v} 版").format(v=inst.previous) if inst.previous
                  else _t("卸载（本机没有更早的版本，恢复为安装前的内容）"))
            item = QListWidgetItem(_t("{id} 第 {v} 版（{p}，{d}）→ {to}").format(
                id=m.id, v=m.version, p=m.publisher, d=m.date, to=to), self.list)
            item.setData(Qt.ItemDataRole.UserRole, m.id)
        self.list.setCurrentRow(0)
        self.list.setMinimumWidth(520)
        lay.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.rollback_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.rollback_button.setText(_t("回退"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_t("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def chosen(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""


# ----------------------------------------------------------------------------------------------
# The flow
# ----------------------------------------------------------------------------------------------
class PackFlow(QObject):
    """Import and roll back content packs for one window.

    Args:
        parent: The window (dialogs and message boxes are its children).
        bundle: Returns the window's current content bundle.
        choose_file: Asks for the pack file (default: a file dialog starting at :func:`default_pack_folder`).

    Signals:
        content_changed(object): the installed content changed; the argument is the new :class:`ContentBundle`.
        status_changed(str): a short line for the status bar.
        finished(): the flow ended (installed, refused, cancelled or failed).
    """

    content_changed = Signal(object)
    status_changed = Signal(str)
    finished = Signal()

    def __init__(self, parent: QWidget, bundle: Callable[[], ContentBundle], *,
                 choose_file: ChooseFile = choose_pack_file) -> None:
        super().__init__(parent)
        self._window = parent
        self._bundle = bundle
        self.choose_file = choose_file
        self._runner = TaskRunner(self)
        self.dialog: QDialog | None = None
        self.message: QMessageBox | None = None

    # -- where --------------------------------------------------------------------------------------
    def _data_dir(self) -> Path | None:
        """The folder packs are installed into, or None (and a message) when there is none."""
        b = self._bundle()
        if b.content_dir is not None:
            self._tell(_t("本窗口显示的是用 --content-dir 指定的内容文件夹，不载入内容包。请不带该参数启动后再导入。"))
            return None
        from content.appdirs import data_dir

        dd = data_dir()
        data = b.data_dir or dd.path
        if dd.read_only and data == dd.path:
            self._tell(_t("个人数据文件夹无法使用，本次以只读方式运行，不能安装或回退内容包。\n{why}").format(why=dd.problem))
            return None
        return data

    # -- import -------------------------------------------------------------------------------------
    def start_import(self, path: str | Path | None = None) -> None:
        """Choose (unless ``path``), verify, show, and on the user's word install a pack."""
        data = self._data_dir()
        if data is None:
            return
        chosen = str(path) if path is not None else self.choose_file(self._window, default_pack_folder())
        if not chosen:
            self.finished.emit()
            return
        target = Path(chosen)
        self.status_changed.emit(_t("正在校验内容包……"))

        def work(_progress: Any) -> tuple[VerifiedPack, int, str]:
            pack = verify(target, store.keys(data))
            try:
                store.check_install(pack, data)
                problem = ""
            except PackError as exc:
                problem = str(exc)
            return pack, store.current_version(pack.manifest.id, data), problem

        self._runner.submit(work, on_done=lambda r: self._on_verified(r, data),
                            on_error=lambda exc, tb: self._on_failed(exc, tb, _t("未安装")))

    def _on_verified(self, result: tuple[VerifiedPack, int, str], data: Path) -> None:
        pack, current, problem = result
        self.status_changed.emit("")
        dlg = PackInstallDialog(pack, installed_version=current, problem=problem, parent=self._window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._install(pack, data))
        dlg.rejected.connect(self.finished.emit)
        self.dialog = dlg
        dlg.open()

    def _install(self, pack: VerifiedPack, data: Path) -> None:
        m = pack.manifest
        self.status_changed.emit(_t("正在安装 {id} 第 {v} 版……").format(id=m.id, v=m.version))
        bundle = self._bundle()

        def work(_progress: Any) -> ContentBundle:
            store.install(pack, data)
            return reload_bundle(bundle)

        def done(fresh: ContentBundle) -> None:
            self.content_changed.emit(fresh)
            self.status_changed.emit(_t("已安装 {id} 第 {v} 版；搜索索引正在后台重建").format(id=m.id, v=m.version))
            self.finished.emit()

        self._runner.submit(work, on_done=done, on_error=lambda exc, tb: self._on_failed(exc, tb, _t("未安装")))

    # -- rollback -----------------------------------------------------------------------------------
    def start_rollback(self) -> None:
        """Choose an installed pack and make its previous version current again."""
        data = self._data_dir()
        if data is None:
            return
        packs = store.installed(data)
        if not packs:
            self._tell(_t("本机没有安装内容包，无需回退。"), icon=QMessageBox.Icon.Information)
            return
        dlg = RollbackDialog(packs, self._window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self._rollback(dlg.chosen(), data))
        dlg.rejected.connect(self.finished.emit)
        self.dialog = dlg
        dlg.open()

    def _rollback(self, pack_id: str, data: Path) -> None:
        if not pack_id:
            self.finished.emit()
            return
        bundle = self._bundle()

        def work(_progress: Any) -> tuple[int, int, ContentBundle]:
            old, new = store.rollback(pack_id, data)
            return old, new, reload_bundle(bundle)

        def done(result: tuple[int, int, ContentBundle]) -> None:
            old, new, fresh = result
            self.content_changed.emit(fresh)
            text = (_t("已把 {id} 从第 {old} 版退回到第 {new} 版").format(id=pack_id, old=old, new=new) if new
                    else _t("已卸载 {id} 第 {old} 版").format(id=pack_id, old=old))
            self.status_changed.emit(text + _t("；搜索索引正在后台重建"))
            self.finished.emit()

        self._runner.submit(work, on_done=done, on_error=lambda exc, tb: self._on_failed(exc, tb, _t("未回退")))

    # -- messages -----------------------------------------------------------------------------------
    def _on_failed(self, exc: BaseException, tb: str, what: str) -> None:
        self.status_changed.emit("")
        if isinstance(exc, PackError):
            text = _t("{what}：{msg}\n已有内容没有改动。").format(what=what, msg=exc)
        else:
            from ui.errors import log_exception

            log_exception(tb)
            text = _t("{what}：出现意外错误（{kind}）。已有内容没有改动；详细信息已记录在日志中。").format(
                what=what, kind=type(exc).__name__)
        self._tell(text)

    def _tell(self, text: str, *, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(icon, _t("内容包"), text, QMessageBox.StandardButton.Ok, self._window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.open()
        self.finished.emit()

    def wait(self, msecs: int = 30000) -> bool:
        return self._runner.wait(msecs)

