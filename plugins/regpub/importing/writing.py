"""Writing the new revision: the YAML text, laid out as a person writes it (the format of
regulations/README.md, with comments that it was imported and must be checked), and the file,
written atomically, never over an existing one, and removed again if the data folder does not
validate with it.
"""
from __future__ import annotations

import json
from datetime import date
from dataclasses import dataclass
import os
import re
import tempfile
from pathlib import Path
from typing import Callable

import yaml

from .. import model as m
from ..translation import carry, fingerprint, normalise
from .carry import Carried
from .errors import ImportFailed
from .ids import Plan

YAML_INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")


def scalar(text: str, indent: str) -> str:
    """`text` as a YAML value: plain when that reads back the same, a literal block for several
    lines, else double-quoted."""
    if "\n" in text:
        return "|-\n" + "\n".join(indent + line for line in text.split("\n"))
    plain = (text and text == text.strip() and not text.startswith(YAML_INDICATORS)
             and ": " not in text and " #" not in text and not text.endswith(":"))
    if plain:
        try:
            plain = yaml.safe_load(f"k: {text}") == {"k": text}
        except yaml.YAMLError:
            plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def text_lines(text: m.Text, indent: str) -> list[str]:
    """The fields of a bilingual text at `indent`: zh, and bo, bo_status, bo_review, bo_was."""
    deeper = indent + "  "
    lines = [f"{indent}zh: {scalar(text.zh, deeper)}"]
    bo = text.bo if text.bo_status != "outdated" else text.outdated_bo
    if bo and text.bo_status != "missing":
        lines.append(f"{indent}bo: {scalar(bo, deeper)}")
    lines.append(f"{indent}bo_status: {text.bo_status if bo else 'missing'}")
    if bo and text.review and text.bo_status in ("reviewed", "outdated"):
        r = text.review
        lines.append(f"{indent}bo_review: {{date: {r.date.isoformat()}, by: {r.by}, zh: {r.zh}}}")
    if bo and text.bo_status == "outdated" and text.was_zh:
        lines.append(f"{indent}bo_was: {scalar(text.was_zh, deeper)}")
    return lines


def provision_lines(provisions: tuple[m.Provision, ...], indent: str, note: str) -> list[str]:
    lines = [f"{indent}provisions:" + (f"  # {note}" if note else "")]
    for p in provisions:
        lines.append(f"{indent}  - kind: {p.kind}")
        if p.points is not None:
            lines.append(f"{indent}    points: {p.points}")
        if p.measures:
            lines.append(f"{indent}    measures: [{', '.join(p.measures)}]")
        lines.append(f"{indent}    condition:")
        lines += text_lines(p.condition, indent + "      ")
    return lines


def _zh_bo(part: object) -> tuple[str, str | None]:
    """(zh, bo) of a text as the reader gives it (structure.Piece, Block, Item)."""
    return part.zh, part.bo


@dataclass
class _Plain:
    """An article without a parsed draft: its text, one paragraph, no Tibetan."""

    zh: str
    bo: str | None = None
    items: tuple = ()


@dataclass(frozen=True)
class SourceTibetan:
    """How the document's own Tibetan comes in: `draft`, or `reviewed` (the adopted document is
    the reviewed translation: `--bo-status reviewed --reviewer ROLE`, reviewed on the adoption
    date, against the Chinese beside it)."""

    status: str = "draft"
    reviewer: str | None = None
    on: str | None = None  # the adoption date, YYYY-MM-DD

    def text(self, zh: str, bo: str) -> m.Text:
        if self.status != "reviewed":
            return m.Text(zh, bo, "draft")
        review = m.Review(date.fromisoformat(self.on), self.reviewer, fingerprint(zh))
        return m.Text(zh, bo, "reviewed", review)


def with_source_tibetan(carried: m.Text, bo: str | None, status: SourceTibetan) -> m.Text:
    """The text to write when the document itself brings Tibetan (a bilingual document).

    The carried Tibetan stays (with its status and review) when the document has the same
    Tibetan; when the document repeats the Tibetan the carried text marks as outdated (the
    Chinese was amended in Word, the Tibetan beside it was not), it stays outdated; otherwise the
    document's Tibetan comes in with `status` (draft, or reviewed when the adopted document is the
    reviewed translation)."""
    if not bo:
        return carried
    same = normalise(bo)
    if carried.bo and normalise(carried.bo) == same:
        return carried
    if carried.bo_status == "outdated" and carried.outdated_bo and normalise(carried.outdated_bo) == same:
        return carried
    return status.text(carried.zh, bo)


