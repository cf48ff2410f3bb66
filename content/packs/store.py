"""Installed packs in the per-user data directory; the shipped content stays read-only.

``<data dir>/packs/<pack id>/versions/<version>/`` holds a verified pack's files (``content/…`` is a
content root for the bundle); ``<data dir>/packs/<pack id>/state.yaml`` names the current and the
previous version, so that ``rollback`` restores the previous one.  An install writes every file
through :mod:`content.safe_io` into a staging folder and switches ``state.yaml`` last (atomic
rename): a refused or interrupted install changes nothing.  ``<data dir>/packs/last-update.yaml``
remembers the last install or rollback for the home page's "本次更新" line.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from content.packs.changelog import Changelog
from content.packs.pack import CHANGELOG, LAYERS, MANIFEST, Manifest, PackError, VerifiedPack

if TYPE_CHECKING:
    from content.packs.signing import PublicKey

LAST_UPDATE = "last-update.yaml"


@dataclass(frozen=True)
class Installed:
    manifest: Manifest
    root: Path  # the content root of the current version
    previous: int


def packs_dir(data_dir: Path) -> Path:
    return data_dir / "packs"


def keys(data_dir: Path) -> list[PublicKey]:
    """The publishers' keys shipped with the app and the ones this bureau added."""
    from content.packs.signing import SHIPPED_KEYS, trusted_keys

    return trusted_keys(SHIPPED_KEYS, data_dir / "keys")


def _state(pdir: Path) -> dict[str, int]:
    try:
        data = yaml.safe_load((pdir / "state.yaml").read_text(encoding="utf-8")) or {}
        return {"current": int(data.get("current") or 0), "previous": int(data.get("previous") or 0)}
    except (OSError, yaml.YAMLError, ValueError, TypeError, AttributeError):
        return {"current": 0, "previous": 0}


def _write_state(pdir: Path, current: int, previous: int) -> None:
    from content.safe_io import write_text

    write_text(pdir / "state.yaml", yaml.safe_dump({"current": current, "previous": previous}))


def installed(data_dir: Path) -> list[Installed]:
    """Current versions of the installed packs, province first, then cities, then counties."""
    out: list[Installed] = []
    base = packs_dir(data_dir)
    if not base.is_dir():
        return out
    for pdir in sorted(p for p in base.iterdir() if p.is_dir()):
        st = _state(pdir)
        vdir = pdir / "versions" / str(st["current"])
        try:
            m = Manifest.parse((vdir / MANIFEST).read_bytes())
        except (OSError, PackError):
            continue
        out.append(Installed(m, vdir / "content", st["previous"]))
    return sorted(out, key=lambda i: (LAYERS.index(i.manifest.layer), i.manifest.id))


def content_roots(data_dir: Path) -> list[Path]:
    """Content roots of the installed packs, in the order the bundle should layer them."""
    return [i.root for i in installed(data_dir)]


def check_requirements(pack: VerifiedPack, data_dir: Path) -> None:
    have = {i.manifest.id: i.manifest.version for i in installed(data_dir)}
    for r in pack.manifest.requires:
        v = have.get(r.id, 0)
        if v < r.min_version:
            now = f"已安装第 {v} 版" if v else "尚未安装"
            raise PackError(f"这个内容包需要先安装“{r.id}”第 {r.min_version} 版或更新版本（{now}）；已拒绝，未做任何改动")


def current_version(pack_id: str, data_dir: Path) -> int:
    """The installed version of ``pack_id`` (0: not installed)."""
    return _state(packs_dir(data_dir) / pack_id)["current"]


def check_install(pack: VerifiedPack, data_dir: Path) -> None:
    """Raise :class:`PackError` (a plain sentence) when ``pack`` cannot be installed here."""
    m = pack.manifest
    check_requirements(pack, data_dir)
    current = current_version(m.id, data_dir)
    if current == m.version:
        raise PackError(f"“{m.id}”第 {m.version} 版已经安装；无需重复安装")
    if current > m.version:
        raise PackError(f"已安装“{m.id}”第 {current} 版，比这个内容包（第 {m.version} 版）新；"
                        "如需退回旧版，请用“回退”")


