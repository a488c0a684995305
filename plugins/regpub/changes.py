"""The /changes/ page's filter index: every revision of the county in one compact inline JSON,
filtered in the browser (assets/javascripts/changes.js) by township, village, kind and date.

Everything a row shows is written here in the page's language (dates in its script and digits,
names with the language they are in, kind labels, links): the script only chooses and arranges
rows, it formats nothing, so a Tibetan page stays Tibetan. A row is a list, not an object: at
102 revisions the index is ~20 KB in Chinese; keys repeated per row would double it.
"""
from __future__ import annotations

import json
from typing import Callable

from markupsafe import Markup

from .addresses import Address, Addresses
from .messages import Messages
from .model import REVISION_KINDS, County, Name, Regulation, Revision, Text

FIRST_SHOWN = 20  # revisions listed before "more" (and the whole list without the script)


def _in_lang(value: Text | Name, lang: str) -> tuple[str, str]:
    """A text or name in the page's language, with the language it is really in ("" when it is
    the page's): the script marks a Chinese stand-in with lang="zh" (as macros.body_text does:
    a missing or outdated Tibetan is never shown as current)."""
    if lang == "zh" or not value.bo or getattr(value, "bo_status", "") in ("missing", "outdated"):
        return value.zh, "" if lang == "zh" else "zh"
    return value.bo, ""


def month_key(revision: Revision) -> str:
    return revision.adopted.isoformat()[:7]


def index(county: County, revisions: list[tuple[Regulation, Revision]], lang: str,
          messages: Messages, link: Callable[[Address], str], addr: Addresses) -> dict:
    """{villages: [[id, township id, name, lang]],
    kinds: {kind: label}, months: {YYYY-MM: label}, rows: [[adopted ISO, date as shown,
    village index, kind, revision link, comparison link or "", summary, its lang]]}, newest
    first."""
    villages, village_at = [], {}
    for t in county.townships:
        for v in t.villages:
            village_at[v.id] = len(villages)
            villages.append([v.id, t.id, *_in_lang(v.name, lang)])
    rows, months = [], {}
    for regulation, r in revisions:
        before = regulation.predecessor(r)
        months.setdefault(month_key(r), messages("changes_month", year=r.adopted.year,
                                                 month=r.adopted.month))
        rows.append([r.key, messages.date(r.adopted), village_at[r.village], r.kind,
                     link(addr.revision(r)), link(addr.compare(before, r)) if before else "",
                     *_in_lang(r.summary, lang)])
    kinds = {k: messages(f"kind_{k}") for k in REVISION_KINDS}
    return {"villages": villages, "kinds": kinds, "months": months, "rows": rows}


def island(data: dict) -> Markup:
    """`data` as JSON to put inside <script type="application/json">: the Tibetan as UTF-8, not
    \\u escapes (a third of the bytes), and `<`, `>`, `&` escaped so that no text of the data can
    end the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
