"""A Tibetan-only document as the Tibetan translation of a revision already in the data:

    python build.py import FILE --village ID [--revision DATE]
                           [--bo-status draft|reviewed --reviewer ROLE] [--replace-reviewed]

A revision is the adopted Chinese text, so a document in Tibetan alone is not a new revision: it
is the translation of one (without --revision: the village's latest). Its parts are aligned with
the revision's:

- articles (labelled དོན་ཚན་༡། / དོན་ཚན་དང་པོ། ..., read by bilingual.read_tibetan) by number, or by
  their place when there are as many as the revision has but a label is wrong (a note says so);
- inside an article, its paragraphs and items (items labelled ༼༡༽ ༡་) with the revision's
  (model.Article.parts()): by shape, else one for one when the counts agree;
- chapter titles (ལེའུ) by number or place, the title (the first line), the preamble (the lines
  before the first label), and the closing lines (the revision's k closing lines are the last k
  lines after the last article).

The Tibetan is written into the revision's own file surgically (yamledit, as `translations
import` does: only the `bo` fields of the texts change, so the lock takes it as translation
work), as `draft`, or `reviewed` with a bo_review record (--bo-status reviewed --reviewer ROLE,
reviewed today against the revision's Chinese); the file is replaced atomically once a copy of
the data folder loads with it (exchange.write_checked).

Refused, with a message and nothing written: Chinese in the document; articles or chapters that
do not line up (the numbers missing and extra are named); an article whose Tibetan has another
shape than its Chinese; a text whose reviewed Tibetan differs (unless --replace-reviewed).
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import model as m
from .. import yamledit
from ..exchange import write_checked
from ..fields import DATE_PATTERN
from ..load import load
from ..paths import VILLAGES
from ..problems import DataError, printable
from ..translation import REVIEWER_ROLES, fingerprint
from . import bilingual as bi
from .datafolder import find_village
from .errors import ImportFailed
from .sources import Line, Source, read_source
from .structure import _shape as shape_lines

ENDS = ("།", "༎")  # a Tibetan line that ends a sentence; any other line is wrapped
NO_ITEMS = re.compile(r"(?!)")  # a plain article's lines are never items
SHOWN_LINES = 5  # how many line numbers a refusal names before "..."

# What the options of a new revision mean nothing for here (the translation changes no Chinese).
NEW_REVISION_ONLY = (("kind", None, "--kind"), ("confirm", [], "--confirm"),
                     ("insert_into_history", False, "--insert-into-history"),
                     ("from_traditional", False, "--from-traditional"))


@dataclass(frozen=True)
class Fill:
    """A text of the revision and the document's Tibetan for it."""

    where: str  # its YAML path (translation.texts_of, as `translations import` names it)
    what: str  # how messages name it: "article 3, paragraph 2, item 1"
    text: m.Text  # the revision's text as it is
    bo: str  # the document's Tibetan
    no: int  # the source line it starts on


@dataclass
class Alignment:
    fills: list[Fill]
    unplaced: list[tuple[int, str, str]]  # (line, text, why): nothing from them is written
    notes: list[str]
    how: str  # "by number" / "by place"


def _lines(nos: list[int]) -> str:
    shown = ", ".join(map(str, nos[:SHOWN_LINES]))
    return shown + (f" ... ({len(nos)} in all)" if len(nos) > SHOWN_LINES else "")


def check_script(source: Source) -> None:
    """The document must be Tibetan only: any Chinese is refused, with its lines."""
    chinese = [line.no for line in source.lines if bi.HAN.search(line.text)]
    if not chinese:
        return
    raise ImportFailed(f"{source.name}: Chinese in the Tibetan text, {source.unit}(s) "
                       f"{_lines(chinese)}. Without --date the importer takes a Tibetan-only "
                       "document as the translation of a revision and writes only Tibetan: "
                       "remove the Chinese; or, if this is the adopted Chinese or bilingual "
                       "document of a new revision, import it with --date YYYY-MM-DD")


# -- alignment -------------------------------------------------------------------------------

