"""The one-page 政策体检单 a visitor takes home (issue 12): one A4 page for realistic profiles, every amount
and phone number of the 可申请 measures and the three totals on it, nothing below 9 pt, no internal id,
the status on every measure's line; too many 可申请 measures go on to a second page."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from printing_helpers import Pdf, squash

from content.bundle import bundle_for
from content.calc.parsing import format_money
from content.profile import Group, load_schema, match
from content.profile.io import example_text, profile_from_mapping, read_profile
from content.profile.report import phone_shown, result_to_json
from ui.printing.checkup import checkup_layout, write_checkup_pdf
from ui.printing.checkup_onepage import HANDBOOK_NOTICE, NO_CONTACT, STEPS
from ui.printing.model import CardHeader

# realistic profiles of the tests (tests/content/test_profile_match.py, test_checkup_pdf.py)
PROFILES: dict[str, dict[str, str]] = {
    "长安区高企": {"county": "长安区", "high_tech": "new", "sme": "yes", "scale": "above", "industry": "equipment",
               "rd_increase": "200万", "loan_interest": "30万", "first_loan": "是"},
    "科小贷款": {"city": "石家庄市", "county": "桥西区", "sme": "yes", "loan_interest": "20万", "first_loan": "是",
             "industry": "装备制造"},
    "廊坊": {"city": "廊坊市", "county": "三河市", "high_tech": "new", "scale": "above", "in_stats": "是",
           "rd_increase": "400万", "rd_total": "800万", "small": "否"},
    "新华区研发": {"city": "石家庄市", "county": "新华区", "scale": "above", "high_tech": "yes", "rd_increase": "1200万",
              "rd_personnel": "3000万", "rd_direct": "1000万"},
    "研发与受让": {"county": "长安区", "sme": "new", "tech_contract": "200万", "from_jingjin": "是",
              "rd_personnel": "300万", "rd_other": "50万", "voucher_contract": "40万"},
    "空": {},
    # a 长安区 高企 with R&D, a loan, a technology contract and a voucher: 11 可申请 measures, and the
    # page is tightened to hold them (it ran to a second page holding only the 不适用 count and the disclaimer)
    "长安区高企研发贷款合同创新券": {
        "企业名称": "测试长安", "province": "河北省", "city": "石家庄市", "county": "长安区", "high_tech": "new",
        "sme": "yes", "scale": "above", "industry": "electronics", "rd_increase": "300万", "rd_total": "2000万",
        "loan_interest": "10万", "first_loan": "否", "tech_contract": "150万", "voucher_contract": "20万",
        "rd_personnel": "500万", "rd_direct": "300万"},
}
# everything answered yes: more 可申请 measures than one page holds
EVERYTHING = {"企业名称": "石家庄某某全能科技有限公司", "county": "长安区", "high_tech": "new", "sme": "new",
              "scale": "above", "leader": "是", "small": "是", "listing": "new", "in_stats": "是",
              "industry": "electronics", "incubator": "是", "platform": "是", "transfer_agency": "是", "investor": "是",
              "rd_increase": "500万", "rd_total": "2000万", "loan_interest": "50万", "first_loan": "是",
              "tech_contract": "300万", "from_jingjin": "是", "voucher_contract": "60万", "rd_personnel": "800万",
              "rd_direct": "300万", "rd_design": "50万", "rd_other": "40万"}
_ID = re.compile(r"\b(?:zb|hb\d+|sjz\d+|changan|gxq|lf|xy)-[\w-]+")


def _bundle(handbook: Any) -> Any:
    return bundle_for(handbook, today=dt.date(2026, 12, 1))


def _result(handbook: Any, answers: dict[str, str]) -> Any:
    schema = load_schema()
    name = answers.get("企业名称", "")
    rest = {k: v for k, v in answers.items() if k != "企业名称"}
    profile = profile_from_mapping(schema, rest)
    if name:
        from dataclasses import replace

        profile = replace(profile, name=name)
    return match(_bundle(handbook), profile, schema=schema)


def _example(handbook: Any, tmp_path: Path) -> Any:
    """The profile ``main.py match --example`` prints, read back as a user saves it."""
    schema = load_schema()
    f = tmp_path / "企业.yaml"
    f.write_text(example_text(schema), encoding="utf-8")
    return match(_bundle(handbook), read_profile(f, schema), schema=schema)


def _applicable_amounts_and_phones(data: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Every amount and phone of the JSON's 可申请 measures, and the three totals, as the paper writes them."""
    amounts: set[str] = set()
    phones: set[str] = set()
    for key in ("applicable", "to_confirm", "not_applicable"):
        t = data["totals"][key]
        for k in ("confirmed", "to_verify", "excluded"):
            amounts.add(format_money(Decimal(t[k])))
            if any(Decimal(v) for v in t["deduction"].values()):
                amounts.add(format_money(Decimal(t["deduction"][k])))
    ids = {m["id"] for m in data["groups"]["applicable"]}
    for m in data["groups"]["applicable"]:
        for c in m["contacts"]:
            if c["phone"]:
                phones.add(c["phone"])
        if m["amount"] is None or m["folded_into"] in ids:
            continue
        for k in ("confirmed", "to_verify", "excluded"):
            amounts.add(format_money(Decimal(m["amount"][k])))
        for ln in m["amount"]["lines"]:
            amounts.add(format_money(Decimal(ln["amount"])))
            if ln["low"] is not None:
                amounts.add(format_money(Decimal(ln["low"])))
    return amounts, phones


