"""One owner of the loaded content: documents, calculators, 比一比 pages, home tiles and verifications.

:func:`get_bundle` loads everything once per process (the CLI verbs, the window, printing and the
calculators all read the same :class:`ContentBundle`), validates every cross-reference with
``file:line`` messages, and computes the facts that must read the same on every surface once: each
measure's issuer (with how it is known), level, region, path, citation text and computed status
(:mod:`content.validity`).  ``ui/`` and printing only read these facts.

Qt-free.  Calculators are loaded on first use (a search from the command line does not need them);
:meth:`ContentBundle.problems` loads and checks everything.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from content.compiled import (
    cached,
    cached_content_digest,
    code_version,
    handbook_sources,
    handbook_version,
    load_handbook_cached,
    peek,
)
from content.curated import COMPARE_FILE, HOME_FILE, Comparison, Tile, load_comparisons, load_tiles
from content.loader import CONTENT_DIR, ContentLoadError, load_handbook, load_vocabulary
from content.model import ContentError, Document, Handbook, Measure, Part
from content.validity import (
    DEFAULT_WINDOW_MONTHS,
    Node,
    Status,
    Validity,
    ValidityMap,
    Verification,
    compute_validity,
    today_from_env,
)
from content.verifications import SHIPPED_DIR, load_verification_files, shipped_files, user_file

if TYPE_CHECKING:
    from content.calc.model import Calculator

CALCULATORS_DIR = Path(__file__).resolve().parent / "calculators"

#: How many times this process parsed the content files (a test holds it at one).
load_count = 0
_lock = threading.Lock()
_cache: dict[tuple[str, str, str], ContentBundle] = {}


@dataclass(frozen=True)
class ContentRoot:
    """Where one layer of content lives.

    The shipped content is one root; ``--content-dir`` replaces its documents (the calculators, 比一比
    pages and verifications of a folder are used when the folder has them, else the shipped ones).
    """

    documents: Path
    calculators: Path
    compare_file: Path
    home_file: Path
    verifications: Path
    origin: str = "随软件"

    @classmethod
    def shipped(cls) -> ContentRoot:
        return cls(documents=CONTENT_DIR, calculators=CALCULATORS_DIR, compare_file=COMPARE_FILE,
                   home_file=HOME_FILE, verifications=SHIPPED_DIR)

    @classmethod
    def for_directory(cls, directory: Path) -> ContentRoot:
        """A self-contained content folder: its documents, and its own ``calculators/``, ``curated/`` and
        ``verifications/`` when it has them (a folder without them has no calculators or 比一比 pages)."""
        if directory.resolve() == CONTENT_DIR.resolve():
            return cls.shipped()
        return cls(documents=directory, calculators=directory / "calculators",
                   compare_file=directory / "curated" / "compare.yaml",
                   home_file=directory / "curated" / "home.yaml",
                   verifications=directory / "verifications", origin=str(directory))


@dataclass
class ContentBundle:
    """Everything the app shows, loaded and checked once.

    Attributes:
        handbook: The documents.
        validity: Computed status of every document, part and measure for :attr:`today`.
        verifications: Every verification record that was read (shipped and this PC's).
        comparisons: 比一比 pages.
        tiles: Home tiles.
        today: The day statuses are computed for.
        root: Where the content came from.
        user_verifications: The file this PC's verification records go to ("" when unavailable).
    """

    handbook: Handbook
    validity: ValidityMap
    verifications: tuple[Verification, ...]
    comparisons: tuple[Comparison, ...]
    tiles: tuple[Tile, ...]
    today: _dt.date
    root: ContentRoot
    user_verifications: Path | None
    _base_problems: list[ContentError] = field(default_factory=list)
    _verification_problems: list[ContentError] = field(default_factory=list)
    _declared: _Declared = field(default_factory=lambda: _Declared(), repr=False)
    _calcs: dict[str, Calculator] | None = field(default=None, repr=False)
    _calc_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # -- facts ----------------------------------------------------------------------------------
    def status(self, item_id: str) -> Validity:
        """The computed validity of a document, part or measure (效力未核实 when unknown)."""
        v = self.validity.get(item_id)
        if v is None:
            return Validity(Status.UNVERIFIED, Status.UNVERIFIED.value, "未知条目")
        return v

    def status_map(self) -> Mapping[str, str]:
        """Status value by id, for search filters, facets and ranking (the same object while unchanged)."""
        cached = self.__dict__.get("_status_map")
        if cached is None:
            cached = {k: v.status.value for k, v in self.validity.items()}
            self.__dict__["_status_map"] = cached
        return cached

    def issuer_text(self, item: Measure | Part | Document) -> str:
        """The issuer as every surface shows it (the loader computed the inheritance once)."""
        if isinstance(item, Part):
            ms = next(item.all_measures(), None)
            if ms is not None:
                return ms.issuer_text
            doc = self.handbook.document(item.document_id)
            return doc.issuer_text if doc is not None else ""
        return item.issuer_text

    def citation(self, item: Measure | Part | Document) -> str:
        """A citation to paste into a letter or chat: document, item number, 文号, and the status.

        A measure: ``《文件标题》（文号）“第五部分”第1条“标题”；政策依据：《…》（…号）；状态：效力未核实``.
        """
        hb = self.handbook
        status = self.status(item.id)
        tail = f"；状态：{status.label}"
        if isinstance(item, Document):
            parts = [item.issuer_text, f"《{item.title}》"]
            if item.doc_number:
                parts.append(f"（{item.doc_number}）")
            if item.date:
                parts.append(f"，{item.date}")
            return "".join(parts) + tail
        doc = hb.document(item.document_id)
        head = f"《{doc.title}》" if doc else ""
        if doc and doc.doc_number:
            head += f"（{doc.doc_number}）"
        if isinstance(item, Part):
            return f"{head}{item.title}{tail}"
        where = "".join(f"“{p}”" for p in item.path[1:])
        num = f"第{item.number.lstrip('0') or item.number}条" if item.number else ""
        text = f"{head}{where}{num}“{item.title}”"
        if item.source is not None:
            text += "；政策依据：" + item.source.title + (f"（{item.source.doc_number}）" if item.source.doc_number else "")
        return text + tail

    def facts(self, m: Measure) -> dict[str, Any]:
        """The computed facts of a measure as JSON (CLI verbs use this, so all agree)."""
        return {"issuer": m.issuer_text, "issuer_basis": m.issuer_basis.value, "level": m.level,
                "region": m.region, "path": [*m.path, m.display_title], "validity": self.status(m.id).to_json(),
                "citation": self.citation(m)}

    def summary_line(self) -> str:
        """``文本录入 2026-11-23 · 效力核实 0/212`` — two facts, never merged into one date."""
        entered = self.handbook.content_date or "未记录"
        return f"文本录入 {entered} · 效力核实 {self.validity.verified_count()}/{self.validity.measure_count}"

    # -- calculators (loaded on first use) -------------------------------------------------------
    @property
    def calculators(self) -> Mapping[str, Calculator]:
        """Calculators by id, each rule knowing the computed status of the measures it cites."""
        with self._calc_lock:
            if self._calcs is None:
                from content.calc.declarations import with_cited_documents

                raw, _ = self._declared.get(self.handbook, self.root.calculators)
                self._calcs = with_cited_documents(raw, self.handbook, self.validity)
            return self._calcs

    def problems(self) -> list[ContentError]:
        """Every problem of every content file, after loading and cross-checking everything."""
        _, calc_problems = self._declared.get(self.handbook, self.root.calculators)
        return [*self._base_problems, *self._verification_problems, *calc_problems]

    def known_ids(self) -> set[str]:
        hb = self.handbook
        ids = {d.id for d in hb.documents}
        ids.update(p.id for d in hb.documents for p in d.all_parts())
        ids.update(m.id for m in hb.measures())
        return ids

    # -- verifications ----------------------------------------------------------------------------
    def with_verifications(self, extra: Sequence[Verification]) -> ContentBundle:
        """The same content with more verification records (statuses recomputed, nothing re-read)."""
        return self._with_records((*self.verifications, *extra), list(self._verification_problems))

    def _with_records(self, records: Sequence[Verification], problems: list[ContentError]) -> ContentBundle:
        validity = _compute(self.handbook, records, self.today, self.validity.window_months)
        return ContentBundle(handbook=self.handbook, validity=validity, verifications=tuple(records),
                             comparisons=self.comparisons, tiles=self.tiles, today=self.today, root=self.root,
                             user_verifications=self.user_verifications, _base_problems=self._base_problems,
                             _verification_problems=problems, _declared=self._declared)


class _Declared:
    """The calculator declarations, parsed and cross-checked once, shared by refreshed bundles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[dict[str, Calculator], list[ContentError]] | None = None

    def get(self, hb: Handbook, directory: Path) -> tuple[dict[str, Calculator], list[ContentError]]:
        with self._lock:
            if self._value is None:
                from content.calc.declarations import load_calculators_checked

                self._value = load_calculators_checked(hb, directory=directory)
            return self._value


def _nodes(hb: Handbook) -> list[Node]:
    out: list[Node] = []
    for d in hb.documents:
        out.append(Node(id=d.id, document_id=d.id, chain=()))

        def walk(parts: Sequence[Part], chain: tuple[str, ...], doc_id: str) -> None:
            for p in parts:
                out.append(Node(id=p.id, document_id=doc_id, chain=chain))
                for m in p.measures:
                    out.append(Node(id=m.id, document_id=doc_id, chain=(*chain, p.id), dates=m.dates))
                walk(p.parts, (*chain, p.id), doc_id)

        walk(d.parts, (d.id,), d.id)
    return out


def _compute(hb: Handbook, records: Sequence[Verification], today: _dt.date, window: int) -> ValidityMap:
    return compute_validity(_nodes(hb), {d.id: d.dates for d in hb.documents}, records, today=today,
                            window_months=window, measure_ids=[m.id for m in hb.measures()])


def _window_months(root: ContentRoot, errors: list[ContentError]) -> int:
    import yaml

    manifest = root.documents / "_manifest.yaml"
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) if manifest.exists() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return DEFAULT_WINDOW_MONTHS  # the loader reports an unreadable manifest
    raw = data.get("verification_window_months") if isinstance(data, dict) else None
    if raw is None:
        return DEFAULT_WINDOW_MONTHS
    if isinstance(raw, int) and not isinstance(raw, bool) and 1 <= raw <= 60:
        return raw
    errors.append(ContentError(manifest.name, 0, "verification_window_months",
                               f"核实有效期“{raw}”应为 1 到 60 之间的月数；已按 {DEFAULT_WINDOW_MONTHS} 个月计算"))
    return DEFAULT_WINDOW_MONTHS


