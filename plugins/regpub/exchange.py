"""Translation work in the formats translators' tools read: XLIFF 1.2 and PO out and back in,
the county's translation memory as TMX, the glossary as TBX (all through translate-toolkit).

    python build.py translations export [--village ID] [--status missing,draft,outdated]
                                        [--out FILE.xlf|FILE.po] [--tmx FILE] [--tbx FILE]
    python build.py translations import FILE.xlf|FILE.po [--reviewer ROLE]

A unit's id says where its text lives: `villages/asang/2025-03-26.yaml#chapters/general/
articles/fire/text` (file under regulations/, then the YAML path). Import writes an edited
Tibetan back into that file as `reviewed` (date, reviewer role, fingerprint of the Chinese),
touching only the lines of the edited texts; it refuses the whole file when a unit's Chinese is
no longer the Chinese of the data (the file is stale: export again), and writes nothing unless
the data with every change still loads.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from translate.storage import factory, po, tbx, tmx, xliff

from .commands import parse_args
from . import model as m
from . import translation, yamledit
from .fields import Context
from .guards import check_characters, check_script
from .load import load
from .problems import DataError, printable

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "regulations"
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"


class ExchangeFailed(Exception):
    """Refused: the message says why and what to do. Nothing was written."""


class _Unit12(xliff.xliffunit):
    namespace = XLIFF_12


class Xliff12(xliff.xlifffile):
    """translate-toolkit writes XLIFF 1.1 by default; the 1.2 namespace is what OmegaT, Trados
    and memoQ expect of a .xlf file."""

    UnitClass = _Unit12
    namespace = XLIFF_12
    XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")


@dataclass(frozen=True)
class Unit:
    id: str  # <file under regulations/>#<YAML path>
    text: m.Text
    notes: tuple[str, ...]

    @property
    def target(self) -> str:
        """The Tibetan the translator starts from: the current one, or the outdated one."""
        return self.text.bo or self.text.outdated_bo or ""


def _notes(text: m.Text, first: list[str], before: str | None = None) -> tuple[str, ...]:
    notes = first + [f"status: {text.bo_status}"]
    if text.bo_status == "outdated":
        notes.append("OUTDATED: the Chinese changed since this Tibetan was written. "
                     f"Chinese before: {text.was_zh or before or '(not kept)'} | "
                     f"Chinese now: {text.zh}")
    return tuple(notes)


def _reviewed_chinese(regulation: m.Regulation, revision: m.Revision, where: str,
                      text: m.Text) -> str | None:
    """For a reviewed text edited in place (no bo_was), the Chinese it was reviewed against:
    the same place in an earlier revision whose fingerprint is the review's."""
    if text.review is None:
        return None
    for earlier in reversed(regulation.revisions[:regulation.revisions.index(revision)]):
        old = dict(translation.texts_of(earlier)).get(where)
        if old is not None and translation.fingerprint(old.zh) == text.review.zh:
            return old.zh
    return None


def shared_units(county: m.County, statuses: tuple[str, ...]) -> list[Unit]:
    """The county's own texts: themes and phrases (phrases.yaml), measures (points.yaml)."""
    texts = [(f"phrases.yaml#themes/{t.id}/name", t.name, "theme of the county's phrases")
             for t in county.themes]
    for p in county.phrases:
        texts += [(f"phrases.yaml#phrases/{p.id}/text", p.text, f"phrase {p.id} (theme {p.theme})"),
                  (f"phrases.yaml#phrases/{p.id}/explanation", p.explanation,
                   f"explanation of the phrase {p.text.zh}")]
    if county.points:
        texts += [(f"points.yaml#measures/{x.id}/name", x.name, "a measure of the points system")
                  for x in county.points.measures]
    return [Unit(uid, text, _notes(text, [f"county file: {what}"]))
            for uid, text, what in texts if text.zh and text.bo_status in statuses]


