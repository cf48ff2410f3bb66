"""Content packs: one signed zip with a manifest, content files and a computed changelog.

Layout inside the zip::

    manifest.yaml        id, version, date, publisher, key_id, layer, region, previous, requires,
                         format, and the SHA-256 of every other file
    signature.ed25519    base64 Ed25519 signature of manifest.yaml's exact bytes
    changelog.yaml       新增 / 修订 / 废止 per document and measure (computed at build time)
    content/data/…       document files (the content format of content/README.md)
    content/sources/…    their source texts
    content/calculators/…, content/curated/… (比一比, home tiles), content/verifications/…   when present
    content/archive/…    the last text of what this pack removed (废止), with its index; its 已废止
                         records are content/verifications/pack-repealed.yaml (content/packs/archive.py)

Verification reads nothing it has not bounded (member count, sizes, compression ratio), accepts
only plain relative names under known folders, checks the signature against trusted keys and every
file's hash, and refuses with one plain sentence (:class:`PackError`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import io
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import yaml

from content.loader import load_handbook
from content.model import Document
from content.packs.changelog import Changelog, diff
from content.safe_io import VerifyError, WriteError, replacing

if TYPE_CHECKING:
    from content.packs.signing import PublicKey

FORMAT = 1
LAYERS = ("province", "city", "county")
LAYER_NAMES = {"province": "省级", "city": "市级", "county": "区县级"}
CONTENT_FOLDERS = ("data", "sources", "calculators", "curated", "verifications")
#: Folders a pack may hold: the content folders, and the archive ``pack build`` writes itself.
PACK_FOLDERS = (*CONTENT_FOLDERS, "archive")
MANIFEST, SIGNATURE, CHANGELOG = "manifest.yaml", "signature.ed25519", "changelog.yaml"
MAX_MEMBERS = 5000
MAX_FILE = 50 * 1024 * 1024
MAX_TOTAL = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members above 1 MiB
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class PackError(Exception):
    """A pack is refused; the message says why in one plain sentence (Simplified Chinese)."""


@dataclass(frozen=True)
class Requirement:
    id: str
    min_version: int


@dataclass
class Manifest:
    id: str
    version: int
    date: str
    publisher: str
    key_id: str
    layer: str
    region: str = ""
    previous: int = 0
    requires: list[Requirement] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    def to_yaml(self) -> bytes:
        data: dict[str, Any] = {
            "format": self.format, "id": self.id, "version": self.version, "date": self.date,
            "publisher": self.publisher, "key_id": self.key_id, "layer": self.layer, "region": self.region,
            "previous": self.previous,
            "requires": [{"id": r.id, "min_version": r.min_version} for r in self.requires],
            "files": dict(sorted(self.files.items())),
        }
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")

    @classmethod
    def parse(cls, raw: bytes) -> Manifest:
        try:
            data = yaml.safe_load(raw.decode("utf-8"))
            m = cls(
                id=str(data["id"]), version=int(data["version"]), date=str(data["date"]),
                publisher=str(data["publisher"]), key_id=str(data["key_id"]), layer=str(data["layer"]),
                region=str(data.get("region") or ""), previous=int(data.get("previous") or 0),
                requires=[Requirement(str(r["id"]), int(r["min_version"])) for r in data.get("requires") or []],
                files={str(k): str(v) for k, v in (data.get("files") or {}).items()},
                format=int(data.get("format", FORMAT)),
            )
        except (UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PackError(f"内容包的清单（{MANIFEST}）无法读取（{type(exc).__name__}）；内容包已损坏") from exc
        if not ID_RE.match(m.id):
            raise PackError(f"内容包编号“{m.id}”不合规（只能用小写字母、数字和“-”）")
        if m.layer not in LAYERS:
            raise PackError(f"内容包的层级“{m.layer}”不在 {', '.join(LAYERS)} 之中")
        return m


@dataclass
class VerifiedPack:
    """A pack that passed every check: its manifest, changelog, signer and file contents."""

    path: Path
    manifest: Manifest
    changelog: Changelog
    signer: PublicKey
    files: dict[str, bytes]


# ----------------------------------------------------------------------------------------------
# Reading and verifying
# ----------------------------------------------------------------------------------------------
def safe_name(name: str) -> bool:
    """A member name that stays inside the pack: relative, no '..', no backslash or drive, known folder.

    >>> [safe_name(n) for n in ("content/data/a.yaml", "../../x", "/etc/passwd", "content/../x", "C:x", "a\\\\b")]
    [True, False, False, False, False, False]
    """
    if not name or "\\" in name or ":" in name or name.startswith("/") or "\x00" in name:
        return False
    p = PurePosixPath(name)
    if any(part in ("", ".", "..") for part in p.parts):
        return False
    if name in (MANIFEST, SIGNATURE, CHANGELOG):
        return True
    return len(p.parts) >= 3 and p.parts[0] == "content" and p.parts[1] in PACK_FOLDERS


def _read_members(path: Path) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise PackError(f"找不到内容包“{path}”") from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackError(f"“{path.name}”不是有效的内容包（不是完整的 zip 文件）；请重新复制") from exc
    out: dict[str, bytes] = {}
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise PackError(f"内容包含有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS}；已拒绝")
        total = 0
        for info in infos:
            name = info.filename
            if info.is_dir():
                continue
            if not safe_name(name):
                raise PackError(f"内容包含有不允许的文件名“{name}”（可能试图写到内容目录以外）；已拒绝")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise PackError(f"内容包中的“{name}”是链接；已拒绝")
            if name in out:
                raise PackError(f"内容包中“{name}”出现了两次；已拒绝")
            if info.file_size > MAX_FILE or (info.compress_size and info.file_size > 1024 * 1024
                                             and info.file_size / info.compress_size > MAX_RATIO):
                raise PackError(f"内容包中的“{name}”解压后异常大（疑似压缩炸弹）；已拒绝")
            data = _read_bounded(zf, info, min(MAX_FILE, info.file_size) + 1)
            if len(data) > info.file_size:
                raise PackError(f"内容包中的“{name}”实际大小与记录不符（疑似压缩炸弹）；已拒绝")
            total += len(data)
            if total > MAX_TOTAL:
                raise PackError("内容包解压后总大小超过上限；已拒绝")
            out[name] = data
    return out


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    buf = io.BytesIO()
    try:
        with zf.open(info) as f:
            while buf.tell() < limit:
                chunk = f.read(min(1 << 16, limit - buf.tell()))
                if not chunk:
                    break
                buf.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise PackError(f"内容包中的“{info.filename}”已损坏（{type(exc).__name__}）；请重新复制") from exc
    return buf.getvalue()


def verify(path: Path, keys: list[PublicKey]) -> VerifiedPack:
    """Check a pack completely; raise :class:`PackError` on the first problem."""
    files = _read_members(path)
    if MANIFEST not in files:
        raise PackError(f"内容包缺少清单（{MANIFEST}）；已拒绝")
    if SIGNATURE not in files:
        raise PackError("内容包没有签名；未签名的内容包不能安装")
    manifest_raw = files.pop(MANIFEST)
    try:
        signature = base64.b64decode(files.pop(SIGNATURE).strip(), validate=True)
    except ValueError as exc:
        raise PackError("内容包的签名已损坏；已拒绝") from exc
    signer = next((k for k in keys if k.verify(signature, manifest_raw)), None)
    if signer is None:
        raise PackError("内容包的签名无效：不是由受信任的发布单位签发，或内容包已被改动；已拒绝")
    manifest = Manifest.parse(manifest_raw)
    if manifest.format > FORMAT:
        raise PackError("这个内容包需要更新版本的“科技政策一点通”；请先升级软件")
    for name, digest in manifest.files.items():
        if name not in files:
            raise PackError(f"内容包缺少文件“{name}”；已拒绝")
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise PackError(f"内容包中的“{name}”与签名时不一致（已被改动或损坏）；已拒绝")
    extra = sorted(set(files) - set(manifest.files))
    if extra:
        raise PackError(f"内容包含有清单以外的文件“{extra[0]}”；已拒绝")
    try:
        changelog = Changelog.from_data(yaml.safe_load(files[CHANGELOG].decode("utf-8")))
    except (KeyError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError) as exc:
        raise PackError("内容包的更新说明（changelog.yaml）无法读取；已拒绝") from exc
    return VerifiedPack(path, manifest, changelog, signer, files)


# ----------------------------------------------------------------------------------------------
# Building
# ----------------------------------------------------------------------------------------------
def content_files(root: Path) -> dict[str, bytes]:
    """The files of a content root (``data/``, ``sources/``, ``calculators/`` …) as pack members."""
    out: dict[str, bytes] = {}
    for folder in CONTENT_FOLDERS:
        d = root / folder
        if not d.is_dir():
            continue
        for p in sorted(d.rglob("*")):
            if p.is_file() and not p.is_symlink() and not p.name.startswith(".") and "__pycache__" not in p.parts:
                out[f"content/{folder}/{p.relative_to(d).as_posix()}"] = p.read_bytes()
    return out


def documents_of(files: dict[str, bytes]) -> list[Document]:
    """The documents among pack members (loaded with the handbook's loader)."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        for name, raw in files.items():
            if name.startswith("content/data/") and name.count("/") == 2:
                (data / name.rsplit("/", 1)[1]).write_bytes(raw)
        return list(load_handbook(data).documents)


def build(*, root: Path, key_file: Path, out: Path, pack_id: str, version: int, publisher: str,
          layer: str = "province", region: str = "", requires: list[Requirement] | None = None,
          previous: VerifiedPack | None = None, date: str | None = None) -> Manifest:
    """Sign the content under ``root`` into the pack ``out``; the changelog is diffed against ``previous``."""
    from content.packs.archive import REPEALED_MEMBER, ArchiveError, build_archive
    from content.packs.signing import load_private, public_of

    if not ID_RE.match(pack_id):
        raise PackError(f"内容包编号“{pack_id}”不合规（只能用小写字母、数字和“-”）")
    if layer not in LAYERS:
        raise PackError(f"层级应为 {', '.join(LAYERS)} 之一")
    if previous is not None and (previous.manifest.id != pack_id or previous.manifest.version >= version):
        raise PackError(f"上一版应是同一内容包（{pack_id}）的更早版本")
    key = load_private(key_file)
    pub = public_of(key, publisher)
    files = content_files(root)
    leaked = next((n for n, b in files.items() if b"PRIVATE KEY-----" in b), None)
    if leaked:
        raise PackError(f"内容目录中的“{leaked}”是私钥；私钥不能放进内容包，请移走后再打包")
    if not any(n.startswith("content/data/") for n in files):
        raise PackError(f"“{root}”下没有内容文件（data/*.yaml）")
    _refuse_unresolved_todos(root / "data")
    if REPEALED_MEMBER in files:
        raise PackError(f"“{REPEALED_MEMBER.removeprefix('content/')}”这个文件名留给内容包自动生成的废止记录；请改名后再打包")
    date = date or _dt.date.today().isoformat()
    old_docs = documents_of(previous.files) if previous is not None else []
    new_docs = documents_of(files)
    _refuse_unfaithful(new_docs, files)
    log = diff(old_docs, new_docs, date=date)
    if previous is not None:
        try:
            files.update(build_archive(previous_files=previous.files, previous_docs=old_docs,
                                       previous_version=previous.manifest.version, new_docs=new_docs, log=log,
                                       pack_id=pack_id, version=version, date=date, publisher=publisher))
        except ArchiveError as exc:
            raise PackError(f"{exc}；无法生成已废止条目的存档") from exc
    files[CHANGELOG] = yaml.safe_dump(log.to_data(), allow_unicode=True, sort_keys=False).encode("utf-8")
    manifest = Manifest(id=pack_id, version=version, date=date, publisher=publisher, key_id=pub.key_id,
                        layer=layer, region=region, previous=previous.manifest.version if previous else 0,
                        requires=list(requires or []),
                        files={n: hashlib.sha256(b).hexdigest() for n, b in files.items()})
    raw = manifest.to_yaml()
    signature = base64.b64encode(key.sign(raw))
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        with replacing(out, verify=_verify_zip) as tmp, zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, raw)
            zf.writestr(SIGNATURE, signature)
            for name in sorted(files):
                zf.writestr(name, files[name])
    except WriteError as exc:
        raise PackError(str(exc)) from None
    return manifest