def _check_curated(hb: Handbook, comparisons: Sequence[Comparison], tiles: Sequence[Tile],
                   errors: list[ContentError]) -> tuple[tuple[Comparison, ...], tuple[Tile, ...]]:
    vocab = load_vocabulary()
    comp_ids = set()
    good_comps: list[Comparison] = []
    for c in comparisons:
        bad = False
        for col in c.columns:
            for mid in col.measures:
                if hb.measure(mid) is None:
                    errors.append(ContentError(c.file, col.line, "measures",
                                               f"比一比“{c.id}”引用的措施“{mid}”不存在（编号见 main.py list）"))
                    bad = True
            if col.level not in vocab.levels:
                errors.append(ContentError(c.file, col.line, "level", f"层级“{col.level}”不在词表中"))
        if not bad:
            good_comps.append(c)
            comp_ids.add(c.id)
    good_tiles: list[Tile] = []
    for t in tiles:
        problem = ""
        if t.scheme == "compare" and t.arg not in comp_ids:
            problem = f"首页磁贴“{t.title}”指向的比一比“{t.arg}”不存在"
        elif t.scheme == "topic" and t.arg not in vocab.topics:
            problem = f"首页磁贴“{t.title}”的专题“{t.arg}”不在词表中"
        elif t.scheme == "level" and t.arg not in vocab.levels:
            problem = f"首页磁贴“{t.title}”的层级“{t.arg}”不在词表中"
        elif t.scheme == "item" and hb.find(t.arg) is None:
            problem = f"首页磁贴“{t.title}”指向的条目“{t.arg}”不存在"
        if problem:
            errors.append(ContentError(t.file, t.line, "target", problem))
        else:
            good_tiles.append(t)
    return tuple(good_comps), tuple(good_tiles)


