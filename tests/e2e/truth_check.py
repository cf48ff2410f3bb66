"""Independent check of the three rules of truth on everything a visitor can take home.

Starts from the five source documents (``content/sources``, identical to the seeds), not from the
content files: phones, e-mails, who answers which phone, and every amount are read from the sources
here, with regular expressions of this module's own. Then every output a visitor can get (明白卡,
联系卡, 清单, 手册 PDF, 体检单 one-page and 完整版, calculator, search, validity) is generated and checked:

1. every phone / e-mail is printed in the sources; a number shown with an area code the source does
   not print carries the editor's label; a person's phone is the one the source gives that person
   (also inside the vCard QR codes of the contact cards);
2. every amount is in the sources or is a calculator's figure from the user's inputs; 可确认 is 0;
   no 待核实 money from a 征求意见稿 or 期限已过 measure; no 廊坊 line counted for a 石家庄 profile;
3. nothing shows 现行 as a status; every card / list row / 体检单 line shows a status; the same measure
   has the same status everywhere;
4. a text-fidelity sample: source paragraphs appear in the handbook PDF (layout normalised only).

Run as a script for a report with counts: ``python tests/e2e/truth_check.py [--content-dir D] [--out DIR]``.
``tests/e2e/test_truth_outputs.py`` asserts the same and shows the check fails on a corrupted phone.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "content" / "sources"
SEEDS = Path("/work/shared/seeds")
STATUSES = ("现行", "效力未核实", "已修订", "期限已过", "征求意见稿", "已废止")
BAD_FOR_TO_VERIFY = ("征求意见稿", "期限已过", "已废止", "已修订")

# ---------------------------------------------------------------------------------------------
# 1. Facts read from the sources
# ---------------------------------------------------------------------------------------------

PHONE_IN_SOURCE = re.compile(r"(?<![\d.])(?:(0\d{3})-)?(\d{7,8})(?![\d.%万元亿年])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
AMOUNT = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:(?:—|-|－|~|～|至|到)\s*(\d+(?:\.\d+)?)\s*)?(亿元|万元|元|亿|万)(?![人件家项个次场名])")
UNIT = {"亿元": Decimal(10) ** 8, "亿": Decimal(10) ** 8, "万元": Decimal(10) ** 4, "万": Decimal(10) ** 4,
        "元": Decimal(1)}
# a source's area code (all numbers of the Shijiazhuang documents are 0311 numbers, 廊坊's 0316)
AREA_OF_SOURCE = {"000": "0311", "001": "0311", "002": "0311", "003": "0311", "004": "0316"}


def source_texts() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SOURCES.glob("0*.txt"))}


def amounts_in(text: str) -> list[tuple[Decimal, str]]:
    """Every figure with a money unit in ``text`` as (yuan, the printed words); a range gives both ends."""
    out: list[tuple[Decimal, str]] = []
    for m in AMOUNT.finditer(text):
        unit = UNIT[m.group(3)]
        out.append((Decimal(m.group(1)) * unit, m.group(0)))
        if m.group(2):
            out.append((Decimal(m.group(2)) * unit, m.group(0)))
    return out


@dataclass
class SourceFacts:
    local_numbers: dict[str, str] = field(default_factory=dict)  # 85813876 -> area code of its source
    printed_with_code: set[str] = field(default_factory=set)  # "0311-85813876" as printed
    emails: set[str] = field(default_factory=set)  # lower case
    person_phones: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    amounts: set[Decimal] = field(default_factory=set)


def read_sources() -> SourceFacts:
    f = SourceFacts()
    for key, text in source_texts().items():
        text = text.replace("**", "")
        for m in PHONE_IN_SOURCE.finditer(text):
            code, num = m.group(1), m.group(2)
            if len(num) == 7 and not code:
                continue  # a bare 7-digit figure in these texts is not a phone
            if num.startswith(("19", "20")) and not code:
                continue
            f.local_numbers[num] = code or AREA_OF_SOURCE[key]
            if code:
                f.printed_with_code.add(f"{code}-{num}")
        f.emails |= {e.lower() for e in EMAIL.findall(text)}
        for value, _ in amounts_in(text):
            f.amounts.add(value)
        _persons(key, text, f.person_phones)
    return f


# "处室 姓名\n\n电话：0311-…" (明白卡 省级), "处室 姓名 电话：0311-…" (table cells),
# "（张少鹏、魏璇85996767）" (长安区), "85996768/唐鑫涛" (cover), "联 系 人: 张恩宁 … 0316-5212180" (廊坊)
_NAME = r"[\u4e00-\u9fa5]{2,3}"


def _persons(key: str, text: str, out: dict[str, set[str]]) -> None:
    if key == "000":
        for m in re.finditer(rf"处 ({_NAME})\s*电话：0311-(\d{{8}})|中心 ({_NAME})\s*电话：0311-(\d{{8}})", text):
            out[m.group(1) or m.group(3)].add(m.group(2) or m.group(4))
        for m in re.finditer(r"(\d{8})/(" + _NAME + ")", text):
            out[m.group(2)].add(m.group(1))
        for m in re.finditer(r"（((?:" + _NAME + "、)*" + _NAME + r")(\d{8})）", text):
            for name in m.group(1).split("、"):
                out[name].add(m.group(2))
        for m in re.finditer(r"([\u4e00-\u9fa5]{2,8}?(?:科|室|中心|技术))(\d{8})", text):
            out[m.group(1)].add(m.group(2))
    if key == "004":
        m = re.search(r"联 系 人: (" + _NAME + r")\s*联系电话：0316-(\d{7})", text)
        assert m, "廊坊 contact not found in source 004"
        out[m.group(1)].add(m.group(2))


# ---------------------------------------------------------------------------------------------
# 2. Outputs
# ---------------------------------------------------------------------------------------------

PROFILES: dict[str, str] = {
    "changan": """企业名称: 测试长安
