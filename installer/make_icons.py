"""Render the application icon (installer/assets/kjzc.svg) to PNGs and a multi-size Windows .ico.

Usage: ``python installer/make_icons.py OUT_DIR``.  Writes ``kjzc-<size>.png`` for the hicolor sizes,
``kjzc.png`` (256 px) and ``kjzc.ico`` (16…256 px, PNG-compressed entries, readable by Windows Vista
and later).  Needs only PySide6 (QtSvg), which the app depends on anyway, so Linux and Windows builds
make the same icons from the same source.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parent / "assets" / "kjzc.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon rendered at ``size`` × ``size`` pixels as PNG bytes."""
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A .ico file holding the given PNG images (ICONDIR + ICONDIRENTRY table + PNG payloads)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    payload = b""
    for s in sizes:
        data = pngs[s]
        dim = 0 if s >= 256 else s  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(payload))
        payload += data
    return header + entries + payload


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: make_icons.py OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"make_icons.py: cannot read {SVG}", file=sys.stderr)
        return 2
    pngs = {s: render_png(renderer, s) for s in PNG_SIZES}
    for s, data in pngs.items():
        (out / f"kjzc-{s}.png").write_bytes(data)
    (out / "kjzc.png").write_bytes(pngs[256])
    (out / "kjzc.ico").write_bytes(ico_bytes(pngs))
    (out / "kjzc.svg").write_bytes(SVG.read_bytes())
    del app
    print(f"make_icons.py: icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
