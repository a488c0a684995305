"""Writing the new revision: the YAML text, laid out as a person writes it (the format of
regulations/README.md, with comments that it was imported and must be checked), and the file,
written atomically, never over an existing one, and removed again if the data folder does not
validate with it.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Callable

import yaml

from .. import model as m
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


def revision_yaml(village_id: str, when: str, kind: str, body: str, title: str, source_name: str,
                  plan: Plan, today: str, carried: Carried | None = None) -> tuple[str, dict[int, int]]:
    """The revision file, and which source line each of its lines comes from (for messages)."""
    safe_name = re.sub(r"[\x00-\x1f\x7f]", "?", source_name)
    carried = carried or Carried()
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
        *text_lines(carried.text("title", title), "  "),
        "summary:",
        f"  zh: {scalar(f'由{safe_name}导入，待核对。', '    ')}",
        "  bo_status: missing",
    ]
    if kind == "review":
        lines += ["review:  # fill in the 回头看 meetings and the feedback and its outcomes",
                  "  meetings: []", "  feedback: []"]
    lines.append("chapters:")
    origin: dict[int, int] = {}
    for cid, ctitle, articles in plan.chapters:
        lines += [f"  - id: {cid}", "    title:",
                  *text_lines(carried.text(f"chapter:{cid}", ctitle), "      "), "    articles:"]
        for aid, text, no, _ in articles:
            start = len(lines) + 1
            phrases = carried.phrases.get(aid, ())
            lines += [f"      - id: {aid}", *text_lines(carried.text(f"article:{aid}", text), "        "),
                      f"        phrases: [{', '.join(phrases)}]"]
            if carried.provisions.get(aid):
                note = (f"carried from {carried.previous}, where the article's text was different: "
                        "check the points against the new text") if aid in carried.changed else ""
                lines += provision_lines(carried.provisions[aid], "        ", note)
            for k in range(start, len(lines) + 1):
                origin[k] = no
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
