"""The toolbar's icons: SVG files bundled in ``ui/resources/icons``, rendered with QtSvg.

No icon theme is needed (Windows and a bare Linux desktop have none), and the icons stay sharp at
the presentation mode's 36-px size: each is rendered at every size a toolbar asks for, in an
enabled and a greyed-out (disabled) version.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap

ICON_DIR = Path(__file__).resolve().parent / "resources" / "icons"

#: Sizes rendered (pixels); Qt picks the nearest for a toolbar's icon size, doubled on HiDPI screens.
SIZES: tuple[int, ...] = (16, 20, 24, 32, 36, 40, 48, 64, 72)


def icon_path(name: str) -> Path:
    return ICON_DIR / f"{name}.svg"


def icon_names() -> list[str]:
    """Every bundled icon (file names without ``.svg``)."""
    return sorted(p.stem for p in ICON_DIR.glob("*.svg"))


def _render(svg: bytes, size: int, *, opacity: float) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer

    pm = QPixmap(QSize(size, size))
    pm.fill(Qt.GlobalColor.transparent)
    renderer = QSvgRenderer(svg)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setOpacity(opacity)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pm


class _SvgEngine(QIconEngine):
    """Renders the SVG at the size and mode Qt asks for, when it asks (start-up renders nothing).

    Rendering every size in two modes up front cost about 0.1 s of start-up for 14 icons."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._cache: dict[tuple[int, int, bool], QPixmap] = {}

    def _pixmap(self, size: QSize, mode: QIcon.Mode) -> QPixmap:
        side = max(1, min(size.width(), size.height()))
        disabled = mode == QIcon.Mode.Disabled
        key = (side, side, disabled)
        pm = self._cache.get(key)
        if pm is None:
            pm = _render(self._svg, side, opacity=0.35 if disabled else 1.0)
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = pm
        return pm

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._pixmap(size, mode)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self._pixmap(rect.size(), mode))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = max(1, min(size.width(), size.height()))
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._svg)


@cache
def icon(name: str) -> QIcon:
    """The bundled icon ``name`` (an empty icon when the file is missing or not valid SVG).

    Sharp at every size a toolbar asks for, in an enabled and a greyed-out (disabled) version;
    rendered on first use at each size (``SIZES`` are the sizes the app's toolbars use)."""
    try:
        svg = icon_path(name).read_bytes()
    except OSError:
        return QIcon()
    from PySide6.QtSvg import QSvgRenderer

    if not QSvgRenderer(svg).isValid():
        return QIcon()
    return QIcon(_SvgEngine(svg))
