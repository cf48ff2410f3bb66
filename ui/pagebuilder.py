"""Turns a :class:`ui.pages.Page` into reader HTML, with what each page links to
(comparisons, calculators, bookmarks, recent items)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from content.bundle import ContentBundle
from content.curated import Comparison, Tile, comparisons_for
from content.model import Document, Measure, Part
from ui import render
from ui.pages import Page


def _t(text: str) -> str:
    return QCoreApplication.translate("pages", text)


class PageBuilder:
    """HTML for every page kind, from the one content bundle.

    Args:
        bundle: The loaded content (documents, statuses, 比一比 pages, home tiles, calculators).
        comparisons: 比一比 tables (default: the bundle's).
        tiles: Home tiles (default: the bundle's).
    """

    def __init__(self, bundle: ContentBundle, *, comparisons: Sequence[Comparison] | None = None,
                 tiles: Sequence[Tile] | None = None) -> None:
        self.bundle = bundle
        self.hb = bundle.handbook
        self.problems: list[str] = []
        self.comparisons = tuple(bundle.comparisons if comparisons is None else comparisons)
        self.tiles = tuple(bundle.tiles if tiles is None else tiles)
        self.calculators_available = True

    def set_bundle(self, bundle: ContentBundle) -> None:
        """New statuses (a verification was recorded): same content, recomputed facts."""
        self.bundle = bundle
        self.hb = bundle.handbook

    # -- calculators (loaded on first use, through the bundle) ---------------------------------
    def calculators(self) -> Mapping[str, Any]:
        try:
            return self.bundle.calculators
        except Exception as exc:  # a broken declaration must not break reading
            from ui.errors import log_exception

            log_exception(f"calculators unavailable: {type(exc).__name__}: {exc}")
            self.calculators_available = False
            return {}

    def calculators_for(self, measure_id: str) -> tuple[tuple[str, str], ...]:
        return tuple((c.id, c.title) for c in self.calculators().values() if measure_id in getattr(c, "cites", ()))

    def comparison(self, comp_id: str) -> Comparison | None:
        return next((c for c in self.comparisons if c.id == comp_id), None)

    # -- pages ----------------------------------------------------------------------------------
    def exists(self, page: Page) -> bool:
        if page.kind == "item":
            return self.hb.find(page.arg) is not None
        if page.kind == "compare":
            return not page.arg or self.comparison(page.arg) is not None
        if page.kind == "contact":
            return any(e.key == page.arg for e in self.hb.directory())
        return True

    def layout_key(self, page: Page, width_em: float | None) -> object:
        """What of the reader's width the page's HTML depends on: re-render when this changes."""
        if page.kind == "compare" and page.arg:
            comp = self.comparison(page.arg)
            return comp is not None and render.compare_stacked(comp, width_em)
        return None

    def html(self, page: Page, *, bookmarks: Sequence[str] = (), recent: Sequence[str] = (),
             width_em: float | None = None) -> str:
        """The reader HTML of ``page``; ``width_em`` is the reader's line length in characters."""
        hb = self.hb
        if page.kind == "home":
            return render.render_home(self.bundle, tiles=self.tiles, recent=recent, bookmarks=bookmarks,
                                      comparisons=self.comparisons)
        if page.kind == "item":
            item = hb.find(page.arg)
            if isinstance(item, Measure):
                extras = render.MeasureExtras(
                    bookmarked=item.id in bookmarks,
                    calculators=self.calculators_for(item.id),
                    comparisons=comparisons_for(item.id, self.comparisons),
                )
                return render.render_measure(self.bundle, item, page.terms, extras)
            if isinstance(item, Part):
                return render.render_part(self.bundle, item, page.terms)
            if isinstance(item, Document):
                return render.render_document(self.bundle, item, page.terms)
        if page.kind == "topic":
            return render.render_topic(self.bundle, page.arg)
        if page.kind == "level":
            return render.render_level(self.bundle, page.arg)
        if page.kind == "contacts":
            return render.render_contacts(self.bundle)
        if page.kind == "contact":
            entry = next((e for e in hb.directory() if e.key == page.arg), None)
            if entry is not None:
                return render.render_contact(self.bundle, entry)
        if page.kind == "compare":
            if not page.arg:
                return render.render_compare_index(self.bundle, self.comparisons)
            comp = self.comparison(page.arg)
            if comp is not None:
                return render.render_compare(self.bundle, comp, stacked=render.compare_stacked(comp, width_em))
        return render.render_missing(page)

    def title(self, page: Page) -> str:
        """A short title for the window bar."""
        if page.kind == "item":
            item = self.hb.find(page.arg)
            if isinstance(item, Measure):
                return item.display_title
            if item is not None:
                return item.title
        if page.kind in ("topic", "level"):
            return page.arg
        if page.kind == "compare":
            comp = self.comparison(page.arg)
            return _t("比一比") + (f"：{comp.title}" if comp else "")
        if page.kind == "contact":
            entry = next((e for e in self.hb.directory() if e.key == page.arg), None)
            if entry is not None:
                return " ".join(x for x in (entry.contact.office, entry.contact.person) if x)
        if page.kind == "contacts":
            return _t("联系人")
        if page.kind == "profile":
            return _t("我的企业")
        return ""
