"""Import a village regulation from a Word (.docx) or text (.txt) file as a new revision file.

    python build.py import <file> --village <id> --date <YYYY-MM-DD>
                           [--data regulations] [--kind revision|initial|review] [--body 村民代表大会]

The county keeps its regulations as Word files; this turns one into
`regulations/villages/<id>/<date>.yaml` without retyping:

- Structure: `第X章 ...` chapter headings and `第X条 ...` articles (Chinese numerals or digits);
  without any 第X条 the plainly numbered items `1.` `1、` `（1）` or `一、` are the articles. A
  line before the first article that ends in 村规民约 (居民公约 ...) is the title. Every other line
  the importer cannot place (a preamble, text between a chapter heading and its first article,
  a signature or date after the last article) is reported with its line number, never dropped
  silently.
- Ids: an article keeps the id it has in the village's previous revision (the latest one before
  --date) when its text is the same after normalising spaces and punctuation, or similar enough
  (difflib ratio >= 0.85; best matches first, each old article at most once). Chapters keep
  their id when their title is the same. Other articles get `art-<n>` (n: the article's number),
  chapters `ch-<n>`; an id the village ever used for something else is never given again.
- Carry-over (translation.carry): an article that keeps its id keeps its phrase tags and
  provisions, and its Tibetan with status and review when its Chinese is the same after
  normalising; when the Chinese changed, the old Tibetan stays as `outdated` with the old
  Chinese in `bo_was`, and its provisions are flagged for a check. Chapter titles, the title and
  the adopting body likewise. A text with nothing to continue gets a `draft` from the county's
  translation memory on an exact match. The summary gives every count.
- The file is written atomically and never over an existing one, then the whole data folder is
  validated with `load()`; if the new file brings any problem, the problems are printed and the
  file is removed again.

The new revision says `sample: false` (it is an official text) and starts with a comment that it
was imported and must be checked against the original. Nothing here imports MkDocs.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from . import model as m
from . import translation
from .fields import DATE_PATTERN, ID_PATTERN
from .load import load
from .problems import DataError, printable

REVISION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.yaml$")
SIMILAR = 0.85  # difflib ratio from which a reworded article keeps its id
DEFAULT_BODY = "村民代表大会"
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "regulations"


class ImportFailed(Exception):
    """Refused or failed: the message says why and what to do. Nothing was written."""


# --- reading the document ----------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    no: int  # line of a .txt file, paragraph of a .docx file (1-based)
    text: str


@dataclass
class Source:
    name: str
    unit: str  # "line" or "paragraph": what Line.no counts
    how: str  # how it was read: "Word document", "UTF-8", "GB18030 (GBK)" ...
    lines: list[Line]
    paragraphs: bool  # each line is a paragraph (docx): continuations start a new line in zh
    removed: int = 0  # invisible characters removed (zero-width spaces, direction marks, BOMs)


# Characters nobody sees that the loader would refuse: zero-width spaces and joiners, soft
# hyphens, direction controls, byte-order marks left inside the text.
INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
CJK = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
SPACE_BETWEEN_CJK = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")


def clean(text: str) -> tuple[str, int]:
    """Trim, collapse whitespace (tabs, full-width spaces) and drop spaces between Chinese
    characters (`扎 西 村` -> `扎西村`); returns the text and how many invisible characters went."""
    text, removed = INVISIBLE.subn("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return SPACE_BETWEEN_CJK.sub("", text), removed


# Input limits. A village regulation is a few pages: the shipped ones have at most 26 articles,
# a few hundred lines. A document far beyond these is the wrong file, or one made to exhaust the
# machine (a 150 KB .docx of 500,000 empty paragraphs kept python-docx busy for over 5 minutes at
# 937 MB), so it is measured and refused before it is parsed.
MAX_PARAGRAPHS = 20_000  # lines of a .txt, paragraphs of a .docx
MAX_TXT_BYTES = 5_000_000
MAX_DOCX_BYTES = 50_000_000  # the file: scanned signature pages make a .docx large
MAX_DOCX_UNPACKED = 200_000_000  # all its parts unpacked: python-docx keeps every one in memory
# An element named p in any namespace: Word's <w:p>, also a drawing's <a:p>; counted in the raw
# XML of every part, so that the count costs one pass over the bytes and no parsing.
XML_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    suffix = path.suffix.lower()
    size = path.stat().st_size
    limit = MAX_DOCX_BYTES if suffix == ".docx" else MAX_TXT_BYTES
    if suffix in (".docx", ".txt") and size > limit:
        raise ImportFailed(f"{path.name}: {size:,} bytes, over the importer's limit of {limit:,}; "
                           "a village regulation is a few pages: check that this is the right file")
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".txt":
        return read_txt(path)
    if suffix in (".doc", ".wps", ".rtf", ".odt", ".pdf"):
        raise ImportFailed(f"{path.name}: {suffix} files cannot be read; open it in Word or WPS "
                           "and save it as a Word document (.docx), or as plain text (.txt)")
    raise ImportFailed(f"{path.name}: not a .docx or .txt file")


def _finish(name: str, unit: str, how: str, raw: list[tuple[int, str]], paragraphs: bool) -> Source:
    lines, removed = [], 0
    for no, text in raw:
        for piece in text.split("\n"):  # manual line breaks inside a Word paragraph
            cleaned, n = clean(piece)
            removed += n
            if cleaned:
                lines.append(Line(no, cleaned))
    return Source(name, unit, how, lines, paragraphs, removed)


def read_txt(path: Path) -> Source:
    text, how = decode_txt(path.read_bytes(), path.name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = list(enumerate(text.split("\n"), 1))
    if len(raw) > MAX_PARAGRAPHS:
        raise ImportFailed(f"{path.name}: {len(raw):,} lines, over the importer's limit of "
                           f"{MAX_PARAGRAPHS:,}; a village regulation is a few pages: check that "
                           "this is the right file")
    return _finish(path.name, "line", how, raw, paragraphs=False)


def decode_txt(data: bytes, name: str) -> tuple[str, str]:
    """The text of a .txt file and how it was read: a byte-order mark says UTF-8 or UTF-16 and
    is then held to; without one, UTF-8, else GB18030 (which includes GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", name, 3), "UTF-8 (with BOM)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        if len(data) % 2:
            raise ImportFailed(f"{name}: UTF-16 (it starts with a UTF-16 byte-order mark) but an "
                               "odd number of bytes long, so it is cut short or not text; save "
                               "it again as UTF-8 text and import it again")
        return _decode(data, "utf-16", name), "UTF-16"
    if b"\x00" in data:  # no text has NUL characters; UTF-16 without a byte-order mark has many
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportFailed(f"{name}:{line}: contains zero bytes, as a UTF-16 file without a "
                           "byte-order mark or a binary file does; save it as UTF-8 text and "
                           "import it again")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return _decode(data, "gb18030", name, what="neither UTF-8 nor GBK/GB18030"), "GB18030 (GBK)"


def _decode(data: bytes, encoding: str, name: str, skipped: int = 0, what: str = "") -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n" if encoding != "utf-16" else "\n".encode("utf-16-le")) + 1
        what = what or f"not valid {encoding.upper()}: byte 0x{data[e.start]:02x} at byte " \
                       f"{e.start + skipped + 1:,}"
        raise ImportFailed(f"{name}:{line}: {what}; save the file as UTF-8 text and import it "
                           "again") from None


# WordprocessingML, read with python-docx's lxml tree: body paragraphs in order, including those
# in tables, content controls and text boxes, with the labels of Word's automatic numbering.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
CONTAINERS = {W + t for t in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "txbxContent")}
SKIPPED = {W + t for t in ("pPr", "rPr", "sdtPr", "del", "moveFrom")} | {MC_FALLBACK}


