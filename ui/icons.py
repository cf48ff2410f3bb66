"""The toolbar's icons: SVG files bundled in ``ui/resources/icons``, rendered with QtSvg.

No icon theme is needed (Windows and a bare Linux desktop have none), and the icons stay sharp at
the presentation mode's 36-px size: each is rendered at every size a toolbar asks for, in an
enabled and a greyed-out (disabled) version.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

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


@cache
def icon(name: str) -> QIcon:
    """The bundled icon ``name`` (an empty icon when the file is missing or not valid SVG).

    Needs a ``QGuiApplication`` (pixmaps are made at once)."""
    try:
        svg = icon_path(name).read_bytes()
    except OSError:
        return QIcon()
    from PySide6.QtSvg import QSvgRenderer

    if not QSvgRenderer(svg).isValid():
        return QIcon()
    out = QIcon()
    for size in SIZES:
        out.addPixmap(_render(svg, size, opacity=1.0), QIcon.Mode.Normal)
        out.addPixmap(_render(svg, size, opacity=0.35), QIcon.Mode.Disabled)
    return out