def _pieces(lines: list[Line], items: re.Pattern, paragraphs: bool
            ) -> list[tuple[str, list[tuple[str, int]], int]]:
    """Tibetan lines -> paragraphs [(text, [(item text, line)], line)], wrapped lines joined
    (structure's own rule: a line after a finished sentence, or every Word paragraph, starts a
    paragraph; a labelled line is an item)."""
    shaped, where = shape_lines([line.text for line in lines], items, ENDS, paragraphs)
    starts: dict[tuple[int, int], int] = {}
    for line, slots in zip(lines, where):
        for slot in slots:
            starts.setdefault(slot, line.no)
    return [(text, [(t, starts[(k, j)]) for j, t in enumerate(found)], starts[(k, -1)])
            for k, (text, found) in enumerate(shaped)]


def _fit(numbered: m.NumberedArticle, lines: list[Line], base: str, source: Source,
         exact: bool) -> list[Fill] | str:
    """The fills of one article from its Tibetan lines, or why they do not fit. A plain article
    takes all its lines (a line each, as its Chinese keeps its line breaks); `exact` asks that it
    have as many paragraphs as its Chinese has lines (to tell its end from a closing)."""
    article, n = numbered.article, numbered.number
    paragraphs = source.paragraphs
    if not lines:
        return f"article {n} has no Tibetan text after its label"
    if not article.structured:
        pieces = _pieces(lines, NO_ITEMS, paragraphs)
        if exact and len(pieces) != article.text.zh.count("\n") + 1:
            return "not exact"
        return [Fill(f"{base}/text", f"article {n}", article.text,
                     "\n".join(text for text, _, _ in pieces), pieces[0][2])]
    # Paragraphs and items one for one, in reading order: by their labels when the Tibetan has
    # them (the same shape), else line by line when the counts agree (items without labels).
    pieces = _pieces(lines, bi.BO_ITEM, paragraphs)
    parts = list(article.parts())
    found = []
    for text, items, no in pieces:
        found += [(text, no), *items]
    if len(found) != len(parts):
        return (f"article {n} ({article.id}; its Tibetan from {source.unit} {lines[0].no}) has "
                f"{len(pieces)} paragraph(s) and {sum(len(i) for _, i, _ in pieces)} item(s) in "
                f"Tibetan, {len(article.paragraphs)} and "
                f"{sum(len(p.items) for p in article.paragraphs)} in Chinese")
    places = []  # (YAML path, how a message names it), in the order of Article.parts()
    for k, paragraph in enumerate(article.paragraphs, 1):
        places.append((f"{base}/paragraphs/{paragraph.id}/text", f"article {n}, paragraph {k}"))
        places += [(f"{base}/paragraphs/{paragraph.id}/items/{item.id}/text",
                    f"article {n}, paragraph {k}, item {j}")
                   for j, item in enumerate(paragraph.items, 1)]
    return [Fill(where, what, text, bo, no)
            for (where, what), (_, text), (bo, no) in zip(places, parts, found)]


def _order(labels: list[int], count: int, what: str) -> tuple[list[int] | None, str, list[str]]:
    """Which label goes with each of the revision's `count` parts: by number when the labels
    are 1..count, by place when there are `count` of them; else None and what is wrong."""
    if sorted(labels) == list(range(1, count + 1)):
        return sorted(labels), "by number", []
    if len(labels) == count:
        wrong = [f"{what} labelled {label} is taken as {what} {k} (its place)"
                 for k, label in enumerate(labels, 1) if label != k]
        return list(labels), "by place", wrong
    missing = [k for k in range(1, count + 1) if k not in labels]
    extra = [k for k in labels if not 1 <= k <= count]
    said = [f"the Tibetan has {len(labels)} {what}(s), the revision {count}"]
    if missing:
        said.append(f"no Tibetan {what} numbered {', '.join(map(str, missing))}")
    if extra:
        said.append(f"Tibetan {what}(s) {', '.join(map(str, extra))} that the revision has not")
    return None, "", ["; ".join(said)]


