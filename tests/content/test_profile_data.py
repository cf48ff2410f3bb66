"""我的企业's data files and profile files: every bad input is one clear sentence with its line."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from content.profile import Profile, check_profile_data, load_schema
from content.profile.io import (
    ProfileFileError,
    example_text,
    profile_from_mapping,
    profile_to_text,
    read_profile,
)
from content.profile.schema import ProfileSchema, load_conditions, load_regions


def _schema_with_conditions(tmp_path: Path, text: str) -> ProfileSchema:
    d = tmp_path / "conditions"
    d.mkdir()
    (d / "x.yaml").write_text(text, encoding="utf-8")
    base = load_schema()
    rules, defaults, problems = load_conditions(d)
    return ProfileSchema(groups=base.groups, fields=base.fields, beneficiaries=base.beneficiaries,
                         regions=base.regions, rules=rules, defaults=defaults, calculators=base.calculators,
                         problems=tuple(problems))


def test_bad_conditions_are_named_with_file_and_line(tmp_path: Path, handbook, bundle) -> None:  # type: ignore[no-untyped-def]
    schema = _schema_with_conditions(tmp_path, """document: changan-mingbaika
measures:
  changan-1-2:
    conditions:
      - field: high_tech
        in: [brand_new]
        text: 首次认定
        quote: 区级财政对首次认定的高新技术企业每家奖励补助50万元
  nope-1:
    ask:
      - {text: x, quote: y}
  changan-1-1:
    colour: red
""")
    problems = [str(p) for p in check_profile_data(schema, handbook, bundle.calculators)]
    joined = "\n".join(problems)
    assert "x.yaml:5" in joined and "brand_new" in joined
    assert "不是原文" in joined  # 50万元 is not what the card prints (5万元)
    assert "nope-1" in joined and "不存在" in joined
    assert "colour" in joined


def test_yaml_error_in_a_conditions_file_is_reported(tmp_path: Path) -> None:
    d = tmp_path / "c"
    d.mkdir()
    (d / "broken.yaml").write_text("document: x\nmeasures:\n  a: [\n", encoding="utf-8")
    _, _, problems = load_conditions(d)
    assert problems and problems[0].file == "broken.yaml" and problems[0].line >= 1


def test_region_table_refuses_a_fifth_level(tmp_path: Path) -> None:
    f = tmp_path / "regions.yaml"
    f.write_text("regions:\n  - name: 全国\n    children:\n      - name: 甲\n        children:\n"
                 "          - name: 乙\n            children:\n              - name: 丙\n                children:\n"
                 "                  - name: 丁\n", encoding="utf-8")
    _, problems = load_regions(f)
    assert any("丁" in p.message for p in problems)


def test_example_file_is_a_valid_profile(tmp_path: Path) -> None:
    schema = load_schema()
    f = tmp_path / "example.yaml"
    f.write_text(example_text(schema), encoding="utf-8")
    p = read_profile(f, schema)
    assert p.get("county") == "长安区"
    assert p.get("high_tech") == "new"
    assert p.get("loan_interest") == Decimal(300000)
    # every field is in the example, with its question
    text = example_text(schema)
    for field in schema.fields:
        assert f"\n{field.id}:" in text and field.question in text


@pytest.mark.parametrize(("body", "words"), [
    ("loan_interest: -3万\n", "负数"),
    ("high_tech: 也许\n", "不是可选的值"),
    ("颜色: 红\n", "不认识的项"),
    ("- a\n- b\n", "项: 值"),
    ("high_tech: [\n", "格式不对"),
    ("a: &x 1\nb: *x\n", ""),
])
def test_bad_profile_files_say_what_and_where(tmp_path: Path, body: str, words: str) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(ProfileFileError) as info:
        read_profile(f, load_schema())
    assert str(f) in str(info.value)
    assert words in str(info.value)


def test_profile_file_that_is_not_a_file(tmp_path: Path) -> None:
    schema = load_schema()
    with pytest.raises(ProfileFileError, match="找不到"):
        read_profile(tmp_path / "none.yaml", schema)
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("high_tech: 是\n".encode("gbk"))
    with pytest.raises(ProfileFileError, match="UTF-8"):
        read_profile(gbk, schema)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ProfileFileError):
        read_profile(fifo, schema)  # refused at once, never blocks
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ProfileFileError):
        read_profile(link, schema)


def test_labels_and_values_are_both_accepted() -> None:
    schema = load_schema()
    a = profile_from_mapping(schema, {"高新技术企业": "今年首次认定", "规上/规下": "规下", "首次获得贷款": "是",
                                      "贷款利息": "３０万元", "county": "长安"})
    b = profile_from_mapping(schema, {"high_tech": "new", "scale": "below", "first_loan": True,
                                      "loan_interest": 300000, "county": "长安"})
    assert a == b
    assert a.get("loan_interest") == Decimal(300000)


def test_saved_text_reads_back(tmp_path: Path) -> None:
    schema = load_schema()
    p = Profile({"county": "正定县", "sme": "new", "rd_increase": Decimal("1234567.89"), "investor": False},
                name="某某：公司 #1")
    f = tmp_path / "s.yaml"
    f.write_text(profile_to_text(schema, p), encoding="utf-8")
    assert read_profile(f, schema) == p
