"""One owner of the loaded content: documents, calculators, 比一比 pages, home tiles and verifications.

:func:`get_bundle` loads everything once per process (the CLI verbs, the window, printing and the
calculators all read the same :class:`ContentBundle`), validates every cross-reference with
``file:line`` messages, and computes the facts that must read the same on every surface once: each
measure's issuer (with how it is known), level, region, path, citation text and computed status
(:mod:`content.validity`).  ``ui/`` and printing only read these facts.

The content comes in layers (:mod:`content.layers`): the shipped content, then every content pack
installed in the per-user data folder, province → city → county.  A pack's document replaces a lower
layer's with the same id (visibly: :meth:`ContentBundle.provenance` says where every document came
from and what it replaced); two packs of one layer claiming an id is an error naming both.  A pack's
archive keeps what it removed readable, marked 已废止.

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

from content.compiled import cached, code_version, peek
from content.contacts import ResponsibleGroup, responsible_for
from content.curated import COMPARE_FILE, HOME_FILE, Comparison, Tile, load_comparisons, load_tiles
from content.layers import (
    Layer,
    Provenance,
    cached_layered_digest,
    layered_sources,
    layered_version,
    load_layered,
    merge_calculators,
    merge_curated,
    verification_files,
)
from content.loader import CONTENT_DIR, ContentLoadError, load_vocabulary
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
from content.verifications import SHIPPED_DIR, load_verification_files, user_file

if TYPE_CHECKING:
    from content.calc.model import Calculator
    from content.packs.store import LastUpdate

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

    def layer(self) -> Layer:
        """This root as the base layer (its documents show as 随软件, or as the ``--content-dir`` folder)."""
        folder = "" if self.origin == "随软件" else self.origin
        return Layer(provenance=Provenance(folder=folder), documents=self.documents, calculators=self.calculators,
                     compare_file=self.compare_file, home_file=self.home_file, verifications=self.verifications)


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
        root: Where the base content came from.
        user_verifications: The file this PC's verification records go to ("" when unavailable).
        layers: The base content and every installed content pack, lowest first.
        documents_from: Document id → :class:`Provenance` (only documents that did not come with the app).
        archived: Ids of documents, parts and measures kept only in a pack's archive (removed, 已废止).
        data_dir: The per-user data folder the packs and this PC's records were read from.
        content_dir: ``--content-dir`` (None: the shipped content, with the installed packs).
        last_update: The last install or rollback of a content pack (the home page's "本次更新").
    """

    handbook: Handbook
    validity: ValidityMap
    verifications: tuple[Verification, ...]
    comparisons: tuple[Comparison, ...]
    tiles: tuple[Tile, ...]
    today: _dt.date
    root: ContentRoot
    user_verifications: Path | None
    layers: tuple[Layer, ...] = ()
    documents_from: Mapping[str, Provenance] = field(default_factory=dict)
    archived: frozenset[str] = frozenset()
    data_dir: Path | None = None
    content_dir: Path | None = None
    last_update: LastUpdate | None = None
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

    def provenance(self, item: Measure | Part | Document | str) -> Provenance:
        """Where a document, part or measure came from: 随软件, or a pack (id, publisher, version, date)."""
        if isinstance(item, str):
            found = self.handbook.find(item)
            if found is None:
                return self.layers[0].provenance if self.layers else Provenance()
            item = found
        doc_id = item.id if isinstance(item, Document) else item.document_id
        base = self.layers[0].provenance if self.layers else Provenance()
        return self.documents_from.get(doc_id, base)

    def status_map(self) -> Mapping[str, str]:
        """Status value by id, for search filters, facets and ranking (the same object while unchanged)."""
        cached = self.__dict__.get("_status_map")
        if cached is None:
            cached = {k: v.status.value for k, v in self.validity.items()}
            self.__dict__["_status_map"] = cached
        return cached

    def responsible(self, comp: Comparison) -> tuple[ResponsibleGroup, ...]:
        """The 谁负责 box of a 比一比 page: per column, the contacts its measures print (see content.contacts)."""
        return responsible_for(self.handbook, comp)

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

                raw, _ = self._declared.get(self.handbook, self._calculator_layers())
                self._calcs = with_cited_documents(raw, self.handbook, self.validity)
            return self._calcs

    def problems(self) -> list[ContentError]:
        """Every problem of every content file, after loading and cross-checking everything."""
        _, calc_problems = self._declared.get(self.handbook, self._calculator_layers())
        return [*self._base_problems, *self._verification_problems, *calc_problems]

    def _calculator_layers(self) -> tuple[Layer, ...]:
        return self.layers or (self.root.layer(),)

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
        validity = _compute(self.handbook, records, self.today, self.validity.window_months, archived=self.archived)
        return ContentBundle(handbook=self.handbook, validity=validity, verifications=tuple(records),
                             comparisons=self.comparisons, tiles=self.tiles, today=self.today, root=self.root,
                             user_verifications=self.user_verifications, layers=self.layers,
                             documents_from=self.documents_from, archived=self.archived, data_dir=self.data_dir,
                             content_dir=self.content_dir, last_update=self.last_update,
                             _base_problems=self._base_problems, _verification_problems=problems,
                             _declared=self._declared)

    def verification_files(self) -> list[tuple[Path, str]]:
        """Every verification file to read: each layer's (随软件, a pack's id) and this PC's (本机)."""
        files = verification_files(self.layers or (self.root.layer(),))
        if self.user_verifications is not None:
            files.append((self.user_verifications, "本机"))
        return files


