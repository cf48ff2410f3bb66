"""The region hierarchy (``content/profile/regions.yaml``) and an enterprise's location in it.

全国 → 省 → 市 → 区县.  A measure of region R applies to an enterprise whose location has R (or R's
ancestors) at R's depth; an unanswered level makes it 需确认, a different one 不适用.  Names the
table does not know (another province, a county typed by hand) are kept as given: they differ from
every known region.  Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

DEPTH_NAMES = {0: "全国", 1: "省", 2: "市", 3: "区县"}
SUFFIXES = ("省", "市", "区", "县")
NATION = "全国"


@dataclass(frozen=True)
class Region:
    name: str
    depth: int
    parent: str = ""  # "" for 全国
    aliases: tuple[str, ...] = ()
    children: tuple[str, ...] = ()
    line: int = 0


@dataclass
class RegionTree:
    """Regions by name, with their ancestors."""

    regions: dict[str, Region] = field(default_factory=dict)
    _alias: dict[str, str] = field(default_factory=dict)

    def add(self, region: Region) -> None:
        self.regions[region.name] = region
        for a in region.aliases:
            self._alias.setdefault(a, region.name)

    def get(self, name: str) -> Region | None:
        return self.regions.get(name)

    def resolve(self, text: str) -> Region | None:
        """The region a typed name means: the name, an alias, or the name without 省/市/区/县.

        >>> t = RegionTree(); t.add(Region("石家庄市", 2, "河北省", ("石家庄",)))
        >>> t.resolve("石家庄").name
        '石家庄市'
        >>> t.resolve(" 石家庄市 ").name
        '石家庄市'
        >>> t.resolve("保定") is None
        True
        """
        name = text.strip()
        if not name:
            return None
        if name in self.regions:
            return self.regions[name]
        if name in self._alias:
            return self.regions[self._alias[name]]
        for suffix in SUFFIXES:
            if name + suffix in self.regions:
                return self.regions[name + suffix]
        return None

    def chain(self, name: str) -> list[Region]:
        """``name`` and its ancestors, most specific first (``[长安区, 石家庄市, 河北省, 全国]``)."""
        out: list[Region] = []
        r = self.regions.get(name)
        while r is not None and len(out) < 10:
            out.append(r)
            r = self.regions.get(r.parent) if r.parent else None
        return out

    def ancestor_at(self, name: str, depth: int) -> str | None:
        for r in self.chain(name):
            if r.depth == depth:
                return r.name
        return None

    def children_of(self, name: str) -> list[Region]:
        r = self.regions.get(name)
        return [self.regions[c] for c in r.children if c in self.regions] if r else []

    def walk(self) -> Iterator[Region]:
        """Every region, depth first in file order, starting at 全国."""
        root = self.regions.get(NATION)
        if root is None:
            return

        def rec(r: Region) -> Iterator[Region]:
            yield r
            for c in self.children_of(r.name):
                yield from rec(c)

        yield from rec(root)


@dataclass(frozen=True)
class Location:
    """Where an enterprise is: 省, 市, 区县 (``None`` = not answered), each known to the table or not.

    Attributes:
        levels: The names at depth 1, 2, 3 (filled upwards from a known lower level).
        known: Whether each name is in the region table.
        notes: Sentences for the result (a name the table does not know, an inferred level).
    """

    levels: tuple[str | None, str | None, str | None] = (None, None, None)
    known: tuple[bool, bool, bool] = (False, False, False)
    notes: tuple[str, ...] = ()

    def at(self, depth: int) -> str | None:
        return self.levels[depth - 1] if 1 <= depth <= 3 else None

    def text(self) -> str:
        """``河北省 石家庄市 长安区`` or ``未填写``."""
        given = [x for x in self.levels if x]
        return " ".join(given) if given else "未填写"

    def most_specific(self) -> str | None:
        for x in reversed(self.levels):
            if x:
                return x
        return None


class LocationError(ValueError):
    """The levels of a location contradict each other (长安区 is not in 廊坊市)."""


def locate(tree: RegionTree, given: Sequence[str | None]) -> Location:
    """Resolve 省 / 市 / 区县 as typed into a :class:`Location`.

    A known lower level fills the levels above it (长安区 → 石家庄市 → 河北省).

    Raises:
        LocationError: a known name is at another level than typed, or the levels contradict.

    >>> from content.profile.schema import load_regions
    >>> loc = locate(load_regions()[0], [None, None, "长安区"])
    >>> loc.levels
    ('河北省', '石家庄市', '长安区')
    >>> locate(load_regions()[0], ["河北省", "保定市", "某某县"]).known
    (True, True, False)
    """
    names: list[str | None] = [None, None, None]
    known = [False, False, False]
    notes: list[str] = []
    for i, raw in enumerate(list(given)[:3]):
        text = (raw or "").strip()
        if not text:
            continue
        depth = i + 1
        r = tree.resolve(text)
        if r is None:
            names[i] = text
            notes.append(f"“{text}”不在本手册的地区表中，按手册没有收录其措施的地区处理。")
            continue
        if r.depth != depth:
            raise LocationError(f"“{text}”是{DEPTH_NAMES.get(r.depth, '地区')}，请填在“{DEPTH_NAMES[depth]}”一栏")
        names[i] = r.name
        known[i] = True
    # fill and check upwards from each known level
    for i in (2, 1):
        name = names[i]
        if name is None or not known[i]:
            continue
        for d in range(i, 0, -1):
            anc = tree.ancestor_at(name, d)
            if anc is None:
                continue
            have = names[d - 1]
            if have is None:
                names[d - 1] = anc
                known[d - 1] = True
            elif have != anc:
                raise LocationError(f"“{name}”属于{anc}，与所填的{DEPTH_NAMES[d]}“{have}”不符")
    # an unknown 市 under a known 省 is fine; an unknown 区县 under a known 市 too
    return Location(levels=(names[0], names[1], names[2]), known=(known[0], known[1], known[2]),
                    notes=tuple(notes))
