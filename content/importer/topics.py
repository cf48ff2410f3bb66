"""A first guess of a measure's topics and beneficiaries from the vocabulary (the editor confirms it)."""

from __future__ import annotations

from content.loader import Vocabulary

# Words that point to a topic of vocabulary.yaml; a guess, never a decision.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "资金奖补": ("奖励", "补助", "补贴", "资助", "奖补", "资金支持", "经费支持", "专项资金"),
    "税收优惠": ("税", "加计扣除", "减免"),
    "科技金融": ("贷款", "信贷", "银行", "基金", "融资", "授信", "保险", "担保", "股权投资", "上市"),
    "人才": ("人才", "院士", "博士", "专家", "引才", "科研人员"),
    "平台载体": ("实验室", "技术创新中心", "研究院", "研发平台", "创新平台", "工程研究中心", "研发机构"),
    "成果转化": ("成果转化", "技术转移", "技术合同", "科技成果", "转让", "中试"),
    "企业培育": ("高新技术企业", "科技型中小企业", "领军企业", "专精特新", "培育"),
    "孵化载体": ("孵化", "众创空间", "星创天地", "加速器"),
    "农业与科技特派员": ("特派员", "特派团", "农业", "农村", "乡镇", "农民"),
    "县域创新": ("县域", "县（市、区）"),
    "放管服": ("放管服", "简化", "审批", "赋权", "自主权", "改革"),
    "项目攻关": ("攻关", "揭榜挂帅", "重大专项", "关键核心技术", "重点研发"),
    "京津冀协同": ("京津", "北京", "雄安", "协同"),
    "科技服务": ("科技服务", "科普", "宣讲", "对接", "服务体系", "服务机构"),
    "组织保障": ("领导小组", "组织领导", "督导", "考核", "责任", "工作机制"),
}
BENEFICIARY_WORDS: dict[str, tuple[str, ...]] = {
    "高新技术企业": ("高新技术企业",),
    "科技型中小企业": ("科技型中小企业",),
    "科技领军企业": ("领军企业",),
    "中小微企业": ("中小微企业", "小微企业", "中小企业"),
    "高校院所": ("高校", "高等学校", "高等院校", "科研院所", "院所", "科研机构"),
    "科研人员": ("科研人员", "科技人员"),
    "人才": ("人才",),
    "孵化载体": ("孵化器", "众创空间", "孵化平台", "星创天地"),
    "创新平台": ("实验室", "技术创新中心", "研究院", "研发平台", "创新平台"),
    "技术转移机构": ("技术转移机构", "技术经纪", "技术转移服务机构"),
    "投资机构": ("投资机构", "创业投资", "天使投资"),
    "县(市、区)": ("县（市、区）", "县域", "各县"),
    "园区": ("园区", "开发区", "高新区"),
    "政府部门": ("各部门", "部门", "政府", "领导小组"),
    "企业": ("企业",),
}


def guess(text: str, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """Up to three topics and three beneficiaries, most mentioned first, all from ``vocab``.

    >>> from content.loader import load_vocabulary
    >>> guess("对新认定的高新技术企业给予10万元奖励。", load_vocabulary())
    (['资金奖补', '企业培育'], ['高新技术企业', '企业'])
    """
    return (_rank(text, TOPIC_WORDS, vocab.topics) or [vocab.topics[-1]],
            _rank(text, BENEFICIARY_WORDS, vocab.beneficiaries))


def _rank(text: str, table: dict[str, tuple[str, ...]], allowed: tuple[str, ...]) -> list[str]:
    scores = {k: sum(text.count(w) for w in words) for k, words in table.items() if k in allowed}
    order = list(table)
    best = sorted((k for k, v in scores.items() if v > 0), key=lambda k: (-scores[k], order.index(k)))
    return best[:3]
