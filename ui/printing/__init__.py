"""Printing: 明白卡, contact cards, hand-out lists and the handbook as PDF.

One paint routine per layout feeds the print preview, the printer and the PDF writer
(:func:`ui.printing.render.render`).  The widget parts (:class:`CardDialog`, :func:`print_item`)
are imported on first use so that the CLI verbs never load QtWidgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ui.printing.errors import HeaderError, PrintError, SelectionError
from ui.printing.handbook_pdf import export_handbook_pdf
from ui.printing.model import CardHeader, CardReport
from ui.printing.render import write_cards_pdf

if TYPE_CHECKING:
    from ui.printing.dialog import CardDialog, print_item

__all__ = [
    "CardDialog",
    "CardHeader",
    "CardReport",
    "HeaderError",
    "PrintError",
    "SelectionError",
    "export_handbook_pdf",
    "print_item",
    "write_cards_pdf",
]


def __getattr__(name: str) -> Any:
    if name in ("CardDialog", "print_item"):
        from ui.printing import dialog

        return getattr(dialog, name)
    raise AttributeError(f"module 'ui.printing' has no attribute {name!r}")
