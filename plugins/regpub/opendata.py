"""The open data: the regulations as files that officials and others can reuse.

`files(county, addresses)` returns every file, keyed by its path relative to the site root (the
address book, addresses.py, names them):

- the index (``Addresses.data_index``): the county, its townships and villages (with each
  village's file), the themes and phrases, the points system and county totals computed from
  the data;
- a file per village (``Addresses.data_village``): one village and all its revisions, in full,
  with the comparison of each revision with the one before;
- the articles CSV (``Addresses.articles_csv``): one row per article of every revision, for a
  spreadsheet; the points CSV (``Addresses.points_csv``): the points tables;
- the JSON Schema (draft 2020-12) of the two JSON formats (``Addresses.schema``), copied
  verbatim from ``schemas/`` beside this module.

The output is a pure function of the data: no clock, no machine-dependent ordering, so two
builds of the same data give byte-identical files. The "generated" date is the newest adoption
date. Like the rest of the content model this does not import MkDocs.

Conventions of the JSON files: UTF-8 (not ASCII-escaped), compact, one newline at the end; keys
always present (``null`` where a value is unknown or absent, ``[]`` for none), dates as ISO
``YYYY-MM-DD``; a bilingual text is ``{"zh", "bo", "bo_status"}`` with ``bo`` null exactly when
``bo_status`` is ``missing`` or ``outdated`` (a Tibetan of an earlier Chinese is not published as current); page URLs are absolute, from the address book's ``site_url``.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Callable

from .addresses import Addresses
from .diff import Comparison, compare
from .model import (FEEDBACK_OUTCOMES, Article, County, Name, Regulation, Revision,
                    SupervisionGroup, Text, Village)

SCHEMAS = Path(__file__).parent / "schemas"
SCHEMA_NAMES = ("index", "village")  # schemas/<name>.schema.json
FORMAT_VERSION = 1

CSV_COLUMNS = ("village_id", "village_zh", "township_id", "revision_date", "kind", "current",
               "article_id", "number", "chapter_id", "chapter_zh", "zh", "bo", "bo_status",
               "phrases")
POINTS_COLUMNS = ("village_id", "village_zh", "revision_date", "article_id", "number", "kind",
                  "points", "measures", "measures_zh", "condition_zh", "condition_bo", "bo_status")


def files(county: County, addresses: Addresses | str,
          comparison: Callable[[Revision, Revision], Comparison] = compare) -> dict[str, bytes]:
    """Every open-data file: path relative to the site root -> its bytes. `addresses` is the
    site's address book (or its site_url: one is made).

    `comparison` may be a memo (`diff.Comparisons`) shared with the pages of the same build."""
    addr = addresses if isinstance(addresses, Addresses) else Addresses(addresses)
    out: dict[str, bytes] = {addr.data_index().key: _json(index(county, addr))}
    for regulation in _regulations(county):
        out[addr.data_village(regulation).key] = _json(village(county, regulation, addr, comparison))
    out[addr.articles_csv().key] = articles_csv(county)
    out[addr.points_csv().key] = points_csv(county)
    for name in SCHEMA_NAMES:
        out[addr.schema(name).key] = _schema_file(name).read_bytes()
    return out


def schema(name: str) -> dict:
    """A schema as a dict: 'index' or 'village'."""
    return json.loads(_schema_file(name).read_text(encoding="utf-8"))


# --- helpers ----------------------------------------------------------------------------------

def _schema_file(name: str) -> Path:
    return SCHEMAS / f"{name}.schema.json"


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _regulations(county: County) -> list[Regulation]:
    """Regulations in the order of divisions.yaml (townships, then their villages)."""
    return [county.regulations[v.id] for v in county.villages if v.id in county.regulations]


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: Text | None) -> dict | None:
    if value is None:
        return None
    return {"zh": value.zh, "bo": value.bo if value.bo_status != "missing" else None,
            "bo_status": value.bo_status}


def _name(value: Name) -> dict:
    return {"zh": value.zh, "bo": value.bo, "bo_status": value.bo_status if value.bo else None}


def _place(v: Village) -> dict:
    return {"id": v.id, "code": v.code, "kind": v.kind, "name": _name(v.name), "pinyin": v.pinyin,
            "township": v.township}


# --- village files ----------------------------------------------------------------------------

def village(county: County, regulation: Regulation, addresses: Addresses | None = None,
            comparison: Callable[[Revision, Revision], Comparison] = compare) -> dict:
    """The document of a village's file (`Addresses.data_village`)."""
    addr = addresses or Addresses()
    v = regulation.village
    page = addr.village(v)
    return {
        "format": FORMAT_VERSION,
        "sample": any(r.sample for r in regulation.revisions),
        "village": {**_place(v), "url": addr.absolute(page), "url_bo": addr.absolute(page, "bo")},
        "current": regulation.current.key,
        "revisions": [_revision(regulation, r, addr) for r in regulation.revisions],
        "comparisons": [_comparison(regulation, comparison(old, new), addr)
                        for old, new in zip(regulation.revisions, regulation.revisions[1:])],
        "supervision": _supervision(county.supervision.get(v.id)),
    }


