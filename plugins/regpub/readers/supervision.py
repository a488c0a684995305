"""supervision.yaml: each village's supervision group (head-counts only) and its records."""
from __future__ import annotations

import re

from .. import model as m
from ..fields import Fields, is_plain
from ..paths import VILLAGES
from .source import Source

ROLES = ("leader", "deputy", "member", "liaison")
HEAD_COUNT = re.compile(r"^[0-9]+$")  # ASCII digits only: `²` or `５` is not a head-count


def read_supervision(source: Source, regulations: dict[str, m.Regulation],
                     villages: set[str]) -> dict[str, m.SupervisionGroup]:
    """Read after the revisions: a record names an article of one of them."""
    opened = source.open_optional("supervision.yaml")
    if opened is None:
        return {}
    node, ctx = opened
    top = Fields.of(node, ctx, "supervision groups") if node is not None else None
    if top is None:
        return {}
    groups: dict[str, m.SupervisionGroup] = {}
    for item in top.list("groups"):
        f = Fields.of(item, ctx, "supervision group")
        if f is None:
            continue
        vid = f.id("village")
        f.where = f"supervision group of '{vid}'"
        if vid and vid not in villages:
            ctx.report(f.values["village"][1], f"{f.where}: '{vid}' is not a village in "
                       "divisions.yaml", "use a village id from divisions.yaml", "unknown-village")
        roles = _roles(f)
        regulation = regulations.get(vid)
        records = []
        for rnode in f.list("enforcement", required=False):
            r = Fields.of(rnode, ctx, f"{f.where} > enforcement")
            if r is None:
                continue
            start, end = r.date("from"), r.date("to")
            article = r.id("article")
            if article and start and regulation:
                _check_record_article(source, r, regulation, start, article)
            if start and end and end < start:
                ctx.report(r.values["to"][1], f"{r.where}: the period ends before it starts",
                           "check the dates", "date-order")
            records.append(m.EnforcementRecord(start, end, article or "",
                                               r.int("dissuaded", required=False) or 0,
                                               r.int("corrected", required=False) or 0))
            r.done()
        supermarket = bool(f.bool("supermarket", required=False))
        f.done()
        if vid in groups:
            ctx.report(item, f"{f.where}: a second group for the same village",
                       "one supervision group per village", "duplicate-id")
        elif vid:
            groups[vid] = m.SupervisionGroup(vid, tuple(roles), tuple(records), supermarket)
    top.done()
    return groups


def _roles(f: Fields) -> list[tuple[str, int]]:
    """The group's `roles`: a head-count per role, never a person's name."""
    roles = []
    roles_f = f.mapping("roles")
    if not roles_f:
        return roles
    ctx = f.ctx
    for role, (key_node, value) in roles_f.values.items():
        roles_f.used.add(role)
        if role not in ROLES:
            ctx.report(key_node, f"{f.where}: unknown role '{role}'",
                       f"roles are: {', '.join(ROLES)} (head-counts only)", "unknown-field")
            continue
        # scalar(): a single value that passed the content guards, like any field
        count = roles_f.scalar(role)
        if count is None:
            pass
        elif not (count.value.isdigit() and is_plain(count)):
            ctx.report(value, f"{f.where}: role '{role}' is '{count.value}'"
                       ", which looks like a person's name", "list head-counts only, e.g. "
                       f"{role}: 3; names of people never go on the site", "personal-data")
        elif not HEAD_COUNT.match(count.value):  # ², ５: digits, not a number
            ctx.report(value, f"{f.where}: role '{role}' is '{count.value}', not a "
                       "head-count", f"write the number in digits 0-9, e.g. {role}: 3",
                       "wrong-type")
        elif len(count.value) > 4:  # also keeps int() off a 5,000-digit number
            ctx.report(value, f"{f.where}: role '{role}' has {len(count.value)} digits, "
                       "not a head-count", f"write how many people are {role}, e.g. "
                       f"{role}: 3", "out-of-range")
        else:
            roles.append((role, int(count.value)))
    return roles


def _check_record_article(source: Source, r: Fields, regulation: m.Regulation, start,
                          article: str) -> None:
    """A record refers to an article of the revision in force when its period began (the
    points page links it there, with that revision's number): a later revision that drops
    or renames the article leaves the record valid."""
    folder = source.shown(source.root / VILLAGES / regulation.village.id) + "/"
    if any(p.path.startswith(folder) for p in source.problems):
        return  # a revision with problems may have lost the article, or itself, to them
    in_force = regulation.in_force(start)
    if in_force is None:
        r.ctx.report(r.values["from"][1], f"{r.where}: the period starts on {start}, before "
                     f"the village's first regulation ({regulation.revisions[0].adopted})",
                     "check the dates", "date-order")
    elif article not in {n.id for n in in_force.numbered()}:
        r.ctx.report(r.values["article"][1], f"{r.where}: article '{article}' is not in the "
                     f"regulation in force on {start} (revision of {in_force.adopted})",
                     f"use an article id of {in_force.source}", "unknown-article")
