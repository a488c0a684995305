"""The county glossary (regulations/glossary.yaml): the fixed Tibetan of terms that must not vary.

    also: [phrases, divisions, points]   # terms kept in those files, never copied here
    terms:
      - id: cun-gui-min-yue              # stable id
        zh: 村规民约
        bo: སྒྲིག་ཁྲིམས་དམངས་གན
        bo_status: draft                 # like every bilingual text (reviewed needs bo_review)
        note: the data's term ...        # optional, for translators

`also` adds the county's phrases (phrases.yaml), the township and village names with a Tibetan
spelling (divisions.yaml) and the measures (points.yaml). A reviewed text whose Chinese contains
a term but whose Tibetan does not contain the term's Tibetan is a warning (`glossary-term`):
the build prints it and the dashboard counts it. Nothing here imports MkDocs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from yaml.nodes import Node

from . import model as m
from .fields import Context, Fields

GLOSSARY_NAME = "glossary.yaml"
SOURCES = ("phrases", "divisions", "points")
TRAILING = "།་ "  # a term's final shad or tsheg changes with its place in the sentence


@dataclass(frozen=True)
class Term:
    zh: str
    bo: str
    source: str  # "glossary.yaml#<id>", "phrases.yaml#<id>" ...
    note: str = ""

    @property
    def core(self) -> str:
        return self.bo.rstrip(TRAILING)


def read(node: Node | None, ctx: Context, text: Callable[..., m.Text],
         names: list[tuple[str, m.Name]], phrases: tuple[m.Phrase, ...],
         points: m.PointsRules | None) -> tuple[Term, ...]:
    """The terms of glossary.yaml (`node`, opened by the loader: strict YAML, path:line
    problems into `ctx`), with the terms of the files it names in `also`. `text` is the
    loader's bilingual-text reader (readers/text.py), passed in because it checks texts
    against the glossary (translation.py): importing it here would make a circle."""
    top = Fields.of(node, ctx, "glossary") if node is not None else None
    if top is None:
        return ()
    terms: list[Term] = []
    also = []
    for source, snode in top.id_list("also"):
        if source not in SOURCES:
            ctx.report(snode, f"glossary: 'also' names '{source}'", f"use some of: "
                       f"{', '.join(SOURCES)}", "bad-choice")
        else:
            also.append(source)
    seen: dict[str, int] = {}
    for item in top.list("terms"):
        f = Fields.of(item, ctx, "glossary term")
        if f is None:
            continue
        tid = f.unique_id(seen, "glossary term")
        f.where = f"glossary term '{tid}'"
        note = f.text("note", required=False) or ""
        term = text(f, close=True)
        if term.bo_status in ("missing", "outdated") or not term.bo:
            ctx.report(item, f"{f.where}: no current Tibetan", "a glossary term exists to fix "
                       "its Tibetan: write bo (bo_status: draft until reviewed)", "missing-field")
        elif tid:
            terms.append(Term(term.zh, term.bo, f"glossary.yaml#{tid}", note))
    top.done()
    if "phrases" in also:
        terms += [Term(p.text.zh, p.text.bo, f"phrases.yaml#{p.id}") for p in phrases if p.text.bo]
    if "divisions" in also:
        terms += [Term(n.zh, n.bo, f"divisions.yaml#{nid}") for nid, n in names if n.bo]
    if "points" in also and points is not None:
        terms += [Term(x.name.zh, x.name.bo, f"points.yaml#{x.id}") for x in points.measures
                  if x.name.bo]
    return tuple(terms)


def missing_terms(text: m.Text, terms: tuple[Term, ...]) -> list[Term]:
    """The terms whose Chinese `text` contains but whose Tibetan its reviewed Tibetan lacks."""
    if text.bo_status != "reviewed" or not text.bo:
        return []
    return [t for t in terms if t.zh in text.zh and t.core not in text.bo]


def conflicts(county: m.County, regulation: m.Regulation) -> list[tuple[m.NumberedArticle, Term]]:
    """For the dashboard: the current revision's articles that translate a term differently."""
    return [(n, t) for n in regulation.current.numbered()
            for t in missing_terms(n.article.text, county.glossary)]
