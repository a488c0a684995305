"""What the importer reads of the data folder besides `load()`: the villages divisions.yaml
lists, and the ids and texts of a village's existing revision files.

Read leniently, on purpose: the importer must keep the ids of unchanged articles, and never give
again an id the village once used, even when the folder does not load (a previous revision saved
by Notepad with a byte-order mark, a duplicate key, a field the schema refuses), and must tell
the user which village id to use even then. So a file is parsed with the loader's own parser
(`yamlsource`: size and nesting limits, no anchors or aliases, so no file can hang the import),
but a UTF-8 byte-order mark and the problems that leave the meaning clear (a duplicate key: the
last one wins) do not stop it; only the ids and Chinese texts are taken, without the schema.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .. import yamlsource
from ..paths import DIVISIONS, REVISION_NAME
from .errors import ImportFailed


class Unreadable(Exception):
    """The file cannot be parsed at all (not UTF-8, a syntax error, too large ...)."""


def read_data(path: Path) -> object:
    """The data of one YAML file, as YAML's safe loading gives it (mappings, lists, strings,
    numbers), read under the loader's limits but leniently (see the module's doc)."""
    try:
        if path.stat().st_size > yamlsource.MAX_BYTES:
            raise Unreadable(path)
        raw = path.read_bytes()
    except OSError:
        raise Unreadable(path) from None
    node, _ = yamlsource.parse(raw.removeprefix(codecs.BOM_UTF8), path.name)
    if node is None:
        raise Unreadable(path)
    try:
        return SafeConstructor().construct_document(node)
    except (yaml.YAMLError, ValueError, TypeError):  # e.g. a list as a key, a date 2026-13-45
        raise Unreadable(path) from None


@dataclass(frozen=True)
class ListedVillage:
    """A village as divisions.yaml lists it: what the importer needs of it, known even when the
    data folder does not load (model.Village is only made by a successful load)."""

    id: str
    name: str  # Chinese
    kind: str  # village | residents_committee


def read_villages(root: Path) -> dict[str, ListedVillage]:
    path = root / DIVISIONS
    if not path.exists():
        raise ImportFailed(f"{path}: not found; give the data folder with --data")
    try:
        townships = read_data(path)["townships"]
        if not isinstance(townships, (list, type(None))):
            raise TypeError
    except (Unreadable, TypeError, KeyError):
        raise ImportFailed(f"{path} cannot be read: run python build.py --check") from None
    villages = {}
    for township in townships or []:
        listed = township.get("villages") if isinstance(township, dict) else None
        for v in listed if isinstance(listed, list) else []:
            if isinstance(v, dict) and v.get("id"):
                name = v.get("name") if isinstance(v.get("name"), dict) else {}
                villages[str(v["id"])] = ListedVillage(str(v["id"]), str(name.get("zh", "")),
                                                       str(v.get("kind", "village")))
    return villages


@dataclass
class History:
    """What the village's existing revision files say (only ids and texts)."""

    dates: list[str]
    previous: str | None  # the latest revision before the new date
    previous_title: str | None
    chapters: list[tuple[str, str]]  # previous revision: (id, title zh)
    articles: list[tuple[str, str]]  # previous revision: (id, zh)
    chapter_ids: set[str]  # ever used in the village
    article_ids: set[str]
    unreadable: list[str]


def read_history(folder: Path, new_date: str) -> History:
    history = History([], None, None, [], [], set(), set(), [])
    if not folder.is_dir():
        return history
    for path in sorted(folder.iterdir()):
        match = REVISION_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        history.dates.append(match.group(1))
        try:
            data = read_data(path)
            chapters = [c for c in data.get("chapters") or [] if isinstance(c, dict)]
        except (Unreadable, AttributeError, TypeError):  # not a mapping, chapters not a list
            history.unreadable.append(path.name)
            continue
        rev_chapters, rev_articles = [], []
        for c in chapters:
            cid = str(c.get("id", ""))
            title = c.get("title") if isinstance(c.get("title"), dict) else {}
            rev_chapters.append((cid, str(title.get("zh", ""))))
            history.chapter_ids.add(cid)
            articles = c.get("articles")
            for a in articles if isinstance(articles, list) else []:
                if isinstance(a, dict) and a.get("id"):
                    rev_articles.append((str(a["id"]), str(a.get("zh", ""))))
                    history.article_ids.add(str(a["id"]))
        if match.group(1) < new_date:
            title = data.get("title") if isinstance(data.get("title"), dict) else {}
            history.previous, history.previous_title = match.group(1), title.get("zh")
            history.chapters, history.articles = rev_chapters, rev_articles
    return history
