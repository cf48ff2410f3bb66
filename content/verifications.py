"""Verification records: a bureau's check of whether a document, part or measure is still in force.

Records live apart from the official text, as YAML files::

    verifications:
      - target: sjz-zhaibian-2023        # a document, part or measure id
        date: 2026-12-01                 # the day of the check
        office: 石家庄市科学技术局政策法规科   # who checked (单位)
        method: 电话                      # 官网 | 电话 | 文件
        result: 现行                      # 现行 | 已修订 | 已废止 | 未找到
        ref: ""                          # replacing 文号, a web address as text, the document consulted
        note: ""

Shipped records are in ``content/verifications/`` (the shipped content starts with none); the records a
bureau makes on a PC are in ``verifications.yaml`` in the per-user data directory; content packs may
carry their own.  Bureau staff record them (``main.py verify`` or the form in the window); the editors
of the text never do.  Qt-free.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content.model import ContentError
from content.validity import Verification, VerificationMethod, VerificationResult

USER_FILE_NAME = "verifications.yaml"
SHIPPED_DIR = Path(__file__).resolve().parent / "verifications"
_KEYS = {"target", "date", "office", "method", "result", "ref", "note"}
_HEADER = (
    "# 效力核实记录（科技政策一点通）。由科技局工作人员记录，不是文件原文。\n"
    "# 格式见 content/README.md「效力与核实」；可在软件中导入到另一台电脑。\n"
)


class VerificationError(Exception):
    """A verification cannot be recorded, read or written; the message says why and what to do."""


@dataclass(frozen=True)
class LoadedVerifications:
    records: tuple[Verification, ...]
    errors: tuple[ContentError, ...]


def parse_verifications(text: str, *, file: str, origin: str, known_ids: Iterable[str] | None = None,
                        today: _dt.date | None = None) -> LoadedVerifications:
    """Parse one verification file.  A bad record is reported (file:line) and skipped alone."""
    import yaml

    from content.loader import DuplicateKeyError, LDict, LList, parse_yaml
    from content.safe_read import ReadRefused, describe_yaml_error

    errors: list[ContentError] = []
    try:
        data = parse_yaml(text)
    except ReadRefused as exc:
        errors.append(ContentError(file, exc.line, "", exc.message))
        return LoadedVerifications((), tuple(errors))
    except yaml.YAMLError as exc:
        line, message = describe_yaml_error(text, exc)
        errors.append(ContentError(file, line, "", message))
        return LoadedVerifications((), tuple(errors))
    except DuplicateKeyError as exc:
        errors.append(ContentError(file, exc.line, exc.key, f"字段“{exc.key}”在同一处出现了两次"))
        return LoadedVerifications((), tuple(errors))
    except Exception as exc:  # DuplicateKeyError and the like
        errors.append(ContentError(file, getattr(exc, "line", 0), "", f"无法读取核实记录：{exc}"))
        return LoadedVerifications((), tuple(errors))
    if data is None:
        return LoadedVerifications((), ())
    items = data.get("verifications") if isinstance(data, LDict) else None
    if not isinstance(items, LList):
        errors.append(ContentError(file, getattr(data, "line", 1), "verifications",
                                   "核实记录文件应以 verifications: 开头，下面是记录列表"))
        return LoadedVerifications((), tuple(errors))
    known = set(known_ids) if known_ids is not None else None
    out: list[Verification] = []
    for i, item in enumerate(items):
        line = items.lines[i]
        if not isinstance(item, LDict):
            errors.append(ContentError(file, line, "verifications", "每条核实记录应含 target、date、office、method、result"))
            continue
        rec, problems = _record(item, file=file, origin=origin, known=known, today=today)
        errors.extend(problems)
        if rec is not None:
            out.append(rec)
    return LoadedVerifications(tuple(out), tuple(errors))


def _record(item: Any, *, file: str, origin: str, known: set[str] | None,
            today: _dt.date | None) -> tuple[Verification | None, list[ContentError]]:
    problems: list[ContentError] = []

    def err(key: str, msg: str) -> None:
        problems.append(ContentError(file, item.lines.get(key, item.line), key, msg))

    for k in item:
        if k not in _KEYS:
            err(k, f"未知字段“{k}”（核实记录）；可用字段：{', '.join(sorted(_KEYS))}")

    def text(key: str, *, required: bool) -> str:
        v = item.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                err(key, f"缺少必填字段“{key}”（核实记录）")
            return ""
        if not isinstance(v, str):
            err(key, f"“{key}”应为文字")
            return ""
        return v.strip()

    target = text("target", required=True)
    date_text = text("date", required=True)
    office = text("office", required=True)
    method_text = text("method", required=True)
    result_text = text("result", required=True)
    day: _dt.date | None = None
    if date_text:
        try:
            day = _dt.date.fromisoformat(date_text)
        except ValueError:
            err("date", f"日期“{date_text}”应写成 YYYY-MM-DD")
    if day is not None and today is not None and day > today:
        err("date", f"核实日期{day.isoformat()}晚于今天（{today.isoformat()}）；请填写实际核实的日期")
        day = None
    method = result = None
    if method_text:
        try:
            method = VerificationMethod(method_text)
        except ValueError:
            err("method", f"核实方式“{method_text}”不在词表中；可选：{'、'.join(m.value for m in VerificationMethod)}")
    if result_text:
        try:
            result = VerificationResult(result_text)
        except ValueError:
            err("result", f"核实结果“{result_text}”不在词表中；可选：{'、'.join(r.value for r in VerificationResult)}")
    if target and known is not None and target not in known:
        err("target", f"核实对象“{target}”不是本手册的文件、部分或措施编号（编号见 main.py list）")
    if problems or not (target and office and day and method and result):
        return None, problems
    return Verification(target=target, date=day, office=office, method=method, result=result,
                        ref=text("ref", required=False), note=text("note", required=False), origin=origin,
                        file=file, line=item.line), problems


def load_verification_files(paths: Sequence[tuple[Path, str]], *, known_ids: Iterable[str] | None = None,
                            today: _dt.date | None = None) -> LoadedVerifications:
    """Load several files, each given with its origin label (随软件, 本机, a pack's id)."""
    known = set(known_ids) if known_ids is not None else None
    records: list[Verification] = []
    errors: list[ContentError] = []
    from content.safe_read import ReadRefused, read_content_bytes

    for path, origin in paths:
        if not path.exists():
            continue
        try:
            text = read_content_bytes(path).decode("utf-8-sig")
        except ReadRefused as exc:
            errors.append(ContentError(path.name, exc.line, "", f"无法读取核实记录文件：{exc.message}"))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(ContentError(path.name, 0, "", f"无法读取核实记录文件：{exc}"))
            continue
        got = parse_verifications(text, file=path.name, origin=origin, known_ids=known, today=today)
        records.extend(got.records)
        errors.extend(got.errors)
    return LoadedVerifications(tuple(records), tuple(errors))


def shipped_files(directory: Path = SHIPPED_DIR) -> list[Path]:
    return sorted(p for p in directory.glob("*.y*ml")) if directory.is_dir() else []


def user_file(data_dir: Path) -> Path:
    return data_dir / USER_FILE_NAME


def record_dict(v: Verification) -> dict[str, str]:
    d = {"target": v.target, "date": v.date.isoformat(), "office": v.office, "method": v.method.value,
         "result": v.result.value}
    if v.ref:
        d["ref"] = v.ref
    if v.note:
        d["note"] = v.note
    return d


def dump_verifications(records: Iterable[Verification]) -> str:
    """The YAML text of a verification file (stable order: date, target)."""
    import yaml

    items = [record_dict(v) for v in sorted(records, key=lambda v: (v.date, v.target, v.office))]
    body = yaml.safe_dump({"verifications": items}, allow_unicode=True, sort_keys=False, width=200)
    return _HEADER + body


def _write(path: Path, text: str) -> None:
    """Write all or nothing: a temporary file in the same folder, flushed, then renamed over."""
    import os
    import tempfile

    if path.exists() and not path.is_file():
        raise VerificationError(f"{path} 不是普通文件，不能写入核实记录")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise VerificationError(f"{path}：无法写入（{exc.strerror or exc}）；原有记录未改动") from exc


def read_user_records(path: Path, *, known_ids: Iterable[str] | None = None) -> list[Verification]:
    """The records of the user's file; a file that cannot be read whole is an error (never overwritten)."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise VerificationError(f"{path}：无法读取已有的核实记录（{exc}）；为免丢失记录，本次未写入") from exc
    got = parse_verifications(text, file=path.name, origin="本机", known_ids=known_ids)
    if got.errors:
        first = got.errors[0]
        raise VerificationError(f"{path}：已有的核实记录有错误（{first}）；请先改正该文件，本次未写入")
    return list(got.records)


def add_records(path: Path, new: Iterable[Verification], *, known_ids: Iterable[str] | None = None) -> int:
    """Append records to the user's file (identical records are kept once).  Returns how many were new."""
    existing = read_user_records(path, known_ids=known_ids)
    seen = set(existing)
    added = 0
    for v in new:
        if v not in seen:
            existing.append(v)
            seen.add(v)
            added += 1
    if added:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, dump_verifications(existing))
    return added


