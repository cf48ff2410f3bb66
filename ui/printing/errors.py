"""Typed errors of the printing package; the CLI and the dialogs turn them into one calm message."""

from __future__ import annotations


class PrintError(Exception):
    """Printing or PDF output failed: the message says what was wrong and what to do."""


class SelectionError(PrintError):
    """The requested measures do not exist (bad ids) or a query matched nothing."""


class HeaderError(PrintError):
    """The card header file cannot be read or is not valid."""
