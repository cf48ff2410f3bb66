"""Validity computed from printed dates and verifications (issue: honest validity).

Every expectation below was read off the seed documents (content/sources/):
- 000 明白卡: no date, no 文号; 12 province items print a 2022 time (2022年6月20日前, 6月底前, 8月底前, 10月前,
  “2022年为科技企业授信”, “对2022年在建省重点项目”); items 06, 07, 08, the city's sixteen and the district's
  items print none.
- 001: “工作方案（2022—2025年）”, 印发 2022年3月19日.
- 002: 汇编, 2023年8月; zb-05-07 “十四五”期间; zb-10-01 cites the 2019-2025 plan.
- 003: “(2018-2020年)”, a copy from a document-sharing site.
- 004: 征求意见稿, comments until 2023年5月27日.
"""

from __future__ import annotations

import datetime as dt

import pytest

from content.bundle import bundle_for
from content.model import Handbook
from content.validity import (
    Status,
    Verification,
    VerificationMethod,
    VerificationResult,
    add_months,
    compute_validity,
)

TODAY = dt.date(2026, 12, 7)
HB12_DATED = {"hb12-01", "hb12-02a", "hb12-02b", "hb12-03", "hb12-04", "hb12-05", "hb12-09", "hb12-10a",
              "hb12-11a", "hb12-10b", "hb12-11b", "hb12-12"}


def _rec(target: str, day: dt.date, result: VerificationResult = VerificationResult.CURRENT, *,
         office: str = "石家庄市科学技术局政策法规科", ref: str = "") -> Verification:
    return Verification(target=target, date=day, office=office, method=VerificationMethod.PHONE, result=result,
                        ref=ref)


def _statuses(handbook: Handbook, *records: Verification, today: dt.date = TODAY) -> dict[str, Status]:
    b = bundle_for(handbook, verifications=records, today=today)
    return {m.id: b.status(m.id).status for m in handbook.measures()}


def _doc_ids(handbook: Handbook, doc_id: str) -> set[str]:
    doc = handbook.document(doc_id)
    assert doc is not None
    return {m.id for m in doc.all_measures()}


def test_nothing_is_current_in_the_shipped_content(handbook: Handbook) -> None:
    st = _statuses(handbook)
    assert Status.CURRENT not in st.values()
    expired = {mid for mid, s in st.items() if s is Status.EXPIRED}
    expected = (HB12_DATED | _doc_ids(handbook, "sjz-xianyu-yuesheng") | _doc_ids(handbook, "sjz-gxq-jingnan")
                | {"zb-05-07", "zb-10-01"})
    assert expired == expected
    assert {mid for mid, s in st.items() if s is Status.DRAFT} == _doc_ids(handbook, "lf-kjqs")
    assert {mid for mid, s in st.items() if s is Status.UNVERIFIED} == set(st) - expected - _doc_ids(handbook, "lf-kjqs")
    assert len(expired) == 12 + 36 + 16 + 2


@pytest.mark.parametrize(
    ("mid", "reason"),
    [
        ("hb12-01", "原文：2022年6月20日前（至2022-06-20）"),
        ("hb12-11a", "原文：2022年10月前（至2022-09-30）"),  # “10月前”: before October
        ("hb12-06", "明白卡未印日期；未经核实"),
        ("sjz16-04", "明白卡未印日期；未经核实"),
        ("zb-05-01", "汇编于2023-08；未经核实"),
        ("zb-01-03", "汇编于2023-08；未经核实；所引文件为试行"),
        ("zb-10-01", "原文：（2019-2025年）（至2025-12-31）"),
        ("xy-1-1", "原文：工作方案（2022—2025年）（至2025-12-31）"),
        ("gxq-2-1", "原文：(2018-2020年)（至2020-12-31）"),
    ],
)
def test_reasons_quote_what_is_printed(handbook: Handbook, mid: str, reason: str) -> None:
    assert bundle_for(handbook, today=TODAY).status(mid).reason == reason


def test_an_editors_reading_of_a_period_gives_its_basis(handbook: Handbook) -> None:
    reason = bundle_for(handbook, today=TODAY).status("zb-05-07").reason
    assert reason.startswith("原文：“十四五”期间（编者据：")
    assert "2021—2025年" in reason and "第十四个五年规划" in reason


