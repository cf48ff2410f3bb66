"""Content packs: build, verify, install, rollback, the computed changelog, and every refusal
(one changed byte, wrong key, missing file, path traversal, zip bomb, a newer required version)
with a plain message and nothing changed."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from content.loader import CONTENT_DIR
from content.packs import store
from content.packs.pack import MANIFEST, PackError, Requirement, build, verify
from content.packs.signing import PublicKey, keygen

ROOT = CONTENT_DIR.parent


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, PublicKey]:
    k = tmp_path / "keys" / "hebei.pem"
    return k, keygen(k, "河北省科学技术厅")


def _copy_root(tmp_path: Path, name: str = "root") -> Path:
    r = tmp_path / name
    shutil.copytree(ROOT / "data", r / "data")
    shutil.copytree(ROOT / "sources", r / "sources")
    return r


def _snapshot(d: Path) -> dict[str, str]:
    return {p.relative_to(d).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(d.rglob("*")) if p.is_file()}


def test_round_trip_install_and_rollback(tmp_path: Path, key: tuple[Path, PublicKey]) -> None:
    k, pub = key
    root = _copy_root(tmp_path)
    p1 = tmp_path / "p1.zip"
    build(root=root, key_file=k, out=p1, pack_id="hebei", version=1, publisher="河北省科学技术厅", date="2026-01-01")
    v1 = verify(p1, [pub])
    assert v1.changelog.counts() == {"新增": 212, "修订": 0, "废止": 0}
    data = tmp_path / "data"
    inst = store.install(v1, data)
    assert (inst.root / "data" / "lf-kjqs.yaml").read_bytes() == (ROOT / "data" / "lf-kjqs.yaml").read_bytes()
    assert store.content_roots(data) == [inst.root]
    # Version 2: one measure revised, one document repealed, one added.
    doc = root / "data" / "sjz-gxq-jingnan.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("最高不超过60万元", "最高不超过80万元"), encoding="utf-8")
    src = root / "sources" / "003_e927b0ffb70c5912.txt"  # a revision comes with its revised text
    src.write_text(src.read_text(encoding="utf-8").replace("最高不超过60万元", "最高不超过80万元"), encoding="utf-8")
    (root / "data" / "lf-kjqs.yaml").unlink()
    p2 = tmp_path / "p2.zip"
    build(root=root, key_file=k, out=p2, pack_id="hebei", version=2, publisher="河北省科学技术厅", previous=v1)
    v2 = verify(p2, [pub])
    assert v2.changelog.counts() == {"新增": 0, "修订": 1, "废止": 49}
    changes = {d.id: d.change for d in v2.changelog.documents}
    assert changes == {"sjz-gxq-jingnan": "修订", "lf-kjqs": "废止"}
    assert [m.id for m in v2.changelog.documents[0].measures] == ["gxq-2-1"]
    assert "本次更新：新增 0 条、修订 1 条、废止 49 条" in v2.changelog.lines()
    store.install(v2, data)
    assert store.installed(data)[0].manifest.version == 2
    assert not (store.installed(data)[0].root / "data" / "lf-kjqs.yaml").exists()
    assert store.rollback("hebei", data) == (2, 1)
    now = store.installed(data)[0]
    assert now.manifest.version == 1 and (now.root / "data" / "lf-kjqs.yaml").exists()


def _tamper(src: Path, out: Path, *, change: str | None = None, drop: str | None = None,
            add: tuple[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == drop:
                continue
            if info.filename == change:
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            zout.writestr(info.filename, data)
        if add:
            zout.writestr(*add)
    return out


@pytest.fixture
def pack1(tmp_path: Path, key: tuple[Path, PublicKey]) -> Path:
    root = _copy_root(tmp_path, "r1")
    out = tmp_path / "p1.zip"
    build(root=root, key_file=key[0], out=out, pack_id="hebei", version=1, publisher="河北省科学技术厅")
    return out


def _refused(pack: Path, keys: list[PublicKey], data: Path, match: str) -> None:
    before = _snapshot(data) if data.exists() else {}
    with pytest.raises(PackError, match=match):
        store.install(verify(pack, keys), data)
    assert (_snapshot(data) if data.exists() else {}) == before


def test_one_changed_byte_is_refused(tmp_path: Path, pack1: Path, key: tuple[Path, PublicKey]) -> None:
    bad = _tamper(pack1, tmp_path / "bad.zip", change="content/data/lf-kjqs.yaml")
    _refused(bad, [key[1]], tmp_path / "data", "已被改动")
    bad = _tamper(pack1, tmp_path / "bad2.zip", change=MANIFEST)
    _refused(bad, [key[1]], tmp_path / "data", "签名无效")


def test_wrong_key_and_unsigned_are_refused(tmp_path: Path, pack1: Path) -> None:
    other = keygen(tmp_path / "other.pem", "别的单位")
    _refused(pack1, [other], tmp_path / "data", "签名无效")
    _refused(_tamper(pack1, tmp_path / "u.zip", drop="signature.ed25519"), [other], tmp_path / "data", "没有签名")


def test_missing_and_extra_files_are_refused(tmp_path: Path, pack1: Path, key: tuple[Path, PublicKey]) -> None:
    _refused(_tamper(pack1, tmp_path / "m.zip", drop="content/sources/000_c0b84344fab0dd26.txt"), [key[1]],
             tmp_path / "data", "缺少文件")
    _refused(_tamper(pack1, tmp_path / "e.zip", add=("content/data/extra.yaml", b"id: x")), [key[1]],
             tmp_path / "data", "清单以外")


@pytest.mark.parametrize("name", ["../../x", "content/../../x", "/etc/x", "content/data/..\\..\\x", "evil.txt"])
def test_path_traversal_is_refused(tmp_path: Path, pack1: Path, key: tuple[Path, PublicKey], name: str) -> None:
    bad = _tamper(pack1, tmp_path / "t.zip", add=(name, b"x"))
    _refused(bad, [key[1]], tmp_path / "data", "不允许的文件名")
    assert not (tmp_path / "x").exists()


def test_zip_bomb_is_refused(tmp_path: Path, pack1: Path, key: tuple[Path, PublicKey]) -> None:
    bomb = tmp_path / "bomb.zip"
    shutil.copyfile(pack1, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("content/data/bomb.yaml", b"\0" * (60 * 1024 * 1024))
    _refused(bomb, [key[1]], tmp_path / "data", "压缩炸弹")


def test_a_newer_required_version_is_refused(tmp_path: Path, pack1: Path, key: tuple[Path, PublicKey]) -> None:
    data = tmp_path / "data"
    store.install(verify(pack1, [key[1]]), data)
    city_root = tmp_path / "city"
    (city_root / "data").mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "sjz-gxq-jingnan.yaml", city_root / "data" / "sjz-gxq-jingnan.yaml")
    city = tmp_path / "city.zip"
    build(root=city_root, key_file=key[0], out=city, pack_id="sjz", version=1, publisher="石家庄市科学技术局",
          layer="city", requires=[Requirement("hebei", 2)])
    _refused(city, [key[1]], data, "需要先安装“hebei”第 2 版")
    build(root=city_root, key_file=key[0], out=city, pack_id="sjz", version=1, publisher="石家庄市科学技术局",
          layer="city", requires=[Requirement("hebei", 1)])
    store.install(verify(city, [key[1]]), data)
    assert [i.manifest.id for i in store.installed(data)] == ["hebei", "sjz"]  # province first


def test_reinstall_and_downgrade_are_refused(tmp_path: Path, pack1: Path, key: tuple[Path, PublicKey]) -> None:
    data = tmp_path / "data"
    store.install(verify(pack1, [key[1]]), data)
    _refused(pack1, [key[1]], data, "已经安装")


def test_not_a_zip_and_bad_manifest(tmp_path: Path, key: tuple[Path, PublicKey]) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(PackError, match="不是有效的内容包"):
        verify(junk, [key[1]])
    with pytest.raises(PackError, match="找不到内容包"):
        verify(tmp_path / "none.zip", [key[1]])


def test_the_private_key_never_goes_into_a_pack(tmp_path: Path, key: tuple[Path, PublicKey]) -> None:
    k, _ = key
    root = _copy_root(tmp_path)
    shutil.copyfile(k, root / "data" / "hebei.pem")
    out = tmp_path / "p.zip"
    with pytest.raises(PackError, match="私钥不能放进内容包"):
        build(root=root, key_file=k, out=out, pack_id="hebei", version=1, publisher="x")
    assert not out.exists()
    (root / "data" / "hebei.pem").unlink()
    build(root=root, key_file=k, out=out, pack_id="hebei", version=1, publisher="x")
    with zipfile.ZipFile(out) as zf:
        assert all(b"PRIVATE KEY" not in zf.read(n) for n in zf.namelist())
        assert yaml.safe_load(zf.read(MANIFEST))["key_id"] == key[1].key_id


@pytest.mark.e2e
def test_pack_cli(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    main = ROOT.parent / "main.py"
    env = {**os.environ, "KJZC_DATA_DIR": str(tmp_path / "userdata"), "PYTHONIOENCODING": "utf-8"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(main), "pack", *args], capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=120, check=False)

    assert run("keygen", "--out", "k.pem", "--name", "河北省科学技术厅").returncode == 0
    r = run("build", "--key", "k.pem", "--out", "p.zip", "--id", "hebei", "--version", "1", "--publisher", "河北省科学技术厅")
    assert r.returncode == 0 and "本次更新：新增 212 条" in r.stdout, r.stderr
    r = run("install", "p.zip")
    assert r.returncode == 1 and "签名无效" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "userdata" / "packs").exists()
    assert run("trust", "k.pem.pub").returncode == 0
    r = run("install", "p.zip")
    assert r.returncode == 0 and "已安装 hebei 第 1 版" in r.stdout, r.stderr
    assert "hebei  第 1 版" in run("list").stdout
    r = run("rollback", "hebei")
    assert r.returncode == 0 and "已卸载" in r.stdout


def test_install_writes_through_safe_io_and_a_full_disk_changes_nothing(tmp_path: Path, pack1: Path,
                                                                       key: tuple[Path, PublicKey],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import content.safe_io as safe_io

    data = tmp_path / "data"
    written: list[Path] = []
    real = safe_io.write_bytes

    def counting(path: Path, data_: bytes, **kw: object) -> None:
        written.append(Path(path))
        if len(written) == 7:
            raise safe_io.WriteError(Path(path), "no_space", f"磁盘空间不足，未能写入 {Path(path).name}。原有文件保持不变。")
        real(path, data_, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_io, "write_bytes", counting)
    pack = verify(pack1, [key[1]])
    _refused(pack1, [key[1]], data, "磁盘空间不足.*内容包未安装，原有内容不变")
    assert len(written) == 7 and not list(data.rglob(".staging-*")) and store.installed(data) == []
    monkeypatch.setattr(safe_io, "write_bytes", real)
    written.clear()
    monkeypatch.setattr(safe_io, "write_bytes", lambda p, d, **kw: (written.append(Path(p)), real(p, d, **kw)))
    store.install(pack, data)
    # every member, the manifest and the state file, each through safe_io
    assert {w.name for w in written} >= {Path(n).name for n in pack.files} | {"manifest.yaml", "state.yaml"}


def test_rollback_is_refused_while_an_installed_pack_needs_that_version(tmp_path: Path, key: tuple[Path, PublicKey]) -> None:
    """A city pack needing hebei ≥ 2 keeps hebei from going back to 1 or away (found following the
    README: `pack rollback hebei` uninstalled the province pack under an installed city pack)."""
    k, pub = key
    root = _copy_root(tmp_path)
    p1, p2 = tmp_path / "p1.zip", tmp_path / "p2.zip"
    build(root=root, key_file=k, out=p1, pack_id="hebei", version=1, publisher="河北省科学技术厅")
    build(root=root, key_file=k, out=p2, pack_id="hebei", version=2, publisher="河北省科学技术厅")
    city_root = tmp_path / "city"
    (city_root / "data").mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "sjz-gxq-jingnan.yaml", city_root / "data" / "sjz-gxq-jingnan.yaml")
    city = tmp_path / "city.zip"
    build(root=city_root, key_file=k, out=city, pack_id="sjz", version=1, publisher="石家庄市科学技术局",
          layer="city", requires=[Requirement("hebei", 2)])
    data = tmp_path / "data"
    for p in (p1, p2, city):
        store.install(verify(p, [pub]), data)
    before = _snapshot(data)
    with pytest.raises(PackError, match=r"已安装的“sjz”第 1 版需要“hebei”第 2 版或更新；“hebei”退回到第 1 版后.*请先回退“sjz”"):
        store.rollback("hebei", data)
    assert _snapshot(data) == before
    assert store.rollback("sjz", data) == (1, 0)
    assert store.rollback("hebei", data) == (2, 1)
    # Installed alone (no earlier version kept), hebei 2 under the city pack cannot be removed either.
    data2 = tmp_path / "data2"
    for p in (p2, city):
        store.install(verify(p, [pub]), data2)
    before = _snapshot(data2)
    with pytest.raises(PackError, match="“hebei”卸载后它将无法使用"):
        store.rollback("hebei", data2)
    assert _snapshot(data2) == before


def test_a_draft_with_unresolved_todo_notes_is_not_packed(tmp_path: Path, key: tuple[Path, PublicKey]) -> None:
    """Found following the README: an imported draft (guessed topics, 未识别 issuer …) was signed and
    shipped as it came out of the importer."""
    from content.importer.pipeline import import_file

    root = _copy_root(tmp_path)
    src = tmp_path / "notice.txt"
    src.write_text("示例市科学技术局关于支持研发的若干措施\n一、支持内容\n（一）对新认定的高新技术企业给予20万元奖励。\n",
                   encoding="utf-8")
    res = import_file(src, draft_path=root / "data" / "draft.yaml", sources_dir=root / "sources")
    assert res.todo > 0
    out = tmp_path / "p.zip"
    with pytest.raises(PackError, match=rf"还有 {res.todo} 项待编者处理.*draft\.yaml:\d+：待编者处理"):
        build(root=root, key_file=key[0], out=out, pack_id="hebei", version=1, publisher="河北省科学技术厅")
    assert not out.exists()


def test_a_document_that_departs_from_its_source_is_not_packed(tmp_path: Path, key: tuple[Path, PublicKey]) -> None:
    """A mistyped phone number (or amount) in a document whose source text is in the pack is refused:
    it would reach every office PC and every 明白卡 printed from it."""
    root = _copy_root(tmp_path)
    card = root / "data" / "changan-mingbaika.yaml"
    text = card.read_text(encoding="utf-8")
    assert text.count("85889143") >= 1
    card.write_text(text.replace("85889143", "85889148"), encoding="utf-8")
    out = tmp_path / "p.zip"
    with pytest.raises(PackError, match=r"处文字与原文不符.*changan-mingbaika\.yaml：hb12-0\d\.contacts “0311-85889148”"):
        build(root=root, key_file=key[0], out=out, pack_id="hebei", version=1, publisher="河北省科学技术厅")
    assert not out.exists()
    card.write_text(text, encoding="utf-8")  # the faithful text packs
    build(root=root, key_file=key[0], out=out, pack_id="hebei", version=1, publisher="河北省科学技术厅")
    assert out.exists()