class _Declared:
    """The calculator declarations, parsed and cross-checked once, shared by refreshed bundles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: tuple[dict[str, Calculator], list[ContentError]] | None = None

    def get(self, hb: Handbook, layers: Sequence[Layer]) -> tuple[dict[str, Calculator], list[ContentError]]:
        with self._lock:
            if self._value is None:
                self._value = merge_calculators(hb, layers)
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


def _compute(hb: Handbook, records: Sequence[Verification], today: _dt.date, window: int, *,
             archived: frozenset[str] = frozenset()) -> ValidityMap:
    nodes = _nodes(hb)
    measure_ids = [m.id for m in hb.measures()]
    validity = compute_validity(nodes, {d.id: d.dates for d in hb.documents}, records, today=today,
                                window_months=window, measure_ids=measure_ids)
    if not archived:
        return validity
    return _archived_repealed(validity, [n for n in nodes if n.id in archived], records, today, measure_ids)


def _archived_repealed(validity: ValidityMap, nodes: Sequence[Node], records: Sequence[Verification],
                       today: _dt.date, measure_ids: Sequence[str]) -> ValidityMap:
    """Archived items (a pack removed them) are 已废止 when a 已废止 record covers them.

    The pack's own records say so (content/packs/archive.py); they outrank a passed period or a
    draft's status here because the item is no longer part of the pack at all.  Without such a
    record the computed status stands.
    """
    from content.validity import VerificationResult, not_applied_note

    repeal: dict[str, Verification] = {}
    for v in records:
        if v.result is VerificationResult.REPEALED and v.date <= today:
            best = repeal.get(v.target)
            if best is None or v.date > best.date:
                repeal[v.target] = v
    values = dict(validity.items())
    for n in nodes:
        rec = next((repeal[t] for t in reversed((*n.chain, n.id)) if t in repeal), None)
        if rec is None or values[n.id].status is Status.REPEALED:
            continue
        before = values[n.id].reason.replace(f"；{not_applied_note(rec)}", "")  # the record is said once
        values[n.id] = Validity(Status.REPEALED, f"已废止（{rec.date.isoformat()} 经{rec.office}核实）",
                                f"{rec.summary()}；此前：{before}", verification=rec,
                                trial=values[n.id].trial)
    return ValidityMap(values, today=validity.today, window_months=validity.window_months, measure_ids=measure_ids)


def _window_months(root: ContentRoot, errors: list[ContentError]) -> int:
    import yaml

    from content.safe_read import guard_yaml, read_content_bytes

    manifest = root.documents / "_manifest.yaml"
    data = None
    try:  # read as content is read (no FIFO waited on, no alias bomb); the loader reports a bad one
        if manifest.exists():
            text = read_content_bytes(manifest).decode("utf-8")
            guard_yaml(text)
            data = yaml.safe_load(text)
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
        content_dir: A folder of document files replacing the shipped ones (``--content-dir``); it is
            shown alone, without the installed content packs.
        data_dir: The per-user data folder whose ``verifications.yaml`` holds this PC's records and whose
            ``packs/`` the installed content packs (default: :func:`content.appdirs.user_data_dir`;
            unusable folders are reported, not fatal).
        today: The day to compute statuses for (default: today, or ``KJZC_TODAY``).

    Raises:
        ContentLoadError: the content folder itself is unusable.
    """
    global load_count
    root = ContentRoot.for_directory(content_dir) if content_dir is not None else ContentRoot.shipped()
    day = today or today_from_env()
    early: list[ContentError] = []
    user_path: Path | None = None
    try:
        if data_dir is None:
            from content.appdirs import user_data_dir

            data_dir = user_data_dir()
        user_path = user_file(data_dir)
    except OSError as exc:
        data_dir = None
        early.append(ContentError("verifications.yaml", 0, "",
                                  f"个人数据目录不可用（{exc.strerror or exc}），本机核实记录无法读取"))
    layers = [root.layer()]
    update = None
    if content_dir is None and data_dir is not None:
        from content.layers import pack_layers
        from content.packs.store import last_update

        layers += pack_layers(data_dir)
        update = last_update(data_dir)
    merged = load_layered(layers)  # parsed files are kept (content/compiled.py)
    hb = merged.handbook
    load_count += 1
    errors: list[ContentError] = [*hb.errors, *early]
    window = _window_months(root, errors)
    files = verification_files(layers)
    if user_path is not None:
        files.append((user_path, "本机"))
    known = {d.id for d in hb.documents} | {p.id for d in hb.documents for p in d.all_parts()} | {
        m.id for m in hb.measures()}
    loaded = load_verification_files(files, known_ids=known, today=day)
    comparisons, tiles = merge_curated(layers, errors)
    good_comps, good_tiles = _check_curated(hb, comparisons, tiles, errors)
    sources, version = _validity_key(layers, [p for p, _ in files], day, window)
    validity = cached("validity", sources, lambda: _compute(hb, loaded.records, day, window, archived=merged.archived),
                      version=version)
    documents_from = {k: v for k, v in merged.provenance.items() if not v.shipped}
    return ContentBundle(handbook=hb, validity=validity, verifications=loaded.records, comparisons=good_comps,
                         tiles=good_tiles, today=day, root=root, user_verifications=user_path, layers=tuple(layers),
                         documents_from=documents_from, archived=merged.archived, data_dir=data_dir,
                         content_dir=content_dir, last_update=update, _base_problems=errors,
                         _verification_problems=list(loaded.errors))


