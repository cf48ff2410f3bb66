"""A compiled cache of parsed content, so that start-up does not depend on the size of the content.

Parsing YAML is most of a start: a province's library of 10,000 measures takes seconds to parse,
while reading back the parsed values takes a fraction of that.  :func:`cached` keeps the result of
an expensive load (the :class:`~content.model.Handbook` of a content folder) in the per-user data
folder and returns it as long as nothing it came from has changed.

* **Keyed by everything it depends on**: every source file's path, size, modification time and
  SHA-256 of its bytes, plus the code version (the source of the modules that produce the value,
  or the app version in a packaged app), the Python version and :data:`CACHE_FORMAT`.
* **Atomic**: written through :mod:`content.safe_io` (temporary file, fsync, rename).
* **Safe to lose**: a missing, unreadable, truncated or foreign cache file is simply a miss; the
  content is then parsed as without a cache.  A cache file that cannot be written (full disk,
  read-only data folder) is no error either.
* **Qt-free** and generic: ``cached(kind, sources, load)`` works for any picklable value.

:func:`content_digest` gives a digest of a handbook's content that is the same whether it was
parsed or read back from the cache (the search index is stamped with it).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from content.model import Handbook

#: Changes whenever the layout of cache files changes (older files are then misses).
CACHE_FORMAT = 1
_MAGIC = b"KJZC-compiled\n"
#: Set to 1 to load without the cache (benchmarks measure start-up both ways in the same run).
DISABLE_ENV = "KJZC_NO_CONTENT_CACHE"
#: Cache files kept per kind (older ones are removed): a few content folders in turn.
KEEP = 4

T = TypeVar("T")

#: Digest by handbook, by identity (a handbook's own hash would walk all of its content).
_digests: dict[int, tuple[weakref.ref[Handbook], str]] = {}
_file_digests: dict[tuple[str, int, int, int, int], bytes] = {}


def cache_folder() -> Path | None:
    """``<per-user data folder>/cache``, or None when there is no usable data folder."""
    try:
        from content.appdirs import data_dir

        where = data_dir()
        if where.read_only:
            return None
        return where.path / "cache"
    except OSError:
        return None


def code_version(modules: Sequence[ModuleType]) -> str:
    """A digest of the source of ``modules`` (their output's shape), or the app version when frozen."""
    h = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}".encode())
    for m in modules:
        f = getattr(m, "__file__", None)
        try:
            h.update(Path(f).read_bytes() if f else b"")
        except OSError:  # a packaged app has no sources: its version stands for them
            h.update(_app_version().encode())
    return h.hexdigest()


def _app_version() -> str:
    """Stands for the code of a packaged app: its executable (replaced by every update)."""
    try:
        st = Path(sys.executable).stat()
        return f"{sys.executable}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        return sys.executable


