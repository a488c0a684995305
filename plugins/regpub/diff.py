"""What changed between two revisions of one village's regulation, as data.

The result is plain frozen dataclasses (no HTML, no MkDocs) so that web pages, PDF posters and
JSON exports all draw the same comparison.

Alignment rules
---------------
* Articles and chapters are matched by their stable ``id``, never by position: an article is
  the "same" article across revisions exactly when it keeps its id (the editors' contract, see
  the loader's duplicate-article-id message). So an article split in two (X reworded plus a new
  Y) is X ``changed`` and Y ``added``; a new id with old wording is ``added`` (plus the old id
  ``removed``).
* An article's ``status`` is one of, in this order of precedence:
  ``added`` (id only in the new revision), ``removed`` (id only in the old one),
  ``changed`` (Chinese text, Tibetan text, the *set* of phrases, or the points and measures
  of its provisions differ), ``unchanged``.
  Statuses are disjoint and sum to the number of entries.
* ``moved`` is a separate flag, orthogonal to changed/unchanged, so an article can be both
  changed and moved. It is True when the article now sits in another chapter (by chapter id),
  or when its order relative to the other articles that stayed in its chapter changed. The
  latter uses a longest increasing subsequence: the fewest articles that explain the new order
  are flagged (when B is lifted above A, only B is moved). Shifts caused only by articles added
  or removed elsewhere, or by the whole chapter moving, are *not* moves (else inserting one
  article would flag every later one); they show as ``renumbered`` (numbers differ).
* The summary counts (``Comparison.tally``) put each article of either revision in exactly
  one ``ARTICLE_CATEGORIES`` entry, so they add up to ``Comparison.total``: the status, except
  that an article whose text stayed while its number or place changed is ``renumbered``
  (shown 原第五条 -> 第六条), never ``unchanged``. ``counts`` (statuses plus the overlapping
  ``moved``) stays for the open data.
* A removed article takes its reason and feedback from the new revision's ``removed:`` entry
  for it (``Revision.removal``): the deleted text has no place left to carry them.
* ``article_histories``: each article across every revision of its village (and the revision
  that deleted it), from the comparisons of neighbouring revisions.
* Chapters the same way: status ``added`` / ``removed`` / ``renamed`` (title in zh or bo
  differs) / ``unchanged``, plus ``moved`` (order among surviving chapters changed, same
  subsequence rule) and ``renumbered``. Article changes inside do not make a chapter changed.
* Reading order: new revision's order; whatever was removed is placed right after the nearest
  preceding item of the old revision that still exists (or first, if none), so a replacement
  reads "removed X, added Y". Articles are grouped under chapters: an article appears under
  its new chapter, a removed one under its old chapter.
* Paragraphs (款) and items (项) of an article are matched by their path (p1, p1/i2), the
  same way (``ArticleChange.parts``, only when either side has several paragraphs or items): an
  item added is that item ``added``, the others ``unchanged``; a reworded item is ``changed``
  with its own inline diff. The article's status and the counts stay per article.
* The preamble (序言) and the closing (落款) are compared like articles (added / removed /
  changed / unchanged, with inline diffs; the closing's lines as one text, a line each), matched
  by their place (a revision has at most one of each), and kept out of ``counts``: the article
  counts still add up to the number of articles.
* Inline text diffs: Chinese by character (a base character keeps its combining marks and
  variation selectors) with diff-match-patch's semantic clean-up so edits read as words;
  Tibetan by syllable (a syllable keeps its trailing tsheg/shad/space run), so no stack or
  vowel sign is ever split. Every entry carries segments for both languages that reproduce
  the old and the new text exactly (see ``segments_text``); a side without Tibetan counts as
  empty text.
"""
from __future__ import annotations

from collections import Counter

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from typing import Callable, Iterable, Literal, NamedTuple

from diff_match_patch import diff_match_patch

from .model import (PROVISION_KINDS, Article, Chapter, NumberedArticle, Provision, Regulation,
                    Removal, Revision, Text)

ARTICLE_STATUSES = ("added", "removed", "changed", "unchanged")
# What a comparison's summary counts: each article of either revision exactly once, so the
# counts add up to the articles of the two revisions together. An article whose text is the
# same but whose number or place changed is `renumbered` (原第五条 -> 第六条), never `unchanged`;
# a changed article that also moved counts as `changed` (its row still shows both numbers).
ARTICLE_CATEGORIES = ("added", "removed", "changed", "renumbered", "unchanged")
CHAPTER_STATUSES = ("added", "removed", "renamed", "unchanged")

