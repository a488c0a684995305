"""The labels Word draws for automatically numbered paragraphs (`第一条`, `1.`, `（一）`).

python-docx's paragraph text leaves them out, yet they are often the only article numbers of a
county Word file; so the numbering definitions are read and counted here as Word counts them.
Every number comes from a file that may be damaged or crafted: no value can stop the import.
"""
from __future__ import annotations

import re

from ..numbering import zh_number

# WordprocessingML, as python-docx's lxml tree names it (also used by sources.read_docx).
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CHINESE_FORMATS = ("chineseCounting", "chineseCountingThousand", "ideographDigital",
                   "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
                   "chineseLegalSimplified")
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _decimal(value: str | None, default: int) -> int:
    """A number attribute of the document (a start value, a level): ASCII digits, at most 6 of
    them, else `default`. A damaged or crafted file may hold `²`, a word, or 5,000 digits."""
    if value and value.isascii() and value.isdigit() and len(value) <= 6:
        return int(value)
    return default


def format_number(n: int, fmt: str) -> str:
    """`n` in Word's number format `fmt` (w:numFmt); digits for a format not imitated here."""
    if fmt in CHINESE_FORMATS:
        # Chinese words as in 第一百零五条, in the range the importer reads back (structure.NUM);
        # 0 and 1000 up stay digits, as they always did here.
        return zh_number(n) if 0 < n < 1000 else str(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= 26 * 10:  # AA.. is n // 26 letters
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = ""
        for value, sign in ROMAN:
            while n >= value:
                roman, n = roman + sign, n - value
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


class Numbering:
    """The numbering definitions of one document and the counters of its lists, advanced
    paragraph by paragraph: call `label` for every paragraph, in document order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # abstract -> ilvl -> ...
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> abstract, overrides
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part, or one python-docx cannot read
            return
        val = W + "val"
        for abstract in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(W + "lvl"):
                start = lvl.find(W + "start")
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                levels[_decimal(lvl.get(W + "ilvl"), 0)] = (
                    _decimal(start.get(val) if start is not None else None, 1),
                    fmt.get(val, "decimal") if fmt is not None else "decimal",
                    text.get(val, "") if text is not None else "")
            self.levels[abstract.get(W + "abstractNumId")] = levels
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            overrides = {}
            for override in num.findall(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                if start is not None:
                    overrides[_decimal(override.get(W + "ilvl"), 0)] = _decimal(start.get(val), 1)
            if ref is not None:
                self.nums[num.get(W + "numId")] = (ref.get(val), overrides)

    @staticmethod
    def _num_pr(paragraph):
        """numId and ilvl from the paragraph, else from its style and the styles it is based on."""
        num_id = ilvl = None
        sources = [paragraph._p.pPr]
        try:
            style = paragraph.style
        except Exception:
            style = None
        while style is not None and len(sources) < 20:  # a style based on itself loops
            sources.append(style.element.pPr)
            style = style.base_style
        for ppr in sources:
            num_pr = ppr.numPr if ppr is not None else None
            if num_pr is None:
                continue
            # the raw attributes: python-docx's typed ones raise on a value Word never writes
            num = num_pr.find(W + "numId")
            level = num_pr.find(W + "ilvl")
            if num_id is None and num is not None and num.get(W + "val") is not None:
                num_id = num.get(W + "val")
            if ilvl is None and level is not None:
                ilvl = _decimal(level.get(W + "val"), 0)
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl or 0

    def label(self, paragraph) -> str:
        """The label Word draws before `paragraph` (a python-docx Paragraph), or ""."""
        if not self.nums:
            return ""
        num_id, ilvl = self._num_pr(paragraph)
        if num_id is None or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:  # a list that restarts its numbering
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        start, fmt, text = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            lstart, lfmt, _ = levels.get(level, (1, "decimal", ""))
            return format_number(counters.get(level, lstart), lfmt)

        return re.sub(r"%([1-9])", number, text).strip()
