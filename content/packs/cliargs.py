"""The ``pack`` verb's command line (kept free of heavy imports: it is built on every start)."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``pack`` verb and its sub-commands (called from main.py's parser)."""
    s = sub.add_parser("pack", help="内容包：生成密钥、打包签名、校验、安装、回退")
    ps = s.add_subparsers(dest="pack_verb", metavar="操作", title="操作")
    k = ps.add_parser("keygen", help="生成发布单位的签名密钥（私钥不要放进内容包或代码库）")
    k.add_argument("--out", required=True, metavar="私钥文件", help="私钥保存位置；公钥另存为 同名.pub")
    k.add_argument("--name", default="发布单位", metavar="名称", help="写进公钥的发布单位名称")
    b = ps.add_parser("build", help="把内容目录打包并签名")
    b.add_argument("--key", required=True, metavar="私钥文件", help="pack keygen 生成的私钥")
    b.add_argument("--out", required=True, metavar="内容包.zip", help="输出的内容包")
    b.add_argument("--id", required=True, metavar="编号", help="内容包编号，如 hebei 或 sjz-changan")
    b.add_argument("--version", required=True, type=int, metavar="N", help="版本号（整数，每次发布加一）")
    b.add_argument("--publisher", required=True, metavar="名称", help="发布单位")
    b.add_argument("--layer", default="province", choices=["province", "city", "county"], help="层级：省、市、县")
    b.add_argument("--region", default="", metavar="地区", help="适用地区")
    b.add_argument("--requires", action="append", default=[], metavar="编号>=版本",
                   help="依赖的上级内容包，如 hebei>=3（可写多次）")
    b.add_argument("--previous", metavar="上一版.zip", help="上一版内容包；更新说明按它计算")
    b.add_argument("--root", metavar="文件夹", help="要打包的内容根目录（含 data/、sources/ …；默认软件自带内容）")
    v = ps.add_parser("verify", help="校验内容包的签名和完整性，并显示更新说明")
    v.add_argument("file", metavar="内容包.zip", help="要校验的内容包")
    i = ps.add_parser("install", help="校验并安装内容包（装入个人数据目录，可回退）")
    i.add_argument("file", metavar="内容包.zip", help="要安装的内容包（可在U盘或共享文件夹中）")
    r = ps.add_parser("rollback", help="退回某个内容包的上一版")
    r.add_argument("id", metavar="编号", help="内容包编号（见 pack list）")
    ps.add_parser("list", help="列出已安装的内容包")
    t = ps.add_parser("trust", help="信任一个发布单位的公钥（.pub 文件）")
    t.add_argument("file", metavar="公钥.pub", help="发布单位给出的公钥文件")
