"""Published revisions never change silently, and never disappear silently.

`regulations/published.lock` records, for every published revision file, the SHA-256 of its
text (line endings normalised, see yamlsource.text_digest) and its fingerprints: one short hash
or value per part of the revision (the revision's facts, each chapter, article, feedback item),
split in two halves:

- **adopted**: what the meeting adopted: every Chinese text, the structure (chapters, article
  order and numbers), phrases, provisions, reasons, feedback and outcomes, votes, kind, sample...
- **translation**: every Tibetan part of a text: in a text mapping, every key but `zh` (`bo`,
  `bo_status`, `bo_review`, `bo_was` ...: in the model every field of `Text` but `zh`).

On every load each locked revision is compared part by part, whatever its hash says:

- an adopted part changed: an error naming what changed ("article 'fire' reason changed"),
  unless the newest correction of the file in `corrections.yaml` names its current SHA-256;
- only translation parts changed: accepted (translation work goes on after publication; git and
  the `bo_status` of each text track it) and reported as a notice;
- nothing in the model changed but the bytes did: an error ("formatting or comments only").

A locked revision whose file is gone is an error naming it, unless `withdrawn.yaml` records its
withdrawal. The lock itself is guarded by `published.lock.sum` (count and digest of its entries,
committed beside it) and, inside a git work tree, by the lock at HEAD: a deleted, emptied or
shrunk lock is refused.

The loader reads corrections.yaml and withdrawn.yaml (they are data, with the data's rules) and
hands `check` the model; this module reads only the lock, its .sum, and file bytes.

`python build.py lock` adds the revisions that are not locked yet, records in an entry the
newest correction of its file (the corrected adopted prints), and records the translation state
of locked revisions whose adopted parts are unchanged (their sha256 and translation prints, so
the check stops reporting translation work already seen); it never changes an adopted print.
At git HEAD, an entry may so change its sha256, never its adopted prints.
`python build.py lock --migrate` rewrites the lock in the current format, entry by entry, only
after checking each file still has the SHA-256 the lock recorded.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from . import model as m
from .problems import Problem
from .yamlsource import line_of, parse, read, text_digest

LOCK_NAME = "published.lock"
SUM_NAME = "published.lock.sum"
CORRECTIONS_NAME = "corrections.yaml"
WITHDRAWN_NAME = "withdrawn.yaml"
LOCK_HEADER = """\
# Published revisions and their fingerprints. Written by `python build.py lock`; do not edit.
# A locked revision may not change: adopt a new revision, or record a correction in
# corrections.yaml (file, date, sha256 of the corrected file, reason in both languages).
# Its Tibetan may change (translation work); see plugins/regpub/lock.py.
"""
SUM_HEADER = """\
# Evidence of published.lock: how many revisions it locks and a digest of its entries.
# Written by `python build.py lock` together with the lock; commit both. Do not edit.
"""
# Used with fullmatch: `$` would let a trailing newline through.
KEY = re.compile(r"villages/([a-z0-9][a-z0-9-]*)/([0-9]{4}-[0-9]{2}-[0-9]{2})\.yaml")
HEX64 = re.compile(r"[0-9a-f]{64}")
COUNT = re.compile(r"[0-9]{1,12}")  # the entries of a lock: a count, never a 5,000-digit number
REVISION = "revision"  # the entity of the revision's own facts (kind, votes, title ...)
# Aspects stored as their value, not a hash, so that a change says "from X to Y".
VALUE_ASPECTS = ("sample", "kind", "votes", "filed", "in_force", "chapters", "chapter", "number",
                 "phrases", "feedback", "outcome")
# Tags that YAML gives plain values by itself; anything else (!!python/object ...) is refused.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in
               ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
# The lock grows with the county (~4.5 KB per revision): a region of 10,000 revisions is 45 MB.
LOCK_MAX_BYTES = 100_000_000
_SHOWN_CHANGES = 8  # a message names this many changes, then counts the rest
SHOWN_TRANSLATION_FILES = 5  # the check lists this many files with translation work, or sums up
# An entity's prints are one line, "chapter=general; number=7; text=14f3464d498ecc8e": a third of
# the YAML nodes of a mapping per entity, and reading the lock is mostly per-node work. Prints
# are ids, numbers, dates and hex digits: never a ';' or an '='.
ASPECT_SEPARATOR = "; "


# -- fingerprints --------------------------------------------------------------------------------

Parts = dict[str, dict[str, str]]  # entity ("article 'fire'") -> aspect ("reason") -> print


@dataclass(frozen=True)
class Prints:
    """A revision's fingerprints: its adopted parts and its translation parts."""

    adopted: Parts
    translation: Parts


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _translation_print(text: m.Text) -> str:
    """Every field of a text but its Chinese. Empty fields are left out, so a field added to
    the model later (empty in every locked file) does not change the prints of the past."""
    parts = [f"{f.name}={getattr(text, f.name)!r}" for f in dataclasses.fields(text)
             if f.name != "zh" and getattr(text, f.name) not in (None, "", ())]
    return _hash("\x1f".join(parts))


