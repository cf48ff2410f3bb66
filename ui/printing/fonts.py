"""Fonts for printing: an explicit CJK family list, with the bundled font where the system has none.

Printed text never depends on the platform's default font.  :func:`ensure_cjk_fonts` checks the
font database once; when none of :data:`ui.style.CJK_FAMILIES` is installed it registers the bundled
WenQuanYi Micro Hei (Apache-2.0, see ``ui/resources/fonts/README.md``).  It is safe to call from
any thread after the Q(Gui)Application exists.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from ui.style import CJK_FAMILIES

BUNDLED_FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"

_lock = threading.Lock()
_families: tuple[str, ...] | None = None
_bundled_loaded = False


def ensure_cjk_fonts() -> tuple[str, ...]:
    """The family list printing uses; registers the bundled font when no CJK family is installed.

    Returns:
        The families to pass to ``QFont.setFamilies``, best first.
    """
    global _families, _bundled_loaded
    with _lock:
        if _families is not None:
            return _families
        installed = set(QFontDatabase.families())
        families = [f for f in CJK_FAMILIES]
        if not installed.intersection(CJK_FAMILIES) and BUNDLED_FONT.is_file():
            font_id = QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
            if font_id >= 0:
                _bundled_loaded = True
                for fam in QFontDatabase.applicationFontFamilies(font_id):
                    if fam not in families and "Mono" not in fam:
                        families.append(fam)
        _families = tuple(families)
        return _families


def bundled_font_in_use() -> bool:
    """True when the bundled font had to be registered (the system has no CJK family)."""
    ensure_cjk_fonts()
    return _bundled_loaded


@lru_cache(maxsize=64)
def _font(size_pt: float, bold: bool) -> QFont:
    f = QFont()
    f.setFamilies(list(ensure_cjk_fonts()))
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPointSizeF(size_pt)
    f.setBold(bold)
    # Kerning and hinting would make widths depend on the device; the layout measures on the
    # target device anyway, but full hinting off keeps preview and PDF lines identical.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


def print_font(size_pt: float, *, bold: bool = False) -> QFont:
    """A printing font of ``size_pt`` points from the explicit CJK family list (a fresh copy)."""
    return QFont(_font(round(size_pt * 4) / 4, bold))
