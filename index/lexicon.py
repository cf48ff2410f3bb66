"""Synonyms, one-way expansions, question stop words and intents — loaded from data, not code.

The data file is ``index/synonyms.yaml``.  The index builder bakes a normalised copy into each
index (``lexicon.json``), so the query path reads JSON only and the lexicon always matches the
index it is used with; changing the YAML changes the index stamp and rebuilds the index.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.normalize import normalize

LEXICON_FILE = Path(__file__).resolve().parent / "synonyms.yaml"
REGIONS_FILE = Path(__file__).resolve().parent / "regions.yaml"


class LexiconError(Exception):
    """The synonyms file cannot be read or has the wrong shape."""


@dataclass(frozen=True)
class Lexicon:
    """Normalised search vocabulary.

    Attributes:
        variants: normalised term -> the other normalised spellings it also finds.
        stopwords: normalised question words, longest first.
        particles: characters stripped from the ends of a question's parts (的, 吗 …).
        intents: intent name -> normalised trigger words.
        display: normalised term -> the spelling as written in the data file.
        regions: normalised region name or alias -> the region's name and every region above it
            (``长安区`` -> ``("长安区", "石家庄市", "河北省")``).
    """

    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stopwords: tuple[str, ...] = ()
    particles: str = ""
    intents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    display: Mapping[str, str] = field(default_factory=dict)
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def keys_longest_first(self) -> list[str]:
        """Every term with variants, longest first (for finding them inside a question)."""
        return sorted(self.variants, key=lambda k: (-len(k), k))

    def to_json(self) -> str:
        return json.dumps(
            {
                "variants": {k: list(v) for k, v in sorted(self.variants.items())},
                "stopwords": list(self.stopwords),
                "particles": self.particles,
                "intents": {k: list(v) for k, v in sorted(self.intents.items())},
                "display": dict(sorted(self.display.items())),
                "regions": {k: list(v) for k, v in sorted(self.regions.items())},
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        data = json.loads(text)
        return cls(
            variants={k: tuple(v) for k, v in data["variants"].items()},
            stopwords=tuple(data["stopwords"]),
            particles=str(data.get("particles", "")),
            intents={k: tuple(v) for k, v in data["intents"].items()},
            display=dict(data["display"]),
            regions={k: tuple(v) for k, v in data.get("regions", {}).items()},
        )


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str | int | float) for x in value):
        raise LexiconError(f"{where}应为词语列表，例如 [高企, 高新技术企业]")
    return [str(x) for x in value]


def parse_lexicon(data: Any, source: str = "synonyms.yaml") -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML mapping.

    Raises:
        LexiconError: a section has the wrong shape (the message names the section and entry).
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LexiconError(f"{source}：文件应为映射，含 synonyms、expansions、stopwords 等部分")
    variants: dict[str, set[str]] = {}
    display: dict[str, str] = {}

    def add(a: str, b: str) -> None:
        if a != b:
            variants.setdefault(a, set()).add(b)

    for i, group in enumerate(data.get("synonyms") or [], start=1):
        words = _strings(group, f"{source}：“synonyms”第 {i} 组")
        norm = [normalize(w) for w in words if normalize(w)]
        for w, n in zip(words, norm, strict=False):
            display.setdefault(n, w.strip())
        for a in norm:
            for b in norm:
                add(a, b)
    expansions = data.get("expansions") or {}
    if not isinstance(expansions, dict):
        raise LexiconError(f"{source}：“expansions”应把每个词对应到一个词语列表，例如 双创: [创新创业]")
    for key, targets in expansions.items():
        k = normalize(str(key))
        display.setdefault(k, str(key))
        for t in _strings(targets, f"{source}：“expansions”中“{key}”的值"):
            n = normalize(t)
            if n:
                display.setdefault(n, t.strip())
                add(k, n)
    stop = [normalize(w) for w in _strings(data.get("stopwords") or [], f"{source}：“stopwords”")]
    particles = "".join(dict.fromkeys("".join(
        normalize(w) for w in _strings(data.get("particles") or [], f"{source}：“particles”"))))
    intents_raw = data.get("intents") or {}
    if not isinstance(intents_raw, dict):
        raise LexiconError(f"{source}：“intents”应把每个意图名对应到一个词语列表，例如 contact: [找谁]")
    intents = {
        str(name): tuple(sorted({normalize(w) for w in _strings(words, f"{source}：“intents”中“{name}”的值")}, key=len,
                                reverse=True))
        for name, words in intents_raw.items()
    }
    return Lexicon(
        variants={k: tuple(sorted(v)) for k, v in variants.items()},
        stopwords=tuple(sorted({s for s in stop if s}, key=lambda s: (-len(s), s))),
        particles=particles,
        intents=intents,
        display=display,
    )


def parse_regions(data: Any, source: str = "regions.yaml") -> dict[str, tuple[str, ...]]:
    """Region names and aliases -> the chain of regions from it up to the province.

    Raises:
        LexiconError: an entry has the wrong shape, names an unknown parent, or a loop.
    """
    if data is None:
        return {}
    entries = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise LexiconError(f"{source}：应有 regions 列表，例如 - {{name: 长安区, parent: 石家庄市}}")
    parent: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for i, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"].strip():
            raise LexiconError(f"{source}：第 {i} 个地区缺少 name")
        name = e["name"].strip()
        parent[name] = str(e.get("parent") or "").strip()
        aliases[normalize(name)] = name
        for a in _strings(e.get("aliases") or [], f"{source}：地区“{name}”的“aliases”"):
            if normalize(a):
                aliases[normalize(a)] = name
    out: dict[str, tuple[str, ...]] = {}
    for key, name in aliases.items():
        chain = [name]
        while parent.get(chain[-1]):
            up = parent[chain[-1]]
            if up not in parent:
                raise LexiconError(f"{source}：{chain[-1]} 的上级“{up}”不在列表中")
            if up in chain:
                raise LexiconError(f"{source}：{up} 的上下级关系成环")
            chain.append(up)
        out[key] = tuple(chain)
    return out


def _read_yaml(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}：无法读取搜索词表（{exc}）；请重新安装本软件") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}{line}：YAML 格式错误，请检查这一行附近的缩进和括号") from exc


def load_lexicon(path: Path = LEXICON_FILE, regions_path: Path | None = REGIONS_FILE) -> Lexicon:
    """Read and parse the synonyms file (and the regions file).

    Raises:
        LexiconError: a file is missing, not UTF-8 YAML, or has the wrong shape.
    """
    lex = parse_lexicon(_read_yaml(path), path.name)
    if regions_path is None:
        return lex
    regions = parse_regions(_read_yaml(regions_path), regions_path.name)
    return Lexicon(variants=lex.variants, stopwords=lex.stopwords, particles=lex.particles, intents=lex.intents,
                   display=lex.display, regions=regions)