def paragraph_lines(blocks: list, old: m.Article | None, status: SourceTibetan,
                    indent: str, nos: list | None = None) -> list[str]:
    """`paragraphs:` of an article the document gives as several paragraphs (款) and/or items
    (项), ids p1, p2 ... and i1, i2 ... in order; each part's Tibetan continues the old
    article's part in the same place (translation.carry: kept when its Chinese is the same,
    else outdated). `nos`, if given, gets for each line written the source line of the
    paragraph or item it belongs to (None: the article's), so that a problem found in the
    written file points at that line of the document."""
    old_parts = dict(old.parts()) if old else {}
    lines = [f"{indent}paragraphs:"]
    marks: list = [None]
    for k, paragraph in enumerate(blocks, 1):
        zh, bo = _zh_bo(paragraph)
        text, _ = carry(old_parts.get(f"p{k}"), zh)
        part = [f"{indent}  - id: p{k}", *text_lines(with_source_tibetan(text, bo, status),
                                                     indent + "    ")]
        items = getattr(paragraph, "items", None) or []
        if items:
            part.append(f"{indent}    items:")
        lines += part
        marks += [getattr(paragraph, "no", None)] * len(part)
        for j, item in enumerate(items, 1):
            zh, bo = _zh_bo(item)
            text, _ = carry(old_parts.get(f"p{k}/i{j}"), zh)
            part = [f"{indent}      - id: i{j}", *text_lines(with_source_tibetan(text, bo, status),
                                                             indent + "        ")]
            lines += part
            marks += [getattr(item, "no", None)] * len(part)
    if nos is not None:
        nos += marks
    return lines


def structured(blocks: list) -> bool:
    """Several paragraphs, or items: written with `paragraphs:` (else as a plain text)."""
    return len(blocks) > 1 or bool(blocks and blocks[0].items)


