"""咨询登记: the consultation log kept by bureau staff at an event.  Qt-free.

One row per visitor: enterprise, contact person, phone, what they asked, which measures were shown
(id and title as shown that day) and whether the bureau should call back (需回访).  The rows live in
one SQLite file in the per-user data directory (``consultations.sqlite3``) and nowhere else: they
leave the machine only when staff export them (``content.consultation_export``), and
:meth:`ConsultationStore.delete_all` removes every row, the SQLite file itself and any copy set aside.

A damaged file is never overwritten: it is renamed aside with :func:`content.safe_io.move_aside`,
the rows that can still be read are copied into a new file, and :attr:`ConsultationStore.recovery`
says so.  A file locked by another program gives a :class:`ConsultationError` with a Chinese message;
nothing is changed.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from content.safe_io import WriteError, check_target, move_aside

FILE_NAME = "consultations.sqlite3"
SCHEMA_VERSION = 1
#: Longest text kept per field (characters); a pasted novel must not bloat the report.
LIMITS = {"enterprise": 200, "person": 50, "phone": 50, "questions": 4000}
#: How many measures the trail remembers (the oldest are dropped).
TRAIL_LIMIT = 40
#: Suffix ``move_aside`` gives a damaged file: ``consultations.sqlite3.damaged-20240501-093000``.
DAMAGED = "damaged"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS consultations (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL,
    enterprise TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    questions TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '[]',
    topics TEXT NOT NULL DEFAULT '[]',
    follow_up INTEGER NOT NULL DEFAULT 0
)
"""
_COLUMNS = ("id", "created", "enterprise", "person", "phone", "questions", "measures", "topics", "follow_up")
#: Control characters other than a line break (they break a worksheet and mean nothing here).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_PHONE_OK = re.compile(r"[0-9０-９ \-－+＋()（）/、,，;；转#*]*")


class ConsultationError(Exception):
    """The log cannot be read, written or a row is not valid; ``str()`` is a Chinese sentence.

    Attributes:
        kind: ``invalid`` (a field), ``locked`` (another program holds the file), ``io`` (disk,
            permission, not a regular file), ``newer`` (made by a newer version of the app).
    """

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class MeasureRef:
    """A measure as it was shown: its id and the title the visitor saw."""

    id: str
    title: str


@dataclass(frozen=True)
class Consultation:
    """One visitor's consultation.

    Attributes:
        id: Row number in the log (0 before it is stored).
        created: Local time of the entry.
        enterprise: 企业名称.
        person: 联系人.
        phone: 电话 (as typed).
        questions: 咨询问题 (may hold line breaks).
        measures: The measures shown, in the order they were opened.
        topics: The measures' topics (专题), computed when the entry was made.
        follow_up: 需回访.
    """

    created: _dt.datetime
    enterprise: str = ""
    person: str = ""
    phone: str = ""
    questions: str = ""
    measures: tuple[MeasureRef, ...] = ()
    topics: tuple[str, ...] = ()
    follow_up: bool = False
    id: int = 0

    @property
    def day(self) -> _dt.date:
        return self.created.date()


@dataclass(frozen=True)
class Recovery:
    """What happened to a damaged log file when it was opened.

    Attributes:
        backup: Where the damaged file now is (kept for the user, never overwritten).
        salvaged: Rows read from it and copied into the new file.
    """

    backup: Path
    salvaged: int

    def message(self) -> str:
        kept = (f"其中 {self.salvaged} 条可以读出，已复制到新的登记文件。" if self.salvaged
                else "其中的登记未能读出。")
        return (f"咨询登记文件已损坏，原文件已原样保存为 {self.backup}，{kept}"
                "新的登记照常保存；如需找回原文件中的登记，请把该文件交给技术支持。")


def _clean(text: str, *, limit: int, multiline: bool = False) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split("\n"))
    text = _CONTROL.sub("", text).strip()
    return text[:limit]


