"""Loader and validation: precise errors for malformed files, and one broken file never blocks the rest."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from content.loader import CONTENT_DIR, ContentLoadError, load_handbook, parse_yaml
from content.model import Handbook

GOOD = textwrap.dedent(
    """\
    id: demo-doc
    title: 示例文件
    issuer: [石家庄市科学技术局]
    doc_number: 石科规〔2023〕2号
    date: 2023-08
    level: 市级
    region: 石家庄市
    kind: 正式文件
    period: {start: 2023, end: 2025, wording: （2023—2025年）}
    source_file: demo.txt
    parts:
      - id: demo-p1
        title: 一、示例
        measures:
          - id: demo-01
            number: "01"
            title: 示例措施
            text: |
              对新认定的高新技术企业每家给予10万元的奖励性补助。
            topics: [资金奖补, 企业培育]
            beneficiaries: [高新技术企业]
            contacts:
              - office: 高新技术科
                phone: "85671296"
              - person: 张涛
                phone: 0311-86252722
                email: ZHANGT@HEBKJT.CN
          - id: demo-02
            number: "02"
            title: 第二项
            text: 第二项的正文。
            topics: [人才]
            contacts:
              - person: 张涛
                phone: 0311-86252722
                email: zhangt@hebkjt.cn
    """
)


def _write(d: Path, name: str, text: str | bytes) -> Path:
    p = d / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def _load(tmp_path: Path, **files: str | bytes) -> Handbook:
    for name, text in files.items():
        _write(tmp_path, name, text)
    return load_handbook(tmp_path)


def test_good_file_loads_with_inheritance_and_normalised_contacts(tmp_path: Path) -> None:
    hb = _load(tmp_path, **{"demo.yaml": GOOD})
    assert hb.errors == ()
    m = hb.measure("demo-01")
    assert m is not None
    assert m.number == "01"  # stays text, not the integer 1
    assert (m.level, m.region, m.document_id, m.part_id) == ("市级", "石家庄市", "demo-doc", "demo-p1")
    assert m.issuer_text == "石家庄市科学技术局"  # inherited once, by the loader
    assert m.path == ("示例文件", "一、示例")
    office = m.contacts[0]
    assert office.phone == "85671296"
    assert office.phone_normalized == "031185671296"
    assert hb.document("demo-doc").period.label() == "2023—2025年"  # type: ignore[union-attr]


def test_directory_merges_the_same_person_across_measures(tmp_path: Path) -> None:
    hb = _load(tmp_path, **{"demo.yaml": GOOD})
    entries = {e.contact.person or e.contact.office: e for e in hb.directory()}
    zt = entries["张涛"]
    assert zt.measure_ids == ("demo-01", "demo-02")
    assert {v.email for v in zt.variants} == {"ZHANGT@HEBKJT.CN", "zhangt@hebkjt.cn"}


@pytest.mark.parametrize(
    ("mutation", "field", "line", "fragment"),
    [
        (("        title: 示例措施\n", ""), "title", 15, "缺少必填字段“title”"),
        (("topics: [资金奖补, 企业培育]", "topics: [资金]"), "topics", 20, "“资金”不在专题词表中"),
        (("beneficiaries: [高新技术企业]", "beneficiaries: [外星人]"), "beneficiaries", 21, "不在适用对象词表中"),
        (("level: 市级", "level: 市"), "level", 6, "层级“市”不在词表中"),
        (("kind: 正式文件", "kind: 有效"), "kind", 8, "文件类型“有效”不在词表中"),
        (("kind: 正式文件", "status: 现行"), "status", 8, "“status”不再手工填写"),
        (("id: demo-02", "id: demo-01"), "id", 28, "编号“demo-01”重复"),
        (("id: demo-02", "id: Demo_02"), "id", 28, "小写字母"),
        (("email: ZHANGT@HEBKJT.CN", "email: ZHANGT.HEBKJT.CN"), "email", 27, "不是邮箱地址"),
        (("date: 2023-08", "date: 2023年8月"), "date", 5, "YYYY、YYYY-MM 或 YYYY-MM-DD"),
        (("period: {start: 2023, end: 2025, wording: （2023—2025年）}",
          "period: {start: 2025, end: 2023, wording: （2023—2025年）}"), "period", 9, "起始年份（2025）晚于"),
        (("period: {start: 2023, end: 2025, wording: （2023—2025年）}", "period: {start: 2023, end: 2025}"),
         "wording", 9, "缺少必填字段“wording”"),
        (("        topics: [资金奖补, 企业培育]\n",
          "        deadline: {date: 2022-06, wording: 2022年6月底前}\n        topics: [资金奖补, 企业培育]\n"),
         "wording", 20, "期限原文“2022年6月底前”不在本条正文中"),
        (("        topics: [资金奖补, 企业培育]\n",
          "        deadline: {date: 2022-13, wording: 对新认定}\n        topics: [资金奖补, 企业培育]\n"),
         "date", 20, "日期“2022-13”不存在"),
        (("        topics: [资金奖补, 企业培育]\n",
          "        cited_period: {end: 2025, wording: “十四五”期间}\n        topics: [资金奖补, 企业培育]\n"),
         "wording", 20, "不在本条正文或所引文件名中"),
        (("number: \"01\"", "number: \"01\"\n        colour: red"), "colour", 17, "未知字段“colour”"),
    ],
)
def test_invalid_fields_are_reported_with_file_line_and_field(
    tmp_path: Path, mutation: tuple[str, str], field: str, line: int, fragment: str
) -> None:
    old, new = mutation
    assert old in GOOD
    hb = _load(tmp_path, **{"demo.yaml": GOOD.replace(old, new, 1)})
    matches = [e for e in hb.errors if e.field == field and fragment in e.message]
    assert matches, [str(e) for e in hb.errors]
    assert matches[0].file == "demo.yaml"
    assert matches[0].line == line
    assert str(matches[0]).startswith(f"demo.yaml:{line}:")


def test_an_invalid_measure_is_skipped_alone(tmp_path: Path) -> None:
    hb = _load(tmp_path, **{"demo.yaml": GOOD.replace("topics: [人才]", "topics: [不存在]")})
    assert hb.measure("demo-01") is not None
    assert hb.measure("demo-02") is None
    assert len(hb.errors) == 1


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("id: x\ntitle: [unclosed\n", "YAML 格式错误"),
        (b"id: x\ntitle: \xb2\xe2\xca\xd4\n", "不是 UTF-8"),  # GBK bytes for 测试
        ("", "文件是空的"),
        ("- just\n- a list\n", "YAML 映射"),
        ("id: x\nid: y\n", "出现了两次"),
    ],
)
def test_a_broken_file_is_reported_and_the_others_still_load(
    tmp_path: Path, content: str | bytes, fragment: str
) -> None:
    hb = _load(tmp_path, **{"a-broken.yaml": content, "demo.yaml": GOOD})
    assert hb.measure("demo-01") is not None
    assert any(e.file == "a-broken.yaml" and fragment in e.message for e in hb.errors), [str(e) for e in hb.errors]


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    bad = GOOD.replace("title: 第二项", "title: 第二项: [")
    hb = _load(tmp_path, **{"demo.yaml": bad})
    errs = [e for e in hb.errors if "YAML 格式错误" in e.message]
    assert errs and errs[0].line >= 30


def test_missing_content_dir_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ContentLoadError, match="找不到内容目录"):
        load_handbook(tmp_path / "nope")


def test_files_starting_with_underscore_are_not_documents(tmp_path: Path) -> None:
    hb = _load(tmp_path, **{"_manifest.yaml": "content_date: 2026-11-23\n", "demo.yaml": GOOD})
    assert hb.errors == ()
    assert hb.content_date == "2026-11-23"
    assert [d.id for d in hb.documents] == ["demo-doc"]


def test_parse_yaml_keeps_numbers_as_text_and_lines() -> None:
    data = parse_yaml("a: 01\nb:\n  - x\n  - 2023-08-01\n")
    assert data == {"a": "01", "b": ["x", "2023-08-01"]}
    assert data.lines == {"a": 1, "b": 2}
    assert data["b"].lines == [3, 4]


def test_bundled_content_copy_with_one_file_broken_still_loads_the_others(tmp_path: Path) -> None:
    dst = tmp_path / "data"
    shutil.copytree(CONTENT_DIR, dst)
    files = sorted(p for p in dst.glob("*.yaml") if not p.name.startswith("_"))
    if len(files) < 2:
        pytest.fail("the bundled content should have several documents")
    files[0].write_text("id: [broken\n", encoding="utf-8")
    hb = load_handbook(dst)
    assert any(e.file == files[0].name for e in hb.errors)
    assert len(hb.documents) == len(files) - 1


def test_manifest_orders_documents(tmp_path: Path) -> None:
    second = GOOD.replace("demo-", "zzz-").replace("id: demo-doc", "id: zzz-doc")
    hb = _load(tmp_path, **{"a.yaml": GOOD, "b.yaml": second,
                            "_manifest.yaml": "documents: [zzz-doc, demo-doc]\n"})
    assert hb.errors == ()
    assert [d.id for d in hb.documents] == ["zzz-doc", "demo-doc"]


def test_bad_manifest_is_reported(tmp_path: Path) -> None:
    hb = _load(tmp_path, **{"demo.yaml": GOOD, "_manifest.yaml": "documents: 5\n"})
    assert any(e.file == "_manifest.yaml" and e.field == "documents" for e in hb.errors)
    assert hb.measure("demo-01") is not None