def read_docx(path: Path) -> Source:
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - the requirements install it
        raise ImportFailed("reading .docx needs python-docx: pip install python-docx==1.2.0") from None
    check_docx(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # a damaged or mislabelled file: python-docx raises various errors
        raise ImportFailed(f"{path.name}: cannot be read as a Word document ({e}); open it in "
                           "Word and save it again as .docx") from None
    numbering = _Numbering(document)
    raw: list[tuple[int, str]] = []
    count = 0

    def text_of(p, boxes: list) -> str:
        label = numbering.label(Paragraph(p, document))
        text = _paragraph_text(p, boxes)
        return f"{label} {text}" if label else text

    def emit(block) -> None:
        nonlocal count
        count += 1
        boxes: list = []
        if block.tag == W + "tr":  # a table row is one line: its cells side by side, " | "
            cells = [" ".join(text_of(p, boxes) for p in _blocks(tc))
                     for tc in block if tc.tag in (W + "tc", W + "sdt", W + "customXml")]
            raw.append((count, " | ".join(c for c in cells if c.strip())))
        else:
            raw.append((count, text_of(block, boxes)))
        for box in boxes:  # text boxes anchored here come after it
            for inner in _blocks(box, rows=True):
                emit(inner)

    for block in _blocks(document.element.body, rows=True):
        emit(block)
    return _finish(path.name, "paragraph", "Word document", raw, paragraphs=True)


def check_docx(path: Path) -> None:
    """Refuse a .docx that is not a zip archive, is damaged, or unpacks or counts beyond the
    limits, before python-docx spends time and memory on it."""
    not_word = (f"{path.name}: not a Word document (a .docx is a zip archive, and this file is "
                "not one, or is damaged); if it is an older .doc or a .wps renamed, open it in Word "
                "or WPS and save it as a Word document (.docx)")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > MAX_DOCX_UNPACKED:
                raise ImportFailed(f"{path.name}: unpacks to {unpacked:,} bytes, over the "
                                   f"importer's limit of {MAX_DOCX_UNPACKED:,}; save it again "
                                   "from Word, without embedded media")
            count = 0
            for part in parts:
                if part.filename.endswith(".xml"):
                    count += _count_paragraphs(archive, part, MAX_PARAGRAPHS - count)
                    if count > MAX_PARAGRAPHS:
                        raise ImportFailed(
                            f"{path.name}: more than {MAX_PARAGRAPHS:,} paragraphs, over the "
                            "importer's limit; a village regulation is a few pages: check that "
                            "this is the right file")
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            ValueError, OSError):  # not a zip, damaged, encrypted or an unknown compression
        raise ImportFailed(not_word) from None


