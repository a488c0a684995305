"""The run the readers share: where problems and warnings go, and opening a file strictly."""
from __future__ import annotations

from pathlib import Path

from yaml.nodes import Node

from ..fields import Context
from ..problems import Problem
from ..yamlsource import read_with_digest


class Source:
    """The data folder `root` of one load, with every problem and warning found so far."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # reported, but the data still loads
        # Terms a reviewed text must use (glossary.py): set once glossary.yaml is read, before
        # the revisions, so that their texts are checked as they are read.
        self.glossary: tuple = ()
        # Paths in messages are relative to the folder that holds regulations/.
        self.base = root.resolve().parent

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.base).as_posix()
        except ValueError:
            return path.as_posix()

    def open(self, path: Path) -> tuple[Node | None, Context]:
        """The file's YAML node (None if it is missing or broken: reported) and its context."""
        ctx = Context(self.shown(path), self.problems)
        ctx.digest = ""
        ctx.warnings = self.warnings
        ctx.glossary = self.glossary
        if not path.is_file():
            ctx.report(1, "file is missing", f"create {path.name} (see regulations/README.md)",
                       "missing-file")
            return None, ctx
        node, found, ctx.digest = read_with_digest(path, ctx.path)
        self.problems.extend(found)
        return node, ctx

    def open_optional(self, name: str) -> tuple[Node | None, Context] | None:
        """Like `open` for a file the data may leave out: None when there is no such path."""
        path = self.root / name
        if not path.exists():
            return None
        return self.open(path)
