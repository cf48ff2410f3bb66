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
    """

    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    stopwords: tuple[str, ...] = ()
    particles: str = ""
    intents: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    display: Mapping[str, str] = field(default_factory=dict)

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
        )


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str | int | float) for x in value):
        raise LexiconError(f"{where}: expected a list of words, e.g. [高企, 高新技术企业]")
    return [str(x) for x in value]


def parse_lexicon(data: Any, source: str = "synonyms.yaml") -> Lexicon:
    """Build a :class:`Lexicon` from the parsed YAML mapping.

    Raises:
        LexiconError: a section has the wrong shape (the message names the section and entry).
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise LexiconError(f"{source}: the file must be a mapping with sections synonyms, expansions, stopwords")
    variants: dict[str, set[str]] = {}
    display: dict[str, str] = {}

    def add(a: str, b: str) -> None:
        if a != b:
            variants.setdefault(a, set()).add(b)

    for i, group in enumerate(data.get("synonyms") or [], start=1):
        words = _strings(group, f"{source}: synonyms, group {i}")
        norm = [normalize(w) for w in words if normalize(w)]
        for w, n in zip(words, norm, strict=False):
            display.setdefault(n, w.strip())
        for a in norm:
            for b in norm:
                add(a, b)
    expansions = data.get("expansions") or {}
    if not isinstance(expansions, dict):
        raise LexiconError(f"{source}: expansions must map a word to a list of words, e.g. 双创: [创新创业]")
    for key, targets in expansions.items():
        k = normalize(str(key))
        display.setdefault(k, str(key))
        for t in _strings(targets, f"{source}: expansions, {key}"):
            n = normalize(t)
            if n:
                display.setdefault(n, t.strip())
                add(k, n)
    stop = [normalize(w) for w in _strings(data.get("stopwords") or [], f"{source}: stopwords")]
    particles = "".join(dict.fromkeys("".join(
        normalize(w) for w in _strings(data.get("particles") or [], f"{source}: particles"))))
    intents_raw = data.get("intents") or {}
    if not isinstance(intents_raw, dict):
        raise LexiconError(f"{source}: intents must map a name to a list of words, e.g. contact: [找谁]")
    intents = {
        str(name): tuple(sorted({normalize(w) for w in _strings(words, f"{source}: intents, {name}")}, key=len,
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


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and parse the synonyms file.

    Raises:
        LexiconError: the file is missing, not UTF-8 YAML, or has the wrong shape.
    """
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the search vocabulary ({exc}); reinstall the app") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise LexiconError(f"{path}{line}: YAML syntax error; check indentation and brackets near this line") from exc
    return parse_lexicon(data, path.name)
