"""咨询登记: the SQLite store, the .xlsx/CSV export and the per-day summary (content/consultations.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest

from content.consultation_export import (
    DETAIL_HEADERS,
    DETAIL_SHEET,
    RANKING_SHEET,
    SUMMARY_HEADERS,
    SUMMARY_SHEET,
    daily_summary,
    export_csv,
    export_xlsx,
    summary_rows,
)
from content.consultations import (
    ConsultationError,
    ConsultationStore,
    MeasureRef,
    MeasureTrail,
    default_path,
    make_entry,
)

openpyxl = pytest.importorskip("openpyxl")

BASE = dt.datetime(2025, 5, 20, 9, 0, 0)
TOPICS = ("人才", "研发投入", "科技金融", "成果转化", "平台建设")


def _entry(i: int, **over: object) -> object:
    """Entry ``i`` of a made-up event: every field varies with ``i``, Chinese text, some empty fields."""
    measures = tuple(MeasureRef(f"m-{(i + k) % 7}", f"第{(i + k) % 7}条 研发费用后补助（{'省级' if k else '市级'}）")
                     for k in range(i % 4))
    fields: dict[str, object] = dict(
        enterprise=f"石家庄{'智能' if i % 2 else '生物'}科技有限公司{i:03d}" if i % 9 else "",
        person=f"王{'小明丽华'[i % 4]}" if i % 5 else "",
        phone=f"0311-8567{i:04d}" if i % 3 else f"138 0311 {i:04d}",
        questions=f"第{i}位：高新技术企业认定需要哪些材料？\n研发费用怎么归集？" if i % 6 else "",
        measures=measures,
        topics=tuple(TOPICS[(i + k) % 5] for k in range(i % 3)),
        follow_up=i % 4 == 0,
        now=BASE + dt.timedelta(hours=i * 5, minutes=i, seconds=i),
    )
    fields.update(over)
    return make_entry(**fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> ConsultationStore:
    s = ConsultationStore.open(default_path(tmp_path))
    yield s
    s.close()


# --------------------------------------------------------------------------------------------
# entries
# --------------------------------------------------------------------------------------------
def test_make_entry_cleans_and_checks() -> None:
    e = make_entry(enterprise=" 河北\x07某公司\n二部 ", person="李\u202e四", phone="0311-85678026 转 8",
                   questions="第一行\r\n第二行", measures=[MeasureRef("a", "甲"), MeasureRef("a", "甲")],
                   topics=["人才", "人才", ""], now=BASE)
    assert (e.enterprise, e.person, e.questions) == ("河北某公司 二部", "李四", "第一行\n第二行")
    assert e.measures == (MeasureRef("a", "甲"),) and e.topics == ("人才",)
    with pytest.raises(ConsultationError, match="电话"):
        make_entry(enterprise="甲", phone="abc", now=BASE)
    with pytest.raises(ConsultationError, match="至少填写") as info:
        make_entry(phone="0311", now=BASE)
    assert info.value.kind == "invalid"


def test_trail_keeps_first_opened_order_once_and_is_bounded() -> None:
    t = MeasureTrail(limit=3)
    for mid in ["a", "b", "a", "c", "d"]:
        t.note(mid)
    assert t.ids() == ("b", "c", "d")
    t.clear()
    assert t.ids() == ()


def test_store_keeps_entries_across_reopen(tmp_path: Path) -> None:
    path = default_path(tmp_path)
    s = ConsultationStore.open(path)
    written = [s.add(_entry(i)) for i in range(1, 6)]  # type: ignore[arg-type]
    s.close()
    again = ConsultationStore.open(path)
    try:
        assert again.entries() == written
        assert [e.id for e in written] == [1, 2, 3, 4, 5]
        assert again.count(day=BASE.date()) == sum(1 for e in written if e.day == BASE.date())
        assert again.recovery is None
    finally:
        again.close()


# --------------------------------------------------------------------------------------------
# .xlsx round trip
# --------------------------------------------------------------------------------------------
def _read_detail(path: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [DETAIL_SHEET, SUMMARY_SHEET, RANKING_SHEET]
    rows = list(wb[DETAIL_SHEET].iter_rows(values_only=True))
    assert rows[0] == DETAIL_HEADERS
    return rows[1:]


def test_xlsx_round_trip_of_100_entries_every_field(store: ConsultationStore, tmp_path: Path) -> None:
    for i in range(1, 101):
        store.add(_entry(i))  # type: ignore[arg-type]
    # text that Excel or openpyxl would take for a formula stays text
    store.add(_entry(101, enterprise="=HYPERLINK(\"http://x\")公司", questions="+1 还是 -1？\n@所有人"))
    entries = store.entries()
    assert len(entries) == 101
    out = export_xlsx(entries, tmp_path / "登记.xlsx")
    rows = _read_detail(out)
    assert len(rows) == len(entries)
    for n, (row, e) in enumerate(zip(rows, entries, strict=True), 1):
        no, created, enterprise, person, phone, questions, titles, topics, follow, ids = row
        assert no == n
        assert created == e.created
        assert (enterprise or "", person or "", phone or "", questions or "") == (
            e.enterprise, e.person, e.phone, e.questions)
        got_measures = tuple(MeasureRef(i, t) for i, t in zip((ids or "").split("\n") if ids else [],
                                                               (titles or "").split("\n") if titles else [],
                                                               strict=True))
        assert got_measures == e.measures
        assert (tuple(topics.split("、")) if topics else ()) == e.topics
        assert follow == ("是" if e.follow_up else "否")
    assert any("\n" in (r[5] or "") for r in rows) and any(r[6] and "\n" in r[6] for r in rows)
    assert rows[-1][2] == "=HYPERLINK(\"http://x\")公司"
    wb = openpyxl.load_workbook(out)
    assert wb[DETAIL_SHEET].cell(row=len(rows) + 1, column=3).data_type == "s"


def test_xlsx_export_goes_through_safe_io_and_keeps_the_old_file_when_refused(tmp_path: Path) -> None:
    folder = tmp_path / "是文件夹.xlsx"
    folder.mkdir()
    from content.safe_io import WriteError

    with pytest.raises(WriteError, match="文件夹"):
        export_xlsx([_entry(1)], folder)  # type: ignore[list-item]
    good = tmp_path / "a.xlsx"
    export_xlsx([_entry(1)], good)  # type: ignore[list-item]
    before = good.read_bytes()
    import content.consultation_export as ex

    def broken(entries: object, **_: object) -> bytes:
        return before[: len(before) // 2]  # a cut-short workbook: the verifier refuses it

    orig = ex.xlsx_bytes
    ex.xlsx_bytes = broken  # type: ignore[assignment]
    try:
        with pytest.raises(WriteError):
            export_xlsx([_entry(1), _entry(2)], good)  # type: ignore[list-item]
    finally:
        ex.xlsx_bytes = orig
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "是文件夹.xlsx"]


# --------------------------------------------------------------------------------------------
# summary, by hand
# --------------------------------------------------------------------------------------------
def _hand_entries() -> list[object]:
    a, b, c = MeasureRef("x1", "揭榜挂帅项目支持"), MeasureRef("x2", "高新技术企业认定奖励"), MeasureRef("x3", "研发费用后补助")
    d1 = dt.datetime(2025, 6, 3, 9, 15)
    d2 = dt.datetime(2025, 6, 4, 14, 0)
    return [
        make_entry(enterprise="甲公司", measures=[a, b], topics=["人才", "研发投入"], now=d1),
        make_entry(enterprise="乙公司", measures=[a], topics=["人才"], follow_up=True, now=d1 + dt.timedelta(hours=1)),
        make_entry(enterprise="甲公司", measures=[a, c], topics=["研发投入"], now=d1 + dt.timedelta(hours=2)),
        make_entry(person="散客", questions="问路", now=d1 + dt.timedelta(hours=3)),
        make_entry(enterprise="丙公司", measures=[c], topics=["科技金融"], follow_up=True, now=d2),
        make_entry(enterprise="丁公司", measures=[b, c], topics=["研发投入"], now=d2 + dt.timedelta(minutes=5)),
    ]


def test_daily_summary_matches_hand_counts() -> None:
    days = daily_summary(_hand_entries())  # type: ignore[arg-type]
    assert [d.day for d in days] == [dt.date(2025, 6, 3), dt.date(2025, 6, 4)]
    d1, d2 = days
    # 3 June: 4 visitors, enterprises 甲 乙 (甲 twice, one without a name), 1 follow-up
    assert (d1.visits, d1.enterprises, d1.follow_ups) == (4, 2, 1)
    assert d1.topics == (("人才", 2), ("研发投入", 2))
    assert d1.measures == (("揭榜挂帅项目支持", 3), ("研发费用后补助", 1), ("高新技术企业认定奖励", 1))
    assert (d2.visits, d2.enterprises, d2.follow_ups) == (2, 2, 1)
    assert d2.topics == (("研发投入", 1), ("科技金融", 1))
    assert d2.measures == (("研发费用后补助", 2), ("高新技术企业认定奖励", 1))


def test_summary_sheet_in_the_workbook(tmp_path: Path) -> None:
    out = export_xlsx(_hand_entries(), tmp_path / "r.xlsx")  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(out)
    rows = list(wb[SUMMARY_SHEET].iter_rows(values_only=True))
    assert rows[0] == SUMMARY_HEADERS
    assert rows[1][:4] == (dt.datetime(2025, 6, 3), 4, 2, 1)
    assert rows[1][4] == "人才 2、研发投入 2"
    assert rows[1][5] == "揭榜挂帅项目支持：3人次\n研发费用后补助：1人次\n高新技术企业认定奖励：1人次"
    assert rows[2][:4] == (dt.datetime(2025, 6, 4), 2, 2, 1)
    # 合计: 6 visitors; enterprises 甲 乙 丙 丁; 2 follow-ups; 研发投入 in 3 entries
    assert rows[3][:4] == ("合计", 6, 4, 2)
    assert rows[3][4] == "研发投入 3、人才 2、科技金融 1"
    assert rows[3][5].split("\n")[:2] == ["揭榜挂帅项目支持：3人次", "研发费用后补助：3人次"]
    ranking = list(wb[RANKING_SHEET].iter_rows(values_only=True))
    assert ranking[1:] == [(1, "揭榜挂帅项目支持", 3), (2, "研发费用后补助", 3), (3, "高新技术企业认定奖励", 2)]
    # no internal id anywhere in the summary sheets
    text = repr(rows) + repr(ranking)
    assert "x1" not in text and "x2" not in text and "x3" not in text


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------
def test_csv_is_utf8_with_bom_and_every_field(tmp_path: Path) -> None:
    entries = [_entry(i) for i in range(1, 13)]
    entries.append(_entry(13, enterprise="=1+1公司", phone="+86 311 8567 8026"))
    out = export_csv(entries, tmp_path / "登记.csv")  # type: ignore[arg-type]
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "石家庄".encode() in data  # UTF-8, not GBK
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == DETAIL_HEADERS
    assert len(rows) == 14
    for row, e in zip(rows[1:-1], entries[:-1], strict=True):
        assert row[1] == e.created.strftime("%Y-%m-%d %H:%M:%S")  # type: ignore[attr-defined]
        assert row[2:6] == [e.enterprise, e.person, e.phone, e.questions]  # type: ignore[attr-defined]
        assert row[6] == "\n".join(m.title for m in e.measures)  # type: ignore[attr-defined]
        assert row[8] == ("是" if e.follow_up else "否")  # type: ignore[attr-defined]
    assert rows[-1][2] == "'=1+1公司" and rows[-1][4] == "'+86 311 8567 8026"
    summary = export_csv(_hand_entries(), tmp_path / "汇总.csv", summary=True)  # type: ignore[arg-type]
    srows = list(csv.reader(io.StringIO(summary.read_bytes().decode("utf-8-sig"), newline="")))
    assert tuple(srows[0]) == SUMMARY_HEADERS
    assert srows[1][:4] == ["2025-06-03", "4", "2", "1"] and srows[-1][:4] == ["合计", "6", "4", "2"]
    assert [list(r) for r in srows[1:]] == [[str(c) if not isinstance(c, dt.date) else c.isoformat()
                                            for c in r] for r in summary_rows(_hand_entries())]  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# delete all
# --------------------------------------------------------------------------------------------
def test_delete_all_leaves_no_name_in_any_file(tmp_path: Path) -> None:
    path = default_path(tmp_path)
    s = ConsultationStore.open(path)
    for i in range(1, 30):
        s.add(_entry(i, person="欧阳秘密"))  # type: ignore[arg-type]
    s.close()
    secret = "欧阳秘密".encode()
    assert secret in path.read_bytes()
    # a damaged copy set aside earlier holds names too
    aside = tmp_path / f"{path.name}.damaged-20250101-000000"
    aside.write_bytes(b"junk " + secret)
    s = ConsultationStore.open(path)
    assert s.delete_all() == 29
    assert s.count() == 0  # still usable afterwards
    s.add(make_entry(enterprise="新的一天", now=BASE))
    s.close()
    for p in tmp_path.rglob("*"):
        if p.is_file():
            assert secret not in p.read_bytes(), p
    assert not aside.exists()
    assert [e.enterprise for e in ConsultationStore.open(path).entries()] == ["新的一天"]


def test_deleted_rows_are_zeroed_even_if_the_file_stays(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows: another program has the file open and it cannot be removed — the names are gone anyway."""
    path = default_path(tmp_path)
    s = ConsultationStore.open(path)
    s.add(_entry(1, person="欧阳秘密"))  # type: ignore[arg-type]
    real_unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == path:
            raise PermissionError(13, "另一个程序正在使用此文件")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    with pytest.raises(ConsultationError, match="手动删除"):
        s.delete_all()
    assert path.exists() and "欧阳秘密".encode() not in path.read_bytes()


