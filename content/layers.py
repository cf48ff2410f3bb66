"""Content in layers: the shipped content, then every installed content pack (province → city → county).

The bundle (:mod:`content.bundle`) loads each layer with the ordinary loaders and merges them here.
The rule, one for documents, calculators, 比一比 pages and home tiles:

* a higher layer's item with the same id **replaces** a lower layer's (a province pack's document
  replaces the shipped one, a county pack's replaces the province's); the replacement is visible — the
  document's :class:`Provenance` says which version it replaced;
* two packs of the *same* layer claiming one id is an **error naming both**, and neither wins: the
  lower layer's item (if any) stays, exactly as the duplicate-id rule of :mod:`content.duplicates`
  withholds both copies of a file rather than keeping whichever sorted first;
* a pack's **archive** (``content/archive/``, written by ``pack build`` from the previous version)
  keeps the last text of every document and measure the pack removed (废止).  A whole document the
  pack removed also leaves the lower layers (the shipped copy no longer shows as live); archived items
  stay readable and searchable, with the status the pack's 已废止 records give them;
* after merging, a part, measure or table id used by two different documents is reported with both
  places and withheld in both (ids must be unique across layers).

Every document carries its :class:`Provenance` (随软件, or pack, publisher, version and date); parts and
measures inherit their document's.  Qt-free.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from content.duplicates import IdRegistry, withhold_duplicates
from content.loader import ContentLoadError, load_handbook
from content.model import ContentError, Document, Handbook, Part

if TYPE_CHECKING:
    from content.calc.model import Calculator
    from content.curated import Comparison, Tile

SHIPPED = "随软件"
LAYER_ORDER = ("shipped", "province", "city", "county")
LAYER_NAMES = {"shipped": "随软件", "province": "省级", "city": "市级", "county": "区县级"}

#: Inside a pack's content root: the archive of removed documents and measures, and its index.
ARCHIVE_FOLDER = "archive"
ARCHIVE_INDEX = "_archive.yaml"


@dataclass(frozen=True)
class Provenance:
    """Where a document (and so its parts and measures) came from.

    Attributes:
        pack: The content pack's id; ``""`` for the content shipped with the app.
        publisher: The pack's publisher (发布单位).
        version: The pack's version.
        date: The pack's date (YYYY-MM-DD).
        layer: ``shipped``, ``province``, ``city`` or ``county``.
        replaces: The short label of the lower layer's document this one replaced (``随软件``,
            ``hebei 第 1 版``), or ``""``.
        repealed_in: For an archived document: the pack version that removed it (0 otherwise).
        text_version: For an archived document: the version whose text is kept.
        folder: For the base layer started with ``--content-dir``: that folder (else ``""``).
    """

    pack: str = ""
    publisher: str = ""
    version: int = 0
    date: str = ""
    layer: str = "shipped"
    replaces: str = ""
    repealed_in: int = 0
    text_version: int = 0
    folder: str = ""

    @property
    def shipped(self) -> bool:
        return not self.pack

    @property
    def archived(self) -> bool:
        return self.repealed_in > 0

    def short(self) -> str:
        """``随软件`` or ``hebei 第 2 版``."""
        if self.shipped:
            return "内容文件夹" if self.folder else SHIPPED
        return f"{self.pack} 第 {self.version} 版"

    def label(self) -> str:
        """One line for the reader, the PDF and the CLI.

        >>> Provenance().label()
        '随软件'
        >>> Provenance("hebei", "河北省科学技术厅", 2, "2026-05-01", "province", replaces="随软件").label()
        '内容包 hebei 第 2 版（河北省科学技术厅，2026-05-01），取代随软件的版本'
        >>> Provenance("hebei", "河北省科学技术厅", 2, "2026-05-01", "province", repealed_in=2, text_version=1).label()
        '已废止条目存档：内容包 hebei 第 2 版（河北省科学技术厅，2026-05-01）删去，保留第 1 版原文'
        """
        if self.shipped:
            return f"内容文件夹 {self.folder}" if self.folder else SHIPPED
        who = f"（{self.publisher}，{self.date}）" if self.date else f"（{self.publisher}）"
        if self.archived:
            kept = f"，保留第 {self.text_version} 版原文" if self.text_version else ""
            return f"已废止条目存档：内容包 {self.pack} 第 {self.repealed_in} 版{who}删去{kept}"
        text = f"内容包 {self.pack} 第 {self.version} 版{who}"
        if self.replaces:
            text += f"，取代{self.replaces}的版本"
        return text

    def to_json(self) -> dict[str, Any]:
        origin = ("内容文件夹" if self.folder else SHIPPED) if self.shipped else "内容包"
        out: dict[str, Any] = {"origin": origin, "label": self.label()}
        if not self.shipped:
            out.update(pack=self.pack, publisher=self.publisher, version=self.version, date=self.date,
                       layer=self.layer)
        if self.replaces:
            out["replaces"] = self.replaces
        if self.archived:
            out.update(archived=True, repealed_in=self.repealed_in, text_version=self.text_version)
        return out


@dataclass(frozen=True)
class Layer:
    """One layer of content: where its files are and where they came from."""

    provenance: Provenance
    documents: Path
    calculators: Path
    compare_file: Path
    home_file: Path
    verifications: Path
    archive: Path | None = None

    @property
    def origin(self) -> str:
        """The origin label of this layer's verification records (``随软件`` or the pack id)."""
        return self.provenance.pack or SHIPPED

    @classmethod
    def for_pack_root(cls, root: Path, provenance: Provenance) -> Layer:
        """An installed pack's content root (``…/versions/N/content``)."""
        return cls(provenance=provenance, documents=root / "data", calculators=root / "calculators",
                   compare_file=root / "curated" / "compare.yaml", home_file=root / "curated" / "home.yaml",
                   verifications=root / "verifications", archive=root / ARCHIVE_FOLDER)

    def where(self, file: str) -> str:
        """A file name as messages show it: ``x.yaml`` (shipped) or ``x.yaml（内容包 hebei 第 2 版）``."""
        return file if self.provenance.shipped else f"{file}（内容包 {self.provenance.short()}）"