Op = Literal["equal", "insert", "delete"]
Side = Literal["old", "new"]


class Segment(NamedTuple):
    """A run of text that is equal on both sides, only in the new (insert) or only in the old."""

    op: Op
    text: str


Segments = tuple[Segment, ...]


@dataclass(frozen=True)
class PartChange:
    """A paragraph (款) or item (项) of a changed article, matched by its id within the article:
    an item added to an article is that item ``added``, not the article rewritten."""

    id: str  # its path in the article: "p1", or "p1/i2" for an item of p1
    kind: str  # paragraph | item
    status: str  # one of ARTICLE_STATUSES
    number: int | None  # an item's place in its paragraph (its derived label); None: paragraph
    old: Text | None
    new: Text | None
    zh: Segments
    bo: Segments


@dataclass(frozen=True)
class ArticleChange:
    id: str
    status: str  # one of ARTICLE_STATUSES
    moved: bool
    renumbered: bool
    old_number: int | None
    new_number: int | None
    old_chapter: Chapter | None
    new_chapter: Chapter | None
    old: Article | None
    new: Article | None
    zh: Segments
    bo: Segments  # () when neither side has Tibetan
    phrases_added: tuple[str, ...]
    phrases_removed: tuple[str, ...]
    reason: Text | None  # the new article's reason for the change, if given
    feedback: tuple[str, ...]  # the new article's feedback ids
    points: tuple["PointsChange", ...] = ()  # provisions whose points or measures changed
    # Paragraphs and items aligned by id, when either side has several paragraphs or items
    # (else () and the article's text diff says it all).
    parts: tuple[PartChange, ...] = ()

    @property
    def number(self) -> int:
        """The number to show: the new one, or the old one for a removed article."""
        return self.new_number if self.new_number is not None else self.old_number  # type: ignore[return-value]

    @property
    def category(self) -> str:
        """Where the summary counts it: its status, but `renumbered` for an article whose text
        stayed while its number or place changed (one of ARTICLE_CATEGORIES)."""
        if self.status == "unchanged" and (self.moved or self.renumbered):
            return "renumbered"
        return self.status

    @property
    def chapter(self) -> Chapter:
        """The chapter it is listed under: the new one, or the old one for a removed article."""
        return self.new_chapter or self.old_chapter  # type: ignore[return-value]

    @property
    def article(self) -> Article:
        return self.new or self.old  # type: ignore[return-value]

    @property
    def zh_changed(self) -> bool:
        return any(s.op != "equal" for s in self.zh)

    @property
    def bo_changed(self) -> bool:
        return any(s.op != "equal" for s in self.bo)

    @property
    def phrases_changed(self) -> bool:
        return bool(self.phrases_added or self.phrases_removed)

    @property
    def points_changed(self) -> bool:
        """A change of points or measures (e.g. -5 -> -10) is a change of its own."""
        return self.old is not None and self.new is not None and _points(self.old) != _points(self.new)


@dataclass(frozen=True)
class PointsChange:
    """One provision of an article whose points or measures changed, or that came or went.

    Provisions are matched by kind and position (the first penalty with the first penalty):
    their conditions' wording may change with the article's."""

    kind: str
    status: str  # added | removed | changed
    old: Provision | None
    new: Provision | None

    @property
    def provision(self) -> Provision:
        return self.new or self.old  # type: ignore[return-value]

    @property
    def measures_added(self) -> tuple[str, ...]:
        old = self.old.measures if self.old else ()
        return tuple(m for m in (self.new.measures if self.new else ()) if m not in old)

    @property
    def measures_removed(self) -> tuple[str, ...]:
        new = self.new.measures if self.new else ()
        return tuple(m for m in (self.old.measures if self.old else ()) if m not in new)


def _points_changes(old: Article, new: Article) -> tuple[PointsChange, ...]:
    changes = []
    for kind in PROVISION_KINDS:
        olds = [p for p in old.provisions if p.kind == kind]
        news = [p for p in new.provisions if p.kind == kind]
        for i in range(max(len(olds), len(news))):
            o, n = (olds[i] if i < len(olds) else None), (news[i] if i < len(news) else None)
            if o is None or n is None:
                changes.append(PointsChange(kind, "added" if o is None else "removed", o, n))
            elif (o.points, o.measures) != (n.points, n.measures):
                changes.append(PointsChange(kind, "changed", o, n))
    return tuple(changes)


