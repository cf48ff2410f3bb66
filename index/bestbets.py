"""Best bets: shortcuts shown above the hits when a question asks for something specific.

A question that asks whom to call (找谁, 电话, 联系) or how much (多少钱, 能拿, 怎么算) gets, above
its hits, the contacts printed with the best hits, the calculator that computes their support and
the 比一比 page that sets them side by side.  The engine reports the question's intents
(:attr:`index.results.SearchResult.intents`); this module picks the shortcuts from a
:class:`Catalogue` that the caller builds from the loaded content (calculators and 比一比 pages
name the measures they are about).  Qt-free; nothing here searches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from content.model import Contact

#: How many of the best hits are looked at.
TOP = 5


@dataclass(frozen=True)
class Shortcut:
    """A calculator or a 比一比 page and the measures it is about."""

    id: str
    title: str
    measure_ids: frozenset[str]


@dataclass(frozen=True)
class BestBet:
    """One shortcut above the hits.

    Attributes:
        kind: ``contact``, ``calculator`` or ``compare``.
        target: What to open: a measure id (contact), a calculator id or a 比一比 page id.
        title: The label: the measure's title, the calculator's or the page's.
        detail: For a contact: ``处室 姓名 电话`` as printed.
    """

    kind: str
    target: str
    title: str
    detail: str = ""

    @property
    def href(self) -> str:
        """Link for the reader (``item:`` / ``calc:`` / ``compare:``)."""
        from urllib.parse import quote

        scheme = {"contact": "item", "calculator": "calc", "compare": "compare"}[self.kind]
        return f"{scheme}:{quote(self.target, safe='')}"


@dataclass(frozen=True)
class Catalogue:
    """What best bets are chosen from."""

    calculators: Sequence[Shortcut] = ()
    comparisons: Sequence[Shortcut] = ()
    contacts: Callable[[str], Sequence[Contact]] = field(default=lambda _id: ())


def contact_line(c: Contact) -> str:
    return " ".join(x for x in (c.office or c.label, c.person, c.phone or c.email) if x)


def best_bets(hit_ids: Sequence[str], titles: Mapping[str, str], intents: Sequence[str], catalogue: Catalogue,
              *, limit: int = 4) -> list[BestBet]:
    """The shortcuts for a result whose best hits are ``hit_ids`` (best first).

    Args:
        hit_ids: Ids of the hits (exact, then related), best first.
        titles: Title of each hit id.
        intents: The result's intents (``contact``, ``amount``).
        catalogue: Calculators, 比一比 pages and contacts to choose from.
        limit: Most shortcuts.

    Returns:
        Contacts first when asked whom to call, the calculator first when asked how much; nothing
        when the question asks for neither.
    """
    if not intents:
        return []
    top = list(dict.fromkeys(hit_ids))[:TOP]
    contacts: list[BestBet] = []
    seen: set[str] = set()
    if "contact" in intents:
        for mid in top:
            for c in catalogue.contacts(mid):
                line = contact_line(c)
                if line and line not in seen:
                    seen.add(line)
                    contacts.append(BestBet("contact", mid, titles.get(mid, mid), line))
            if len(contacts) >= 2:
                break
    tools: list[BestBet] = []
    for kind, shortcuts in (("calculator", catalogue.calculators), ("compare", catalogue.comparisons)):
        best: tuple[int, Shortcut] | None = None
        for s in shortcuts:
            rank = next((i for i, mid in enumerate(top) if mid in s.measure_ids), None)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, s)
        if best is not None:
            tools.append(BestBet(kind, best[1].id, best[1].title))
    ordered = contacts[:2] + tools if "contact" in intents else tools + contacts
    return ordered[:limit]
