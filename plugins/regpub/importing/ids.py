"""Article and chapter ids.

Articles are aligned with the village's previous revision by sequence and similarity together:
a dynamic-programming alignment over the old and the new list (like a diff of lines) pairs
articles in order, maximising the summed similarity, so an article with one appended sentence
(similarity ~0.7) keeps its id where a single threshold split it into a deletion and an addition.
- An aligned pair at KEEP or above keeps the old id ("similar text, 0.74").
- An aligned pair in the middle band [NEAR, KEEP) is a near miss: the article gets a new id and
  the summary lists it with its similarity; `--confirm OLD_ID=NEW_NUMBER` gives it the old id.
- Articles left over (moved ones) still match out of order: the same text after normalising, or a
  difflib ratio of MOVED or more, best pairs first.
A chapter keeps its id when its title is the same. Other articles get `art-<n>` (n: the article's
number), chapters `ch-<n>`; an id the village ever used (in any revision, earlier or later) is
never given again. For a revision inserted into history (an import dated before the latest
revision) an article that is not in the previous revision but is in the following one takes the
following one's id, so the later history reads on without a spurious delete + add.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

# Text for comparison: no whitespace, no punctuation or symbols, full-width folded. The same
# rule decides whether a translation carries over, so "unchanged" means one thing everywhere.
from ..translation import normalise
from .datafolder import History
from .errors import ImportFailed
from .structure import Parsed

SIMILAR = 0.85  # match_texts' default: enough for a text to continue another out of sequence
MOVED = SIMILAR  # an article moved elsewhere keeps its id from this similarity
KEEP = 0.6  # an article aligned in sequence keeps its id from this similarity
NEAR = 0.35  # ... and is listed as a near miss (for a person to confirm) from this one


def similarity(a: str, b: str) -> float:
    """difflib's ratio of the two normalised texts (1.0: the same after normalising)."""
    a, b = normalise(a), normalise(b)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


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


@dataclass(frozen=True)
class NearMiss:
    """An aligned pair below KEEP: the new article (by number) got a new id."""

    old_id: str
    number: int  # the new article's number in the imported document (1, 2, 3 ...)
    new_id: str
    ratio: float


def _bigrams(text: str) -> set[str]:
    return {text[k:k + 2] for k in range(len(text) - 1)} or {text}


SCREEN = 0.15  # below this share of common character pairs, two texts are not compared further


def similarities(new: list[str], old: list[str]) -> list[list[float]]:
    """similarity() of every new text with every old one, 0.0 for pairs that share almost no
    character pairs (Dice < SCREEN: unrelated articles; checked first because difflib's ratio is
    quadratic and a long regulation has thousands of pairs). difflib keeps its index of the
    second text, so each old text is indexed once."""
    new_n, old_n = [normalise(t) for t in new], [normalise(t) for t in old]
    new_b, old_b = [_bigrams(t) for t in new_n], [_bigrams(t) for t in old_n]
    out = [[0.0] * len(old) for _ in new]
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    for j, b in enumerate(old_n):
        if not b:
            continue
        matcher.set_seq2(b)
        for i, a in enumerate(new_n):
            if not a:
                continue
            if a == b:
                out[i][j] = 1.0
                continue
            if 2 * len(new_b[i] & old_b[j]) < SCREEN * (len(new_b[i]) + len(old_b[j])):
                continue
            matcher.set_seq1(a)
            if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR:
                out[i][j] = matcher.ratio()
    return out