def make_entry(*, enterprise: str = "", person: str = "", phone: str = "", questions: str = "",
               measures: Sequence[MeasureRef] = (), topics: Iterable[str] = (), follow_up: bool = False,
               now: _dt.datetime | None = None) -> Consultation:
    """A checked entry: text trimmed, control characters removed, lengths bounded.

    Raises:
        ConsultationError: Nothing was filled in, or the phone number has letters in it.

    >>> make_entry(enterprise=" 石家庄某科技有限公司 ", phone="0311-85678026",
    ...            now=_dt.datetime(2025, 5, 1, 9, 30)).enterprise
    '石家庄某科技有限公司'
    >>> make_entry(now=_dt.datetime(2025, 5, 1))
    Traceback (most recent call last):
    content.consultations.ConsultationError: 请至少填写企业名称、联系人、咨询问题，或勾选一条介绍过的政策
    """
    e = _clean(enterprise, limit=LIMITS["enterprise"])
    p = _clean(person, limit=LIMITS["person"])
    ph = _clean(phone, limit=LIMITS["phone"])
    q = _clean(questions, limit=LIMITS["questions"], multiline=True)
    refs = tuple(dict.fromkeys(MeasureRef(m.id, _clean(m.title, limit=300)) for m in measures))
    if not (e or p or q or refs):
        raise ConsultationError("请至少填写企业名称、联系人、咨询问题，或勾选一条介绍过的政策", kind="invalid")
    if ph and not _PHONE_OK.fullmatch(ph):
        raise ConsultationError(f"电话“{ph}”中有数字和 - + ( ) 转 以外的字符；请只填电话号码", kind="invalid")
    when = (now or _dt.datetime.now()).replace(microsecond=0)
    return Consultation(created=when, enterprise=e, person=p, phone=ph, questions=q, measures=refs,
                        topics=tuple(dict.fromkeys(t for t in topics if t)), follow_up=bool(follow_up))


# --------------------------------------------------------------------------------------------
# What was opened in the reader since the last entry
# --------------------------------------------------------------------------------------------
@dataclass
class MeasureTrail:
    """The measures opened since the last entry, first-opened first (the form's pre-filled list)."""

    limit: int = TRAIL_LIMIT
    _ids: list[str] = field(default_factory=list)

    def note(self, measure_id: str) -> None:
        if measure_id in self._ids:
            return
        self._ids.append(measure_id)
        del self._ids[: max(0, len(self._ids) - self.limit)]

    def ids(self) -> tuple[str, ...]:
        return tuple(self._ids)

    def clear(self) -> None:
        self._ids.clear()


# --------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------
def default_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def _error_name(exc: sqlite3.Error) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _is_locked(exc: sqlite3.Error) -> bool:
    name = _error_name(exc)
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def _is_damage(exc: sqlite3.Error) -> bool:
    name = _error_name(exc)
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT"))
    text = str(exc)
    return "not a database" in text or "malformed" in text


def _locked(path: Path) -> ConsultationError:
    return ConsultationError(
        f"咨询登记文件 {path} 正被另一个程序使用（可能另开了一个科技政策一点通窗口）。"
        "请关闭另一个窗口后重试；已有的登记不受影响。", kind="locked")


def _io(path: Path, exc: BaseException) -> ConsultationError:
    name = _error_name(exc) if isinstance(exc, sqlite3.Error) else ""
    if name.startswith("SQLITE_FULL"):
        why = "磁盘空间不足"
    elif name.startswith("SQLITE_READONLY") or isinstance(exc, PermissionError):
        why = "没有写入权限或磁盘是只读的"
    elif name.startswith("SQLITE_CANTOPEN"):
        why = "无法打开该文件"
    else:
        why = str(exc) or type(exc).__name__
    return ConsultationError(f"咨询登记文件 {path} 无法读写（{why}）。已有的登记不受影响；"
                             "请检查磁盘空间和文件夹权限后重试。", kind="io")


