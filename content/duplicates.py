"""Duplicate ids across content files: both places are named and neither wins.

The loader used to keep whichever file sorted first, so a stale backup copy
(``changan-mingbaika - 副本.yaml``, ``backup-changan.yaml``) could replace the live document while
the live file was blamed.  Now every id used twice is withheld in *both* places and each place
gets an error naming the other; the editor decides which copy goes.  Qt-free.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from content.model import ContentError, Document


class IdRegistry(dict[str, str]):
    """``id -> "file:line"`` of its first use, plus every later use (``duplicates``)."""

    def __init__(self) -> None:
        super().__init__()
        #: ``(id, first "file:line", later "file:line")`` for every id used more than once.
        self.duplicates: list[tuple[str, str, str]] = []


def duplicate_message(ident: str, first: str, later: str) -> str:
    return (f"编号“{ident}”重复：{first} 和 {later} 用了同一个编号，两处都未载入；"
            "请删除其中的备份副本，或给其中一处改用新编号")


def withhold_duplicates(docs: Iterable[Document], registry: IdRegistry,
                        errors: list[ContentError]) -> list[Document]:
    """``docs`` without the first use of every duplicated id; an error is added at that first use.

    (The later uses were already refused by the loader, with the same message.)
    """
    docs = list(docs)
    if not registry.duplicates:
        return docs
    withheld: set[str] = set()
    for ident, first, later in registry.duplicates:
        if ident in withheld:
            continue
        withheld.add(ident)
        file, _, line = first.rpartition(":")
        errors.append(ContentError(file, int(line) if line.isdigit() else 0, "id",
                                   duplicate_message(ident, first, later)))
    return [d for d in (_prune(doc, withheld) for doc in docs) if d is not None]


def _prune(node: Any, withheld: set[str]) -> Any:
    """``node`` without the parts, measures and tables whose id is withheld (None if itself is)."""
    if getattr(node, "id", None) in withheld:
        return None
    changes: dict[str, Any] = {}
    for name in ("parts", "measures", "tables"):
        children = getattr(node, name, None)
        if not isinstance(children, tuple):
            continue
        kept = tuple(c for c in (_prune(child, withheld) for child in children) if c is not None)
        if kept != children:
            changes[name] = kept
    return dataclasses.replace(node, **changes) if changes else node