@dataclass(frozen=True)
class ChapterChange:
    id: str
    status: str  # one of CHAPTER_STATUSES
    moved: bool
    renumbered: bool
    old_number: int | None
    new_number: int | None
    old: Chapter | None
    new: Chapter | None
    zh: Segments  # the title
    bo: Segments
    articles: tuple[ArticleChange, ...]  # listed under this chapter, in reading order

    @property
    def number(self) -> int:
        return self.new_number if self.new_number is not None else self.old_number  # type: ignore[return-value]

    @property
    def chapter(self) -> Chapter:
        return self.new or self.old  # type: ignore[return-value]


@dataclass(frozen=True)
class TextChange:
    """The preamble (序言) or the closing (落款) of two revisions, compared like an article:
    status added / removed / changed / unchanged and an inline diff of each language. A
    revision has at most one of each, so they are matched by their place; the closing's lines
    are compared as one text, a line each. Counted apart from the articles."""

    part: str  # preamble | closing
    status: str  # one of ARTICLE_STATUSES
    old: tuple[Text, ...]  # the old side's text (a preamble: one; a closing: its lines)
    new: tuple[Text, ...]
    zh: Segments
    bo: Segments  # () when neither side has Tibetan


def _lines(texts: tuple[Text, ...], lang: str) -> str | None:
    """A side's text in one language, a line each (a line without Tibetan is an empty line,
    so the others still align); None when no line has it."""
    values = [t.get(lang) or "" for t in texts]
    return "\n".join(values) if any(values) else None


def _text_change(part: str, old: tuple[Text, ...], new: tuple[Text, ...]) -> TextChange | None:
    if not old and not new:
        return None
    zh = inline_diff(_lines(old, "zh"), _lines(new, "zh"), zh_characters)
    bo = inline_diff(_lines(old, "bo"), _lines(new, "bo"), bo_syllables)
    if not old:
        status = "added"
    elif not new:
        status = "removed"
    elif [(t.zh, t.bo) for t in old] != [(t.zh, t.bo) for t in new]:
        status = "changed"
    else:
        status = "unchanged"
    return TextChange(part, status, old, new, zh, bo)


