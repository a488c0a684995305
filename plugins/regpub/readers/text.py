"""A bilingual text mapping: zh, bo, bo_status, and the translation's lifecycle fields.

Every reader reads its texts here, so that every text passes the same checks: the script of
each language (guards.check_script), the Tibetan spelling (syllablecheck.check_bo) and the
translation lifecycle: review record, outdated, glossary terms (translation.read_lifecycle).
"""
from __future__ import annotations

from .. import model as m
from .. import translation
from ..fields import Fields
from ..guards import check_script
from ..syllablecheck import check_bo


def text(f: Fields | None, close: bool = False) -> m.Text:
    """Read zh / bo / bo_status from `f` (the mapping may hold other fields too)."""
    if f is None:
        return m.Text("")
    zh = f.text("zh") or ""
    if zh:
        check_script(f.ctx, f.values["zh"][1], zh, "zh", f"{f.where}: 'zh'")
    status = f.choice("bo_status", m.TRANSLATION_STATUSES)  # None: absent or invalid
    bo = f.text("bo", required=status in ("draft", "reviewed", "outdated"))
    if bo is not None:
        check_script(f.ctx, f.values["bo"][1], bo, "bo", f"{f.where}: 'bo'")
        check_bo(f.ctx, f.values["bo"][1], f.where, bo, status or "draft")
        if status == "missing":
            f.ctx.report(f.values["bo"][1], f"{f.where}: has 'bo' text but bo_status is "
                         "missing", "set bo_status: draft (or reviewed once a translator "
                         "checked it)", "status-mismatch")
    status = status or ("draft" if bo else "missing")  # the problem is already reported
    result = translation.read_lifecycle(f, zh, bo, status)  # bo_review, bo_was; outdated
    if close:
        f.done()
    return result


def optional_text(f: Fields, name: str) -> m.Text | None:
    sub = f.mapping(name, required=False)
    return text(sub, close=True) if sub else None


def text_of(f: Fields | None) -> m.Text:
    """A bilingual text mapping on its own (zh, bo, bo_status and nothing else)."""
    return text(f, close=True)
