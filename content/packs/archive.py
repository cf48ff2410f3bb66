"""A pack's archive: the last text of every document and measure the pack has removed (废止).

``pack build --previous`` computes what the new version removes (the changelog's 废止) and keeps the
previous version's text of it under ``content/archive/`` in the new pack, together with what earlier
versions removed (carried from the previous pack's archive, minus anything that is live again).  A
PC that skips a version therefore still knows every removal.  For each archived item the pack also
carries a verification record (result 已废止, date = the pack date of the version that removed it,
office = the publisher, method 文件, ref = ``内容包 <id> 第 N 版``) in
``content/verifications/pack-repealed.yaml``, so the status comes from a record like every other.

* A document removed whole is archived as its previous file, unchanged (same ids).
* Measures removed from a document that stays are archived as a copy of the previous document cut
  down to them and the parts that hold them; that copy's document and part ids get the suffix
  ``-archive-<version>`` (they would collide with the live document's), the measures keep theirs,
  and tables are left out (their ids are the live document's).

Qt-free.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import yaml

from content.layers import ARCHIVE_FOLDER, ARCHIVE_INDEX
from content.model import Document
from content.packs.changelog import Changelog

ARCHIVE_PREFIX = f"content/{ARCHIVE_FOLDER}/"
INDEX_MEMBER = ARCHIVE_PREFIX + ARCHIVE_INDEX
REPEALED_MEMBER = "content/verifications/pack-repealed.yaml"


class ArchiveError(Exception):
    """The archive cannot be built (a previous pack's archive is unreadable)."""


@dataclass
class _Entry:
    file: str
    id: str
    of: str
    whole: bool
    measures: list[str]
    text_version: int
    repealed_in: int
    date: str
    publisher: str
    data: bytes = field(repr=False, default=b"")

    def to_data(self) -> dict[str, Any]:
        return {"file": self.file, "id": self.id, "of": self.of, "whole": self.whole, "measures": self.measures,
                "text_version": self.text_version, "repealed_in": self.repealed_in, "date": self.date,
                "publisher": self.publisher}


def _plain(node: Any) -> Any:
    """The content loader's line-numbered values as plain dicts, lists and strings (for dumping)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _parse(raw: bytes, name: str) -> dict[str, Any]:
    from content.loader import parse_yaml

    try:
        data = _plain(parse_yaml(raw.decode("utf-8-sig")))
    except (UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        raise ArchiveError(f"上一版内容包中的“{name}”无法读取（{exc}）") from exc
    if not isinstance(data, dict):
        raise ArchiveError(f"上一版内容包中的“{name}”不是一份文件")
    return data


def prune(doc: dict[str, Any], keep: set[str], suffix: str) -> dict[str, Any] | None:
    """``doc`` cut down to the measures in ``keep`` and the parts holding them (ids of the document and
    its parts get ``suffix``; tables and editor's TODO notes are left out).  None when nothing is kept.

    >>> d = {"id": "d", "parts": [{"id": "p", "measures": [{"id": "a"}, {"id": "b"}]}, {"id": "q", "measures": [{"id": "c"}]}],
    ...      "tables": [{"id": "t"}]}
    >>> prune(d, {"b"}, "-archive-1")
    {'id': 'd-archive-1', 'short_title': 'None（已删去条目存档）', 'parts': [{'id': 'p-archive-1', 'measures': [{'id': 'b'}]}]}
    """

    def part(p: dict[str, Any]) -> dict[str, Any] | None:
        out = {k: v for k, v in p.items() if k not in ("tables", "todo", "measures", "parts")}
        out["id"] = f"{p.get('id')}{suffix}"
        measures = [m for m in p.get("measures") or [] if isinstance(m, dict) and m.get("id") in keep]
        subparts = [x for x in (part(s) for s in p.get("parts") or [] if isinstance(s, dict)) if x is not None]
        if not measures and not subparts:
            return None
        if measures:
            out["measures"] = [{k: v for k, v in m.items() if k != "todo"} for m in measures]
        if subparts:
            out["parts"] = subparts
        return out

    parts = [x for x in (part(p) for p in doc.get("parts") or [] if isinstance(p, dict)) if x is not None]
    if not parts:
        return None
    out = {k: v for k, v in doc.items() if k not in ("tables", "todo", "omitted", "parts")}
    out["id"] = f"{doc.get('id')}{suffix}"
    if suffix:  # short_title is the editor's (breadcrumbs, lists): say this copy holds removed items only
        out["short_title"] = f"{doc.get('short_title') or doc.get('title')}（已删去条目存档）"
    out["parts"] = parts
    return out


def _dump(doc: dict[str, Any], note: str) -> bytes:
    head = f"# {note}\n# 由 pack build 生成；原文照录，不作改动。\n"
    return (head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)).encode("utf-8")


def _previous_entries(files: dict[str, bytes]) -> list[_Entry]:
    raw = files.get(INDEX_MEMBER)
    if raw is None:
        return []
    try:
        data = yaml.safe_load(raw.decode("utf-8")) or {}
        out = []
        for e in data.get("entries") or []:
            name = ARCHIVE_PREFIX + str(e["file"])
            out.append(_Entry(file=str(e["file"]), id=str(e["id"]), of=str(e["of"]), whole=bool(e["whole"]),
                              measures=[str(x) for x in e.get("measures") or []],
                              text_version=int(e["text_version"]), repealed_in=int(e["repealed_in"]),
                              date=str(e["date"]), publisher=str(e.get("publisher") or ""), data=files[name]))
        return out
    except (UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArchiveError(f"上一版内容包的存档索引无法读取（{type(exc).__name__}）") from exc


def build_archive(*, previous_files: dict[str, bytes], previous_docs: list[Document], previous_version: int,
                  new_docs: list[Document], log: Changelog, pack_id: str, version: int, date: str,
                  publisher: str) -> dict[str, bytes]:
    """The archive members of a new pack version (empty when nothing was ever removed).

    Args:
        previous_files: The previous version's members (its documents and its own archive).
        previous_docs: Its documents, loaded.
        previous_version: Its version number.
        new_docs: The new version's documents.
        log: The changelog from the previous version to the new one.
        pack_id, version, date, publisher: the new pack's.
    """
    live_docs = {d.id for d in new_docs}
    live_measures = {m.id for d in new_docs for m in d.all_measures()}
    entries: list[_Entry] = []
    for e in _previous_entries(previous_files):
        if e.whole:
            if e.id not in live_docs:
                entries.append(e)
            continue
        keep = [m for m in e.measures if m not in live_measures]
        if not keep:
            continue
        if len(keep) < len(e.measures):
            cut = prune(_parse(e.data, e.file), set(keep), "")
            if cut is None:
                continue
            e.data = _dump(cut, f"内容包第 {e.repealed_in} 版删去的条目（保留第 {e.text_version} 版原文）")
            e.measures = keep
        entries.append(e)
    by_id = {d.id: d for d in previous_docs}
    for dc in log.documents:
        prev = by_id.get(dc.id)
        if prev is None:
            continue
        raw = previous_files.get(f"content/data/{prev.file}")
        if raw is None:
            continue
        if dc.change == "废止":
            entries.append(_Entry(file=f"{dc.id}.yaml", id=dc.id, of=dc.id, whole=True,
                                  measures=[m.id for m in prev.all_measures()], text_version=previous_version,
                                  repealed_in=version, date=date, publisher=publisher, data=raw))
            continue
        removed = [c.id for c in dc.measures if c.change == "废止"]
        if not removed:
            continue
        suffix = f"-archive-{previous_version}"
        cut = prune(_parse(raw, prev.file), set(removed), suffix)
        if cut is None:
            continue
        entries.append(_Entry(file=f"{dc.id}{suffix}.yaml", id=f"{dc.id}{suffix}", of=dc.id, whole=False,
                              measures=removed, text_version=previous_version, repealed_in=version, date=date,
                              publisher=publisher,
                              data=_dump(cut, f"内容包第 {version} 版删去的条目（保留第 {previous_version} 版原文）")))
    if not entries:
        return {}
    out = {ARCHIVE_PREFIX + e.file: e.data for e in entries}
    index = {"entries": [e.to_data() for e in entries]}
    out[INDEX_MEMBER] = yaml.safe_dump(index, allow_unicode=True, sort_keys=False).encode("utf-8")
    out[REPEALED_MEMBER] = _repealed_records(entries, pack_id).encode("utf-8")
    return out


def _repealed_records(entries: list[_Entry], pack_id: str) -> str:
    from content.validity import Verification, VerificationMethod, VerificationResult
    from content.verifications import dump_verifications

    records = []
    for e in entries:
        targets = [e.id] if e.whole else e.measures
        day = _dt.date.fromisoformat(e.date)
        for t in targets:
            records.append(Verification(target=t, date=day, office=e.publisher, method=VerificationMethod.DOCUMENT,
                                        result=VerificationResult.REPEALED, ref=f"内容包 {pack_id} 第 {e.repealed_in} 版",
                                        note="内容包删去了这一条目；手册保留删去前的原文备查"))
    return dump_verifications(records)
