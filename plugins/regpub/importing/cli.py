"""`python build.py import <file> --village <id> --date <YYYY-MM-DD>`: the command, its checks
of the options, and the summary it prints. The steps are the package's modules, in order:
sources -> structure -> ids -> carry -> writing, then `load()` validates the data folder.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..commands import parse_args
from .. import model as m
from ..fields import DATE_PATTERN
from ..load import load
from ..paths import VILLAGES
from ..problems import DataError, printable
from .carry import Carried, carried_for, carry_summary
from .datafolder import History, content, find_village, read_history
from .errors import ImportFailed
from .ids import KEEP, NEAR, Plan, assign_ids, parse_confirm
from .sources import Source, clean, read_source
from ..translation import REVIEWER_ROLES
from .bilingual import CHINESE_ONLY, TIBETAN_ONLY
from .noise import warnings
from .structure import NUMBERING_NAMES, Parsed, parse, tibetan_only_advice
from .writing import SourceTibetan, revision_yaml, write_validated
from . import tibetanonly

DEFAULT_BODY = "村民代表大会"
DEFAULT_DATA = Path(__file__).resolve().parents[3] / "regulations"


def load_county(root: Path) -> tuple[m.County | None, list]:
    try:
        return load(root), []
    except DataError as e:
        return None, e.problems


def problems_of(root: Path) -> list:
    try:
        load(root)
    except DataError as e:
        return e.problems
    return []


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py import",
        description="Import a regulation from a Word (.docx) or text (.txt) file as a new "
                    "revision file regulations/villages/<village>/<date>.yaml, to be checked "
                    "by hand before it is published.")
    p.add_argument("file", type=Path, help="the .docx, or a .txt in UTF-8 or GBK/GB18030")
    p.add_argument("--village", required=True, help="village id from divisions.yaml")
    p.add_argument("--date", default=None,
                   help="the adoption date of the new revision, YYYY-MM-DD; without it FILE is "
                        "a Tibetan-only document, the translation of an existing revision")
    # Q2: a Tibetan-only document fills the Tibetan of an existing revision (tibetanonly.py)
    p.add_argument("--revision", default=None, metavar="DATE",
                   help="with a Tibetan-only document: the revision it translates (default: "
                        "the village's latest)")
    p.add_argument("--replace-reviewed", action="store_true",
                   help="with a Tibetan-only document: replace a reviewed Tibetan that differs "
                        "(else such a text is refused)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="data folder (default: the project's regulations/)")
    p.add_argument("--kind", choices=["revision", "initial", "review"], default=None,
                   help="default: initial for the village's first revision, else revision")
    p.add_argument("--body", default=DEFAULT_BODY, help=f"the adopting meeting (default: {DEFAULT_BODY})")
    p.add_argument("--confirm", action="append", default=[], metavar="OLD_ID=NEW_NUMBER",
                   help="article NEW_NUMBER of the document continues the previous revision's "
                        "article OLD_ID (keeps its id, tags, provisions and, as outdated, its "
                        "Tibetan): for a near miss the summary lists; repeatable")
    # Q: the Tibetan of a bilingual document, and Traditional-Chinese sources
    p.add_argument("--bo-status", choices=["draft", "reviewed"], default="draft",
                   help="status of the Tibetan a bilingual document brings (default: draft; "
                        "reviewed when the adopted document itself is the reviewed translation, "
                        "with --reviewer)")
    p.add_argument("--reviewer", default=None, metavar="ROLE",
                   help=f"with --bo-status reviewed: the reviewing office's role, one of "
                        f"{', '.join(REVIEWER_ROLES)}")
    p.add_argument("--from-traditional", action="store_true",
                   help="the document is in Traditional Chinese: convert it to Simplified (OpenCC)")
    p.add_argument("--insert-into-history", action="store_true",
                   help="allow a date before the village's latest revision (a revision adopted "
                        "earlier and filed late); without it such a date is refused as a typo")
    return p


def main(argv: list[str]) -> int:
    """`python build.py import ...` with argv the words after `import`; returns the exit code."""
    args = parse_args(parser(), argv)
    if isinstance(args, int):  # --help, or a usage error argparse already printed
        return args
    try:
        return run(args)
    except ImportFailed as e:
        print(printable(f"import refused: {e}", lines=True), file=sys.stderr)
        return 1


@dataclass
class Prepared:
    """Everything the import would write, before anything is written."""

    village_id: str
    target: Path
    shown: str
    source: Source
    parsed: Parsed
    history: History
    title: str
    kind: str
    plan: Plan
    notes: list[str]
    carried: Carried
    content: str  # the revision YAML
    origin: dict[int, int]  # YAML line -> source line
    problems: list  # the data folder's problems before the import
    same: tuple  # its Chinese, normalised (datafolder.content)


def run(args: argparse.Namespace) -> int:
    if args.date is None or args.revision is not None:  # Q2: the Tibetan of a revision
        return tibetanonly.run(args)
    p = prepare(args)
    compared = p.history.previous  # the revision it follows (the latest, unless inserted)
    if compared and p.history.contents.get(compared) == p.same:
        raise ImportFailed(f"{p.source.name} is identical to {compared} (the Chinese of the "
                           "title, chapters, articles, preamble and closing, after normalising "
                           "spaces and punctuation): there is nothing to adopt. A correction of "
                           "the Tibetan goes into that revision's file, not into a new revision")
    before = {str(x) for x in p.problems}
    new = write_validated(p.target, p.content,
                          lambda: [x for x in problems_of(args.data) if str(x) not in before])
    if new:
        print(printable(f"import failed: {p.shown} would not validate, so it was removed again:"),
              file=sys.stderr)
        for x in new:
            where = f" (from {p.source.unit} {p.origin[x.line]} of {p.source.name})" \
                if x.path == p.shown and x.line in p.origin else ""
            print(f"  {x}{printable(where)}", file=sys.stderr)
        print("fix these in the document (or give other options) and import again", file=sys.stderr)
        return 1

    # The summary repeats the document (title, lines not placed): escaped like every message.
    print(printable(summary(p.source, p.parsed, p.plan, p.history, p.title, p.kind, p.shown,
                            p.notes, carry_summary(p.carried, p.plan), p.village_id), lines=True))
    if before:
        print(f"note: the data folder already had {len(before)} problem(s) before this import, "
              "not caused by it: run python build.py --check")
    return 0


def prepare(args: argparse.Namespace) -> Prepared:
    """Check the options, read the document and the village's history, and make the revision
    file's text; nothing is written (`run` refuses an identical text, then writes)."""
    root: Path = args.data
    when: str = args.date
    if not DATE_PATTERN.match(when):
        raise ImportFailed(f"--date '{when}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")
    try:
        date.fromisoformat(when)
    except ValueError:
        raise ImportFailed(f"--date {when} does not exist: check the day and month") from None
    village = find_village(root, args.village)
    body = clean(args.body)[0]
    if not body:
        raise ImportFailed("--body is empty: name the adopting meeting, e.g. 村民代表大会")
    folder = root / VILLAGES / village.id
    target = folder / f"{when}.yaml"
    if target.exists():
        raise ImportFailed(f"{target} already exists: a revision is never overwritten; adopt a "
                           "new revision under another date, or delete the file first if it was "
                           "an import that is not published")

    if args.bo_status == "reviewed" and args.reviewer not in REVIEWER_ROLES:  # Q
        raise ImportFailed(f"--bo-status reviewed needs --reviewer ROLE, the reviewing office's "
                           f"role (never a person's name), one of: {', '.join(REVIEWER_ROLES)}")
    source = read_source(args.file, args.from_traditional)
    parsed = parse(source)
    if parsed.layout == TIBETAN_ONLY:  # Q: see structure.tibetan_only_advice
        raise ImportFailed(tibetan_only_advice(source))
    count = sum(len(c.articles) for c in parsed.chapters)
    if not count:
        raise ImportFailed(f"{source.name}: no articles found; the importer recognises 第X条 "
                           "articles, or articles numbered 1. 1、 （1） or 一、")
    history = read_history(folder, when)
    confirmed = parse_confirm(args.confirm)
    if history.latest and when < history.latest and not args.insert_into_history:
        raise ImportFailed(f"--date {when} is before the village's latest revision "
                           f"({history.latest}): check the date; if a revision adopted then was "
                           "really never filed, import it with --insert-into-history (the "
                           f"revision of {history.following} will then compare against it)")
    kind = args.kind or ("revision" if history.previous else "initial")
    notes = list(parsed.notes) + warnings(source.lines, source.unit)  # Q: OCR noise, fonts
    if history.unreadable:
        notes.append(f"could not read {', '.join(history.unreadable)} to keep article ids")
    title = parsed.title
    if title is None:
        suffix = "居民公约" if village.kind == "residents_committee" else "村规民约"
        title = history.previous_title or f"{village.name}{suffix}"
        notes.append(f"no title line found: the title is {title}")
    plan = assign_ids(parsed, history, when, source.paragraphs, confirmed)
    if history.following:
        notes.append(f"inserted into history (--insert-into-history): between "
                     f"{history.previous or 'the beginning'} and {history.following}; ids of "
                     f"articles new since {history.previous or 'then'} but in {history.following} "
                     f"are taken from {history.following}: {plan.from_following}")
    preamble, closing = _preamble_closing(parsed)
    county, problems = load_county(root)
    carried = carried_for(county, village.id, when, plan, title, body, preamble, closing)
    text, origin = revision_yaml(village.id, when, kind, body, title, source.name, plan,
                                 date.today().isoformat(), carried, parsed,
                                 SourceTibetan(args.bo_status, args.reviewer, when),
                                 source.paragraphs)
    same = content(title, preamble or "",
                   [(ctitle, [t for _, t, _, _ in articles]) for _, ctitle, articles in plan.chapters],
                   list(closing))
    return Prepared(village.id, target, shown_path(target, root), source, parsed, history, title,
                    kind, plan, notes, carried, text, origin, problems, same)


