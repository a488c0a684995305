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
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from .. import yamlsource
from ..fields import ID_PATTERN
from ..paths import DIVISIONS, REVISION_NAME
from ..translation import normalise
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


def find_village(root: Path, wanted: str) -> ListedVillage:
    """The village `--village` names, or ImportFailed suggesting the id meant (a name given for
    the id, a typo)."""
    villages = read_villages(root)
    village = villages.get(wanted)
    if village is None:
        by_name = [v.id for v in villages.values() if v.name and v.name == wanted]
        close = by_name or difflib.get_close_matches(wanted, list(villages), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ImportFailed(f"--village '{wanted}' is not a village id in {root / DIVISIONS}{hint}")
    if not ID_PATTERN.match(village.id):
        raise ImportFailed(f"village id '{village.id}' in divisions.yaml is not a valid id")
    return village


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
    following: str | None = None  # the earliest revision after the new date (an insertion)
    following_articles: list[tuple[str, str]] = field(default_factory=list)  # (id, zh)
    latest: str | None = None  # the latest revision of all
    contents: dict[str, tuple] = field(default_factory=dict)  # date -> its Chinese, see content()


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
        history.latest = match.group(1)
        rev_chapters, rev_articles = [], []
        for c in chapters:
            cid = str(c.get("id", ""))
            title = c.get("title") if isinstance(c.get("title"), dict) else {}
            rev_chapters.append((cid, str(title.get("zh", ""))))
            history.chapter_ids.add(cid)
            articles = c.get("articles")
            for a in articles if isinstance(articles, list) else []:
                if isinstance(a, dict) and a.get("id"):
                    rev_articles.append((str(a["id"]), article_zh(a)))
                    history.article_ids.add(str(a["id"]))
        history.contents[match.group(1)] = content(
            _zh(data.get("title")), _zh(data.get("preamble")),
            [(t, [z for aid, z in rev_articles if aid in ids]) for t, ids in _chapter_ids(chapters)],
            [_zh(c) for c in data.get("closing") or [] if isinstance(data.get("closing"), list)])
        if match.group(1) < new_date:
            title = data.get("title") if isinstance(data.get("title"), dict) else {}
            history.previous, history.previous_title = match.group(1), title.get("zh")
            history.chapters, history.articles = rev_chapters, rev_articles
        elif match.group(1) > new_date and history.following is None:
            history.following, history.following_articles = match.group(1), rev_articles
    return history


def article_zh(article: dict) -> str:
    """An article's Chinese: its `zh`, or its paragraphs' and items' texts one a line (the
    format with `paragraphs:`), read leniently."""
    if "paragraphs" not in article:
        return str(article.get("zh", ""))
    lines = []
    paragraphs = article.get("paragraphs")
    for p in paragraphs if isinstance(paragraphs, list) else []:
        if isinstance(p, dict):
            lines.append(str(p.get("zh", "") or ""))
            items = p.get("items")
            lines += [str(i.get("zh", "") or "") for i in (items if isinstance(items, list) else [])
                      if isinstance(i, dict)]
    return "\n".join(line for line in lines if line)


def _zh(text: object) -> str:
    return str(text.get("zh", "") or "") if isinstance(text, dict) else ""


def _chapter_ids(chapters: list[dict]) -> list[tuple[str, set[str]]]:
    out = []
    for c in chapters:
        articles = c.get("articles") if isinstance(c.get("articles"), list) else []
        out.append((_zh(c.get("title")), {str(a.get("id")) for a in articles if isinstance(a, dict)}))
    return out


def content(title: str, preamble: str, chapters: list[tuple[str, list[str]]],
            closing: list[str]) -> tuple:
    """What makes two revisions the same text: the Chinese of the title, preamble, chapter titles,
    articles (paragraphs and items joined) and closing lines, each normalised (spaces and
    punctuation do not count, see translation.normalise). The Tibetan does not count: a
    translation is corrected in the revision's file, never by adopting a new revision."""
    return (normalise(title), normalise(preamble),
            tuple((normalise(t), tuple(normalise(a) for a in articles)) for t, articles in chapters),
            tuple(normalise(line) for line in closing))
