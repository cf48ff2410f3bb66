"""咨询登记 → the bureau's activity report: an Excel workbook (.xlsx) or CSV.  Qt-free.

The workbook has three sheets:

* ``咨询登记`` — one row per visitor, every field (the measures by title, their ids in the last column);
* ``每日汇总`` — per day: visitors, enterprises, 需回访, topics and the measures most asked about
  (titles, with how many visitors asked), and a 合计 row;
* ``政策排行`` — the measures most asked about over the whole period.

CSV is UTF-8 with a byte-order mark, so Excel on a Chinese Windows reads it as UTF-8 and not as GBK.
A cell that Excel would take for a formula (``=``, ``+``, ``-``, ``@`` first) gets a leading ``'`` in
CSV; in the workbook every text cell is stored as text.  Files are written through
:mod:`content.safe_io` (a temporary file, checked, then renamed).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from content.consultations import Consultation
from content.safe_io import VerifyError, write_bytes

DETAIL_SHEET = "咨询登记"
SUMMARY_SHEET = "每日汇总"
RANKING_SHEET = "政策排行"
DETAIL_HEADERS = ("序号", "登记时间", "企业名称", "联系人", "电话", "咨询问题", "介绍的政策", "专题", "需回访",
                  "政策编号")
SUMMARY_HEADERS = ("日期", "登记人次", "企业数", "需回访", "咨询专题（人次）", "问得最多的政策（人次）")
RANKING_HEADERS = ("排名", "政策", "人次")
#: How many measures a day's row names.
TOP_PER_DAY = 5
TOPIC_SEP = "、"
LINE_SEP = "\n"
YES, NO = "是", "否"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class DaySummary:
    """One day of the log.

    Attributes:
        day: The date.
        visits: Entries that day (登记人次).
        enterprises: Different enterprise names that day (blank names not counted).
        follow_ups: Entries marked 需回访.
        topics: (topic, entries mentioning it), most frequent first.
        measures: (title, entries that were shown it), most frequent first.
    """

    day: _dt.date
    visits: int
    enterprises: int
    follow_ups: int
    topics: tuple[tuple[str, int], ...]
    measures: tuple[tuple[str, int], ...]


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _titles(entries: Iterable[Consultation]) -> dict[str, str]:
    """Measure id → the title it had in the latest entry (a title can change with new content)."""
    out: dict[str, str] = {}
    for e in entries:
        for m in e.measures:
            out[m.id] = m.title
    return out


def _measure_counts(entries: Sequence[Consultation], titles: dict[str, str]) -> Counter[str]:
    """Title → entries shown it (two measures under one title count a visitor once)."""
    return Counter(t for e in entries for t in dict.fromkeys(titles.get(m.id) or m.title or m.id for m in e.measures))


def daily_summary(entries: Sequence[Consultation]) -> list[DaySummary]:
    """Per-day counts, oldest day first.

    >>> from content.consultations import MeasureRef
    >>> d = _dt.datetime(2025, 5, 1, 9)
    >>> rows = daily_summary([Consultation(d, "甲", topics=("人才",), measures=(MeasureRef("a", "A"),)),
    ...                       Consultation(d, "甲", follow_up=True, measures=(MeasureRef("a", "A"),))])
    >>> rows[0].visits, rows[0].enterprises, rows[0].follow_ups, rows[0].topics, rows[0].measures
    (2, 1, 1, (('人才', 1),), (('A', 2),))
    """
    titles = _titles(entries)
    days: dict[_dt.date, list[Consultation]] = {}
    for e in sorted(entries, key=lambda e: (e.created, e.id)):
        days.setdefault(e.day, []).append(e)
    out = []
    for day, es in days.items():
        topics: Counter[str] = Counter(t for e in es for t in dict.fromkeys(e.topics))
        out.append(DaySummary(
            day=day, visits=len(es), enterprises=len({e.enterprise.casefold() for e in es if e.enterprise}),
            follow_ups=sum(1 for e in es if e.follow_up), topics=_ranked(topics),
            measures=_ranked(_measure_counts(es, titles))))
    return out


def measure_ranking(entries: Sequence[Consultation]) -> tuple[tuple[str, int], ...]:
    """(title, entries that were shown it) over the whole log, most frequent first."""
    return _ranked(_measure_counts(entries, _titles(entries)))


def detail_rows(entries: Sequence[Consultation]) -> list[tuple[Any, ...]]:
    """The 咨询登记 rows (without the header), oldest first."""
    ordered = sorted(entries, key=lambda e: (e.created, e.id))
    return [(n, e.created, e.enterprise, e.person, e.phone, e.questions,
             LINE_SEP.join(m.title for m in e.measures), TOPIC_SEP.join(e.topics), YES if e.follow_up else NO,
             LINE_SEP.join(m.id for m in e.measures))
            for n, e in enumerate(ordered, 1)]


def summary_rows(entries: Sequence[Consultation]) -> list[tuple[Any, ...]]:
    """The 每日汇总 rows (without the header), with a 合计 row at the end when there is any entry."""
    days = daily_summary(entries)

    def topics(pairs: Sequence[tuple[str, int]]) -> str:
        return TOPIC_SEP.join(f"{t} {n}" for t, n in pairs)

    def measures(pairs: Sequence[tuple[str, int]]) -> str:
        return LINE_SEP.join(f"{t}：{n}人次" for t, n in pairs[:TOP_PER_DAY])

    rows: list[tuple[Any, ...]] = [(d.day, d.visits, d.enterprises, d.follow_ups, topics(d.topics), measures(d.measures))
                                   for d in days]
    if days:
        all_topics: Counter[str] = Counter(t for e in entries for t in dict.fromkeys(e.topics))
        rows.append(("合计", sum(d.visits for d in days),
                     len({e.enterprise.casefold() for e in entries if e.enterprise}),
                     sum(d.follow_ups for d in days), topics(_ranked(all_topics)),
                     measures(measure_ranking(entries))))
    return rows


# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------
def xlsx_bytes(entries: Sequence[Consultation], *, generated: _dt.datetime | None = None) -> bytes:
    """The workbook as bytes (openpyxl)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def sheet(ws: Any, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
              widths: Sequence[int]) -> None:
        ws.title = title
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = bold
        for r, row in enumerate(rows, 2):
            for c, value in enumerate(row, 1):
                cell = ws.cell(row=r, column=c)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even "=1+1" typed into a form
                    cell.alignment = wrap
                elif isinstance(value, _dt.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(value, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = "A2"

    detail = detail_rows(entries)
    sheet(wb.active, DETAIL_SHEET, DETAIL_HEADERS, detail, (6, 20, 28, 10, 16, 40, 40, 18, 8, 16))
    if detail:
        wb[DETAIL_SHEET].auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_HEADERS))}{len(detail) + 1}"
    sheet(wb.create_sheet(), SUMMARY_SHEET, SUMMARY_HEADERS, summary_rows(entries), (12, 10, 8, 8, 36, 60))
    ranking = [(n, title, count) for n, (title, count) in enumerate(measure_ranking(entries), 1)]
    sheet(wb.create_sheet(), RANKING_SHEET, RANKING_HEADERS, ranking, (6, 60, 8))
    wb.properties.title = "咨询登记"
    wb.properties.creator = "科技政策一点通"
    when = generated or _dt.datetime.now()
    wb.properties.created = wb.properties.modified = when.replace(microsecond=0)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def verify_xlsx(rows: int) -> Callable[[Path], None]:
    """A verifier for :func:`content.safe_io.write_bytes`: the workbook reopens with ``rows`` entries."""

    def check(path: Path) -> None:
        from openpyxl import load_workbook

        try:
            # a file object: openpyxl refuses a name that does not end in .xlsx (the temporary file's)
            wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
            try:
                if wb.sheetnames[:3] != [DETAIL_SHEET, SUMMARY_SHEET, RANKING_SHEET]:
                    raise VerifyError(f"{path}：工作表不全")
                found = sum(1 for _ in wb[DETAIL_SHEET].iter_rows(min_row=2, values_only=True))
            finally:
                wb.close()
        except VerifyError:
            raise
        except Exception as exc:  # zipfile, XML: a cut-short file shows up as any of them
            raise VerifyError(f"{path}：写入后无法重新打开（{type(exc).__name__}）") from None
        if found != rows:
            raise VerifyError(f"{path}：应有 {rows} 条登记，读回 {found} 条")

    return check