def test_draft_status_says_when_comments_closed(handbook: Handbook) -> None:
    during = bundle_for(handbook, today=dt.date(2023, 5, 1)).status("lf-01")
    assert during.status is Status.DRAFT and during.reason.startswith("征求意见稿：意见征集截至2023-05-27")
    after = bundle_for(handbook, today=TODAY).status("lf-01")
    assert after.reason == "意见征集已于2023-05-27截止；是否正式印发未核实；草案写的期间为2023—2025年（原文：2023-2025年）"
    # A draft stays a draft whatever anybody records: only the issued document can be in force.
    assert _statuses(handbook, _rec("lf-kjqs", TODAY))["lf-01"] is Status.DRAFT


def test_trial_documents_are_said_not_made_a_status(handbook: Handbook) -> None:
    b = bundle_for(handbook, today=TODAY)
    trials = [m for m in handbook.measures() if m.trial]
    assert len(trials) == 9  # items citing （试行） documents in the 摘编
    assert all("所引文件为试行" in b.status(m.id).reason for m in trials if b.status(m.id).status is Status.UNVERIFIED)


def test_one_documents_verification_makes_exactly_its_measures_current(handbook: Handbook) -> None:
    before = _statuses(handbook)
    after = _statuses(handbook, _rec("sjz-zhaibian-2023", TODAY - dt.timedelta(days=3)))
    changed = {mid for mid in before if before[mid] != after[mid]}
    zb = _doc_ids(handbook, "sjz-zhaibian-2023")
    assert changed == zb - {"zb-05-07", "zb-10-01"}  # the two whose printed period ended stay 期限已过
    assert all(after[mid] is Status.CURRENT for mid in changed)
    assert after["zb-05-07"] is Status.EXPIRED


def test_a_part_verification_covers_exactly_its_measures(handbook: Handbook) -> None:
    after = _statuses(handbook, _rec("sjz16", TODAY))
    current = {mid for mid, s in after.items() if s is Status.CURRENT}
    assert current == {m.id for m in handbook.part("sjz16").all_measures()}  # type: ignore[union-attr]
    assert len(current) == 16


def test_a_verification_lapses_after_the_window(handbook: Handbook) -> None:
    day = dt.date(2026, 12, 1)
    rec = _rec("sjz16", day)
    assert _statuses(handbook, rec, today=add_months(day, 12))["sjz16-01"] is Status.CURRENT
    lapsed = bundle_for(handbook, verifications=[rec], today=add_months(day, 13))
    assert lapsed.status("sjz16-01").status is Status.UNVERIFIED
    assert "2026-12-01 经石家庄市科学技术局政策法规科核实为现行，已超过12个月" in lapsed.status("sjz16-01").reason


def test_the_label_says_who_verified_and_when(handbook: Handbook) -> None:
    b = bundle_for(handbook, verifications=[_rec("sjz16-04", dt.date(2026, 11, 30))], today=TODAY)
    v = b.status("sjz16-04")
    assert v.label == "现行（2026-11-30 经石家庄市科学技术局政策法规科核实）"
    assert v.verification is not None and "电话" in v.reason


def test_nearest_record_wins_and_repeal_carries_the_replacement(handbook: Handbook) -> None:
    recs = [_rec("changan-mingbaika", TODAY),
            _rec("sjz16-04", TODAY, VerificationResult.REPEALED, ref="石科规〔2026〕1号")]
    b = bundle_for(handbook, verifications=recs, today=TODAY)
    assert b.status("sjz16-04").status is Status.REPEALED
    assert "石科规〔2026〕1号" in b.status("sjz16-04").reason
    assert b.status("sjz16-05").status is Status.CURRENT  # the document record covers the rest
    assert b.status("hb12-01").status is Status.EXPIRED  # a printed 2022 deadline is not undone by a record


def test_an_editors_reading_of_a_date_gives_its_basis(handbook: Handbook) -> None:
    reason = bundle_for(handbook, today=TODAY).status("hb12-05").reason
    assert reason.startswith("原文：对2022年在建省重点项目（编者据：")  # not a printed "…前" deadline