def _check_page(result: Any, out: Path, pdf: Pdf) -> str:
    data = json.loads(json.dumps(result_to_json(result), ensure_ascii=False))
    text = squash(pdf.text(out))
    amounts, phones = _applicable_amounts_and_phones(data)
    assert sorted(a for a in amounts if a not in text) == []
    assert sorted(p for p in phones if p not in text) == []
    # the editor's area code is said apart, as everywhere
    for m in result.group(Group.APPLICABLE):
        for c in m.contacts:
            assert squash(phone_shown(c)) in text
    for word in ("政策体检单", "可申请", "需确认", "不适用", "可确认", "待核实", "不计入", "不作为享受政策的依据",
                 squash(result.summary_line), "石家庄市长安区科学技术局"):
        assert word in text, word
    assert squash(HANDBOOK_NOTICE) in text  # the handbook's own disclaimer, word for word, however tight
    counts = result.counts()
    assert f"需确认（{counts[Group.TO_CONFIRM]}条）" in text
    assert f"不适用（{counts[Group.NOT_APPLICABLE]}条）" in text
    # 需确认: 3 named (1 or none when the page is tight), and the others counted
    named = text.count("□")
    assert named == min(counts[Group.TO_CONFIRM], 3) or (named in (0, 1) and counts[Group.TO_CONFIRM] > 3), named
    rest = counts[Group.TO_CONFIRM] - named
    if rest > 0:
        said = f"这{rest}条需确认的措施逐条见完整版或软件" if named == 0 else f"其余{rest}条需确认的措施见完整版或软件"
        assert said in text
    assert _ID.findall(pdf.text(out)) == []  # never an internal id
    # a 可申请 measure that prints no contact: the page says whom to ask instead, once
    silent = [m for m in result.group(Group.APPLICABLE)
              if not m.contacts and not any(f.contacts for f in result.folded_under(m.measure.id))]
    assert text.count(squash(NO_CONTACT)) == (1 if silent else 0), [m.measure.id for m in silent]
    # the status on the line of every 可申请 measure (the title's first line)
    lines = pdf.text(out, layout=True).splitlines()
    for m in result.group(Group.APPLICABLE):
        head = squash(m.measure.display_title)[:10]
        row = next((x for x in lines if head in squash(x)), None)
        assert row is not None, head
        assert m.validity.label in row, (head, row)
    return text


