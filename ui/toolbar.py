"""Fitting the main toolbar to the window: labels when they fit, icons alone when not, then a 更多 menu.

Qt's own answer to a toolbar that is too narrow is to shorten every label to "…" (at 1024 px the
window showed "复…用", "…", "…") and then to hide buttons behind a "»" arrow.  Here the toolbar is
measured instead: the buttons keep their labels beside the icons while everything fits; then the
arrows, home, 目录 and zoom buttons (whose icons say enough) drop their labels; then every button shows
its icon alone (the label stays in the tooltip); and only then do the the least-used commands, one
by one, into a 更多 menu at the end of the bar.  The commands keep their shortcuts either way (the
actions also live on the window; see :func:`ui.actions.build_actions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from ui.icons import icon

#: Commands that never go into the 更多 menu (the way back and out must stay one tap away).
PINNED: tuple[str, ...] = ("back", "home", "presentation")
#: The order in which commands move into the 更多 menu when even icons alone do not fit; commands
#: not named here (added later to the action table) go first.
OVERFLOW_ORDER: tuple[str, ...] = ("copy_citation", "bookmark", "cards", "calculator", "sidebar", "zoom_out",
                                   "zoom_in", "compare", "forward")
#: Commands whose icons say enough: they lose their labels first.
ICON_ONLY_FIRST: tuple[str, ...] = ("back", "forward", "home", "sidebar", "zoom_out", "zoom_in")
#: Pixels kept free at the end of the bar (rounding, the layout's own margins).
SLACK = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("toolbar", text)


class ToolbarFitter:
    """Places the commands of ``toolbar``: on the bar, or in its 更多 menu.

    Args:
        toolbar: The toolbar, already holding every action in ``order``.
        order: The toolbar's actions in their places (buttons, separators, widget actions).
        names: Action-table name of each command action (``{QAction: "back"}``).
    """

    def __init__(self, toolbar: QToolBar, order: Sequence[QAction], names: dict[QAction, str]) -> None:
        self._tb = toolbar
        self._order = list(order)
        self._names = dict(names)
        self._hidden: set[QAction] = set()
        self.overflowed: list[QAction] = []
        self.more_menu = QMenu(toolbar)
        self.more_menu.setObjectName("moreMenu")
        self.more_button = QToolButton(toolbar)
        self.more_button.setObjectName("moreButton")
        self.more_button.setText(_tr("更多"))
        self.more_button.setIcon(icon("more"))
        self.more_button.setToolTip(_tr("放不下的命令"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(self.more_menu)
        self._more_action = toolbar.addWidget(self.more_button)
        self._more_action.setVisible(False)
        self.labels_shown = True

    # -- what is on the bar ------------------------------------------------------------------------
    def set_hidden(self, hidden: Iterable[QAction]) -> None:
        """Commands kept off the bar altogether (presentation mode shows only the essentials)."""
        self._hidden = set(hidden)

    def label_shown(self, act: QAction) -> bool:
        """Whether ``act``'s button shows its label now."""
        button = self._tb.widgetForAction(act)
        return (isinstance(button, QToolButton) and button.isVisible()
                and button.toolButtonStyle() != Qt.ToolButtonStyle.ToolButtonIconOnly)

    def on_bar(self) -> list[QAction]:
        return [a for a in self._tb.actions() if a is not self._more_action]

    def _place(self, shown: Sequence[QAction]) -> None:
        """Put exactly ``shown`` on the bar, in the order of :attr:`_order`, before the 更多 button."""
        tb = self._tb
        want = set(shown)
        for act in list(tb.actions()):
            if act is not self._more_action and act not in want:
                tb.removeAction(act)
        present = set(tb.actions())
        for i, act in enumerate(self._order):
            if act not in want or act in present:
                continue
            before = next((a for a in self._order[i + 1:] if a in present), self._more_action)
            tb.insertAction(before, act)
            present.add(act)

    # -- measuring -----------------------------------------------------------------------------------
    def needed_width(self) -> int:
        """Width the bar needs for what it holds now (buttons at their size hints, widgets at their minimum)."""
        tb = self._tb
        lay = tb.layout()
        widths = []
        for act in tb.actions():
            if not act.isVisible():
                continue
            w = tb.widgetForAction(act)
            if w is None:
                continue
            if isinstance(w, QToolButton):
                widths.append(w.sizeHint().width())
            else:
                widths.append(max(w.minimumWidth(), w.minimumSizeHint().width()))
        m = tb.contentsMargins()
        lm = lay.contentsMargins() if lay is not None else m
        spacing = max(0, lay.spacing()) if lay is not None else 0
        return (sum(widths) + spacing * max(0, len(widths) - 1) + m.left() + m.right() + lm.left() + lm.right()
                + SLACK)

    # -- fitting --------------------------------------------------------------------------------------
    def fit(self, width: int) -> None:
        """Lay the bar out for ``width`` pixels: labels, else icons alone, else the 更多 menu."""
        tb = self._tb
        shown = [a for a in self._order if a not in self._hidden]
        self._more_action.setVisible(False)
        self._place(shown)
        self.more_menu.clear()
        self.overflowed = []
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in shown:  # the toolbar tells its buttons only when its own style changes
            button = tb.widgetForAction(act)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.labels_shown = True
        if self.needed_width() <= width:
            return
        for act in shown:
            button = tb.widgetForAction(act)
            if self._names.get(act) in ICON_ONLY_FIRST and isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        if self.needed_width() <= width:
            return
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.labels_shown = False
        if self.needed_width() <= width:
            return
        self._more_action.setVisible(True)
        for act in self._overflow_candidates(shown):
            if self.needed_width() <= width:
                break
            self.overflowed.append(act)
            self._place([a for a in shown if a not in self.overflowed])
        for act in shown:
            if act in self.overflowed:
                self.more_menu.addAction(act)

    def _overflow_candidates(self, shown: Sequence[QAction]) -> list[QAction]:
        commands = [a for a in shown if a in self._names and self._names[a] not in PINNED]
        ranked = {n: i for i, n in enumerate(OVERFLOW_ORDER)}
        unranked = [a for a in reversed(commands) if self._names[a] not in ranked]
        return unranked + sorted((a for a in commands if self._names[a] in ranked), key=lambda a: ranked[self._names[a]])
