"""corrections.yaml and withdrawn.yaml: recorded changes of published revisions.

Read here, with the data's own rules; lock.check decides whether they hold.
"""
from __future__ import annotations

from datetime import date

from .. import lock
from .. import model as m
from ..fields import Fields
from .source import Source
from .text import text


def read_corrections(source: Source) -> list[m.Correction]:
    out = []
    for f, file in _records(source, lock.CORRECTIONS_NAME, "corrections", "correction"):
        out.append(m.Correction(file, f.date("date"), f.text("sha256") or "",
                                text(f.mapping("reason"), close=True), f.ctx.path, f.line))
        f.done()
    return out


def read_withdrawals(source: Source) -> list[m.Withdrawal]:
    out = []
    for f, file in _records(source, lock.WITHDRAWN_NAME, "withdrawn", "withdrawal"):
        named = lock.KEY.fullmatch(file)
        try:
            adopted = date.fromisoformat(named.group(2)) if named else None
        except ValueError:  # 2025-02-30.yaml: lock.check reports it as no revision file
            adopted = None
        out.append(m.Withdrawal(file, adopted, f.date("date"),
                                text(f.mapping("reason"), close=True), f.ctx.path, f.line))
        f.done()
    return out


def _records(source: Source, name: str, key: str, what: str):
    """The items of the list `key` in the optional file `name`, with their 'file' field."""
    opened = source.open_optional(name)
    if opened is None:
        return
    node, ctx = opened
    top = Fields.of(node, ctx, f"{name}") if node is not None else None
    if top is None:
        return
    for item in top.list(key):
        f = Fields.of(item, ctx, what)
        if f is None:
            continue
        file = f.text("file") or ""
        f.where = f"{what} of '{file}'"
        yield f, file
    top.done()