def _refuse_unresolved_todos(folder: Path) -> None:
    """An imported draft is not signed and sent to every office PC before its editor has resolved the
    importer's TODO notes (``check`` lists them; the guessed topics, amounts, issuer …)."""
    from content.loader import ContentLoadError, load_handbook

    try:
        todos = [e for e in load_handbook(folder).errors if e.field == "todo"]
    except ContentLoadError:
        return  # the files themselves are checked above and by the loader on every PC
    if todos:
        first = todos[0]
        raise PackError(f"内容中还有 {len(todos)} 项待编者处理（todo），例如 {first.file}:{first.line}：{first.message}；"
                        "请逐项处理并删除 todo（main.py check 会列出）后再打包")


def _refuse_unfaithful(docs: list[Document], files: dict[str, bytes]) -> None:
    """A document whose source text is in the pack must print only what the source prints (layout
    aside): a mistyped phone number or amount is refused here, not found on 300 office PCs."""
    from content.fidelity import unfaithful

    bad: list[str] = []
    for d in docs:
        raw = files.get(f"content/sources/{d.source_file}") if d.source_file else None
        if raw is None:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PackError(f"原文“sources/{d.source_file}”不是 UTF-8 文本") from None
        bad += [f"{d.file}：{where} “{wording[:40]}”" for where, wording in unfaithful(d, text)]
    if bad:
        raise PackError(f"有 {len(bad)} 处文字与原文不符（原文中找不到），例如 {bad[0]}；只允许调整版式，"
                        "不得改动文字和数字（main.py check 会逐条列出）")


def _verify_zip(path: Path) -> None:
    """The written pack must reopen with every member intact (a full disk cuts a zip short)."""
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except (OSError, zipfile.BadZipFile) as exc:
        raise VerifyError(f"内容包无法重新打开：{exc}") from None
    if bad is not None:
        raise VerifyError(f"内容包中的“{bad}”已损坏")