def units_of(county: m.County, village: str | None = None,
             statuses: tuple[str, ...] = ("missing", "draft", "outdated"),
             all_revisions: bool = False, shared: bool = False) -> list[Unit]:
    """The texts of each village's current revision (with `all_revisions`: every revision) whose
    Tibetan has one of `statuses`, in township and village order; with `shared`, first the
    county's own texts (phrases, measures)."""
    out = shared_units(county, statuses) if shared else []
    for v in county.villages:
        regulation = county.regulations.get(v.id)
        if regulation is None or (village and v.id != village):
            continue
        revisions = regulation.revisions if all_revisions else (regulation.current,)
        for revision in revisions:
            numbers = {n.id: n.number for n in revision.numbered()}
            chapters = {c.id: c for c in revision.chapters}
            file = f"villages/{v.id}/{revision.key}.yaml"
            for where, text in translation.texts_of(revision):
                if text.bo_status not in statuses or not text.zh:
                    continue
                notes = [f"village: {v.name.zh} ({v.id}); revision adopted {revision.key}"
                         f"{' (current)' if revision is regulation.current else ''}"]
                parts = where.split("/")
                if parts[0] == "chapters":
                    notes.append(f"chapter: {chapters[parts[1]].title.zh}")
                if len(parts) > 5 and parts[4] == "paragraphs":  # .../paragraphs/p1[/items/i1]/text
                    notes.append(f"article {numbers[parts[3]]} ({parts[3]}), paragraph {parts[5]}"
                                 + (f", item {parts[7]}" if len(parts) > 8 else ""))
                elif len(parts) > 3 and parts[2] == "articles":
                    notes.append(f"article {numbers[parts[3]]} ({parts[3]}), {parts[4]}")
                elif parts[0] == "preamble":
                    notes.append("preamble (序言): the text before chapter 1")
                elif parts[0] == "closing":
                    notes.append(f"closing (落款) line {int(parts[1]) + 1} of "
                                 f"{len(revision.closing)}: after the last article")
                before = _reviewed_chinese(regulation, revision, where, text) \
                    if text.bo_status == "outdated" and not text.was_zh else None
                out.append(Unit(f"{file}#{where}", text, _notes(text, notes, before)))
    return out


# --- export ------------------------------------------------------------------------------------