def align(revision: m.Revision, source: Source) -> Alignment:
    """The fills of `revision` from the Tibetan-only `source`, or ImportFailed naming every
    part that does not line up."""
    lines = bi.split(source.lines).block
    tibetan = bi.read_tibetan(lines)
    unit = source.unit
    wrong: list[str] = []
    notes: list[str] = []
    unplaced: list[tuple[int, str, str]] = []
    fills: list[Fill] = []

    repeated = [line.no for line in tibetan.repeated
                if (bi.bo_marker(line.text) or ("",))[0] == "article"]
    if repeated:
        wrong.append(f"an article label repeated on {unit}(s) {_lines(repeated)}")
    unplaced += [(line.no, line.text, "Tibetan not placed (after a repeated article label, or "
                  "after a chapter heading)") for line in tibetan.repeated
                 if line.no not in repeated]
    numbered = list(revision.numbered())
    if not tibetan.order:
        raise ImportFailed(f"{source.name}: no Tibetan article labels found: start each article "
                           "with its label, དོན་ཚན་༡། (or དོན་ཚན་དང་པོ།), so that it is aligned with "
                           "the revision's article of that number; nothing was written")
    labels, how, said = _order(tibetan.order, len(numbered), "article")
    (notes if labels else wrong).extend(said)

    # Chapters: by number or place; an article must follow the heading of its own chapter.
    chapter_heads = {}
    for line in lines:
        marker = bi.bo_marker(line.text)
        if marker and marker[0] == "chapter":
            chapter_heads.setdefault(marker[1], line.no)
    chapter_of: dict[int, int] = {}  # Tibetan chapter label -> the revision's chapter (1-based)
    if tibetan.chapters:
        heads, _, said = _order(list(tibetan.chapters), len(revision.chapters), "chapter")
        (notes if heads else wrong).extend(said)
        if heads:
            chapter_of = {label: k for k, label in enumerate(heads, 1)}
            for k, (chapter, label) in enumerate(zip(revision.chapters, heads), 1):
                if tibetan.chapters[label]:
                    fills.append(Fill(f"chapters/{chapter.id}/title", f"chapter {k} title",
                                      chapter.title, tibetan.chapters[label], chapter_heads[label]))
    elif len(revision.chapters) > 1:
        notes.append("the Tibetan has no chapter headings (ལེའུ): the chapter titles are left "
                     "as they are")

    if labels:
        places = {id(c): k for k, c in enumerate(revision.chapters, 1)}
        last = len(numbered) - 1
        closing = len(revision.closing)
        for k, (article, label) in enumerate(zip(numbered, labels)):
            base = f"chapters/{article.chapter.id}/articles/{article.id}"
            under = tibetan.chapter_of.get(label)  # the Tibetan chapter label it follows
            if chapter_of and chapter_of.get(under) != places[id(article.chapter)]:
                wrong.append(f"article {article.number} comes under Tibetan chapter "
                             f"{under or '(none)'}, but is in chapter "
                             f"{places[id(article.chapter)]} of the revision")
                continue
            body = tibetan.articles[label]
            tail: list[Line] = []
            if k == last and closing and len(body) > closing:
                # The revision's closing lines are the last lines after the last article, if
                # that leaves the article its own shape; else the article keeps them all.
                fitted = _fit(article, body[:-closing], base, source, exact=True)
                if isinstance(fitted, str):
                    fitted = _fit(article, body, base, source, exact=True)
                    if isinstance(fitted, str):
                        fitted = _fit(article, body[:-closing], base, source, exact=False)
                        tail = body[-closing:]
                else:
                    tail = body[-closing:]
            else:
                fitted = _fit(article, body, base, source, exact=False)
            if isinstance(fitted, str):
                wrong.append(fitted)
                continue
            fills += fitted
            for j, line in enumerate(tail):
                fills.append(Fill(f"closing/{j}", f"closing line {j + 1}", revision.closing[j],
                                  line.text, line.no))

    if tibetan.title is not None:
        fills.insert(0, Fill("title", "the title", revision.title, tibetan.title.text,
                             tibetan.title.no))
    if tibetan.before:
        if revision.preamble is not None:
            fills.insert(1 if tibetan.title else 0, Fill(
                "preamble", "the preamble", revision.preamble,
                "\n".join(line.text for line in tibetan.before), tibetan.before[0].no))
        else:
            unplaced += [(line.no, line.text, "before the first article, but the revision has "
                          "no preamble") for line in tibetan.before]
    if wrong:
        raise ImportFailed(f"{source.name} does not line up with the revision of "
                           f"{revision.key}, so nothing was written:\n  " + "\n  ".join(wrong))
    return Alignment(fills, sorted(unplaced), notes, how)


