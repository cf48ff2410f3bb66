"""The one table of commands: menus, toolbar and shortcuts all come from :data:`ACTIONS`.

Each row names a command; :func:`build_actions` makes a QAction per row and connects it to the
owner's ``_on_<name>_triggered`` handler (``_on_<name>_toggled`` for checkable rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from ui.icons import icon

Key = QKeySequence.StandardKey | str

MENUS: tuple[tuple[str, str], ...] = (
    ("file", "文件(&F)"),
    ("view", "查看(&V)"),
    ("go", "转到(&G)"),
    ("tools", "工具(&T)"),
    ("help", "帮助(&H)"),
)


@dataclass(frozen=True)
class ActionSpec:
    """One command.

    Attributes:
        name: Identifier; the handler is ``_on_<name>_triggered`` (or ``_toggled``).
        text: Menu text (Simplified Chinese, translated through ``tr``).
        menu: Key of :data:`MENUS`, or ``""`` for toolbar/shortcut only.
        keys: Shortcuts; standard keys first.
        toolbar: Position group on the toolbar (``""`` = not on the toolbar).
        checkable: A toggle (presentation mode).
        icon: A bundled SVG icon of ``ui/resources/icons`` (file name without ``.svg``), or ``""``.
        presentation: Stays visible on the toolbar in 演示模式.
        separator_before: Draw a separator before it in its menu.
        short: Shorter text for the toolbar button (default: ``text``).
    """

    name: str
    text: str
    menu: str
    keys: tuple[Key, ...] = ()
    toolbar: str = ""
    checkable: bool = False
    icon: str = ""
    tip: str = ""
    presentation: bool = False
    separator_before: bool = False
    short: str = ""


SK = QKeySequence.StandardKey

ACTIONS: tuple[ActionSpec, ...] = (
    # file
    ActionSpec("print_item", "打印当前页…", "file", (SK.Print,), tip="打印正在阅读的条目或文件"),
    ActionSpec("cards", "制作明白卡…", "file", ("Ctrl+Shift+P",), toolbar="tools", short="明白卡", icon="cards",
               tip="选择条目，打印明白卡（Ctrl+Shift+P）"),
    ActionSpec("export_pdf", "导出手册为 PDF…", "file", ("Ctrl+Shift+E",)),
    ActionSpec("import_pack", "导入内容包…", "file", (), separator_before=True,
               tip="从U盘或共享文件夹安装签名的内容包（先显示更新说明）"),
    ActionSpec("rollback_pack", "回退内容包…", "file", (), tip="把已安装的内容包退回上一版"),
    ActionSpec("quit", "退出", "file", (SK.Quit, "Ctrl+Q"), separator_before=True),
    # view
    ActionSpec("zoom_in", "放大", "view", (SK.ZoomIn, "Ctrl+="), toolbar="zoom", presentation=True, icon="zoom_in",
               tip="放大文字（Ctrl+=）"),
    ActionSpec("zoom_out", "缩小", "view", (SK.ZoomOut,), toolbar="zoom", presentation=True, icon="zoom_out",
               tip="缩小文字（Ctrl+-）"),
    ActionSpec("zoom_reset", "实际大小", "view", ("Ctrl+0",), tip="恢复默认文字大小（Ctrl+0）"),
    ActionSpec("presentation", "演示模式", "view", ("F11",), toolbar="mode", checkable=True,
               presentation=True, separator_before=True, icon="presentation",
               tip="全屏、大字，只留正文；PgDn、PgUp、空格和方向键翻页（F11）"),
    ActionSpec("sidebar", "目录栏", "view", ("F9",), toolbar="nav", checkable=True, icon="sidebar", short="目录",
               tip="显示或收起左侧的目录、搜索结果（F9）；窗口窄于 1100 像素时自动收起"),
    ActionSpec("calculator", "补贴计算器", "view", ("Ctrl+K",), toolbar="tools", checkable=True, short="计算器",
               icon="calculator", tip="打开或关闭计算器面板（Ctrl+K）"),
    ActionSpec("compare", "比一比", "view", ("Ctrl+B",), toolbar="tools", presentation=True, icon="compare",
               tip="同一类支持，省、市、区县并排对照（Ctrl+B）"),
    ActionSpec("kiosk", "展台模式", "view", (), checkable=True, separator_before=True,
               tip="无人值守的展台：空闲后自动回到首页并清空；退出、设置和关闭程序需要工作人员 PIN"),
    ActionSpec("kiosk_settings", "展台模式设置…", "view", (), tip="空闲多久后清空、工作人员 PIN"),
    # go
    ActionSpec("back", "后退", "go", (SK.Back, "Alt+Left"), toolbar="nav", icon="back",
               presentation=True, tip="后退（Alt+←）"),
    ActionSpec("forward", "前进", "go", (SK.Forward, "Alt+Right"), toolbar="nav", icon="forward",
               presentation=True, tip="前进（Alt+→）"),
    ActionSpec("home", "首页", "go", ("Alt+Home",), toolbar="nav", presentation=True, icon="home",
               tip="回到首页（Alt+Home）"),
    ActionSpec("focus_search", "搜索", "go", (SK.Find, "Ctrl+L"), separator_before=True,
               tip="把光标移到搜索框（Ctrl+F、Ctrl+L）"),
    ActionSpec("contacts", "联系人目录", "go", ("Ctrl+Shift+L",)),
    # tools
    ActionSpec("bookmark", "收藏 / 取消收藏", "tools", ("Ctrl+D",), toolbar="page", short="收藏", icon="bookmark",
               tip="收藏或取消收藏当前条目（Ctrl+D）"),
    ActionSpec("copy_citation", "复制引用", "tools", ("Ctrl+Shift+C",), toolbar="page", icon="copy_citation",
               tip="复制：文件名、条目序号、文号（Ctrl+Shift+C）"),
    ActionSpec("consult", "咨询登记…", "tools", ("Ctrl+Shift+R",), separator_before=True,
               tip="登记来访企业的咨询：企业、联系人、电话、问题、介绍过的政策（Ctrl+Shift+R）"),
    ActionSpec("rebuild_index", "重建搜索索引", "tools", (), separator_before=True),
    # help
    ActionSpec("about", "关于科技政策一点通", "help", ()),
)

TOOLBAR_GROUPS: tuple[str, ...] = ("nav", "search", "page", "tools", "zoom", "mode")


def _tr(text: str) -> str:
    return QCoreApplication.translate("actions", text)


def _keys(spec: ActionSpec) -> list[QKeySequence]:
    out: list[QKeySequence] = []
    seen: set[str] = set()
    for k in spec.keys:
        seqs = QKeySequence.keyBindings(k) if isinstance(k, QKeySequence.StandardKey) else [QKeySequence(k)]
        for s in seqs:
            t = s.toString()
            if t and t not in seen:
                seen.add(t)
                out.append(s)
    return out


def build_actions(owner: QObject, parent: QWidget, specs: Sequence[ActionSpec] = ACTIONS) -> dict[str, QAction]:
    """One QAction per row, connected to ``owner._on_<name>_triggered`` / ``_toggled``."""
    actions: dict[str, QAction] = {}
    for spec in specs:
        a = QAction(_tr(spec.text), parent)
        a.setObjectName(f"action_{spec.name}")
        a.setShortcuts(_keys(spec))
        a.setCheckable(spec.checkable)
        if spec.short:
            a.setIconText(_tr(spec.short))
        if spec.tip:
            a.setToolTip(_tr(spec.tip))
            a.setStatusTip(_tr(spec.tip))
        if spec.icon:
            a.setIcon(icon(spec.icon))
        handler = getattr(owner, f"_on_{spec.name}_{'toggled' if spec.checkable else 'triggered'}")
        (a.toggled if spec.checkable else a.triggered).connect(handler)
        parent.addAction(a)  # shortcuts work even when the menu bar is hidden (presentation mode)
        actions[spec.name] = a
    return actions


def build_menus(menubar: QMenuBar, actions: dict[str, QAction], specs: Sequence[ActionSpec] = ACTIONS) -> dict[str, QMenu]:
    menus: dict[str, QMenu] = {}
    for key, title in MENUS:
        menus[key] = menubar.addMenu(_tr(title))
    for spec in specs:
        if not spec.menu:
            continue
        m = menus[spec.menu]
        if spec.separator_before and not m.isEmpty():
            m.addSeparator()
        m.addAction(actions[spec.name])
    return menus


def toolbar_actions(group: str, specs: Sequence[ActionSpec] = ACTIONS) -> list[str]:
    return [s.name for s in specs if s.toolbar == group]


def presentation_names(specs: Sequence[ActionSpec] = ACTIONS) -> frozenset[str]:
    return frozenset(s.name for s in specs if s.presentation)


def add_to_toolbar(toolbar: QToolBar, actions: dict[str, QAction], group: str) -> None:
    for name in toolbar_actions(group):
        toolbar.addAction(actions[name])
