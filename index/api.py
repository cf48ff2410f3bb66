"""Public API of the search index (Qt-free).

Typical use::

    from content.loader import load_handbook
    from index import open_engine

    engine = open_engine(load_handbook())          # builds the index first if needed
    result = engine.search("高企 奖励", filters={"level": "省级"})
    for hit in result.hits:
        print(hit.title, hit.snippet_marked("[", "]"))

The index lives in the per-user data directory (:func:`default_index_dir`) and is stamped with a
hash of the content, the analyzer version and the search vocabulary; :func:`open_engine` rebuilds
it when the stamp changes or the files are damaged.  Builds write to a temporary directory and
publish it with one rename, so a crash never leaves a broken index and other processes keep
searching the previous one meanwhile.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from content.console import program_name
from content.model import Handbook
from index.engine import SearchEngine
from index.lexicon import LEXICON_FILE, REGIONS_FILE, LexiconError, load_lexicon
from index.pinyin import PHRASES_FILE
from index.results import FACET_KEYS, SearchHit, SearchResult
from index.store import (
    SearchIndexError,
    check_generation,
    clean,
    discard,
    generation_dir,
    generations,
    publish,
    stamp_for,
    touch,
)

__all__ = [
    "FACET_KEYS",
    "SearchEngine",
    "SearchHit",
    "SearchIndexError",
    "SearchResult",
    "build_index",
    "content_stamp",
    "default_index_dir",
    "index_state",
    "open_engine",
    "open_engine_for_digest",
    "prebuilt_generation",
    "stamp_for_digest",
]

Progress = Callable[[int, int], None]

# Whatever is derived from a handbook is cached by object identity: a Handbook is immutable.
_stamp_cache: dict[int, tuple[Handbook, str]] = {}


#: Environment variable naming a read-only, prebuilt index shipped with the app (the installer's
#: runtime hook sets it; see installer/prebuild_index.py).
PREBUILT_ENV = "KJZC_PREBUILT_INDEX"


def default_index_dir() -> Path:
    """The index directory in the per-user data directory (created on first use)."""
    from content.appdirs import user_data_dir

    return user_data_dir() / "index"


def prebuilt_generation(handbook: Handbook) -> Path | None:
    """The shipped read-only index for exactly this content, if there is one and it is intact."""
    root = os.environ.get(PREBUILT_ENV)
    if not root:
        return None
    stamp = content_stamp(handbook)
    gen = generation_dir(Path(root), stamp)
    return gen if check_generation(gen, stamp, checksums=False) is None else None


def _lexicon_bytes() -> bytes:
    out = b""
    for f in (LEXICON_FILE, REGIONS_FILE, PHRASES_FILE):
        try:
            out += f.read_bytes() + b"\0"
        except OSError:
            out += b"\0"
    return out


def stamp_for_digest(digest: str) -> str:
    """The stamp of an index of content with this :func:`content.compiled.content_digest`."""
    return stamp_for(digest, _lexicon_bytes())


def open_engine_for_digest(digest: str, index_dir: Path | None = None) -> SearchEngine | None:
    """Open the index of the content with this digest if it is built and intact, else ``None``.

    Never builds (there is no handbook here): a CLI search uses it with the digest from the
    compiled content cache, and loads the content only when it returns ``None``.
    """
    stamp = stamp_for_digest(digest)
    candidates = []
    root = os.environ.get(PREBUILT_ENV)
    if index_dir is None and root:
        candidates.append(generation_dir(Path(root), stamp))
    candidates.append(generation_dir(index_dir or default_index_dir(), stamp))
    for gen in candidates:
        if check_generation(gen, stamp, checksums=False) is None:
            try:
                engine = SearchEngine(gen)
            except SearchIndexError:
                continue
            touch(gen)
            return engine
    return None


def content_stamp(handbook: Handbook) -> str:
    """The stamp an index of ``handbook`` carries: content, analyzer version and vocabulary."""
    key = id(handbook)
    cached = _stamp_cache.get(key)
    if cached is not None and cached[0] is handbook:
        return cached[1]
    from content.compiled import content_digest

    stamp = stamp_for(content_digest(handbook), _lexicon_bytes())
    if len(_stamp_cache) > 8:
        _stamp_cache.clear()
    _stamp_cache[key] = (handbook, stamp)
    return stamp


def index_state(handbook: Handbook, index_dir: Path | None = None) -> str:
    """State of the index of ``handbook`` in ``index_dir``.

    Returns:
        ``"ok"`` (usable), ``"missing"`` (never built), ``"stale"`` (built for other content or
        another analyzer version) or ``"corrupt"`` (damaged or incomplete files).
    """
    if index_dir is None and prebuilt_generation(handbook) is not None:
        return "ok"
    idir = index_dir or default_index_dir()
    stamp = content_stamp(handbook)
    gen = generation_dir(idir, stamp)
    problem = check_generation(gen, stamp)
    if problem is None:
        return "ok"
    if problem.state == "corrupt":
        return "corrupt"
    return "stale" if generations(idir) else "missing"


def build_index(
    handbook: Handbook, index_dir: Path | None = None, progress: Progress | None = None,
) -> Path:
    """Build the index of ``handbook`` and publish it atomically.

    Args:
        handbook: The loaded content.
        index_dir: Where indexes live (default :func:`default_index_dir`).
        progress: Called as ``progress(done, total)`` from the building thread.

    Returns:
        The directory of the new index generation.

    Raises:
        SearchIndexError: the index cannot be written (disk full, no permission) or the search
            vocabulary file is broken; the message says which and what to do.
    """
    from index.build import write_generation

    idir = index_dir or default_index_dir()
    stamp = content_stamp(handbook)
    try:
        lexicon = load_lexicon()
    except LexiconError as exc:
        raise SearchIndexError(f"{exc}") from exc
    try:
        idir.mkdir(parents=True, exist_ok=True)
        tmp = write_generation(handbook, idir, stamp=stamp, lexicon=lexicon, progress=progress)
        gen = publish(tmp, generation_dir(idir, stamp), stamp)
    except OSError as exc:
        raise SearchIndexError(
            f"{idir}：无法写入搜索索引（{exc.strerror or exc}）；请检查磁盘空间和文件夹的写入权限"
        ) from exc
    touch(gen)
    clean(idir, keep=gen)
    return gen


def open_engine(
    handbook: Handbook, index_dir: Path | None = None, *, rebuild: bool = True, progress: Progress | None = None,
) -> SearchEngine:
    """Open the index of ``handbook``; build it first when it is missing, stale or damaged.

    Without ``index_dir``, a prebuilt read-only index shipped with the app (``KJZC_PREBUILT_INDEX``)
    is used when its stamp matches the content; otherwise the per-user index.

    Args:
        handbook: The loaded content (its stamp selects the index generation).
        index_dir: Where indexes live (default :func:`default_index_dir`).
        rebuild: Build when needed; with ``False`` an unusable index raises instead.
        progress: Passed to :func:`build_index` when a build happens.

    Raises:
        SearchIndexError: the index is unusable and ``rebuild`` is false, or building failed.
    """
    if index_dir is None:
        shipped = prebuilt_generation(handbook)
        if shipped is not None:
            try:
                return SearchEngine(shipped)
            except SearchIndexError:
                pass  # fall back to the per-user index below
    idir = index_dir or default_index_dir()
    stamp = content_stamp(handbook)
    gen = generation_dir(idir, stamp)
    problem = check_generation(gen, stamp, checksums=False)  # the engine checks the checksums on open
    if problem is None:
        try:
            engine = SearchEngine(gen)
        except SearchIndexError as exc:
            if not rebuild:
                raise
            problem_text = str(exc)
            discard(gen)
        else:
            touch(gen)
            return engine
    else:
        problem_text = problem.message
        if not rebuild:
            state = "corrupt" if problem.state == "corrupt" else ("stale" if generations(idir) else "missing")
            label = {"corrupt": "已损坏", "stale": "已过期（内容有变）", "missing": "尚未建立"}[state]
            raise SearchIndexError(f"搜索索引{label}：{problem_text}；请重建（{program_name()} index --rebuild）")
        if problem.state == "corrupt":
            discard(gen)
    gen = build_index(handbook, idir, progress)
    try:
        return SearchEngine(gen)
    except SearchIndexError as exc:
        raise SearchIndexError(f"{exc}（重建之后仍然如此；此前的问题：{problem_text}）") from exc