def fingerprints(revision: m.Revision) -> Prints:
    """What the lock remembers of a revision, part by part."""
    adopted: Parts = {}
    translation: Parts = {}

    def text(entity: str, aspect: str, value: m.Text | None) -> None:
        if value is not None:
            adopted.setdefault(entity, {})[aspect] = _hash(value.zh)
            translation.setdefault(entity, {})[aspect] = _translation_print(value)

    facts = adopted.setdefault(REVISION, {})
    facts["sample"] = "true" if revision.sample else "false"
    facts["kind"] = revision.kind
    if revision.votes:
        v = revision.votes
        facts["votes"] = ", ".join(f"{name} {'-' if n is None else n}" for name, n in
                                   (("for", v.for_), ("against", v.against), ("abstain", v.abstain)))
    if revision.filed:
        facts["filed"] = revision.filed.isoformat()
    if revision.in_force:  # only when stated: the prints of every other revision stay as locked
        facts["in_force"] = revision.in_force.isoformat()
    facts["chapters"] = ", ".join(c.id for c in revision.chapters)
    for name in ("title", "summary", "body"):
        text(REVISION, name, getattr(revision, name))
    # Only when present, so that the prints of every revision without them stay as locked.
    text(REVISION, "preamble", revision.preamble)
    if revision.closing:
        adopted[REVISION]["closing"] = _hash("\x1e".join(x.zh for x in revision.closing))
        translation[REVISION]["closing"] = _hash("\x1e".join(
            _translation_print(x) for x in revision.closing))
    for removal in revision.removed:  # only when present: the prints of the past stay as locked
        entity = f"removed '{removal.article}'"
        adopted[entity] = {"feedback": ", ".join(removal.feedback)}
        text(entity, "reason", removal.reason)
    if revision.review:
        facts["meetings"] = _hash(";".join(f"{x.id} {x.date} {x.participants}"
                                           for x in revision.review.meetings))
        for item in revision.review.feedback:
            entity = f"feedback '{item.id}'"
            adopted.setdefault(entity, {})["outcome"] = item.outcome
            text(entity, "text", item.text)
            text(entity, "why", item.why)
    for chapter in revision.chapters:
        text(f"chapter '{chapter.id}'", "title", chapter.title)
    for n in revision.numbered():
        a = n.article
        entity = f"article '{a.id}'"
        adopted[entity] = {"chapter": n.chapter.id, "number": str(n.number)}
        if a.structured:  # each paragraph and item on its own, so a change names it
            adopted[entity]["parts"] = ", ".join(path for path, _ in a.parts())  # their order
            for path, part in a.parts():
                text(entity, f"{'item' if '/' in path else 'paragraph'} '{path}'", part)
        else:  # a plain article: as locked before paragraphs existed
            text(entity, "text", a.text)
        if a.phrases:
            adopted[entity]["phrases"] = ", ".join(a.phrases)
        if a.feedback:
            adopted[entity]["feedback"] = ", ".join(a.feedback)
        text(entity, "reason", a.reason)
        if a.provisions:  # the points an article gives or costs are part of what was adopted
            adopted[entity]["provisions"] = _hash("\x1e".join(
                f"{p.kind}:{p.points}:{','.join(p.measures)}:{p.condition.zh}" for p in a.provisions))
            translation.setdefault(entity, {})["provisions"] = _hash("\x1e".join(
                _translation_print(p.condition) for p in a.provisions))
    return Prints(adopted, translation)


def _describe(entity: str, aspect: str, change: str, old: str = "", new: str = "") -> str:
    name = aspect if entity == REVISION else f"{entity} {aspect}"
    if change == "changed" and aspect in VALUE_ASPECTS:
        return f"{name} changed from {old or '-'} to {new or '-'}"
    return f"{name} {change}"


def compare(locked: Parts, now: Parts) -> list[str]:
    """What differs between two sets of parts, in the revision's order: 'article 'fire' added',
    'chapter 'general' title changed', 'sample changed from true to false'."""
    out = []
    for entity, aspects in now.items():
        if entity not in locked:
            out.append(f"{entity} added")
            continue
        before = locked[entity]
        for aspect, value in aspects.items():
            if aspect not in before:
                out.append(_describe(entity, aspect, "added"))
            elif before[aspect] != value:
                out.append(_describe(entity, aspect, "changed", before[aspect], value))
        out += [_describe(entity, aspect, "removed") for aspect in before if aspect not in aspects]
    out += [f"{entity} removed" for entity in locked if entity not in now]
    return out