def export_xlsx(entries: Sequence[Consultation], out: Path | str) -> Path:
    """Write the workbook to ``out`` (a file the user named: a link there is followed).

    Raises:
        content.safe_io.WriteError: The file cannot be written; its ``str()`` says why, in Chinese.
    """
    target = Path(out)
    write_bytes(target, xlsx_bytes(entries), verify=verify_xlsx(len(entries)), follow_symlinks=True)
    return target


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------
def _csv_cell(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    # Excel runs a cell that starts like a formula; the quote makes it text (OWASP "CSV injection").
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV with CRLF line ends (what Excel writes), a byte-order mark first."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    for row in rows:
        w.writerow([_csv_cell(v) for v in row])
    return "\ufeff" + buf.getvalue()


def export_csv(entries: Sequence[Consultation], out: Path | str, *, summary: bool = False) -> Path:
    """Write the entries (or, with ``summary``, the 每日汇总 table) as CSV to ``out``.

    Raises:
        content.safe_io.WriteError: The file cannot be written.
    """
    target = Path(out)
    text = (csv_text(SUMMARY_HEADERS, summary_rows(entries)) if summary
            else csv_text(DETAIL_HEADERS, detail_rows(entries)))
    write_bytes(target, text.encode("utf-8"), follow_symlinks=True)
    return target
