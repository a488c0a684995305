"""`python build.py export --village <id> [--revision <date>] --out <file.docx>`: a revision as
a bilingual Word document in the layout the importer reads back (bilingual.INTERLEAVED: each
Chinese paragraph followed by its Tibetan), so a cadre can take the current text, amend it in
Word and import it again as the next revision; importing an export unchanged gives the same
revision (and is refused as identical to it).

The document, top to bottom (a text without Tibetan has no Tibetan paragraph):
- the title (Word style Title), then its Tibetan;
- the preamble (序言), then its Tibetan;
- per chapter a heading (Heading 1) `第一章 总则`, then `ལེའུ་༡། ...`; a revision without chapters
  (one chapter 正文, id main) has no heading, as the document it was imported from;
- per article `第一条 ...` then `དོན་ཚན་༡། ...`; a further paragraph (款) of the article: its Chinese,
  then its Tibetan; an item (项): `（一）...` then `(༡) ...` (the labels are derived from order,
  as on the site, and the importer takes them off again);
- the closing lines (adopting body, date), each then its Tibetan.
An outdated Tibetan (its Chinese changed since) is not exported: it is not the translation of the
text beside it. Nothing here imports MkDocs.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import docx

from ..commands import parse_args
from .. import model as m
from ..load import load
from ..numbering import article_label, chapter_label, item_label
from ..problems import DataError, printable
from .cli import DEFAULT_DATA
from .errors import ImportFailed


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py export",
        description="Write a village's revision as a bilingual Word document (Chinese paragraph, "
                    "then Tibetan paragraph) that python build.py import reads back: take the "
                    "current text, amend it in Word, import it as the next revision.")
    p.add_argument("--village", required=True, help="village id from divisions.yaml")
    p.add_argument("--revision", default=None, metavar="DATE",
                   help="the revision's adoption date, YYYY-MM-DD (default: the current one)")
    p.add_argument("--out", required=True, type=Path, help="the .docx to write")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="data folder (default: the project's regulations/)")
    return p


def main(argv: list[str]) -> int:
    """`python build.py export ...` with argv the words after `export`; returns the exit code."""
    args = parse_args(parser(), argv)
    if isinstance(args, int):  # --help, or a usage error argparse already printed
        return args
    try:
        revision = find_revision(args.data, args.village, args.revision)
        if args.out.suffix.lower() != ".docx":
            raise ImportFailed(f"--out {args.out}: give a file name ending in .docx")
        if args.out.exists():
            raise ImportFailed(f"{args.out} already exists: give another --out, or delete it first")
        write_docx(revision, args.out)
    except ImportFailed as e:
        print(printable(f"export refused: {e}"), file=sys.stderr)
        return 1
    except OSError as e:
        print(printable(f"export failed: cannot write {args.out}: {e.strerror}"), file=sys.stderr)
        return 1
    print(printable(f"wrote {args.out}: {revision.village} {revision.key}, "
                    f"{revision.article_count} articles, Chinese and Tibetan paragraph by "
                    "paragraph. Amend it in Word (keep 第X条 at the start of each article), then: "
                    f"python build.py import {args.out} --village {revision.village} "
                    "--date <adoption date>"))
    return 0


def find_revision(root: Path, village: str, when: str | None) -> m.Revision:
    try:
        county = load(root)
    except DataError as e:
        raise ImportFailed(f"the data folder has {len(e.problems)} problem(s): run python "
                           "build.py --check and fix them first") from None
    regulation = county.regulations.get(village)
    if regulation is None:
        known = ", ".join(sorted(county.regulations)) or "none"
        raise ImportFailed(f"--village {village}: no regulation for this id (villages with one: "
                           f"{known})")
    if when is None:
        return regulation.current
    for revision in regulation.revisions:
        if revision.key == when:
            return revision
    dates = ", ".join(r.key for r in regulation.revisions)
    raise ImportFailed(f"--revision {when}: {village} has no revision of that date ({dates})")


def _tibetan(text: m.Text | None) -> str | None:
    """The Tibetan to export: a current translation (draft or reviewed), never an outdated one."""
    if text is None or text.bo_status in ("missing", "outdated"):
        return None
    return text.bo or None


def write_docx(revision: m.Revision, out: Path) -> None:
    document = docx.Document()

    def pair(zh: str, bo: str | None, style: str | None = None,
             bo_prefix: str = "") -> None:
        document.add_paragraph(zh, style)
        if bo:
            # A Tibetan text of several lines (an article joined from parts) stays one paragraph
            # per line, as the importer reads paragraphs.
            for k, line in enumerate(bo.split("\n")):
                document.add_paragraph((bo_prefix if k == 0 else "") + line, style)

    pair(revision.title.zh, _tibetan(revision.title), "Title")
    if revision.preamble is not None:
        pair(revision.preamble.zh, _tibetan(revision.preamble))
    headed = not (len(revision.chapters) == 1 and revision.chapters[0].id == "main")
    number = 0
    for k, chapter in enumerate(revision.chapters, 1):
        if headed:
            bo = _tibetan(chapter.title)
            pair(f"{chapter_label(k, 'zh')} {chapter.title.zh}",
                 f"{chapter_label(k, 'bo')} {bo}" if bo else None, "Heading 1")
        for article in chapter.articles:
            number += 1
            for p, paragraph in enumerate(article.paragraphs):
                zh_prefix = f"{article_label(number, 'zh')} " if p == 0 else ""
                bo_prefix = f"{article_label(number, 'bo')} " if p == 0 else ""
                pair(zh_prefix + paragraph.text.zh, _tibetan(paragraph.text), bo_prefix=bo_prefix)
                for i, item in enumerate(paragraph.items, 1):
                    bo = _tibetan(item.text)
                    pair(item_label(i, "zh") + item.text.zh,
                         f"{item_label(i, 'bo')} {bo}" if bo else None)
    for line in revision.closing:
        pair(line.zh, _tibetan(line))
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        document.save(str(tmp))
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