def pack_layers(data_dir: Path) -> list[Layer]:
    """The installed packs of ``data_dir`` as layers, province first, then cities, then counties."""
    from content.packs.store import installed

    out = []
    for inst in installed(data_dir):
        m = inst.manifest
        prov = Provenance(pack=m.id, publisher=m.publisher, version=m.version, date=m.date, layer=m.layer)
        out.append(Layer.for_pack_root(inst.root, prov))
    return out


def groups(layers: Sequence[Layer]) -> list[list[Layer]]:
    """Layers grouped by level, lowest first (items of one group must not claim the same id)."""
    out: dict[str, list[Layer]] = {}
    for layer in layers:
        out.setdefault(layer.provenance.layer, []).append(layer)
    return [out[k] for k in LAYER_ORDER if k in out]


def _relabel(errors: Iterable[ContentError], layer: Layer) -> list[ContentError]:
    if layer.provenance.shipped:
        return list(errors)
    return [dataclasses.replace(e, file=layer.where(e.file)) for e in errors]


def _conflict(kind: str, ident: str, a: str, b: str, kept: str) -> str:
    return (f"{kind}“{ident}”同时由 {a} 和 {b} 提供（同一层级），两者都未采用" + (f"；仍显示{kept}的版本" if kept else "")
            + "；请只在其中一个内容包中保留它")


T = TypeVar("T")


def merge_keyed(claims_by_group: Sequence[Sequence[tuple[str, T, str, str, int]]], *, kind: str,
                errors: list[ContentError]) -> dict[str, tuple[T, str]]:
    """Merge items by key, group by group: a higher group replaces, two claims in one group are an error.

    Each claim is ``(key, item, owner label, file, line)``; the result maps key to ``(item, owner)``.
    """
    out: dict[str, tuple[T, str]] = {}
    for group in claims_by_group:
        by_key: dict[str, list[tuple[str, T, str, str, int]]] = {}
        for claim in group:
            by_key.setdefault(claim[0], []).append(claim)
        for key, claims in by_key.items():
            owners = list(dict.fromkeys(c[2] for c in claims))
            if len(owners) > 1:
                kept = out[key][1] if key in out else ""
                first = claims[0]
                errors.append(ContentError(first[3], first[4], "id",
                                           _conflict(kind, key, owners[0], owners[1], kept)))
                continue
            out[key] = (claims[-1][1], owners[0])
    return out


