"""Published revisions never change silently.

`regulations/published.lock` records, for every published revision file, the SHA-256 of its
bytes and a fingerprint of each article, so that an edit is refused with what changed, not just
"hash mismatch". A real correction (a typo in a published text) is recorded in
`regulations/corrections.yaml` with the new file's SHA-256 and a reason in both languages; the
build then accepts the file and the revision's page shows the correction.

`python build.py lock` adds the revisions that are not locked yet; it never rewrites an entry.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import yaml

from . import model as m
from .fields import Context, Fields
from .problems import Problem
from .yamlsource import read

LOCK_NAME = "published.lock"
CORRECTIONS_NAME = "corrections.yaml"
LOCK_HEADER = """\
# Published revisions and their fingerprints. Written by `python build.py lock`; do not edit.
# A locked revision may not change: adopt a new revision, or record a correction in
# corrections.yaml (file, date, sha256 of the corrected file, reason in both languages).
"""


META = "title, summary, votes or meeting"


def _fingerprint(text: m.Text | None) -> str:
    if text is None:
        return ""
    raw = "\x1f".join([text.zh, text.bo or "", text.bo_status])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def fingerprints(revision: m.Revision) -> dict[str, str]:
    """What the lock remembers of a revision besides its hash: each article and the metadata."""
    prints = {META: _fingerprint(m.Text(
        "\x1f".join([revision.kind, str(revision.votes), str(revision.filed), revision.title.zh,
                     revision.summary.zh, revision.body.zh]),
        "\x1f".join([revision.title.bo or "", revision.summary.bo or "", revision.body.bo or ""])))}
    for n in revision.numbered():
        a = n.article
        zh = f"{n.chapter.id}\x1f{n.number}\x1f{a.text.zh}\x1f{','.join(a.phrases)}"
        if a.provisions:  # the points an article gives or costs are part of what was adopted
            zh += "\x1f" + "\x1e".join(f"{p.kind}:{p.points}:{','.join(p.measures)}:{p.condition.zh}:"
                                       f"{p.condition.bo or ''}" for p in a.provisions)
        prints[a.id] = _fingerprint(m.Text(zh, a.text.bo, a.text.bo_status))
    return prints


def _key(revision: m.Revision) -> str:
    return f"villages/{revision.village}/{revision.key}.yaml"


def describe_change(locked: dict[str, str], now: dict[str, str]) -> str:
    def name(key: str) -> str:
        return key if key == META else f"article '{key}'"

    parts = [f"{name(k)} changed" for k in now if k in locked and locked[k] != now[k]]
    parts += [f"{name(k)} added" for k in now if k not in locked]
    parts += [f"{name(k)} removed" for k in locked if k not in now]
    return "; ".join(parts) or "the file's bytes changed (formatting or comments only)"


def read_lock(root: Path) -> dict[str, dict]:
    path = root / LOCK_NAME
    if not path.is_file():
        return {}
    # The lock is written by `write_lock`, never by hand: libyaml's safe loader reads it ten
    # times faster than PyYAML's Python one (a county's lock is ~100 entries, a region's 10,000).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}


def read_corrections(root: Path, shown: str, problems: list[Problem]) -> list[m.Correction]:
    path = root / CORRECTIONS_NAME
    if not path.is_file():
        return []
    node, found = read(path, shown)
    problems.extend(found)
    if node is None:
        return []
    ctx = Context(shown, problems)
    top = Fields.of(node, ctx, "corrections file")
    if top is None:
        return []
    from .load import text_of  # the same bilingual-text rules as everywhere

    out = []
    for item in top.list("corrections"):
        f = Fields.of(item, ctx, "correction")
        if f is None:
            continue
        correction = m.Correction(f.text("file") or "", f.date("date"), f.text("sha256") or "",
                                  text_of(f.mapping("reason")))
        f.done()
        out.append(correction)
    top.done()
    return out


def check(root: Path, shown_root: str, county: m.County, problems: list[Problem]) -> m.County:
    """Refuse edited locked revisions (unless corrected); attach corrections to revisions."""
    locked = read_lock(root)
    corrections = read_corrections(root, f"{shown_root}/{CORRECTIONS_NAME}", problems)
    by_file: dict[str, list[m.Correction]] = {}
    for c in corrections:
        by_file.setdefault(c.file, []).append(c)
    regulations = {}
    for vid, regulation in county.regulations.items():
        revisions = []
        for revision in regulation.revisions:
            key = _key(revision)
            entry = locked.get(key)
            accepted = [c for c in by_file.get(key, []) if c.sha256 == revision.digest]
            if entry and entry.get("sha256") != revision.digest and not accepted:
                what = describe_change(entry.get("articles", {}), fingerprints(revision))
                problems.append(Problem(
                    revision.source, 1, f"published revision was edited: {what}",
                    "a published revision never changes: undo the edit (git checkout -- FILE) and "
                    "adopt a new revision, or record a correction in regulations/corrections.yaml "
                    f"with sha256: {revision.digest}", "locked-revision"))
            revisions.append(replace(revision, corrections=tuple(by_file.get(key, ()))))
        regulations[vid] = replace(regulation, revisions=tuple(revisions))
    for c in corrections:
        if not any(_key(r) == c.file for reg in regulations.values() for r in reg.revisions):
            problems.append(Problem(f"{shown_root}/{CORRECTIONS_NAME}", 1,
                                    f"correction for '{c.file}', which is not a revision",
                                    "write the path as villages/<village-id>/<YYYY-MM-DD>.yaml",
                                    "unknown-correction"))
    return replace(county, regulations=regulations)


def write_lock(root: Path, county: m.County) -> list[str]:
    """Add every revision not yet locked; return the keys added. Existing entries stay as they are."""
    locked = read_lock(root)
    added = []
    for regulation in county.regulations.values():
        for revision in regulation.revisions:
            key = _key(revision)
            if key not in locked:
                locked[key] = {"sha256": revision.digest, "articles": fingerprints(revision)}
                added.append(key)
    if added:
        body = yaml.safe_dump(dict(sorted(locked.items())), allow_unicode=True, sort_keys=False,
                              width=200)
        tmp = root / (LOCK_NAME + ".tmp")
        tmp.write_text(LOCK_HEADER + body, encoding="utf-8")
        tmp.replace(root / LOCK_NAME)  # never a half-written lock
    return added