def revision_yaml(village_id: str, when: str, kind: str, body: str, title: str, source_name: str,
                  plan: Plan, today: str, carried: Carried | None = None, parsed: object = None,
                  bo_status: SourceTibetan | None = None,
                  paragraphs: bool = True) -> tuple[str, dict[int, int]]:
    """The revision file, and which source line each of its lines comes from (for messages).
    `parsed` (structure.Parsed) brings what a bilingual document has besides the Chinese: the
    Tibetan, paragraphs and items, preamble and closing; written with `bo_status`. `paragraphs`:
    each line of the source is a paragraph (a Word document), as structure reads it."""
    safe_name = re.sub(r"[\x00-\x1f\x7f]", "?", source_name)
    carried = carried or Carried()
    bo_status = bo_status or SourceTibetan()
    drafts = [a for c in parsed.chapters for a in c.articles] if parsed is not None else []
    chapter_drafts = list(parsed.chapters) if parsed is not None else []
    lines = [
        f"# Imported from {safe_name} by `python build.py import` on {today}.",
        "# Check every chapter and article against the original document before publishing:",
        "# the structure and the article ids were recognised by the importer.",
        "# Tibetan: kept from the previous revision where the Chinese is the same; 'outdated'",
        "# (with the old Chinese in bo_was) where it changed; draft suggestions from the county's",
        "# translation memory for new texts; the rest is missing.",
        "sample: false",
        f"village: {village_id}",
        f"adopted: {when}",
        f"kind: {kind}",
        "body:",
        *text_lines(carried.text("body", body), "  "),
        "title:",
        *text_lines(with_source_tibetan(carried.text("title", title),
                                        parsed.title_bo if parsed else None, bo_status), "  "),
        "summary:",
        f"  zh: {scalar(f'由{safe_name}导入，待核对。', '    ')}",
        "  bo_status: missing",
    ]
    # YAML line (1-based) -> the source line it comes from: the title, preamble, chapter
    # headings, each paragraph and item, and closing line, so that a problem the loader finds in
    # the written file is also said at its line of the document.
    origin: dict[int, int] = {}

    def came_from(start: int, end: int, no: int | None) -> None:
        for k in range(start, end + 1):
            if no is not None:
                origin.setdefault(k, no)

    came_from(lines.index("title:") + 1, lines.index("summary:"), getattr(parsed, "title_no", None))
    if kind == "review":
        lines += ["review:  # fill in the 回头看 meetings and the feedback and its outcomes",
                  "  meetings: []", "  feedback: []"]
    preamble = parsed.preamble if parsed else None
    if preamble and "preamble" in carried.texts:
        zh, bo = _zh_bo(preamble)
        start = len(lines) + 1
        lines += ["preamble:", *text_lines(with_source_tibetan(carried.text("preamble", zh), bo,
                                                               bo_status), "  ")]
        came_from(start, len(lines), getattr(preamble, "no", None))
    lines.append("chapters:")
    near = {miss.new_id: miss for miss in plan.near}
    n = 0
    for k, (cid, ctitle, articles) in enumerate(plan.chapters):
        title_bo = chapter_drafts[k].bo_title if chapter_drafts else None
        start = len(lines) + 1
        lines += [f"  - id: {cid}", "    title:",
                  *text_lines(with_source_tibetan(carried.text(f"chapter:{cid}", ctitle), title_bo,
                                                  bo_status), "      "), "    articles:"]
        came_from(start, len(lines), chapter_drafts[k].no if chapter_drafts else None)
        for aid, text, no, _ in articles:
            blocks = drafts[n].blocks(paragraphs) if drafts else [_Plain(text)]
            n += 1
            start = len(lines) + 1
            phrases = carried.phrases.get(aid, ())
            miss = near.get(aid)
            if miss:  # said in the file too: whoever checks it sees the choice to make
                previous = carried.previous or "the previous revision"
                lines.append(f"      # near miss: may continue {miss.old_id} of {previous} "
                             f"(similarity {miss.ratio:.2f}); if it does, delete this file and "
                             f"import again with --confirm {miss.old_id}={miss.number}")
            lines.append(f"      - id: {aid}")
            if structured(blocks):
                nos: list = []
                first = len(lines) + 1
                lines += paragraph_lines(blocks, carried.old_articles.get(aid), bo_status,
                                         "        ", nos)
                for at, part_no in enumerate(nos, first):  # each paragraph and item: its line
                    came_from(at, at, part_no)
            else:
                lines += text_lines(with_source_tibetan(carried.text(f"article:{aid}", text),
                                                        blocks[0].bo, bo_status), "        ")
            lines.append(f"        phrases: [{', '.join(phrases)}]")
            if carried.feedback.get(aid):
                lines.append(f"        # feedback in {carried.previous}: "
                             f"{', '.join(carried.feedback[aid])} (links to that revision's "
                             "review; link this revision's feedback here when it has a review)")
            if carried.provisions.get(aid):
                note = (f"carried from {carried.previous}, where the article's text was different: "
                        "check the points against the new text") if aid in carried.changed else ""
                lines += provision_lines(carried.provisions[aid], "        ", note)
            came_from(start, len(lines), no)  # the rest of the article: where it starts
    closing = parsed.closing if parsed else []
    if closing and all(f"closing:{k}" in carried.texts for k in range(len(closing))):
        lines.append("closing:")
        for k, line in enumerate(closing):
            zh, bo = _zh_bo(line)
            text = with_source_tibetan(carried.text(f"closing:{k}", zh), bo, bo_status)
            first, *rest = text_lines(text, "    ")
            start = len(lines) + 1
            lines += ["  - " + first.lstrip(), *rest]
            came_from(start, len(lines), getattr(line, "no", None))
    return "\n".join(lines) + "\n", origin


def write_new(target: Path, content: str) -> None:
    """Write `content` to `target` atomically, never replacing an existing file."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)  # a dot-file: the loader skips it
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, target)  # fails if the target exists, even if it appeared just now
        except FileExistsError:
            raise ImportFailed(f"{target} already exists: a revision is never overwritten") from None
        except OSError:  # a file system without hard links
            if target.exists():
                raise ImportFailed(f"{target} already exists: a revision is never overwritten") from None
            os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_validated(target: Path, content: str, new_problems: Callable[[], list]) -> list:
    """Write `target` (see write_new), then ask `new_problems()` what the data folder says with
    it; if anything, remove the file again, and its folder if it was made for it. Also on any
    failure or interruption meanwhile: a half-done import leaves nothing behind."""
    folder = target.parent
    made_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        write_new(target, content)
        problems = new_problems()
    except BaseException:
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            target.unlink()
        if made_folder:
            _remove_empty(folder)
        raise
    if problems:
        target.unlink()
        if made_folder:
            _remove_empty(folder)
    return problems


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
