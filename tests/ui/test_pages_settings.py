"""Plain values: pages, links and history; the typed settings wrapper."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.pages import HOME, History, Page, page_from_link, parse_link


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("item:zb-05-01", ("item", "zb-05-01")),
        (Page("topic", "人才").href(), ("topic", "人才")),
        (Page("contact", "朱英华|031185889143").href(), ("contact", "朱英华|031185889143")),
        ("copy:0311-85889143", ("copy", "0311-85889143")),
        ("https://example.org/", None),
        ("javascript:alert(1)", None),
        ("no-scheme", None),
    ],
)
def test_parse_link(href: str, expected: tuple[str, str] | None) -> None:
    assert parse_link(href) == expected


def test_page_from_link_only_for_pages() -> None:
    assert page_from_link("item:hb12-01") == Page("item", "hb12-01")
    assert page_from_link("copy:123") is None


def test_history_back_forward_and_truncation() -> None:
    h = History()
    assert h.current is None and not h.can_go_back()
    a, b, c = Page("item", "a"), Page("item", "b"), Page("item", "c")
    for p in (HOME, a, b):
        h.push(p)
    assert h.back() == a and h.back() == HOME and h.back() is None
    assert h.forward() == a
    h.push(c)  # drops b
    assert not h.can_go_forward()
    assert h.back() == a and h.forward() == c
    h.push(c)  # the same page twice is one entry
    assert len(h) == 3


def test_history_keeps_new_terms_for_same_page() -> None:
    h = History()
    h.push(Page("item", "a"))
    h.push(Page("item", "a", terms=("补助",)))
    assert len(h) == 1 and h.current is not None and h.current.terms == ("补助",)


def test_history_limit() -> None:
    h = History(limit=3)
    for i in range(5):
        h.push(Page("item", str(i)))
    assert len(h) == 3 and h.current == Page("item", "4")


@pytest.mark.gui
def test_settings_typed_round_trip(tmp_path: Path) -> None:
    from ui.settings import Settings

    path = tmp_path / "s.ini"
    s = Settings(path)
    assert s.zoom == 1.0 and s.bookmarks == [] and s.geometry == b"" and s.calculator_visible is False
    s.zoom = 1.25
    s.bookmarks = ["hb12-01"]  # a one-element list must stay a list
    s.geometry = b"\x00\x01binary"
    s.calculator_visible = True
    s.nav_tab = 3
    s.sync()
    t = Settings(path)
    assert t.zoom == 1.25
    assert t.bookmarks == ["hb12-01"]
    assert t.geometry == b"\x00\x01binary"
    assert t.calculator_visible is True
    assert t.nav_tab == 3
    assert t.toggle_bookmark("hb12-02a") is True
    assert t.toggle_bookmark("hb12-01") is False
    assert Settings(path).bookmarks == ["hb12-02a"]


@pytest.mark.gui
def test_settings_bad_values_fall_back_to_defaults(tmp_path: Path) -> None:
    from ui.settings import Settings

    path = tmp_path / "s.ini"
    path.write_text("[reader]\nzoom=huge\nbookmarks=not json\n[window]\nnav_tab=x\n", encoding="utf-8")
    s = Settings(path)
    assert s.zoom == 1.0 and s.bookmarks == [] and s.nav_tab == 0


@pytest.mark.gui
def test_settings_default_location_is_user_data_dir(_isolated_data_dir: Path) -> None:
    from ui.settings import Settings

    s = Settings()
    s.zoom = 1.5
    s.sync()
    assert (_isolated_data_dir / "settings.ini").exists()


@pytest.mark.gui
def test_recent_is_most_recent_first_and_bounded(tmp_path: Path) -> None:
    from ui.settings import Settings

    s = Settings(tmp_path / "s.ini")
    for i in range(Settings.RECENT_MAX + 3):
        s.add_recent(f"m{i}")
    s.add_recent("m5")
    assert s.recent[0] == "m5" and len(s.recent) == Settings.RECENT_MAX
    assert s.recent.count("m5") == 1