@dataclass(frozen=True)
class Comparison:
    old: Revision
    new: Revision
    chapters: tuple[ChapterChange, ...]  # reading order
    articles: tuple[ArticleChange, ...]  # reading order; the chapters' articles concatenated
    # The preamble and the closing, when either revision has one (else None): shown before and
    # after the articles, never in `counts`, so the article counts still add up.
    preamble: TextChange | None = None
    closing: TextChange | None = None

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Per status (disjoint, they sum to the total) plus ``moved`` (overlaps the others)."""

        def tally(items, statuses):
            counts = {s: sum(1 for i in items if i.status == s) for s in statuses}
            counts["moved"] = sum(1 for i in items if i.moved)
            return counts

        return {"articles": tally(self.articles, ARTICLE_STATUSES),
                "chapters": tally(self.chapters, CHAPTER_STATUSES)}

    @property
    def tally(self) -> dict[str, int]:
        """Articles per ARTICLE_CATEGORIES: disjoint, they add up to `total`."""
        return {c: sum(1 for a in self.articles if a.category == c) for c in ARTICLE_CATEGORIES}

    @property
    def total(self) -> int:
        """The articles of the two revisions together (each id once)."""
        return len({a.id for a in self.old.numbered()} | {a.id for a in self.new.numbered()})

    @property
    def has_changes(self) -> bool:
        # Renumbering alone needs an addition, removal or move, so it is not checked on its own.
        return any(c.status != "unchanged" or c.moved for c in (*self.chapters, *self.articles)) \
            or any(t.status != "unchanged" for t in self.texts)

    @property
    def texts(self) -> tuple[TextChange, ...]:
        """The preamble's and the closing's changes that there are, in reading order."""
        return tuple(t for t in (self.preamble, self.closing) if t is not None)


def segments_text(segments: Iterable[Segment], side: Side) -> str:
    """The old text (equal + delete segments) or the new text (equal + insert segments)."""
    if side not in ("old", "new"):
        raise ValueError(f"side must be 'old' or 'new', not {side!r}")
    skip = "insert" if side == "old" else "delete"
    return "".join(s.text for s in segments if s.op != skip)


# --- inline text ------------------------------------------------------------------------------

# tsheg (incl. the non-breaking one U+0F0C), shad and its variants U+0F0D-U+0F12, gter tsheg
# U+0F14, and whitespace. A syllable keeps the whole run after it, so "དང་། " stays one unit and
# a segment never starts with a stray shad or space.
_BO_SYLLABLE = re.compile(r"[^\u0f0b-\u0f12\u0f14\s]*[\u0f0b-\u0f12\u0f14\s]+|[^\u0f0b-\u0f12\u0f14\s]+")


def bo_syllables(text: str) -> list[str]:
    return _BO_SYLLABLE.findall(text)


def zh_characters(text: str) -> list[str]:
    """Characters, each with the combining marks / variation selectors that follow it."""
    tokens: list[str] = []
    for ch in text:
        if tokens and unicodedata.category(ch).startswith("M"):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


_OPS: dict[int, Op] = {0: "equal", 1: "insert", -1: "delete"}


REWRITTEN_BELOW = 0.5  # share of tokens two versions have in common (Dice coefficient)


def _shared(a: list[str], b: list[str]) -> float:
    common = Counter(a) & Counter(b)
    return 2 * sum(common.values()) / (len(a) + len(b))


def inline_diff(old: str | None, new: str | None, tokenize: Callable[[str], list[str]]) -> Segments:
    """Diff two texts token by token with diff-match-patch's semantic clean-up.

    diff-match-patch works on characters, so each token becomes one character (the
    lines-to-chars trick): boundaries then can only fall between tokens. Single-character
    tokens stand for themselves so the clean-up's punctuation/space heuristics still apply;
    longer ones get private-use characters that do not occur in either text.
    """
    old, new = old or "", new or ""
    if old == new:
        return (Segment("equal", old),) if old else ()
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    if not old or not new or _shared(old_tokens, new_tokens) < REWRITTEN_BELOW:
        # A rewritten text reads best as old struck out and new inserted whole: a token-level
        # redline of it is confetti. (It is also where diffing costs most: no common run.)
        return tuple(Segment(op, text) for op, text in (("delete", old), ("insert", new)) if text)
    present = set(old) | set(new)
    fresh = (chr(c) for c in range(0xF0000, 0x110000) if chr(c) not in present)
    code: dict[str, str] = {}
    for token in (*old_tokens, *new_tokens):
        if token not in code:
            code[token] = token if len(token) == 1 else next(fresh)
    token_of = {c: t for t, c in code.items()}

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # articles are short; a time limit would make results machine-dependent
    diffs = dmp.diff_main("".join(code[t] for t in old_tokens),
                          "".join(code[t] for t in new_tokens), False)
    dmp.diff_cleanupSemantic(diffs)
    return tuple(Segment(_OPS[op], "".join(token_of[c] for c in chars)) for op, chars in diffs if chars)


def _text_segments(old: Text | None, new: Text | None) -> tuple[Segments, Segments]:
    return (inline_diff(old and old.zh, new and new.zh, zh_characters),
            inline_diff(old and old.bo, new and new.bo, bo_syllables))


# --- alignment --------------------------------------------------------------------------------

def _kept_in_order(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Ids (present in both lists) forming a longest run in the same relative order.

    Longest increasing subsequence of old positions taken in new order; on ties the item that
    comes later in the new order is kept, so an item lifted above others is the one flagged.
    """
    where = {i: n for n, i in enumerate(old_ids)}
    common = [i for i in new_ids if i in where]
    tails: list[int] = []  # tails[k]: index in `common` ending the best run of length k+1
    tail_positions: list[int] = []  # their old positions, increasing, for bisect
    parent: list[int | None] = []
    for n, i in enumerate(common):
        k = bisect_left(tail_positions, where[i])
        parent.append(tails[k - 1] if k else None)
        if k == len(tails):
            tails.append(n)
            tail_positions.append(where[i])
        else:
            tails[k], tail_positions[k] = n, where[i]
    kept: set[str] = set()
    n = tails[-1] if tails else None
    while n is not None:
        kept.add(common[n])
        n = parent[n]
    return kept


