"""The PDF's outline (bookmarks) and clickable contents, added after QPdfWriter has written the pages.

Qt's PDF writer has no API for either.  The layouts record where their headings are
(:class:`~ui.printing.ops.Mark`) and where the contents lines are (:class:`~ui.printing.ops.LinkArea`)
in device pixels; :func:`add_navigation` adds them with pypdf as an incremental update, so the pages
Qt wrote stay byte for byte as they were.  Qt-free apart from the page plans' types.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ui.printing.ops import Page


def _points(px: float, dpi: float) -> float:
    return px * 72.0 / dpi


def add_navigation(path: Path, pages: Sequence[Page], *, dpi: float) -> int:
    """Add the outline and the contents links of ``pages`` to the PDF at ``path`` (rewritten in place).

    Outline entries nest by :attr:`Mark.level` (a level-1 entry goes under the last level-0 one);
    the viewer opens with the outline shown.  Does nothing when the pages have neither.

    Args:
        path: A PDF just written from ``pages`` (one PDF page per :class:`Page`).
        pages: The page plans, with their marks and links in device pixels.
        dpi: The resolution the pages were laid out at.

    Returns:
        The number of outline entries added; ``-1`` when the file could not be read as a PDF (Qt
        cut it short on a full disk): it is left alone for the caller's verifier to refuse.

    Raises:
        OSError: The file cannot be read or written (the caller's ``replacing`` turns it into a
            :class:`~content.safe_io.WriteError`).
    """
    if not any(p.marks or p.links for p in pages):
        return 0
    import logging

    from pypdf import PdfWriter
    from pypdf.annotations import Link
    from pypdf.errors import PyPdfError
    from pypdf.generic import Fit

    log = logging.getLogger("pypdf")  # its complaints about a damaged file are not for the user's console
    old_level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        writer = PdfWriter(str(path), incremental=True)
        heights = [float(writer.pages[i].mediabox.height) for i in range(len(writer.pages))]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return -1
    finally:
        log.setLevel(old_level)
    if len(heights) != len(pages):  # not the file these plans were painted into: let the verifier say so
        return -1

    def top(page: int, y_px: float) -> float:
        return max(0.0, heights[page] - _points(y_px, dpi))

    parents: list[Any] = []
    count = 0
    for i, page in enumerate(pages):
        for mark in page.marks:
            level = min(mark.level, len(parents))
            parent = parents[level - 1] if level > 0 else None
            item = writer.add_outline_item(mark.title, i, parent=parent, fit=Fit.xyz(left=0, top=top(i, mark.y)),
                                           is_open=level == 0)
            parents[level:] = [item]
            count += 1
        for link in page.links:
            x1, x2 = _points(link.x, dpi), _points(link.x + link.w, dpi)
            y2, y1 = top(i, link.y), top(i, link.y + link.h)
            writer.add_annotation(i, Link(rect=(x1, y1, x2, y2), border=[0, 0, 0], target_page_index=link.target,
                                          fit=Fit.xyz(left=0, top=top(link.target, link.target_y))))
    if count:
        writer.page_mode = "/UseOutlines"
    buf = io.BytesIO()
    writer.write(buf)
    with path.open("wb") as f:
        f.write(buf.getvalue())
    return count