def write_units(units: list[Unit], out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix in (".xlf", ".xliff"):
        store = Xliff12(sourcelanguage="zh", targetlanguage="bo")
        for u in units:
            unit = store.addsourceunit(u.text.zh)
            unit.setid(u.id)
            if u.target:
                unit.target = u.target
                unit.set_state_n(unit.S_SIGNED_OFF if u.text.bo_status == "reviewed"
                                 else unit.S_NEEDS_REVIEW)
            unit.markapproved(u.text.bo_status == "reviewed")
            for note in u.notes:
                unit.addnote(note, origin="developer")
        for node in store.document.getroot().iterchildren(store.namespaced("file")):
            node.set("original", "regulations")
    elif suffix == ".po":
        store = po.pofile()
        store.updateheader(add=True, Language="bo", Project_Id_Version="nyalam-regulations")
        for u in units:
            unit = store.addsourceunit(u.text.zh)
            unit.setcontext(u.id)  # msgctxt: two units may share their Chinese
            unit.target = u.target
            for note in u.notes:
                unit.addnote(note, origin="developer")
            unit.markfuzzy(bool(u.target) and u.text.bo_status != "reviewed")
    else:
        raise ExchangeFailed(f"{out.name}: write .xlf (XLIFF 1.2) or .po")
    _write_bytes(out, bytes(store))


def write_memory(county: m.County, out: Path) -> int:
    store = tmx.tmxfile(sourcelanguage="zh", targetlanguage="bo")
    entries = translation.memory_of(county).units()
    for zh, bo, where in entries:
        store.addtranslation(zh, "zh", bo, "bo", comment=where)
    _write_bytes(out, bytes(store))
    return len(entries)


def write_glossary(county: m.County, out: Path) -> int:
    """The glossary's terms (regulations/glossary.yaml and the files it names) as TBX."""
    store = tbx.tbxfile(sourcelanguage="zh", targetlanguage="bo")
    for term in county.glossary:
        unit = store.addsourceunit(term.zh)
        unit.target = term.bo
    _write_bytes(out, bytes(store))
    return len(county.glossary)


def _write_bytes(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(name, out)


# --- import ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edit:
    file: str
    where: str
    bo: str


def read_units(path: Path) -> list[tuple[str, str, str, bool]]:
    """(unit id, source, target, approved) of every unit of an XLIFF or PO file."""
    if not path.is_file():
        raise ExchangeFailed(f"{path}: no such file")
    if path.suffix.lower() not in (".xlf", ".xliff", ".po"):
        raise ExchangeFailed(f"{path.name}: import a .xlf (XLIFF) or .po file")
    data = io.BytesIO(path.read_bytes())
    data.name = path.name
    try:
        store = factory.getobject(data)
    except Exception as e:  # translate-toolkit raises many kinds for a damaged file
        raise ExchangeFailed(f"{path.name}: cannot be read ({e}); save it again from your "
                             "translation tool") from None
    out = []
    for unit in store.units:
        if unit.isheader():
            continue
        if path.suffix.lower() == ".po":
            uid, approved = unit.getcontext(), not unit.isfuzzy()
        else:
            uid, approved = unit.getid().split("\x04")[-1], unit.isapproved()
        out.append((uid, str(unit.source or ""), str(unit.target or ""), approved))
    return out


def plan_import(path: Path, county: m.County) -> tuple[list[Edit], int]:
    """The edits a translation file asks for, or ExchangeFailed listing every stale or bad unit.
    A unit is edited when its Tibetan differs from the current one, or when the translator
    approved (signed off, un-fuzzied) a draft or outdated Tibetan as it stands."""
    known = {u.id: u for u in units_of(county, statuses=translation.STATUSES,
                                       all_revisions=True, shared=True)}
    edits, stale, bad, unchanged = [], [], [], 0
    for uid, source, target, approved in read_units(path):
        unit = known.get(uid)
        if unit is None:
            stale.append(f"{uid}: no such text in the data any more")
            continue
        if source.strip() != unit.text.zh.strip():
            stale.append(f"{uid}: the Chinese is now '{unit.text.zh}', the file has '{source}'")
            continue
        target = target.strip()
        current = unit.target
        if not target or (target == current and not (approved and unit.text.bo_status != "reviewed")):
            unchanged += 1
            continue
        problems: list = []
        ctx = Context(uid, problems)
        check_characters(ctx, 1, target, "the Tibetan")
        check_script(ctx, 1, target, "bo", "the Tibetan")
        bad += [f"{uid}: {p.message} ({p.hint})" for p in problems]
        file, where = uid.split("#", 1)
        edits.append(Edit(file, where, target))
    if stale:
        raise ExchangeFailed(
            f"{path.name} is stale: the Chinese changed after it was exported, so its Tibetan "
            "would be recorded against the wrong text. Nothing was imported. Export again and "
            "carry your work over (your tool's translation memory will offer it):\n  "
            + "\n  ".join(stale))
    if bad:
        raise ExchangeFailed(f"{path.name}: nothing was imported; fix these units:\n  "
                             + "\n  ".join(bad))
    return edits, unchanged


def apply(edits: list[Edit], root: Path, county: m.County, role: str, today: str) -> list[str]:
    """Write the edits, each file surgically; the data must load with all of them before any
    file is replaced. Returns the files changed."""
    texts = {u.id: u.text for u in units_of(county, statuses=translation.STATUSES,
                                            all_revisions=True, shared=True)}
    new: dict[str, str] = {}
    for e in edits:
        text = new.get(e.file)
        if text is None:
            # bytes, decoded as they are: read_text would turn CRLF into LF all over the file
            text = (root / e.file).read_bytes().decode("utf-8")
        zh = texts[f"{e.file}#{e.where}"].zh
        fields = yamledit.reviewed_fields(e.bo, today, role, translation.fingerprint(zh))
        try:
            new[e.file] = yamledit.set_translation(text, e.where, fields)
        except yamledit.EditError as err:
            raise ExchangeFailed(f"{e.file}: {err}; nothing was imported") from None
    try:
        write_checked(new, root)
    except DataError as e:
        raise ExchangeFailed("nothing was imported: with these translations the data would "
                             "not validate:\n" + e.report()) from None
    return sorted(new)


def write_checked(new: dict[str, str], root: Path) -> None:
    """Replace the files `new` names (paths under `root`) with their new text, each atomically,
    once a temporary copy of the data folder loads with all of them; else DataError and nothing
    is written. (Also the importer's write path for a Tibetan-only document.)"""
    with tempfile.TemporaryDirectory() as tmp:  # the loader's checks on the result
        trial = Path(tmp) / root.name
        shutil.copytree(root, trial)
        for file, text in new.items():
            (trial / file).write_bytes(text.encode("utf-8"))
        load(trial)
    for file, text in new.items():
        target = root / file
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(name, target)


# --- the command -------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python build.py translations",
                                description="Export texts to translate (XLIFF/PO), the translation "
                                            "memory (TMX) and the glossary (TBX); import translations.")
    sub = p.add_subparsers(dest="action", required=True)
    e = sub.add_parser("export", help="write texts to translate, the memory or the glossary")
    e.add_argument("--village", help="one village id (default: every village)")
    e.add_argument("--status", default="missing,draft,outdated",
                   help="statuses to export, comma-separated (default missing,draft,outdated)")
    e.add_argument("--out", type=Path, help="FILE.xlf (XLIFF 1.2) or FILE.po")
    e.add_argument("--shared", action="store_true",
                   help="also the county's own texts: the phrases, their themes and "
                        "explanations (phrases.yaml), the measures (points.yaml)")
    e.add_argument("--tmx", type=Path, help="write the county's translation memory as TMX")
    e.add_argument("--tbx", type=Path, help="write the glossary as TBX")
    i = sub.add_parser("import", help="write reviewed translations back into the YAML files")
    i.add_argument("file", type=Path, help="the .xlf or .po file from the translator")
    i.add_argument("--reviewer", default="county-translation-office",
                   help=f"the reviewing office's role, one of: {', '.join(translation.REVIEWER_ROLES)}")
    for q in (e, i):
        q.add_argument("--data", type=Path, default=DEFAULT_DATA, help="data folder")
    return p


def main(argv: list[str]) -> int:
    args = parse_args(parser(), argv)
    if isinstance(args, int):  # --help, or a usage error argparse already printed
        return args
    try:
        county = load(args.data)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    try:
        return export(args, county) if args.action == "export" else import_(args, county)
    except ExchangeFailed as e:
        # The message may quote the translator's file: escaped like every message of data.
        print(printable(f"translations {args.action} refused: {e}", lines=True), file=sys.stderr)
        return 1


def export(args, county: m.County) -> int:
    if not (args.out or args.tmx or args.tbx):
        raise ExchangeFailed("say what to write: --out FILE.xlf, --tmx FILE or --tbx FILE")
    if args.village and args.village not in county.regulations:
        raise ExchangeFailed(f"--village '{args.village}' is not a village with a regulation")
    statuses = tuple(s.strip() for s in args.status.split(",") if s.strip())
    wrong = [s for s in statuses if s not in translation.STATUSES]
    if wrong or not statuses:
        raise ExchangeFailed(f"--status {args.status}: use some of {', '.join(translation.STATUSES)}")
    if args.out:
        units = units_of(county, args.village, statuses, shared=args.shared)
        write_units(units, args.out)
        print(f"wrote {args.out}: {len(units)} texts ({', '.join(statuses)})")
    if args.tmx:
        print(f"wrote {args.tmx}: {write_memory(county, args.tmx)} translation-memory units")
    if args.tbx:
        print(f"wrote {args.tbx}: {write_glossary(county, args.tbx)} glossary terms")
    return 0


def import_(args, county: m.County) -> int:
    if args.reviewer not in translation.REVIEWER_ROLES:
        raise ExchangeFailed(f"--reviewer '{args.reviewer}' is not a reviewer role: use one of "
                             f"{', '.join(translation.REVIEWER_ROLES)} (an office, never a name)")
    edits, unchanged = plan_import(args.file, county)
    files = apply(edits, args.data, county, args.reviewer, date.today().isoformat()) if edits else []
    print(f"imported {args.file.name}: {len(edits)} texts now reviewed by {args.reviewer}, "
          f"{unchanged} unchanged (left as they were), {len(files)} files changed")
    for file in files:
        print(f"  {file}")
    return 0