def _supervision(group: SupervisionGroup | None) -> dict | None:
    if group is None:
        return None
    return {"roles": dict(group.roles), "members": group.size, "supermarket": group.supermarket,
            "enforcement": [{"from": _date(r.period_start), "to": _date(r.period_end),
                             "article": r.article, "dissuaded": r.dissuaded,
                             "corrected": r.corrected} for r in group.enforcement]}


def _revision(regulation: Regulation, r: Revision, addr: Addresses) -> dict:
    page = addr.revision(r)
    numbered = {n.id: n.number for n in r.numbered()}
    votes = None
    if r.votes is not None:
        votes = {"for": r.votes.for_, "against": r.votes.against, "abstain": r.votes.abstain}
    review = None
    if r.review is not None:
        review = {
            "meetings": [{"id": mt.id, "date": _date(mt.date), "participants": mt.participants}
                         for mt in r.review.meetings],
            "feedback": [{"id": fb.id, "text": _text(fb.text), "outcome": fb.outcome,
                          "why": _text(fb.why)} for fb in r.review.feedback],
        }
    return {
        "adopted": r.key,
        "kind": r.kind,
        "current": r is regulation.current,
        "sample": r.sample,
        "sha256": r.digest,
        "url": addr.absolute(page),
        "url_bo": addr.absolute(page, "bo"),
        "body": _text(r.body),
        "votes": votes,
        "filed": _date(r.filed),
        # In force from (its stated date, else its adoption) to the day the next one took effect
        # (null: still in force).
        "in_force_from": r.in_force_from.isoformat(),
        "in_force_until": _date(regulation.in_force_until(r)),
        "title": _text(r.title),
        "summary": _text(r.summary),
        # Only when the revision has them: the files of the revisions without stay as they were.
        **({"preamble": _text(r.preamble)} if r.preamble else {}),
        **({"closing": [_text(x) for x in r.closing]} if r.closing else {}),
        "chapters": [{"id": c.id, "number": k, "title": _text(c.title),
                      "articles": [_article(a, numbered[a.id]) for a in c.articles]}
                     for k, c in enumerate(r.chapters, 1)],
        "review": review,
        "corrections": [{"date": _date(c.date), "sha256": c.sha256, "reason": _text(c.reason)}
                        for c in r.corrections],
    }


def _article(a: Article, number: int) -> dict:
    text = _text(a.text)
    return {
        "id": a.id,
        "number": number,
        **text,
        "phrases": list(a.phrases),
        "reason": _text(a.reason),
        "feedback": list(a.feedback),
        "provisions": [{"kind": p.kind, "points": p.points, "measures": list(p.measures),
                        "condition": _text(p.condition)} for p in a.provisions],
        # Only an article of several paragraphs or with items: a plain one is its text.
        **({"paragraphs": [{"id": p.id, **_text(p.text),
                            "items": [{"id": i.id, **_text(i.text)} for i in p.items]}
                           for p in a.paragraphs]} if a.structured else {}),
    }


def _comparison(regulation: Regulation, comparison: Comparison, addr: Addresses) -> dict:
    old, new = comparison.old, comparison.new
    return {
        "from": old.key,
        "to": new.key,
        "url": addr.absolute(addr.compare(old, new)),
        "counts": comparison.counts,
        "articles": [{"id": a.id, "status": a.status, "moved": a.moved,
                      "old_number": a.old_number, "new_number": a.new_number}
                     for a in comparison.articles if a.status != "unchanged" or a.moved],
        **({"texts": [{"part": x.part, "status": x.status} for x in comparison.texts]}
           if comparison.texts else {}),
    }


# --- the index --------------------------------------------------------------------------------

def totals(county: County) -> dict:
    """County figures, computed from the data (the same methods the site's pages use)."""
    regulations = _regulations(county)
    reviews = county.review_totals()
    return {
        "townships": len(county.townships),
        "villages": len(county.villages),
        "regulations": len(regulations),
        "revisions": sum(len(reg.revisions) for reg in regulations),
        "articles": {"current": sum(reg.current.article_count for reg in regulations),
                     "all_revisions": sum(r.article_count for reg in regulations
                                          for r in reg.revisions)},
        "translation": county.translation_totals(),
        "themes": len(county.themes),
        "phrases": len(county.phrases),
        "reviews": reviews["reviews"],
        "meetings": reviews["meetings"],
        "feedback": {"total": reviews["feedback"],
                     **{outcome: reviews[outcome] for outcome in FEEDBACK_OUTCOMES}},
        "provisions": sum(reg.current.provision_count for reg in regulations),
        "supervision": county.enforcement_totals() if county.supervision else None,
    }