def test_a_newer_repeal_of_the_document_beats_an_older_measure_record(handbook: Handbook) -> None:
    recs = [_rec("zb-05-10", dt.date(2026, 6, 1)),
            _rec("sjz-zhaibian-2023", dt.date(2026, 12, 1), VerificationResult.REPEALED, ref="石科规〔2026〕3号")]
    assert _statuses(handbook, *recs)["zb-05-10"] is Status.REPEALED


def test_a_document_in_force_does_not_revive_a_repealed_measure(handbook: Handbook) -> None:
    recs = [_rec("zb-05-10", dt.date(2026, 6, 1), VerificationResult.REPEALED, ref="石科规〔2026〕3号"),
            _rec("sjz-zhaibian-2023", dt.date(2026, 12, 1))]
    st = _statuses(handbook, *recs)
    assert st["zb-05-10"] is Status.REPEALED and st["zb-05-09"] is Status.CURRENT


def test_a_record_on_an_ended_or_draft_item_is_said_not_dropped(handbook: Handbook) -> None:
    b = bundle_for(handbook, verifications=[_rec("hb12-01", TODAY, VerificationResult.REPEALED, ref="冀科〔2023〕1号"),
                                            _rec("lf-05", TODAY)], today=TODAY)
    assert b.status("hb12-01").status is Status.EXPIRED  # the printed 2022 deadline stands
    assert "另有核实记录" in b.status("hb12-01").reason and "冀科〔2023〕1号" in b.status("hb12-01").reason
    assert b.status("lf-05").status is Status.DRAFT and "另有核实记录" in b.status("lf-05").reason


def test_latest_record_of_the_same_target_wins(handbook: Handbook) -> None:
    recs = [_rec("sjz16-04", dt.date(2026, 1, 5)),
            _rec("sjz16-04", dt.date(2026, 6, 1), VerificationResult.REVISED, ref="石科规〔2026〕2号")]
    assert _statuses(handbook, *recs)["sjz16-04"] is Status.REVISED


def test_not_found_and_future_records(handbook: Handbook) -> None:
    b = bundle_for(handbook, verifications=[_rec("zb-05-01", TODAY, VerificationResult.NOT_FOUND),
                                            _rec("zb-05-02", TODAY + dt.timedelta(days=1))], today=TODAY)
    assert b.status("zb-05-01").status is Status.UNVERIFIED and "未找到" in b.status("zb-05-01").reason
    assert b.status("zb-05-02").status is Status.UNVERIFIED  # a record dated tomorrow does not exist yet


def test_summary_line_keeps_two_facts_apart(handbook: Handbook) -> None:
    b = bundle_for(handbook, today=TODAY)
    assert b.summary_line() == "文本录入 2026-11-23 · 效力核实 0/212"
    v = bundle_for(handbook, verifications=[_rec("sjz16", TODAY)], today=TODAY)
    assert v.summary_line() == "文本录入 2026-11-23 · 效力核实 16/212"
    assert "内容更新至" not in b.summary_line()


def test_compute_validity_counts_every_status() -> None:
    vm = compute_validity([], {}, [], today=TODAY)
    assert vm.counts() == dict.fromkeys(vm.counts(), 0) and len(vm.counts()) == len(Status)


def test_every_measure_names_one_issuer_with_its_basis(handbook: Handbook) -> None:
    issuers = {m.id: m.issuer_text for m in handbook.measures()}
    assert issuers["changan-1-1"] == "石家庄市长安区人民政府"  # the district part's printed heading
    assert issuers["hb12-01"] == "河北省科学技术厅（编者推定）"
    assert issuers["sjz16-01"] == "石家庄市科学技术局（编者推定）"
    assert issuers["gxq-1-1"] == "石家庄高新区（编者推定）"
    # 摘编 items: the issuer the cited source names, else said not stated — never the compiler.
    assert issuers["zb-04-04"] == issuers["zb-05-06"] == "石家庄市人民政府办公室"
    for mid in ("zb-03-02", "zb-04-01", "zb-05-01", "zb-05-04", "zb-08-06"):
        assert issuers[mid] == "摘编未载明", mid
    zb = handbook.document("sjz-zhaibian-2023")
    assert zb is not None
    for m in zb.all_measures():
        printed = (m.source.title if m.source else "") + m.text  # the item's closing citation
        assert m.issuer_text == "摘编未载明" or all(name in printed for name in m.issuer), m.id
