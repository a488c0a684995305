"""The two languages of a bilingual (汉藏对照) document: which lines are Tibetan, how the
document sets them beside the Chinese, and the Tibetan labels of chapters, articles and items.

Three layouts are recognised, without being told (the summary names the one found):

- "Tibetan after each Chinese paragraph": every Tibetan line belongs to the Chinese line before it;
- "two-column table": a table row holds the Chinese in one cell and the Tibetan in the other;
- "whole Chinese text, then whole Tibetan text": the Tibetan comes as one block after the
  Chinese, with its own article labels (དོན་ཚན་༡༢། as numbering.article_label writes them, also
  ASCII digits and ordinal words: དོན་ཚན་དང་པོ།, དོན་ཚན་བཅུ་གཉིས་པ།), and is aligned by number.

A line is Tibetan when it has more Tibetan letters than Chinese characters; a line with neither
(a date in digits, a dash) goes with the lines around it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sources import Line

TIBETAN_LETTER = re.compile("[\u0f40-\u0fbc]")
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TIBETAN_DIGITS = "༠༡༢༣༤༥༦༧༨༩"

CHINESE_ONLY = "Chinese only"
INTERLEAVED = "Tibetan after each Chinese paragraph"
TABLE = "two-column table"
BLOCKS = "whole Chinese text, then whole Tibetan text"
TIBETAN_ONLY = "Tibetan only"


def script(text: str) -> str:
    """"bo", "zh", or "" for a line with neither Tibetan letters nor Chinese characters."""
    bo, zh = len(TIBETAN_LETTER.findall(text)), len(HAN.findall(text))
    if bo > zh:
        return "bo"
    return "zh" if zh else ""


# -- Tibetan numbers: digits, and the words of 1..99, cardinal and ordinal --------------------

_ONES = ["", "གཅིག", "གཉིས", "གསུམ", "བཞི", "ལྔ", "དྲུག", "བདུན", "བརྒྱད", "དགུ"]
_TEENS = ["བཅུ", "བཅུ་གཅིག", "བཅུ་གཉིས", "བཅུ་གསུམ", "བཅུ་བཞི", "བཅོ་ལྔ", "བཅུ་དྲུག", "བཅུ་བདུན",
          "བཅོ་བརྒྱད", "བཅུ་དགུ"]
_TENS = {2: "ཉི་ཤུ", 3: "སུམ་ཅུ", 4: "བཞི་བཅུ", 5: "ལྔ་བཅུ", 6: "དྲུག་ཅུ", 7: "བདུན་ཅུ",
         8: "བརྒྱད་ཅུ", 9: "དགུ་བཅུ"}
_LINKS = {2: "ཉེར", 3: "སོ", 4: "ཞེ", 5: "ང", 6: "རེ", 7: "དོན", 8: "གྱ", 9: "གོ"}


def _number_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for n in range(1, 10):
        words[_ONES[n]] = n
    for n, word in enumerate(_TEENS, 10):
        words[word] = n
    for tens, word in _TENS.items():
        words[word] = tens * 10
        for n in range(1, 10):
            for form in (f"{word}་{_LINKS[tens]}་{_ONES[n]}", f"{word}་རྩ་{_ONES[n]}",
                         f"{_LINKS[tens]}་{_ONES[n]}"):
                words[form] = tens * 10 + n
    words["དང་པོ"] = 1  # the ordinal "first" is its own word
    return words


NUMBER_WORDS = _number_words()
_WORDS = "|".join(re.escape(w) for w in sorted(NUMBER_WORDS, key=len, reverse=True))
BO_NUM = rf"[༠-༩]{{1,3}}|[0-9]{{1,3}}|(?:{_WORDS})(?:་?པ(?!ོ))?"
_TAIL = r"[་\s]*[༽)）]?[།༎:：་\s]*(.*)$"
BO_ARTICLE = re.compile(rf"^[༼(（]?\s*(?:དོན་ཚན|ཚན་པ)[་\s]*({BO_NUM}){_TAIL}", re.S)
BO_CHAPTER = re.compile(rf"^[༼(（]?\s*ལེའུ[་\s]*({BO_NUM}){_TAIL}", re.S)
# An item: ༼༡༽ (༡) or ༡་ ༡. ༡། at the start of a line; one or two digits, so that a year
# (༢༠༢༥ལོ) is not taken for one.
BO_ITEM = re.compile(r"^(?:[༼(（]\s*([༠-༩0-9]{1,2})\s*[༽)）]|([༠-༩]{1,2})\s*[་.．།](?![༠-༩]))\s*(.*)$",
                     re.S)


def bo_value(text: str) -> int:
    """The number of a Tibetan label: ༡༢, 12, བཅུ་གཉིས, བཅུ་གཉིས་པ, དང་པོ -> 12 or 1."""
    digits = text.translate({ord(d): str(i) for i, d in enumerate(TIBETAN_DIGITS)})
    if digits.isascii() and digits.isdigit():
        return int(digits)
    word = re.sub(r"་?པ$", "", text)
    return NUMBER_WORDS.get(word, NUMBER_WORDS.get(text, 0))


def bo_marker(text: str) -> tuple[str, int, str] | None:
    """("chapter" | "article", number, the rest of the line) for a Tibetan label, else None."""
    for kind, pattern in (("chapter", BO_CHAPTER), ("article", BO_ARTICLE)):
        match = pattern.match(text)
        if match:
            return kind, bo_value(match.group(1)), match.group(2).strip()
    return None


# -- the layout --------------------------------------------------------------------------------

@dataclass
class Split:
    """The document's lines by language: the Chinese lines, the Tibetan lines that go with each
    (interleaved and table layouts), and the Tibetan block (BLOCKS and TIBETAN_ONLY)."""

    layout: str
    zh: list[Line]
    attached: list[list[Line]]  # per Chinese line: the Tibetan lines that follow it
    block: list[Line] = field(default_factory=list)  # the whole Tibetan text, in order
    leading: list[Line] = field(default_factory=list)  # Tibetan before any Chinese line


def _table_pair(line: Line) -> tuple[list[Line], list[Line]] | None:
    """A table row of one Chinese and one Tibetan cell (and perhaps empty ones)."""
    cells = [c for c in line.cells if c]
    if len(cells) != 2:
        return None
    scripts = [script(c) for c in cells]
    if sorted(scripts) != ["bo", "zh"]:
        return None
    zh, bo = (cells[0], cells[1]) if scripts[0] == "zh" else (cells[1], cells[0])
    return ([Line(line.no, t) for t in zh.split("\n") if t],
            [Line(line.no, t) for t in bo.split("\n") if t])


def split(lines: list[Line]) -> Split:
    pairs = [_table_pair(line) for line in lines]
    table = sum(1 for p in pairs if p) >= 2
    zh: list[Line] = []
    attached: list[list[Line]] = []
    sequence: list[tuple[str, Line]] = []  # (script, line), table rows unfolded
    for line, pair in zip(lines, pairs):
        if table and pair:
            for t in pair[0]:
                sequence.append(("zh", t))
            for t in pair[1]:
                sequence.append(("bo", t))
        else:
            sequence.append((script(line.text), line))
    if not any(s == "bo" for s, _ in sequence):
        return Split(CHINESE_ONLY, [line for _, line in sequence], [[] for _ in sequence])
    if not any(s == "zh" for s, _ in sequence):
        return Split(TIBETAN_ONLY, [], [], [line for _, line in sequence])
    # Runs of Tibetan lines: one run holding several article labels is the whole Tibetan text.
    runs: list[list[Line]] = []
    current = "zh"
    for s, line in sequence:
        s = s or current
        if s == "bo":
            if current != "bo":
                runs.append([])
            runs[-1].append(line)
        current = s
    block = max(runs, key=lambda run: sum(1 for line in run if bo_marker(line.text)))
    in_block = {id(line) for line in block}
    blocks = not table and sum(1 for line in block if bo_marker(line.text)
                               and bo_marker(line.text)[0] == "article") >= 2
    leading: list[Line] = []
    current = "zh"
    for s, line in sequence:
        s = s or current
        if blocks and id(line) in in_block:
            continue
        if s == "bo":
            (attached[-1] if attached else leading).append(line)
        else:
            zh.append(line)
            attached.append([])
        current = s
    layout = BLOCKS if blocks else TABLE if table else INTERLEAVED
    return Split(layout, zh, attached, block if blocks else [], leading)


@dataclass
class TibetanText:
    """The whole Tibetan text of a BLOCKS (or Tibetan-only) document, read by its own labels."""

    title: Line | None = None
    before: list[Line] = field(default_factory=list)  # lines before the first label (preamble)
    chapters: dict[int, str] = field(default_factory=dict)  # number -> title
    articles: dict[int, list[Line]] = field(default_factory=dict)  # number -> its lines
    order: list[int] = field(default_factory=list)  # article numbers as they come
    chapter_of: dict[int, int] = field(default_factory=dict)  # article number -> chapter number
    repeated: list[Line] = field(default_factory=list)  # a label seen twice: not placed


def read_tibetan(lines: list[Line]) -> TibetanText:
    out = TibetanText()
    current: list[Line] | None = None
    chapter = 0
    for line in lines:
        marker = bo_marker(line.text)
        if marker and marker[0] == "chapter":
            chapter, current = marker[1], None
            out.chapters[chapter] = marker[2]
        elif marker and marker[1] in out.articles:
            out.repeated.append(line)
            current = None
        elif marker:
            current = out.articles.setdefault(marker[1], [])
            out.order.append(marker[1])
            out.chapter_of[marker[1]] = chapter
            if marker[2]:
                current.append(Line(line.no, marker[2]))
        elif current is not None:
            current.append(line)
        elif chapter and not out.chapters.get(chapter):  # ལེའུ་དང་པོ། / its title on the next line
            out.chapters[chapter] = line.text
        elif out.title is None and not out.before and not chapter:
            out.title = line
        elif not chapter:
            out.before.append(line)
        else:
            out.repeated.append(line)
    return out
