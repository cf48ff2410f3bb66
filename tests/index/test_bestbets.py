"""Best bets: contacts, the calculator and the 比一比 page above the hits of 找谁 / 多少 questions."""

from __future__ import annotations

from content.model import Contact
from index.bestbets import BestBet, Catalogue, Shortcut, best_bets

CAT = Catalogue(
    calculators=(Shortcut("jbgs", "“揭榜挂帅”项目财政支持", frozenset({"zb-01-01", "zb-01-03"})),
                 Shortcut("other", "别的计算器", frozenset({"x-1"}))),
    comparisons=(Shortcut("jiebang", "“揭榜挂帅”项目", frozenset({"zb-01-01", "hb12-10b"})),),
    contacts=lambda mid: (Contact(office="高新技术处", person="刘世泽", phone="0311-85802776"),) if mid == "hb12-10b"
    else (),
)
TITLES = {"hb12-10b": "10 省市县联动推动“四个一批”", "zb-01-01": "1 技术攻关类…"}


def test_nothing_without_an_intent() -> None:
    assert best_bets(["hb12-10b", "zb-01-01"], TITLES, (), CAT) == []


def test_contact_question_puts_contacts_first() -> None:
    bets = best_bets(["hb12-10b", "zb-01-01"], TITLES, ("contact",), CAT)
    assert [b.kind for b in bets] == ["contact", "calculator", "compare"]
    assert bets[0] == BestBet("contact", "hb12-10b", TITLES["hb12-10b"], "高新技术处 刘世泽 0311-85802776")
    assert bets[0].href == "item:hb12-10b" and bets[1].href == "calc:jbgs" and bets[2].href == "compare:jiebang"


def test_amount_question_puts_the_calculator_first() -> None:
    bets = best_bets(["zb-01-01"], TITLES, ("amount",), CAT)
    assert [(b.kind, b.target) for b in bets] == [("calculator", "jbgs"), ("compare", "jiebang")]


def test_real_engine_intents(engine) -> None:  # type: ignore[no-untyped-def]
    assert engine.search("揭榜挂帅最高补助多少").intents == ("amount",)
    assert engine.search("创新券找谁").intents == ("contact",)
    assert engine.search("创新券").intents == ()