def _count_paragraphs(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limit: int) -> int:
    """Paragraph elements in one part, read in chunks; stops counting once over `limit`."""
    count, tail = 0, b""
    with archive.open(part) as stream:
        while count <= limit:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            # a tag cut by the chunk boundary is counted in the next round, with its start
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            count += len(XML_PARAGRAPH.findall(data, 0, cut))
            tail = data[cut:]
    return count + len(XML_PARAGRAPH.findall(tail))


def _blocks(element, rows: bool = False):
    """The paragraphs inside `element` in document order (with rows: table rows whole)."""
    for child in element:
        if child.tag == W + "p" or (rows and child.tag == W + "tr"):
            yield child
        elif child.tag in CONTAINERS:
            yield from _blocks(child, rows)


def _paragraph_text(p, boxes: list) -> str:
    out: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "t":
                out.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                out.append(" ")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "txbxContent":
                boxes.append(child)
            elif tag not in SKIPPED and isinstance(tag, str):
                walk(child)

    walk(p)
    return "".join(out)


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = ""
    if hundreds:
        out += CHINESE_DIGITS[hundreds] + "百"
        if tens == 0 and ones:
            return out + "零" + CHINESE_DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else CHINESE_DIGITS[tens]) + "十"
    if ones:
        out += CHINESE_DIGITS[ones]
    return out


def _decimal(value: str | None, default: int) -> int:
    """A number attribute of the document (a start value, a level): ASCII digits, at most 6 of
    them, else `default`. A damaged or crafted file may hold `²`, a word, or 5,000 digits."""
    if value and value.isascii() and value.isdigit() and len(value) <= 6:
        return int(value)
    return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographDigital",
               "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
               "chineseLegalSimplified"):
        return chinese_number(n)
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
        for value, sign in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                            (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                            (4, "IV"), (1, "I")):
            while n >= value:
                roman, n = roman + sign, n - value
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


class _Numbering:
    """The labels Word draws for automatically numbered paragraphs (`第一条`, `1.`), which
    python-docx's paragraph text leaves out: counted here as Word counts them."""

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
            return _format_number(counters.get(level, lstart), lfmt)

        return re.sub(r"%([1-9])", number, text).strip()


# --- recognising the structure ------------------------------------------------------------------

NUM = r"[0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,6}"
CHAPTER = re.compile(rf"^第\s*({NUM})\s*章(?:\s*[：:、.．]\s*|\s*)(.*)$")
ARTICLE = re.compile(rf"^第\s*({NUM})\s*条(?:\s*[：:、.．,，]\s*|\s*)(.*)$")
SECTION = re.compile(rf"^第\s*({NUM})\s*[节部编]")
NUMBERED = {  # plain numbering, used for articles only when there is no 第X条
    "arabic": re.compile(r"^([0-9０-９]{1,3})\s*[.．、](?![0-9０-９])\s*(.*)$"),
    "paren": re.compile(r"^[（(]\s*([0-9０-９]{1,3})\s*[)）]\s*(.*)$"),
    "chinese": re.compile(r"^([零〇一二两三四五六七八九十百]{1,6})\s*、\s*(.*)$"),
}
NUMBERING_NAMES = {"article": "第X条", "arabic": "1.", "paren": "（1）", "chinese": "一、"}
SUBITEM = re.compile(r"^(?:[（(]\s*(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|"
                     r"[0-9０-９]{1,3}\s*[.．、](?![0-9０-９])|[一二三四五六七八九十]{1,3}\s*、|"
                     r"[\u2460-\u2473])")
TITLE = re.compile(r"(村规民约|居规民约|居民公约|村民公约|社区公约|自治章程|公约|规约)")
SENTENCE_END = tuple("。；;：:！？!?")
PUNCTUATION = re.compile(r"[。；;：:！？!?，,、]")
DATE_LINE = re.compile(r"^(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}月(?:.{1,6}日)?$")
SIGNATURE = re.compile(r"(村民委员会|村委会|居民委员会|居委会|党支部|党总支|村民代表大会|村民大会)(（章）|\(章\))?$")


def parse_number(raw: str) -> int:
    raw = raw.translate({0xFF10 + i: str(i) for i in range(10)})
    if raw.isdigit():
        return int(raw)
    digits = {c: i for i, c in enumerate(CHINESE_DIGITS)} | {"〇": 0, "两": 2}
    if "十" not in raw and "百" not in raw:  # 一二 read digit by digit, as people write years
        return int("".join(str(digits[c]) for c in raw))
    total = current = 0
    for c in raw:
        if c in digits:
            current = digits[c]
        else:
            total += (current or 1) * (10 if c == "十" else 100)
            current = 0
    return total + current


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= 12 and not PUNCTUATION.search(text)


@dataclass
class Unplaced:
    no: int
    text: str
    why: str


