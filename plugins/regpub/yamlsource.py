"""Strict YAML reading: bytes -> node tree with line numbers, or problems.

The data is edited by hand, often on Windows and by copying last year's file, so this refuses
what would silently go wrong elsewhere: non-UTF-8 files, tabs, duplicate keys, anchors and
aliases (which also rules out alias bombs), oversized files. Values stay raw strings in the node
tree; the schema in `load.py` decides per field whether a scalar is text, a date or a number, so
YAML 1.1 surprises (`no` -> False, `1:20` -> 80) cannot happen in text fields.
"""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_BYTES = 1_000_000  # a full revision is ~40 KB; anything this large is a mistake


class _StrictLoader(yaml.SafeLoader):
    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem=f"alias *{event.anchor} is not allowed", problem_mark=event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem=f"anchor &{event.anchor} is not allowed", problem_mark=event.start_mark
            )
        return Composer.compose_node(self, parent, index)


def _compose(text: str) -> Node | None:
    """libyaml's C parser when PyYAML has it (about 20x faster on 2,000 villages), else Python.

    The C composer cannot be hooked, so a first pass over its (equally fast) event stream
    refuses anchors and aliases before anything is composed."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.compose(text, Loader=_StrictLoader)
    for event in yaml.parse(text, Loader=fast):
        if isinstance(event, AliasEvent):
            raise yaml.MarkedYAMLError(problem=f"alias *{event.anchor} is not allowed",
                                       problem_mark=event.start_mark)
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(problem=f"anchor &{event.anchor} is not allowed",
                                       problem_mark=event.start_mark)
    return yaml.compose(text, Loader=fast)


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def _decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Problem(
            path, 1, "file is UTF-16, not UTF-8",
            "save it as UTF-8: in Notepad choose 'Save as' > Encoding 'UTF-8'", "encoding")
    if raw.startswith(codecs.BOM_UTF8):
        return None, Problem(
            path, 1, "file starts with a UTF-8 byte-order mark (BOM)",
            "save it as 'UTF-8' without BOM, or run: sed -i '1s/^\\xEF\\xBB\\xBF//' FILE",
            "encoding")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            looks = "looks like GBK"
            how = "convert it: iconv -f GBK -t UTF-8 FILE > FILE.new, or save it as UTF-8 in your editor"
        except UnicodeDecodeError:
            looks = f"invalid byte 0x{raw[e.start]:02x}"
            how = "save the file as UTF-8 in your editor"
        return None, Problem(path, line, f"file is not UTF-8, {looks}", how, "encoding")


def read(path: Path, shown: str) -> tuple[Node | None, list[Problem]]:
    """Read `path` (named `shown` in messages) into a YAML node tree."""
    node, problems, _ = read_with_digest(path, shown)
    return node, problems


def read_with_digest(path: Path, shown: str) -> tuple[Node | None, list[Problem], str]:
    """As `read`, also returning the SHA-256 of the file's bytes."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(shown, 1, f"file is {size:,} bytes, over the {MAX_BYTES:,} limit",
                              "a revision is a few dozen KB; check you saved the right file",
                              "file-size")], ""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    node, problems = _parse(raw, shown)
    return node, problems, digest


def _parse(raw: bytes, shown: str) -> tuple[Node | None, list[Problem]]:
    text, problem = _decode(raw, shown)
    if problem:
        return None, [problem]
    for i, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return None, [Problem(shown, i, "tab used for indentation",
                                  "YAML indents with spaces only: replace the tab by spaces",
                                  "tab")]
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(x for x in (e.context, e.problem) if x)
        return None, [Problem(shown, line, f"YAML syntax error: {what}",
                              "check indentation, colons and quotes on this line and the one "
                              "before", "yaml-syntax")]
    except yaml.reader.ReaderError as e:  # a character YAML refuses, e.g. a raw U+0007
        # libyaml counts the position in UTF-8 bytes, PyYAML's Python reader in characters.
        fast = getattr(yaml, "CSafeLoader", None) is not None
        before = raw[: e.position] if fast else text[: e.position].encode("utf-8")
        line = before.count(b"\n") + 1
        return None, [Problem(shown, line, f"contains the control character U+{e.character:04X}",
                              "delete it; it often comes from copying out of another program",
                              "control-character")]
    if node is None:
        return None, [Problem(shown, 1, "file is empty", "fill it in or delete it", "empty-file")]
    problems: list[Problem] = []
    _check_duplicate_keys(node, shown, problems)
    return node, problems


def _check_duplicate_keys(node: Node, shown: str, problems: list[Problem]) -> None:
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    problems.append(Problem(
                        shown, line_of(key), f"duplicate key '{key.value}' (first on line "
                        f"{seen[key.value]})", "remove one of them; YAML keeps only the last",
                        "duplicate-key"))
                else:
                    seen[key.value] = line_of(key)
            _check_duplicate_keys(value, shown, problems)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, shown, problems)
