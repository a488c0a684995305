"""The loader's Tibetan check: syllables that cannot be Tibetan and shad faults in a `bo` text.

A fault in a text nobody has reviewed yet (a `draft` or `outdated` translation, an `unverified`
name) is a warning: the build goes on and prints it. In a `reviewed` translation or a
`published` name it is an error, so a reviewed text never reaches the site with a syllable a
reader would stumble on. The rules themselves live in tibetan.py.
"""
from __future__ import annotations

from typing import NamedTuple

from yaml.nodes import Node

from . import tibetan
from .problems import Problem
from .yamlsource import line_of

# Statuses whose text a reviewer vouched for: a fault there stops the build.
STRICT = ("reviewed", "published")

SYLLABLE_HINT = ("add the missing tsheg or correct the spelling; a loan syllable written so "
                 "on purpose goes into tibetan.LOANS")
SHAD_HINT = "see the shad rules in regulations/README.md"


class Fault(NamedTuple):
    """One fault of a `bo` text; a NamedTuple, so that `message, hint, rule = fault` still works
    (and tests/test_rules_documented.py reads the rule names where faults are made)."""
    message: str
    hint: str
    rule: str


def check_bo(ctx, node: Node | int, where: str, bo: str, status: str | None) -> None:
    """Report every impossible syllable and shad fault of `bo` (the text of `where` at `node`),
    as errors into ctx.problems for a reviewed text, else as warnings into ctx.warnings (a
    context without a warning list, made outside the loader, keeps only the errors)."""
    found = faults(bo)
    if not found:
        return
    line = node if isinstance(node, int) else line_of(node)
    if status in STRICT:
        out = ctx.problems
    else:
        out = getattr(ctx, "warnings", None)
        if out is None:
            return
    for fault in found:
        out.append(Problem(ctx.path, line, f"{where}: 'bo' {fault.message}", fault.hint,
                           fault.rule))


def faults(bo: str) -> list[Fault]:
    """Each fault of the Tibetan text `bo`, in text order."""
    found: list[tuple[int, Fault]] = []
    for syllable, at in tibetan.impossible_syllables(bo):
        reason = tibetan.check_syllable(syllable)
        found.append((at, Fault(f"has '{syllable}' in '{_around(bo, at, syllable)}', which "
                                f"cannot be a Tibetan syllable: {reason}", SYLLABLE_HINT,
                                "tibetan-syllable")))
    for what, at in tibetan.punctuation_problems(bo):
        found.append((at, Fault(f"has {what}", SHAD_HINT, "tibetan-shad")))
    return [fault for _, fault in sorted(found)]


def _around(text: str, at: int, syllable: str) -> str:
    """The syllable with its neighbours, enough to find it in a long text with an editor."""
    start = max(text.rfind(tibetan.TSHEG, 0, max(at - 1, 0)), text.rfind(" ", 0, at), 0)
    end = text.find(tibetan.TSHEG, at + len(syllable) + 1)
    end = len(text) if end < 0 else end
    return text[start:end].strip(tibetan.TSHEG + " ")