@dataclass
class ArticleDraft:
    no: int  # where it starts
    marker: str
    number: int
    parts: list[tuple[int, str]] = field(default_factory=list)

    def text(self, paragraphs: bool) -> str:
        out = ""
        for _, part in self.parts:
            if not out:
                out = part
            elif paragraphs or out.endswith(SENTENCE_END) or SUBITEM.match(part):
                out += "\n" + part
            elif out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
                out += " " + part
            else:  # a line wrapped in the middle of a sentence
                out += part
        return out


@dataclass
class ChapterDraft:
    no: int | None  # None: no chapter heading (the whole text, or articles before the first one)
    title: str
    marker: str = ""  # the heading as it stands in the document
    number: int | None = None
    articles: list[ArticleDraft] = field(default_factory=list)


@dataclass
class Parsed:
    title: str | None
    title_no: int | None
    chapters: list[ChapterDraft]
    has_chapters: bool
    numbering: str | None  # which markers made the articles
    unplaced: list[Unplaced]
    notes: list[str]


def _classify(text: str) -> tuple[str, int | None, str]:
    for kind, pattern in (("chapter", CHAPTER), ("article", ARTICLE)):
        match = pattern.match(text)
        if match:
            return kind, parse_number(match.group(1)), match.group(2).strip()
    if SECTION.match(text):
        return "section", None, text
    for kind, pattern in NUMBERED.items():
        match = pattern.match(text)
        if match:
            return kind, parse_number(match.group(1)), match.group(2).strip()
    return "text", None, text


def parse(source: Source) -> Parsed:
    lines = source.lines
    kinds = [_classify(line.text) for line in lines]
    unit = source.unit
    notes: list[str] = []

    def next_kind(i: int) -> str | None:
        return kinds[i + 1][0] if i + 1 < len(kinds) else None

    has_chapter_markers = any(k == "chapter" for k, _, _ in kinds)
    article_kind = "article" if any(k == "article" for k, _, _ in kinds) else None
    # 一、总则 / 二、... as chapter headings: only without 第X章, when every such line is a short
    # heading directly followed by an article (第X条, or 1. / （1） when there is no 第X条).
    chinese = [i for i, (k, _, _) in enumerate(kinds) if k == "chinese"]
    chinese_chapters = False
    if chinese and not has_chapter_markers and all(_heading_like(kinds[i][2]) for i in chinese):
        after = {next_kind(i) for i in chinese}
        if after == {"article"} or (article_kind is None and after in ({"arabic"}, {"paren"})):
            chinese_chapters, article_kind = True, after.pop()
    if article_kind is None:
        firsts = [(next(i for i, k in enumerate(kinds) if k[0] == kind), kind)
                  for kind in NUMBERED if any(k[0] == kind for k in kinds)]
        article_kind = min(firsts)[1] if firsts else None

    title = title_no = None
    preamble: list[Unplaced] = []
    unplaced: list[Unplaced] = []
    chapters: list[ChapterDraft] = []
    chapter: ChapterDraft | None = None
    article: ArticleDraft | None = None
    started = False  # a chapter heading or an article was seen
    skip = -1
    for i, (line, (kind, number, rest)) in enumerate(zip(lines, kinds)):
        if i == skip:
            continue
        if kind == "chapter" or (chinese_chapters and kind == "chinese"):
            started, article = True, None
            if not rest and i + 1 < len(lines) and kinds[i + 1][0] == "text" \
                    and _heading_like(lines[i + 1].text):
                rest, skip = lines[i + 1].text, i + 1  # 第一章 / 总则 on two lines
            chapter = ChapterDraft(line.no, rest or line.text, line.text, number)
            chapters.append(chapter)
        elif kind == article_kind:
            started = True
            if chapter is None:
                chapter = ChapterDraft(None, "正文")
                chapters.append(chapter)
            article = ArticleDraft(line.no, line.text, number)
            if rest:
                article.parts.append((line.no, rest))
            chapter.articles.append(article)
        elif kind == "section":
            unplaced.append(Unplaced(line.no, line.text, "a section heading (第X节): the format "
                                     "has chapters and articles only"))
        elif article is not None:
            article.parts.append((line.no, line.text))
        elif not started:
            bare = re.sub(r"\s", "", line.text)
            if title is None and TITLE.search(bare) and len(bare) <= 40 \
                    and not bare.endswith("。"):
                title, title_no = line.text, line.no
            else:
                preamble.append(Unplaced(line.no, line.text, "before the first article "
                                         "(preamble): the format has no place for it"))
        else:
            unplaced.append(Unplaced(line.no, line.text, "between a chapter heading and its "
                                     "first article"))

    # A signature or a date after the last article belongs to the document, not the article.
    last = next((a for c in reversed(chapters) for a in reversed(c.articles)), None)
    trailer: list[Unplaced] = []
    while last is not None and len(last.parts) > 1:
        no, text = last.parts[-1]
        if len(text) <= 30 and (DATE_LINE.match(text) or SIGNATURE.search(text)):
            trailer.insert(0, Unplaced(no, text, "a signature or date after the last article"))
            last.parts.pop()
        else:
            break
    unplaced.extend(trailer)

    # Numbers that skip or repeat usually mean a line was read wrongly: say so.
    name = NUMBERING_NAMES.get(article_kind or "", "")
    numbered: list[tuple[int, str]] = []
    previous = None
    for c in chapters:
        for k, a in enumerate(c.articles):
            expected = 1 if previous is None else previous + 1
            if k == 0 and article_kind != "article" and a.number == 1:
                expected = 1  # plain numbering may start again in each chapter
            if a.number != expected:
                numbered.append((a.no, f"{unit} {a.no}: article numbered {a.number} where "
                                 f"{expected} was expected ({name} numbering): check that no "
                                 "article is missing"))
            previous = a.number
    previous = None
    for c in chapters:
        if c.number is not None:
            expected = 1 if previous is None else previous + 1
            if c.number != expected:
                numbered.append((c.no, f"{unit} {c.no}: chapter numbered {c.number} where "
                                 f"{expected} was expected"))
            previous = c.number
    notes += [note for _, note in sorted(numbered)]

    # Chapters without articles and articles without text cannot be written.
    kept_chapters = []
    for c in chapters:
        for a in list(c.articles):
            if not a.parts:
                unplaced.append(Unplaced(a.no, a.marker, "an article with no text"))
                c.articles.remove(a)
        if c.articles:
            kept_chapters.append(c)
        elif c.no is not None:
            unplaced.append(Unplaced(c.no, c.marker, "a chapter heading with no articles"))
    chapters = kept_chapters
    headed = [c for c in chapters if c.no is not None]
    if headed and chapters[0].no is None:
        notes.insert(0, f"{unit} {chapters[0].articles[0].no}: articles before the first "
                     "chapter heading were put in a chapter 正文")
    unplaced = sorted(preamble + unplaced, key=lambda u: u.no)
    return Parsed(title, title_no, chapters, bool(headed), article_kind, unplaced, notes)


