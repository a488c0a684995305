"""The folder villages/: one folder per village of divisions.yaml, one file per revision.

Which files are revisions is decided here (their names); each is read by revisions.py.
"""
from __future__ import annotations

from .. import model as m
from ..limits import MAX_REVISIONS
from ..paths import REVISION_NAME, VILLAGES
from ..problems import Problem
from .divisions import Divisions
from .revisions import RevisionReader
from .source import Source


def read_regulations(source: Source, divisions: Divisions, phrase_ids: set[str],
                     points: m.PointsRules | None) -> dict[str, m.Regulation]:
    """Village id -> its regulation (its revisions in date order), for every village folder."""
    problems = source.problems
    villages = divisions.villages
    reader = RevisionReader(source, phrase_ids, points)
    folder = source.root / VILLAGES
    out: dict[str, m.Regulation] = {}
    if not folder.is_dir():
        problems.append(Problem(source.shown(folder), 1, "folder is missing",
                                "create regulations/villages/<village-id>/", "missing-file"))
        return out
    for stray in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        problems.append(Problem(
            source.shown(stray), 1, "file directly in regulations/villages/",
            "revision files go into their village's folder: villages/<village-id>/",
            "file-name"))
    for vdir in sorted(p for p in folder.iterdir() if p.is_dir()):
        shown = source.shown(vdir)
        if vdir.name not in villages:
            problems.append(Problem(
                shown, 1, f"folder '{vdir.name}' is not a village in divisions.yaml",
                "rename it to a village id from divisions.yaml", "unknown-village"))
            continue
        revisions = []
        for path in sorted(vdir.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_dir():
                problems.append(Problem(
                    source.shown(path), 1, "folder inside a village folder",
                    "keep only YYYY-MM-DD.yaml revision files in a village's folder",
                    "file-name"))
                continue
            match = REVISION_NAME.match(path.name)
            if not match:
                problems.append(Problem(
                    source.shown(path), 1, f"'{path.name}' is not named as a revision",
                    "name revision files by adoption date: YYYY-MM-DD.yaml", "file-name"))
                continue
            revision = reader.read(path, vdir.name, match.group(1))
            if revision:
                revisions.append(revision)
        if not revisions:
            if not any(REVISION_NAME.match(p.name) for p in vdir.iterdir()):
                problems.append(Problem(
                    shown, 1, f"village folder '{vdir.name}' has no revision",
                    "add its regulation as YYYY-MM-DD.yaml or delete the folder",
                    "empty-village"))
            continue
        _check_order(revisions, reader.kind_lines, problems)
        _check_in_force(revisions, reader.in_force_lines, problems)
        if len(revisions) > MAX_REVISIONS:  # the site compares every pair of them
            problems.append(Problem(
                shown, 1, f"village folder '{vdir.name}' has {len(revisions)} revisions, over "
                f"the limit of {MAX_REVISIONS}", "a village adopts a revision every few years; "
                "check for copies of the same revision under other dates", "too-many-revisions"))
        out[vdir.name] = m.Regulation(villages[vdir.name], tuple(revisions))
    for vid in villages:
        if vid not in out and not (folder / vid).is_dir():
            problems.append(Problem(
                divisions.path, divisions.village_lines.get(vid, 1),
                f"village '{vid}' has no regulation folder",
                f"create regulations/villages/{vid}/ with its revisions", "missing-village"))
    return out


def _check_order(revisions: list[m.Revision], kind_lines: dict[str, int],
                 problems: list[Problem]) -> None:
    """File names order the revisions (each name is its date); kinds must agree."""
    for r in revisions[1:]:
        if r.kind == "initial":
            problems.append(Problem(
                r.source, kind_lines.get(r.source, 1), f"kind 'initial' on {r.adopted}, after the "
                f"revision of {revisions[0].adopted}", "only the oldest revision is 'initial': use "
                "'revision' or 'review', or check the adopted date", "revision-order"))


def _check_in_force(revisions: list[m.Revision], lines: dict[str, int],
                    problems: list[Problem]) -> None:
    """Each revision takes effect after the one before it: a later revision stated to take
    effect on or before its predecessor's date would leave that one never in force."""
    for before, r in zip(revisions, revisions[1:]):
        if r.in_force_from <= before.in_force_from:
            source, line = ((r.source, lines.get(r.source, 1)) if r.in_force
                            else (before.source, lines.get(before.source, 1)))
            problems.append(Problem(
                source, line, f"the revision of {r.adopted} takes effect on {r.in_force_from}, "
                f"not after the revision of {before.adopted} ({before.in_force_from})",
                "each revision takes effect after the one before it: check the in_force dates",
                "date-order"))
