"""Strict YAML reading: bytes -> node tree with line numbers, or problems.

The data is edited by hand, often on Windows and by copying last year's file, so this refuses
what would silently go wrong elsewhere: non-UTF-8 files, tabs, duplicate keys, anchors and
aliases (which also rules out alias bombs), oversized or too deeply nested files, keys that
are lists or mappings. Values stay raw strings in the node tree; the readers (`readers/`)
decide per field whether a scalar is text, a date or a number, so YAML 1.1 surprises
(`no` -> False, `1:20` -> 80) cannot happen in text fields.
"""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import yaml
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, SequenceEndEvent,
                         SequenceStartEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_BYTES = 1_000_000  # a full revision is ~40 KB; anything this large is a mistake
# A revision nests about 10 levels deep (chapters > articles > provisions > condition > ...).
# libyaml's composer recurses once per level and overflows the C stack (a segmentation fault,
# not an exception) somewhere below 100,000 levels, which 200 KB of `[` reach; so the depth is
# counted on the event stream, which libyaml produces without recursion, before composing.
MAX_DEPTH = 64


class _TooDeep(Exception):
    """The text nests deeper than MAX_DEPTH; `line` is where it crossed the limit."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _compose(text: str) -> Node | None:
    """libyaml's C parser when PyYAML has it (about 20x faster on 2,000 villages), else Python.

    The C composer cannot be hooked, so a first pass over the (equally fast, and flat) event
    stream refuses anchors, aliases and too deep nesting before anything is composed."""
    loader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    _screen(yaml.parse(text, Loader=loader))
    return yaml.compose(text, Loader=loader)


_OPEN = (MappingStartEvent, SequenceStartEvent)
_CLOSE = (MappingEndEvent, SequenceEndEvent)


def _screen(events) -> None:
    depth = 0
    for event in events:
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:  # stop here: the rest may be 100,000 levels more
                raise _TooDeep(event.start_mark.line + 1)
        elif isinstance(event, _CLOSE):
            depth -= 1
        elif isinstance(event, AliasEvent):
            raise yaml.MarkedYAMLError(problem=f"alias *{event.anchor} is not allowed",
                                       problem_mark=event.start_mark)
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(problem=f"anchor &{event.anchor} is not allowed",
                                       problem_mark=event.start_mark)


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


def read(path: Path, shown: str, max_bytes: int = MAX_BYTES) -> tuple[Node | None, list[Problem]]:
    """Read `path` (named `shown` in messages) into a YAML node tree."""
    node, problems, _ = read_with_digest(path, shown, max_bytes)
    return node, problems


def parse(raw: bytes, shown: str) -> tuple[Node | None, list[Problem]]:
    """Bytes that are not a file of the data folder (e.g. from `git show`), with `read`'s rules."""
    return _parse(raw, shown)


def text_digest(raw: bytes) -> str:
    """The SHA-256 of a file's text with its line endings made LF: converting a file to CRLF
    (Git for Windows does by default) or back is not an edit. For an LF file it is the SHA-256
    of its bytes, what `sha256sum` prints."""
    return hashlib.sha256(raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")).hexdigest()


def read_with_digest(path: Path, shown: str,
                     max_bytes: int = MAX_BYTES) -> tuple[Node | None, list[Problem], str]:
    """As `read`, also returning the file's `text_digest`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [Problem(shown, 1, f"file is {size:,} bytes, over the {max_bytes:,} limit",
                                  "a revision is a few dozen KB; check you saved the right file",
                                  "file-size")], ""
        raw = path.read_bytes()
    except OSError as e:  # no permission, a disk error, or deleted since the folder was listed
        return None, [Problem(shown, 1, f"file cannot be read ({e.strerror or e})",
                              "check that it exists and that you may read it (its permissions)",
                              "unreadable")], ""
    digest = text_digest(raw)
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
    except _TooDeep as e:
        return None, [Problem(shown, e.line, f"lists and mappings nest more than {MAX_DEPTH} levels "
                              "deep", "a revision nests about 10 levels; look for unclosed or "
                              "repeated '[' and '{' on this line", "nesting-depth")]
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
            if not isinstance(key, ScalarNode):  # `? [a, b]` or `{[a]: 1}`: no field is named so
                problems.append(Problem(
                    shown, line_of(key), "a key is a list or a mapping, not a name",
                    "write each field as name: value; a '[' or '{' before a ':' starts such a key",
                    "wrong-type"))
            elif key.value in seen:
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
