"""divisions.yaml: the county, its townships and their villages, with their names."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import model as m
from ..fields import Fields
from ..guards import check_script
from ..paths import DIVISIONS
from ..syllablecheck import check_bo
from .source import Source


@dataclass(frozen=True)
class Divisions:
    code: str
    name: m.Name
    pinyin: str
    townships: tuple[m.Township, ...]
    path: str  # as shown in messages
    # village id -> its line, for a problem about the village found elsewhere (no folder)
    village_lines: dict[str, int] = field(default_factory=dict)

    @property
    def villages(self) -> dict[str, m.Village]:
        return {v.id: v for t in self.townships for v in t.villages}


def read_divisions(source: Source) -> Divisions | None:
    """None if the file is missing or lacks the county's code or name (all reported)."""
    node, ctx = source.open(source.root / DIVISIONS)
    if node is None:
        return None
    top = Fields.of(node, ctx, "divisions")
    if top is None:
        return None
    county = top.mapping("county")
    code = name = pinyin = None
    if county:
        code = county.text("code")
        name = read_name(county.mapping("name"))
        pinyin = county.text("pinyin")
        county.done()
    townships = []
    seen: dict[str, int] = {}
    township_ids: dict[str, int] = {}
    village_lines: dict[str, int] = {}
    for t_node in top.list("townships"):
        t = Fields.of(t_node, ctx, "township")
        if t is None:
            continue
        tid = t.unique_id(township_ids, "township")
        t.where = f"township '{tid}'"
        villages = []
        for v_node in t.list("villages"):
            v = Fields.of(v_node, ctx, f"village in {t.where}")
            if v is None:
                continue
            vid = v.unique_id(seen, "village")
            v.where = f"village '{vid}'"
            village = m.Village(vid or "", v.text("code") or "",
                                v.choice("kind", ("village", "residents_committee")) or "",
                                read_name(v.mapping("name")), v.text("pinyin") or "",
                                tid or "", aliases(v))
            v.done()
            if vid:
                village_lines[vid] = seen[vid]
                villages.append(village)
        townships.append(m.Township(tid or "", t.text("code") or "",
                                    t.choice("kind", ("town", "township")) or "",
                                    read_name(t.mapping("name")), t.text("pinyin") or "",
                                    tuple(villages), aliases(t)))
        t.done()
    top.done()
    if code is None or name is None:
        return None
    return Divisions(code, name, pinyin or "", tuple(townships), ctx.path, village_lines)


def read_name(f: Fields | None, fallback: str = "") -> m.Name:
    """A place name: zh, and a Tibetan spelling whose status is published or unverified."""
    if f is None:
        return m.Name(fallback)
    zh = f.text("zh") or fallback
    bo = f.text("bo", required=False)
    status = f.choice("bo_status", m.NAME_STATUSES, required=bo is not None)
    if bo is not None:
        check_script(f.ctx, f.values["bo"][1], bo, "bo", f"{f.where}: 'bo'")
        check_bo(f.ctx, f.values["bo"][1], f.where, bo, status)
    if status and bo is None:
        f.ctx.report(f.values["bo_status"][1], f"{f.where}: bo_status without a 'bo' spelling",
                     "add the Tibetan spelling or remove bo_status", "status-without-text")
    f.done()
    return m.Name(zh, bo, status if bo else None)


def aliases(f: Fields) -> tuple[str, ...]:
    return f.text_list("aliases")  # other names people search by: guarded like any text