def make_record(*, target: str, result: str, office: str, method: str = "文件", ref: str = "", note: str = "",
                date: str = "", today: _dt.date, known_ids: Iterable[str]) -> Verification:
    """A new record from what a user typed; raises :class:`VerificationError` with a Chinese message."""
    if target not in set(known_ids):
        from content.console import program_name

        raise VerificationError(f"没有编号为“{target}”的文件、部分或措施（编号见 {program_name()} list）")
    office = office.strip()
    if not office:
        raise VerificationError("请填写核实单位（例如：石家庄市科学技术局政策法规科）")
    try:
        res = VerificationResult(result.strip())
    except ValueError:
        raise VerificationError(
            f"核实结果“{result}”不在词表中；可选：{'、'.join(r.value for r in VerificationResult)}") from None
    try:
        meth = VerificationMethod(method.strip())
    except ValueError:
        raise VerificationError(
            f"核实方式“{method}”不在词表中；可选：{'、'.join(m.value for m in VerificationMethod)}") from None
    if date.strip():
        try:
            day = _dt.date.fromisoformat(date.strip())
        except ValueError:
            raise VerificationError(f"日期“{date}”应写成 YYYY-MM-DD，例如 {today.isoformat()}") from None
        if day > today:
            raise VerificationError(f"核实日期{day.isoformat()}晚于今天（{today.isoformat()}）；请填写实际核实的日期")
    else:
        day = today
    if res in (VerificationResult.REVISED, VerificationResult.REPEALED) and not ref.strip():
        raise VerificationError("结果为“已修订”或“已废止”时，请在“依据/替代文件”中写明替代文件的文号或网址")
    return Verification(target=target, date=day, office=office, method=meth, result=res, ref=ref.strip(),
                        note=note.strip(), origin="本机")


