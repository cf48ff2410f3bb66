"""``main.py cards`` and ``main.py export-pdf`` end to end: PDFs out, bad input -> one line and exit 2."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "content" / "sources" / "000_c0b84344fab0dd26.txt"
pytestmark = pytest.mark.e2e


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env=full_env)


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, flags=re.M).group(1))  # type: ignore[union-attr]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler-utils")


def assert_one_line_error(r: subprocess.CompletedProcess[str], needle: str) -> None:
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and "propagateSizeHints" not in ln]
    assert len(lines) == 1, r.stderr
    assert needle in lines[0]


@needs_poppler
def test_cards_without_selection_is_the_changan_card(tmp_path: Path) -> None:
    out = tmp_path / "mingbai.pdf"
    r = run("cards", "--out", str(out))
    assert r.returncode == 0, r.stderr
    source = SOURCE.read_text(encoding="utf-8")
    measures = source.count("政/策/内/容") + 16 + 8
    text = pdf_text(out)
    assert "（续）" not in text  # without the editor's notes every card fits, as on the original
    assert pdf_pages(out) == math.ceil((1 + measures) / 4)
    assert f"{measures} 条措施" in r.stdout
    for phone in re.findall(r"电话：(0311-\d{8})", source):
        assert phone in text
    assert "石家庄市长安区科学技术局 印制" in text
    assert "编者注" not in text and "本次未打印" in r.stdout


@needs_poppler
def test_cards_notes_on_request_and_handbook_without_notes(tmp_path: Path) -> None:
    out = tmp_path / "check.pdf"
    r = run("cards", "--notes", "--ids", "hb12-10b", "--out", str(out))
    assert r.returncode == 0, r.stderr
    text = pdf_text(out)
    assert "编者注" in text and "hb12-" not in text
    assert "技术攻关类需求" in text and "成果转化类需求" in text
    doc = tmp_path / "doc.pdf"
    r = run("export-pdf", "--doc", "changan-mingbaika", "--no-notes", "--out", str(doc))
    assert r.returncode == 0, r.stderr
    assert "编者注：" not in pdf_text(doc).replace(" ", "")


@needs_poppler
def test_cards_contact_layout_with_ids_and_header(tmp_path: Path) -> None:
    header = tmp_path / "header.yaml"
    header.write_text("office: 测试区科技局\nprinted_by: 测试区科技局 印制\n", encoding="utf-8")
    out = tmp_path / "contact.pdf"
    r = run("cards", "--layout", "contact", "--ids", "hb12-01,sjz16-02,changan-1-5", "--header-file", str(header),
            "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert pdf_pages(out) == 1  # 1 + 2 + 2 contacts: five cards, one sheet
    assert "5 张卡片" in r.stdout
    text = pdf_text(out)
    for s in ("0311-85813876", "mulx@hebkjt.cn", "85057594", "85671296", "张少鹏", "魏璇"):
        assert s in text


@needs_poppler
def test_cards_list_from_a_query(tmp_path: Path) -> None:
    out = tmp_path / "list.pdf"
    r = run("cards", "--layout", "list", "--query", "授信额度", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "0311-85092711" in pdf_text(out)  # hb12-04: 授信额度不低于100亿元


def test_cards_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(run("cards", "--ids", "hb12-01,nope", "--out", str(tmp_path / "x.pdf")), "没有编号为“nope”的措施")
    assert_one_line_error(run("cards", "--header-file", str(tmp_path / "missing.yaml"), "--out",
                              str(tmp_path / "x.pdf")), "找不到抬头文件")
    bad = tmp_path / "bad.yaml"
    bad.write_text("ofice: x\n", encoding="utf-8")
    assert_one_line_error(run("cards", "--header-file", str(bad), "--out", str(tmp_path / "x.pdf")),
                          "未知的抬头项“ofice”")
    assert_one_line_error(run("cards", "--out", str(tmp_path / "no" / "dir" / "x.pdf")), "不存在")
    assert_one_line_error(run("cards", "--out", str(tmp_path)), "这是一个文件夹")
    assert not list(tmp_path.rglob("*.pdf"))


@needs_poppler
def test_export_pdf_one_document_and_errors(tmp_path: Path) -> None:
    out = tmp_path / "doc.pdf"
    r = run("export-pdf", "--doc", "changan-mingbaika", "--out", str(out))
    assert r.returncode == 0, r.stderr
    pages = pdf_pages(out)
    assert f"{pages} 页" in r.stdout
    text = pdf_text(out)
    assert "目" in text and "编者注" in text and f"第 {pages} 页 / 共 {pages} 页" in text
    assert_one_line_error(run("export-pdf", "--doc", "no-such-doc", "--out", str(out)), "no-such-doc")
    assert_one_line_error(run("export-pdf", "--out", str(tmp_path / "none" / "x.pdf")), "不存在")


@needs_poppler
def test_bundled_font_is_used_when_the_system_has_no_cjk_font(tmp_path: Path) -> None:
    """With an empty fontconfig, the PDF still embeds a CJK font: the bundled WenQuanYi Micro Hei."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    out = tmp_path / "nofont.pdf"
    r = run("cards", "--ids", "hb12-01", "--out", str(out), env={"FONTCONFIG_FILE": str(conf)})
    assert r.returncode == 0, r.stderr
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYi" in fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:] if line.strip())
    assert "加快下达科技项目资金" in pdf_text(out)
