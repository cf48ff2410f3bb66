"""Test helper: content roots, signed packs and installs in temporary folders (fixture ``pack_maker``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path

from content.loader import CONTENT_DIR
from content.packs import store
from content.packs.pack import Requirement, VerifiedPack, build, verify
from content.packs.signing import keygen

SHIPPED_ROOT = CONTENT_DIR.parent


def doc_yaml(doc_id: str, measures: Sequence[tuple[str, str, str]], *, title: str = "", level: str = "市级",
             region: str = "石家庄市", issuer: str = "石家庄市科学技术局", part_id: str = "") -> str:
    """A small valid document: one part holding ``measures`` = (id, title, text)."""
    lines = [f"id: {doc_id}", f"title: \"{title or '测试文件' + doc_id}\"", f"issuer: [{issuer}]", "date: 2026-05-01",
             f"level: {level}", f"region: {region}", "kind: 正式文件", "source_file: test.txt", "parts:",
             f"  - id: {part_id or doc_id + '-p'}", "    title: \"一、支持措施\"", "    measures:"]
    for mid, mtitle, text in measures:
        lines += [f"      - id: {mid}", f"        title: \"{mtitle}\"", f"        text: \"{text}\"",
                  "        topics: [资金奖补]"]
    return "\n".join(lines) + "\n"


class PackMaker:
    """Makes content roots and signed packs, and installs them into ``data``."""

    def __init__(self, tmp: Path, data: Path) -> None:
        self.tmp = tmp
        self.data = data
        self.key = tmp / "keys" / "publisher.pem"
        self.public = keygen(self.key, "河北省科学技术厅")
        (data / "keys").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.key.with_name(self.key.name + ".pub"), data / "keys" / "publisher.pub")

    def root(self, name: str, *, shipped: Iterable[str] = (), files: dict[str, str] | None = None) -> Path:
        """A content root with the named shipped document files (``lf-kjqs.yaml`` …; ``*`` = all of them,
        with the shipped calculators and 比一比 pages) and extra ``files`` (relative path → text)."""
        r = self.tmp / name
        shutil.rmtree(r, ignore_errors=True)
        (r / "data").mkdir(parents=True)
        names = list(shipped)
        if names == ["*"]:
            shutil.rmtree(r / "data")
            shutil.copytree(SHIPPED_ROOT / "data", r / "data")
            for folder in ("sources", "calculators", "curated"):
                shutil.copytree(SHIPPED_ROOT / folder, r / folder)
        else:
            for n in names:
                shutil.copyfile(SHIPPED_ROOT / "data" / n, r / "data" / n)
        for rel, text in (files or {}).items():
            (r / rel).parent.mkdir(parents=True, exist_ok=True)
            (r / rel).write_text(text, encoding="utf-8")
        return r

    def build(self, root: Path, *, pack_id: str, version: int, layer: str = "province", publisher: str = "",
              previous: Path | None = None, requires: Sequence[tuple[str, int]] = (), date: str = "2026-05-01",
              region: str = "") -> Path:
        out = self.tmp / f"{pack_id}-{version}.zip"
        prev = verify(previous, [self.public]) if previous is not None else None
        build(root=root, key_file=self.key, out=out, pack_id=pack_id, version=version,
              publisher=publisher or {"province": "河北省科学技术厅", "city": "石家庄市科学技术局"}.get(layer, "长安区科技局"),
              layer=layer, region=region, requires=[Requirement(i, v) for i, v in requires], previous=prev, date=date)
        return out

    def verify(self, pack: Path) -> VerifiedPack:
        return verify(pack, store.keys(self.data))

    def install(self, pack: Path) -> store.Installed:
        return store.install(self.verify(pack), self.data)