def import_file(src: Path, dest: Path, *, known_ids: Iterable[str], today: _dt.date) -> tuple[int, list[str]]:
    """Import another PC's exported records into the user's file: (how many new, problems skipped)."""
    from content.safe_read import ReadRefused, load_limits, read_regular_file

    try:  # a file from another PC: a FIFO or a device is refused at once, never waited on
        text = read_regular_file(src, max_bytes=load_limits().max_file_bytes, what="核实记录文件").decode("utf-8-sig")
    except ReadRefused as exc:
        raise VerificationError(f"{src}：{exc.message}") from None
    except UnicodeDecodeError as exc:
        raise VerificationError(f"{src}：无法读取（{exc}）") from exc
    known = list(known_ids)
    got = parse_verifications(text, file=src.name, origin="本机", known_ids=known, today=today)
    if not got.records and got.errors:
        raise VerificationError(f"{src}：没有可导入的核实记录（{got.errors[0]}）")
    added = add_records(dest, [_as_local(v) for v in got.records], known_ids=known)
    return added, [str(e) for e in got.errors]


def _as_local(v: Verification) -> Verification:
    from dataclasses import replace

    return replace(v, origin="本机", file="", line=0)


def export_file(records: Iterable[Verification], dest: Path) -> int:
    """Write every record to ``dest`` as one file another PC can import.  Returns the count."""
    items = list(records)
    _write(dest, dump_verifications(items))
    return len(items)