# ----------------------------------------------------------------------------------------------
# Documents
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArchiveEntry:
    """One file of a pack's archive: a removed document, or the removed measures of one document."""

    file: str
    id: str  # the archive document's id (the document's own id when it was removed whole)
    of: str  # the document it came from
    whole: bool
    measures: tuple[str, ...]
    text_version: int
    repealed_in: int
    date: str


def read_archive_index(folder: Path, errors: list[ContentError], layer: Layer) -> list[ArchiveEntry]:
    """The entries of a pack's ``archive/_archive.yaml`` (a bad entry is reported and skipped)."""
    import yaml

    from content.safe_read import ReadRefused, guard_yaml, read_content_bytes

    path = folder / ARCHIVE_INDEX
    if not path.is_file():
        return []
    try:
        text = read_content_bytes(path).decode("utf-8")
        guard_yaml(text)
        data = yaml.safe_load(text) or {}
    except (ReadRefused, OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        errors.append(ContentError(layer.where(ARCHIVE_INDEX), 0, "", f"无法读取已废止条目存档的索引：{exc}"))
        return []
    out = []
    for item in data.get("entries") or [] if isinstance(data, dict) else []:
        try:
            out.append(ArchiveEntry(file=str(item["file"]), id=str(item["id"]), of=str(item["of"]),
                                    whole=bool(item["whole"]), measures=tuple(str(x) for x in item.get("measures") or ()),
                                    text_version=int(item["text_version"]), repealed_in=int(item["repealed_in"]),
                                    date=str(item["date"])))
        except (KeyError, TypeError, ValueError, AttributeError):
            errors.append(ContentError(layer.where(ARCHIVE_INDEX), 0, "entries", f"存档索引中有一项无法读取：{item!r:.80}"))
    return out


@dataclass
class MergedDocuments:
    """The documents of every layer, merged.

    Attributes:
        handbook: The merged handbook (its ``errors`` include every layer's and every conflict).
        provenance: Document id → where it came from (archive documents included).
        archived: Ids of every document, part and measure that is only in an archive.
    """

    handbook: Handbook
    provenance: dict[str, Provenance]
    archived: frozenset[str] = frozenset()


def _all_ids(d: Document) -> Iterator[tuple[str, int]]:
    """Every id of a document below the document itself: parts, measures, tables (with lines)."""
    for t in d.tables:
        yield t.id, 0

    def walk(parts: Sequence[Part]) -> Iterator[tuple[str, int]]:
        for p in parts:
            yield p.id, p.line
            for m in p.measures:
                yield m.id, m.line
            for t in p.tables:
                yield t.id, p.line
            yield from walk(p.parts)

    yield from walk(d.parts)


_Parsed = dict[tuple[str, bytes], Document]


def _digest(path: Path) -> bytes | None:
    import hashlib

    from content.safe_read import ReadRefused, read_content_bytes

    try:
        return hashlib.sha256(read_content_bytes(path)).digest()
    except ReadRefused:  # a FIFO or a device is never waited on; the loader names it
        return None


def _load_base(folder: Path, parsed: _Parsed) -> Handbook:
    """The base layer, read exactly as the loader reads a content folder (through the compiled cache);
    its clean files are remembered."""
    from content.compiled import load_handbook_cached

    hb = load_handbook_cached(folder, load_handbook)
    bad = {e.file for e in hb.errors}
    for d in hb.documents:
        digest = _digest(folder / d.file) if d.file not in bad else None
        if digest is not None:
            parsed[(d.file, digest)] = d
    return hb


def _load_pack(folder: Path, parsed: _Parsed) -> Handbook:
    """A pack's documents.  A file identical to one already read (a province pack usually carries the
    shipped files unchanged) is not parsed again: the same document is used.  Otherwise as
    :func:`content.loader.load_handbook`: one id registry for the folder, duplicates withheld."""
    from content.duplicates import duplicate_message
    from content.loader import _manifest, content_files, load_file, load_vocabulary

    if not folder.is_dir():
        raise ContentLoadError(f"{folder}：找不到内容目录")
    vocab = load_vocabulary()
    errors: list[ContentError] = []
    seen = IdRegistry()
    docs: list[Document] = []
    for path in content_files(folder):
        digest = _digest(path)
        doc = parsed.get((path.name, digest)) if digest is not None else None
        if doc is None:
            doc = load_file(path, vocab=vocab, errors=errors, seen_ids=seen)
            if doc is not None:
                docs.append(doc)
            continue
        clash = False
        for ident, line in ((doc.id, 1), *_all_ids(doc)):
            where = f"{doc.file}:{line}"
            if ident in seen:
                seen.duplicates.append((ident, seen[ident], where))
                errors.append(ContentError(doc.file, line, "id", duplicate_message(ident, seen[ident], where)))
                clash = clash or ident == doc.id
            else:
                seen[ident] = where
        if not clash:
            docs.append(doc)
    docs = withhold_duplicates(docs, seen, errors)
    content_date, order = _manifest(folder, errors)
    rank = {doc_id: i for i, doc_id in enumerate(order)}
    docs.sort(key=lambda d: (rank.get(d.id, len(rank)), d.id))
    return Handbook(documents=tuple(docs), errors=tuple(errors), content_date=content_date)


def merge_documents(layers: Sequence[Layer]) -> MergedDocuments:
    """Load every layer's documents and merge them by the layering rule (see the module docstring).

    Raises:
        ContentLoadError: the base layer's content folder is unusable (a pack's is reported instead).
    """
    errors: list[ContentError] = []
    live: dict[str, tuple[Document, Provenance, Layer]] = {}
    order: list[str] = []
    archive: list[tuple[Document, Provenance, Layer]] = []
    content_date = ""
    parsed: _Parsed = {}
    for n, group in enumerate(groups(layers)):
        claims: dict[str, list[tuple[Document, Layer]]] = {}
        removed_whole: dict[str, Layer] = {}
        for layer in group:
            try:
                hb = _load_base(layer.documents, parsed) if layer is layers[0] else _load_pack(layer.documents, parsed)
            except ContentLoadError:
                if n == 0 and layer is layers[0]:
                    raise
                errors.append(ContentError(layer.where("data"), 0, "", "内容包的文件夹缺失或无法读取；请重新安装这个内容包"))
                continue
            errors.extend(_relabel(hb.errors, layer))
            content_date = max(content_date, hb.content_date)
            for d in hb.documents:
                claims.setdefault(d.id, []).append((d, layer))
                if d.id not in order:
                    order.append(d.id)
            for doc, prov, whole in _archive_of(layer, errors, parsed):
                archive.append((doc, prov, layer))
                if whole:
                    removed_whole.setdefault(doc.id, layer)
        for doc_id, cs in claims.items():
            owners = [c[1] for c in cs]
            if len(owners) > 1:
                kept = live[doc_id][1].short() if doc_id in live else ""
                first = cs[0][0]
                errors.append(ContentError(owners[0].where(first.file), 0, "id", _conflict(
                    "文件", doc_id, f"内容包 {owners[0].provenance.short()}", f"内容包 {owners[1].provenance.short()}",
                    kept)))
                continue
            d, layer = cs[0]
            prov = layer.provenance
            if doc_id in live:
                prov = dataclasses.replace(prov, replaces=live[doc_id][1].short())
            live[doc_id] = (d, prov, layer)
        for doc_id, layer in removed_whole.items():
            # The pack removed this document: a lower layer's copy no longer shows as live.
            if doc_id in live and doc_id not in claims and live[doc_id][2] is not layer:
                del live[doc_id]
    rank = {i: k for k, i in enumerate(order)}
    docs = sorted((v for v in live.values()), key=lambda v: rank.get(v[0].id, len(rank)))
    provenance = {d.id: p for d, p, _ in docs}
    used = {d.id for d, _, _ in docs} | {i for d, _, _ in docs for i, _ in _all_ids(d)}
    archived_docs: list[Document] = []
    for doc, prov, _layer in sorted(archive, key=lambda a: a[0].id):
        ids = {doc.id} | {i for i, _ in _all_ids(doc)}
        if ids & used:
            continue  # the item is live again (a later version, or a higher layer): the live text wins
        used |= ids
        archived_docs.append(doc)
        provenance[doc.id] = prov
    everything = [d for d, _, _ in docs] + archived_docs
    everything = _withhold_cross_document_duplicates(everything, provenance, errors)
    archived = frozenset(i for d in everything if provenance[d.id].archived
                         for i in (d.id, *(x for x, _ in _all_ids(d))))
    return MergedDocuments(Handbook(documents=tuple(everything), errors=tuple(errors), content_date=content_date),
                           provenance, archived)


def load_layered(layers: Sequence[Layer]) -> MergedDocuments:
    """:func:`merge_documents`, through the compiled cache (content/compiled.py): while no file of any
    layer and no code changed, the merged documents are read back instead of parsed and merged."""
    from content.compiled import _remember, cached, content_digest, load_handbook_cached

    base = layers[0]
    if len(layers) == 1:  # no pack installed: the base folder's own cache, as without layers
        hb = load_handbook_cached(base.documents, load_handbook)
        return MergedDocuments(hb, {d.id: base.provenance for d in hb.documents})
    try:
        sources = layered_sources(layers)
    except OSError:
        return merge_documents(layers)

    def restore(merged: MergedDocuments, digest: Any) -> None:
        if isinstance(digest, str):
            _remember(merged.handbook, digest)

    return cached("layered", sources, lambda: merge_documents(layers), version=layered_version(layers),
                  extra=lambda m: content_digest(m.handbook), restore=restore)


def layered_sources(layers: Sequence[Layer]) -> list[Path]:
    """Every file the merged documents of ``layers`` are made from (for the compiled cache's key)."""
    from content.compiled import handbook_sources

    files = handbook_sources(layers[0].documents)
    for layer in layers[1:]:
        for folder in (layer.documents, layer.archive):
            if folder is not None and folder.is_dir():
                files += [p for p in handbook_sources(folder) if p not in files]
                if (folder / ARCHIVE_INDEX).is_file():
                    files.append(folder / ARCHIVE_INDEX)
    return files


def layered_version(layers: Sequence[Layer]) -> str:
    """The code version of cached merged documents, with every layer's folder and pack."""
    import sys

    from content.compiled import code_version, handbook_version

    packs = "|".join(f"{x.provenance.short()}:{x.provenance.layer}:{x.provenance.publisher}:{x.provenance.date}:"
                     f"{x.documents.resolve()}" for x in layers[1:])
    return f"{handbook_version(layers[0].documents)}|{code_version([sys.modules[__name__]])}|{packs}"


def cached_layered_digest(layers: Sequence[Layer]) -> str | None:
    """The content digest of the merged documents when their compiled cache is current (no parsing)."""
    from content.compiled import cached_content_digest, peek_extra

    if len(layers) == 1:
        return cached_content_digest(layers[0].documents)
    try:
        sources = layered_sources(layers)
    except OSError:
        return None
    return peek_extra("layered", sources, version=layered_version(layers))


def _archive_of(layer: Layer, errors: list[ContentError], parsed: _Parsed) -> list[tuple[Document, Provenance, bool]]:
    """The archived documents of a pack layer, each with its archive provenance and whether the
    document was removed whole (else the archive document holds only its removed measures)."""
    if layer.archive is None or not layer.archive.is_dir():
        return []
    entries = {e.id: e for e in read_archive_index(layer.archive, errors, layer)}
    if not entries:
        return []
    try:
        hb = _load_pack(layer.archive, parsed)
    except ContentLoadError:
        return []
    errors.extend(_relabel(hb.errors, layer))
    out = []
    for d in hb.documents:
        e = entries.get(d.id)
        if e is None:
            errors.append(ContentError(layer.where(d.file), 0, "id", f"存档文件“{d.id}”不在存档索引中，未载入"))
            continue
        prov = dataclasses.replace(layer.provenance, repealed_in=e.repealed_in, text_version=e.text_version,
                                   date=e.date or layer.provenance.date)
        out.append((d, prov, e.whole))
    return out


def _withhold_cross_document_duplicates(docs: list[Document], provenance: dict[str, Provenance],
                                        errors: list[ContentError]) -> list[Document]:
    registry = IdRegistry()
    for d in docs:
        prov = provenance[d.id]
        where_doc = d.file if prov.shipped else f"{d.file}（内容包 {prov.short()}{'的存档' if prov.archived else ''}）"
        for ident, line in _all_ids(d):
            here = f"{where_doc}:{line}"
            if ident in registry:
                registry.duplicates.append((ident, registry[ident], here))
            else:
                registry[ident] = here
    return withhold_duplicates(docs, registry, errors)


# ----------------------------------------------------------------------------------------------
# Calculators, 比一比 pages, home tiles
# ----------------------------------------------------------------------------------------------
def merge_calculators(handbook: Handbook, layers: Sequence[Layer]) -> tuple[dict[str, Calculator], list[ContentError]]:
    """Every layer's calculators (checked against the merged handbook), merged by id."""
    from content.calc.declarations import load_calculators_checked

    errors: list[ContentError] = []
    claims: list[list[tuple[str, Calculator, str, str, int]]] = []
    for group in groups(layers):
        row: list[tuple[str, Calculator, str, str, int]] = []
        for layer in group:
            calcs, errs = load_calculators_checked(handbook, directory=layer.calculators)
            errors.extend(_relabel(errs, layer))
            row += [(cid, c, layer.provenance.short(), layer.where(c.file), 0) for cid, c in calcs.items()]
        claims.append(row)
    merged = merge_keyed(claims, kind="计算器", errors=errors)
    return {cid: c for cid, (c, _) in merged.items()}, errors


def merge_curated(layers: Sequence[Layer], errors: list[ContentError]) -> tuple[list[Comparison], list[Tile]]:
    """Every layer's 比一比 pages (by id) and home tiles (by target), merged."""
    from content.curated import load_comparisons, load_tiles

    comp_claims: list[list[tuple[str, Comparison, str, str, int]]] = []
    tile_claims: list[list[tuple[str, Tile, str, str, int]]] = []
    for group in groups(layers):
        crow: list[tuple[str, Comparison, str, str, int]] = []
        trow: list[tuple[str, Tile, str, str, int]] = []
        for layer in group:
            local: list[ContentError] = []
            comps = load_comparisons(layer.compare_file, local)
            tiles = load_tiles(layer.home_file, local)
            errors.extend(_relabel(local, layer))
            if not layer.provenance.shipped:
                comps = tuple(dataclasses.replace(c, file=layer.where(c.file)) for c in comps)
                tiles = tuple(dataclasses.replace(t, file=layer.where(t.file)) for t in tiles)
            crow += [(c.id, c, layer.provenance.short(), c.file, c.line) for c in comps]
            trow += [(t.target, t, layer.provenance.short(), t.file, t.line) for t in tiles]
        comp_claims.append(crow)
        tile_claims.append(trow)
    comps_by_id = merge_keyed(comp_claims, kind="比一比", errors=errors)
    tiles_by_target = merge_keyed(tile_claims, kind="首页磁贴", errors=errors)
    return [c for c, _ in comps_by_id.values()], [t for t, _ in tiles_by_target.values()]


def verification_files(layers: Sequence[Layer]) -> list[tuple[Path, str]]:
    """Every layer's verification files with their origin label (随软件 or the pack id)."""
    from content.verifications import shipped_files

    return [(p, layer.origin) for layer in layers for p in shipped_files(layer.verifications)]


__all__ = [
    "ARCHIVE_FOLDER",
    "ARCHIVE_INDEX",
    "SHIPPED",
    "ArchiveEntry",
    "Layer",
    "MergedDocuments",
    "Provenance",
    "merge_calculators",
    "merge_curated",
    "merge_documents",
    "pack_layers",
    "verification_files",
]
