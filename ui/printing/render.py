"""Paged devices and the two outputs of every layout: a printer (preview, print) and a PDF file.

Both call the same :meth:`paginate` and :func:`~ui.printing.ops.paint_pages`, so the preview shows
exactly what the PDF or the printer gets.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter

from content.model import Handbook
from ui.printing.cards import ContactLayout, ListLayout, MingbaiLayout
from ui.printing.errors import PrintError
from ui.printing.model import LAYOUTS, CardHeader, CardReport
from ui.printing.ops import Metrics, Page, paint_pages

PDF_DPI = 600
CREATOR = "科技政策一点通"


class CardLayout(Protocol):
    name: str

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]: ...


def make_layout(hb: Handbook, layout: str, ids: Sequence[str], header: CardHeader | None) -> CardLayout:
    """The layout object for ``layout`` (``mingbai``, ``contact`` or ``list``).

    Raises:
        PrintError: ``layout`` is not one of :data:`~ui.printing.model.LAYOUTS`.
    """
    classes: dict[str, type[MingbaiLayout] | type[ContactLayout] | type[ListLayout]] = {
        "mingbai": MingbaiLayout, "contact": ContactLayout, "list": ListLayout}
    if layout not in classes:
        raise PrintError(f"未知版式“{layout}”；可选：{', '.join(LAYOUTS)}")
    return classes[layout](hb, ids, header)


def a4_page_layout() -> QPageLayout:
    """A4 portrait with no margins: the layouts place everything themselves, in millimetres."""
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def setup_printer(printer: QPagedPaintDevice) -> None:
    """A4, portrait, full page (origin at the paper corner) for a ``QPrinter``."""
    printer.setPageLayout(a4_page_layout())
    full_page = getattr(printer, "setFullPage", None)
    if full_page is not None:
        full_page(True)


def render(layout: CardLayout, device: QPagedPaintDevice) -> CardReport:
    """Lay out on ``device`` and paint every page: the one routine behind preview, print and PDF."""
    pages, report = layout.paginate(Metrics(device))
    paint_pages(device, pages)
    return report


def _check_writable(out: Path) -> None:
    if out.exists() and out.is_dir():
        raise PrintError(f"{out}：这是一个文件夹；请给出以 .pdf 结尾的文件名")
    parent = out.parent if str(out.parent) else Path()
    if not parent.is_dir():
        raise PrintError(f"{out}：文件夹“{parent}”不存在；请先创建或另选位置")


def write_pdf(out: Path, paint: Callable[[QPdfWriter], int | CardReport], *, title: str) -> int | CardReport:
    """Open a PDF writer on a temporary file next to ``out``, paint, then move it into place.

    Raises:
        PrintError: ``out`` cannot be written (missing folder, no permission, a folder of that name).
    """
    _check_writable(out)
    parent = out.parent if str(out.parent) else Path()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".kjzc-", suffix=".pdf", dir=parent)
        os.close(fd)
    except OSError as exc:
        raise PrintError(f"{out}：无法在此处写入（{exc.strerror}）；请另选文件夹") from None
    tmp = Path(tmp_name)
    try:
        writer = QPdfWriter(str(tmp))
        writer.setPageLayout(a4_page_layout())
        writer.setResolution(PDF_DPI)
        writer.setTitle(title)
        writer.setCreator(CREATOR)
        result = paint(writer)
        del writer  # closes the file
        try:
            tmp.replace(out)
        except OSError as exc:
            raise PrintError(f"{out}：无法写入文件（{exc.strerror}）；文件是否在其他程序中打开？"
                             ) from None
        return result
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_cards_pdf(handbook: Handbook, out: Path, *, layout: str, ids: Sequence[str] | None = None,
                    header: CardHeader | None = None) -> CardReport:
    """Write cards of ``layout`` for measures ``ids`` (default: the Chang'an 明白卡) to a PDF.

    Args:
        handbook: The loaded handbook.
        out: The PDF file to write (replaced if it exists).
        layout: ``mingbai``, ``contact`` or ``list``.
        ids: Measure ids (part or document ids expand to their measures); ``None`` = the 明白卡's.
        header: The cover / heading; ``None`` = the Chang'an card's.

    Returns:
        What was written: pages, cards, and which measures were shrunk or continued （续）.

    Raises:
        SelectionError: An id is unknown.
        PrintError: The file cannot be written or the layout is unknown.
    """
    from ui.printing.fonts import ensure_cjk_fonts
    from ui.printing.model import default_mingbai_ids, expand_ids

    ensure_cjk_fonts()
    chosen = default_mingbai_ids(handbook) if ids is None else expand_ids(handbook, ids)
    lay = make_layout(handbook, layout, chosen, header)
    title = (header or CardHeader()).title or "明白卡"
    result = write_pdf(Path(out), lambda w: render(lay, w), title=title)
    assert isinstance(result, CardReport)
    return result
