"""Paged devices and the two outputs of every layout: a printer (preview, print) and a PDF file.

Both call the same :meth:`paginate` and :func:`~ui.printing.ops.paint_pages`, so the preview shows
exactly what the PDF or the printer gets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter

from content.bundle import ContentBundle
from ui.printing.cards import ContactLayout, ListLayout, MingbaiLayout
from ui.printing.errors import PrintError
from ui.printing.model import LAYOUTS, CardHeader, CardReport
from ui.printing.ops import Metrics, Page, paint_pages

PDF_DPI = 600
CREATOR = "科技政策一点通"


class CardLayout(Protocol):
    name: str

    def paginate(self, mx: Metrics) -> tuple[list[Page], CardReport]: ...


def make_layout(bundle: ContentBundle, layout: str, ids: Sequence[str], header: CardHeader | None, *,
                notes: bool = False) -> CardLayout:
    """The layout object for ``layout`` (``mingbai``, ``contact`` or ``list``).

    Args:
        notes: Print the editor's notes (hand-outs leave them out unless staff ask for them).

    Raises:
        PrintError: ``layout`` is not one of :data:`~ui.printing.model.LAYOUTS`.
    """
    classes: dict[str, type[MingbaiLayout] | type[ContactLayout] | type[ListLayout]] = {
        "mingbai": MingbaiLayout, "contact": ContactLayout, "list": ListLayout}
    if layout not in classes:
        raise PrintError(f"未知版式“{layout}”；可选：{', '.join(LAYOUTS)}")
    return classes[layout](bundle, ids, header, notes=notes)


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
    return render_pages(layout, device)[0]


def render_pages(layout: CardLayout, device: QPagedPaintDevice) -> tuple[CardReport, list[Page]]:
    """:func:`render`, also returning the page plans (their outline marks go into the PDF)."""
    pages, report = layout.paginate(Metrics(device))
    paint_pages(device, pages)
    return report, pages


Painted = tuple[int | CardReport, Sequence[Page]]


def write_pdf(out: Path, paint: Callable[[QPdfWriter], Painted], *, title: str) -> int | CardReport:
    """Paint into a temporary file next to ``out``; once it reopens with every page, move it into place.

    ``paint`` returns its result and the page plans; their outline entries and contents links are
    added to the file (:func:`ui.printing.navigation.add_navigation`) before it is checked.  Goes
    through :func:`content.safe_io.replacing`: a full disk, a USB stick pulled out or a device named
    as ``out`` never replaces a good file with a broken one, and a new file gets the user's umask.

    Raises:
        PrintError: ``out`` cannot be written (missing folder, no permission, a folder or device of
            that name, a full disk); the message says what to do.
    """
    from content.safe_io import WriteError, check_room, replacing, verify_pdf
    from ui.printing.navigation import add_navigation

    result: int | CardReport = 0

    def verify(tmp: Path) -> None:
        verify_pdf(tmp, pages=result.pages if isinstance(result, CardReport) else result)

    try:
        with replacing(out, verify=verify) as tmp:
            writer = QPdfWriter(str(tmp))
            writer.setPageLayout(a4_page_layout())
            writer.setResolution(PDF_DPI)
            writer.setTitle(title)
            writer.setCreator(CREATOR)
            try:
                result, pages = paint(writer)
            except PrintError:
                del writer
                check_room(tmp, out)  # a full disk makes QPdfWriter fail: say that, not "printer"
                raise
            del writer  # closes the file
            add_navigation(tmp, pages, dpi=PDF_DPI)
    except WriteError as exc:
        raise PrintError(str(exc)) from None
    return result


def write_cards_pdf(bundle: ContentBundle, out: Path, *, layout: str, ids: Sequence[str] | None = None,
                    header: CardHeader | None = None, notes: bool = False) -> CardReport:
    """Write cards of ``layout`` for measures ``ids`` (default: the Chang'an 明白卡) to a PDF.

    Args:
        bundle: The loaded content (statuses are printed from it).
        out: The PDF file to write (replaced if it exists).
        layout: ``mingbai``, ``contact`` or ``list``.
        ids: Measure ids (part or document ids expand to their measures); ``None`` = the 明白卡's.
        header: The cover / heading; ``None`` = the Chang'an card's.
        notes: Print the editor's notes ("打印编者注（内部核对用）"); hand-outs leave them out.

    Returns:
        What was written: pages, cards, and which measures were shrunk or continued （续）.

    Raises:
        SelectionError: An id is unknown.
        PrintError: The file cannot be written or the layout is unknown.
    """
    from ui.printing.fonts import ensure_cjk_fonts
    from ui.printing.model import default_mingbai_ids, expand_ids

    ensure_cjk_fonts()
    handbook = bundle.handbook
    chosen = default_mingbai_ids(handbook) if ids is None else expand_ids(handbook, ids)
    lay = make_layout(bundle, layout, chosen, header, notes=notes)
    title = (header or CardHeader()).title or "明白卡"
    result = write_pdf(Path(out), lambda w: render_pages(lay, w), title=title)
    assert isinstance(result, CardReport)
    return result
