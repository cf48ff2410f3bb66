"""The A4 政策体检单, 完整版: what pdftotext reads in it is what the JSON says (every amount, every phone).

The one-page version a visitor takes home: tests/ui/printing/test_checkup_onepage.py."""

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
from content.profile import load_schema, match
from content.profile.io import profile_from_mapping
from content.profile.report import result_to_json
from content.validity import Verification, VerificationMethod, VerificationResult
from ui.printing.checkup import CheckupLayout, write_checkup_pdf
from ui.printing.model import CardHeader

PROFILES = {
    "长安区高企": {"county": "长安区", "high_tech": "new", "sme": "yes", "scale": "above", "industry": "equipment",
               "rd_increase": "200万", "loan_interest": "30万", "first_loan": "是"},
    "廊坊": {"city": "廊坊市", "county": "三河市", "high_tech": "new", "in_stats": "是", "rd_increase": "400万",
           "rd_total": "800万"},
    "研发与受让": {"county": "长安区", "sme": "new", "tech_contract": "200万", "from_jingjin": "是",
              "rd_personnel": "300万", "rd_other": "50万", "voucher_contract": "40万"},
}


def _result(handbook: Any, answers: dict[str, str], *, verified: tuple[str, ...] = ()) -> Any:
    recs = [Verification(target=t, date=dt.date(2026, 11, 1), office="石家庄市科学技术局",
                         method=VerificationMethod.PHONE, result=VerificationResult.CURRENT) for t in verified]
    b = bundle_for(handbook, verifications=recs, today=dt.date(2026, 12, 1))
    schema = load_schema()
    return match(b, profile_from_mapping(schema, answers), schema=schema)


def _amounts(data: dict[str, Any]) -> set[str]:
    """Every amount of the JSON's 可申请 and 需确认 measures and of the totals, as the paper writes it."""
    out: set[str] = set()

    def add(fig: dict[str, Any]) -> None:
        for k in ("confirmed", "to_verify", "excluded"):
            out.add(format_money(Decimal(fig[k])))

    for key in ("applicable", "to_confirm", "not_applicable"):
        add(data["totals"][key])
        if data["totals"][key]["deduction"] != {"confirmed": "0.00", "to_verify": "0.00", "excluded": "0.00"}:
            add(data["totals"][key]["deduction"])
    for key in ("applicable", "to_confirm"):
        for m in data["groups"][key]:
            if m["amount"] is None or (m["folded_into"] and any(
                    x["id"] == m["folded_into"] for x in data["groups"][key])):
                continue
            for ln in m["amount"]["lines"]:
                out.add(format_money(Decimal(ln["amount"])))
                if ln["low"] is not None:
                    out.add(format_money(Decimal(ln["low"])))
    return out


def _everything(data: Any) -> tuple[set[str], set[str]]:
    """Every amount (any ``"123.00"`` string: lines, totals, the profile's figures, each calculator's
    result) and every phone number anywhere in the JSON, as the paper writes them."""
    amounts: set[str] = set()
    phones: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "phone" and v:
                    phones.add(v)
                elif k == "dial" and v and v != x.get("phone"):  # the editor's area code: after the printed form
                    phones.add(f"{x['phone']}（区号{v.split('-')[0]}编者补）")
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and re.fullmatch(r"-?\d+\.\d\d", x):
            amounts.add(format_money(Decimal(x)))

    walk(data)
    return amounts, phones


def _phones(data: dict[str, Any]) -> set[str]:
    return {c["phone"] for key in ("applicable", "to_confirm") for m in data["groups"][key] for c in m["contacts"]
            if c["phone"]}


