"""Comparing two revisions of a regulation: regpub.diff, as examples of use and as properties."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from regpub.diff import (ArticleChange, Comparison, Segment, bo_syllables, compare, inline_diff,
                         segments_text, zh_characters)
from regpub.model import Article, Chapter, Revision, Text

# --- building revisions by hand ---------------------------------------------------------------


def art(aid: str, zh: str, bo: str | None = None, *, phrases=(), reason: Text | None = None,
        feedback=(), bo_status: str | None = None) -> Article:
    status = bo_status or ("draft" if bo else "missing")
    return Article(aid, Text(zh, bo, status), tuple(phrases), reason, tuple(feedback))


def chap(cid: str, title: str, *articles: Article, bo: str | None = None) -> Chapter:
    return Chapter(cid, Text(title, bo, "draft" if bo else "missing"), articles)


def rev(*chapters: Chapter, adopted: date = date(2020, 3, 1)) -> Revision:
    return Revision(village="tashi", adopted=adopted, kind="revision", body=Text("村民大会"),
                    title=Text("扎西村村规民约"), summary=Text("修订。"), chapters=chapters, sample=True)


def by_id(comparison: Comparison) -> dict[str, ArticleChange]:
    return {a.id: a for a in comparison.articles}


def statuses(comparison: Comparison) -> list[tuple[str, str, bool]]:
    """(id, status, moved) in reading order: the shape a change list is drawn in."""
    return [(a.id, a.status, a.moved) for a in comparison.articles]


PURPOSE = art("purpose", "为维护本村秩序，制定本村规民约。")
GRAZING = art("grazing", "草场实行轮牧。")
FOREST = art("forest", "保护森林，不得乱砍滥伐。")
WATER = art("water", "保护水源。")
WASTE = art("waste", "垃圾集中处理。")

BASE = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态", GRAZING, FOREST, WATER))


# --- articles -------------------------------------------------------------------------------

def test_same_revision_has_no_changes():
    c = compare(BASE, BASE)
    assert not c.has_changes
    assert statuses(c) == [("purpose", "unchanged", False), ("grazing", "unchanged", False),
                           ("forest", "unchanged", False), ("water", "unchanged", False)]
    assert c.counts == {
        "articles": {"added": 0, "removed": 0, "changed": 0, "unchanged": 4, "moved": 0},
        "chapters": {"added": 0, "removed": 0, "renamed": 0, "unchanged": 2, "moved": 0}}
    # Unchanged text still comes as segments, so a page can draw every article the same way.
    assert by_id(c)["grazing"].zh == (Segment("equal", "草场实行轮牧。"),)
    assert by_id(c)["grazing"].bo == ()  # no Tibetan on either side


def test_added_article_renumbers_the_following_ones_without_moving_them():
    new = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态", GRAZING, WASTE, FOREST, WATER))
    c = compare(BASE, new)
    assert statuses(c) == [("purpose", "unchanged", False), ("grazing", "unchanged", False),
                           ("waste", "added", False), ("forest", "unchanged", False),
                           ("water", "unchanged", False)]
    waste, forest = by_id(c)["waste"], by_id(c)["forest"]
    assert (waste.old_number, waste.new_number, waste.old, waste.new) == (None, 3, None, WASTE)
    assert waste.old_chapter is None and waste.new_chapter.id == "ecology"
    assert waste.zh == (Segment("insert", "垃圾集中处理。"),)
    assert (forest.old_number, forest.new_number, forest.renumbered, forest.moved) == (3, 4, True, False)
    assert c.counts["articles"] == {"added": 1, "removed": 0, "changed": 0, "unchanged": 4, "moved": 0}
    assert c.has_changes


def test_removed_article_is_listed_where_it_stood():
    new = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态", GRAZING, WATER))
    c = compare(BASE, new)
    assert statuses(c) == [("purpose", "unchanged", False), ("grazing", "unchanged", False),
                           ("forest", "removed", False), ("water", "unchanged", False)]
    forest = by_id(c)["forest"]
    assert (forest.old_number, forest.new_number, forest.new, forest.new_chapter) == (3, None, None, None)
    assert forest.number == 3 and forest.chapter.id == "ecology"
    assert forest.zh == (Segment("delete", "保护森林，不得乱砍滥伐。"),)
    assert forest.reason is None and forest.feedback == ()


def test_replaced_article_reads_removed_then_added():
    new = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态", GRAZING, WASTE, WATER))
    assert statuses(compare(BASE, new))[1:4] == [
        ("grazing", "unchanged", False), ("forest", "removed", False), ("waste", "added", False)]


def test_changed_chinese_is_diffed_as_words():
    old = rev(chap("ecology", "生态", art("grazing", "禁止超载放牧", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག")))
    reason = Text("明确禁止过度放牧。")
    new = rev(chap("ecology", "生态", art("grazing", "禁止超载和过度放牧", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག",
                                          reason=reason, feedback=["fb-3"])))
    change = compare(old, new).articles[0]
    assert (change.status, change.moved, change.zh_changed, change.bo_changed) == ("changed", False, True, False)
    assert change.zh == (Segment("equal", "禁止超载"), Segment("insert", "和过度"), Segment("equal", "放牧"))
    assert change.bo == (Segment("equal", "ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག"),)
    assert change.reason == reason and change.feedback == ("fb-3",)


def test_replaced_chinese_words_come_as_one_delete_and_one_insert():
    segments = inline_diff("为维护本村秩序，制定本村规民约。", "为维护本村稳定和谐，制定本村规民约。",
                           zh_characters)
    assert segments == (Segment("equal", "为维护本村"), Segment("delete", "秩序"),
                        Segment("insert", "稳定和谐"), Segment("equal", "，制定本村规民约。"))


def test_a_rewritten_article_is_struck_out_and_inserted_whole():
    # Fewer than half the characters in common: a character redline would be confetti.
    old, new = "禁止在草场野外用火。", "村民应当按时缴纳合作医疗费用。"
    assert inline_diff(old, new, zh_characters) == (Segment("delete", old), Segment("insert", new))


def test_changed_tibetan_is_diffed_by_syllable():
    old = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧。",
                                          "གྲོང་ཚོའི་སྒྲིག་ལམ་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།")))
    new = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧。",
                                          "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།")))
    change = compare(old, new).articles[0]
    assert (change.status, change.zh_changed, change.bo_changed) == ("changed", False, True)
    # སྒྲིག and བརྟན share letters; a character diff would split the stacks. Syllables are kept whole.
    assert change.bo == (Segment("equal", "གྲོང་ཚོའི་"), Segment("delete", "སྒྲིག་ལམ་"),
                         Segment("insert", "བརྟན་ལྷིང་"), Segment("equal", "སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"))


def test_tibetan_syllable_inserted_and_deleted():
    segments = inline_diff("རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།", "རྩྭ་ཐང་ལ་རེས་མོས་ཕྱུགས་འཚོ་བྱེད།", bo_syllables)
    assert segments == (Segment("equal", "རྩྭ་ཐང་ལ་རེས་མོས་"), Segment("insert", "ཕྱུགས་"),
                        Segment("equal", "འཚོ་"), Segment("delete", "སྐྱོང་"), Segment("equal", "བྱེད།"))


def test_first_translation_is_a_change_and_review_alone_is_not():
    draft = art("grazing", "草场实行轮牧。", "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།")
    translated = compare(rev(chap("ecology", "生态", GRAZING)), rev(chap("ecology", "生态", draft)))
    assert translated.articles[0].status == "changed"
    assert translated.articles[0].bo == (Segment("insert", "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།"),)
    # The status of the translation is not part of the text: draft -> reviewed is unchanged.
    reviewed = art("grazing", "草场实行轮牧。", "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།", bo_status="reviewed")
    assert not compare(rev(chap("ecology", "生态", draft)), rev(chap("ecology", "生态", reviewed))).has_changes


def test_phrases_changed_only():
    old = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧。", phrases=["hu-cao-yuan", "lun-mu"])))
    new = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧。", phrases=["hu-cao-yuan", "shou-guo-tu"])))
    change = compare(old, new).articles[0]
    assert (change.status, change.zh_changed, change.bo_changed) == ("changed", False, False)
    assert (change.phrases_added, change.phrases_removed) == (("shou-guo-tu",), ("lun-mu",))
    # Listing the same phrases in another order is not a change.
    reordered = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧。", phrases=["lun-mu", "hu-cao-yuan"])))
    assert not compare(old, reordered).has_changes


def test_moved_within_chapter_flags_only_the_article_that_moved():
    new = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态", WATER, GRAZING, FOREST))
    c = compare(BASE, new)
    assert statuses(c) == [("purpose", "unchanged", False), ("water", "unchanged", True),
                           ("grazing", "unchanged", False), ("forest", "unchanged", False)]
    water = by_id(c)["water"]
    assert (water.old_number, water.new_number, water.renumbered) == (4, 2, True)
    assert c.counts["articles"] == {"added": 0, "removed": 0, "changed": 0, "unchanged": 4, "moved": 1}
    assert c.has_changes


def test_moved_to_another_chapter_and_changed():
    forest = art("forest", "保护森林，严禁乱砍滥伐。")
    new = rev(chap("general", "总则", PURPOSE, forest), chap("ecology", "生态", GRAZING, WATER))
    c = compare(BASE, new)
    assert statuses(c) == [("purpose", "unchanged", False), ("forest", "changed", True),
                           ("grazing", "unchanged", False), ("water", "unchanged", False)]
    change = by_id(c)["forest"]
    assert (change.old_chapter.id, change.new_chapter.id, change.old_number, change.new_number) == (
        "ecology", "general", 3, 2)
    assert change.zh == (Segment("equal", "保护森林，"), Segment("delete", "不得"), Segment("insert", "严禁"),
                         Segment("equal", "乱砍滥伐。"))
    # It is listed under its new chapter.
    assert [a.id for a in c.chapters[0].articles] == ["purpose", "forest"]


def test_article_split_in_two_is_changed_plus_added():
    old = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧，禁止超载放牧。"), WATER))
    new = rev(chap("ecology", "生态", art("grazing", "草场实行轮牧。"),
                   art("overgrazing", "禁止超载放牧。"), WATER))
    c = compare(old, new)
    assert statuses(c) == [("grazing", "changed", False), ("overgrazing", "added", False),
                           ("water", "unchanged", False)]
    assert by_id(c)["grazing"].zh == (Segment("equal", "草场实行轮牧"), Segment("delete", "，禁止超载放牧"),
                                      Segment("equal", "。"))
    assert by_id(c)["water"].renumbered and not by_id(c)["water"].moved


# --- chapters ----------------------------------------------------------------------------------

def test_chapter_renamed():
    new = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态保护", GRAZING, FOREST, WATER))
    c = compare(BASE, new)
    assert [(ch.id, ch.status, ch.moved) for ch in c.chapters] == [
        ("general", "unchanged", False), ("ecology", "renamed", False)]
    assert c.chapters[1].zh == (Segment("equal", "生态"), Segment("insert", "保护"))
    assert c.counts["articles"]["unchanged"] == 4 and c.has_changes


def test_chapter_moved():
    new = rev(chap("ecology", "生态", GRAZING, FOREST, WATER), chap("general", "总则", PURPOSE))
    c = compare(BASE, new)
    # Of two swapped chapters, the one now placed higher counts as the one that moved.
    assert [(ch.id, ch.status, ch.moved, ch.old_number, ch.new_number) for ch in c.chapters] == [
        ("ecology", "unchanged", True, 2, 1), ("general", "unchanged", False, 1, 2)]
    # The articles moved with their chapter: renumbered, but not moved themselves.
    assert statuses(c) == [("grazing", "unchanged", False), ("forest", "unchanged", False),
                           ("water", "unchanged", False), ("purpose", "unchanged", False)]
    assert c.counts["chapters"] == {"added": 0, "removed": 0, "renamed": 0, "unchanged": 2, "moved": 1}


def test_chapter_added_and_removed():
    old = rev(chap("general", "总则", PURPOSE), chap("village", "村务", WASTE),
              chap("ecology", "生态", GRAZING))
    new = rev(chap("general", "总则", PURPOSE), chap("ecology", "生态", GRAZING),
              chap("water", "水源", WATER))
    c = compare(old, new)
    assert [(ch.id, ch.status, ch.old_number, ch.new_number) for ch in c.chapters] == [
        ("general", "unchanged", 1, 1), ("village", "removed", 2, None),
        ("ecology", "unchanged", 3, 2), ("water", "added", None, 3)]
    # A removed chapter keeps its removed articles; an added one holds its new articles.
    assert [(a.id, a.status) for a in c.chapters[1].articles] == [("waste", "removed")]
    assert [(a.id, a.status) for a in c.chapters[3].articles] == [("water", "added")]
    assert c.chapters[3].zh == (Segment("insert", "水源"),)
    assert c.counts["chapters"] == {"added": 1, "removed": 1, "renamed": 0, "unchanged": 2, "moved": 0}


def test_articles_are_the_chapters_articles_in_reading_order():
    new = rev(chap("general", "总则", PURPOSE, WASTE), chap("ecology", "生态", FOREST, GRAZING))
    c = compare(BASE, new)
    assert c.articles == tuple(a for ch in c.chapters for a in ch.articles)
    # water, removed, follows forest: the article that stood before it and is still there.
    assert [(a.chapter.id, a.id, a.status) for a in c.articles] == [
        ("general", "purpose", "unchanged"), ("general", "waste", "added"),
        ("ecology", "forest", "unchanged"), ("ecology", "water", "removed"),
        ("ecology", "grazing", "unchanged")]
    assert by_id(c)["forest"].moved and not by_id(c)["grazing"].moved


# --- text helpers ---------------------------------------------------------------------------------

def test_segments_text_gives_either_side():
    segments = (Segment("equal", "禁止超载"), Segment("delete", "的"), Segment("insert", "和过度"),
                Segment("equal", "放牧"))
    assert segments_text(segments, "old") == "禁止超载的放牧"
    assert segments_text(segments, "new") == "禁止超载和过度放牧"


def test_tibetan_syllables_keep_their_delimiters():
    assert bo_syllables("ཕྱུགས་འཚོ་བྱེད་པ་དང་། ཚད་ལས་བཀག") == ["ཕྱུགས་", "འཚོ་", "བྱེད་", "པ་", "དང་། ", "ཚད་", "ལས་", "བཀག"]


def test_chinese_characters_keep_their_combining_marks():
    # 葛 with a variation selector (an ideographic variant) is one unit, as is e + combining acute.
    assert zh_characters("葛\U000E0100城 cafe\u0301") == ["葛\U000E0100", "城", " ", "c", "a", "f", "e\u0301"]
    assert inline_diff("葛\U000E0100城", "葛城", zh_characters) == (
        Segment("delete", "葛\U000E0100"), Segment("insert", "葛"), Segment("equal", "城"))


# --- properties -------------------------------------------------------------------------------------

BO_SYLLABLES = ["བསྒྲུབས", "སྐྱོང", "རྩྭ", "ཐང", "གྲོང", "ཚོ", "ཚོའི", "ཕྱུགས", "འཚོ", "བཀག", "འགོག", "སྲུང",
                "ཕྱིར", "སྒྲིག", "སྲོལ", "བརྟན", "ལྷིང", "ཚད", "ལས", "བརྒལ", "བའི", "དམངས", "འཐུས", "ཚོགས",
                "ཆེན", "ནགས", "ཚལ", "ཆུ", "བཀྲ", "ཤིས", "རྫོང", "གཉའ", "ལམ", "སྐྱེ", "ཁམས", "ཀླུ", "གཡུ",
                "བསྐྱར", "ཁྲིམས", "ལུགས", "སྤྱི", "ཞིང", "ཁ", "པ", "དང", "ལ", "མི", "འདི", "བཟོས", "ཧཱུྃ",
                "པཎྜི", "ཀྱཻ", "ཨོཾ", "ཐུགས", "ཉམས", "བསྲུང"]
BO_DELIMITERS = ["་"] * 8 + ["།", "། ", "་། ", " ", "༎ "]
ZH_CHARACTERS = list("为维护本村秩序稳定和谐制定规民约草场实行轮牧禁止超载过度放牧应当保护森林水源不得乱砍滥伐"
                     "垃圾分类集中处理违反者由委会批评教育一二三十元") + list("，。；、：")
COMBINING = [(0x0F71, 0x0F84), (0x0F86, 0x0F87), (0x0F8D, 0x0FBC)]
DELIMITER_CHARS = set("\u0f0b\u0f0c\u0f0d\u0f0e\u0f0f\u0f10\u0f11\u0f12\u0f14 ")


def is_combining(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in COMBINING)


syllable = st.tuples(st.sampled_from(BO_SYLLABLES), st.sampled_from(BO_DELIMITERS)).map("".join)
syllable_lists = st.lists(syllable, max_size=12)
zh_lists = st.lists(st.sampled_from(ZH_CHARACTERS), max_size=20)


@st.composite
def edited(draw, tokens: list[str], token: st.SearchStrategy[str]) -> list[str]:
    """`tokens` after random keeps, deletions, replacements and insertions: a realistic edit."""
    out: list[str] = []
    for t in tokens:
        fate = draw(st.sampled_from(["keep", "keep", "keep", "delete", "replace", "insert"]))
        if fate == "insert":
            out += [draw(token), t]
        elif fate == "replace":
            out.append(draw(token))
        elif fate == "keep":
            out.append(t)
    return out + draw(st.lists(token, max_size=2))


@st.composite
def tibetan_pairs(draw) -> tuple[str, str]:
    old = draw(syllable_lists)
    new = draw(edited(old, syllable))
    # Sometimes the text has no closing delimiter at all.
    if old and draw(st.booleans()):
        old[-1] = old[-1].rstrip("་།༎ ")
    return "".join(old), "".join(new)


@st.composite
def texts(draw) -> Text:
    bo = draw(st.one_of(st.none(), syllable_lists.map("".join)))
    return Text(draw(zh_lists.map("".join)), bo, "draft" if bo else "missing")


@st.composite
def edited_text(draw, text: Text) -> Text:
    zh = "".join(draw(edited(list(text.zh), st.sampled_from(ZH_CHARACTERS))))
    bo = text.bo
    fate = draw(st.sampled_from(["keep", "edit", "drop"]))
    if fate == "edit":
        bo = "".join(draw(edited(bo_syllables(bo or ""), syllable)))
    elif fate == "drop":
        bo = None
    return Text(zh, bo, text.bo_status)


PHRASES = ["hu-cao-yuan", "shou-guo-tu", "lun-mu", "bao-shui"]


@st.composite
def revisions(draw) -> Revision:
    n = draw(st.integers(0, 8))
    articles = [Article(f"a{i}", draw(texts()), tuple(draw(st.lists(st.sampled_from(PHRASES), unique=True,
                                                                     max_size=2)))) for i in range(n)]
    return rev(*distribute(draw, articles, [f"c{i}" for i in range(draw(st.integers(1, 3)))]))


def distribute(draw, articles: list[Article], chapter_ids: list[str]) -> list[Chapter]:
    """Cut the articles, in order, into consecutive chapters (some may be empty)."""
    cuts = sorted(draw(st.lists(st.integers(0, len(articles)), min_size=len(chapter_ids) - 1,
                                max_size=len(chapter_ids) - 1)))
    bounds = [0, *cuts, len(articles)]
    return [Chapter(cid, draw(texts()), tuple(articles[bounds[k]:bounds[k + 1]]))
            for k, cid in enumerate(chapter_ids)]


@st.composite
def revision_pairs(draw) -> tuple[Revision, Revision]:
    old = draw(revisions())
    articles = []
    for numbered in old.numbered():
        a = numbered.article
        fate = draw(st.sampled_from(["keep", "keep", "edit", "drop"]))
        if fate == "edit":
            articles.append(Article(a.id, draw(edited_text(a.text)), a.phrases[::-1]))
        elif fate == "keep":
            articles.append(a)
    articles += [Article(f"n{i}", draw(texts())) for i in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        articles = draw(st.permutations(articles))
    chapter_ids = [c.id for c in old.chapters if draw(st.booleans())] + ["c7", "c8"][:draw(st.integers(0, 2))]
    chapter_ids = draw(st.permutations(chapter_ids)) or ["c9"]
    chapters = distribute(draw, articles, chapter_ids)
    # Keep some titles so that unchanged chapters occur too.
    old_titles = {c.id: c.title for c in old.chapters}
    chapters = [Chapter(c.id, old_titles[c.id], c.articles)
                if c.id in old_titles and draw(st.booleans()) else c for c in chapters]
    return old, rev(*chapters, adopted=date(2025, 5, 10))


def boundaries(segments, side: str) -> list[int]:
    """Offsets in the old or new text where one segment ends and the next begins."""
    skip = "insert" if side == "old" else "delete"
    offsets, at = [], 0
    for s in segments:
        if s.op != skip:
            at += len(s.text)
            offsets.append(at)
    return offsets[:-1]


def assert_syllables_whole(segments, old: str, new: str) -> None:
    for side, text in (("old", old), ("new", new)):
        for at in boundaries(segments, side):
            assert text[at - 1] in DELIMITER_CHARS, (side, text[:at], text[at:])
    for s in segments:
        assert s.text and not is_combining(s.text[0]), s


@settings(deadline=None)
@given(revisions())
def test_a_revision_compared_with_itself_has_no_changes(revision):
    c = compare(revision, revision)
    assert not c.has_changes
    assert all(a.status == "unchanged" and not a.moved and not a.renumbered for a in c.articles)
    assert c.counts["articles"]["unchanged"] == revision.article_count


@settings(deadline=None, max_examples=300)
@given(revision_pairs())
def test_segments_reproduce_both_revisions_exactly(pair):
    old, new = pair
    c = compare(old, new)
    for change in (*c.articles, *c.chapters):
        for lang in ("zh", "bo"):
            segments = getattr(change, lang)
            old_text = (change.old.text if isinstance(change, ArticleChange) else change.old.title).get(lang) \
                if change.old else None
            new_text = (change.new.text if isinstance(change, ArticleChange) else change.new.title).get(lang) \
                if change.new else None
            assert segments_text(segments, "old") == (old_text or "")
            assert segments_text(segments, "new") == (new_text or "")
            assert all(s.text for s in segments)
            if lang == "bo":
                assert_syllables_whole(segments, old_text or "", new_text or "")


@settings(deadline=None, max_examples=300)
@given(revision_pairs())
def test_every_article_is_listed_once_in_reading_order(pair):
    old, new = pair
    c = compare(old, new)
    old_ids, new_ids = [a.id for a in old.numbered()], [a.id for a in new.numbered()]
    assert sorted(a.id for a in c.articles) == sorted(set(old_ids) | set(new_ids))
    assert [a.id for a in c.articles if a.new] == new_ids
    for chapter in c.chapters:
        before = None
        for a in chapter.articles:
            assert a.chapter.id == chapter.id
            # A removed article follows something that stood before it, or opens its chapter.
            if a.status == "removed" and before is not None:
                assert before.old is not None and before.old_number < a.old_number
            before = a
    for a in c.articles:
        assert (a.status == "added") == (a.old is None) and (a.status == "removed") == (a.new is None)
        assert not (a.moved and (a.old is None or a.new is None))
        if a.status == "unchanged":
            assert a.zh == ((Segment("equal", a.new.text.zh),) if a.new.text.zh else ())
    counts = c.counts["articles"]
    assert sum(counts[s] for s in ("added", "removed", "changed", "unchanged")) == len(c.articles)
    assert [ch.id for ch in c.chapters if ch.new] == [ch.id for ch in new.chapters]


@settings(deadline=None, max_examples=500)
@given(tibetan_pairs())
def test_tibetan_diff_never_splits_a_syllable_or_a_stack(pair):
    old, new = pair
    segments = inline_diff(old, new, bo_syllables)
    assert segments_text(segments, "old") == old and segments_text(segments, "new") == new
    assert_syllables_whole(segments, old, new)


@settings(deadline=None, max_examples=300)
@given(zh_lists.flatmap(lambda old: st.tuples(st.just(old), edited(old, st.sampled_from(ZH_CHARACTERS)))))
def test_chinese_diff_reproduces_both_texts(pair):
    old, new = ("".join(t) for t in pair)
    segments = inline_diff(old, new, zh_characters)
    assert segments_text(segments, "old") == old and segments_text(segments, "new") == new
    # Semantic clean-up leaves no two neighbours with the same operation.
    assert all(a.op != b.op for a, b in zip(segments, segments[1:]))