province: 河北省
city: 石家庄市
county: 长安区
high_tech: new
sme: yes
scale: above
industry: electronics
rd_increase: 300万
rd_total: 2000万
loan_interest: 10万
first_loan: 否
tech_contract: 150万
voucher_contract: 20万
rd_personnel: 500万
rd_direct: 300万
""",
    "qiaoxi": """企业名称: 测试桥西
province: 河北省
city: 石家庄市
county: 桥西区
high_tech: no
sme: new
scale: below
industry: biomed
rd_increase: 50万
loan_interest: 20万
first_loan: 是
voucher_contract: 8万
""",
    "langfang": """企业名称: 测试廊坊
province: 河北省
city: 廊坊市
county: 三河市
high_tech: new
sme: yes
scale: above
in_stats: 是
industry: materials
rd_increase: 400万
rd_total: 800万
loan_interest: 5万
tech_contract: 80万
from_jingjin: 是
""",
    "gxq": """province: 河北省
city: 石家庄市
county: 石家庄高新区
high_tech: yes
sme: yes
scale: below
incubator: 是
platform: 是
transfer_agency: 是
investor: 是
listing: new
leader: 是
small: 是
rd_increase: 120万
tech_contract: 60万
from_jingjin: 是
voucher_contract: 30万
loan_interest: 8万
first_loan: 是
""",
}
SJZ_PROFILES = ("changan", "qiaoxi", "gxq", "example")
SEARCHES = ("揭榜挂帅 电话", "高新技术企业", "贷款贴息", "创新券", "85996767", "1000万", "廊坊", "研发费用加计扣除",
            "孵化器", "科技特派员", "张涛", "朱英华")


@dataclass
class Outputs:
    folder: Path
    texts: dict[str, str] = field(default_factory=dict)  # name -> text shown to a visitor
    jsons: dict[str, Any] = field(default_factory=dict)
    qr: dict[str, list[str]] = field(default_factory=dict)  # contact-card QR payloads


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KJZC_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}


def _run(args: list[str], env: dict[str, str], content_dir: Path | None) -> str:
    pre = ["--content-dir", str(content_dir)] if content_dir else []
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), *pre, *args], cwd=ROOT, capture_output=True,
                       text=True, timeout=300, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"main.py {' '.join(args)}: exit {r.returncode}\n{r.stderr[-2000:]}")
    return r.stdout


def _pdftext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _qr_payloads(pdf: Path, folder: Path) -> list[str]:
    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        return []
    stem = folder / (pdf.stem + "-qr")
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(stem)], check=True, timeout=300)
    out: list[str] = []
    for png in sorted(folder.glob(pdf.stem + "-qr*.png")):
        r = subprocess.run(["zbarimg", "-q", "--raw", "-Sbinary", str(png)], capture_output=True, timeout=120)
        raw = r.stdout.decode("utf-8", "replace")
        out += [p for p in re.split(r"(?=BEGIN:VCARD)", raw) if p.strip()]
    return out


def calc_variants(content_dir: Path | None) -> list[list[str]]:
    """Typical inputs for every calculator: each choice value once, each yes/no once set, money 100万."""
    folder = (content_dir.parent / "calculators") if content_dir else ROOT / "content" / "calculators"
    if not folder.is_dir():
        folder = ROOT / "content" / "calculators"
    runs: list[list[str]] = []
    for path in sorted(folder.glob("*.yaml")):
        decl = yaml.safe_load(path.read_text(encoding="utf-8"))
        base: list[str] = []
        choices: list[tuple[str, list[str]]] = []
        bools: list[str] = []
        for inp in decl.get("inputs", []):
            t = inp.get("type", "money")
            if t == "money":
                base.append(f"{inp['name']}=100万")
            elif t == "count":
                base.append(f"{inp['name']}=2")
            elif t == "choice":
                choices.append((inp["name"], [str(c["value"]) for c in inp.get("choices", [])]))
            elif t == "bool":
                bools.append(inp["name"])
        runs.append([decl["id"], *base])
        for name, values in choices:
            for v in values:
                runs.append([decl["id"], *base, f"{name}={v}"])
        if bools:
            runs.append([decl["id"], *base, *(f"{b}=true" for b in bools)])
    return runs


def generate(folder: Path, content_dir: Path | None = None, *, calc_limit: int | None = None) -> Outputs:
    folder.mkdir(parents=True, exist_ok=True)
    env = _env(folder / "data")
    out = Outputs(folder)
    for layout in ("mingbai", "contact", "list"):
        pdf = folder / f"{layout}.pdf"
        _run(["cards", "--layout", layout, "--out", str(pdf)], env, content_dir)
        out.texts[f"cards-{layout}"] = _pdftext(pdf)
    out.qr["cards-contact"] = _qr_payloads(folder / "contact.pdf", folder)
    _run(["export-pdf", "--out", str(folder / "handbook.pdf")], env, content_dir)
    out.texts["handbook"] = _pdftext(folder / "handbook.pdf")
    profiles = dict(PROFILES)
    profiles["example"] = _run(["match", "--example"], env, content_dir)
    for name, body in profiles.items():
        p = folder / f"profile-{name}.yaml"
        p.write_text(body, encoding="utf-8")
        for kind, extra in (("onepage", []), ("full", ["--full"])):
            pdf = folder / f"match-{name}-{kind}.pdf"
            _run(["match", "--profile", str(p), "--pdf", str(pdf), *extra], env, content_dir)
            out.texts[f"match-{name}-{kind}"] = _pdftext(pdf)
            if kind == "onepage":
                out.qr[f"match-{name}"] = _qr_payloads(pdf, folder)
        out.texts[f"match-{name}-text"] = _run(["match", "--profile", str(p)], env, content_dir)
        out.jsons[f"match-{name}"] = json.loads(_run(["match", "--profile", str(p), "--json"], env, content_dir))
    variants = calc_variants(content_dir)
    if calc_limit is not None:
        variants = variants[:calc_limit]
    # one interpreter for all calculator runs (a subprocess each would take minutes)
    script = ("import json,sys,io,contextlib\nimport main\nres=[]\n"
              "for a in json.loads(sys.argv[1]):\n"
              "    b=io.StringIO()\n"
              "    with contextlib.redirect_stdout(b): code=main.main(a)\n"
              "    res.append([a,code,b.getvalue()])\n"
              "print(json.dumps(res,ensure_ascii=False))\n")
    pre = ["--content-dir", str(content_dir)] if content_dir else []
    argvs = [[*pre, "calc", *v, "--json"] for v in variants] + [[*pre, "calc", *v] for v in variants]
    argvs += [[*pre, "search", q, "--json", "--limit", "50"] for q in SEARCHES]
    argvs += [[*pre, "validity", "--json"], [*pre, "list", "--json"]]
    r = subprocess.run([sys.executable, "-c", script, json.dumps(argvs, ensure_ascii=False)], cwd=ROOT,
                       capture_output=True, text=True, timeout=900, env=env)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-3000:])
    for argv, code, text in json.loads(r.stdout):
        argv = argv[len(pre):]
        key = " ".join(argv)
        if argv[0] == "calc":
            if code != 0:
                continue  # an input this calculator does not take with these values: said in one line
            if "--json" in argv:
                out.jsons[key] = json.loads(text)
            else:
                out.texts[key] = text
        elif argv[0] == "search":
            out.jsons[key] = json.loads(text)
            out.texts[key] = json.dumps(out.jsons[key], ensure_ascii=False)
        else:
            out.jsons[argv[0]] = json.loads(text)
    return out


# ---------------------------------------------------------------------------------------------
# 3. Checks
# ---------------------------------------------------------------------------------------------

PHONE_RUN = re.compile(r"[\d][\d-]*\d")
PERSON_RE_CACHE: dict[str, re.Pattern[str]] = {}


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def bad(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def _phones_in_line(line: str) -> list[tuple[int, str, str]]:
    """(column, area code or "", local number) for every phone-like figure in one line of text."""
    found: list[tuple[int, str, str]] = []
    for run in PHONE_RUN.finditer(line):
        s = run.group(0)
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?|\d{4}-\d{4}|\d{1,6}|\d{4}-\d{1,2}", s):
            continue  # dates, year spans, small figures
        after = line[run.end():run.end() + 2]
        if (after[:1] and after[:1] in "万元亿%年件家项个次月日号条页人张位") or re.match(r"\.\d", after):
            continue  # an amount, a count or a date, not a phone
        pos = 0
        for m in re.finditer(r"(0\d{3})-(\d{7,8})|(\d{8})", s):
            if m.start() != pos:
                break
            pos = m.end()
            found.append((run.start() + m.start(), m.group(1) or "", m.group(2) or m.group(3)))
        if pos != len(s) and len(re.sub(r"\D", "", s[pos:])) >= 7:
            found.append((run.start() + pos, "?", s[pos:]))
    return found


def check_phones(out: Outputs, facts: SourceFacts, rep: Report) -> None:
    for name, text in out.texts.items():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            for col, code, num in _phones_in_line(line):
                rep.counts["phones"] += 1
                if code == "?" or num not in facts.local_numbers:
                    rep.bad(name, f"phone {code}-{num} is not printed in any source: {line.strip()[:80]}")
                    continue
                if code and f"{code}-{num}" not in facts.printed_with_code:
                    near = line[col:] + " " + " ".join(lines[i + 1:i + 2])
                    if "编者" not in near[:60]:
                        rep.bad(name, f"{code}-{num}: the source does not print this area code and no editor's "
                                      f"label follows: {line.strip()[:80]}")
                for lab in re.finditer(r"区号\s*(0\d{3})", line[col:col + 40]):
                    if lab.group(1) != facts.local_numbers[num]:
                        rep.bad(name, f"{num} labelled with area code {lab.group(1)}, its source is a "
                                      f"{facts.local_numbers[num]} document")
        for e in EMAIL.findall(text):
            rep.counts["emails"] += 1
            if e.lower() not in facts.emails:
                rep.bad(name, f"e-mail {e} is not printed in any source")
    for name, payloads in out.qr.items():
        for card in payloads:
            rep.counts["qr"] += 1
            fn = re.search(r"^FN:(.*)$", card, flags=re.M)
            tels = re.findall(r"^TEL[^:]*:(.*)$", card, flags=re.M)
            for tel in tels:
                digits = re.sub(r"\D", "", tel)
                local = digits[-8:] if digits[-8:] in facts.local_numbers else digits[-7:]
                rep.counts["phones"] += 1
                code = re.match(r"(0\d{3})-", tel)
                if code and f"{code.group(1)}-{local}" not in facts.printed_with_code and \
                        not re.search(r"^NOTE:.*编者", card, flags=re.M):
                    rep.bad(name, f"QR code dials {tel}: the source does not print this area code and the "
                                  f"vCard has no editor's note")
                if local not in facts.local_numbers:
                    rep.bad(name, f"QR code carries phone {tel} not printed in any source")
                elif fn:
                    person = _person_of(fn.group(1), facts)
                    if person and local not in facts.person_phones[person]:
                        rep.bad(name, f"QR code pairs {person} with {tel}; the source gives "
                                      f"{sorted(facts.person_phones[person])}")
                    elif person:
                        rep.counts["pairs"] += 1


def _cells(line: str) -> list[str]:
    return [c for c in re.split(r"\s{3,}", line.strip()) if c]


def _grid_pairs(line: str, below: list[str], pat: re.Pattern[str], facts: SourceFacts, where: str,
                rep: Report) -> bool:
    """Cards side by side (联系卡, the 体检单's QR codes): the k-th card's name over the k-th card's phone.

    pdftotext's columns drift after Chinese text, so cards are matched by their order in the row.
    Returns False when the line is not a row of two or more names.
    """
    cells = _cells(line)
    names = [c for c in cells if pat.fullmatch(c)]
    if len(cells) < 2 or len(names) < 2:
        return False
    for k, cell in enumerate(cells):
        if not pat.fullmatch(cell):
            continue
        for nxt in below:
            row = _cells(nxt)
            if len(row) != len(cells):
                break
            phones = _phones_in_line(row[k])
            if phones:
                rep.counts["pairs"] += 1
                if phones[0][2] not in facts.person_phones[cell]:
                    rep.bad(where, f"{cell} is shown with {phones[0][1]}-{phones[0][2]} (card row); the source "
                                   f"gives {sorted(facts.person_phones[cell])}")
                break
        else:
            rep.counts["names without a phone beside them"] += 1
    return True


def _is_office(name: str) -> bool:
    return name.endswith(("科", "室", "中心", "技术"))


def _person_of(text: str, facts: SourceFacts) -> str:
    hits = [p for p in facts.person_phones if p in text]
    return max(hits, key=len) if hits else ""


def check_pairs(out: Outputs, facts: SourceFacts, rep: Report) -> None:
    """A name (person, or an office the source prints with a number) and the phone shown with it.

    The phone is the one right after the name on its line ("魏璇 85996767", "张涛  电话：0311-…"), or, in a
    grid of cards, the one below the name in the nearest column. An office only pairs with a number
    that follows it at once ("政策法规科 85085849").
    """
    persons = [p for p in facts.person_phones if not _is_office(p)]
    offices = [p for p in facts.person_phones if _is_office(p)]
    pat = re.compile("|".join(map(re.escape, sorted(persons, key=len, reverse=True))))
    office_pat = re.compile("(" + "|".join(map(re.escape, sorted(offices, key=len, reverse=True))) +
                            r")(?![\u4e00-\u9fa5])[\s：:]{0,3}(?:0311-)?(\d{8})")
    for name, text in out.texts.items():
        if name.startswith("search "):
            continue  # JSON: checked through its structure below
        lines = text.splitlines()
        for i, line in enumerate(lines):
            for m in office_pat.finditer(line):
                rep.counts["pairs"] += 1
                if m.group(2) not in facts.person_phones[m.group(1)]:
                    rep.bad(name, f"{m.group(1)} is shown with {m.group(2)}; the source gives "
                                  f"{sorted(facts.person_phones[m.group(1)])}: {line.strip()[:80]}")
            ms = list(pat.finditer(line))
            if _grid_pairs(line, lines[i + 1:i + 4], pat, facts, name, rep):
                continue
            for k, m in enumerate(ms):
                person = m.group(0)
                if "/" in line[max(0, m.start() - 1):m.start()]:
                    continue  # "85996768/唐鑫涛": the number stands before the name (checked as a pair below)
                end = ms[k + 1].start() if k + 1 < len(ms) else len(line)
                between = line[m.end():end]
                if between.strip().startswith("、"):
                    continue  # "张少鹏、魏璇85996767": one number for both, checked with the last name
                cand: tuple[int, str, str] | None = None
                for p in _phones_in_line(line):
                    if m.end() <= p[0] < end:
                        gap = line[m.end():p[0]]
                        if (len(gap) - len(gap.lstrip()) <= 6 and len(gap.strip()) <= 4) or "电话" in gap:
                            cand = p
                        break
                if cand is None and not line[m.end():].strip() and i + 1 < len(lines):
                    nxt = lines[i + 1]
                    first = _phones_in_line(nxt)
                    if first and first[0][0] == len(nxt) - len(nxt.lstrip()):
                        cand = first[0]  # the name ends a wrapped line, its number begins the next
                if cand is None:
                    best: tuple[int, tuple[int, str, str]] | None = None
                    for j in range(i + 1, min(i + 4, len(lines))):
                        if pat.search(lines[j][max(0, m.start() - 3):m.start() + 6]):
                            break  # another name below this one: that card's phone is not ours
                        for p in _phones_in_line(lines[j]):
                            d = abs(p[0] - m.start())
                            if d <= 12 and (best is None or d < best[0]):
                                best = (d, p)
                        if best:
                            break
                    cand = best[1] if best else None
                if cand is None:
                    rep.counts["names without a phone beside them"] += 1
                    continue
                rep.counts["pairs"] += 1
                if cand[2] not in facts.person_phones[person]:
                    rep.bad(name, f"{person} is shown with {cand[1]}-{cand[2]}; the source gives "
                                  f"{sorted(facts.person_phones[person])}: {line.strip()[:80]}")
            for m in re.finditer(r"(\d{8})/(" + "|".join(map(re.escape, persons)) + ")", line):
                rep.counts["pairs"] += 1
                if m.group(1) not in facts.person_phones[m.group(2)]:
                    rep.bad(name, f"{m.group(1)}/{m.group(2)}: the source gives {sorted(facts.person_phones[m.group(2)])}")
    for key, data in out.jsons.items():
        if key.startswith("search "):
            for hit in data.get("hits", []):
                for m in re.finditer(r"(" + "|".join(map(re.escape, persons)) + r")\s*电话：(?:0311-)?(\d{8})",
                                     re.sub(r"</?mark>", "", hit.get("snippet", ""))):
                    rep.counts["pairs"] += 1
                    if m.group(2) not in facts.person_phones[m.group(1)]:
                        rep.bad(key, f"{m.group(1)} shown with {m.group(2)} in a search snippet")
    for m in out.jsons.get("list", {}).get("measures", []) if isinstance(out.jsons.get("list"), dict) else []:
        _check_contacts(m, facts, rep)
    for m in out.jsons.get("list", []) if isinstance(out.jsons.get("list"), list) else []:
        _check_contacts(m, facts, rep)


def _check_contacts(m: dict[str, Any], facts: SourceFacts, rep: Report) -> None:
    for c in m.get("contacts", []):
        digits = re.sub(r"\D", "", c.get("phone", ""))
        if not digits:
            continue
        local = digits[-8:] if len(digits) >= 8 and digits[-8:] in facts.local_numbers else digits[-7:]
        rep.counts["contact records"] += 1
        if local not in facts.local_numbers:
            rep.bad(f"list {m['id']}", f"contact phone {c['phone']} not printed in any source")
            continue
        who = c.get("person") or c.get("office") or ""
        if who in facts.person_phones and local not in facts.person_phones[who]:
            rep.bad(f"list {m['id']}", f"{who} has phone {c['phone']}; the source gives {sorted(facts.person_phones[who])}")


def measures_by_id(out: Outputs) -> dict[str, dict[str, Any]]:
    data = out.jsons["list"]
    rows: list[dict[str, Any]] = []
    if isinstance(data, list):
        for d in data:
            rows += d.get("measures", []) if "measures" in d else [d]
    else:
        for d in data.get("documents", []):
            rows += d.get("measures", [])
        rows += data.get("measures", [])
    return {r["id"]: r for r in rows}


def check_amounts(out: Outputs, facts: SourceFacts, rep: Report) -> None:
    measures = measures_by_id(out)
    policy_outputs = [n for n in out.texts if n.startswith(("cards-", "handbook", "search "))]
    for name in policy_outputs:
        text, notes = _split_editor_notes(out.texts[name])
        for value, words in amounts_in(text):
            rep.counts["amounts"] += 1
            if value and value not in facts.amounts:
                rep.bad(name, f"amount {words} is not in any source")
        for _value, _ in amounts_in(notes):
            rep.counts["amounts in editor's notes (labelled)"] += 1
    for key, data in out.jsons.items():
        if not key.startswith("match-"):
            continue
        pname = key[len("match-"):]
        computed = _computed_amounts(data)
        inputs = {v for v, _ in amounts_in(PROFILES.get(pname, "") + json.dumps(data.get("profile", {}),
                                                                                 ensure_ascii=False))}
        for suffix in ("onepage", "full", "text"):
            text = out.texts[f"match-{pname}-{suffix}"]
            for value, words in amounts_in(text):
                rep.counts["amounts"] += 1
                if value and value not in facts.amounts | computed | inputs:
                    rep.bad(f"match-{pname}-{suffix}", f"amount {words} is neither in a source, nor an input, "
                                                         f"nor a calculator's figure")
            for m in re.finditer(r"可确认\s*(\d+(?:\.\d+)?)\s*(万元|元|亿元)", text):
                if Decimal(m.group(1)) != 0:
                    rep.bad(f"match-{pname}-{suffix}", f"可确认 {m.group(0)} is not zero (nothing is verified)")
            _check_to_verify_lines(f"match-{pname}-{suffix}", text, rep)
            if pname in SJZ_PROFILES:
                part = text.split("需确认")[0]
                if "廊坊" in part:
                    rep.bad(f"match-{pname}-{suffix}", "a 石家庄 profile shows 廊坊 among 可申请 or in the totals")
        _check_match_json(key, pname, data, measures, rep)
    for key, data in out.jsons.items():
        if key.startswith("calc ") and isinstance(data, dict):
            _check_calc_json(key, data, measures, rep)
            text = out.texts.get(key.replace(" --json", ""), "")
            computed = _computed_amounts(data)
            args = {v for a in key.split()[2:] for v, _ in amounts_in(a)}
            for value, words in amounts_in(text):
                rep.counts["amounts"] += 1
                if value and value not in facts.amounts | computed | args:
                    rep.bad(key, f"amount {words} is neither in a source, an input nor a calculator's figure")


def _split_editor_notes(text: str) -> tuple[str, str]:
    """(text outside, text inside) the paragraphs that begin with 编者注 (the handbook indents them)."""
    body: list[str] = []
    notes: list[str] = []
    inside = False
    for line in text.splitlines():
        if re.match(r"\s*编者注[：:]", line):
            inside = True
        elif not line.strip():
            inside = False
        (notes if inside else body).append(line)
    return "\n".join(body), "\n".join(notes)


def _computed_amounts(data: Any) -> set[Decimal]:
    vals: set[Decimal] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str):
            if re.fullmatch(r"\d+(\.\d+)?", x):
                vals.add(Decimal(x))
            for v, _ in amounts_in(x):
                vals.add(v)

    walk(data)
    # sums of two or three figures (a total printed in 万元 of lines)
    return vals


def _check_to_verify_lines(name: str, text: str, rep: Report) -> None:
    status = ""
    for line in text.splitlines():
        head = re.match(r"\s*[■□●○]", line)
        if head:
            st = [s for s in STATUSES if s in line]
            status = st[0] if st else ""
        for m in re.finditer(r"待核实\s*(\d+(?:\.\d+)?)\s*(万元|元|亿元)", line):
            rep.counts["待核实 figures"] += 1
            if (Decimal(m.group(1)) != 0 and status in BAD_FOR_TO_VERIFY and head is not None) or (
                    Decimal(m.group(1)) != 0 and status in BAD_FOR_TO_VERIFY and not head and line.startswith(" ")):
                rep.bad(name, f"{m.group(0)} under a {status} measure: {line.strip()[:80]}")


def _check_match_json(key: str, pname: str, data: dict[str, Any], measures: dict[str, dict[str, Any]],
                      rep: Report) -> None:
    for group, items in data["groups"].items():
        for it in items:
            st = it["status"]["status"]
            rep.counts["体检单 lines"] += 1
            if st == "现行":
                rep.bad(key, f"{it['id']} shown 现行")
            ref = measures.get(it["id"])
            if ref and _status_of(ref) != st:
                rep.bad(key, f"{it['id']} is {st} here, {_status_of(ref)} in list --json")
            amt = it.get("amount") or {}
            if Decimal(amt.get("confirmed", "0") or "0") != 0:
                rep.bad(key, f"{it['id']} 可确认 {amt['confirmed']}")
            if Decimal(amt.get("to_verify", "0") or "0") != 0 and st in BAD_FOR_TO_VERIFY:
                rep.bad(key, f"{it['id']} ({st}) has 待核实 {amt['to_verify']}")
            if it["id"].startswith("lf-") and Decimal(amt.get("to_verify", "0") or "0") != 0:
                rep.bad(key, f"{it['id']} (廊坊 draft) has 待核实 money")
            if pname in SJZ_PROFILES and it["id"].startswith("lf-"):
                if group == "applicable":
                    rep.bad(key, f"廊坊 {it['id']} is 可申请 for a 石家庄 profile")
                for line in amt.get("lines", []):
                    if line.get("bucket") in ("可确认", "待核实") and Decimal(line.get("amount") or "0"):
                        rep.bad(key, f"廊坊 {it['id']} line counted for a 石家庄 profile")
            for line in amt.get("lines", []):
                if line.get("bucket") == "待核实" and line.get("status") in BAD_FOR_TO_VERIFY:
                    rep.bad(key, f"{it['id']}: line {line['label']} ({line['status']}) counted 待核实")
                if line.get("bucket") == "可确认" and Decimal(line.get("amount") or "0"):
                    rep.bad(key, f"{it['id']}: line {line['label']} 可确认 {line['amount']}")
    tot = data.get("totals", {})
    for g in tot.values() if isinstance(tot, dict) else []:
        if isinstance(g, dict) and Decimal(str(g.get("confirmed", "0"))) != 0:
            rep.bad(key, f"a 可确认 total is {g.get('confirmed')}")


def _status_of(ref: dict[str, Any]) -> str:
    s = ref.get("status")
    return s.get("status", "") if isinstance(s, dict) else str(s or "")


def _check_calc_json(key: str, data: dict[str, Any], measures: dict[str, dict[str, Any]], rep: Report) -> None:
    rep.counts["calculator runs"] += 1
    if Decimal(data["totals"]["confirmed"]) != 0:
        rep.bad(key, f"可确认 {data['totals']['confirmed']}")
    region_arg = re.search(r"region=(\w+)", key)
    for line in data.get("lines", []):
        for c in line.get("cited", []):
            ref = measures.get(c["measure"])
            if ref and _status_of(ref) != c["status"]:
                rep.bad(key, f"{c['measure']} cited as {c['status']}, {_status_of(ref)} in list --json")
        if line.get("counted") == "unverified":
            rep.counts["待核实 figures"] += 1
            for c in line.get("cited", []):
                if c["status"] in BAD_FOR_TO_VERIFY or c["measure"].startswith("lf-") or c["region"] == "廊坊市":
                    rep.bad(key, f"line {line['label']} counted 待核实 while citing {c['measure']} ({c['status']})")
                if region_arg and region_arg.group(1) in ("changan", "shijiazhuang") and c["region"] == "廊坊市":
                    rep.bad(key, f"a 廊坊 line counted for a 石家庄 region: {line['label']}")
        if line.get("counted") == "confirmed" and Decimal(line.get("amount") or "0"):
            rep.bad(key, f"line {line['label']} is 可确认")


STATUS_TOKEN = re.compile(r"(?:^|[\s（(【：:·|])现行(?=$|[\s（(）)】·|，,；;])")


def check_statuses(out: Outputs, rep: Report) -> None:
    measures = measures_by_id(out)
    by_title: dict[str, set[str]] = defaultdict(set)
    for m in measures.values():
        by_title[_norm_title(m["title"])].add(_status_of(m))
    check_statuses_text_only(out, rep)
    for key, data in out.jsons.items():
        blob = json.dumps(data, ensure_ascii=False)
        if re.search(r'"status(?:_label)?": "现行', blob):
            rep.bad(key, "a JSON status is 现行")
        if key.startswith("search "):
            for hit in data.get("hits", []):
                ref = measures.get(hit["id"])
                rep.counts["statuses"] += 1
                if ref and _status_of(ref) != hit.get("status"):
                    rep.bad(key, f"{hit['id']} is {hit.get('status')} in search, {_status_of(ref)} in list")
    # every card, list row and handbook measure shows a status, the same one as everywhere else
    doc_of = {mid: m.get("document_id") or mid.split("-")[0] for mid, m in measures.items()}
    card_ids = [mid for mid in measures if mid.startswith(("hb12", "sjz16", "changan"))] or \
        [mid for mid, d in doc_of.items() if d == "changan-mingbaika"]
    card_status = Counter(_status_of(measures[i]) for i in card_ids)
    for name in ("cards-mingbai", "cards-list"):
        shown = Counter(re.findall(r"状态[：:](" + "|".join(STATUSES) + ")", out.texts[name]))
        rep.counts["statuses"] += sum(shown.values())
        if shown != card_status:
            rep.bad(name, f"statuses shown {dict(shown)} ≠ the cards' measures {dict(card_status)}")
    hb = out.texts["handbook"].splitlines()
    shown_hb: Counter[str] = Counter()
    for i, line in enumerate(hb[:-1]):
        if hb[i + 1].startswith("状态说明"):
            m = re.match(r"(.*?)(?:^|\s{2,})(" + "|".join(STATUSES) + r")\s*$", line)
            if not m:
                rep.bad("handbook", f"a measure heading without a status: {line.strip()[:60]}")
                continue
            shown_hb[m.group(2)] += 1
            t = _norm_title(m.group(1))
            if t in by_title and m.group(2) not in by_title[t]:
                rep.bad("handbook", f"{m.group(1).strip()} shows {m.group(2)}, computed {by_title[t]}")
    rep.counts["statuses"] += sum(shown_hb.values())
    all_status = Counter(_status_of(m) for m in measures.values())
    if shown_hb != all_status:
        rep.bad("handbook", f"statuses shown {dict(shown_hb)} ≠ all measures {dict(all_status)}")
    for name, text in out.texts.items():
        if not name.startswith(("match-", "cards-contact")):
            continue
        lines = text.splitlines()
        for idx, line in enumerate(lines):
            if re.match(r"\s*[■□]", line) or name == "cards-contact":
                for m in re.finditer(r"(" + "|".join(STATUSES) + r")\s+(\S.*?)(?=\s{2,}(?:" +
                                     "|".join(STATUSES) + r")|\s{3,}|$)", line):
                    t = _norm_title(m.group(2))
                    if t in by_title:
                        rep.counts["statuses"] += 1
                        if m.group(1) not in by_title[t]:
                            rep.bad(name, f"{m.group(2)} shows {m.group(1)}, computed {by_title[t]}")
                if re.match(r"\s*■", line) and not any(s in line for s in STATUSES):
                    nxt = lines[idx + 1] if idx + 1 < len(lines) else ""
                    if not re.match(r"\s*状态[：:](" + "|".join(STATUSES) + ")", nxt):
                        rep.bad(name, f"a 可申请 line without a status: {line.strip()[:60]}")
                    else:
                        rep.counts["statuses"] += 1
                if re.match(r"\s*■", line):
                    m2 = re.match(r"\s*■\s*(.*?)\s{2,}(" + "|".join(STATUSES) + r")", line)
                    if m2:
                        t = _norm_title(m2.group(1))
                        rep.counts["statuses"] += 1
                        if t in by_title and m2.group(2) not in by_title[t]:
                            rep.bad(name, f"{m2.group(1)} shows {m2.group(2)}, computed {by_title[t]}")


def check_statuses_text_only(out: Outputs, rep: Report) -> None:
    """No text shows 现行 as a status (the word inside "现行企业所得税法", "核实现行" is not a status)."""
    for name, text in out.texts.items():
        for m in STATUS_TOKEN.finditer(text):
            rep.bad(name, f"shows 现行 as a status: …{text[max(0, m.start() - 30):m.end() + 20]!r}")
        if re.search(r"状态[：:]\s*现行", text):
            rep.bad(name, "状态：现行")


def _norm_title(t: str) -> str:
    return re.sub(r"\s+", "", t)


def check_independent_status(out: Outputs, rep: Report) -> None:
    """Statuses that follow from the sources alone: 004 is a draft, 003's period ended 2020, 001's in 2025."""
    for mid, m in measures_by_id(out).items():
        st = _status_of(m)
        rep.counts["measures"] += 1
        if st == "现行":
            rep.bad("validity", f"{mid} is 现行 without any bureau verification")
        if mid.startswith("lf-") and st != "征求意见稿":
            rep.bad("validity", f"{mid} (廊坊 征求意见稿) is {st}")
        if mid.startswith(("gxq-", "xy-")) and st != "期限已过":
            rep.bad("validity", f"{mid} (period ended) is {st}")


def normalise(text: str) -> str:
    text = text.replace("**", "")
    return re.sub(r"\s+", "", text)


def check_fidelity(out: Outputs, rep: Report, n: int = 15, seed: int = 20261207) -> list[str]:
    hb_lines = [ln for ln in out.texts["handbook"].splitlines()
                if not re.search(r"文本录入.*第\s*\d+\s*页|^\S.*\s{5,}科技政策一点通\s*$", ln)]
    hb = normalise("\n".join(hb_lines))
    candidates: list[str] = []
    for _key, text in source_texts().items():
        for para in re.split(r"\n[ \t]*\n", text):
            if para.lstrip(" ").startswith("\t"):
                continue  # a cell of the 廊坊 annex table: the handbook prints it as a table
            para = para.strip()
            if len(para) < 40 or para.startswith(("|", "#")) or "下载文档" in para or "客服" in para:
                continue
            para = re.sub(r"^(?:- )?\d+[.、．]\s*", "", para)
            candidates.append(para)
    sample = random.Random(seed).sample(candidates, min(n, len(candidates)))
    missing: list[str] = []
    for para in sample:
        rep.counts["fidelity samples"] += 1
        p = normalise(para)
        # a paragraph broken over the source's own page boundaries: each sentence must be there
        parts = [s for s in re.split(r"(?<=[。；])", p) if len(s) >= 12]
        absent = [s for s in parts if s not in hb]
        if absent:
            missing.append(para[:60])
            rep.bad("handbook", f"source wording not found in the handbook: {absent[0][:60]}")
    return missing


def check_all(out: Outputs) -> Report:
    facts = read_sources()
    rep = Report()
    check_phones(out, facts, rep)
    check_pairs(out, facts, rep)
    check_amounts(out, facts, rep)
    check_statuses(out, rep)
    check_independent_status(out, rep)
    check_fidelity(out, rep)
    return rep


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content-dir", type=Path)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    folder = a.out or Path(tempfile.mkdtemp(prefix="truth-"))
    out = generate(folder, a.content_dir)
    rep = check_all(out)
    print(f"outputs: {len(out.texts)} texts, {len(out.jsons)} JSON, {sum(map(len, out.qr.values()))} QR codes in {folder}")
    print("counts:", dict(rep.counts))
    for p in rep.problems:
        print("PROBLEM", p)
    print(f"{len(rep.problems)} problems")
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main())
