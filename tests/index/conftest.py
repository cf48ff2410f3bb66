"""Fixtures for the search index tests: an engine over the bundled content, and a tiny handbook."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from content.model import Contact, Document, Handbook, Measure, Part, SourceRef
from content.validity import Deadline, DocumentKind, StatedPeriod


@pytest.fixture(scope="session")
def index_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("search-index")


@pytest.fixture(scope="session")
def engine(handbook, index_root: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A search engine over the bundled content (built once per test session)."""
    from index import open_engine

    eng = open_engine(handbook, index_root / "bundled")
    yield eng
    eng.close()


def _measure(mid: str, title: str, text: str, *, part: str = "p1", doc: str = "tiny", level: str = "市级",
             region: str = "石家庄市", ended: str = "", topics: tuple[str, ...] = (),
             contacts: tuple[Contact, ...] = (), notes: tuple[str, ...] = (),
             path: tuple[str, ...] = ("小手册", "一、测试章")) -> Measure:
    return Measure(
        id=mid, number=mid.rsplit("-", 1)[-1], title=title, text=text, document_id=doc, part_id=part, path=path,
        level=level, region=region, topics=topics, contacts=contacts, notes=notes,
        source=SourceRef("测试文件", "测试〔2024〕1号"),
        deadline=Deadline(date="2020", wording=ended) if ended else None,
    )


def tiny_handbook(extra_text: str = "") -> Handbook:
    """A handbook with texts chosen for exact normalisation and ranking checks."""
    m = [
        _measure("t-1", "资金上限", "单个项目最高不超过1000万元，分期拨付。"),
        _measure("t-2", "省级配套", "省级配套最高 1000 万，按年度下达。"),
        _measure("t-3", "全角数字", "给予不超过５００万元的后补助，ＡＢＣ公司优先。"),
        _measure("t-4", "联系电话", "具体事宜请咨询科技局。", contacts=(
            Contact(office="资源配置管理处", person="朱英华", phone="0311-85889143", email="ZHUYH@HEBKJT.CN",
                    area_code="0311"),)),
        _measure("t-5", "本地号码", "咨询电话见下。", contacts=(
            Contact(office="长安区科技局", person="唐鑫涛", phone="85996768", area_code="0311"),)),
        _measure("t-6", "高新技术企业认定奖励", "对首次认定的高新技术企业给予奖励。", topics=("企业培育",)),
        _measure("t-7", "科技型中小企业评价", "科技型中小企业入库评价。", topics=("企业培育",)),
        _measure("t-8", "揭榜挂帅项目", "以“揭榜挂帅”方式组织实施。" + extra_text, topics=("项目攻关",)),
        _measure("t-9", "过期政策", "本条揭榜挂帅政策已经到期。", ended="已经到期", level="省级", region="河北省"),
        _measure("t-10", "曾经的联系人", "详见联系人。", contacts=(Contact(office="办公室", person="曾庆华"),)),
        _measure("t-11", "乐亭县产业", "支持乐亭县建设示范基地。"),
        _measure("t-12", "贷款支持", "支持科技贷款业务发展。"),
        _measure("t-13", "其他支持", "科技企业可以申请贷款。"),
        _measure("t-14", "专项资金甲", "设立专项资金予以支持。"),
        _measure("t-15", "专项资金乙", "设立专项资金予以支持。", ended="设立专项资金"),
        _measure("t-16", "其他奖励", "高新技术企业可以申请。"),
        _measure("t-17", "测试章说明", "说明。"),
    ]
    part = Part(id="p1", title="一、测试章", document_id="tiny", path=("小手册", "一、测试章"), measures=tuple(m))
    doc = Document(
        id="tiny", title="测试用小手册", short_title="小手册", issuer=("测试局",), doc_number="", date="2024",
        level="市级", region="石家庄市", kind=DocumentKind.OFFICIAL, period=StatedPeriod(), source_file="none.txt",
        parts=(part,),
    )
    return Handbook(documents=(doc,))


@pytest.fixture(scope="session")
def tiny_engine(index_root: Path) -> Iterator[object]:
    from index import open_engine

    eng = open_engine(tiny_handbook(), index_root / "tiny")
    yield eng
    eng.close()
