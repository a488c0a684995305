"""What build.py runs besides a build: the data check, and recording the lock.

Each prints its report and returns the exit status.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from .load import DataError, load
from .model import County


def parse_args(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """The words of a subcommand parsed, or the exit code when argparse already answered
    (`--help`, or a usage error it printed): `build.py import`, `export`, `translations`."""
    try:
        return parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)


def print_warnings(county: County) -> None:
    """The data's warnings (problems that do not stop the build, e.g. a Tibetan syllable in a
    draft), one `warning: path:line: ...` line each, then a count by rule."""
    for problem in county.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    if county.warnings:
        n = len(county.warnings)
        rules = Counter(p.rule for p in county.warnings)
        by_rule = ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items()))
        print(f"{n} warning{'s' if n != 1 else ''} ({by_rule})", file=sys.stderr)


def check(data_dir: Path, posters: bool = True, verbose: bool = False) -> int:
    from .lock import translation_report

    started = time.monotonic()
    try:
        county = load(data_dir)
        if posters:  # every character a poster prints is in the poster fonts
            from .posters import check_fonts
            check_fonts(county, data_dir)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    for notice in county.notices:
        print(notice)
    for line in translation_report(county.translation_changes, verbose):
        print(line)
    print_warnings(county)
    revisions = sum(len(r.revisions) for r in county.regulations.values())
    print(f"ok: {len(county.townships)} townships, {len(county.villages)} villages, "
          f"{len(county.regulations)} regulations, {revisions} revisions, "
          f"{len(county.phrases)} phrases ({time.monotonic() - started:.2f} s)")
    return 0


def migrate_lock(data_dir: Path) -> int:
    """Rewrite published.lock in the current format; each entry only if its file still has the
    SHA-256 the lock recorded (regpub.lock.migrate), so no unverified edit is blessed."""
    from .lock import LOCK_NAME, SUM_NAME, migrate

    try:
        county = load(data_dir, verify_lock=False)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    withdrawn = {w.file for w in county.withdrawals}
    count, problems = migrate(data_dir, data_dir.name, county, withdrawn)
    if problems:
        print(DataError(problems).report().replace("nothing was built", f"{LOCK_NAME} left as it was"),
              file=sys.stderr)
        return 1
    print(f"{LOCK_NAME} rewritten: {count} entries, each checked against its file; {SUM_NAME} written")
    return check(data_dir, posters=False)


def lock_revisions(data_dir: Path) -> int:
    from .lock import LOCK_NAME, write_lock

    done = write_lock(data_dir, load(data_dir))
    for key in done.added:
        print(f"locked {key}")
    for key in done.corrected:  # its Tibetan may now change again without a new correction
        print(f"recorded the correction of {key}")
    if done.translated:  # the check stops listing them
        n = len(done.translated)
        print(f"recorded Tibetan translation changes in {n} revision{'s' if n != 1 else ''}")
    added = done.added
    print(f"{len(added)} revision{'s' if len(added) != 1 else ''} added to {LOCK_NAME}")
    return 0
