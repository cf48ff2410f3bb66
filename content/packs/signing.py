"""Ed25519 keys for content packs (``cryptography``).

A publisher's private key stays with the publisher (``pack keygen --out K`` writes it with mode 600);
the app trusts public keys kept as data: the shipped ``content/keys/*.pub`` and the bureau's own in
``<data dir>/keys/*.pub``.  A key file holds one line: ``ed25519 <base64 public key> <name>``.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

SHIPPED_KEYS = Path(__file__).resolve().parent.parent / "keys"


class PackKeyError(Exception):
    """A key file is missing or malformed; the message says which and what to do."""


@dataclass(frozen=True)
class PublicKey:
    name: str
    raw: bytes

    @property
    def key_id(self) -> str:
        """A short fingerprint printed in manifests and messages."""
        return hashlib.sha256(self.raw).hexdigest()[:16]

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def line(self) -> str:
        return f"ed25519 {base64.b64encode(self.raw).decode('ascii')} {self.name}\n"


def keygen(out: Path, name: str) -> PublicKey:
    """Write a new private key to ``out`` (PEM, mode 600) and its public key to ``out.pub``."""
    if out.exists():
        raise PackKeyError(f"“{out}”已存在；为免覆盖现有私钥，请换一个文件名")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    pub = PublicKey(name, key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    from content.safe_io import WriteError, write_text

    # Not through safe_io's temporary file: a private key is created exclusively with mode 600 (never
    # replacing anything, whatever the umask), fsynced, and removed again if anything fails, so that a
    # full disk never leaves a cut key (or a key without its .pub) that blocks the next keygen.
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        raise PackKeyError(f"无法创建私钥文件“{out}”（{exc.strerror or exc}）；请换一个位置") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        write_text(out.with_name(out.name + ".pub"), pub.line(), follow_symlinks=True)
    except OSError as exc:
        out.unlink(missing_ok=True)
        why = str(exc) if isinstance(exc, WriteError) else f"无法写入“{out}”（{exc.strerror or exc}）"
        raise PackKeyError(f"{why}；没有生成密钥，腾出空间或换一个位置后再试") from None
    return pub


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise PackKeyError(f"“{path}”不是可用的私钥文件（{type(exc).__name__}）；私钥由 pack keygen 生成") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise PackKeyError(f"“{path}”不是 Ed25519 私钥；请用 pack keygen 生成")
    return key


def public_of(key: Ed25519PrivateKey, name: str) -> PublicKey:
    return PublicKey(name, key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def parse_public(text: str, origin: str) -> PublicKey:
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 2 or parts[0] != "ed25519":
        raise PackKeyError(f"{origin}：公钥文件应为一行“ed25519 <公钥> <名称>”")
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except ValueError as exc:
        raise PackKeyError(f"{origin}：公钥不是有效的 base64") from exc
    if len(raw) != 32:
        raise PackKeyError(f"{origin}：Ed25519 公钥应为 32 字节")
    return PublicKey(parts[2] if len(parts) > 2 else origin, raw)


def trusted_keys(*dirs: Path) -> list[PublicKey]:
    """Every readable public key in ``dirs`` (bad files are skipped: a key never half-loads)."""
    out: list[PublicKey] = []
    for d in dirs:
        if not d.is_dir():
            continue
        for p in sorted(d.glob("*.pub")):
            try:
                out.append(parse_public(p.read_text(encoding="utf-8"), p.name))
            except (OSError, UnicodeDecodeError, PackKeyError):
                continue
    return out
