"""Reading the document: a .txt (UTF-8, UTF-16 with a byte-order mark, GBK/GB18030) or a Word
.docx, as numbered non-empty lines, cleaned of invisible characters and of spaces between
Chinese characters.

Sizes are measured before anything is parsed, so that the wrong file, or one made to exhaust the
machine, is refused with a message; every other failure to read is an ImportFailed too.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportFailed
from .wordnumbering import W, Numbering

@dataclass(frozen=True)
class Line:
    no: int  # line of a .txt file, paragraph of a .docx file (1-based)
    text: str
    # The cells of a table row (text is then the cells joined with " | "): a two-column table
    # is how a bilingual document sets each article's Chinese beside its Tibetan.
    cells: tuple[str, ...] = ()


@dataclass
class Source:
    name: str
    unit: str  # "line" or "paragraph": what Line.no counts
    how: str  # how it was read: "Word document", "UTF-8", "GB18030 (GBK)" ...
    lines: list[Line]
    paragraphs: bool  # each line is a paragraph (docx): continuations start a new line in zh
    removed: int = 0  # invisible characters removed (zero-width spaces, direction marks, BOMs)
    converted: int | None = None  # --from-traditional: characters changed to Simplified


def to_simplified(source: Source) -> Source:
    """`--from-traditional`: every line converted from Traditional to Simplified Chinese with
    OpenCC (t2s), counting the characters it changed. Tibetan and Latin pass through unchanged."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - the requirements install it
        raise ImportFailed("--from-traditional needs OpenCC: pip install OpenCC==1.4.2") from None
    converter = opencc.OpenCC("t2s")
    count = 0

    def convert(text: str) -> str:
        nonlocal count
        out = converter.convert(text)
        if len(out) == len(text):
            count += sum(1 for a, b in zip(text, out) if a != b)
        else:  # a phrase converted to one of another length (rare): count what differs
            import difflib
            count += sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2
                         in difflib.SequenceMatcher(None, text, out).get_opcodes() if op != "equal")
        return out

    lines = [Line(line.no, convert(line.text), tuple(convert(c) for c in line.cells))
             for line in source.lines]
    return Source(source.name, source.unit, source.how, lines, source.paragraphs, source.removed,
                  count)


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


def read_source(path: Path, from_traditional: bool = False) -> Source:
    source = _read(path)
    return to_simplified(source) if from_traditional else source


def _read(path: Path) -> Source:
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


def _finish(name: str, unit: str, how: str, raw: list[tuple[int, str | tuple[str, ...]]],
            paragraphs: bool) -> Source:
    lines, removed = [], 0
    for no, text in raw:
        if isinstance(text, tuple):  # a table row: its cells, each cleaned, kept side by side
            cells = []
            for cell in text:  # a cell's paragraphs stay lines of the cell
                pieces = []
                for piece in cell.split("\n"):
                    cleaned, n = clean(piece)
                    removed += n
                    pieces.append(cleaned) if cleaned else None
                cells.append("\n".join(pieces))
            if any(cells):
                lines.append(Line(no, " | ".join(c.replace("\n", " ") for c in cells if c),
                                  tuple(cells)))
            continue
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
    numbering = Numbering(document)
    raw: list[tuple[int, str | tuple[str, ...]]] = []
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
            cells = ["\n".join(text_of(p, boxes) for p in _blocks(tc))
                     for tc in block if tc.tag in (W + "tc", W + "sdt", W + "customXml")]
            raw.append((count, tuple(cells)))
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
