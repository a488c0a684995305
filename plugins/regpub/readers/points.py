"""points.yaml, the county's points system, and the provisions of an article that use it."""
from __future__ import annotations

from .. import model as m
from ..fields import Fields
from .source import Source
from .text import text


def read_points(source: Source) -> m.PointsRules | None:
    """None if the county has no points.yaml (then no article may have provisions)."""
    opened = source.open_optional("points.yaml")
    if opened is None:
        return None
    node, ctx = opened
    top = Fields.of(node, ctx, "points rules") if node is not None else None
    if top is None:
        return None
    limits = top.mapping("range")
    low = high = 0
    if limits:
        low = limits.int("min", minimum=None) or 0
        high = limits.int("max", minimum=None) or 0
        if low > high:  # every provision would then be "outside the range 20..-20"
            ctx.report(limits.node, f"points range: min {low} is above max {high}",
                       "write the lower bound as min, e.g. range: {min: -50, max: 50}",
                       "points-range")
        limits.done()
    measures, seen = [], {}
    for item in top.list("measures"):
        f = Fields.of(item, ctx, "measure")
        if f is None:
            continue
        mid = f.unique_id(seen, "measure")
        measure = m.Measure(mid or "", text(f.mapping("name"), close=True))
        f.done()
        if mid:
            measures.append(measure)
    top.done()
    return m.PointsRules(low, high, tuple(measures))


def read_provisions(a: Fields, rules: m.PointsRules | None) -> tuple[m.Provision, ...]:
    """The `provisions` of the article `a`, checked against the county's points `rules`."""
    out = []
    for node in a.list("provisions", required=False):
        f = Fields.of(node, a.ctx, f"{a.where} > provision")
        if f is None:
            continue
        if rules is None:
            a.ctx.report(node, f"{a.where}: provisions but no regulations/points.yaml",
                         "create points.yaml with the county's range and measures",
                         "points-range")
            continue
        kind = f.choice("kind", m.PROVISION_KINDS)
        points = f.int("points", required=False, minimum=None)
        if points is not None and not rules.minimum <= points <= rules.maximum:
            a.ctx.report(f.values["points"][1], f"{f.where}: {points} points is outside the "
                         f"county's range {rules.minimum}..{rules.maximum}",
                         "the range is set once for the county in regulations/points.yaml",
                         "points-range")
        elif points is not None and kind == "reward" and points <= 0 or \
                points is not None and kind == "penalty" and points >= 0 or \
                points is not None and kind == "education":
            sign = {"reward": "more than 0", "penalty": "less than 0",
                    "education": "left out"}[kind]
            a.ctx.report(f.values["points"][1], f"{f.where}: a {kind} with {points} points",
                         f"points of a {kind} are {sign}", "points-sign")
        measures = []
        known = {x.id for x in rules.measures}
        for mid, mnode in f.id_list("measures"):
            if mid not in known:
                a.ctx.report(mnode, f"{f.where}: unknown measure '{mid}'",
                             f"use one of: {', '.join(sorted(known))}" if known else
                             "add the measure to regulations/points.yaml", "unknown-measure")
            else:
                measures.append(mid)
        if kind == "penalty" and points is None and not measures:
            a.ctx.report(node, f"{f.where}: a penalty with neither points nor measures",
                         "give its points (e.g. -5) or its measures", "missing-field")
        condition = text(f.mapping("condition"), close=True)
        f.done()
        out.append(m.Provision(kind or "", condition, points, tuple(measures)))
    return tuple(out)
