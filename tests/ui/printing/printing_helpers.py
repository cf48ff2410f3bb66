"""Helpers for the printing tests: poppler and zbar wrappers, a tiny handbook (imported by the tests)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from content.bundle import ContentBundle, bundle_for
from content.model import Contact, Document, Handbook, Measure, Part
from content.validity import DocumentKind, StatedPeriod

ROOT = Path(__file__).resolve().parents[3]
MINGBAI_SOURCE = ROOT / "content" / "sources" / "000_c0b84344fab0dd26.txt"

TOOLS = ("pdfinfo", "pdftotext", "pdffonts", "pdftoppm", "zbarimg")


class Pdf:
    """Thin wrappers around poppler-utils and zbarimg."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp

    @staticmethod
    def _run(*args: str) -> str:
        r = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
        assert r.returncode == 0, f"{args[0]} failed: {r.stderr}"
        return r.stdout

    def info(self, path: Path) -> dict[str, str]:
        out = self._run("pdfinfo", str(path))
        return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}

    def pages(self, path: Path) -> int:
        return int(self.info(path)["Pages"])

    def is_a4(self, path: Path) -> bool:
        """Every page is A4 portrait (595 x 842 pt)."""
        out = self._run("pdfinfo", "-f", "1", "-l", str(self.pages(path)), str(path))
        sizes = re.findall(r"Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts", out)
        return bool(sizes) and all(abs(float(w) - 595.28) < 1 and abs(float(h) - 841.89) < 1 for w, h in sizes)

    def text(self, path: Path, first: int | None = None, last: int | None = None, *, layout: bool = False) -> str:
        args = ["pdftotext", "-enc", "UTF-8"]
        if layout:
            args.append("-layout")
        if first is not None:
            args += ["-f", str(first), "-l", str(last if last is not None else first)]
        return self._run(*args, str(path), "-")

    def fonts(self, path: Path) -> list[dict[str, str]]:
        out = self._run("pdffonts", str(path)).splitlines()[2:]
        rows = []
        for line in out:
            # name type encoding emb sub uni object ID; name and type may contain spaces in type
            m = re.match(r"^(\S+)\s+(.+?)\s+(Identity-H|Custom|WinAnsi|Builtin|\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)",
                         line)
            if m:
                rows.append({"name": m.group(1), "type": m.group(2), "emb": m.group(4), "uni": m.group(6)})
        return rows

    def qr_codes(self, path: Path, page: int, dpi: int = 300) -> list[str]:
        """Decoded QR payloads of one page, rendered at ``dpi``."""
        stem = self.tmp / f"qr-{path.stem}-{page}"
        self._run("pdftoppm", "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile",
                  str(path), str(stem))
        r = subprocess.run(["zbarimg", "-q", "--raw", f"{stem}.png"], capture_output=True, timeout=120,
                           check=False)
        assert r.returncode in (0, 4), r.stderr  # 4 = nothing found
        out = r.stdout.decode("utf-8")
        if "BEGIN:VCARD" in out:  # one symbol per vCard (they contain line breaks themselves)
            return [("BEGIN:VCARD" + chunk).strip() for chunk in out.split("BEGIN:VCARD")[1:]]
        return [line for line in out.splitlines() if line.strip()]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def make_handbook(*measures: Measure) -> ContentBundle:
    """A one-document handbook around ``measures`` (all in part ``p1``), as a content bundle."""
    part = Part(id="p1", title="测试部分", document_id="doc", path=("测试文件",), issuer=("测试局",),
                measures=tuple(measures))
    doc = Document(id="doc", title="测试文件", short_title="测试", issuer=("测试局",), doc_number="",
                   date="2024", level="市级", region="石家庄市", kind=DocumentKind.OFFICIAL,
                   period=StatedPeriod("2024", "2024", "2024年"), source_file="", parts=(part,))
    return bundle_for(Handbook(documents=(doc,)))


def measure(mid: str, text: str, *, title: str = "测试措施", contacts: tuple[Contact, ...] | None = None) -> Measure:
    if contacts is None:
        contacts = (Contact(office="测试处", person="王五", phone="0311-12345678", email="wangwu@example.cn",
                            area_code="0311"),)
    return Measure(id=mid, number="01", title=title, text=text, document_id="doc", part_id="p1",
                   path=("测试文件", "测试部分"), level="市级", region="石家庄市",
                   contacts=contacts)
