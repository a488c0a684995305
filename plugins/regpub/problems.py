"""Problems found in the data, reported as `path:line: what is wrong (how to fix) [rule]`."""
from __future__ import annotations

from dataclasses import dataclass


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
        return f"{self.path}:{self.line}: {self.message}{hint}{rule}"


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