def align(new: list[str], old: list[str]) -> list[tuple[int, float] | None]:
    """For each new text, (old index, similarity) of the old text the alignment pairs it with,
    or None. The alignment keeps the order of both lists and maximises the summed weight of its
    pairs, where a pair scores its similarity above NEAR (a pair below NEAR is never made), and
    the same text scores extra, so one exact pair beats two mediocre ones."""
    ratio = similarities(new, old)

    def weight(i: int, j: int) -> float:
        r = ratio[i][j]
        return -1.0 if r < NEAR else r - NEAR + (0.5 if r == 1.0 else 0.0)

    n, k = len(new), len(old)
    best = [[0.0] * (k + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(k - 1, -1, -1):
            pair = weight(i, j)
            best[i][j] = max(best[i + 1][j], best[i][j + 1],
                             best[i + 1][j + 1] + pair if pair >= 0 else -1.0)
    result: list[tuple[int, float] | None] = [None] * n
    i = j = 0
    while i < n and j < k:
        pair = weight(i, j)
        if pair >= 0 and best[i][j] == best[i + 1][j + 1] + pair:
            result[i] = (j, ratio[i][j])
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return result


def parse_confirm(values: list[str]) -> dict[int, str]:
    """`--confirm OLD_ID=NEW_NUMBER` (repeatable) as {new number: old id}; refused when malformed."""
    confirmed: dict[int, str] = {}
    for value in values:
        old_id, sep, number = value.partition("=")
        if not sep or not old_id.strip() or not number.strip().isdigit():
            raise ImportFailed(f"--confirm {value}: write it as OLD_ID=NEW_NUMBER, e.g. "
                               "--confirm grazing=3 (article 3 of the document keeps the id grazing)")
        n = int(number)
        if n in confirmed:
            raise ImportFailed(f"--confirm names article {n} twice")
        if old_id.strip() in confirmed.values():
            raise ImportFailed(f"--confirm gives the id {old_id.strip()} twice")
        confirmed[n] = old_id.strip()
    return confirmed


@dataclass
class Plan:
    """The revision to write: chapters of (id, title, [(id, text, source no, kept how)])."""

    chapters: list[tuple[str, str, list[tuple[str, str, int, str]]]]
    kept: int
    kept_chapters: int
    near: list[NearMiss]
    from_following: int = 0  # ids taken from the following revision (an inserted revision)


Kept = tuple[str, str]  # (old id, how it was kept: "same text", "similar text, 0.74" ...)


def match_articles(texts: list[str], history: History, confirmed: dict[int, str]
                   ) -> tuple[list[Kept | None], list[tuple[int, str, float]]]:
    """For each new article, (old id, how kept) or None; and the near misses as
    (index, old id, similarity)."""
    old_ids = [aid for aid, _ in history.articles]
    old_texts = [t for _, t in history.articles]
    unknown = sorted(set(confirmed.values()) - set(old_ids))
    if unknown:
        known = ", ".join(old_ids) or "none"
        raise ImportFailed(f"--confirm {', '.join(unknown)}: not an article id of the revision of "
                           f"{history.previous or '(none)'} (its ids: {known})")
    outside = sorted(n for n in confirmed if not 1 <= n <= len(texts))
    if outside:
        raise ImportFailed(f"--confirm: the document has articles 1 to {len(texts)}, not "
                           f"{', '.join(map(str, outside))}")
    result: list[Kept | None] = [None] * len(texts)
    taken = set()
    for n, old_id in confirmed.items():
        j = old_ids.index(old_id)
        result[n - 1] = (old_id, f"confirmed (--confirm), similarity "
                                 f"{similarity(texts[n - 1], old_texts[j]):.2f}")
        taken.add(j)
    free_new = [i for i in range(len(texts)) if result[i] is None]
    free_old = [j for j in range(len(old_texts)) if j not in taken]
    near = []
    for pos, pair in enumerate(align([texts[i] for i in free_new], [old_texts[j] for j in free_old])):
        if pair is None:
            continue
        i, j, r = free_new[pos], free_old[pair[0]], pair[1]
        if r >= KEEP:
            result[i] = (old_ids[j], "same text" if r == 1.0 else f"similar text, {r:.2f}")
            taken.add(j)
        else:
            near.append((i, old_ids[j], r))
    # What the alignment left: moved articles, matched out of order.
    free_new = [i for i in range(len(texts)) if result[i] is None]
    free_old = [j for j in range(len(old_texts)) if j not in taken]
    moved = match_texts([texts[i] for i in free_new], [old_texts[j] for j in free_old], MOVED)
    for pos, m in enumerate(moved):
        if m:
            i, j = free_new[pos], free_old[m.old]
            result[i] = (old_ids[j], "same text, moved" if m.how == "same"
                         else f"similar text, {m.ratio:.2f}, moved")
    near = [(i, old_id, r) for i, old_id, r in near if result[i] is None
            and old_id not in {x[0] for x in result if x}]
    return result, near


def assign_ids(parsed: Parsed, history: History, when: str, paragraphs: bool,
               confirmed: dict[int, str] | None = None) -> Plan:
    drafts = [a for c in parsed.chapters for a in c.articles]
    texts = [a.text(paragraphs) for a in drafts]
    matches, near = match_articles(texts, history, confirmed or {})
    # An inserted revision: what is new against the previous revision but in the following one
    # takes the following one's id (its history goes on from here).
    from_following = 0
    if history.following_articles:
        free = [i for i, m in enumerate(matches) if m is None]
        given = {m[0] for m in matches if m}
        later = [(aid, t) for aid, t in history.following_articles if aid not in given]
        found = match_texts([texts[i] for i in free], [t for _, t in later], MOVED)
        for pos, m in enumerate(found):
            if m:
                matches[free[pos]] = (later[m.old][0], f"as in the following revision of "
                                                       f"{history.following}")
                from_following += 1
        near = [x for x in near if matches[x[0]] is None]
    used_articles = set(history.article_ids) | {m[0] for m in matches if m}
    titles = [c.title for c in parsed.chapters]
    chapter_matches = match_texts(titles, [t for _, t in history.chapters], threshold=None)
    used_chapters = set(history.chapter_ids) | {history.chapters[m.old][0] for m in chapter_matches if m}

    chapters, n, kept = [], 0, 0
    new_ids: dict[int, str] = {}
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
                (aid, how), kept = m, kept + 1
            else:
                aid, how = fresh_id("art", n, when, used_articles), ""
            new_ids[n - 1] = aid
            articles.append((aid, texts[n - 1], a.no, how))
        chapters.append((cid, c.title, articles))
    misses = [NearMiss(old_id, i + 1, new_ids[i], r) for i, old_id, r in near]
    return Plan(chapters, kept - from_following, sum(1 for m in chapter_matches if m), misses,
                from_following)