# --------------------------------------------------------------------------------------------
# damaged and locked files
# --------------------------------------------------------------------------------------------
def test_garbage_file_is_set_aside_never_overwritten(tmp_path: Path) -> None:
    path = default_path(tmp_path)
    junk = b"\x00\x01 this is not a database " * 100
    path.write_bytes(junk)
    s = ConsultationStore.open(path)
    try:
        assert s.recovery is not None and s.recovery.salvaged == 0
        assert s.recovery.backup.read_bytes() == junk
        assert s.recovery.backup.name.startswith("consultations.sqlite3.damaged-")
        assert "已损坏" in s.recovery.message() and str(s.recovery.backup) in s.recovery.message()
        s.add(make_entry(enterprise="甲", now=BASE))
        assert s.count() == 1
        assert s.backups() == [s.recovery.backup]
    finally:
        s.close()


def test_damaged_pages_readable_rows_are_salvaged(tmp_path: Path) -> None:
    path = default_path(tmp_path)
    s = ConsultationStore.open(path)
    for i in range(1, 41):
        s.add(_entry(i, questions="长问题" * 300))  # type: ignore[arg-type]
    expected = s.entries()
    s.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    # wreck one page near the end (a leaf of the table): some rows are lost, the file still opens
    data[-2 * page: -page] = b"\xff" * page
    path.write_bytes(bytes(data))
    original = bytes(data)
    s = ConsultationStore.open(path)
    try:
        rec = s.recovery
        assert rec is not None
        assert rec.backup.read_bytes() == original  # the damaged file kept byte for byte
        got = s.entries()
        assert 0 < rec.salvaged == len(got) < len(expected)
        assert all(e in expected for e in got)
    finally:
        s.close()