def index(county: County, addresses: Addresses | None = None) -> dict:
    """The document of the index file (`Addresses.data_index`)."""
    addr = addresses or Addresses()
    regulations = county.regulations
    newest = max((r.adopted for reg in regulations.values() for r in reg.revisions), default=None)
    points = None
    if county.points is not None:
        points = {"min": county.points.minimum, "max": county.points.maximum,
                  "measures": [{"id": x.id, "name": _text(x.name)} for x in county.points.measures]}
    villages = []
    for v in county.villages:
        reg = regulations.get(v.id)
        villages.append({
            **_place(v),
            "url": addr.absolute(addr.village(v)),
            "current": reg.current.key if reg else None,
            "current_in_force_from": reg.current.in_force_from.isoformat() if reg else None,
            "revisions": len(reg.revisions) if reg else 0,
            "file": addr.absolute(addr.data_village(v)) if reg else None,
        })
    return {
        "format": FORMAT_VERSION,
        "sample": county.is_sample,
        "generated": _date(newest),
        "county": {"code": county.code, "name": _name(county.name), "pinyin": county.pinyin,
                   "url": addr.absolute(addr.home())},
        "files": {"articles_csv": addr.absolute(addr.articles_csv()),
                  "points_csv": addr.absolute(addr.points_csv()),
                  "index_schema": addr.absolute(addr.schema("index")),
                  "village_schema": addr.absolute(addr.schema("village")),
                  "documentation": addr.absolute(addr.data())},
        "townships": [{"id": t.id, "code": t.code, "kind": t.kind, "name": _name(t.name),
                       "pinyin": t.pinyin, "url": addr.absolute(addr.township(t)),
                       "villages": [v.id for v in t.villages]} for t in county.townships],
        "villages": villages,
        "themes": [{"id": th.id, "name": _text(th.name)} for th in county.themes],
        "phrases": [{"id": p.id, "theme": p.theme, **_text(p.text),
                     "explanation": _text(p.explanation)} for p in county.phrases],
        "points": points,
        "totals": totals(county),
    }


# --- the spreadsheet --------------------------------------------------------------------------

def csv_rows(county: County) -> list[dict[str, str]]:
    """One row per article of every revision, villages in divisions order, oldest revision first."""
    rows = []
    for reg in _regulations(county):
        v = reg.village
        for r in reg.revisions:
            for n in r.numbered():
                a = n.article
                rows.append({
                    "village_id": v.id, "village_zh": v.name.zh, "township_id": v.township,
                    "revision_date": r.key, "kind": r.kind,
                    "current": "yes" if r is reg.current else "no",
                    "article_id": a.id, "number": str(n.number),
                    "chapter_id": n.chapter.id, "chapter_zh": n.chapter.title.zh,
                    "zh": a.text.zh, "bo": a.text.bo or "", "bo_status": a.text.bo_status,
                    "phrases": ";".join(a.phrases),
                })
    return rows


def points_rows(county: County) -> list[dict[str, str]]:
    """One row per provision of the current regulations, in article order (the 积分细则)."""
    rows = []
    for reg in _regulations(county):
        for n in reg.current.numbered():
            for p in n.article.provisions:
                rows.append({
                    "village_id": reg.village.id, "village_zh": reg.village.name.zh,
                    "revision_date": reg.current.key, "article_id": n.id, "number": str(n.number),
                    "kind": p.kind, "points": "" if p.points is None else str(p.points),
                    "measures": ";".join(p.measures),
                    "measures_zh": ";".join(county.points.measure(m).name.zh for m in p.measures)
                    if county.points else "",
                    "condition_zh": p.condition.zh, "condition_bo": p.condition.bo or "",
                    "bo_status": p.condition.bo_status,
                })
    return rows


def points_csv(county: County) -> bytes:
    """The points tables as a spreadsheet, written like the articles CSV."""
    return _csv(POINTS_COLUMNS, points_rows(county))


def articles_csv(county: County) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, RFC 4180 quoting.

    Text is written as it is: a comma, a quote or a line break inside a field is quoted, never
    changed. Line breaks inside a text stay as they are in the data (LF). The one exception: a
    text cell that a spreadsheet would run as a formula gets a leading `'` (`neutralise`).
    """
    return _csv(CSV_COLUMNS, csv_rows(county))


# Columns whose every cell this module writes from a whole number (an article's number, a
# provision's points): a reader's spreadsheet must see -5 as a number, so these are not
# neutralised; a cell of them that is not a plain integer is treated like text.
NUMBER_COLUMNS = frozenset({"number", "points"})
INTEGER = re.compile(r"^-?[0-9]+$")
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`): CSV injection. OWASP's defence is a leading
# apostrophe, which makes the spreadsheet show the cell as text. The JSON files keep the text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A text cell as a spreadsheet must read it: `=1+1` -> `'=1+1`; other text unchanged."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _cell(column: str, value: str) -> str:
    if column in NUMBER_COLUMNS and INTEGER.match(value):
        return value
    return neutralise(value)


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    writer.writerows({k: _cell(k, v) for k, v in row.items()} for row in rows)
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


__all__ = ["files", "index", "village", "totals", "csv_rows", "articles_csv", "points_csv",
           "schema", "CSV_COLUMNS"]
