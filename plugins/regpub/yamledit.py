"""Surgical edits of a revision file: replace the translation fields of one text mapping and
leave every other byte of the file as it was (comments, quoting, key order, line ends).

A text mapping is found by the YAML path a translation unit names (`title`,
`chapters/<chapter-id>/articles/<article-id>/text`, ...; see translation.texts_of). Positions
come from PyYAML's pure-Python composer, whose marks count characters of the decoded text.
"""
from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


INDEX = re.compile(r"[0-9]{1,9}")  # a list index in a YAML path (provisions/0)


class EditError(Exception):
    """The YAML path does not lead to a text mapping in this file."""


def compose(text: str) -> Node:
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _get(node: Node, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def _item(node: Node | None, ident: str) -> Node | None:
    """The list item with `id: ident` (or at index `ident` when the items have no id)."""
    if not isinstance(node, SequenceNode):
        return None
    for item in node.value:
        found = _get(item, "id")
        if isinstance(found, ScalarNode) and found.value == ident:
            return item
    # ASCII digits only: '²'.isdigit() is true but int('²') fails, as does a 5,000-digit index
    if INDEX.fullmatch(ident) and int(ident) < len(node.value):
        return node.value[int(ident)]
    return None


def find(root: Node, where: str) -> MappingNode:
    """The text mapping at `where`: `chapters/<id>/articles/<id>/text` is the article itself
    (its zh and bo are the article's own fields); other names are keys; lists are entered by
    the next part (an id, or an index for provisions)."""
    parts = where.split("/")
    node: Node | None = root
    i = 0
    while i < len(parts) and node is not None:
        part = parts[i]
        if part == "text" and i == len(parts) - 1 and _get(node, "zh") is not None \
                and _get(node, "text") is None:
            break  # an article: its text is the article mapping itself
        child = _get(node, part)
        if isinstance(child, SequenceNode) and i + 1 < len(parts):
            node, i = _item(child, parts[i + 1]), i + 2
        else:
            node, i = child, i + 1
    if not isinstance(node, MappingNode) or _get(node, "zh") is None:
        raise EditError(f"no text at '{where}'")
    return node


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a YAML double-quoted scalar


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index after the newline of the line holding `index` (block values end past it)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def set_translation(text: str, where: str, fields: list[tuple[str, str]]) -> str:
    """`text` with the `bo...` fields of the mapping at `where` replaced by `fields`
    [(name, YAML value as written)], in that order, right after its `zh`."""
    node = find(compose(text), where)
    if node.flow_style:
        kept = [text[k.start_mark.index:v.end_mark.index] for k, v in node.value
                if not k.value.startswith("bo")]
        pairs = kept + [f"{name}: {value}" for name, value in fields]
        start, end = node.start_mark.index, node.end_mark.index
        return text[:start] + "{" + ", ".join(pairs) + "}" + text[end:]
    zh_key, zh_value = next((k, v) for k, v in node.value if k.value == "zh")
    indent = " " * zh_key.start_mark.column
    cuts = [(_line_start(text, k.start_mark.index), _line_end(text, v.end_mark.index))
            for k, v in node.value if k.value.startswith("bo")]
    insert_at = _line_end(text, zh_value.end_mark.index)
    newline = "\r\n" if "\r\n" in text else "\n"  # a file saved on Windows stays so
    new = "".join(f"{indent}{name}: {value}{newline}" for name, value in fields)
    pieces, last = [], 0
    for start, end in sorted(cuts + [(insert_at, insert_at)]):
        pieces.append(text[last:start])
        if start == insert_at and end == insert_at:
            pieces.append(new)
        last = max(last, end)
    pieces.append(text[last:])
    return "".join(pieces)


def draft_fields(bo: str) -> list[tuple[str, str]]:
    return [("bo", _quoted(bo)), ("bo_status", "draft")]


def reviewed_fields(bo: str, when: str, role: str, source_print: str) -> list[tuple[str, str]]:
    return [("bo", _quoted(bo)), ("bo_status", "reviewed"),
            ("bo_review", f"{{date: {when}, by: {role}, zh: {source_print}}}")]
