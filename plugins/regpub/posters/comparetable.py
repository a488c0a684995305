"""The printable old/new table (修改对照表) of a comparison: what a village representative
meeting reads and votes on, one PDF per comparison page, beside it
(Addresses.compare_table(old, new)).

A4 landscape, three columns 修改前 | 修改后 | 修改理由, one row per article that was added,
removed, changed or renumbered (plus the preamble and the closing where they changed), in the
comparison's reading order. Each cell holds the Chinese with the Tibetan below it, so a row
reads across in either language. Inline changes print as underline (inserted) and strike-through
(deleted): photocopied in black and white, the marks still say what changed. An article only
renumbered is not printed twice: its row names the old and the new number and says its text is
unchanged, as a 신구조문대비표 says "현행과 같음".

This module decides what the table shows (plan, rows, the texts it prints); compose.py renders
it with templates/poster-compare.html (+ poster-compare.css) and press.py lays it out.
Nothing here knows the templates, WeasyPrint or MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterator

from .. import diff, points
from ..addresses import Address, Addresses
from ..diff import ArticleChange, Comparison, TextChange
from ..model import County, Regulation, Revision, Text
from .paper import Paper

TEMPLATE = "poster-compare.html"
# A4 landscape (the template sets the orientation): three columns of Chinese with Tibetan below
# need the width more than the height. The type is a little under the A4 poster's: a table of
# twenty articles in both scripts stays a handful of sheets.
PAPER = Paper("A4", "9.5pt", "13mm 12mm 14mm 12mm", "24mm")
# A row whose texts (Chinese characters, plus a third of the Tibetan's: a syllable is about
# three letters) stay under this fits in a third of a sheet: it is kept whole.
KEEP_BELOW = 240


@dataclass(frozen=True)
class CompareTable:
    """One table to print: the comparison of two revisions of a village, and where it goes."""
    regulation: Regulation
    old: Revision
    new: Revision
    file: Address
    paper: Paper = PAPER
    kind: str = "compare"

    @property
    def name(self) -> str:
        return self.file.key


def plan(county: County, addresses: Addresses) -> list[CompareTable]:
    """A table for every comparison page: each pair of revisions of a village, older first
    (the same pairs as the pages, site.pages)."""
    out = []
    for regulation in county.regulations.values():
        revisions = regulation.revisions
        for i, old in enumerate(revisions):
            for new in revisions[i + 1:]:
                out.append(CompareTable(regulation, old, new, addresses.compare_table(old, new)))
    return out


@dataclass(frozen=True)
class Row:
    """A row of the table: an article's change, or the preamble's or the closing's."""
    kind: str                          # article | preamble | closing
    change: ArticleChange | TextChange
    # An article whose text stayed and whose number or place changed: its row gives the two
    # numbers and says the text is unchanged instead of printing it twice.
    text_unchanged: bool = False

    @property
    def id(self) -> str:
        return self.change.id if isinstance(self.change, ArticleChange) else self.change.part

    @property
    def keep(self) -> bool:
        """Whether the row is short enough to keep on one sheet (a row split after its numbers
        leaves "第六条" on one page and its text on the next); a long one runs on."""
        if self.text_unchanged:
            return True
        change = self.change
        texts = [*change.old, *change.new] if isinstance(change, TextChange) else \
            [t for a in (change.old, change.new) if a is not None for _, t in a.parts()]
        return sum(len(t.zh or "") + len(t.bo or "") // 3 for t in texts) <= KEEP_BELOW


def shown(change: ArticleChange) -> bool:
    """Whether an article gets a row: added, removed, changed, or renumbered/moved."""
    return change.status != "unchanged" or change.moved or change.renumbered


def rows(comparison: Comparison) -> list[Row]:
    """The rows, in reading order: the preamble, the articles, the closing (each only where it
    changed)."""
    def text_row(change: TextChange | None) -> list[Row]:
        return [Row(change.part, change)] if change and change.status != "unchanged" else []

    articles = [Row("article", c, text_unchanged=c.status == "unchanged")
                for c in comparison.articles if shown(c)]
    return [*text_row(comparison.preamble), *articles, *text_row(comparison.closing)]


def removal_reason(comparison: Comparison, change: ArticleChange) -> tuple[Text | None, tuple[str, ...]]:
    """Why an article is gone, and the feedback behind it: the reason the comparison carries,
    else the `removed:` entry of the newer revision (model.Revision.removal)."""
    if change.reason is not None or change.feedback:
        return change.reason, change.feedback
    removal = comparison.new.removal(change.id)
    return (removal.reason, removal.feedback) if removal else (None, ())


def feedback_text(revision: Revision, feedback_id: str) -> Text | None:
    """The text of a feedback item of the revision's review (a row prints it whole: on paper
    there is no link to follow)."""
    if revision.review is None:
        return None
    return next((f.text for f in revision.review.feedback if f.id == feedback_id), None)


def printed_texts(county: County) -> Iterator[tuple[str, str, Text, str]]:
    """Every text of the data a table prints that the regulation posters may not (older
    revisions, reasons, feedback, preamble, closing), for the font check: (file, what the
    field is, text, a line of the file after which it comes)."""
    for regulation in county.regulations.values():
        if len(regulation.revisions) < 2:
            continue  # no comparison, no table
        for rev in regulation.revisions:
            if rev.preamble:
                yield rev.source, "preamble", rev.preamble, "preamble:"
            for k, line in enumerate(rev.closing, 1):
                yield rev.source, f"closing > line {k}", line, "closing:"
            for chapter in rev.chapters:
                for article in chapter.articles:
                    anchor = f"id: {article.id}"
                    for path, text in article.parts():
                        yield rev.source, f"article '{article.id}' > {path}", text, anchor
                    if article.reason:
                        yield rev.source, f"article '{article.id}' > reason", article.reason, anchor
            for removal in rev.removed:
                if removal.reason:
                    yield (rev.source, f"removed '{removal.article}' > reason", removal.reason,
                           f"article: {removal.article}")
            for item in rev.review.feedback if rev.review else ():
                yield rev.source, f"feedback '{item.id}'", item.text, f"id: {item.id}"


def has_draft(rows_: list[Row], comparison: Comparison) -> bool:
    """Whether any Tibetan the table prints is a draft translation (the table then says so)."""
    texts: list[Text] = []
    for row in rows_:
        change = row.change
        if isinstance(change, TextChange):
            texts += [*change.old, *change.new]
            continue
        for article in (change.old, change.new):
            if article is not None:
                texts += [t for _, t in article.parts()]
        reason, _ = removal_reason(comparison, change) if change.status == "removed" \
            else (change.reason, ())
        texts += [reason] if reason else []
    return any(t.bo and t.bo_status == "draft" for t in texts)


@dataclass(frozen=True)
class Why:
    """The reason column of an article's row: the reason given, the feedback behind it (whole)."""
    reason: Text | None
    feedback: tuple[Text, ...]


def why(comparison: Comparison, row: Row) -> Why:
    change = row.change
    if row.text_unchanged:  # only renumbered: the text's last reason is not this change's
        return Why(None, ())
    reason, ids = (removal_reason(comparison, change) if change.status == "removed"
                   else (change.reason, change.feedback))
    texts = (feedback_text(comparison.new, fid) for fid in ids)
    return Why(reason, tuple(t for t in texts if t is not None))


def context(table: CompareTable, county: County, minus: str = "\u2212",
            compare: Callable[[Revision, Revision], Comparison] = diff.compare) -> dict:
    """What templates/poster-compare.html needs of a table, besides the page's address, QR code
    and hashes (compose.py adds those). `compare` may be a memo (diff.Comparisons)."""
    comparison = compare(table.old, table.new)
    table_rows = rows(comparison)
    village = table.regulation.village
    return dict(
        county=county, township=county.township(village.township), regulation=table.regulation,
        old=table.old, new=table.new, paper=table.paper, comparison=comparison, rows=table_rows,
        reasons={row.id: why(comparison, row) for row in table_rows if row.kind == "article"},
        # The summary line: each kind of change that occurs, and the unchanged articles; they add
        # up to the articles of the two revisions (diff.Comparison.tally).
        counts=[(category, n) for category, n in comparison.tally.items() if n],
        draft=has_draft(table_rows, comparison),
        signed=partial(points.signed, minus=minus),
        measure=county.points.measure if county.points is not None else None,
    )
