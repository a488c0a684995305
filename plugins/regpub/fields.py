"""Typed, line-aware access to one YAML mapping, recording a problem for each bad value.

The loader asks for each field by name and type; whatever it did not ask for is reported as an
unknown field by `done()`. Every rule has a name (the `[rule]` at the end of a message).
Every scalar handed out (a text, id, date, number, flag or list item) has passed the content
guards of guards.py first: no field can skip them.
"""
from __future__ import annotations

import re
from datetime import date

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .guards import check_text
from .problems import Problem
from .yamlsource import line_of

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# ASCII digits only: full-width digits typed on a Chinese keyboard are not dates or numbers.
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INT_PATTERN = re.compile(r"^[+-]?[0-9]+$")
# Size limits, reported like any rule. Ids become folder names, URLs and anchors (a file name
# holds at most 255 bytes); numbers are head-counts, votes and points (Python's int() refuses
# more than 4,300 digits with an exception); the longest shipped text is about 700 characters.
MAX_ID = 64  # characters
MAX_DIGITS = 9  # a count of a village's people or a number of points never reaches 10**9
MAX_TEXT = 10_000  # characters in one text: a few pages of an article, far more than any needs

TYPE_NAMES = {ScalarNode: "a single value", MappingNode: "a mapping (key: value lines)",
              SequenceNode: "a list (lines starting with '- ')"}


def is_plain(node: ScalarNode) -> bool:
    """Unquoted in the file (PyYAML's Python parser says None, libyaml's says '')."""
    return not node.style


