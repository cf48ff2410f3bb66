"""The bundled SVG icons are drawn when Qt asks for a size (nothing rendered at start-up)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage

from ui import icons


def _alpha_sum(img: QImage) -> int:
    return sum(img.pixelColor(x, y).alpha() for x in range(img.width()) for y in range(img.height()))


def test_every_icon_is_drawn_at_the_size_asked_and_greyed_when_disabled(qapp: Any) -> None:
    names = icons.icon_names()
    assert len(names) >= 12
    for name in names:
        ic = icons.icon(name)
        assert not ic.isNull(), name
        for side in (16, 36, 72):
            normal = ic.pixmap(QSize(side, side), QIcon.Mode.Normal).toImage()
            disabled = ic.pixmap(QSize(side, side), QIcon.Mode.Disabled).toImage()
            assert (normal.width(), normal.height()) == (side, side), (name, side)
            ink = _alpha_sum(normal)
            assert ink > 0, (name, side)  # something is drawn
            assert 0 < _alpha_sum(disabled) < ink, (name, side)  # the disabled one is fainter


def test_a_missing_or_broken_icon_is_empty(qapp: Any, tmp_path: Any, monkeypatch: Any) -> None:
    (tmp_path / "broken.svg").write_text("<svg", encoding="utf-8")
    monkeypatch.setattr(icons, "ICON_DIR", tmp_path)
    icons.icon.cache_clear()
    try:
        assert icons.icon("broken").isNull()
        assert icons.icon("absent").isNull()
    finally:
        icons.icon.cache_clear()
