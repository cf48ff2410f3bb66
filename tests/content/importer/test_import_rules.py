"""The importer's rules on small inputs, its messages for bad input, and TODO notes in `check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from content.importer.extract import Extracted, SourceError, extract
from content.importer.layout import paragraphs
from content.importer.pipeline import build_draft, import_file
from content.loader import load_handbook, load_vocabulary

ROOT = Path(__file__).resolve().parents[3]
DOC = """石家庄市科学技术局
石科字〔2024〕3号
关于印发《某某科技企业支持办法（2024—2026年）》的通知
各县（市、区）科技局：
现将《某某科技企业支持办法（2024—2026年）》印发给你们，请认真贯彻落实。
石家庄市科学技术局
2024年5月6日
某某科技企业支持办法（2024—2026年）
一、支持对象
在本市注册的科技型中小企业。
二、支持内容
（一）研发补助。对研发投入新增部分给予10%补助，最高100万元。（资源配置科 张三 电话：0311-12345678）
（二）认定奖励。对新认定的高新技术企业给予20万元奖励，补助资金于认定后拨
付。
（三）以下费用可以列支：
1. 人员费用；
2. 设备费用。
三、附则
本办法自印发之日起施行。
"""


def _draft(text: str):  # type: ignore[no-untyped-def]
    return build_draft(Extracted(text.splitlines(), "txt"), source_file="x.txt", vocab=load_vocabulary())


def test_a_small_document() -> None:
    d = _draft(DOC)
    assert d.title == "某某科技企业支持办法（2024—2026年）"
    assert d.doc_number == "石科字〔2024〕3号"
    assert d.issuer == ["石家庄市科学技术局"]
    assert (d.date, d.period, d.level, d.region) == ("2024-05-06", (2024, 2026), "市级", "石家庄市")
    titles = [p.title for p in d.parts]
    assert titles == ["一、支持对象", "二、支持内容", "三、附则"]
    ms = d.parts[1].measures
    assert [m.number for m in ms] == ["（一）", "（二）", "（三）"]
    assert ms[0].title == "研发补助"
    assert ms[0].amounts == ["10%", "100万元"]
    assert ms[0].contacts == [{"phone": "0311-12345678"}] or ms[0].contacts[0]["phone"] == "0311-12345678"
    assert ms[1].text == ["（二）认定奖励。对新认定的高新技术企业给予20万元奖励，补助资金于认定后拨付。"]  # joined
    assert len(ms[2].text) == 3  # the enumeration stays in its item
    assert d.parts[0].measures[0].title == "支持对象"


@pytest.mark.parametrize(("lines", "expected"), [
    (["激发全社会创新创业活", "力，推动大众创业。"], 2),  # short: a heading, not a broken line
    (["为推动县域科技创新，激发全社会创新创业活", "力，推动大众创业。"], 1),
    (["一、指导思想", "深入贯彻落实。"], 2),
    (["2. 委托、合作、集中研发费用的加计扣除：", "（1）企业委托境内的外部机构。"], 2),
    (["附件：《关于加快“科技强市”建设的实施意见（征求意见稿）》", "廊坊市科学技术局", "2023年4月28日"], 3),
    (["目 录", "一、总则\t1", "二、附则\t3", "一、总则"], 1),
])
def test_joining_lines(lines: list[str], expected: int) -> None:
    assert len(paragraphs(lines).paragraphs) == expected


def test_boilerplate_is_listed_not_dropped() -> None:
    p = paragraphs(["相关文档", "政/策/内/容", "正文第一句话。"])
    assert p.paragraphs == ["正文第一句话。"]
    assert p.omitted == ["相关文档", "政/策/内/容"]


def test_unsupported_and_unreadable_files(tmp_path: Path) -> None:
    doc = tmp_path / "a.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SourceError, match="不支持的文件类型"):
        extract(doc)
    with pytest.raises(SourceError, match="找不到文件"):
        extract(tmp_path / "none.txt")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match=r"不是有效的 \.docx"):
        extract(bad)
    badpdf = tmp_path / "bad.pdf"
    badpdf.write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(SourceError):
        extract(badpdf)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("一、总则\n正文。".encode("gb18030"))
    assert extract(gbk).lines == ["一、总则", "正文。"]


@pytest.mark.gui
def test_a_scanned_pdf_is_refused(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPdfWriter

    out = tmp_path / "scan.pdf"
    w = QPdfWriter(str(out))
    p = QPainter(w)
    p.drawRect(QRectF(100, 100, 500, 500))
    p.end()
    del w
    with pytest.raises(SourceError, match="扫描件"):
        extract(out)


def test_todo_notes_are_reported_until_resolved(tmp_path: Path) -> None:
    cdir = tmp_path / "content"
    src = tmp_path / "doc.txt"
    src.write_text(DOC, encoding="utf-8")
    res = import_file(src, draft_path=cdir / "doc.yaml", sources_dir=tmp_path / "sources")
    assert res.unfaithful == [] and res.missing == [] and res.errors == []
    assert (tmp_path / "sources" / "doc.txt").read_bytes() == src.read_bytes()
    hb = load_handbook(cdir)
    todos = [e for e in hb.errors if e.field == "todo"]
    assert len(todos) == res.todo > 0
    assert all(e.message.startswith("待编者处理：") and e.line > 0 for e in todos)
    assert len(hb.measures()) == res.measures  # a TODO never hides a measure
    # The editor resolves them: the notes go, and the file is clean.
    text = (cdir / "doc.yaml").read_text(encoding="utf-8")
    kept = [ln for ln in text.splitlines() if "todo:" not in ln and not ln.lstrip().startswith('- "原文') and
            not (ln.startswith(("  - \"", "    - \"", "      - \"", "        - \"", "          - \"")) and
                 ("请" in ln))]
    (cdir / "doc.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert [e for e in load_handbook(cdir).errors if e.field == "todo"] == []


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120, check=False)


@pytest.mark.e2e
def test_cli_import_then_check(tmp_path: Path) -> None:
    src = tmp_path / "doc.txt"
    src.write_text(DOC, encoding="utf-8")
    cdir = tmp_path / "content"
    cdir.mkdir()
    r = _run("--content-dir", str(cdir), "import", str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "忠实性检查：通过" in r.stdout
    assert (cdir / "sources" / "doc.txt").exists()
    r = _run("--content-dir", str(cdir), "check", cwd=tmp_path)
    assert r.returncode == 1
    assert "待编者处理" in r.stdout
    r = _run("--content-dir", str(cdir), "import", str(src), cwd=tmp_path)
    assert r.returncode == 2 and "已存在" in r.stderr  # an editor's work is never overwritten
    r = _run("import", str(tmp_path / "x.doc"), cwd=tmp_path)
    assert r.returncode == 2 and "不支持的文件类型" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.e2e
def test_cli_unwritable_content_dir(tmp_path: Path) -> None:
    """A content folder that cannot be written (read-only install; here a path under a file, which
    fails for root too) gives the --out advice, and no draft."""
    src = tmp_path / "doc.txt"
    src.write_text(DOC, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    r = _run("--content-dir", str(blocker / "content"), "import", str(src), cwd=tmp_path)
    assert r.returncode == 2 and "--out" in r.stderr and "Traceback" not in r.stderr
    out = tmp_path / "drafts" / "d.yaml"
    r = _run("import", str(src), "--out", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert out.exists() and (out.parent / "sources" / "doc.txt").exists()


def test_amounts_are_marked_and_topics_are_guessed_from_the_vocabulary() -> None:
    """The written draft marks each measure's amounts for checking and flags its topics as a guess."""
    import yaml

    from content.importer.writer import write_draft

    vocab = load_vocabulary()
    text = write_draft(_draft(DOC))
    assert "# 金额（请核对）：10%、100万元" in text and "# 金额（请核对）：20万元" in text
    topic_lines = [ln for ln in text.splitlines() if ln.lstrip().startswith("topics:")]
    assert topic_lines and all(ln.endswith("# 猜测") for ln in topic_lines)
    data = yaml.safe_load(text)
    measures = [m for p in data["parts"] for m in p.get("measures", [])]
    guessed = {t for m in measures for t in m["topics"]}
    assert guessed and guessed <= set(vocab.topics)
    assert "资金奖补" in next(m for m in measures if m["title"] == "研发补助")["topics"]
    assert any("专题" in t and "猜测" in t for t in data["todo"])  # the editor is told to confirm them
