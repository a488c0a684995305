"""`python build.py import <file> --village <id> --date <YYYY-MM-DD>`: the command, its checks
of the options, and the summary it prints. The steps are the package's modules, in order:
sources -> structure -> ids -> carry -> writing, then `load()` validates the data folder.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from datetime import date
from pathlib import Path

from .. import model as m
from ..fields import DATE_PATTERN, ID_PATTERN
from ..load import load
from ..paths import DIVISIONS, VILLAGES
from ..problems import DataError, printable
from .carry import carried_for, carry_summary
from .datafolder import History, read_history, read_villages
from .errors import ImportFailed
from .ids import Plan, assign_ids
from .sources import Source, clean, read_source
from .structure import NUMBERING_NAMES, Parsed, parse
from .writing import revision_yaml, write_validated

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
    p.add_argument("--date", required=True, help="the adoption date, YYYY-MM-DD")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="data folder (default: the project's regulations/)")
    p.add_argument("--kind", choices=["revision", "initial", "review"], default=None,
                   help="default: initial for the village's first revision, else revision")
    p.add_argument("--body", default=DEFAULT_BODY, help=f"the adopting meeting (default: {DEFAULT_BODY})")
    return p


def main(argv: list[str]) -> int:
    """`python build.py import ...` with argv the words after `import`; returns the exit code."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # --help, or a usage error argparse already printed
        return int(e.code or 0)
    try:
        return run(args)
    except ImportFailed as e:
        print(printable(f"import refused: {e}"), file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    root: Path = args.data
    when: str = args.date
    if not DATE_PATTERN.match(when):
        raise ImportFailed(f"--date '{when}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")
    try:
        date.fromisoformat(when)
    except ValueError:
        raise ImportFailed(f"--date {when} does not exist: check the day and month") from None
    villages = read_villages(root)
    village = villages.get(args.village)
    if village is None:
        by_name = [v.id for v in villages.values() if v.name and v.name == args.village]
        close = by_name or difflib.get_close_matches(args.village, list(villages), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ImportFailed(f"--village '{args.village}' is not a village id in "
                           f"{root / DIVISIONS}{hint}")
    if not ID_PATTERN.match(village.id):
        raise ImportFailed(f"village id '{village.id}' in divisions.yaml is not a valid id")
    body = clean(args.body)[0]
    if not body:
        raise ImportFailed("--body is empty: name the adopting meeting, e.g. 村民代表大会")
    folder = root / VILLAGES / village.id
    target = folder / f"{when}.yaml"
    if target.exists():
        raise ImportFailed(f"{target} already exists: a revision is never overwritten; adopt a "
                           "new revision under another date, or delete the file first if it was "
                           "an import that is not published")

    source = read_source(args.file)
    parsed = parse(source)
    count = sum(len(c.articles) for c in parsed.chapters)
    if not count:
        raise ImportFailed(f"{source.name}: no articles found; the importer recognises 第X条 "
                           "articles, or articles numbered 1. 1、 （1） or 一、")
    history = read_history(folder, when)
    kind = args.kind or ("revision" if history.previous else "initial")
    notes = list(parsed.notes)
    if history.unreadable:
        notes.append(f"could not read {', '.join(history.unreadable)} to keep article ids")
    title = parsed.title
    if title is None:
        suffix = "居民公约" if village.kind == "residents_committee" else "村规民约"
        title = history.previous_title or f"{village.name}{suffix}"
        notes.append(f"no title line found: the title is {title}")
    plan = assign_ids(parsed, history, when, source.paragraphs)
    county, problems = load_county(root)
    carried = carried_for(county, village.id, when, plan, title, body)
    content, origin = revision_yaml(village.id, when, kind, body, title, source.name, plan,
                                    date.today().isoformat(), carried)

    before = {str(p) for p in problems}
    shown = shown_path(target, root)
    new = write_validated(target, content,
                          lambda: [p for p in problems_of(root) if str(p) not in before])
    if new:
        print(printable(f"import failed: {shown} would not validate, so it was removed again:"),
              file=sys.stderr)
        for p in new:
            where = f" (from {source.unit} {origin[p.line]} of {source.name})" \
                if p.path == shown and p.line in origin else ""
            print(f"  {p}{printable(where)}", file=sys.stderr)
        print("fix these in the document (or give other options) and import again", file=sys.stderr)
        return 1

    # The summary repeats the document (title, lines not placed): escaped like every message.
    print(printable(summary(source, parsed, plan, history, title, kind, shown, notes,
                            carry_summary(carried, plan), village.id), lines=True))
    if before:
        print(f"note: the data folder already had {len(before)} problem(s) before this import, "
              "not caused by it: run python build.py --check")
    return 0


def summary(source: Source, parsed: Parsed, plan: Plan, history: History, title: str, kind: str,
            shown: str, notes: list[str], carried: str = "", village_id: str = "") -> str:
    count = sum(len(a) for _, _, a in plan.chapters)
    lines = [f"read {source.name} as {source.how}: {len(source.lines)} non-empty "
             f"{source.unit}s, articles numbered {NUMBERING_NAMES[parsed.numbering]}"]
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