# --- ids: keep those of the previous revision ---------------------------------------------------

def normalise(text: str) -> str:
    """Text for comparison: no whitespace, no punctuation or symbols, full-width folded. The
    same rule decides whether a translation carries over (translation.py)."""
    return translation.normalise(text)


@dataclass(frozen=True)
class Match:
    old: int  # index among the old items
    how: str  # "same" | "similar"
    ratio: float


def match_texts(new: list[str], old: list[str], threshold: float | None = SIMILAR) -> list[Match | None]:
    """For each new text, the old text it continues: the same after `normalise`, else the most
    similar at or above `threshold` (best pairs first; None: the same only); each old text is
    used at most once."""
    new_n, old_n = [normalise(t) for t in new], [normalise(t) for t in old]
    result: list[Match | None] = [None] * len(new)
    free: dict[str, list[int]] = {}
    for j, text in enumerate(old_n):
        free.setdefault(text, []).append(j)
    used: set[int] = set()
    for i, text in enumerate(new_n):
        if text and free.get(text):
            j = free[text].pop(0)
            result[i] = Match(j, "same", 1.0)
            used.add(j)
    pairs = []
    for i, text in enumerate(new_n if threshold is not None else ()):
        if result[i] is not None or not text:
            continue
        for j, old_text in enumerate(old_n):
            if j in used or not old_text:
                continue
            matcher = difflib.SequenceMatcher(None, text, old_text, autojunk=False)
            if matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold:
                ratio = matcher.ratio()
                if ratio >= threshold:
                    pairs.append((-ratio, i, j))
    for negative, i, j in sorted(pairs):
        if result[i] is None and j not in used:
            result[i] = Match(j, "similar", -negative)
            used.add(j)
    return result


@dataclass
class Village:
    id: str
    name: str
    kind: str


@dataclass
class History:
    """What the village's existing revision files say, read leniently (only ids and texts)."""

    dates: list[str]
    previous: str | None  # the latest revision before the new date
    previous_title: str | None
    chapters: list[tuple[str, str]]  # previous revision: (id, title zh)
    articles: list[tuple[str, str]]  # previous revision: (id, zh)
    chapter_ids: set[str]  # ever used in the village
    article_ids: set[str]
    unreadable: list[str]


def read_history(folder: Path, new_date: str) -> History:
    history = History([], None, None, [], [], set(), set(), [])
    if not folder.is_dir():
        return history
    for path in sorted(folder.iterdir()):
        match = REVISION_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        history.dates.append(match.group(1))
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
            chapters = [c for c in data.get("chapters") or [] if isinstance(c, dict)]
        except Exception:
            history.unreadable.append(path.name)
            continue
        rev_chapters, rev_articles = [], []
        for c in chapters:
            cid = str(c.get("id", ""))
            title = c.get("title") if isinstance(c.get("title"), dict) else {}
            rev_chapters.append((cid, str(title.get("zh", ""))))
            history.chapter_ids.add(cid)
            for a in c.get("articles") or []:
                if isinstance(a, dict) and a.get("id"):
                    rev_articles.append((str(a["id"]), str(a.get("zh", ""))))
                    history.article_ids.add(str(a["id"]))
        if match.group(1) < new_date:
            title = data.get("title") if isinstance(data.get("title"), dict) else {}
            history.previous, history.previous_title = match.group(1), title.get("zh")
            history.chapters, history.articles = rev_chapters, rev_articles
    return history


