"""What the importer reads out of the text: metadata, contacts, cited documents, amounts, topics.

Everything found is kept exactly as printed (layout normalised only); a guess is flagged so that
the editor confirms it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.importer.numbering import (
    EMAIL,
    PHONE,
    ends_with_doc_type,
    is_contact_line,
    is_heading_like,
)
from content.normalize import normalize_layout, squash

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,10}\s*〔\s*\d{4}\s*〕\s*-?\s*\d+\s*号?")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")
_PERIOD = re.compile(r"[（(]\s*(\d{4})\s*[—–\-－~至]+\s*(\d{4})\s*年?\s*[）)]")
_PERIOD_END = re.compile(r"\s*[（(][^（()）]*[）)]\s*$")
_ORG_SUFFIX = ("科学技术局", "科学技术厅", "科技局", "科技厅", "人民政府", "办公室", "办公厅", "委员会",
               "管委会", "管理委员会", "领导小组", "财政局", "财政厅", "局", "厅", "委")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_OFFICE_SUFFIX = ("处", "科", "室", "局", "中心", "办", "厅", "委", "部", "所", "院", "组", "站", "会")


def tidy(text: str) -> str:
    """Layout normalisation of one piece (spaces next to Chinese dropped)."""
    return normalize_layout(text).replace("\n", "")


@dataclass
class Metadata:
    """What the head of a document says about it; ``guessed`` names fields the editor must confirm."""

    title: str = ""
    title_lines: tuple[int, ...] = ()
    doc_number: str = ""
    issuer: list[str] = field(default_factory=list)
    date: str = ""
    period: tuple[int, int] = (0, 0)
    period_wording: str = ""
    date_wording: str = ""
    draft_for_comment: bool = False
    guessed: list[str] = field(default_factory=list)


def read_metadata(preface: list[str], body_head: str = "") -> Metadata:
    """Title, 文号, issuer, date, period and 征求意见稿 from the lines before the first part."""
    md = Metadata()
    heads = [(i, p) for i, p in enumerate(preface)
             if is_heading_like(_PERIOD_END.sub("", p)) or _is_notice_heading(p)]
    # A notice "关于印发《X》的通知" followed by X itself: the document is X.
    for _i, p in heads:
        m = re.search(r"关于(?:印发|对|转发)?《(.+?)》", p)
        if not m:
            continue
        inner = squash(m.group(1))
        for j, q in heads:
            sq = squash(q)
            if sq != squash(p) and (sq == inner or inner.startswith(sq)):
                md.title = tidy(m.group(1))
                md.title_lines = (j,)
                break
        if md.title:
            break
    if not md.title:
        for i, p in heads:
            if ends_with_doc_type(p) and len(squash(p)) >= 4 and not _is_org(p):
                title, used = tidy(p), [i]
                nxt = preface[i + 1] if i + 1 < len(preface) else ""
                if nxt and len(squash(nxt)) <= 7 and (ends_with_doc_type(nxt) or "征求意见稿" in nxt):
                    title += tidy(nxt)
                    used.append(i + 1)
                md.title, md.title_lines = title, tuple(used)
                break
    if not md.title:
        md.title = tidy(heads[0][1]) if heads else tidy(body_head)[:40] or "（未识别标题）"
        md.guessed.append("title")
    whole = "\n".join(preface)
    for p in preface:
        s = squash(p)
        if DOC_NUMBER.fullmatch(s):
            md.doc_number = tidy(p)
            break
    for p in preface:
        s = squash(p)
        m = _DATE.match(s)
        if m:
            y, mo, d = m.group(1), int(m.group(2)), m.group(3)
            md.date = f"{y}-{mo:02d}" + (f"-{int(d):02d}" if d else "")
            md.date_wording = s
            break
    for p in preface:
        s = squash(p).removesuffix("印制").removesuffix("印发")
        if _is_org(s):
            md.issuer = [s]
            break
    if not md.issuer:
        md.guessed.append("issuer")
    m = _PERIOD.search(md.title) or _PERIOD.search(whole)
    if m and int(m.group(1)) <= int(m.group(2)):
        md.period = (int(m.group(1)), int(m.group(2)))
        md.period_wording = m.group(0)
    md.draft_for_comment = "征求意见稿" in squash(whole) or "征求意见稿" in md.title
    return md


def _is_notice_heading(p: str) -> bool:
    return "关于" in p and ends_with_doc_type(p) and len(squash(p)) <= 80


def _is_org(s: str) -> bool:
    s = squash(s)
    return 4 <= len(s) <= 25 and s.endswith(_ORG_SUFFIX) and not any(ch in s for ch in "，。：《")


def level_region(issuer: str) -> tuple[str, str, bool]:
    """(level, region, sure) guessed from an issuer's name.

    >>> level_region("河北省科学技术厅")
    ('省级', '河北省', True)
    >>> level_region("石家庄市长安区科学技术局")
    ('区县级', '长安区', True)
    """
    s = squash(issuer)
    m = re.match(r"^([\u4e00-\u9fff]{2,3}省)", s)
    if m:
        return "省级", m.group(1), True
    m = re.match(r"^(?:[\u4e00-\u9fff]{2,4}市)?([\u4e00-\u9fff]{1,4}(?:区|县|高新区))", s)
    if m and not s.startswith(("市", "区")):
        city = re.match(r"^([\u4e00-\u9fff]{2,4}市)", s)
        if city is None or len(m.group(1)) > 1:
            return "区县级", m.group(1), True
    m = re.match(r"^([\u4e00-\u9fff]{2,4}市)", s)
    if m:
        return "市级", m.group(1), True
    return "市级", "", False


def cited_level(title: str, doc_number: str) -> tuple[str, str] | None:
    """Level and region of a cited document when its name or 文号 says it (冀… = Hebei, 石… = Shijiazhuang)."""
    s = squash(title)
    if doc_number.startswith("冀") or s.startswith("河北省"):
        return "省级", "河北省"
    if doc_number.startswith("石") or s.startswith("石家庄市"):
        return "市级", "石家庄市"
    if doc_number.startswith("廊") or s.startswith("廊坊市"):
        return "市级", "廊坊市"
    return None


# ----------------------------------------------------------------------------------------------
# Contacts
# ----------------------------------------------------------------------------------------------
def contact(*, office: str = "", person: str = "", phone: str = "", email: str = "",
            label: str = "") -> dict[str, str]:
    return {k: v for k, v in (("office", office), ("person", person), ("phone", phone), ("email", email),
                              ("label", label)) if v}


def office_person(line: str) -> tuple[str, str] | None:
    """'资源配置管理处 穆丽欣' → (office, person); None when the line is not of that form."""
    parts = line.split()
    if len(parts) == 2 and _NAME.match(parts[1]) and parts[0].endswith(_OFFICE_SUFFIX) and len(parts[0]) <= 16:
        return parts[0], parts[1]
    return None


def contacts_from_lines(lines: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """Split a measure's paragraphs into text and printed contact lines (card style).

    >>> text, cs = contacts_from_lines(["正文。", "资源配置管理处 穆丽欣", "电话：0311-85813876 邮箱：mulx@hebkjt.cn"])
    >>> text, cs
    (['正文。'], [{'office': '资源配置管理处', 'person': '穆丽欣', 'phone': '0311-85813876', 'email': 'mulx@hebkjt.cn'}])
    """
    text: list[str] = []
    out: list[dict[str, str]] = []
    pending: tuple[str, str] | None = None
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        op = office_person(line)
        if op and nxt and is_contact_line(nxt):
            pending = op
            continue
        if is_contact_line(line) and not line.startswith("|"):
            phone = PHONE.search(line)
            email = EMAIL.search(line)
            office, person = pending or ("", "")
            label_person = re.search(r"联\s*系\s*人\s*[：:]\s*([\u4e00-\u9fff]{2,4})", line)
            if label_person:
                person = label_person.group(1)
            out.append(contact(office=office, person=person, phone=phone.group(0) if phone else "",
                               email=email.group(0) if email else ""))
            pending = None
            continue
        if pending:
            text.append(" ".join(pending))
            pending = None
        text.append(line)
    if pending:
        text.append(" ".join(pending))
    return text, out


def contact_from_cell(cell: str) -> dict[str, str] | None:
    """'高新技术领域 高新技术处 刘世泽 电话：0311-85802776 邮箱：liusz@hebkjt.cn' → a contact with label."""
    phone, email = PHONE.search(cell), EMAIL.search(cell)
    if not (phone or email):
        return None
    head = re.split(r"电\s*话\s*[：:]|邮\s*箱\s*[：:]", cell)[0].split()
    person = head[-1] if head and _NAME.match(head[-1]) else ""
    rest = head[:-1] if person else head
    office = rest[-1] if rest else ""
    label = " ".join(rest[:-1]) if len(rest) > 1 else ""
    return contact(office=office, person=person, phone=phone.group(0) if phone else "",
                   email=email.group(0) if email else "", label=label)


_INLINE = re.compile(r"[（(]([^（()）]*\d{7,8}[^（()）]*)[）)]\s*$")


def inline_contacts(text: str) -> list[dict[str, str]]:
    """Contacts in a closing bracket: '（发展计划科85057594、高新技术科85671296）', '（张少鹏、魏璇85996767）'.

    >>> inline_contacts("…落地。（张少鹏、魏璇85996767）")
    [{'person': '张少鹏', 'phone': '85996767'}, {'person': '魏璇', 'phone': '85996767'}]
    """
    m = _INLINE.search(text.strip())
    if not m:
        return []
    out: list[dict[str, str]] = []
    waiting: list[str] = []
    for seg in re.split(r"[、，,；;]", m.group(1)):
        seg = seg.strip()
        pm = PHONE.search(seg)
        who = PHONE.sub("", seg).strip(" ：:") if pm else seg
        if not pm:
            if who:
                waiting.append(who)
            continue
        for w in [*waiting, who]:
            if not w:
                continue
            is_office = w.endswith(_OFFICE_SUFFIX) or len(w) > 4 or "技术" in w
            out.append(contact(office=w if is_office else "", person="" if is_office else w, phone=pm.group(0)))
        waiting = []
    return out


def preface_contacts(lines: list[str]) -> list[dict[str, str]]:
    """Contacts printed before the first part: a notice's 联系人/电话/邮箱, a cover's '号码/姓名' pairs."""
    c: dict[str, str] = {}
    out: list[dict[str, str]] = []
    for line in lines:
        s = line.strip()
        pairs = re.findall(r"(\d{7,12})\s*/\s*([\u4e00-\u9fff]{2,4})", s)
        if len(pairs) >= 1 and ("电话" in s or len(pairs) > 1):
            out += [contact(person=name, phone=num) for num, name in pairs]
            continue
        if re.match(r"^联\s*系\s*人", s):
            m = re.search(r"[：:]\s*([\u4e00-\u9fff]{2,4})", s)
            if m:
                c["person"] = m.group(1)
        elif re.match(r"^(联\s*系\s*)?电\s*话", s) and PHONE.search(s):
            c["phone"] = PHONE.search(s).group(0)  # type: ignore[union-attr]
        elif re.match(r"^(电\s*子\s*)?邮\s*箱", s) and EMAIL.search(s):
            c["email"] = EMAIL.search(s).group(0)  # type: ignore[union-attr]
    if c:
        out.append(contact(**c))
    return out


# ----------------------------------------------------------------------------------------------
# Cited documents and amounts
# ----------------------------------------------------------------------------------------------
_CITATION = re.compile(r"[（(]([^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*)[）)]\s*$")


def citation(text: str) -> tuple[str, str, str] | None:
    """(title, 文号, issuer) of the document an item cites in its closing bracket, or None.

    >>> citation("…拨付剩余补助资金。（河北省科学技术厅关于印发《河北省科技计划项目“揭榜挂帅”组织实施工作指引》的通知，冀科资规〔2022〕1 号）")
    ('河北省科学技术厅关于印发《河北省科技计划项目“揭榜挂帅”组织实施工作指引》的通知', '冀科资规〔2022〕1号', '河北省科学技术厅')
    >>> citation("…配套额度最高1亿元。(《关于支持新一代电子信息产业和生物医药产业率先突破的若干措施》,石家庄市委、市政府办公室)")[0]
    '《关于支持新一代电子信息产业和生物医药产业率先突破的若干措施》'
    """
    s = text.strip()
    m = _CITATION.search(s)
    if not m:
        return None
    inner = m.group(1).strip()
    if "《" not in inner and not DOC_NUMBER.search(inner):
        return None
    num = ""
    found = list(DOC_NUMBER.finditer(inner))
    dm = found[-1] if found else None
    title = inner
    if dm is not None and dm.end() >= len(inner.rstrip()) - 1:
        num = tidy(dm.group(0))
        title = inner[: dm.start()].rstrip(" ，,")
    issuer = ""
    if title.startswith("《") and "》" in title:
        close = title.rindex("》") + 1
        issuer = title[close:].strip(" ，,")
        title = title[:close]
    else:
        im = re.match(r"^(.+?)(?:关于|印发)", title)
        if im and _is_org(im.group(1).split()[-1] if im.group(1).split() else ""):
            issuer = im.group(1).split()[-1]
    if not title:
        return None
    return tidy(title), num, tidy(issuer)


_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:[-—～~至]\s*\d+(?:\.\d+)?\s*)?(?:万|亿)?元|\d+(?:\.\d+)?\s*[%‰]")


def amounts(text: str) -> list[str]:
    """The amounts and rates printed in a text, in order, without repeats.

    >>> amounts("按 40%补助，最高不超过 1000 万元；省级给予5-20万元工薪补助，再给30%")
    ['40%', '1000万元', '5-20万元', '30%']
    """
    seen: list[str] = []
    for m in _AMOUNT.finditer(text):
        a = re.sub(r"\s+", "", m.group(0))
        if a not in seen:
            seen.append(a)
    return seen