def install(pack: VerifiedPack, data_dir: Path) -> Installed:
    """Install a verified pack; the version it replaces is kept for :func:`rollback`."""
    m = pack.manifest
    check_install(pack, data_dir)
    pdir = packs_dir(data_dir) / m.id
    st = _state(pdir)
    versions = pdir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    stage = versions / f".staging-{m.version}"
    from content.safe_io import WriteError, write_bytes

    try:
        shutil.rmtree(stage, ignore_errors=True)
        for name, data in pack.files.items():
            target = stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(target, data)
        write_bytes(stage / MANIFEST, m.to_yaml())
        final = versions / str(m.version)
        shutil.rmtree(final, ignore_errors=True)
        stage.replace(final)
        _write_state(pdir, m.version, st["current"])
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        why = str(exc) if isinstance(exc, WriteError) else f"无法写入数据目录（{exc.strerror or exc}）"
        raise PackError(f"{why}；内容包未安装，原有内容不变") from exc
    for old in versions.iterdir():  # keep the current and the previous version only
        if old.name not in {str(m.version), str(st["current"])}:
            shutil.rmtree(old, ignore_errors=True)
    _write_last_update(data_dir, {"action": "install", "pack": m.id, "version": m.version, "from": st["current"]})
    return Installed(m, versions / str(m.version) / "content", st["current"])


def rollback(pack_id: str, data_dir: Path) -> tuple[int, int]:
    """Make the previous version current again; returns (from, to)."""
    pdir = packs_dir(data_dir) / pack_id
    st = _state(pdir)
    if not st["current"]:
        raise PackError(f"没有安装“{pack_id}”")
    prev = st["previous"]
    if not prev or not (pdir / "versions" / str(prev) / MANIFEST).exists():
        prev = 0
    _check_dependents(pack_id, prev, data_dir)
    try:
        if not prev:
            shutil.rmtree(pdir)
        else:
            _write_state(pdir, prev, 0)
            shutil.rmtree(pdir / "versions" / str(st["current"]), ignore_errors=True)
    except OSError as exc:
        raise PackError(f"无法写入数据目录（{exc.strerror or exc}）；未能回退“{pack_id}”") from exc
    _write_last_update(data_dir, {"action": "rollback", "pack": pack_id, "version": prev, "from": st["current"]})
    return st["current"], prev


def _check_dependents(pack_id: str, version: int, data_dir: Path) -> None:
    """Refuse to leave ``pack_id`` at ``version`` (0: removed) when an installed pack needs a newer one."""
    for i in installed(data_dir):
        for r in i.manifest.requires:
            if r.id == pack_id and version < r.min_version:
                after = f"退回到第 {version} 版" if version else "卸载"
                raise PackError(f"已安装的“{i.manifest.id}”第 {i.manifest.version} 版需要“{pack_id}”第 {r.min_version} 版"
                                f"或更新；“{pack_id}”{after}后它将无法使用。请先回退“{i.manifest.id}”；未做任何改动")


@dataclass(frozen=True)
class LastUpdate:
    """The last install or rollback on this PC (for the home page's "本次更新" line).

    Attributes:
        action: ``install`` or ``rollback``.
        pack: The pack id.
        version: The version now current (0: the pack was removed).
        previous: The version before.
        when: When it happened (local time, ``YYYY-MM-DD HH:MM``).
        manifest: The manifest of the version now current (None when it was removed).
        changelog: Its changelog (installs only; None when it cannot be read).
    """

    action: str
    pack: str
    version: int
    previous: int
    when: str
    manifest: Manifest | None = None
    changelog: Changelog | None = None


def _write_last_update(data_dir: Path, record: dict[str, Any]) -> None:
    from content.safe_io import WriteError, write_text

    record["when"] = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    # The content is installed either way; only the home page's note about it would be missing.
    with contextlib.suppress(WriteError):
        write_text(packs_dir(data_dir) / LAST_UPDATE, yaml.safe_dump(record, allow_unicode=True, sort_keys=False))


def last_update(data_dir: Path) -> LastUpdate | None:
    """The last install or rollback, if it still describes what is installed (else None)."""
    try:
        data = yaml.safe_load((packs_dir(data_dir) / LAST_UPDATE).read_text(encoding="utf-8"))
        action, pack, version = str(data["action"]), str(data["pack"]), int(data["version"])
        previous, when = int(data.get("from") or 0), str(data.get("when") or "")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
        return None
    current = next((i for i in installed(data_dir) if i.manifest.id == pack), None)
    if (current.manifest.version if current is not None else 0) != version:
        return None  # something changed since (another install, a manual removal)
    changelog = None
    if current is not None and action == "install":
        try:
            changelog = Changelog.from_data(yaml.safe_load((current.root.parent / CHANGELOG).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
            changelog = None
    return LastUpdate(action, pack, version, previous, when, current.manifest if current is not None else None,
                      changelog)
