"""Faithfulness: every piece of official wording in the content equals the source documents after
layout normalisation only, and nothing of a source document is lost.

The sources are kept byte for byte in ``content/sources/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from content.fidelity import missing_lines, unfaithful_pieces
from content.model import Document, Handbook
from content.normalize import squash

SOURCES = Path(__file__).resolve().parents[2] / "content" / "sources"

# What the handbook deliberately leaves out of each source, and why (boilerplate, not policy).
OMITTED: dict[str, list[str]] = {
    "003_e927b0ffb70c5912.txt": [
        # the download site's notices at the top and its links at the bottom
        "1.1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑、内容补充、找答案等附加服务。",
        "2.2、\"仅部分预览\"的文档,不可在线预览部分如存在完整性等问题,可反馈申请退款(可完整预览的文档不适用该条件!)。",
        "3.3、如文档侵犯您的权益,请联系客服反馈,我们会尽快为您处理(人工客服工作时间:9:00-18:30)。",
        "相关文档",
        "最新文档",
    ],
    "002_ab7bf7dab736abcf.txt": [
        # the table of contents (chapter titles are content; the TOC with page numbers is not)
        "目录",
        # the back cover
        "石家庄科技",
        "科技政策一点通",
    ],
    "000_c0b84344fab0dd26.txt": [
        # the card's block labels, printed before every province item's text and contacts
        "政/策/内/容",
        "联/系/人/及/联/系/方/式",
    ],
}


def _seed(doc: Document) -> str:
    return (SOURCES / doc.source_file).read_text(encoding="utf-8")


def test_every_seed_has_a_document(handbook: Handbook) -> None:
    covered = {d.source_file for d in handbook.documents}
    seeds = {p.name for p in SOURCES.glob("*.txt")}
    assert seeds == covered, f"seeds without a document: {seeds - covered}"


def test_bundled_content_is_clean(handbook: Handbook) -> None:
    assert handbook.errors == (), "\n".join(str(e) for e in handbook.errors)


SEED_FILES = sorted(p.name for p in SOURCES.glob("*.txt"))


def _doc_for(handbook: Handbook, source_file: str) -> Document:
    docs = [d for d in handbook.documents if d.source_file == source_file]
    assert docs, f"no document has source_file {source_file}"
    return docs[0]


@pytest.mark.parametrize("source_file", SEED_FILES)
def test_official_wording_equals_the_seed(handbook: Handbook, source_file: str) -> None:
    doc = _doc_for(handbook, source_file)
    bad = unfaithful_pieces(doc, _seed(doc))
    assert not bad, "not in the seed after layout normalisation:\n" + "\n".join(bad)


@pytest.mark.parametrize("source_file", SEED_FILES)
def test_nothing_of_a_seed_is_lost(handbook: Handbook, source_file: str) -> None:
    """Every line of the seed (but declared boilerplate and layout) appears in the content."""
    doc = _doc_for(handbook, source_file)
    missing = [f"{source_file}: {cell[:70]!r}" for cell in
               missing_lines(doc, _seed(doc), OMITTED.get(source_file, []))]
    assert not missing, f"{len(missing)} seed line(s) not in the content:\n" + "\n".join(missing[:40])


@pytest.mark.parametrize("source_file", SEED_FILES)
def test_seed_files_are_unchanged_utf8(source_file: str) -> None:
    text = (SOURCES / source_file).read_text(encoding="utf-8")
    assert len(text) > 1000


# ---------------------------------------------------------------------------------------------
# Validity facts are printed facts: periods on the line they cite, issuers as printed unless marked
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_id", ["changan-mingbaika", "sjz-zhaibian-2023", "sjz-xianyu-yuesheng",
                                    "sjz-gxq-jingnan", "lf-kjqs"])
def test_periods_and_issuers_are_printed(handbook: Handbook, doc_id: str) -> None:
    doc = handbook.document(doc_id)
    assert doc is not None
    raw = (SOURCES / doc.source_file).read_text(encoding="utf-8")
    flat = squash(raw)
    if doc.period:
        assert doc.period.line, "a stated period names the source line it is printed on"
        assert squash(doc.period.wording) in squash(raw.splitlines()[doc.period.line - 1])
    if not doc.issuer_editorial:
        assert all(squash(name) in flat for name in doc.issuer), doc.issuer
    for p in doc.all_parts():
        if p.issuer and not p.issuer_editorial:
            assert all(squash(name) in flat for name in p.issuer), (p.id, p.issuer)
    for m in doc.all_measures():
        if m.deadline is not None:
            assert m.deadline.wording in m.text and squash(m.deadline.wording) in flat, m.id
        if m.cited_period is not None:
            assert squash(m.cited_period.wording) in squash(m.text + (m.source.title if m.source else "")), m.id