def fresh_id(prefix: str, n: int, when: str, used: set[str]) -> str:
    """`art-3`, or `art-20260301-3` when the village already used `art-3` for something else."""
    candidate = f"{prefix}-{n}"
    if candidate in used:
        candidate = f"{prefix}-{when.replace('-', '')}-{n}"
        k = 2
        while candidate in used:
            candidate, k = f"{prefix}-{when.replace('-', '')}-{n}-{k}", k + 1
    used.add(candidate)
    return candidate


@dataclass
class Plan:
    """The revision to write: chapters of (id, title, [(id, text, source no, kept how)])."""

    chapters: list[tuple[str, str, list[tuple[str, str, int, str]]]]
    kept: int
    kept_chapters: int


def assign_ids(parsed: Parsed, history: History, when: str, paragraphs: bool) -> Plan:
    drafts = [a for c in parsed.chapters for a in c.articles]
    texts = [a.text(paragraphs) for a in drafts]
    matches = match_texts(texts, [t for _, t in history.articles])
    used_articles = set(history.article_ids)
    kept_ids = {history.articles[m.old][0] for m in matches if m}
    used_articles |= kept_ids
    titles = [c.title for c in parsed.chapters]
    chapter_matches = match_texts(titles, [t for _, t in history.chapters], threshold=None)
    used_chapters = set(history.chapter_ids) | {history.chapters[m.old][0] for m in chapter_matches if m}

    chapters, n, kept = [], 0, 0
    for k, (c, cm) in enumerate(zip(parsed.chapters, chapter_matches), 1):
        if cm:
            cid = history.chapters[cm.old][0]
        elif c.no is None and not parsed.has_chapters:
            cid = "main"  # no chapters in the document: one chapter 正文
        else:
            cid = fresh_id("ch", k, when, used_chapters)
        articles = []
        for a in c.articles:
            m = matches[n]
            n += 1
            if m:
                aid, how = history.articles[m.old][0], (
                    "same text" if m.how == "same" else f"similar text, {m.ratio:.2f}")
                kept += 1
            else:
                aid, how = fresh_id("art", n, when, used_articles), ""
            articles.append((aid, texts[n - 1], a.no, how))
        chapters.append((cid, c.title, articles))
    return Plan(chapters, kept, sum(1 for m in chapter_matches if m))


# --- carrying over translations, phrase tags and provisions -------------------------------------

@dataclass
class Carried:
    """What the new revision takes from the previous one (same id) and the county's memory."""

    previous: str | None = None  # the revision carried from
    texts: dict[str, m.Text] = field(default_factory=dict)  # "title", "body", "chapter:<id>", "article:<id>"
    how: dict[str, str] = field(default_factory=dict)  # "article:<id>" -> kept/outdated/memory/missing
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # article id -> phrase ids
    provisions: dict[str, tuple[m.Provision, ...]] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)  # provisions carried from a changed article
    before: dict[str, int] = field(default_factory=dict)  # counts in the previous revision
    feedback_left: int = 0  # feedback links not carried (they belong to the earlier review)
    note: str | None = None  # why nothing could be carried

    def text(self, key: str, zh: str) -> m.Text:
        carried = self.texts.get(key)
        return carried if carried is not None and carried.zh == zh else m.Text(zh)

    def count(self, how: str) -> int:
        return sum(1 for k, v in self.how.items() if k.startswith("article:") and v == how)


def carry_over(plan: Plan, previous: m.Revision | None, memory: translation.Memory | None,
               title: str, body: str) -> Carried:
    """For every text of the plan, what it keeps (see translation.carry): articles by id,
    chapters by id, the title and the adopting body by their Chinese. Phrase tags are about the
    subject and stay with the article even when it was reworded; provisions stay too, flagged
    for a check when the text changed (the points are stated in the text). Reasons and
    feedback links are not carried: they explain the earlier revision."""
    out = Carried(previous.key if previous else None)
    old_articles = {n.article.id: n.article for n in previous.numbered()} if previous else {}
    old_chapters = {c.id: c for c in previous.chapters} if previous else {}
    if previous:
        out.before = {"tibetan": sum(1 for a in old_articles.values() if a.text.bo or a.text.outdated_bo),
                      "provisions": previous.provision_count,
                      "phrases": sum(len(a.phrases) for a in old_articles.values())}
    out.texts["title"], _ = translation.carry(previous.title if previous else None, title, memory)
    out.texts["body"], _ = translation.carry(previous.body if previous else None, body, memory)
    for cid, ctitle, articles in plan.chapters:
        old_chapter = old_chapters.get(cid)
        out.texts[f"chapter:{cid}"], _ = translation.carry(
            old_chapter.title if old_chapter else None, ctitle, memory)
        for aid, text, _, _ in articles:
            old = old_articles.get(aid)
            key = f"article:{aid}"
            out.texts[key], out.how[key] = translation.carry(old.text if old else None, text, memory)
            if old is None:
                continue
            out.phrases[aid] = old.phrases
            out.feedback_left += len(old.feedback)
            if old.provisions:
                out.provisions[aid] = old.provisions
                if translation.normalise(old.text.zh) != translation.normalise(text):
                    out.changed.add(aid)
    return out


# --- writing the revision file ------------------------------------------------------------------

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