def _reading_order(old_ids: list[str], new_ids: list[str]) -> list[str]:
    """New order, with ids only in `old_ids` placed after their nearest surviving predecessor."""
    new_set = set(new_ids)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for i in old_ids:
        if i in new_set:
            anchor = i
        else:
            after.setdefault(anchor, []).append(i)
    order = list(after.get(None, []))
    for i in new_ids:
        order += [i, *after.get(i, [])]
    return order


def _points(article: Article | None) -> tuple:
    """What a villager earns or loses under an article: its provisions without the wording."""
    if article is None:
        return ()
    return tuple((p.kind, p.points, p.measures) for p in article.provisions)


def _flat_parts(article: Article | None) -> dict[str, tuple[str, int | None, Text]]:
    """An article's paragraphs and items by path (p1, p1/i2), in reading order: (kind, item
    number, text)."""
    out: dict[str, tuple[str, int | None, Text]] = {}
    for p in article.paragraphs if article else ():
        out[p.id] = ("paragraph", None, p.text)
        for k, item in enumerate(p.items, 1):
            out[f"{p.id}/{item.id}"] = ("item", k, item.text)
    return out


def _part_changes(oa: Article | None, na: Article | None) -> tuple[PartChange, ...]:
    """Paragraphs and items of an article on both sides, aligned by id (new order, removed
    ones after their nearest surviving predecessor, as articles are)."""
    if not ((oa and oa.structured) or (na and na.structured)):
        return ()
    old, new = _flat_parts(oa), _flat_parts(na)
    out = []
    for pid in _reading_order(list(old), list(new)):
        o, n = old.get(pid), new.get(pid)
        ot, nt = o and o[2], n and n[2]
        if ot is None:
            status = "added"
        elif nt is None:
            status = "removed"
        elif (ot.zh, ot.bo) != (nt.zh, nt.bo):
            status = "changed"
        else:
            status = "unchanged"
        kind, number = (n or o)[0], (n or o)[1]  # type: ignore[index]
        zh, bo = _text_segments(ot, nt)
        out.append(PartChange(pid, kind, status, number, ot, nt, zh, bo))
    return tuple(out)


def _article_change(aid: str, old: dict[str, NumberedArticle], new: dict[str, NumberedArticle],
                    kept: set[str], removal: Removal | None = None) -> ArticleChange:
    """`removal`: the new revision's `removed:` entry for this article, when it deletes it."""
    o, n = old.get(aid), new.get(aid)
    oa, na = o and o.article, n and n.article
    zh, bo = _text_segments(oa and oa.text, na and na.text)
    old_phrases, new_phrases = (oa.phrases if oa else ()), (na.phrases if na else ())
    if oa is None:
        status = "added"
    elif na is None:
        status = "removed"
    elif (oa.text.zh, oa.text.bo) != (na.text.zh, na.text.bo) or set(old_phrases) != set(new_phrases) \
            or _points(oa) != _points(na):
        status = "changed"
    else:
        status = "unchanged"
    both = o is not None and n is not None
    return ArticleChange(
        id=aid, status=status,
        moved=both and (o.chapter.id != n.chapter.id or aid not in kept),
        renumbered=both and o.number != n.number,
        old_number=o and o.number, new_number=n and n.number,
        old_chapter=o and o.chapter, new_chapter=n and n.chapter,
        old=oa, new=na, zh=zh, bo=bo,
        phrases_added=tuple(p for p in new_phrases if p not in old_phrases),
        phrases_removed=tuple(p for p in old_phrases if p not in new_phrases),
        # A deleted article's reason and feedback are in the deleting revision's `removed:`.
        reason=na.reason if na else removal and removal.reason,
        feedback=na.feedback if na else removal.feedback if removal else (),
        points=_points_changes(oa, na) if oa and na else (),
        parts=_part_changes(oa, na),
    )