@pytest.mark.parametrize("name", ["match --example", *PROFILES])
def test_one_page_for_realistic_profiles(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any, name: str) -> None:
    result = _example(handbook, tmp_path) if name == "match --example" else _result(handbook, PROFILES[name])
    out = tmp_path / "一页.pdf"
    pages = write_checkup_pdf(result, out)
    assert pdf.pages(out) == pages == 1
    assert pdf.is_a4(out)
    assert all(f["emb"] == "yes" for f in pdf.fonts(out))
    _check_page(result, out, pdf)


def test_the_full_version_is_longer_and_has_every_measure(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any) -> None:
    result = _result(handbook, PROFILES["长安区高企"])
    one, full = tmp_path / "one.pdf", tmp_path / "full.pdf"
    write_checkup_pdf(result, one)
    write_checkup_pdf(result, full, full=True)
    assert pdf.pages(one) == 1 < pdf.pages(full)
    every = [m for m in result.group(Group.TO_CONFIRM)]
    text_one, text_full = squash(pdf.text(one)), squash(pdf.text(full))
    shown = [m for m in every if squash(m.measure.display_title) in text_one]
    assert 1 <= len(shown) <= 3  # the few with the largest amounts
    assert all(squash(m.measure.display_title)[:12] in text_full for m in every)


def test_nothing_below_nine_points(handbook: Any, qapp: Any) -> None:
    from PySide6.QtGui import QPdfWriter

    from ui.printing.ops import Metrics, Text
    from ui.printing.render import a4_page_layout

    writer = QPdfWriter(str(Path("/dev/null")))
    writer.setPageLayout(a4_page_layout())
    writer.setResolution(300)
    for answers in (*PROFILES.values(), EVERYTHING):
        pages, _ = checkup_layout(_result(handbook, answers)).paginate(Metrics(writer))
        sizes = {op.font.size for p in pages for op in p.ops if isinstance(op, Text)}
        assert sizes and min(sizes) >= 9.0, sorted(sizes)
    full, _ = checkup_layout(_result(handbook, PROFILES["长安区高企"]), full=True).paginate(Metrics(writer))
    assert min(op.font.size for p in full for op in p.ops if isinstance(op, Text)) < 9.0  # the 完整版 is denser
    del writer


def test_too_many_measures_go_on_to_a_second_page(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any) -> None:
    """Rather than smaller type: the 可申请 measures continue on page 2, which says whose it is."""
    result = _result(handbook, EVERYTHING)
    assert len(result.group(Group.APPLICABLE)) >= 12
    out = tmp_path / "两页.pdf"
    assert write_checkup_pdf(result, out) == pdf.pages(out) == 2
    _check_page(result, out, pdf)
    second = squash(pdf.text(out, 2))
    assert second.startswith("政策体检单（续）石家庄某某全能科技有限公司")
    assert _after_continued(pdf.text(out, 2)).startswith("■")
    assert "第2页/共2页" in second and "不作为享受政策的依据" in second
    # a measure is never split: its title and its 金额 line are on the same page
    for page in (1, 2):
        lines = [squash(x) for x in pdf.text(out, page).splitlines() if x.strip()]
        assert not lines[-1].startswith("■")


def _after_continued(page: str) -> str:
    """The first line of a later page after its "政策体检单（续） 企业 体检日期" line."""
    lines = [squash(x) for x in page.splitlines() if x.strip()]
    i = next(i for i, x in enumerate(lines) if x.startswith("体检日期") or "体检日期：" in x)
    return lines[i + 1]


def _metrics() -> Any:
    from PySide6.QtGui import QPdfWriter

    from ui.printing.ops import Metrics
    from ui.printing.render import PDF_DPI, a4_page_layout

    writer = QPdfWriter(str(Path("/dev/null")))  # as write_checkup_pdf measures
    writer.setPageLayout(a4_page_layout())
    writer.setResolution(PDF_DPI)
    return writer, Metrics(writer)