def render(village: Village, when: str, kind: str, body: str, title: str, source_name: str,
           plan: Plan, today: str, carried: "Carried | None" = None) -> tuple[str, dict[int, int]]:
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
        f"village: {village.id}",
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


# --- the command -------------------------------------------------------------------------------

def read_villages(root: Path) -> dict[str, Village]:
    path = root / "divisions.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        townships = data["townships"]
    except FileNotFoundError:
        raise ImportFailed(f"{path}: not found; give the data folder with --data") from None
    except Exception:
        raise ImportFailed(f"{path} cannot be read: run python build.py --check") from None
    villages = {}
    for township in townships or []:
        for v in (township or {}).get("villages") or []:
            if isinstance(v, dict) and v.get("id"):
                name = v.get("name") if isinstance(v.get("name"), dict) else {}
                villages[str(v["id"])] = Village(str(v["id"]), str(name.get("zh", "")),
                                                 str(v.get("kind", "village")))
    return villages


def load_county(root: Path) -> tuple[m.County | None, list]:
    try:
        return load(root), []
    except DataError as e:
        return None, e.problems


def carried_for(county: m.County | None, village_id: str, when: str, plan: Plan, title: str,
                body: str) -> Carried:
    """The carry-over from the village's latest revision before `when` and the county's memory;
    nothing when the data folder does not load (the summary says so)."""
    if county is None:
        carried = Carried()
        carried.note = ("the data folder has problems (python build.py --check), so no Tibetan, "
                        "phrase tag or provision was carried over")
        return carried
    regulation = county.regulations.get(village_id)
    earlier = [r for r in regulation.revisions if r.key < when] if regulation else []
    return carry_over(plan, earlier[-1] if earlier else None, translation.memory_of(county),
                      title, body)


def carry_summary(carried: Carried, plan: Plan) -> str:
    """What the new revision kept, in figures: nothing is lost without the summary saying so."""
    if carried.note:
        return f"note: {carried.note}"
    count = sum(len(a) for _, _, a in plan.chapters)
    before = carried.before
    kept_provisions = sum(len(p) for p in carried.provisions.values())
    kept_phrases = sum(len(p) for p in carried.phrases.values())
    lines = [f"Tibetan of the {count} articles: kept {carried.count(translation.KEPT)}"
             f"/{before.get('tibetan', 0)} from {carried.previous or 'no earlier revision'}, "
             f"outdated {carried.count(translation.OUTDATED)} (the Chinese changed: old Tibetan "
             f"kept for the translator, not shown as current), from memory "
             f"{carried.count(translation.FROM_MEMORY)} (draft), missing "
             f"{carried.count(translation.MISSING)}",
             f"provisions kept {kept_provisions}/{before.get('provisions', 0)}, phrase tags kept "
             f"{kept_phrases}/{before.get('phrases', 0)}"]
    outdated = [k.split(":", 1)[1] for k, v in carried.how.items() if v == translation.OUTDATED]
    if outdated:
        lines.append(f"  outdated: {', '.join(outdated)}")
    if carried.changed:
        lines.append(f"  check the provisions of {', '.join(sorted(carried.changed))}: carried "
                     "from an article whose text changed")
    if carried.feedback_left:
        lines.append(f"  feedback links not carried: {carried.feedback_left} (they belong to "
                     f"the review of {carried.previous})")
    return "\n".join(lines)


def problems_of(root: Path) -> list:
    try:
        load(root)
    except DataError as e:
        return e.problems
    return []


def shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python build.py import",
        description="Import a regulation from a Word (.docx) or text (.txt) file as a new "
                    "revision file regulations/villages/<village>/<date>.yaml, to be checked "
                    "by hand before it is published.")
    p.add_argument("file", type=Path, help="the .docx, or a .txt in UTF-8 or GBK/GB18030")
    p.add_argument("--village", required=True, help="village id from divisions.yaml")
    p.add_argument("--date", required=True, help="the adoption date, YYYY-MM-DD")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA,
                   help="data folder (default: the project's regulations/)")
    p.add_argument("--kind", choices=["revision", "initial", "review"], default=None,
                   help="default: initial for the village's first revision, else revision")
    p.add_argument("--body", default=DEFAULT_BODY, help=f"the adopting meeting (default: {DEFAULT_BODY})")
    return p