def _validity_key(layers: Sequence[Layer], verification_files: Sequence[Path], day: _dt.date,
                  window: int) -> tuple[list[Path], str]:
    """What a computed validity map depends on: every layer's content files, the verification files, the day."""
    import sys

    import content.validity
    import content.verifications

    present = [p for p in verification_files if p.exists()]
    version = code_version([content.validity, content.verifications, sys.modules[__name__]]) + "|" + "|".join(
        [layered_version(layers), day.isoformat(), str(window), *(f"{p}:{p in present}" for p in
                                                                  verification_files)])
    return [*layered_sources(layers), *present], version


def _layers_for(content_dir: Path | None, data_dir: Path) -> list[Layer]:
    root = ContentRoot.for_directory(content_dir) if content_dir is not None else ContentRoot.shipped()
    layers = [root.layer()]
    if content_dir is None:
        from content.layers import pack_layers

        layers += pack_layers(data_dir)
    return layers


def cached_search_facts(content_dir: Path | str | None = None, *,
                        data_dir: Path | None = None) -> tuple[str, ValidityMap] | None:
    """What a command-line search needs, from the compiled cache, without parsing any content.

    Returns ``(content digest, computed validity)`` when both are cached for the current content (the
    shipped content and the installed packs), verification files and day; ``None`` otherwise (then load
    the bundle as usual, which caches them).
    """
    cdir = Path(content_dir) if content_dir else None
    try:
        if data_dir is None:
            from content.appdirs import user_data_dir

            data_dir = user_data_dir()
        layers = _layers_for(cdir, data_dir)
        digest = cached_layered_digest(layers)
        if digest is None:
            return None
        files = [*(p for p, _ in verification_files(layers)), user_file(data_dir)]
    except OSError:
        return None
    root = ContentRoot.for_directory(cdir) if cdir is not None else ContentRoot.shipped()
    sources, version = _validity_key(layers, files, today_from_env(), _window_months(root, []))
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
                         root=root, user_verifications=user_path, layers=(root.layer(),), data_dir=data_dir,
                         _base_problems=errors)


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
    loaded = load_verification_files(bundle.verification_files(), known_ids=bundle.known_ids(), today=bundle.today)
    fresh = bundle._with_records(loaded.records, list(loaded.errors))
    _replace_cached(bundle, fresh)
    return fresh


def reload_bundle(bundle: ContentBundle) -> ContentBundle:
    """Everything read again for the same folders (after a content pack was installed or rolled back).

    Raises:
        ContentLoadError: the content folder itself is unusable.
    """
    fresh = load_bundle(bundle.content_dir, data_dir=bundle.data_dir, today=bundle.today)
    _replace_cached(bundle, fresh)
    return fresh


def _replace_cached(old: ContentBundle, new: ContentBundle) -> None:
    with _lock:
        for k, v in list(_cache.items()):
            if v is old:
                _cache[k] = new


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
    "reload_bundle",
]
