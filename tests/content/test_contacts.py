"""Whom to call (issue 13.4), in the content: whose number it is, the area code the editor adds, and
the 谁负责 rows of every 比一比 page, taken from the contacts the compared measures print."""

from __future__ import annotations

import re
from typing import Any

import pytest

from content.contacts import responsible_for
from content.curated import Column, Comparison
from content.model import Contact, ContactUnit, Document, Handbook, Measure, Part
from content.validity import DocumentKind, StatedPeriod


def _entry(handbook: Handbook, office: str, person: str = "") -> Any:
    return next(e for e in handbook.directory() if e.contact.office == office and e.contact.person == person)


def test_the_directory_says_whose_number_it_is(handbook: Handbook) -> None:
    # The issue: "办公室 85678026" — whose?  The city part of the 明白卡 (sjz16-01) prints it.
    office = _entry(handbook, "办公室")
    assert office.contact.phone == "85678026"
    assert office.units == (ContactUnit("市级", "石家庄市", "石家庄市科学技术局（编者推定）"),)
    assert office.unit_text == "市级 石家庄市科学技术局（编者推定）"
    m = handbook.measure("sjz16-01")
    assert office.measure_ids == ("sjz16-01",) and office.titles == (m.display_title,)
    assert office.topics == m.topics
    # a province contact, and one printed only on the document's front page
    assert _entry(handbook, "资源配置管理处", "朱英华").unit_text == "省级 河北省科学技术厅（编者推定）"
    front = _entry(handbook, "长安区科技局", "唐鑫涛")
    assert front.measure_ids == () and front.unit_text == "区县级 石家庄市长安区科学技术局"


def test_every_entry_has_a_unit_and_the_topics_and_titles_of_its_measures(handbook: Handbook) -> None:
    for e in handbook.directory():
        assert e.units and all(u.level and (u.issuer or u.region) for u in e.units), e.key
        ms = [handbook.measure(i) for i in e.measure_ids]
        assert e.titles == tuple(m.display_title for m in ms)
        assert set(e.topics) == {t for m in ms for t in m.topics}
        assert {(u.level, u.region) for u in e.units} >= {(m.level, m.region) for m in ms}


def _all_contacts(handbook: Handbook) -> list[Contact]:
    return [c for m in handbook.measures() for c in m.contacts] + [c for d in handbook.documents for c in d.contacts]


def test_area_code_is_added_only_where_the_content_prints_none(handbook: Handbook) -> None:
    contacts = [c for c in _all_contacts(handbook) if c.phone]
    printed_with = [c for c in contacts if c.phone.startswith("0")]
    printed_without = [c for c in contacts if not c.phone.startswith("0")]
    assert printed_with and printed_without  # both kinds are in the bundled content
    for c in printed_with:  # 0311-85889143, 0316-5212180: shown as printed, nothing added
        assert c.area_code_added == "" and c.phone_dial == c.phone
    for c in printed_without:  # 85678026: the area code is the editor's reading of the region
        assert c.area_code_added == c.area_code and c.area_code in ("0311", "0316")
        assert c.phone_dial == f"{c.area_code}-{re.sub(r'[^0-9]', '', c.phone)}"
        assert c.area_code not in c.phone


@pytest.mark.parametrize(("phone", "area", "added"), [
    ("85678026", "0311", "0311"), ("0311-85678026", "0311", ""), ("85678026", "", ""),
    ("400-123-4567", "0311", ""), ("", "0311", ""), ("5212180", "0316", "0316"),
])
def test_area_code_added(phone: str, area: str, added: str) -> None:
    assert Contact(phone=phone, area_code=area).area_code_added == added


def test_every_comparison_has_one_group_per_column_with_exactly_the_printed_contacts(bundle: Any) -> None:
    hb = bundle.handbook
    assert bundle.comparisons
    for comp in bundle.comparisons:
        groups = bundle.responsible(comp)
        assert [(g.level, g.region) for g in groups] == [(c.level, c.region) for c in comp.columns]
        for col, g in zip(comp.columns, groups, strict=True):
            printed = {c.key: c for mid in col.measures if (m := hb.measure(mid)) for c in m.contacts}
            if printed:  # every contact the column's measures print, once, with the measures printing it
                assert not g.from_document
                assert [r.contact.key for r in g.rows] == list(printed), (comp.id, col.region)
                for r in g.rows:
                    assert r.measure_ids and set(r.measure_ids) <= set(col.measures)
                    assert all(r.contact in hb.measure(i).contacts for i in r.measure_ids)
            elif g.rows:  # otherwise only what a document prints for itself, and it says which
                doc = hb.document(g.from_document)
                assert doc is not None and doc.level == col.level
                assert [r.contact for r in g.rows] == list(doc.contacts)
                assert all(r.measure_ids == () for r in g.rows)


def test_jiebang_names_the_six_province_contacts_of_the_card(bundle: Any) -> None:
    comp = next(c for c in bundle.comparisons if c.id == "jiebang")
    province, city, county, langfang = bundle.responsible(comp)
    assert [r.contact.person for r in province.rows] == ["刘世泽", "庞海慧", "梁炜", "郭玉梅", "张涛", "尹园"]
    assert {r.measure_ids for r in province.rows} == {("hb12-10b",)}
    assert province.unit_text == "河北省科学技术厅（编者推定）"
    assert [(r.contact.office, r.contact.phone) for r in city.rows] == [("发展计划科", "85057594")]
    assert county.rows and county.from_document == "changan-mingbaika"  # the column lists no measure
    assert langfang.from_document == "lf-kjqs" and langfang.rows[0].contact.label == "公开征求意见"


def _tiny() -> Handbook:
    def measure(mid: str, contacts: tuple[Contact, ...] = ()) -> Measure:
        return Measure(id=mid, number="1", title=mid, text="文字。", document_id="d", part_id="p", path=("d",),
                       level="市级", region="甲市", issuer=("甲市科技局",), contacts=contacts)

    zhang = Contact(office="甲科", person="张三", phone="12345678", area_code="0311")
    part = Part(id="p", title="一", document_id="d", path=("d",),
                measures=(measure("m-1", (zhang,)), measure("m-2", (zhang,)), measure("m-3")))
    doc = Document(id="d", title="文件", short_title="", issuer=("甲市科技局",), doc_number="", date="", level="市级",
                   region="甲市", kind=DocumentKind.OFFICIAL, period=StatedPeriod(), source_file="x.txt",
                   parts=(part,))
    return Handbook(documents=(doc,))


def test_a_contact_of_several_measures_is_one_row_and_an_empty_column_stays_empty() -> None:
    hb = _tiny()
    comp = Comparison(id="c", title="t", question="", focus=(), search="", columns=(
        Column(level="市级", region="甲市", measures=("m-1", "m-2")),
        Column(level="区县级", region="乙县", measures=()),
        Column(level="市级", region="甲市", measures=("m-3",)),
        Column(level="省级", region="丙省", measures=("no-such-id",)),
    ))
    city, county, uncontacted, missing = responsible_for(hb, comp)
    assert [(r.contact.person, r.measure_ids) for r in city.rows] == [("张三", ("m-1", "m-2"))]
    assert city.rows[0].unit == ContactUnit("市级", "甲市", "甲市科技局")
    assert county.rows == () and county.from_document == ""
    assert uncontacted.rows == () and missing.rows == ()  # no contact is made up
