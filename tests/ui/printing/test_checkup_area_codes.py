"""The 我的企业 screen and the 政策体检单 never print the editor's area code as if the source printed it
(issue 13.4: "never invent an area code that the content does not give")."""

from __future__ import annotations

import datetime as dt
import re
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
LABEL = "（区号编者补）"


def _result(handbook: Any) -> Any:
    b = bundle_for(handbook, today=dt.date(2026, 12, 1))
    schema = load_schema()
    return match(b, profile_from_mapping(schema, ANSWERS), schema=schema)


def _added(handbook: Any) -> set[str]:
    return {c.phone_dial for m in handbook.measures() for c in m.contacts if c.area_code_added}


def _unlabelled(text: str, dials: set[str]) -> list[str]:
    return [d for d in dials for hit in re.finditer(re.escape(d), text) if not text.startswith(LABEL, hit.end())]


def test_checkup_pdf_labels_the_editors_area_code(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any) -> None:
    result = _result(handbook)
    out = tmp_path / "体检单.pdf"
    write_checkup_pdf(result, out)
    text = squash(pdf.text(out))
    dials = _added(handbook)
    shown = [d for d in dials if d in text]
    assert shown  # the 长安区 profile lists measures whose numbers are printed without 0311
    assert _unlabelled(text, dials) == []


def test_profile_screen_labels_the_editors_area_code(handbook: Any, qapp: Any) -> None:
    from ui.profile_render import render_result

    html = render_result(_result(handbook))
    dials = _added(handbook)
    assert [d for d in dials if d in html]
    assert _unlabelled(html, dials) == []