def load_bundle(content_dir: Path | None = None, *, data_dir: Path | None = None,
                today: _dt.date | None = None) -> ContentBundle:
    """Load and check all content (always reads the files; use :func:`get_bundle` to share one load).

    Args:
        content_dir: A folder of document files replacing the shipped ones (``--content-dir``).
        data_dir: The per-user data folder whose ``verifications.yaml`` holds this PC's records
            (default: :func:`content.appdirs.user_data_dir`; unusable folders are reported, not fatal).
        today: The day to compute statuses for (default: today, or ``KJZC_TODAY``).

    Raises:
        ContentLoadError: the content folder itself is unusable.
    """
    global load_count
    root = ContentRoot.for_directory(content_dir) if content_dir is not None else ContentRoot.shipped()
    hb = load_handbook_cached(root.documents, load_handbook)  # parsed files are kept (content/compiled.py)
    load_count += 1
    day = today or today_from_env()
    errors: list[ContentError] = list(hb.errors)
    window = _window_months(root, errors)
    user_path: Path | None = None
    try:
        if data_dir is None:
            from content.appdirs import user_data_dir

            data_dir = user_data_dir()
        user_path = user_file(data_dir)
    except OSError as exc:
        errors.append(ContentError("verifications.yaml", 0, "",
                                   f"个人数据目录不可用（{exc.strerror or exc}），本机核实记录无法读取"))
    files = [(p, "随软件") for p in shipped_files(root.verifications)]
    if user_path is not None:
        files.append((user_path, "本机"))
    known = {d.id for d in hb.documents} | {p.id for d in hb.documents for p in d.all_parts()} | {
        m.id for m in hb.measures()}
    loaded = load_verification_files(files, known_ids=known, today=day)
    comparisons = load_comparisons(root.compare_file, errors)
    tiles = load_tiles(root.home_file, errors)
    comparisons, tiles = _check_curated(hb, comparisons, tiles, errors)
    sources, version = _validity_key(root, [p for p, _ in files], day, window)
    validity = cached("validity", sources, lambda: _compute(hb, loaded.records, day, window), version=version)
    return ContentBundle(handbook=hb, validity=validity, verifications=loaded.records, comparisons=comparisons,
                         tiles=tiles, today=day, root=root, user_verifications=user_path, _base_problems=errors,
                         _verification_problems=list(loaded.errors))


