"""CLI verbs on the search index: ``search`` and ``index`` (and ``pack``, which rebuilds it after an install).

Kept lean so that ``python main.py search 揭榜挂帅 --json`` starts fast: no Qt, no jieba, no
pypinyin (pinyin readings are computed when the index is built, not when it is searched).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from content.console import program_name

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_FILTER_OPTIONS: tuple[tuple[str, str], ...] = (
    ("level", "--level"), ("region", "--region"), ("topic", "--topic"), ("document", "--doc"),
    ("status", "--status"),
)


def _err(verb: str, message: str) -> None:
    print(f"{program_name()} {verb}: {message}", file=sys.stderr)


def _bundle(args: argparse.Namespace, verb: str) -> Any:
    from content.bundle import ContentLoadError, get_bundle

    cdir = getattr(args, "content_dir", None)
    try:
        return get_bundle(cdir)
    except ContentLoadError as exc:
        _err(verb, str(exc))
        return None


class _CachedFacts:
    """The bundle's facts a search prints (statuses), read from the compiled cache."""

    def __init__(self, digest: str, validity: Any) -> None:
        self.digest = digest
        self.validity = validity
        self._map = {k: v.status.value for k, v in validity.items()}

    def status(self, item_id: str) -> Any:
        v = self.validity.get(item_id)
        if v is None:
            from content.validity import Status, Validity

            return Validity(Status.UNVERIFIED, Status.UNVERIFIED.value, "未知条目")
        return v

    def status_map(self) -> dict[str, str]:
        return self._map


def _cached_facts(args: argparse.Namespace) -> _CachedFacts | None:
    from content.bundle import cached_search_facts

    try:
        facts = cached_search_facts(getattr(args, "content_dir", None))
    except Exception:  # the cache is only a shortcut: load the content as usual
        return None
    return _CachedFacts(*facts) if facts is not None else None


def _allowed_values(engine: Any, key: str) -> list[str]:
    values = list(engine.facet_values(key))
    if key in ("level", "status", "topic"):
        from content.loader import load_vocabulary

        vocab = load_vocabulary()
        from content.validity import STATUS_ORDER

        statuses = tuple(x.value for x in STATUS_ORDER)
        extra = {"level": vocab.levels, "status": statuses, "topic": vocab.topics}[key]
        values = list(dict.fromkeys([*extra, *values]))
    return values


