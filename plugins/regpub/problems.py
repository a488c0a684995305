"""Problems found in the data, reported as `path:line: what is wrong (how to fix) [rule]`."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# What a terminal would act on or hide instead of showing: control characters (ESC starts the
# sequences that retitle a window or clear the screen, BEL rings), invisible format characters
# (direction overrides such as U+202E, zero-width characters, byte-order marks), line and
# paragraph separators, lone surrogates.
_UNSHOWN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def _shown(ch: str) -> str:
    if unicodedata.category(ch) not in _UNSHOWN:
        return ch
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"<U+{ord(ch):04X}>"


def printable(text: str, lines: bool = False) -> str:
    """`text` safe to print on a terminal: controls as `\\x1b`, invisible characters as `<U+202E>`.

    Every message that can repeat data (a value, a file name, a line of an imported document)
    goes through here before it is printed, so that the data cannot drive the reader's terminal.
    With lines=True the line breaks of a multi-line report stay.
    """
    if lines:  # a report of several lines: keep its line breaks, escape within each line
        return "\n".join(printable(line) for line in text.split("\n"))
    if text.isprintable():  # the common case; False also for spaces other than ' ' (U+3000)
        return text
    return "".join(_shown(ch) for ch in text)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""
    rule: str = ""

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        rule = f" [{self.rule}]" if self.rule else ""
        return printable(f"{self.path}:{self.line}: {self.message}{hint}{rule}")


class DataError(Exception):
    """The data did not validate; `problems` holds every problem found in the run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was built.")
        return "\n".join(lines)