def _validity_key(root: ContentRoot, verification_files: Sequence[Path], day: _dt.date,
                  window: int) -> tuple[list[Path], str]:
    """What a computed validity map depends on: the content files, the verification files, the day."""
    import sys

    import content.validity
    import content.verifications

    present = [p for p in verification_files if p.exists()]
    version = code_version([content.validity, content.verifications, sys.modules[__name__]]) + "|" + "|".join(
        [handbook_version(root.documents), day.isoformat(), str(window), *(f"{p}:{p in present}" for p in
                                                                           verification_files)])
    return [*handbook_sources(root.documents), *present], version


def cached_search_facts(content_dir: Path | str | None = None, *,
                        data_dir: Path | None = None) -> tuple[str, ValidityMap] | None:
    """What a command-line search needs, from the compiled cache, without parsing any content.

    Returns ``(content digest, computed validity)`` when both are cached for the current content,
    verification files and day; ``None`` otherwise (then load the bundle as usual, which caches them).
    """
    cdir = Path(content_dir) if content_dir else None
    root = ContentRoot.for_directory(cdir) if cdir is not None else ContentRoot.shipped()
    digest = cached_content_digest(root.documents)
    if digest is None:
        return None
    try:
        if data_dir is None:
            from content.appdirs import user_data_dir

            data_dir = user_data_dir()
        files = [*shipped_files(root.verifications), user_file(data_dir)]
    except OSError:
        return None
    sources, version = _validity_key(root, files, today_from_env(), _window_months(root, []))
    validity = peek("validity", sources, version=version)
    return (digest, validity) if isinstance(validity, ValidityMap) else None


def bundle_for(handbook: Handbook, *, verifications: Sequence[Verification] = (), today: _dt.date | None = None,
               data_dir: Path | None = None) -> ContentBundle:
    """A bundle around an already loaded handbook (tests; an empty handbook when content is missing).

    The shipped 比一比 pages and tiles whose references the handbook has are kept; nothing is re-read.
    """
    root = ContentRoot.shipped()
    day = today or today_from_env()
    errors: list[ContentError] = list(handbook.errors)
    comparisons, tiles = _check_curated(handbook, load_comparisons(root.compare_file, []),
                                        load_tiles(root.home_file, []), [])
    user_path = user_file(data_dir) if data_dir is not None else None
    return ContentBundle(handbook=handbook, validity=_compute(handbook, verifications, day, DEFAULT_WINDOW_MONTHS),
                         verifications=tuple(verifications), comparisons=comparisons, tiles=tiles, today=day,
                         root=root, user_verifications=user_path, _base_problems=errors)


def get_bundle(content_dir: Path | str | None = None, *, data_dir: Path | None = None) -> ContentBundle:
    """The process's bundle for ``content_dir`` (loaded on first call, then shared).

    Raises:
        ContentLoadError: the content folder itself is unusable.
    """
    cdir = Path(content_dir) if content_dir else None
    key = (str(cdir or ""), str(data_dir or os.environ.get("KJZC_DATA_DIR", "")), os.environ.get("KJZC_TODAY", ""))
    with _lock:
        b = _cache.get(key)
        if b is None:
            b = load_bundle(cdir, data_dir=data_dir)
            _cache[key] = b
        return b


def refresh_verifications(bundle: ContentBundle) -> ContentBundle:
    """The bundle with this PC's verification file read again (after recording or importing)."""
    files = [(p, "随软件") for p in shipped_files(bundle.root.verifications)]
    if bundle.user_verifications is not None:
        files.append((bundle.user_verifications, "本机"))
    loaded = load_verification_files(files, known_ids=bundle.known_ids(), today=bundle.today)
    fresh = bundle._with_records(loaded.records, list(loaded.errors))
    with _lock:
        for k, v in list(_cache.items()):
            if v is bundle:
                _cache[k] = fresh
    return fresh


def reset_for_tests() -> None:
    """Forget the shared bundles (tests that change content or verifications between calls)."""
    with _lock:
        _cache.clear()


__all__ = [
    "ContentBundle",
    "ContentLoadError",
    "ContentRoot",
    "bundle_for",
    "cached_search_facts",
    "get_bundle",
    "load_bundle",
    "refresh_verifications",
]