def run_search(args: argparse.Namespace) -> int:
    """``main.py search QUERY [--level L] [--region R] [--topic T] [--doc ID] [--status S] [--limit N] [--json]``."""
    limit = getattr(args, "limit", 20)
    if limit is None or not 0 <= int(limit) <= 1000:
        _err("search", f"--limit 应在 0 到 1000 之间，实际是 {limit}")
        return EXIT_USAGE
    from index.api import SearchIndexError, open_engine

    engine: Any = None
    bundle: Any = _cached_facts(args)  # no parsing when the compiled cache and the index are current
    if bundle is not None:
        from index.api import open_engine_for_digest

        engine = open_engine_for_digest(bundle.digest)
    if engine is None:
        bundle = _bundle(args, "search")
        if bundle is None:
            return EXIT_USAGE
        try:
            engine = open_engine(bundle.handbook)
        except SearchIndexError as exc:
            _err("search", str(exc))
            return EXIT_PROBLEMS
    try:
        filters: dict[str, str] = {}
        for key, option in _FILTER_OPTIONS:
            value = getattr(args, "doc" if key == "document" else key, None)
            if value is None:
                continue
            allowed = _allowed_values(engine, key)
            if value not in allowed:
                shown = "、".join(allowed) if allowed else "（本手册中没有）"
                _err("search", f"{option} 的值“{value}”不存在；可选：{shown}")
                return EXIT_USAGE
            filters[key] = value
        try:
            result = engine.search(args.query, filters=filters, limit=int(limit), snippets=True,
                                   statuses=bundle.status_map())
        except SearchIndexError as exc:
            _err("search", str(exc))
            return EXIT_PROBLEMS
    finally:
        engine.close()
    if getattr(args, "json", False):
        json.dump(result_dict(result, bundle), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    _print_result(result, bundle)
    return EXIT_OK


def result_dict(result: Any, bundle: Any = None) -> dict[str, Any]:
    """The JSON form of a :class:`~index.results.SearchResult` (snippets marked with ``<mark>``).

    With the content bundle, each hit's status is the bundle's computed status (the reader shows the same).
    """
    return {
        "query": result.query,
        "total": result.total,
        "hits": [_hit_dict(h, bundle) for h in result.hits],
        "facets": {k: dict(v) for k, v in result.facets.items()},
        "suggestions": list(result.suggestions),
        "terms": list(result.terms),
        "fallback_or": result.fallback_or,
        "related": [_hit_dict(h, bundle) for h in result.related],
        "related_total": result.related_total,
        "related_query": result.related_query,
        "words": list(result.words),
        "unmatched": list(result.unmatched),
        "region": result.region,
        "scope": list(result.scope),
        "intents": list(result.intents),
    }


def _hit_dict(h: Any, bundle: Any = None) -> dict[str, Any]:
    status: dict[str, str] = {"status": h.status}
    if bundle is not None:
        v = bundle.status(h.id)
        status = {"status": v.status.value, "status_label": v.label, "status_reason": v.reason}
    return {
        "id": h.id, "document_id": h.document_id, "kind": h.kind, "title": h.title, "path": list(h.path),
        "snippet": h.snippet_marked("<mark>", "</mark>"), "score": h.score, "level": h.level,
        "region": h.region, **status,
    }


def _print_hits(hits: Any, bundle: Any, start: int = 1) -> None:
    for i, h in enumerate(hits, start):
        print(f"{i:>2}. [{h.id}] {h.title}  〔{h.level}·{h.region}·{bundle.status(h.id).label}〕")
        print(f"    {' › '.join(h.path[:-1])}")
        if h.snippet:
            print(f"    {h.snippet_marked('【', '】', html_escape=False)}")


def understanding_note(result: Any) -> str:
    """What the engine made of the query, in one line (words, region, what matched nothing)."""
    parts = []
    if getattr(result, "words", ()):
        parts.append("按词语查找：" + " · ".join(result.words))
    if getattr(result, "region", ""):
        kept = "、".join(x for x in result.scope if x != result.region)
        parts.append(f"地区：{result.region}" + (f"（含{kept}的政策）" if kept else ""))
    if getattr(result, "unmatched", ()):
        parts.append("未匹配：" + "、".join(result.unmatched))
    return "；".join(parts)


def _print_result(result: Any, bundle: Any) -> None:
    note = understanding_note(result)
    if not result.total:
        print(f"没有找到同时包含全部词语的条目（“{result.query}”）。" if result.related else f"没有找到“{result.query}”。")
    else:
        print(f"找到 {result.total} 条：")
    if note:
        print(f"（{note}）")
    _print_hits(result.hits, bundle)
    if result.related:
        print(f"相关结果（{result.related_query}，共 {result.related_total} 条）：")
        _print_hits(result.related, bundle, len(result.hits) + 1)
    if result.suggestions:
        print("您是不是要找：" + "、".join(result.suggestions))
    if result.total:
        parts = []
        for key, label in (("level", "层级"), ("region", "地区"), ("status", "状态")):
            counts = result.facets.get(key, {})
            if counts:
                parts.append(label + "：" + "，".join(f"{v} {n}" for v, n in counts.items()))
        if parts:
            print("；".join(parts))


def run_index(args: argparse.Namespace) -> int:
    """``main.py index [--rebuild]``: show the index state, or rebuild it."""
    bundle = _bundle(args, "index")
    if bundle is None:
        return EXIT_USAGE
    hb = bundle.handbook
    from index.api import (
        SearchIndexError,
        build_index,
        content_stamp,
        default_index_dir,
        index_state,
    )
    from index.store import discard, generation_dir, read_meta

    idir = default_index_dir()
    state = index_state(hb, idir)
    labels = {"ok": "已是最新", "missing": "尚未建立", "stale": "已过期（内容有变）", "corrupt": "已损坏"}
    if not getattr(args, "rebuild", False):
        print(f"搜索索引：{labels.get(state, state)}（{generation_dir(idir, content_stamp(hb))}）")
        if state == "ok":
            meta = read_meta(generation_dir(idir, content_stamp(hb)))
            print(f"  {meta.get('measures', '?')} 条措施，{meta.get('doc_count', '?')} 个可检索条目，"
                  f"建立于 {meta.get('built', '?')}")
        else:
            print(f"  运行 {program_name()} index --rebuild 重建（软件启动时也会自动重建）")
        return EXIT_OK
    t0 = time.perf_counter()
    discard(generation_dir(idir, content_stamp(hb)))
    try:
        gen = build_index(hb, idir)
    except SearchIndexError as exc:
        _err("index", str(exc))
        return EXIT_PROBLEMS
    meta = read_meta(gen)
    dt = time.perf_counter() - t0
    print(f"搜索索引已重建（原状态：{labels.get(state, state)}）：{len(hb.documents)} 份文件，{meta.get('measures')} 条措施，"
          f"{meta.get('doc_count')} 个可检索条目，用时 {dt:.2f} 秒")
    print(f"  {gen}")
    if hb.errors:
        print(f"  注意：内容有 {len(hb.errors)} 个问题，请运行 {program_name()} check", file=sys.stderr)
    return EXIT_OK


def run_pack(args: argparse.Namespace) -> int:
    """``main.py pack …`` (content/packs/cli.py), rebuilding the search index after an install or rollback."""
    from content.packs.cli import run_pack as run

    return run(args, after_change=rebuild_after_pack_change)


def rebuild_after_pack_change(data_dir: Any) -> str:
    """Build the index of the content now installed (shipped + packs of ``data_dir``); one line to print."""
    from content.bundle import load_bundle
    from index.api import SearchIndexError, build_index

    t0 = time.perf_counter()
    hb = load_bundle(data_dir=data_dir).handbook
    try:
        build_index(hb)
    except SearchIndexError as exc:
        return f"提示：搜索索引未能重建（{exc}）；下次检索或启动时会再试"
    return f"搜索索引已按新内容重建：{len(hb.documents)} 份文件，{len(hb.measures())} 条措施，用时 {time.perf_counter() - t0:.1f} 秒"
