"""Generated handbooks for the search benchmark: the real content replicated and varied.

``generate(handbook, measures=N, seed=S)`` returns a :class:`content.model.Handbook` with about
``N`` measures.  Each synthetic document is a copy of a real one under a new id and region; each
measure keeps its real wording but is varied: clauses shuffled, some figures changed, region
names swapped, a clause borrowed from another measure, contacts drawn from a pool of names and
numbers.  The result has the vocabulary, lengths and term frequencies of the real handbook,
without being a pile of identical copies.

Run ``python bench/search_corpus.py 10000`` to print statistics of a generated corpus.
"""

from __future__ import annotations

import dataclasses
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.model import Contact, Document, Handbook, Measure, Part

REGIONS = (
    "石家庄市", "保定市", "唐山市", "邯郸市", "邢台市", "沧州市", "衡水市", "张家口市", "承德市",
    "秦皇岛市", "廊坊市", "雄安新区", "辛集市", "定州市",
)
_REAL_REGIONS = ("石家庄市", "廊坊市", "石家庄", "廊坊")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华鹏飞鑫浩宇晨阳欣怡佳琪子涵梓轩博文思远晓东海燕春梅建国志强"
_CLAUSE = re.compile(r"(?<=[，；。])")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _name(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2))))


def _contact(c: Contact, rnd: random.Random) -> Contact:
    if rnd.random() < 0.5:
        return c
    phone = c.phone
    if phone:
        digits = "".join(rnd.choice("0123456789") for _ in range(7))
        phone = re.sub(r"\d{8}$", "8" + digits, phone)
    return dataclasses.replace(c, person=_name(rnd) if c.person else "", phone=phone)


def _vary_text(text: str, rnd: random.Random, region: str, donors: list[str]) -> str:
    out = text
    if rnd.random() < 0.6:
        clauses = [c for c in _CLAUSE.split(out) if c]
        if len(clauses) > 2:
            head, tail = clauses[0], clauses[1:]
            rnd.shuffle(tail)
            out = head + "".join(tail)
    if rnd.random() < 0.5:
        out = _NUMBER.sub(lambda m: str(max(1, int(float(m.group()) * rnd.choice((1, 1, 2, 3, 5)) // 2)))
                          if rnd.random() < 0.3 else m.group(), out)
    for real in _REAL_REGIONS:
        if real in out and rnd.random() < 0.7:
            out = out.replace(real, region if real.endswith("市") else region.rstrip("市"))
    if donors and rnd.random() < 0.3:
        donor = rnd.choice(donors)
        clauses = [c for c in _CLAUSE.split(donor) if c]
        if clauses:
            out = out + rnd.choice(clauses)
    return out


def _vary_title(title: str, rnd: random.Random, region: str) -> str:
    for real in _REAL_REGIONS:
        if real in title:
            return title.replace(real, region if real.endswith("市") else region.rstrip("市"))
    if rnd.random() < 0.2:
        return title + rnd.choice(("（修订）", "（试行）", "实施细则", "若干措施"))
    return title


class _Cloner:
    def __init__(self, rnd: random.Random, donors: list[str]) -> None:
        self.rnd = rnd
        self.donors = donors

    def measure(self, m: Measure, suffix: str, doc_id: str, path: tuple[str, ...], region: str) -> Measure:
        rnd = self.rnd
        return dataclasses.replace(
            m,
            id=f"{m.id}-{suffix}",
            document_id=doc_id,
            part_id=f"{m.part_id}-{suffix}",
            path=path,
            title=_vary_title(m.title, rnd, region),
            text=_vary_text(m.text, rnd, region, self.donors),
            region=region if m.level != "省级" else m.region,
            contacts=tuple(_contact(c, rnd) for c in m.contacts),
        )

    def part(self, p: Part, suffix: str, doc_id: str, parent_path: tuple[str, ...], region: str) -> Part:
        title = _vary_title(p.title, self.rnd, region)
        path = (*parent_path, title)
        return dataclasses.replace(
            p,
            id=f"{p.id}-{suffix}",
            document_id=doc_id,
            path=path,
            title=title,
            region=region if p.level != "省级" else p.region,
            measures=tuple(self.measure(m, suffix, doc_id, path, region) for m in p.measures),
            parts=tuple(self.part(c, suffix, doc_id, path, region) for c in p.parts),
            tables=(),
        )

    def document(self, d: Document, k: int) -> Document:
        rnd = self.rnd
        region = rnd.choice(REGIONS)
        suffix = f"g{k}"
        doc_id = f"{d.id}-{suffix}"
        title = _vary_title(d.title, rnd, region)
        short = _vary_title(d.short_title, rnd, region)
        return dataclasses.replace(
            d,
            id=doc_id,
            title=title,
            short_title=short,
            region=region if d.level != "省级" else d.region,
            parts=tuple(self.part(p, suffix, doc_id, (short,), region) for p in d.parts),
            tables=(),
        )


def generate(real: Handbook, *, measures: int, seed: int = 20240601) -> Handbook:
    """A handbook of about ``measures`` measures made from ``real`` (see the module docstring)."""
    rnd = random.Random(seed)
    donors = [m.text for m in real.measures()]
    cloner = _Cloner(rnd, donors)
    docs: list[Document] = []
    count = 0
    k = 0
    sources = [d for d in real.documents if any(True for _ in d.all_measures())]
    while count < measures:
        src = sources[k % len(sources)]
        doc = cloner.document(src, k)
        docs.append(doc)
        count += sum(1 for _ in doc.all_measures())
        k += 1
    fixed = docs  # statuses are computed from the printed dates (content.validity), not stored
    return Handbook(documents=tuple(fixed), content_date=real.content_date)


def main() -> int:
    from content.loader import load_handbook

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    hb = generate(load_handbook(), measures=n)
    ms = hb.measures()
    print(f"{len(hb.documents)} documents, {len(ms)} measures, {sum(len(m.text) for m in ms)} characters of text")
    for m in ms[:3]:
        print(m.id, m.title, m.text[:80])
    return 0


if __name__ == "__main__":
    sys.exit(main())