def _long_header(lines: int) -> CardHeader:
    """The bureau's header with ``lines`` more contact lines: less room for the rest, one line at a time."""
    more = tuple(f"第{i + 1}条联系方式：电话0311-8599676{i % 10}（工作日上午8:30至12:00，下午14:30至17:30，节假日除外）"
                 for i in range(lines))
    return CardHeader(contact_lines=CardHeader().contact_lines + more)


def test_tightened_step_by_step_before_a_second_page(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any) -> None:
    """Less and less room (a longer header): the page is tightened step by step, each step kept once
    taken; only when the tightest step does not fit either is there a second page, and it starts with
    a 可申请 measure, not with only the 需确认 summary, the 不适用 count and the disclaimer."""
    from ui.printing.checkup_onepage import OnePageLayout
    from ui.printing.ops import Text
    from ui.render import NOTICE

    assert HANDBOOK_NOTICE == NOTICE  # the handbook's disclaimer as the reader shows it
    result = _result(handbook, PROFILES["长安区高企"])
    writer, mx = _metrics()
    steps: list[int] = []
    extra = 0
    while True:
        layout = OnePageLayout(result, _long_header(extra))
        pages, report = layout.paginate(mx)
        assert len(pages) == report.pages
        if len(pages) > 1:
            break
        steps.append(STEPS.index(layout.fit))
        text = squash("".join(op.text for op in pages[0].ops if isinstance(op, Text)))
        assert squash(HANDBOOK_NOTICE) in text
        assert extra < 80
        extra += 1
    del writer
    assert steps == sorted(steps)
    assert steps[0] == 0 and steps[-1] >= len(STEPS) - 2, steps  # every step of tightening before page 2
    # the tightest page still has every amount and phone of the 可申请 measures and the totals
    tight = tmp_path / "eng.pdf"
    assert write_checkup_pdf(result, tight, header=_long_header(extra - 1)) == pdf.pages(tight) == 1
    _check_page(result, tight, pdf)
    spilt = tmp_path / "两页.pdf"
    assert write_checkup_pdf(result, spilt, header=_long_header(extra)) == pdf.pages(spilt) == 2
    _check_page(result, spilt, pdf)
    assert squash(pdf.text(spilt, 2)).startswith("政策体检单（续）")
    assert _after_continued(pdf.text(spilt, 2)).startswith("■"), pdf.text(spilt, 2)[:200]


def test_qr_codes_of_the_contacts_when_they_fit(handbook: Any, pdf: Pdf, tmp_path: Path, qapp: Any) -> None:
    """A 长安区 高企 with little else: the page has room for a vCard QR code per 可申请 contact."""
    result = _result(handbook, {"county": "长安区", "high_tech": "new"})
    out = tmp_path / "qr.pdf"
    assert write_checkup_pdf(result, out) == 1
    codes = pdf.qr_codes(out, 1, dpi=200)
    people = {c.key for m in result.group(Group.APPLICABLE) for c in m.contacts}
    assert codes and all(c.startswith("BEGIN:VCARD") for c in codes)
    assert len(codes) == len(people)
    assert "魏璇" in "\n".join(codes)


def test_cli_prints_one_page_and_full_on_request(pdf: Pdf, tmp_path: Path, capsys: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import main
    from content.bundle import reset_for_tests

    monkeypatch.setenv("KJZC_TODAY", "2026-12-01")
    reset_for_tests()
    try:
        assert main.main(["match", "--example"]) == 0
        prof = tmp_path / "企业.yaml"
        prof.write_text(capsys.readouterr().out, encoding="utf-8")
        one, full = tmp_path / "one.pdf", tmp_path / "full.pdf"
        assert main.main(["match", "--profile", str(prof), "--pdf", str(one)]) == 0
        assert "政策体检单 1 页" in capsys.readouterr().out
        assert main.main(["match", "--profile", str(prof), "--pdf", str(full), "--full"]) == 0
        said = capsys.readouterr().out
        assert pdf.pages(one) == 1 < pdf.pages(full)
        assert f"政策体检单（完整版） {pdf.pages(full)} 页" in said
    finally:
        reset_for_tests()