# -- what changes ----------------------------------------------------------------------------

def _same(a: str | None, b: str) -> bool:
    return a is not None and " ".join(a.split()) == " ".join(b.split())


@dataclass
class Changes:
    edits: list[tuple[Fill, list[tuple[str, str]]]]  # (fill, the bo fields to write)
    filled: int = 0
    replaced: list[str] | None = None  # "article 2 (was draft)"
    unchanged: int = 0
    kept_outdated: int = 0


def changes(fills: list[Fill], status: str, reviewer: str | None, today: str,
            replace_reviewed: bool, unit: str = "line") -> Changes:
    """The bo fields to write for each fill; ImportFailed if a reviewed Tibetan would be
    replaced without --replace-reviewed."""
    out = Changes([], replaced=[])
    refused = []
    for fill in fills:
        text = fill.text
        current = text.outdated_bo if text.bo_status == "outdated" else text.bo
        if _same(current, fill.bo):
            if text.bo_status == "outdated":
                out.kept_outdated += 1  # the old translation again: its Chinese changed since
            if text.bo_status != "draft" or status == "draft":
                out.unchanged += 1
                continue
        elif text.bo_status == "reviewed" and not replace_reviewed:
            refused.append(f"{fill.what} ({unit} {fill.no})")
            continue
        fields = (yamledit.reviewed_fields(fill.bo, today, reviewer, fingerprint(text.zh))
                  if status == "reviewed" else yamledit.draft_fields(fill.bo))
        out.edits.append((fill, fields))
        if text.bo_status == "missing":
            out.filled += 1
        else:
            out.replaced.append(f"{fill.what} (was {text.bo_status}"
                                f"{', now reviewed' if _same(current, fill.bo) else ''})")
    if refused:
        raise ImportFailed(f"{len(refused)} text(s) already have a reviewed Tibetan that differs "
                           f"from the document's: {'; '.join(refused)}. Nothing was written. If "
                           "the document's Tibetan is meant to replace the reviewed one, import "
                           "again with --replace-reviewed")
    return out


# -- the command -----------------------------------------------------------------------------

def run(args: argparse.Namespace) -> int:
    """`python build.py import FILE --village ID [--revision DATE]`: see the module's doc."""
    root: Path = args.data
    if args.date is not None:
        raise ImportFailed("--date is the adoption date of a new revision, --revision names the "
                           "revision a Tibetan-only document translates: give one of them")
    given = [flag for name, default, flag in NEW_REVISION_ONLY
             if getattr(args, name, default) != default]
    if given:
        raise ImportFailed(f"{', '.join(given)}: only for a new revision (with --date); a "
                           "Tibetan-only document changes no Chinese")
    if args.revision is not None and not DATE_PATTERN.match(args.revision):
        raise ImportFailed(f"--revision '{args.revision}' is not a date: write it as YYYY-MM-DD")
    if args.bo_status == "reviewed" and args.reviewer not in REVIEWER_ROLES:
        raise ImportFailed(f"--bo-status reviewed needs --reviewer ROLE, the reviewing office's "
                           f"role (never a person's name), one of: {', '.join(REVIEWER_ROLES)}")
    village = find_village(root, args.village)
    source = read_source(args.file)
    layout = bi.split(source.lines).layout
    check_script(source)
    if layout != bi.TIBETAN_ONLY:  # no line at all: an empty document
        raise ImportFailed(f"{source.name}: no Tibetan text found")
    try:
        county = load(root)
    except DataError as e:
        raise ImportFailed(f"the data folder does not load ({len(e.problems)} problem(s)): fix "
                           "them first (python build.py --check); nothing was written") from None
    regulation = county.regulations.get(village.id)
    if regulation is None:
        raise ImportFailed(f"village {village.id} has no revision yet: import the adopted "
                           "(Chinese or bilingual) document first, with --date")
    revision = regulation.current
    if args.revision is not None:
        revision = next((r for r in regulation.revisions if r.key == args.revision), None)
        if revision is None:
            raise ImportFailed(f"village {village.id} has no revision of {args.revision}; its "
                               f"revisions: {', '.join(r.key for r in regulation.revisions)}")
    file = f"{VILLAGES}/{village.id}/{revision.key}.yaml"
    shown = f"{root.name}/{file}"
    alignment = align(revision, source)
    today = date.today().isoformat()
    planned = changes(alignment.fills, args.bo_status, args.reviewer, today, args.replace_reviewed,
                      source.unit)

    if planned.edits:
        text = (root / file).read_bytes().decode("utf-8")  # as it is: CRLF stays CRLF
        try:
            for fill, fields in planned.edits:
                text = yamledit.set_translation(text, fill.where, fields)
        except yamledit.EditError as e:
            raise ImportFailed(f"{shown}: {e}; nothing was written") from None
        try:
            write_checked({file: text}, root)
        except DataError as e:
            origin = _origin(text, planned.edits)
            print(printable(f"import failed: with this Tibetan {shown} would not validate, so "
                            "nothing was written:"), file=sys.stderr)
            for x in e.problems:
                where = f" (from {source.unit} {origin[x.line]} of {source.name})" \
                    if x.path == shown and x.line in origin else ""
                print(f"  {x}{printable(where)}", file=sys.stderr)
            print("fix these in the document and import again", file=sys.stderr)
            return 1
    print(printable(summary(source, revision, regulation, shown, alignment, planned,
                            args.bo_status, args.reviewer), lines=True))
    return 0


