"""The 我的企业 screen and the 政策体检单 never print the editor's area code as if the source printed it
(issue 13.4: "never invent an area code that the content does not give")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from printing_helpers import Pdf, squash

from content.bundle import bundle_for
from content.profile import load_schema, match
from content.profile.io import profile_from_mapping
from ui.printing.checkup import write_checkup_pdf

# 长安区 enterprise: the city (sjz16-…) and district (changan-…) measures print 8-digit numbers only
ANSWERS = {"county": "长安区", "high_tech": "new", "sme": "yes", "scale": "above", "industry": "equipment",
           "rd_increase": "200万", "loan_interest": "30万", "first_loan": "是"}


def _result(handbook: Any) -> Any:
    b = bundle_for(handbook, today=dt.date(2026, 12, 1))
    schema = load_schema()
    return match(b, profile_from_mapping(schema, ANSWERS), schema=schema)


def _added(handbook: Any) -> list[Any]:
    """Contacts whose number is printed without an area code (the handbook adds 0311/0316)."""
    return [c for m in handbook.measures() for c in m.contacts if c.area_code_added]


def _check(text: str, handbook: Any) -> None:
    added = _added(handbook)
    assert added
    for c in added:
        assert c.phone_dial not in text, c.phone_dial  # 0311-85057594 would pass the editor's 0311 off as printed
    labelled = {c.phone for c in added if f"{c.phone}（区号{c.area_code_added}编者补）" in text}
    assert len(labelled) >= 3, labelled  # the 长安区 profile lists city and district measures with such numbers


def test_checkup_pdf_labels_the_editors_area_code(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any) -> None:
    out = tmp_path / "体检单.pdf"
    write_checkup_pdf(_result(handbook), out)
    _check(squash(pdf.text(out)), handbook)


def test_profile_screen_labels_the_editors_area_code(handbook: Any, qapp: Any) -> None:
    from ui.profile_render import render_result

    html = render_result(_result(handbook))
    _check(html, handbook)
    assert "0311-85889143</b>" in html  # a number printed with its area code: as printed, no label