def _row_to_entry(row: Sequence[object]) -> Consultation:
    rid, created, enterprise, person, phone, questions, measures, topics, follow_up = row
    refs = tuple(MeasureRef(str(m[0]), str(m[1])) for m in json.loads(str(measures)))
    return Consultation(
        id=int(str(rid)), created=_dt.datetime.strptime(str(created), TIME_FORMAT),
        enterprise=str(enterprise), person=str(person), phone=str(phone), questions=str(questions),
        measures=refs, topics=tuple(str(t) for t in json.loads(str(topics))), follow_up=bool(follow_up))


def _entry_values(e: Consultation) -> tuple[object, ...]:
    return (e.created.strftime(TIME_FORMAT), e.enterprise, e.person, e.phone, e.questions,
            json.dumps([[m.id, m.title] for m in e.measures], ensure_ascii=False),
            json.dumps(list(e.topics), ensure_ascii=False), int(e.follow_up))


_INSERT = ("INSERT INTO consultations (created, enterprise, person, phone, questions, measures, topics, "
           "follow_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
_INSERT_WITH_ID = ("INSERT OR IGNORE INTO consultations (id, created, enterprise, person, phone, questions, "
                   "measures, topics, follow_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")


class ConsultationStore:
    """The log in one SQLite file.  Open with :meth:`open`; every method may raise :class:`ConsultationError`.

    Args:
        path: The SQLite file (``default_path(user_data_dir())``).
        timeout: Seconds to wait for another program's lock before giving up.
    """

    def __init__(self, path: Path, *, timeout: float = 2.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.recovery: Recovery | None = None
        self._conn: sqlite3.Connection | None = None

    @classmethod
    def open(cls, path: Path, *, timeout: float = 2.0) -> ConsultationStore:
        store = cls(path, timeout=timeout)
        store._conn = store._open()
        return store

    # -- opening ---------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            check_target(self.path, follow_symlinks=False)  # no link, FIFO, device or folder
        except WriteError as exc:
            raise ConsultationError(f"咨询登记文件：{exc}", kind="io") from None
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        try:
            # Deleted rows are overwritten with zeros, and one file only (no -wal beside it).
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = self._connect()
        except sqlite3.Error as exc:
            if _is_locked(exc):
                raise _locked(self.path) from None
            if not _is_damage(exc):
                raise _io(self.path, exc) from None
            return self._recover()
        try:
            self._check(conn)
            conn.execute(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return conn
        except ConsultationError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            if _is_locked(exc):
                raise _locked(self.path) from None
            if _is_damage(exc) or isinstance(exc, _Damaged):
                return self._recover()
            raise _io(self.path, exc) from None

    def _check(self, conn: sqlite3.Connection) -> None:
        """Raise :class:`_Damaged` when the file is not a sound log of this app."""
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise ConsultationError(f"咨询登记文件 {self.path} 由更新版本的科技政策一点通建立；"
                                    "请用新版本打开，或把它移走后重试。", kind="newer")
        result = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            raise _Damaged("; ".join(result[:3]))
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "consultations" in tables:
            cols = {str(r[1]) for r in conn.execute("PRAGMA table_info(consultations)")}
            if not set(_COLUMNS) <= cols:
                raise _Damaged("missing columns")
        elif tables:
            raise _Damaged("foreign tables")

    def _recover(self) -> sqlite3.Connection:
        salvaged = _salvage(self.path)
        try:
            backup = move_aside(self.path, reason=DAMAGED)
        except WriteError as exc:
            raise ConsultationError(f"咨询登记文件 {self.path} 已损坏，且未能移到一旁（{exc}）；"
                                    "为了不丢失其中的登记，本次不保存新登记。", kind="io") from None
        for extra in (_sibling(self.path, "-journal"), _sibling(self.path, "-wal"), _sibling(self.path, "-shm")):
            with contextlib.suppress(OSError):
                if extra.exists():
                    move_aside(extra, reason=DAMAGED)
        try:
            conn = self._connect()
            conn.execute(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if salvaged:
                with _transaction(conn):
                    conn.executemany(_INSERT_WITH_ID, [(e.id, *_entry_values(e)) for e in salvaged])
        except sqlite3.Error as exc:
            raise (_locked(self.path) if _is_locked(exc) else _io(self.path, exc)) from None
        self.recovery = Recovery(backup, len(salvaged))
        return conn

    # -- reading and writing ---------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def add(self, entry: Consultation) -> Consultation:
        """Store ``entry``; return it with its row number."""
        try:
            with _transaction(self.conn):
                cur = self.conn.execute(_INSERT, _entry_values(entry))
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return replace(entry, id=int(cur.lastrowid or 0))

    def entries(self) -> list[Consultation]:
        """Every entry, oldest first."""
        try:
            rows = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM consultations ORDER BY created, id").fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        out = []
        for row in rows:
            with contextlib.suppress(ValueError, TypeError, IndexError, json.JSONDecodeError):
                out.append(_row_to_entry(row))
        return out

    def count(self, *, day: _dt.date | None = None) -> int:
        try:
            if day is None:
                row = self.conn.execute("SELECT COUNT(*) FROM consultations").fetchone()
            else:
                row = self.conn.execute("SELECT COUNT(*) FROM consultations WHERE substr(created, 1, 10) = ?",
                                        (day.isoformat(),)).fetchone()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return int(row[0])

    def backups(self) -> list[Path]:
        """Damaged copies set aside earlier (they hold personal data too)."""
        return sorted(p for p in self.path.parent.glob(f"{glob_escape(self.path.name)}.{DAMAGED}-*") if p.is_file())

    def delete_all(self) -> int:
        """Delete every entry in one step: the rows, the SQLite file, its journal and any damaged copies.

        The rows are deleted with ``secure_delete`` and the file vacuumed before it is removed, so no
        name is left in it even where removing the file fails (another program has it open on Windows).

        Returns:
            How many entries there were.
        """
        n = self.count()
        try:
            with _transaction(self.conn):
                self.conn.execute("DELETE FROM consultations")
            self.conn.execute("VACUUM")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        self.close()
        problems = []
        for p in [self.path, _sibling(self.path, "-journal"), _sibling(self.path, "-wal"),
                  _sibling(self.path, "-shm"), *self.backups()]:
            try:
                p.unlink(missing_ok=True)
            except OSError as exc:
                problems.append(f"{p}（{exc.strerror or exc}）")
        self.recovery = None
        if problems:
            raise ConsultationError("登记已全部清空，但以下文件未能删除，请手动删除：" + "；".join(problems), kind="io")
        return n

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def _error(self, exc: sqlite3.Error) -> ConsultationError:
        if _is_locked(exc):
            return _locked(self.path)
        if _is_damage(exc):
            return ConsultationError(f"咨询登记文件 {self.path} 在使用中损坏。请关闭再打开本窗口："
                                     "程序会把它移到一旁并尽量恢复其中的登记。", kind="io")
        return _io(self.path, exc)


class _Damaged(sqlite3.DatabaseError):
    """The file opens but is not a sound log (integrity check failed, foreign tables)."""


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def glob_escape(name: str) -> str:
    """``name`` with glob's special characters escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _salvage(path: Path) -> list[Consultation]:
    """The rows that can still be read from a damaged file (none when it is not SQLite at all)."""
    found: list[Consultation] = []
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return found
    try:
        try:
            rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM consultations ORDER BY id").fetchall()
        except sqlite3.Error:
            rows = _rows_one_by_one(conn)
        for row in rows:
            with contextlib.suppress(ValueError, TypeError, IndexError, json.JSONDecodeError):
                found.append(_row_to_entry(row))
    finally:
        conn.close()
    return found


def _rows_one_by_one(conn: sqlite3.Connection, *, limit: int = 100_000) -> list[Sequence[object]]:
    """Read rows by id while the table's pages allow; stop at the first unreadable stretch of 1000."""
    rows: list[Sequence[object]] = []
    misses = 0
    for rid in range(1, limit):
        try:
            row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM consultations WHERE id = ?", (rid,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            misses += 1
            if misses > 1000:
                break
            continue
        misses = 0
        rows.append(row)
    return rows