def compare(old: Revision, new: Revision) -> Comparison:
    """Compare two revisions of the same village's regulation (normally old before new)."""
    old_articles = {a.id: a for a in old.numbered()}
    new_articles = {a.id: a for a in new.numbered()}
    old_chapters = {c.id: (k, c) for k, c in enumerate(old.chapters, 1)}
    new_chapters = {c.id: (k, c) for k, c in enumerate(new.chapters, 1)}
    kept_chapters = _kept_in_order(list(old_chapters), list(new_chapters))

    chapters: list[ChapterChange] = []
    for cid in _reading_order(list(old_chapters), list(new_chapters)):
        (ko, co), (kn, cn) = old_chapters.get(cid, (None, None)), new_chapters.get(cid, (None, None))
        old_ids = [a.id for a in co.articles] if co else []
        new_ids = [a.id for a in cn.articles] if cn else []
        # Articles that left this chapter are listed under their new one, not here.
        old_ids = [i for i in old_ids if i in new_ids or i not in new_articles]
        kept = _kept_in_order(old_ids, new_ids)
        articles = tuple(_article_change(aid, old_articles, new_articles, kept,
                                         None if aid in new_articles else new.removal(aid))
                         for aid in _reading_order(old_ids, new_ids))
        zh, bo = _text_segments(co and co.title, cn and cn.title)
        if co is None:
            status = "added"
        elif cn is None:
            status = "removed"
        elif (co.title.zh, co.title.bo) != (cn.title.zh, cn.title.bo):
            status = "renamed"
        else:
            status = "unchanged"
        both = co is not None and cn is not None
        chapters.append(ChapterChange(
            id=cid, status=status, moved=both and cid not in kept_chapters,
            renumbered=both and ko != kn, old_number=ko, new_number=kn, old=co, new=cn,
            zh=zh, bo=bo, articles=articles))
    return Comparison(old=old, new=new, chapters=tuple(chapters),
                      articles=tuple(a for c in chapters for a in c.articles),
                      preamble=_text_change("preamble", (old.preamble,) if old.preamble else (),
                                            (new.preamble,) if new.preamble else ()),
                      closing=_text_change("closing", old.closing, new.closing))


# --- one article across every revision ---------------------------------------------------------

@dataclass(frozen=True)
class ArticleVersion:
    """An article in one revision of its history: its number and text there, and what that
    revision did to it (compared with the revision before, by id)."""

    revision: Revision
    number: int  # its number here; in the revision that deleted it, its last number
    article: Article | None  # its text here; None in the revision that deleted it
    change: ArticleChange | None  # None in the first revision of all (nothing before it)

    @property
    def status(self) -> str:
        """'initial' (in the first revision), or the change's ARTICLE_CATEGORIES entry."""
        return self.change.category if self.change else "initial"


def article_ids(regulation: Regulation) -> list[str]:
    """Every article id the regulation ever had, in order of first appearance: each has a
    history page, also once a later revision deleted it."""
    seen: dict[str, None] = {}
    for revision in regulation.revisions:
        for n in revision.numbered():
            seen.setdefault(n.id, None)
    return list(seen)


def article_histories(regulation: Regulation,
                      comparison: Callable[[Revision, Revision], Comparison] = compare
                      ) -> dict[str, tuple[ArticleVersion, ...]]:
    """Every article's history (see `article_history`), in one pass over the revisions: each
    neighbouring pair is compared once (`comparison`: in a build the memoised one, as the
    comparison pages need the same pairs)."""
    out: dict[str, list[ArticleVersion]] = {aid: [] for aid in article_ids(regulation)}
    previous: Revision | None = None
    for revision in regulation.revisions:
        if previous is None:
            for n in revision.numbered():
                out[n.id].append(ArticleVersion(revision, n.number, n.article, None))
        else:
            # Every article of the two revisions: those in the new one and those it deleted.
            for c in comparison(previous, revision).articles:
                out[c.id].append(ArticleVersion(revision, c.number, c.new, c))
        previous = revision
    return {aid: tuple(versions) for aid, versions in out.items()}


def article_history(regulation: Regulation, article_id: str,
                    comparison: Callable[[Revision, Revision], Comparison] = compare
                    ) -> tuple[ArticleVersion, ...]:
    """The article in every revision that has it, plus the revision that deleted it, oldest
    first; each later version carries its change from the revision before."""
    return article_histories(regulation, comparison).get(article_id, ())


class Comparisons:
    """`compare` memoised per pair of revisions of a village.

    A build needs each comparison three times (the page in each language and the open data);
    diffing is the costliest step of a build, so it is done once.
    """

    def __init__(self) -> None:
        self._done: dict[tuple[str, ...], Comparison] = {}

    def __call__(self, old: Revision, new: Revision) -> Comparison:
        # By the files' SHA-256 where known: a memo kept across reloads of the data (`serve`)
        # then serves every pair whose files did not change.
        key = (old.digest, new.digest) if old.digest and new.digest else (old.village, old.key, new.key)
        if key not in self._done:
            self._done[key] = compare(old, new)
        return self._done[key]