class Context:
    """Where problems go, and the file they belong to."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems

    def report(self, node_or_line: Node | int, message: str, hint: str, rule: str) -> None:
        line = node_or_line if isinstance(node_or_line, int) else line_of(node_or_line)
        self.problems.append(Problem(self.path, line, message, hint, rule))


def expect(ctx: Context, node: Node, kind: type, what: str) -> bool:
    if isinstance(node, kind):
        return True
    ctx.report(node, f"{what} must be {TYPE_NAMES[kind]}, found {TYPE_NAMES[type(node)]}",
               "check the indentation and the '- ' list markers", "wrong-type")
    return False


def too_long_id(ctx: Context, node: Node, value: str, where: str) -> bool:
    """Report an id over MAX_ID characters (without repeating all of it); True if it is."""
    if len(value) <= MAX_ID:
        return False
    ctx.report(node, f"{where}: id '{value[:20]}…' is {len(value):,} characters long, over the "
               f"{MAX_ID} limit", "use a short id of a few words, e.g. grassland-rotation",
               "bad-id")
    return True


class Fields:
    def __init__(self, node: MappingNode, ctx: Context, where: str):
        self.node = node
        self.ctx = ctx
        self.where = where
        self.values = {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}
        self.used: set[str] = set()

    @classmethod
    def of(cls, node: Node, ctx: Context, where: str) -> "Fields | None":
        return cls(node, ctx, where) if expect(ctx, node, MappingNode, where) else None

    @property
    def line(self) -> int:
        return line_of(self.node)

    def has(self, name: str) -> bool:
        return name in self.values

    def node_of(self, name: str, required: bool) -> Node | None:
        self.used.add(name)
        if name in self.values:
            value = self.values[name][1]
            if isinstance(value, ScalarNode) and value.tag.endswith(":null") and is_plain(value) \
                    and value.value in ("", "~", "null", "Null", "NULL"):
                if required:
                    self.ctx.report(value, f"{self.where}: '{name}' is empty",
                                    f"give '{name}' a value", "missing-field")
                return None
            return value
        if required:
            self.ctx.report(self.node, f"{self.where}: required field '{name}' is missing",
                            f"add '{name}:' to this mapping", "missing-field")
        return None

    def scalar(self, name: str, required: bool = True) -> ScalarNode | None:
        """The field's value node, guarded (see `guarded`): every typed access goes through here."""
        node = self.node_of(name, required)
        if node is None or not expect(self.ctx, node, ScalarNode, f"{self.where}: '{name}'"):
            return None
        return self.guarded(node, f"{self.where}: '{name}'")

    def guarded(self, node: ScalarNode, what: str) -> ScalarNode | None:
        """Every scalar the loader accepts passes the content guards (guards.py), whatever its
        field: a value holding personal data is reported and dropped, so that no other message
        repeats it; a control character is reported and the value kept for the other checks."""
        return node if check_text(self.ctx, node, node.value, what) else None

    def text(self, name: str, required: bool = True) -> str | None:
        node = self.scalar(name, required)
        if node is None:
            return None
        value = node.value.strip()
        if not value:
            if required:
                self.ctx.report(node, f"{self.where}: '{name}' is empty", f"write the {name}",
                                "missing-field")
            return None
        if len(value) > MAX_TEXT:
            self.ctx.report(node, f"{self.where}: '{name}' is {len(value):,} characters long, "
                            f"over the {MAX_TEXT:,} limit", "split it into several articles, or "
                            "check that two texts were not pasted into one", "text-too-long")
            return None
        return value

    def id(self, name: str = "id", required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and too_long_id(self.ctx, self.values[name][1], value, self.where):
            return None
        if value is not None and not ID_PATTERN.match(value):
            self.ctx.report(self.values[name][1], f"{self.where}: id '{value}' is not a valid id",
                            "use lowercase letters a-z, digits and '-', starting with a letter "
                            "or digit, e.g. grassland-rotation", "bad-id")
            return None
        return value

    def unique_id(self, seen: dict[str, int], what: str, rule: str = "duplicate-id") -> str | None:
        """The mapping's id, or None if it is invalid or already used by another `what`."""
        value = self.id()
        if value is None:
            return None
        line = line_of(self.values["id"][1])
        if value in seen:
            self.ctx.report(line, f"{what} id '{value}' is used twice (also line {seen[value]})",
                            f"give each {what} its own id", rule)
            return None
        seen[value] = line
        return value

    def choice(self, name: str, choices: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and value not in choices:
            self.ctx.report(self.values[name][1], f"{self.where}: '{name}' is '{value}'",
                            f"use one of: {', '.join(choices)}", "bad-choice")
            return None
        return value

    def date(self, name: str, required: bool = True) -> date | None:
        node = self.scalar(name, required)
        if node is None:
            return None
        if not DATE_PATTERN.match(node.value):
            self.ctx.report(node, f"{self.where}: '{name}' is '{node.value}', not a date",
                            "write dates as YYYY-MM-DD, e.g. 2025-06-18", "bad-date")
            return None
        try:
            return date.fromisoformat(node.value)
        except ValueError:
            self.ctx.report(node, f"{self.where}: '{name}' {node.value} does not exist",
                            "check the day and month", "bad-date")
            return None

    def int(self, name: str, required: bool = True, minimum: int | None = 0,
            maximum: int | None = None) -> int | None:
        node = self.scalar(name, required)
        if node is None:
            return None
        if not is_plain(node) or not INT_PATTERN.match(node.value):
            self.ctx.report(node, f"{self.where}: '{name}' is '{node.value}', not a whole number",
                            "write a number without quotes, e.g. 42", "wrong-type")
            return None
        digits = len(node.value.lstrip("+-"))
        if digits > MAX_DIGITS:
            self.ctx.report(node, f"{self.where}: '{name}' has {digits:,} digits, out of range",
                            f"use a number of at most {MAX_DIGITS} digits", "out-of-range")
            return None
        value = int(node.value)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"from {minimum}" + (f" to {maximum}" if maximum is not None else " up")
            self.ctx.report(node, f"{self.where}: '{name}' is {value}, out of range",
                            f"use a number {bounds}", "out-of-range")
            return None
        return value

    def bool(self, name: str, required: bool = True) -> bool | None:
        node = self.scalar(name, required)
        if node is None:
            return None
        if is_plain(node) and node.value in ("true", "false"):
            return node.value == "true"
        self.ctx.report(node, f"{self.where}: '{name}' is '{node.value}', not true or false",
                        "write true or false without quotes", "wrong-type")
        return None

    def mapping(self, name: str, required: bool = True) -> "Fields | None":
        node = self.node_of(name, required)
        if node is None:
            return None
        return Fields.of(node, self.ctx, f"{self.where} > {name}")

    def list(self, name: str, required: bool = True) -> list[Node]:
        node = self.node_of(name, required)
        if node is None or not expect(self.ctx, node, SequenceNode, f"{self.where}: '{name}'"):
            return []
        return list(node.value)

    def scalars(self, name: str) -> list[ScalarNode]:
        """The guarded items of an optional list of single values (ids, aliases)."""
        out = []
        for item in self.list(name, required=False):
            what = f"{self.where}: an item of '{name}'"
            if expect(self.ctx, item, ScalarNode, what) and self.guarded(item, what):
                out.append(item)
        return out

    def text_list(self, name: str) -> tuple[str, ...]:
        """An optional list of texts (aliases): each guarded like any text, blanks left out."""
        return tuple(item.value.strip() for item in self.scalars(name) if item.value.strip())

    def id_list(self, name: str) -> tuple[tuple[str, Node], ...]:
        out = []
        for item in self.scalars(name):
            if too_long_id(self.ctx, item, item.value, self.where):
                continue
            if not ID_PATTERN.match(item.value):
                self.ctx.report(item, f"{self.where}: '{item.value}' in '{name}' is not a valid id",
                                "use lowercase letters a-z, digits and '-'", "bad-id")
                continue
            out.append((item.value, item))
        return tuple(out)

    def done(self) -> None:
        for key, (key_node, _) in self.values.items():
            if key not in self.used:
                known = ", ".join(sorted(self.used))
                self.ctx.report(key_node, f"{self.where}: unknown field '{key}'",
                                f"fields here are: {known}; check the spelling", "unknown-field")