def _preamble_closing(parsed: Parsed) -> tuple[str | None, tuple[str, ...]]:
    """The Chinese of the document's preamble and closing lines, when the reader found them."""
    return (parsed.preamble.zh if parsed.preamble else None), tuple(c.zh for c in parsed.closing)


def summary(source: Source, parsed: Parsed, plan: Plan, history: History, title: str, kind: str,
            shown: str, notes: list[str], carried: str = "", village_id: str = "") -> str:
    count = sum(len(a) for _, _, a in plan.chapters)
    lines = [f"read {source.name} as {source.how}: {len(source.lines)} non-empty "
             f"{source.unit}s, articles numbered {NUMBERING_NAMES[parsed.numbering]}"]
    if parsed.layout != CHINESE_ONLY:  # Q: a bilingual document
        lines.append(f"bilingual layout: {parsed.layout}")
    if source.converted is not None:  # Q: --from-traditional
        lines.append(f"converted {source.converted} character(s) from Traditional to Simplified "
                     "Chinese (OpenCC t2s)")
    if parsed.title_no is not None:
        lines.append(f"title ({source.unit} {parsed.title_no}): {title}")
    else:
        lines.append(f"title: {title}")
    chapters = len(plan.chapters) if parsed.has_chapters else 0
    lines.append(f"wrote {shown} (kind {kind}, sample: false): "
                 f"{chapters} chapter{'s' if chapters != 1 else ''}"
                 f"{'' if parsed.has_chapters else ' (one chapter 正文, id main)'}, "
                 f"{count} article{'s' if count != 1 else ''}")
    if history.previous:
        lines.append(f"ids kept from the revision of {history.previous}: {plan.kept} of {count} "
                     f"articles, {plan.kept_chapters} of {len(plan.chapters)} chapters")
        for _, _, articles in plan.chapters:
            for aid, _, no, how in articles:
                if how:
                    lines.append(f"  {aid} ({source.unit} {no}): {how}")
        lines.append(f"near misses (similarity {NEAR:.2f} to {KEEP:.2f}, given a new id): "
                     f"{len(plan.near)}" + (" — if an article continues the old one, import "
                                            "again with --confirm OLD_ID=NUMBER" if plan.near else ""))
        for miss in plan.near:
            lines.append(f"  article {miss.number} ({miss.new_id}) may continue {miss.old_id}: "
                         f"similarity {miss.ratio:.2f}; --confirm {miss.old_id}={miss.number}")
    else:
        lines.append("ids kept from a previous revision: 0 (the village has none before this date)")
    lines.append(f"lines not placed: {len(parsed.unplaced)}" + (
        " (nothing from them was imported; check them against the document)"
        if parsed.unplaced else ""))
    for u in parsed.unplaced:
        text = u.text if len(u.text) <= 40 else u.text[:39] + "…"
        lines.append(f"  {source.unit} {u.no}: {text} — {u.why}")
    if source.removed:
        lines.append(f"removed {source.removed} invisible character(s) (zero-width spaces, "
                     "direction marks)")
    for note in notes:
        lines.append(f"note: {note}")
    if carried:  # what the new revision kept of the previous one's translation and tags
        lines.append(carried)
    lines.append("validated: the data folder loads with the new revision. Check it against the "
                 "document, then have what is missing or outdated translated: python build.py "
                 f"translations export --village {village_id} --out {village_id}.xlf")
    return "\n".join(lines)
