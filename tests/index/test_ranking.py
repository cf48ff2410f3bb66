"""Ranking on realistic queries: the measure that answers each query is among the first three.

Every expected id was chosen by reading the measure's text (``main.py show ID``), not from the
engine's output.  Rows whose measure is not in the loaded content are skipped, so the table holds
while content files are being added.
"""

from __future__ import annotations

import pytest

# (query, measure that answers it) — the comment says why.
TABLE: list[tuple[str, str]] = [
    ("技术攻关类 揭榜挂帅", "zb-01-01"),  # 技术攻关类“揭榜挂帅”项目各级财政联合补助
    ("加计扣除 什么时候申报", "zb-11-1-04"),  # 可在7月份预缴、10月份预缴…时申报享受
    ("我们公司想了解研发费用加计扣除什么时候申报", "zb-11-1-04"),  # a whole question
    ("高企有什么奖励?", "zb-05-01"),  # 首次认定的高新技术企业每家10万元后补助
    ("创新券找谁？", "hb12-09"),  # 扩大省级科技创新券使用, contact 朱英华
    ("科技型中小企业贷款贴息", "zb-05-06"),  # 科技型中小企业贷款利息…50%予以补助
    ("贴息", "zb-05-06"),
    ("科小 创新券", "zb-05-10"),  # 科技型中小企业每年的创新券累计申领额度
    ("院士工作站", "zb-08-06"),  # 院士工作站奖励
    ("孵化器 奖励", "zb-06-04"),  # 新认定孵化器奖励和孵化器运营绩效奖励
    ("众创空间 绩效", "zb-06-03"),  # 孵化器和众创空间绩效评价及绩效补助
    ("科技特派员 补助", "zb-07-01"),  # 科技特派员资金补助标准
    ("专精特新 小巨人", "zb-07-03"),  # 专精特新“小巨人”企业科技特派团工作补助
    ("离岗创业", "zb-08-04"),  # 科研人员离岗在冀创办企业
    ("个人所得税减半", "zb-08-03"),
    ("年薪制", "zb-08-01"),  # 项目负责人…年薪制
    ("博士后", "zb-08-12"),  # 博士后研究人员日常经费
    ("间接经费", "zb-09-02"),  # 提高间接经费比例
    ("技术合同 登记", "zb-04-03"),  # 技术合同认定登记机构补助
    ("技术经纪", "zb-04-04"),  # 建立完善技术经纪服务激励机制
    ("挂牌上市奖励", "zb-05-05"),  # 成功挂牌上市的企业给予30—200万元的奖励
    ("县域科技创新跃升奖励", "zb-10-01"),
    ("jbgs", "sjz16-03"),  # pinyin initials of 揭榜挂帅 (title 加快实施“揭榜挂帅”制科技项目)
    ("zhangtao", "hb12-03"),  # full pinyin of the contact 张涛
    ("张涛", "hb12-03"),
    ("0311-85889143", "hb12-05"),  # 朱英华's number (first of the four items with it)
    ("85813876", "hb12-01"),  # 穆丽欣, printed 0311-85813876
    ("SHITZ@HEBKJT.CN", "hb12-02a"),  # 石铁铸's e-mail
    ("国家级创新平台 1000万元", "zb-02-01"),  # 获得国家认定后给予1000万元奖励
    ("４亿元", "hb12-01"),  # full-width: 下拨4亿元省级财政科技资金
    ("京津冀 成果转化", "sjz16-13"),  # 推进京津冀协同创新发展，促进科技成果转化落地
    ("研发加计 应享尽享", "sjz16-04"),  # 研发费用加计扣除政策应享尽享
    ("双创 示范基地", "zb-03-03"),  # “双创”示范基地公共服务平台支持
    ("中试熟化基地", "lf-18"),
    ("北三县 通州", "lf-25"),
    ("科学家精神", "lf-37"),
    ("京南 示范区", "lf-22"),  # 加快建设京南科技成果转移转化示范区
    ("引进京津科技企业", "gxq-2-3"),
    ("创业风险投资引导基金", "gxq-5-4"),
    ("科普", "xy-5-22"),  # 优化科普内容，提高科普服务经济发展能力
    ("创新型乡镇", "xy-5-19"),
    ("失败的研发活动", "zb-11-4-02"),
    ("亏损企业 加计扣除", "zb-11-4-03"),
    ("折旧费用", "zb-11-3-03"),
    ("委托研发", "zb-11-1-02"),  # 委托、合作、集中研发费用的加计扣除 (words not adjacent)
    ("shitiezhu", "hb12-02a"),  # pinyin of 石铁铸
    ("赵世中", "hb12-12"),
    ("qyxc@hebkjt.cn", "hb12-10a"),  # 区域创新处 白双艳
    ("新型研发机构 股权投资", "hb12-07"),
    ("银行 授信", "hb12-04"),  # 6家银行…授信额度不低于100亿元
]


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 30
    assert len({q for q, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[q for q, _ in TABLE])
def test_expected_measure_in_top_three(engine, handbook, query: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    if handbook.measure(expected) is None:
        pytest.skip(f"{expected} is not in the loaded content yet")
    result = engine.search(query, limit=10)
    top = [h.id for h in (*result.hits, *result.related)[:3]]  # as the window shows them
    assert expected in top, f"{query!r}: expected {expected} in the top 3, got {top}"


def test_whole_term_above_scattered(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    ids = [h.id for h in tiny_engine.search("科技 贷款").hits]
    assert ids[:2] == ["t-12", "t-13"]  # 科技贷款 as one string first


def test_current_above_expired(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    ids = [h.id for h in tiny_engine.search("专项资金").hits]
    assert ids.index("t-14") < ids.index("t-15")  # same wording; t-15 期限已过


def test_title_above_body(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    ids = [h.id for h in tiny_engine.search("高新技术企业").hits]
    assert ids[0] == "t-6" and "t-16" in ids


def test_measures_above_parts_and_documents(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    hits = tiny_engine.search("测试章").hits
    kinds = [h.kind for h in hits]
    assert hits[0].id == "t-17" and hits[0].kind == "measure"
    assert "part" in kinds and kinds.index("part") > 0


def test_question_falls_back_to_its_parts(engine, handbook) -> None:  # type: ignore[no-untyped-def]
    if handbook.measure("zb-11-1-04") is None:
        pytest.skip("摘编 not loaded")
    r = engine.search("我们公司想了解研发费用加计扣除什么时候申报")
    assert r.total > 0
    assert "研发费用加计扣除" in r.terms
    assert any("加计扣除" in h.title for h in r.hits[:3])


def test_or_fallback_when_no_item_has_every_word(engine, handbook) -> None:  # type: ignore[no-untyped-def]
    if handbook.measure("lf-25") is None or handbook.measure("zb-08-04") is None:
        pytest.skip("content not loaded")
    r = engine.search("北三县 离岗创业")  # no measure mentions both
    assert r.fallback_or and r.total == 0 and not r.hits
    ids = {h.id for h in r.related}
    assert {"lf-25", "zb-08-04"} <= ids
    assert r.related_query == "北三县 离岗创业"
