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
* Chapters the same way: status ``added`` / ``removed`` / ``renamed`` (title in zh or bo
  differs) / ``unchanged``, plus ``moved`` (order among surviving chapters changed, same
  subsequence rule) and ``renumbered``. Article changes inside do not make a chapter changed.
* Reading order: new revision's order; whatever was removed is placed right after the nearest
  preceding item of the old revision that still exists (or first, if none), so a replacement
  reads "removed X, added Y". Articles are grouped under chapters: an article appears under
  its new chapter, a removed one under its old chapter.
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

from .model import PROVISION_KINDS, Article, Chapter, NumberedArticle, Provision, Revision, Text

ARTICLE_STATUSES = ("added", "removed", "changed", "unchanged")
CHAPTER_STATUSES = ("added", "removed", "renamed", "unchanged")

Op = Literal["equal", "insert", "delete"]
Side = Literal["old", "new"]


class Segment(NamedTuple):
    """A run of text that is equal on both sides, only in the new (insert) or only in the old."""

    op: Op
    text: str


Segments = tuple[Segment, ...]


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

    @property
    def number(self) -> int:
        """The number to show: the new one, or the old one for a removed article."""
        return self.new_number if self.new_number is not None else self.old_number  # type: ignore[return-value]

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
class Comparison:
    old: Revision
    new: Revision
    chapters: tuple[ChapterChange, ...]  # reading order
    articles: tuple[ArticleChange, ...]  # reading order; the chapters' articles concatenated

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
    def has_changes(self) -> bool:
        # Renumbering alone needs an addition, removal or move, so it is not checked on its own.
        return any(c.status != "unchanged" or c.moved for c in (*self.chapters, *self.articles))


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


def _article_change(aid: str, old: dict[str, NumberedArticle], new: dict[str, NumberedArticle],
                    kept: set[str]) -> ArticleChange:
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
        reason=na.reason if na else None,
        feedback=na.feedback if na else (),
        points=_points_changes(oa, na) if oa and na else (),
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
        articles = tuple(_article_change(aid, old_articles, new_articles, kept)
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
                      articles=tuple(a for c in chapters for a in c.articles))


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
