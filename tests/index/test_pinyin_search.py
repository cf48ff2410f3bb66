"""Pinyin spelling a vocabulary word searches that word everywhere; polyphones read by phrase;
contacts rank higher for 找谁 questions; the status seam drives filters, facets and ranking."""

from __future__ import annotations

from index.pinyin import readings


def test_initials_find_everything_the_word_finds(engine) -> None:  # type: ignore[no-untyped-def]
    assert set(engine.matching_ids("jbgs")) >= set(engine.matching_ids("揭榜挂帅"))
    r = engine.search("jbgs", limit=20)
    assert "hb12-10b" in [h.id for h in r.hits]  # the province contacts card: 揭榜挂帅 only in its text
    assert "揭榜挂帅" in r.terms


def test_full_pinyin_of_an_abbreviation(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("gaoqi", limit=50)
    assert set(engine.matching_ids("gaoqi")) == set(engine.matching_ids("高新技术企业"))
    assert "高新技术企业" in r.terms
    assert not [t for t in r.terms if "提高" in t or t == "高企"]  # not the 高企 inside 提高企业
    for h in r.hits:
        marked = [h.snippet[a:b] for a, b in h.spans]
        assert "高企" not in marked, h.id


def test_a_full_form_is_not_searched_as_its_two_character_abbreviation(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("高新技术企业", limit=100)
    assert "高企" not in r.terms
    # xy-5-05 (提高企业研发资金投入水平) is found by 高新技术企业 in its text, not by 高企 in its title
    assert all(h.snippet[a:b] != "高企" for h in r.hits for a, b in h.spans)


def test_polyphones_are_read_by_phrase() -> None:
    assert readings("银行") == (("yin", "hang"),)
    assert readings("长安区") == (("chang", "an", "qu"),)
    assert readings("创新券")[0][-1] == "quan"
    assert ("zeng", "qing", "hua") in readings("曾庆华", name=True)  # a surname: every reading


def test_wrong_polyphone_reading_finds_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    assert engine.search("zhanganqu").total == 0
    assert engine.search("changanqu").total > 0


def test_contacts_first_when_asking_whom_to_call(engine) -> None:  # type: ignore[no-untyped-def]
    r = engine.search("揭榜挂帅找谁")
    top = [h.id for h in (*r.hits, *r.related)][:2]
    assert set(top) == {"hb12-10b", "sjz16-03"}, top  # the two 揭榜挂帅 items that print contacts
    assert "contact" in r.intents


def test_status_source_drives_filter_facet_and_ranking(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    plain = [h.id for h in tiny_engine.search("专项资金").hits]
    assert plain.index("t-14") < plain.index("t-15")  # t-15 is stored 已到期
    statuses = {"t-14": "期限已过", "t-15": "效力未核实"}
    r = tiny_engine.search("专项资金", statuses=statuses)
    ids = [h.id for h in r.hits]
    assert ids.index("t-15") < ids.index("t-14")  # 效力未核实 before 期限已过
    assert {h.id: h.status for h in r.hits}["t-14"] == "期限已过"
    assert r.facets["status"]["期限已过"] == 1 and r.facets["status"]["效力未核实"] == 1
    only = tiny_engine.search("专项资金", filters={"status": "效力未核实"}, statuses=statuses)
    assert [h.id for h in only.hits] == ["t-15"]
    called: list[str] = []

    def source(uid: str) -> str | None:  # a callable source works too, and is asked once per item
        called.append(uid)
        return "征求意见稿" if uid == "t-14" else None

    r2 = tiny_engine.search("专项资金", statuses=source)
    tiny_engine.search("专项资金", statuses=source)
    assert {h.id: h.status for h in r2.hits}["t-14"] == "征求意见稿"
    assert len(called) == len(set(called)) == tiny_engine.doc_count


def test_initials_with_a_question_word_search_what_the_word_does(engine) -> None:  # type: ignore[no-untyped-def]
    # "jbgs 电话" is a question (an intent word besides the pinyin): the pinyin must still spell 揭榜挂帅
    # (it found only the 廊坊 document, whose readings happen to contain those initials).
    for tail in ("电话", "找谁"):
        typed = engine.search(f"jbgs {tail}", limit=10)
        word = engine.search(f"揭榜挂帅 {tail}", limit=10)
        assert [h.id for h in typed.hits][:3] == [h.id for h in word.hits][:3], tail
        assert "hb12-10b" in [h.id for h in (*typed.hits, *typed.related)][:3], tail
    upper = engine.search("JBGS 电话", limit=10)
    assert [h.id for h in upper.hits][:3] == [h.id for h in engine.search("揭榜挂帅 电话", limit=10).hits][:3]
