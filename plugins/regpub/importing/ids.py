"""Article and chapter ids: an article keeps the id it has in the village's previous revision
when its text is the same after normalising spaces and punctuation, or similar enough (difflib
ratio >= SIMILAR; best pairs first, each old article at most once); a chapter keeps its id when
its title is the same. Other articles get `art-<n>` (n: the article's number), chapters
`ch-<n>`; an id the village ever used for something else is never given again.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

# Text for comparison: no whitespace, no punctuation or symbols, full-width folded. The same
# rule decides whether a translation carries over, so "unchanged" means one thing everywhere.
from ..translation import normalise
from .datafolder import History
from .structure import Parsed

SIMILAR = 0.85  # difflib ratio from which a reworded article keeps its id


@dataclass(frozen=True)
class Match:
    old: int  # index among the old items
    how: str  # "same" | "similar"
    ratio: float


def match_texts(new: list[str], old: list[str], threshold: float | None = SIMILAR) -> list[Match | None]:
    """For each new text, the old text it continues: the same after `normalise`, else the most
    similar at or above `threshold` (best pairs first; None: the same only); each old text is
    used at most once."""
    new_n, old_n = [normalise(t) for t in new], [normalise(t) for t in old]
    result: list[Match | None] = [None] * len(new)
    free: dict[str, list[int]] = {}
    for j, text in enumerate(old_n):
        free.setdefault(text, []).append(j)
    used: set[int] = set()
    for i, text in enumerate(new_n):
        if text and free.get(text):
            j = free[text].pop(0)
            result[i] = Match(j, "same", 1.0)
            used.add(j)
    pairs = []
    for i, text in enumerate(new_n if threshold is not None else ()):
        if result[i] is not None or not text:
            continue
        for j, old_text in enumerate(old_n):
            if j in used or not old_text:
                continue
            matcher = difflib.SequenceMatcher(None, text, old_text, autojunk=False)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                ratio = matcher.ratio()
                if ratio >= threshold:
                    pairs.append((-ratio, i, j))
    for negative, i, j in sorted(pairs):
        if result[i] is None and j not in used:
            result[i] = Match(j, "similar", -negative)
            used.add(j)
    return result


def fresh_id(prefix: str, n: int, when: str, used: set[str]) -> str:
    """`art-3`, or `art-20260301-3` when the village already used `art-3` for something else."""
    candidate = f"{prefix}-{n}"
    if candidate in used:
        candidate = f"{prefix}-{when.replace('-', '')}-{n}"
        k = 2
        while candidate in used:
            candidate, k = f"{prefix}-{when.replace('-', '')}-{n}-{k}", k + 1
    used.add(candidate)
    return candidate


@dataclass
class Plan:
    """The revision to write: chapters of (id, title, [(id, text, source no, kept how)])."""

    chapters: list[tuple[str, str, list[tuple[str, str, int, str]]]]
    kept: int
    kept_chapters: int


def assign_ids(parsed: Parsed, history: History, when: str, paragraphs: bool) -> Plan:
    drafts = [a for c in parsed.chapters for a in c.articles]
    texts = [a.text(paragraphs) for a in drafts]
    matches = match_texts(texts, [t for _, t in history.articles])
    used_articles = set(history.article_ids)
    kept_ids = {history.articles[m.old][0] for m in matches if m}
    used_articles |= kept_ids
    titles = [c.title for c in parsed.chapters]
    chapter_matches = match_texts(titles, [t for _, t in history.chapters], threshold=None)
    used_chapters = set(history.chapter_ids) | {history.chapters[m.old][0] for m in chapter_matches if m}

    chapters, n, kept = [], 0, 0
    for k, (c, cm) in enumerate(zip(parsed.chapters, chapter_matches), 1):
        if cm:
            cid = history.chapters[cm.old][0]
        elif c.no is None and not parsed.has_chapters:
            cid = "main"  # no chapters in the document: one chapter 正文
        else:
            cid = fresh_id("ch", k, when, used_chapters)
        articles = []
        for a in c.articles:
            m = matches[n]
            n += 1
            if m:
                aid, how = history.articles[m.old][0], (
                    "same text" if m.how == "same" else f"similar text, {m.ratio:.2f}")
                kept += 1
            else:
                aid, how = fresh_id("art", n, when, used_articles), ""
            articles.append((aid, texts[n - 1], a.no, how))
        chapters.append((cid, c.title, articles))
    return Plan(chapters, kept, sum(1 for m in chapter_matches if m))