def _origin(text: str, edits: list[tuple[Fill, list]]) -> dict[int, int]:
    """YAML line -> the document line of the Tibetan written there (for the loader's messages)."""
    root = yamledit.compose(text)
    spans = []
    for fill, _ in edits:
        node = yamledit.find(root, fill.where)
        end = node.end_mark.line + (1 if node.end_mark.column else 0)
        spans.append((node.start_mark.line + 1, end, fill.no))
    out: dict[int, int] = {}
    # A paragraph's mapping holds its items: the narrowest text around a line is its own.
    for start, end, no in sorted(spans, key=lambda s: s[1] - s[0]):
        for line in range(start, end + 1):
            out.setdefault(line, no)
    return out


def summary(source: Source, revision: m.Revision, regulation: m.Regulation, shown: str,
            alignment: Alignment, planned: Changes, status: str, reviewer: str | None) -> str:
    articles = revision.article_count
    which = "the current one" if revision is regulation.current else \
        f"the current one is {regulation.current.key}"
    lines = [f"read {source.name} as {source.how}: {len(source.lines)} non-empty {source.unit}s, "
             "Tibetan only: the Tibetan translation of an existing revision",
             f"revision of {revision.key} ({which}): {articles} article"
             f"{'s' if articles != 1 else ''} aligned {alignment.how}, "
             f"{len(alignment.fills)} texts in all"]
    written = len(planned.edits)
    as_what = "draft" if status == "draft" else f"reviewed by {reviewer}"
    if written:
        lines.append(f"wrote {shown}, only its Tibetan, as {as_what}: {planned.filled} text(s) "
                     f"filled, {len(planned.replaced)} replaced, {planned.unchanged} unchanged")
    else:
        lines.append(f"nothing written: {planned.unchanged} text(s) unchanged, every text of "
                     f"{shown} already has this Tibetan")
    for what in planned.replaced:
        lines.append(f"  replaced: {what}")
    if planned.kept_outdated:
        lines.append(f"note: {planned.kept_outdated} text(s) repeat their outdated Tibetan (the "
                     "Chinese changed since it was written): left outdated")
    lines.append(f"lines not placed: {len(alignment.unplaced)}" + (
        " (nothing from them was imported; check them against the document)"
        if alignment.unplaced else ""))
    for no, text, why in alignment.unplaced:
        text = text if len(text) <= 40 else text[:39] + "…"
        lines.append(f"  {source.unit} {no}: {text} — {why}")
    lines += [f"note: {note}" for note in alignment.notes]
    if written:
        lines.append("validated: the data folder loads with it; only Tibetan changed, so a "
                     "published revision takes it as translation work (python build.py lock "
                     "records it)")
    return "\n".join(lines)