def main(argv: list[str]) -> int:
    """`python build.py import ...` with argv the words after `import`; returns the exit code."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # --help, or a usage error argparse already printed
        return int(e.code or 0)
    try:
        return run(args)
    except ImportFailed as e:
        print(printable(f"import refused: {e}"), file=sys.stderr)
        return 1


def run(args: argparse.Namespace) -> int:
    root: Path = args.data
    when: str = args.date
    if not DATE_PATTERN.match(when):
        raise ImportFailed(f"--date '{when}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")
    try:
        date.fromisoformat(when)
    except ValueError:
        raise ImportFailed(f"--date {when} does not exist: check the day and month") from None
    villages = read_villages(root)
    village = villages.get(args.village)
    if village is None:
        by_name = [v.id for v in villages.values() if v.name and v.name == args.village]
        close = by_name or difflib.get_close_matches(args.village, list(villages), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise ImportFailed(f"--village '{args.village}' is not a village id in "
                           f"{root / 'divisions.yaml'}{hint}")
    if not ID_PATTERN.match(village.id):
        raise ImportFailed(f"village id '{village.id}' in divisions.yaml is not a valid id")
    body = clean(args.body)[0]
    if not body:
        raise ImportFailed("--body is empty: name the adopting meeting, e.g. 村民代表大会")
    folder = root / "villages" / village.id
    target = folder / f"{when}.yaml"
    if target.exists():
        raise ImportFailed(f"{target} already exists: a revision is never overwritten; adopt a "
                           "new revision under another date, or delete the file first if it was "
                           "an import that is not published")

    source = read_source(args.file)
    parsed = parse(source)
    count = sum(len(c.articles) for c in parsed.chapters)
    if not count:
        raise ImportFailed(f"{source.name}: no articles found; the importer recognises 第X条 "
                           "articles, or articles numbered 1. 1、 （1） or 一、")
    history = read_history(folder, when)
    kind = args.kind or ("revision" if history.previous else "initial")
    notes = list(parsed.notes)
    if history.unreadable:
        notes.append(f"could not read {', '.join(history.unreadable)} to keep article ids")
    title = parsed.title
    if title is None:
        suffix = "居民公约" if village.kind == "residents_committee" else "村规民约"
        title = history.previous_title or f"{village.name}{suffix}"
        notes.append(f"no title line found: the title is {title}")
    plan = assign_ids(parsed, history, when, source.paragraphs)
    county, problems = load_county(root)
    carried = carried_for(county, village.id, when, plan, title, body)
    content, origin = render(village, when, kind, body, title, source.name, plan,
                             date.today().isoformat(), carried)

    before = {str(p) for p in problems}
    made_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    shown = shown_path(target, root)
    try:
        write_new(target, content)
        new = [p for p in problems_of(root) if str(p) not in before]
    except BaseException:
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            target.unlink()
        if made_folder:
            _remove_empty(folder)
        raise
    if new:
        target.unlink()
        if made_folder:
            _remove_empty(folder)
        print(printable(f"import failed: {shown} would not validate, so it was removed again:"),
              file=sys.stderr)
        for p in new:
            where = f" (from {source.unit} {origin[p.line]} of {source.name})" \
                if p.path == shown and p.line in origin else ""
            print(f"  {p}{printable(where)}", file=sys.stderr)
        print("fix these in the document (or give other options) and import again", file=sys.stderr)
        return 1

    # The summary repeats the document (title, lines not placed): escaped like every message.
    print(printable(summary(source, parsed, plan, history, title, kind, shown, notes,
                            carry_summary(carried, plan), village.id), lines=True))
    if before:
        print(f"note: the data folder already had {len(before)} problem(s) before this import, "
              "not caused by it: run python build.py --check")
    return 0


def _remove_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def summary(source: Source, parsed: Parsed, plan: Plan, history: History, title: str, kind: str,
            shown: str, notes: list[str], carried: str = "", village_id: str = "") -> str:
    count = sum(len(a) for _, _, a in plan.chapters)
    lines = [f"read {source.name} as {source.how}: {len(source.lines)} non-empty "
             f"{source.unit}s, articles numbered {NUMBERING_NAMES[parsed.numbering]}"]
    if parsed.title_no is not None:
        lines.append(f"title ({source.unit} {parsed.title_no}): {title}")
    else:
        lines.append(f"title: {title}")
    chapters = len(plan.chapters) if parsed.has_chapters else 0
    lines.append(f"wrote {shown} (kind {kind}, sample: false): "
                 f"{chapters} chapter{'s' if chapters != 1 else ''}"
                 f"{'' if parsed.has_chapters else ' (one chapter 正文, id main)'}, "
                 f"{count} article{'s' if count != 1 else ''}")
    if history.previous:
        lines.append(f"ids kept from the revision of {history.previous}: {plan.kept} of {count} "
                     f"articles, {plan.kept_chapters} of {len(plan.chapters)} chapters")
        for _, _, articles in plan.chapters:
            for aid, _, no, how in articles:
                if how:
                    lines.append(f"  {aid} ({source.unit} {no}): {how}")
    else:
        lines.append("ids kept from a previous revision: 0 (the village has none before this date)")
    lines.append(f"lines not placed: {len(parsed.unplaced)}" + (
        " (nothing from them was imported; check them against the document)"
        if parsed.unplaced else ""))
    for u in parsed.unplaced:
        text = u.text if len(u.text) <= 40 else u.text[:39] + "…"
        lines.append(f"  {source.unit} {u.no}: {text} — {u.why}")
    if source.removed:
        lines.append(f"removed {source.removed} invisible character(s) (zero-width spaces, "
                     "direction marks)")
    for note in notes:
        lines.append(f"note: {note}")
    if carried:  # what the new revision kept of the previous one's translation and tags
        lines.append(carried)
    lines.append("validated: the data folder loads with the new revision. Check it against the "
                 "document, then have what is missing or outdated translated: python build.py "
                 f"translations export --village {village_id} --out {village_id}.xlf")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