@pytest.mark.parametrize("name", list(PROFILES))
def test_pdf_has_every_amount_and_phone_of_the_json(handbook, pdf: Pdf, tmp_path: Path, qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    result = _result(handbook, PROFILES[name], verified=("sjz16",))
    data = json.loads(json.dumps(result_to_json(result), ensure_ascii=False))
    out = tmp_path / "体检单.pdf"
    pages = write_checkup_pdf(result, out, full=True)
    assert pdf.pages(out) == pages
    assert pdf.is_a4(out)
    fonts = pdf.fonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    text = squash(pdf.text(out))
    amounts = _amounts(data)
    assert len(amounts) >= 3
    missing = sorted(a for a in amounts if a not in text)
    assert missing == [], missing
    phones = _phones(data)
    assert phones
    assert sorted(p for p in phones if p not in text) == []
    # the parts a visitor needs: header, groups, totals, disclaimer, verification count
    for word in ("政策体检单", "可申请", "需确认", "不适用", "可确认", "待核实", "不计入", "不作为享受政策的依据",
                 squash(result.summary_line)):
        assert word in text, word


@pytest.mark.parametrize("name", [*PROFILES, "空"])
def test_pdf_has_every_amount_and_phone_anywhere_in_the_json(handbook, pdf: Pdf, tmp_path: Path, qapp,  # type: ignore[no-untyped-def]
                                                             name: str) -> None:
    """Not only the measures' lines: the totals, the figures typed and each calculator's own result
    (“合计 15万元” of the 高企 award, 10万 + 5万) are on the paper too."""
    result = _result(handbook, PROFILES.get(name, {}))
    data = json.loads(json.dumps(result_to_json(result), ensure_ascii=False))
    out = tmp_path / "all.pdf"
    write_checkup_pdf(result, out, full=True)
    text = squash(pdf.text(out))
    amounts, phones = _everything(data)
    assert sorted(a for a in amounts if a not in text) == []
    assert sorted(p for p in phones if squash(p) not in text) == []
    if name != "空":
        assert len(amounts) >= 5
        assert "测算所用的数字" in text
    # and each figure whole on one line: never 200万 at a line's end and 元 on the next
    lines = [squash(x) for x in pdf.text(out).splitlines()]
    assert sorted(a for a in amounts if not any(a in x for x in lines)) == []


def test_contact_qr_codes_are_vcards_of_the_printed_numbers(handbook, pdf: Pdf, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    result = _result(handbook, {"county": "长安区", "high_tech": "new"})
    out = tmp_path / "qr.pdf"
    pages = write_checkup_pdf(result, out, full=True)
    codes = [c for p in range(1, pages + 1) for c in pdf.qr_codes(out, p, dpi=200)]
    assert codes and all(c.startswith("BEGIN:VCARD") for c in codes)
    # one readable code per contact of the 可申请 and 需确认 measures
    people = {c.key for m in result.matches if m.group.value in ("可申请", "需确认") for c in m.contacts}
    assert len(codes) == len(people)
    joined = "\n".join(codes)
    # 长安区's 魏璇 (changan-1-2, 可申请) and the city's 高新技术科 (sjz16-06) are among them
    assert "0311-85996767" in joined and "魏璇" in joined
    assert "0311-85671296" in joined


def test_header_of_the_mingbai_settings_is_printed(handbook, pdf: Pdf, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    result = _result(handbook, {"city": "廊坊市"})
    header = CardHeader(office="廊坊市科学技术局", contact_title="咨询电话", contact_lines=("0316-5212180",),
                        printed_by="廊坊市科学技术局 印制")
    out = tmp_path / "lf.pdf"
    write_checkup_pdf(result, out, header=header)
    text = squash(pdf.text(out))
    assert "廊坊市科学技术局" in text and "0316-5212180" in text and "印制" in text


def test_empty_profile_prints_without_money(handbook, pdf: Pdf, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    result = _result(handbook, {})
    out = tmp_path / "empty.pdf"
    write_checkup_pdf(result, out)
    text = squash(pdf.text(out))
    assert "未填写企业情况" in text
    assert "可申请（0条）" in text


def test_layout_lists_what_the_result_groups(handbook, qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPdfWriter

    from ui.printing.ops import Metrics
    from ui.printing.render import a4_page_layout

    result = _result(handbook, PROFILES["长安区高企"])
    writer = QPdfWriter(str(Path("/dev/null")))
    writer.setPageLayout(a4_page_layout())
    writer.setResolution(300)
    pages, report = CheckupLayout(result).paginate(Metrics(writer))
    listed = {m.measure.id for g in ("可申请", "需确认") for m in result.matches if m.group.value == g
              and not (m.folded_into and result.get(m.folded_into).group is m.group)}
    assert set(report.measures) == listed
    assert report.pages == len(pages) >= 2
    del writer


def test_cli_match_writes_the_pdf(pdf: Pdf, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import main
    from content.bundle import reset_for_tests

    monkeypatch.setenv("KJZC_TODAY", "2026-12-01")
    reset_for_tests()
    prof = tmp_path / "p.yaml"
    prof.write_text("企业名称: 石家庄某某科技有限公司\ncounty: 长安区\nhigh_tech: 今年首次认定\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main.main(["match", "--profile", str(prof), "--pdf", str(out), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert "政策体检单" in captured.err
    text = squash(pdf.text(out))
    assert "石家庄某某科技有限公司" in text
    assert format_money(Decimal(data["totals"]["applicable"]["to_verify"])) in text
    reset_for_tests()


def test_a_figure_never_breaks_before_its_unit(qapp) -> None:  # type: ignore[no-untyped-def]
    """On the 体检单 a line that would end with ``200万`` puts the whole ``200万元`` on the next line."""
    from PySide6.QtGui import QPdfWriter

    from ui.printing.checkup import keep_figures
    from ui.printing.ops import Font, Metrics
    from ui.printing.render import a4_page_layout

    writer = QPdfWriter(str(Path("/dev/null")))
    writer.setPageLayout(a4_page_layout())
    writer.setResolution(300)
    mx = Metrics(writer)
    font = Font(8.0)
    text = "研发投入新增部分：200万元　贷款利息：30万元"
    width = mx.width("研发投入新增部分：200万", font) + 1
    plain = [ln.text for ln in mx.wrap(text, font, width)]
    assert plain[0].endswith("万")  # what Qt does by itself
    kept = [ln.text for ln in mx.wrap(keep_figures(text), font, width)]
    assert kept[0] == "研发投入新增部分：" and kept[1].startswith("200万元")
    assert not any("\u2060" in x for x in kept)  # the joiners only hold the figure together, never printed
    del writer