@dataclass(frozen=True)
class Changes:
    """How a revision differs from its lock entry."""

    adopted: tuple[str, ...]  # descriptions: "article 'fire' reason changed"
    translation: tuple[str, ...]  # the texts whose Tibetan changed: "article 'fire' text changed"
    bytes_changed: bool  # the file's SHA-256 differs from the locked one

    @property
    def formatting_only(self) -> bool:
        return self.bytes_changed and not self.adopted and not self.translation


def changes(entry: "Entry", revision: m.Revision, correction: m.Correction | None = None) -> Changes:
    """Which parts of `revision` changed since `entry` locked it (translation.py may use it);
    given the file's newest correction, adopted parts compare with the corrected file."""
    now = fingerprints(revision)
    return Changes(tuple(compare(entry.adopted_since(correction), now.adopted)),
                   tuple(compare(entry.translation, now.translation)),
                   entry.sha256 != revision.digest)


def changes_since_locked(root: Path, county: m.County) -> dict[str, Changes]:
    """For each locked revision of a loaded county, what changed since it was locked, by its
    file (villages/<id>/<date>.yaml). An unreadable lock gives {} (the load reported it)."""
    lock = read_lock(root, root.name, [])
    return {_key(r): changes(lock.entries[_key(r)], r, _newest(list(r.corrections)))
            for reg in county.regulations.values()
            for r in reg.revisions if _key(r) in lock.entries and not lock.entries[_key(r)].old_format}


def _key(revision: m.Revision) -> str:
    """The revision's file, as the lock names it: by the file it was read from, not by its
    adopted date (a renamed file keeps its date and must not pass for the original)."""
    parts = revision.source.split("/")
    if len(parts) >= 3 and parts[-3] == "villages":
        return "/".join(parts[-3:])
    return f"villages/{revision.village}/{revision.key}.yaml"


def _listed(items: list[str]) -> str:
    more = len(items) - _SHOWN_CHANGES
    return "; ".join(items[:_SHOWN_CHANGES]) + (f"; and {more} more" if more > 0 else "")


# -- reading the lock ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    sha256: str
    adopted: Parts
    translation: Parts
    line: int = 1
    old_format: bool = False  # a format-1 entry (`articles:`), readable by --migrate only
    # After a correction: its sha256 and the adopted prints of the corrected file, recorded by
    # `build.py lock`, so that translation work on a corrected revision goes on as on any other.
    corrected: tuple[str, Parts] | None = None

    def adopted_since(self, correction: m.Correction | None) -> Parts:
        """The adopted prints a file is compared with: the corrected ones once `lock` recorded
        the file's newest correction, else those it was published with."""
        if correction and self.corrected and self.corrected[0] == correction.sha256:
            return self.corrected[1]
        return self.adopted


@dataclass
class Lock:
    """The lock as read: its entries, and whether it was there at all."""

    state: str  # "file", "missing", "folder" or "broken" (problems were reported)
    entries: dict[str, Entry]

    def digest(self) -> str:
        """What published.lock.sum records: comments, order and line endings do not count."""
        data = {k: [e.sha256, e.adopted, e.translation] + ([list(e.corrected)] if e.corrected else [])
                for k, e in self.entries.items()}
        return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False,
                                         separators=(",", ":")).encode("utf-8")).hexdigest()


