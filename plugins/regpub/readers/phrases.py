"""phrases.yaml: the themes and the county's phrases that articles are tagged with."""
from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..fields import Fields
from .source import Source
from .text import text


@dataclass(frozen=True)
class Phrases:
    themes: tuple[m.Theme, ...] = ()
    phrases: tuple[m.Phrase, ...] = ()
    sample: bool = False


def read_phrases(source: Source) -> Phrases:
    """Empty if the file is missing or broken (reported)."""
    node, ctx = source.open(source.root / "phrases.yaml")
    if node is None:
        return Phrases()
    top = Fields.of(node, ctx, "phrases file")
    if top is None:
        return Phrases()
    sample = bool(top.bool("sample"))
    themes = []
    seen_themes: dict[str, int] = {}
    for t_node in top.list("themes"):
        t = Fields.of(t_node, ctx, "theme")
        if t is None:
            continue
        tid = t.unique_id(seen_themes, "theme")
        t.where = f"theme '{tid}'"
        theme = m.Theme(tid or "", text(t.mapping("name")))
        t.done()
        if tid:
            themes.append(theme)
    theme_ids = {t.id for t in themes}
    phrases: list[m.Phrase] = []
    seen: dict[str, int] = {}
    for p_node in top.list("phrases"):
        p = Fields.of(p_node, ctx, "phrase")
        if p is None:
            continue
        pid = p.unique_id(seen, "phrase")
        p.where = f"phrase '{pid}'"
        theme = p.id("theme")
        if theme and theme not in theme_ids:
            ctx.report(p.values["theme"][1], f"{p.where}: unknown theme '{theme}'",
                       f"use one of: {', '.join(sorted(theme_ids))}", "unknown-theme")
        phrase = m.Phrase(pid or "", theme or "", text(p), text(p.mapping("explanation")))
        p.done()
        if pid:
            phrases.append(phrase)
    top.done()
    return Phrases(tuple(themes), tuple(phrases), sample)