def test_locked_file_gives_a_chinese_message_and_changes_nothing(tmp_path: Path) -> None:
    path = default_path(tmp_path)
    s = ConsultationStore.open(path, timeout=0.1)
    s.add(make_entry(enterprise="甲", now=BASE))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ConsultationError, match="另一个程序使用") as info:
            s.add(make_entry(enterprise="乙", now=BASE))
        assert info.value.kind == "locked"
        with pytest.raises(ConsultationError, match="另一个程序使用"):
            s.delete_all()
        with pytest.raises(ConsultationError, match="另一个程序使用"):
            ConsultationStore.open(path, timeout=0.1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [e.enterprise for e in s.entries()] == ["甲"]
    assert not list(tmp_path.glob("*.damaged-*"))  # a locked file is not mistaken for a damaged one
    s.close()


def test_symlink_and_newer_version_are_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.db"
    target.write_bytes(b"")
    link = default_path(tmp_path)
    link.symlink_to(target)
    with pytest.raises(ConsultationError, match="符号链接"):
        ConsultationStore.open(link)
    link.unlink()
    conn = sqlite3.connect(link)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(ConsultationError, match="更新版本") as info:
        ConsultationStore.open(link)
    assert info.value.kind == "newer"
    assert not list(tmp_path.glob("*.damaged-*"))
