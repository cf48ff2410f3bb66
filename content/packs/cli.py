"""``main.py pack keygen|build|verify|install|rollback|list|trust``.

After an install or a rollback the search index must follow the new content; ``content`` does not
import ``index``, so the caller passes that step in (``index.cli.run_pack`` does, main.py uses it).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from content.appdirs import user_data_dir
from content.console import program_name
from content.loader import CONTENT_DIR
from content.packs import store
from content.packs.pack import PackError, Requirement, build, verify
from content.packs.signing import PackKeyError, PublicKey, keygen, load_private, parse_public, public_of

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

#: Called with the data folder after the installed content changed; returns a line to print.
AfterChange = Callable[[Path], str]


def _requirement(text: str) -> Requirement:
    m = re.fullmatch(r"\s*([a-z0-9-]+)\s*>=\s*(\d+)\s*", text)
    if not m:
        raise PackError(f"依赖“{text}”应写成 编号>=版本，例如 hebei>=3")
    return Requirement(m.group(1), int(m.group(2)))


def run_pack(args: argparse.Namespace, *, after_change: AfterChange | None = None) -> int:
    """Run one ``pack`` sub-command; ``after_change`` rebuilds the search index after install/rollback."""
    data = user_data_dir()
    try:
        verb = getattr(args, "pack_verb", None)
        if verb == "keygen":
            pub = keygen(Path(args.out), args.name)
            print(f"私钥：{args.out}（只给签名的人保管，不要放进内容包或代码库）")
            print(f"公钥：{args.out}.pub（指纹 {pub.key_id}；发给各办公电脑，用 pack trust 导入）")
            return EXIT_OK
        if verb == "build":
            root = Path(args.root) if args.root else CONTENT_DIR.parent
            prev = verify(Path(args.previous), store.keys(data) + _own_key(args.key)) if args.previous else None
            m = build(root=root, key_file=Path(args.key), out=Path(args.out), pack_id=args.id, version=args.version,
                      publisher=args.publisher, layer=args.layer, region=args.region,
                      requires=[_requirement(x) for x in args.requires], previous=prev)
            pack = verify(Path(args.out), _own_key(args.key))
            print(f"已生成内容包 {args.out}：{m.id} 第 {m.version} 版，{len(m.files)} 个文件，签名指纹 {m.key_id}")
            print("\n".join(pack.changelog.lines()))
            return EXIT_OK
        if verb == "verify":
            pack = verify(Path(args.file), store.keys(data))
            m = pack.manifest
            print(f"校验通过：{m.id} 第 {m.version} 版（{m.date}，{m.publisher}，签名 {pack.signer.name}）")
            print("\n".join(pack.changelog.lines()))
            return EXIT_OK
        if verb == "install":
            pack = verify(Path(args.file), store.keys(data))
            m = pack.manifest
            print(f"内容包：{m.id} 第 {m.version} 版（{m.date}，{m.publisher}，签名 {pack.signer.name}）")
            print("\n".join(pack.changelog.lines()))
            t0 = time.perf_counter()
            inst = store.install(pack, data)
            took = time.perf_counter() - t0
            note = f"（上一版第 {inst.previous} 版已保留，可用 pack rollback {inst.manifest.id} 退回）" if inst.previous else ""
            print(f"已安装 {inst.manifest.id} 第 {inst.manifest.version} 版{note}，用时 {took:.2f} 秒")
            print(_after(after_change, data))
            return EXIT_OK
        if verb == "rollback":
            old, new = store.rollback(args.id, data)
            print(f"已把 {args.id} 从第 {old} 版退回到第 {new} 版" if new else f"已卸载 {args.id} 第 {old} 版（没有更早的版本）")
            print(_after(after_change, data))
            return EXIT_OK
        if verb == "list":
            for i in store.installed(data):
                m = i.manifest
                print(f"{m.id}  第 {m.version} 版  {m.layer}  {m.region}  {m.publisher}  {m.date}")
            return EXIT_OK
        if verb == "trust":
            src = Path(args.file)
            pub = parse_public(src.read_text(encoding="utf-8"), src.name)
            (data / "keys").mkdir(parents=True, exist_ok=True)
            from content.safe_io import write_bytes

            write_bytes(data / "keys" / f"{pub.key_id}.pub", src.read_bytes())
            print(f"已信任 {pub.name} 的公钥（指纹 {pub.key_id}）")
            return EXIT_OK
        print(f"{program_name()} pack: 请指定操作：keygen、build、verify、install、rollback、list 或 trust", file=sys.stderr)
        return EXIT_USAGE
    except (PackError, PackKeyError) as exc:
        print(f"{program_name()} pack: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{program_name()} pack: 无法读取或写入文件（{getattr(exc, 'strerror', None) or exc}）", file=sys.stderr)
        return EXIT_USAGE


def _own_key(key_file: str) -> list[PublicKey]:
    return [public_of(load_private(Path(key_file)), "本机私钥")]


def _after(after_change: AfterChange | None, data: Path) -> str:
    if after_change is None:
        return "提示：搜索索引将在下次检索或启动时按新内容重建"
    return after_change(data)
