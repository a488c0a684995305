"""What a Tibetan reader sees in a generated page or poster, and the faults issue 14 named in it.

    problems(html, names, typed)  ->  ["<where>: <what> in '<text>'", ...]

The text of an HTML page is read with its language: `lang` of the nearest element that says one
(<html lang="bo"> on a Tibetan page; a poster is <html lang="zh"> with lang="bo" halves).
Only what a reader sees counts: text, not attributes, <head>, <script> or <style>. The faults:

  glued name     a village's Tibetan name in <title> or a heading followed straight by another
                 word (ཨ་སངས་གྲོང་ཚོགྲོང་ཚོའི...) instead of a tsheg, a space or its particle
  shad colon     a shad followed by a colon: །:
  raw id         an id such as fb-1 shown as text
  Han            Chinese characters or punctuation in Tibetan text not marked lang="zh"
  Tibetan        Tibetan in text of another language not marked lang="bo" (a Chinese page)
  ASCII digits   digits in Tibetan text, except in <code>, in text marked as another language
                 (lang="zh", lang="zxx" for hashes), in a token that also has Latin letters (A3,
                 UTF-8, SHA-256), or in text the data files hold as typed (`typed`)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
HIDDEN = {"head", "script", "style", "template", "noscript"}
HEADINGS = {"title", "h1", "h2", "h3"}

HAN = re.compile("[\u3000-\u303f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
SHAD_COLON = re.compile("[\u0f0d\u0f0e\u0f14]\\s*[:：]")
RAW_ID = re.compile(r"(?<![\w-])[a-z]{1,3}-\d+(?![\w-])")
LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+-]*")
TSHEG = "\u0f0b"
TIBETAN_LETTER = re.compile("[\u0f40-\u0f6c\u0f90-\u0fbc]")
TIBETAN = re.compile("[\u0f00-\u0fff]")


@dataclass
class Run:
    text: str
    lang: str       # the language in force: the nearest lang= around the text
    code: bool      # inside <code>
    heading: int    # which <title>, <h1>-<h3> or poster .title it is in (0: none)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool, int, bool]] = [("", "", False, 0, False)]
        self.runs: list[Run] = []
        self.headings = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        a = dict(attrs)
        _, lang, code, heading, hidden = self.stack[-1]
        classes = (a.get("class") or "").split()
        # <title> is in <head> but it is what the tab and the header show: read it.
        hidden = (hidden or tag in HIDDEN or "hidden" in a) and tag != "title"
        if not heading and (tag in HEADINGS or "title" in classes):
            self.headings += 1
            heading = self.headings
        self.stack.append((tag, a.get("lang") or lang, code or tag == "code", heading, hidden))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        _, lang, code, heading, hidden = self.stack[-1]
        if (data.strip() or heading) and not hidden:
            self.runs.append(Run(data, lang, code, heading))


def runs(html: str) -> list[Run]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.runs


def typed_strings(data_dir: Path) -> list[str]:
    """Every string the data files hold: what an editor typed, digits and all."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted(Path(data_dir).rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


class Typed:
    """Is a piece of page text part of something the data files hold?"""

    def __init__(self, strings: list[str]):
        self.whole = set(s.strip() for s in strings)
        self.joined = "\n".join(strings)

    def __contains__(self, text: str) -> bool:
        text = text.strip()
        return text in self.whole or text in self.joined


def _glued(name: str, after: str) -> bool:
    """Is `after` (what follows a name) a new word written onto it? A tsheg, a space, a shad,
    the end, or a particle merged onto an open syllable (ཚོའི, ཚོས, ཚོར) are fine."""
    if not after or not TIBETAN_LETTER.match(after[0]):
        return False
    open_syllable = not re.search("[\u0f42\u0f44\u0f51\u0f53\u0f56\u0f58\u0f62\u0f63\u0f66]$",
                                  name.split(TSHEG)[-1][1:] or "")
    return not (open_syllable and after.startswith(("འི", "འང", "འམ", "ས", "ར")))


def problems(html: str, names: list[str], typed: Typed | None = None) -> list[str]:
    out = []
    names = [n.rstrip("\u0f0b\u0f0d ") for n in names if n]
    page_runs = runs(html)
    for run in page_runs:
        text = run.text
        if not text.strip():
            continue
        if SHAD_COLON.search(text):
            out.append(f"shad colon in {text.strip()!r}")
        if not run.code and RAW_ID.search(text) and not (typed and text in typed):
            out.append(f"raw id {RAW_ID.search(text).group()!r} in {text.strip()!r}")
        if run.lang != "bo":
            if TIBETAN.search(text):
                out.append(f"Tibetan outside lang=bo: {text.strip()!r}")
            continue
        if HAN.search(text):
            out.append(f"Han outside lang=zh: {HAN.search(text).group()!r} in {text.strip()!r}")
        if not run.code and re.search("[0-9]", text) and not (typed and text in typed):
            bare = [t for t in LATIN_TOKEN.findall(text) if re.search("[0-9]", t)
                    and not re.search("[A-Za-z]", t)]
            if bare:
                out.append(f"ASCII digits {bare[0]!r} in Tibetan text {text.strip()!r}")
    # A heading's text is often split by markup (<span lang="bo">name</span> flag): read it
    # whole, element by element.
    by_heading: dict[int, str] = {}
    for r in page_runs:
        if r.heading:
            by_heading[r.heading] = by_heading.get(r.heading, "") + r.text
    headings = "\n".join(by_heading.values())
    for name in names:
        for m in re.finditer(re.escape(name), headings):
            if _glued(name, headings[m.end():m.end() + 3]):
                out.append(f"glued name: {headings[m.start():m.end() + 12]!r}")
    return out