def source_key(sources: Sequence[Path], version: str) -> str:
    """The key of a value made from ``sources`` by code of ``version``.

    Raises:
        OSError: a source cannot be read (the caller then loads without the cache).
    """
    h = hashlib.sha256(version.encode())
    for p in sources:
        st = p.stat()
        ident = (str(p.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        digest = _file_digests.get(ident)
        if digest is None:  # each file is read once per process, however many caches it keys
            digest = hashlib.sha256(_content_bytes(p)).digest()
            _file_digests[ident] = digest
        h.update(f"\0{ident[0]}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
        h.update(digest)
    return h.hexdigest()


def _content_bytes(path: Path) -> bytes:
    """A source's bytes, read as the loader reads content: a FIFO, a device or an oversized file is
    refused at once (OSError), never waited on, and the loader then names it."""
    from content.safe_read import ReadRefused, read_content_bytes

    try:
        return read_content_bytes(path)
    except ReadRefused as exc:
        raise OSError(exc.message) from None


def cached(kind: str, sources: Sequence[Path], load: Callable[[], T], *, version: str,
           folder: Path | None = None, extra: Callable[[T], Any] = lambda _v: None,
           restore: Callable[[T, Any], None] = lambda _v, _x: None) -> T:
    """``load()``, or its result from an earlier run while no source and no code changed.

    Args:
        kind: Names the cache (a file name prefix, e.g. ``handbook``).
        sources: Every file the value is made from.
        load: Makes the value (parses the files).
        version: The code version (see :func:`code_version`).
        folder: Where cache files live (default :func:`cache_folder`; None there means no cache).
        extra: Something computed from a freshly loaded value to keep with it (e.g. a digest).
        restore: Called with a value read back from the cache and its ``extra``.
    """
    entry = _entry(kind, sources, version, folder)
    if entry is None:
        return load()
    path, key = entry
    hit = _read(path, key)
    if hit is not None:
        value, more = hit
        restore(value, more)
        return value  # type: ignore[no-any-return]
    value = load()
    more = extra(value)
    _write(path, key, value, more)
    if isinstance(more, str):  # a small fact kept beside the value, readable without unpickling it
        with contextlib.suppress(OSError):
            from content.safe_io import write_text

            write_text(path.with_suffix(".txt"), more)
    _prune(path.parent, kind, keep=path)
    return value


def _entry(kind: str, sources: Sequence[Path], version: str, folder: Path | None) -> tuple[Path, str] | None:
    """Where the cached value of these sources and code is kept, and its key (``None``: no cache)."""
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return None
    folder = folder if folder is not None else cache_folder()
    if folder is None:
        return None
    try:
        key = source_key(sources, version)
    except OSError:
        return None
    return folder / f"{kind}-{key[:40]}.pickle", key


def peek_extra(kind: str, sources: Sequence[Path], *, version: str, folder: Path | None = None) -> str | None:
    """The small fact kept beside a cached value (see :func:`cached`), without reading the value."""
    entry = _entry(kind, sources, version, folder)
    if entry is None or not entry[0].exists():
        return None
    try:
        return entry[0].with_suffix(".txt").read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def peek(kind: str, sources: Sequence[Path], *, version: str, folder: Path | None = None) -> Any | None:
    """The cached value for these sources and code, if there is one (never loads anything)."""
    entry = _entry(kind, sources, version, folder)
    hit = _read(*entry) if entry is not None else None
    return hit[0] if hit is not None else None


def _read(path: Path, key: str) -> tuple[Any, Any] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = _MAGIC + key.encode("ascii") + b"\n"
    if not data.startswith(head):
        return None
    enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of new objects, none of them garbage: the collector only slows it
    try:
        value, more = pickle.loads(data[len(head):])  # our own file in the user's own folder
    except Exception:  # truncated, garbled, or written by other code: a miss
        return None
    finally:
        if enabled:
            gc.enable()
    return value, more


def _write(path: Path, key: str, value: Any, more: Any) -> None:
    from content.safe_io import write_bytes

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((value, more), protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes(path, _MAGIC + key.encode("ascii") + b"\n" + payload)
    except (OSError, pickle.PicklingError, RecursionError):
        return  # no cache this time; the value was loaded all the same


def _prune(folder: Path, kind: str, *, keep: Path) -> None:
    try:
        files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in [f for f in files if f != keep][KEEP - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()
        with contextlib.suppress(OSError):
            old.with_suffix(".txt").unlink()


# --------------------------------------------------------------------------------------------
# The handbook
# --------------------------------------------------------------------------------------------
def content_digest(handbook: Handbook) -> str:
    """A digest of a handbook's content (the same for a parsed and a cached handbook)."""
    known = _digests.get(id(handbook))
    if known is not None and known[0]() is handbook:
        return known[1]
    d = hashlib.sha256(repr(handbook.documents).encode("utf-8")).hexdigest()
    _remember(handbook, d)
    return d


def _remember(handbook: Handbook, digest: str) -> None:
    key = id(handbook)
    _digests[key] = (weakref.ref(handbook, lambda _r: _digests.pop(key, None)), digest)


def handbook_sources(content_dir: Path) -> list[Path]:
    """Every file a handbook of ``content_dir`` is made from (documents, manifest, vocabulary, limits)."""
    from content.loader import VOCABULARY_FILE, content_files
    from content.safe_read import LIMITS_FILE

    files = [*content_files(content_dir), VOCABULARY_FILE, LIMITS_FILE]
    manifest = content_dir / "_manifest.yaml"
    if manifest.exists():
        files.append(manifest)
    return files


def handbook_version(content_dir: Path) -> str:
    """The code version of a cached handbook of ``content_dir`` (the folder is part of it)."""
    import content.duplicates
    import content.loader
    import content.model
    import content.normalize
    import content.safe_read
    import content.validity

    return code_version([content.loader, content.model, content.normalize, content.safe_read, content.duplicates,
                         content.validity, sys.modules[__name__]]) + f"|{content_dir.resolve()}"


def load_handbook_cached(content_dir: Path, load: Callable[[Path], Handbook], *, folder: Path | None = None) -> Handbook:
    """``load(content_dir)``, through the compiled cache (see the module docstring)."""
    if not content_dir.is_dir():
        return load(content_dir)  # says what is wrong
    try:
        sources = handbook_sources(content_dir)
    except OSError:
        return load(content_dir)

    def restore(hb: Handbook, digest: Any) -> None:
        if isinstance(digest, str):
            _remember(hb, digest)

    return cached("handbook", sources, lambda: load(content_dir), version=handbook_version(content_dir),
                  folder=folder, extra=content_digest, restore=restore)


def cached_content_digest(content_dir: Path, *, folder: Path | None = None) -> str | None:
    """The :func:`content_digest` of the handbook of ``content_dir``, when its compiled cache is current.

    Costs one read of every content file (to check nothing changed), not a parse: a CLI search
    finds its index with it without loading the handbook.
    """
    if not content_dir.is_dir():
        return None
    try:
        sources = handbook_sources(content_dir)
    except OSError:
        return None
    return peek_extra("handbook", sources, version=handbook_version(content_dir), folder=folder)


__all__ = ["CACHE_FORMAT", "cached", "cached_content_digest", "code_version", "content_digest", "load_handbook_cached",
           "peek", "peek_extra", "source_key"]