class _Shape:
    """Reads a YAML node tree of plain values, reporting every wrong shape as 'lock-format'."""

    def __init__(self, shown: str, problems: list[Problem], what: str):
        self.shown, self.problems, self.what = shown, problems, what

    def bad(self, node: Node, message: str) -> None:
        self.problems.append(Problem(
            self.shown, line_of(node), message,
            f"{self.what} is written by `python build.py lock`, never by hand: restore it from "
            "git (git checkout -- FILE)", "lock-format"))

    def tags_ok(self, node: Node) -> bool:
        stack = [node]  # not recursive: a deeply nested lock must not overflow Python's stack
        while stack:
            node = stack.pop()
            if node.tag not in _PLAIN_TAGS:
                self.bad(node, f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed")
                return False
            if isinstance(node, MappingNode):
                stack += [x for pair in node.value for x in pair]
            elif not isinstance(node, ScalarNode):
                stack += node.value
        return True

    def mapping(self, node: Node, what: str) -> list[tuple[str, Node]] | None:
        if not isinstance(node, MappingNode):
            self.bad(node, f"{what} must be a mapping (key: value lines)")
            return None
        out = []
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.bad(key, f"a key of {what} must be a single value")
                return None
            out.append((key.value, value))
        return out

    def scalar(self, node: Node, what: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.bad(node, f"{what} must be a single value")
            return None
        return node.value

    def parts(self, node: Node, what: str) -> Parts | None:
        entities = self.mapping(node, what)
        if entities is None:
            return None
        out: Parts = {}
        for entity, value_node in entities:
            value = self.scalar(value_node, f"{what} > {entity[:80]}")
            if value is None:
                return None
            out[entity] = {}
            for piece in value.split(ASPECT_SEPARATOR) if value else ():
                aspect, equals, print_ = piece.partition("=")
                if not equals or not aspect:
                    self.bad(value_node, f"{what} > {entity[:80]}: '{piece[:40]}' is not aspect=print")
                    return None
                out[entity][aspect] = print_
        return out


def _entry(shape: _Shape, key_node: ScalarNode, node: Node) -> Entry | None:
    key = key_node.value[:120]  # as messages show it
    if not KEY.fullmatch(key_node.value):
        shape.bad(key_node, f"'{key}' is not a revision file (villages/<village-id>/<YYYY-MM-DD>.yaml)")
        return None
    fields = shape.mapping(node, f"entry '{key}'")
    if fields is None:
        return None
    values = dict(fields)
    for name, value in fields:
        if name not in ("sha256", "adopted", "translation", "corrected", "articles"):
            shape.bad(value, f"entry '{key}': unknown field '{name[:80]}'")
            return None
    if "sha256" not in values:
        shape.bad(node, f"entry '{key}' has no sha256")
        return None
    sha = shape.scalar(values["sha256"], f"entry '{key}' > sha256")
    if sha is None:
        return None
    if not HEX64.fullmatch(sha):
        shape.bad(values["sha256"], f"entry '{key}': sha256 is not 64 lowercase hex digits")
        return None
    if "articles" in values and "adopted" not in values:  # format 1: one print per article
        return Entry(sha, {}, {}, line_of(key_node), old_format=True)
    parts = []
    for half in ("adopted", "translation"):
        if half not in values:
            shape.bad(node, f"entry '{key}' has no '{half}' fingerprints")
            return None
        found = shape.parts(values[half], f"entry '{key}' > {half}")
        if found is None:
            return None
        parts.append(found)
    corrected = None
    if "corrected" in values:
        fields = dict(shape.mapping(values["corrected"], f"entry '{key}' > corrected") or ())
        fixed = shape.scalar(fields["sha256"], f"entry '{key}' > corrected > sha256") \
            if "sha256" in fields else None
        prints = shape.parts(fields["adopted"], f"entry '{key}' > corrected > adopted") \
            if "adopted" in fields else None
        if fixed is None or prints is None or not HEX64.fullmatch(fixed):
            shape.bad(values["corrected"], f"entry '{key}' > corrected must hold sha256 and adopted")
            return None
        corrected = (fixed, prints)
    return Entry(sha, parts[0], parts[1], line_of(key_node), corrected=corrected)


def parse_lock(node: Node | None, shown: str, problems: list[Problem]) -> dict[str, Entry] | None:
    """The entries of a lock's node tree; None (with problems) when its shape is wrong."""
    if node is None:
        return {}
    shape = _Shape(shown, problems, LOCK_NAME)
    before = len(problems)
    if not shape.tags_ok(node):
        return None
    top = shape.mapping(node, "published.lock")
    if top is None:
        return None
    entries = {}
    for key_node, value in node.value:
        entry = _entry(shape, key_node, value)
        if entry is not None:
            entries[key_node.value] = entry
    return None if len(problems) > before else entries


def read_lock(root: Path, shown_root: str, problems: list[Problem]) -> Lock:
    path = root / LOCK_NAME
    shown = f"{shown_root}/{LOCK_NAME}"
    if path.is_dir():
        return Lock("folder", {})
    if not path.exists():
        return Lock("missing", {})
    node, found = read(path, shown, LOCK_MAX_BYTES)
    empty = [p for p in found if p.rule == "empty-file"]  # no entries yet: a valid, empty lock
    found = [p for p in found if p.rule != "empty-file"]
    problems.extend(found)
    if found:
        return Lock("broken", {})
    entries = parse_lock(None if empty else node, shown, problems)
    return Lock("file", entries) if entries is not None else Lock("broken", {})


# -- the evidence: published.lock.sum and the lock at git HEAD -------------------------------------

def _read_sum(root: Path, shown: str, problems: list[Problem]) -> tuple[int, str] | None:
    node, found = read(root / SUM_NAME, shown)
    problems.extend(found)
    if node is None:
        return None
    shape = _Shape(shown, problems, SUM_NAME)
    fields = shape.mapping(node, SUM_NAME) if shape.tags_ok(node) else None
    values = {k: shape.scalar(v, k) for k, v in fields or ()}
    count, digest = values.get("entries") or "", values.get("sha256") or ""
    # ASCII digits, and few of them: int() refuses '²' and numbers of more than 4,300 digits
    valid = COUNT.fullmatch(count) is not None and HEX64.fullmatch(digest) is not None
    if fields is not None and not valid:
        shape.bad(node, f"{SUM_NAME} must hold 'entries: <count>' and 'sha256: <64 hex digits>'")
    return (int(count), digest) if valid else None


def _check_sum(root: Path, shown_root: str, lock: Lock, problems: list[Problem]) -> None:
    shown_lock, shown_sum = f"{shown_root}/{LOCK_NAME}", f"{shown_root}/{SUM_NAME}"
    restore = "restore it from git (git checkout -- regulations/published.lock); only " \
              "`python build.py lock` writes it"
    if lock.state == "folder":  # never a valid lock, whatever the evidence says
        problems.append(Problem(shown_lock, 1, "published.lock is a folder", restore, "lock-missing"))
    if not (root / SUM_NAME).is_file():
        if lock.entries:
            problems.append(Problem(
                shown_sum, 1, f"{SUM_NAME} is missing beside a lock of {len(lock.entries)} entries",
                "restore it from git, or run `python build.py lock --migrate`, which checks every "
                "entry against its file and writes it", "lock-evidence"))
        return
    recorded = _read_sum(root, shown_sum, problems)
    if recorded is None or lock.state in ("broken", "folder"):
        return
    count, digest = recorded
    if count and not lock.entries:
        what = "is missing" if lock.state == "missing" else "has no entries"
        problems.append(Problem(
            shown_lock, 1, f"published.lock {what}, but {SUM_NAME} records {count} locked "
            "revisions", restore, "lock-missing"))
    elif count != len(lock.entries) or digest != lock.digest():
        what = (f"has {len(lock.entries)} entries, {SUM_NAME} records {count}"
                if count != len(lock.entries) else f"entries differ from what {SUM_NAME} records")
        problems.append(Problem(shown_lock, 1, f"published.lock {what}: it was edited by hand",
                                restore, "lock-evidence"))


def _lock_at_head(root: Path) -> dict[str, Entry] | None:
    """The lock as the last commit has it; None outside git, without git or without a commit."""
    try:
        shown = subprocess.run(["git", "-C", str(root), "show", f"HEAD:./{LOCK_NAME}"],
                               capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if shown.returncode != 0 or len(shown.stdout) > LOCK_MAX_BYTES:
        return None
    node, problems = parse(shown.stdout, LOCK_NAME)
    if problems:  # a committed lock we cannot read proves nothing
        return None
    return parse_lock(node, LOCK_NAME, [])


def _keeps_adoption(head: Entry, now: Entry) -> bool:
    """Whether an entry still holds what the lock at HEAD recorded of the adopted revision. Its
    sha256 and translation prints may move on (`build.py lock` records translation work); its
    adopted prints never change, and a recorded correction is only ever replaced by a newer one
    (another sha256), never dropped or rewritten in place."""
    if head.old_format or now.old_format:  # no prints to compare: the file's hash is all there is
        return head.sha256 == now.sha256
    if head.adopted != now.adopted:
        return False
    return head.corrected is None or (now.corrected is not None and (
        now.corrected[0] != head.corrected[0] or now.corrected[1] == head.corrected[1]))


def _check_history(root: Path, shown_root: str, lock: Lock, problems: list[Problem]) -> None:
    head = _lock_at_head(root)
    if not head or lock.state == "broken":
        return
    lost = [k for k in head if k not in lock.entries]
    rewritten = [k for k in head if k in lock.entries and not _keeps_adoption(head[k], lock.entries[k])]
    if lost or rewritten:
        what = "; ".join(x for x in (
            lost and f"{len(lost)} entries are gone ({', '.join(lost[:5])}{' ...' if len(lost) > 5 else ''})",
            rewritten and f"the adopted fingerprints of {', '.join(rewritten[:5])}"
                          f"{' ...' if len(rewritten) > 5 else ''} were changed") if x)
        problems.append(Problem(
            f"{shown_root}/{LOCK_NAME}", 1, f"published.lock differs from the one at git HEAD: {what}",
            "restore it: git checkout HEAD -- regulations/published.lock; a withdrawn revision "
            f"keeps its entry and is recorded in {WITHDRAWN_NAME}", "lock-history"))


# -- the check -----------------------------------------------------------------------------------

def check(root: Path, shown_root: str, county: m.County, corrections: list[m.Correction],
          withdrawals: list[m.Withdrawal], problems: list[Problem]) -> m.County:
    """Refuse edited, vanished or unrecorded changes of locked revisions and a tampered lock;
    attach corrections and withdrawals to the regulations; note translation changes."""
    lock = read_lock(root, shown_root, problems)
    if lock.entries and any(e.old_format for e in lock.entries.values()):
        first = min(e.line for e in lock.entries.values() if e.old_format)
        problems.append(Problem(
            f"{shown_root}/{LOCK_NAME}", first, "published.lock is in the old format (one "
            "fingerprint per article)", "run `python build.py lock --migrate`: it checks every "
            "file against its recorded sha256 and rewrites the lock", "lock-format"))
        lock = Lock("broken", {})
    _check_sum(root, shown_root, lock, problems)
    _check_history(root, shown_root, lock, problems)

    revisions = {_key(r): r for reg in county.regulations.values() for r in reg.revisions}
    by_file: dict[str, list[m.Correction]] = {}
    for c in corrections:
        by_file.setdefault(c.file, []).append(c)
    _check_corrections(corrections, revisions, lock, problems)
    withdrawn = _check_withdrawals(root, withdrawals, revisions, {v.id for v in county.villages},
                                   lock, problems)
    _check_missing(root, shown_root, lock, revisions, withdrawn, problems)

    translated = []
    for key, revision in revisions.items():
        entry = lock.entries.get(key)
        newest = _newest([c for c in by_file.get(key, []) if HEX64.fullmatch(c.sha256)])
        corrected = newest is not None and newest.sha256 == revision.digest
        recorded = newest is not None and entry is not None and entry.corrected is not None \
            and entry.corrected[0] == newest.sha256
        if newest is not None and not corrected and not recorded:
            problems.append(Problem(
                newest.source, newest.line, f"correction of {key}: sha256 {newest.sha256[:12]}... "
                "does not match the file", f"the file's sha256 is {revision.digest}; a correction "
                "names the file as corrected (record a new correction for a later edit)",
                "correction-hash"))
            continue
        if entry is None:
            continue
        diff = changes(entry, revision, newest)
        if diff.adopted and not corrected:
            also = ("; its sha256 in published.lock was changed to match"
                    if not diff.bytes_changed else "")
            problems.append(Problem(
                revision.source, 1, f"published revision was edited: {_listed(list(diff.adopted))}"
                f"{also}", "a published revision never changes: undo the edit (git checkout -- "
                "FILE) and adopt a new revision, or record a correction in "
                f"regulations/corrections.yaml with sha256: {revision.digest}", "locked-revision"))
        elif diff.formatting_only and not corrected and not recorded:
            problems.append(Problem(
                revision.source, 1, "published revision was edited: the file's bytes changed "
                "(formatting or comments only)", "undo the edit (git checkout -- FILE), or record "
                f"a correction in regulations/corrections.yaml with sha256: {revision.digest}",
                "locked-revision"))
        elif diff.translation:  # never refused: not even when only the lock's prints differ,
            # e.g. the model gained a translation field (the .sum guards the lock's own edits)
            translated.append(TranslationChange(revision.source, len(diff.translation)))

    regulations = {}
    for vid, regulation in county.regulations.items():
        revs = tuple(replace(r, corrections=tuple(by_file.get(_key(r), ())))
                     for r in regulation.revisions)
        regulations[vid] = replace(regulation, revisions=revs,
                                   withdrawn=tuple(w for w in withdrawn if w.village == vid))
    return replace(county, regulations=regulations, withdrawals=tuple(withdrawn),
                   translation_changes=tuple(translated))


@dataclass(frozen=True)
class TranslationChange:
    """A locked revision whose Tibetan changed since `build.py lock` last recorded it: accepted,
    and said until `lock` records it."""

    source: str  # the file as shown: regulations/villages/x/2025-05-10.yaml
    texts: int  # how many texts' Tibetan changed

    def __str__(self) -> str:
        return (f"{self.source}: Tibetan translation changed in {self.texts} "
                f"text{'s' if self.texts != 1 else ''} since locked")


def translation_report(changes: tuple[TranslationChange, ...] | list[TranslationChange],
                       verbose: bool = False) -> list[str]:
    """What `build.py --check` says of translation work not yet recorded by `lock`: a line per
    file, or, for many files, one line summing them up (unless `verbose`)."""
    if verbose or len(changes) <= SHOWN_TRANSLATION_FILES:
        return [str(change) for change in changes]
    texts = sum(change.texts for change in changes)
    return [f"Tibetan translation changed since locked in {len(changes)} revision files "
            f"({texts} texts); `python build.py lock` records it; `--check --verbose` lists them"]


def _newest(corrections: list[m.Correction]) -> m.Correction | None:
    """The correction that names the file as it is now: the latest date, the last listed on a tie."""
    dated = [(c.date or date.min, i, c) for i, c in enumerate(corrections)]
    return max(dated)[2] if dated else None


def _check_corrections(corrections: list[m.Correction], revisions: dict[str, m.Revision],
                       lock: Lock, problems: list[Problem]) -> None:
    for c in corrections:
        revision = revisions.get(c.file)
        if revision is None:
            problems.append(Problem(c.source, c.line, f"correction for '{c.file[:120]}', which is not a "
                                    "revision", "write the path as villages/<village-id>/"
                                    "<YYYY-MM-DD>.yaml", "unknown-correction"))
            continue
        if not c.sha256:  # missing or not a single value: the loader reported it
            continue
        if not HEX64.fullmatch(c.sha256):
            problems.append(Problem(c.source, c.line, f"correction of {c.file}: sha256 "
                                    f"'{c.sha256[:80]}' is not 64 lowercase hex digits",
                                    "copy the sha256 the failed build printed", "correction-hash"))
            continue
        entry = lock.entries.get(c.file)
        if entry is not None and c.sha256 == entry.sha256:
            problems.append(Problem(c.source, c.line, f"correction of {c.file} names the sha256 "
                                    "published.lock records for it (as published, or as its "
                                    "Tibetan was last recorded): it corrects nothing",
                                    "give the corrected file's sha256, or remove the correction",
                                    "correction-hash"))
        if c.date and c.date < revision.adopted:
            problems.append(Problem(c.source, c.line, f"correction of {c.file} is dated {c.date}, "
                                    f"before the revision was adopted ({revision.adopted})",
                                    "check the date", "date-order"))


def _check_withdrawals(root: Path, withdrawals: list[m.Withdrawal], revisions: dict[str, m.Revision],
                       villages: set[str], lock: Lock, problems: list[Problem]) -> list[m.Withdrawal]:
    out = []
    for w in withdrawals:
        if not KEY.fullmatch(w.file) or w.adopted is None or w.village not in villages:
            problems.append(Problem(w.source, w.line, f"withdrawal of '{w.file[:120]}', which is not a "
                                    "revision file of a village", "write the path as villages/"
                                    "<village-id>/<YYYY-MM-DD>.yaml", "unknown-withdrawal"))
        elif lock.state != "broken" and w.file not in lock.entries:
            problems.append(Problem(w.source, w.line, f"withdrawal of {w.file}, which was never "
                                    "published (it is not in published.lock)", "an unpublished "
                                    "revision is simply deleted: remove this record",
                                    "unknown-withdrawal"))
        elif w.file in revisions or (root / w.file).exists():
            problems.append(Problem(w.source, w.line, f"{w.file} is recorded as withdrawn but the "
                                    "file is still there", "delete the file (git keeps its "
                                    "history), or remove the withdrawal record", "withdrawn-present"))
        else:
            if w.date and w.date < w.adopted:
                problems.append(Problem(w.source, w.line, f"withdrawal of {w.file} is dated "
                                        f"{w.date}, before the revision was adopted",
                                        "check the date", "date-order"))
            out.append(w)
    return out


def _check_missing(root: Path, shown_root: str, lock: Lock, revisions: dict[str, m.Revision],
                   withdrawn: list[m.Withdrawal], problems: list[Problem]) -> None:
    gone = {w.file for w in withdrawn}
    for key, entry in lock.entries.items():
        if key in revisions or key in gone or (root / key).is_file():  # unreadable: reported
            continue
        problems.append(Problem(
            f"{shown_root}/{LOCK_NAME}", entry.line, f"published revision {key} is missing"
            f"{_where_now(root, key, entry.sha256)}", "restore it (git checkout -- "
            f"regulations/{key}); to withdraw a published revision, record it in "
            f"regulations/{WITHDRAWN_NAME}", "missing-revision"))


def _where_now(root: Path, key: str, sha256: str) -> str:
    """Where a vanished revision went, if it is still in its village's folder under another
    name: hidden (.2025-05-10.yaml), renamed or kept as a backup."""
    folder = (root / key).parent
    if not folder.is_dir():
        return f" (the folder villages/{folder.name}/ is gone)"
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.stat().st_size < 2_000_000 and \
                text_digest(path.read_bytes()) == sha256:
            hidden = " and hidden" if path.name.startswith(".") else ""
            return f": it was renamed{hidden} to villages/{folder.name}/{path.name}"
    return ""


# -- writing -------------------------------------------------------------------------------------

def _dump(entries: dict[str, Entry]) -> str:
    def flat(parts: Parts) -> dict[str, str]:
        return {entity: ASPECT_SEPARATOR.join(f"{k}={v}" for k, v in aspects.items())
                for entity, aspects in parts.items()}

    data = {}
    for k, e in sorted(entries.items()):
        data[k] = {"sha256": e.sha256, "adopted": flat(e.adopted), "translation": flat(e.translation)}
        if e.corrected:
            data[k]["corrected"] = {"sha256": e.corrected[0], "adopted": flat(e.corrected[1])}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _write(root: Path, entries: dict[str, Entry]) -> None:
    """The lock, then its evidence; each replaced whole, never half-written."""
    lock = Lock("file", entries)
    for name, text in ((LOCK_NAME, LOCK_HEADER + _dump(entries)),
                       (SUM_NAME, f"{SUM_HEADER}entries: {len(entries)}\nsha256: {lock.digest()}\n")):
        tmp = root / (name + ".tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(root / name)


def _entry_of(revision: m.Revision) -> Entry:
    prints = fingerprints(revision)
    return Entry(revision.digest, prints.adopted, prints.translation)


@dataclass
class Locked:
    """What `write_lock` did: revisions locked, corrections recorded in their entries, and
    entries whose current Tibetan it recorded."""

    added: list[str]
    corrected: list[str]
    translated: list[str] = dataclasses.field(default_factory=list)


def with_translation(entry: Entry, revision: m.Revision) -> Entry | None:
    """`entry` recording the Tibetan the revision has now: its translation prints and sha256;
    None when there is nothing to record, or when an adopted part changed (that is never
    recorded: it stays an error until undone or corrected). The sha256 stays the locked one when
    the file is byte for byte a correction's: a correction names the file as corrected, the
    lock the file before it (a correction naming the lock's sha256 would correct nothing)."""
    now = fingerprints(revision)
    newest = _newest(list(revision.corrections))
    if entry.old_format or compare(entry.adopted_since(newest), now.adopted) \
            or now.translation == entry.translation:
        return None
    named = {c.sha256 for c in revision.corrections}
    return replace(entry, translation=now.translation,
                   sha256=entry.sha256 if revision.digest in named else revision.digest)


def write_lock(root: Path, county: m.County) -> Locked:
    """Add every revision not yet locked; record in its entry the newest correction of a locked
    one (its adopted prints become the ones later edits compare with); record the Tibetan a
    locked revision has now when its adopted parts are unchanged (so the check stops saying it).
    An entry's adopted prints never change. Call it on data that loaded: the lock, its evidence
    and each correction verified."""
    problems: list[Problem] = []
    lock = read_lock(root, root.name, problems)
    if problems or lock.state not in ("file", "missing"):
        raise ValueError(f"{LOCK_NAME} cannot be read: {problems[0] if problems else lock.state}")
    entries = dict(lock.entries)
    done = Locked([], [])
    for regulation in county.regulations.values():
        for revision in regulation.revisions:
            key = _key(revision)
            newest = _newest(list(revision.corrections))
            if key not in entries:
                entries[key] = _entry_of(revision)
                done.added.append(key)
                continue
            if newest and newest.sha256 == revision.digest and not (
                    entries[key].corrected and entries[key].corrected[0] == newest.sha256):
                entries[key] = replace(entries[key], corrected=(
                    newest.sha256, fingerprints(revision).adopted))
                done.corrected.append(key)
            if (translated := with_translation(entries[key], revision)) is not None:
                entries[key] = translated
                done.translated.append(key)
    if done.added or done.corrected or done.translated or not (root / SUM_NAME).is_file():
        _write(root, entries)
    return done


def migrate(root: Path, shown_root: str, county: m.County,
            withdrawn: set[str] = frozenset()) -> tuple[int, list[Problem]]:
    """Rewrite the lock in the current format. Each old entry is rewritten from its file only
    if the file still has the SHA-256 the lock recorded, so no unverified edit is blessed; an
    entry already in the current format is kept as it is. Writes nothing if any entry fails."""
    problems: list[Problem] = []
    lock = read_lock(root, shown_root, problems)
    if problems or lock.state != "file":
        return 0, problems or [Problem(f"{shown_root}/{LOCK_NAME}", 1, f"{LOCK_NAME} is "
                                       f"{lock.state}", "nothing to migrate", "lock-missing")]
    revisions = {_key(r): r for reg in county.regulations.values() for r in reg.revisions}
    entries = {}
    for key, entry in lock.entries.items():
        revision = revisions.get(key)
        if revision is None:
            if key in withdrawn:
                entries[key] = entry if not entry.old_format else Entry(entry.sha256, {}, {})
                continue
            problems.append(Problem(f"{shown_root}/{LOCK_NAME}", entry.line, f"published revision "
                                    f"{key} is missing", "restore it before migrating",
                                    "missing-revision"))
        elif not entry.old_format:
            baseline = entry.corrected[1] if entry.corrected else entry.adopted
            if diff := compare(baseline, fingerprints(revision).adopted):
                problems.append(Problem(revision.source, 1, "published revision was edited: "
                                        f"{_listed(diff)}", "undo the edit before "
                                        "migrating", "locked-revision"))
            entries[key] = entry
        elif revision.digest != entry.sha256:
            problems.append(Problem(revision.source, 1, "published revision was edited since it "
                                    "was locked (its sha256 differs)", "undo the edit (git "
                                    "checkout -- FILE) before migrating", "locked-revision"))
        else:
            entries[key] = replace(_entry_of(revision), line=entry.line)
    if problems:
        return 0, problems
    _write(root, entries)
    return len(entries), []
