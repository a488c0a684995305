"""Load `regulations/` into the model, collecting every problem of the run.

`load(root)` returns a `County` or raises `DataError` listing all problems at once, each as
`path:line: what is wrong (how to fix) [rule]`. This module only says which files are read, in
which order; one reader per kind of file (readers/) reads each.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import glossary, lock
from . import model as m
from .problems import DataError
from .readers.divisions import read_divisions
from .readers.phrases import read_phrases
from .readers.points import read_points
from .readers.records import read_corrections, read_withdrawals
from .readers.source import Source
from .readers.supervision import read_supervision
from .readers.text import text
from .readers.villages import read_regulations


def load(root: Path | str, verify_lock: bool = True) -> m.County:
    """`verify_lock=False` is for `build.py lock --migrate` only, which verifies it itself."""
    root = Path(root)
    source = Source(root)
    county = _county(source)
    if county is not None:
        corrections, withdrawals = read_corrections(source), read_withdrawals(source)
        if verify_lock:
            county = lock.check(root, source.shown(root), county, corrections, withdrawals,
                                source.problems)
        else:
            county = replace(county, withdrawals=tuple(withdrawals))
    if source.problems or county is None:
        raise DataError(source.problems)
    # Warnings do not stop the build: the build prints them and the dashboard counts them.
    return replace(county, warnings=tuple(sorted(set(source.warnings))))


def _county(source: Source) -> m.County | None:
    divisions = read_divisions(source)
    phrases = read_phrases(source)  # read even without divisions: its problems are reported too
    if divisions is None:
        return None
    villages = divisions.villages
    points = read_points(source)
    # Before the revisions: a reviewed text is checked against the glossary as it is read.
    names = [(t.id, t.name) for t in divisions.townships] + \
        [(v.id, v.name) for v in villages.values()]
    source.glossary = _glossary(source, names, phrases.phrases, points)
    regulations = read_regulations(source, divisions, {p.id for p in phrases.phrases}, points)
    supervision = read_supervision(source, regulations, set(villages))  # names their articles
    county = m.County(divisions.code, divisions.name, divisions.pinyin, divisions.townships,
                      phrases.themes, phrases.phrases, regulations, phrases.sample, points,
                      supervision)
    return replace(county, glossary=source.glossary)


def _glossary(source: Source, names: list[tuple[str, m.Name]], phrases: tuple[m.Phrase, ...],
              points: m.PointsRules | None) -> tuple[glossary.Term, ...]:
    """glossary.yaml, optional: no file, no terms."""
    opened = source.open_optional(glossary.GLOSSARY_NAME)
    if opened is None:
        return ()
    node, ctx = opened
    return glossary.read(node, ctx, text, names, phrases, points)


__all__ = ["load", "DataError"]
