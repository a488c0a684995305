"""Typed, line-aware access to one YAML mapping, recording a problem for each bad value.

The loader asks for each field by name and type; whatever it did not ask for is reported as an
unknown field by `done()`. Every rule has a name (the `[rule]` at the end of a message).
"""
from __future__ import annotations

import re
from datetime import date

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem
from .yamlsource import line_of

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# ASCII digits only: full-width digits typed on a Chinese keyboard are not dates or numbers.
DATE_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
INT_PATTERN = re.compile(r"^[+-]?[0-9]+$")

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TIBETAN_LETTER = re.compile(r"[\u0f40-\u0f6c\u0f88-\u0f8c]")
TIBETAN_ANY = re.compile(r"[\u0f00-\u0fff]")
# Vowel signs, subjoined letters and other marks that must follow a Tibetan base letter...
TIBETAN_MARK = re.compile(r"[\u0f71-\u0f84\u0f86\u0f87\u0f8d-\u0fbc]")
# ... that is, a letter or another mark of the same stack.
TIBETAN_BASE_OR_MARK = re.compile(r"[\u0f40-\u0f6c\u0f71-\u0f87\u0f88-\u0fbc]")
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
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
        node = self.node_of(name, required)
        if node is None or not expect(self.ctx, node, ScalarNode, f"{self.where}: '{name}'"):
            return None
        return node

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
        check_characters(self.ctx, node, value, f"{self.where}: '{name}'")
        return value

    def id(self, name: str = "id", required: bool = True) -> str | None:
        value = self.text(name, required)
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
        if check_personal_data(self.ctx, node, node.value, f"{self.where}: '{name}'"):
            return None
        if not is_plain(node) or not INT_PATTERN.match(node.value):
            self.ctx.report(node, f"{self.where}: '{name}' is '{node.value}', not a whole number",
                            "write a number without quotes, e.g. 42", "wrong-type")
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

    def id_list(self, name: str) -> tuple[tuple[str, Node], ...]:
        out = []
        for item in self.list(name, required=False):
            if not expect(self.ctx, item, ScalarNode, f"{self.where}: an item of '{name}'"):
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


# Characters that corrupt a page or a poster without anyone seeing them in an editor: C0/C1
# controls (but newline), direction controls, byte-order marks, private-use (old Tibetan fonts),
# surrogates, replacement and non-characters. One regex: this runs on every text of the county.
BAD_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                           "\u2066-\u2069\ud800-\udfff\ue000-\uf8ff\ufeff\ufffd-\uffff"
                           "\U000f0000-\U0010ffff]")


# Personal data never reaches the site: resident ID-card numbers (18 digits, the last may be X),
# mobile and landline numbers.
ID_CARD = re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
                     r"[0-9]{3}[0-9Xx](?![0-9])")
PHONE = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])")


def check_personal_data(ctx: Context, node: Node, value: str, what: str) -> bool:
    """Report an ID-card or phone number in `value`; True when one was found."""
    if ID_CARD.search(value):
        ctx.report(node, f"{what} contains what looks like an ID-card number",
                   "personal data never goes on the site: remove it", "personal-data")
        return True
    if PHONE.search(value):
        ctx.report(node, f"{what} contains what looks like a phone number",
                   "personal data never goes on the site: remove it (give an office, not a "
                   "person's number)", "personal-data")
        return True
    return False


def check_characters(ctx: Context, node: Node, value: str, what: str) -> None:
    check_personal_data(ctx, node, value, what)
    m = BAD_CHARACTER.search(value)
    if m is None:
        return
    ch = m.group()
    if BIDI_CONTROL.match(ch):
        ctx.report(node, f"{what} contains the invisible direction control U+{ord(ch):04X}",
                   "delete it; retype the text around it if unsure", "control-character")
    else:
        ctx.report(node, f"{what} contains the control or invalid character U+{ord(ch):04X}",
                   "delete it; it often comes from copying out of another program",
                   "control-character")


def check_script(ctx: Context, node: Node, value: str, lang: str, what: str) -> None:
    """A zh field holds Chinese, a bo field holds Tibetan, and Tibetan marks have a base."""
    if lang == "zh":
        if TIBETAN_ANY.search(value):
            ctx.report(node, f"{what} (Chinese) contains Tibetan text",
                       "move the Tibetan into the 'bo' field", "wrong-script")
        return
    if HAN.search(value):
        ctx.report(node, f"{what} (Tibetan) contains Chinese characters",
                   "move the Chinese into the 'zh' field", "wrong-script")
    elif not TIBETAN_LETTER.search(value):
        ctx.report(node, f"{what} (Tibetan) contains no Tibetan letters",
                   "write the Tibetan text, or set bo_status: missing and remove 'bo'",
                   "wrong-script")
    for m in TIBETAN_MARK.finditer(value):
        before = value[m.start() - 1] if m.start() else ""
        if not before or not TIBETAN_BASE_OR_MARK.match(before):
            ctx.report(node, f"{what} has the Tibetan sign U+{ord(m.group()):04X} with no base "
                       f"letter before it (position {m.start() + 1})",
                       "retype the syllable: the vowel sign must follow its letter",
                       "orphan-mark")
            break
