"""Recognising the structure of a regulation in its lines: the title (also a variant such as
倍磊村规村约), the preamble before the first article, `第X章` chapters (or short unnumbered
headings between articles), `第X条` articles (Chinese numerals or digits) or, without any 第X条,
the plainly numbered items `1.` `1、` `（1）` `一、` as articles; inside an article its paragraphs
(款) and items (项); the closing (signature and date lines) after the last article. A bilingual
document's Tibetan is attached to each of them (bilingual.py finds the layout). Every line that
cannot be placed is kept in `Parsed.unplaced` with its line number and why, never dropped
silently; numbers that skip or repeat, and Tibetan that does not line up, become notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..numbering import zh_value
from . import bilingual as bi
from .sources import Line, Source

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
# The title, also in its variants (倍磊村规村约, 村民自治章程, 居民守则).
TITLE = re.compile(r"(村规民约|居规民约|居民公约|村民公约|社区公约|自治章程|公约|规约|村规|民约|守则|章程)")
SENTENCE_END = tuple("。；;：:！？!?")
PUNCTUATION = re.compile(r"[。；;：:！？!?，,、]")
DATE_LINE = re.compile(r"^(?:[0-9０-９]{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}月(?:.{1,6}日)?$")
SIGNATURE = re.compile(r"(村民委员会|村委会|居民委员会|居委会|党支部|党总支|村民代表大会|村民大会)(（章）|\(章\))?$")


def _heading_like(text: str) -> bool:
    return 0 < len(text) <= 12 and not PUNCTUATION.search(text)


@dataclass
class Unplaced:
    no: int
    text: str
    why: str


# An item (项) inside an article: ①, （一）, (1), 1. at the start of a line; in Tibetan ༼༡༽ ༡་.
# Its label is left out of the text: the site derives it from the item's order.
ZH_ITEM = re.compile(r"^(?:[\u2460-\u2473]|[（(]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|"
                     r"[0-9０-９]{1,2}\s*[.．、](?![0-9０-９]))\s*(.*)$", re.S)
# Items run together on one line: before ② (any circled number), and before （二） after a
# clause's end (；（二）), where a bracketed number cannot be a reference inside a sentence.
CIRCLED = re.compile("(?=[\u2460-\u2473])|(?<=[；;。：:])(?=[（(][一二三四五六七八九十]{1,3}[)）])")


@dataclass
class Item:
    zh: str
    bo: str | None = None
    no: int | None = None  # the source line it starts on (for messages)


@dataclass
class Block:
    """A paragraph (款) of an article with its items (项)."""

    zh: str
    bo: str | None = None
    items: list[Item] = field(default_factory=list)
    no: int | None = None  # the source line it starts on (for messages)


def _join(out: str, part: str) -> str:
    """A line wrapped in the middle of a sentence: glued on (a space between Latin words)."""
    if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
        return out + " " + part
    return out + part


Slot = tuple[int, int]  # (paragraph, item): item -1 is the paragraph's own text


def _shape(parts: list[str], item: re.Pattern, ends: tuple[str, ...], paragraphs: bool
           ) -> tuple[list[tuple[str, list[str]]], list[list[Slot]]]:
    """Lines of one language -> paragraphs, each (text, [item texts]), and for each line the
    slots its text went to. A line that starts with an item label is an item (①② run together
    on one line are several); a line after a finished sentence (or every Word paragraph) starts
    a paragraph; any other line continues the one before (a line wrapped mid-sentence)."""
    out: list[tuple[str, list[str]]] = []
    where: list[list[Slot]] = []
    for part in parts:
        slots: list[Slot] = []
        for piece in (p for p in CIRCLED.split(part) if p):
            match = item.match(piece)
            label_text = match.group(match.lastindex).strip() if match and match.lastindex else ""
            if match and out and label_text:
                out[-1][1].append(label_text)
                slots.append((len(out) - 1, len(out[-1][1]) - 1))
                continue
            last = (out[-1][1][-1] if out[-1][1] else out[-1][0]) if out else ""
            if not out or paragraphs or last.endswith(ends):
                out.append((piece, []))
                slots.append((len(out) - 1, -1))
            elif out[-1][1]:
                out[-1][1][-1] = _join(out[-1][1][-1], piece)
                slots.append((len(out) - 1, len(out[-1][1]) - 1))
            else:
                out[-1] = (_join(out[-1][0], piece), [])
                slots.append((len(out) - 1, -1))
        where.append(slots)
    return out, where


def _unlabelled(text: str) -> str:
    match = bi.BO_ITEM.match(text)
    return match.group(3).strip() if match and match.group(3).strip() else text


@dataclass
class ArticleDraft:
    no: int  # where it starts
    marker: str
    number: int
    parts: list[tuple[int, str]] = field(default_factory=list)
    bo_parts: list[list[str]] = field(default_factory=list)  # the Tibetan after each part
    bo_lines: list[str] | None = None  # BLOCKS layout: the article's Tibetan lines, by number
    note: str = ""  # why its Tibetan was left out (it does not line up with the Chinese)
    docx: bool = False  # every line is a Word paragraph (Source.paragraphs)

    def add(self, no: int, text: str, bo: list[str] | None = None) -> None:
        self.parts.append((no, text))
        self.bo_parts.append(list(bo or ()))

    def blocks(self, paragraphs: bool) -> list[Block]:
        """The article as paragraphs with items, each with its Tibetan. A Tibetan line that
        follows a Chinese one (interleaved, table) takes that line's place; a Tibetan article
        aligned by number (BLOCKS) is read on its own and must have the Chinese's shape. Where
        they do not line up, the Tibetan is left out and `note` says why."""
        zh, where = _shape([t for _, t in self.parts], ZH_ITEM, SENTENCE_END, paragraphs)
        bo: dict[Slot, list[str]] = {}
        self.note = ""
        if self.bo_lines is not None:
            shaped, _ = _shape(self.bo_lines, bi.BO_ITEM, ("།", "༎"), paragraphs)
            if len(zh) == 1 and not zh[0][1] and (len(shaped) > 1 or shaped[0][1]):
                shaped = [("\n".join(t for p, items in shaped for t in (p, *items)), [])]
            if [len(i) for _, i in zh] == [len(i) for _, i in shaped]:
                for k, (text, items) in enumerate(shaped):
                    bo[(k, -1)] = [text]
                    for j, t in enumerate(items):
                        bo[(k, j)] = [t]
            elif shaped:
                self.note = (f"its Tibetan has {len(shaped)} paragraph(s) and "
                             f"{sum(len(i) for _, i in shaped)} item(s), its Chinese {len(zh)} "
                             f"and {sum(len(i) for _, i in zh)}: the Tibetan was left out")
        else:
            for slots, lines in zip(where, self.bo_parts):
                if not lines:
                    continue
                if len(slots) == 1:
                    bo.setdefault(slots[0], []).extend(_unlabelled(t) for t in lines)
                elif len(lines) == len(slots):
                    for slot, t in zip(slots, lines):
                        bo.setdefault(slot, []).append(_unlabelled(t))
                else:
                    self.note = (f"a line of {len(slots)} items has {len(lines)} Tibetan "
                                 "line(s): their Tibetan was left out")

        def tibetan(slot: Slot) -> str | None:
            return "".join(bo[slot]) if bo.get(slot) else None

        starts: dict[Slot, int] = {}  # each paragraph's and item's first source line
        for (no, _), slots in zip(self.parts, where):
            for slot in slots:
                starts.setdefault(slot, no)
        return [Block(text, tibetan((k, -1)),
                      [Item(t, tibetan((k, j)), starts.get((k, j))) for j, t in enumerate(items)],
                      starts.get((k, -1)))
                for k, (text, items) in enumerate(zh)]

    def text(self, paragraphs: bool) -> str:
        """The Chinese of the article, a line per paragraph and item (as model.joined_text)."""
        return "\n".join(t for b in self.blocks(paragraphs) for t in (b.zh, *(i.zh for i in b.items)))

    # What writing.py reads (R's names): the Tibetan of a plain article, and the paragraphs.
    @property
    def bo(self) -> str | None:
        """The whole article's Tibetan, a line per paragraph and item; None unless every
        paragraph and item has its Tibetan."""
        texts = [t for b in self.blocks(self.docx) for t in (b.bo, *(i.bo for i in b.items))]
        return "\n".join(texts) if texts and all(texts) else None

    @property
    def paragraphs(self) -> list[Block]:
        return self.blocks(self.docx)

    @property
    def structured(self) -> bool:
        """Several paragraphs or any items: written as `paragraphs:` (else zh/bo as before)."""
        blocks = self.paragraphs
        return len(blocks) > 1 or bool(blocks[0].items)


@dataclass
class ChapterDraft:
    no: int | None  # None: no chapter heading (the whole text, or articles before the first one)
    title: str
    marker: str = ""  # the heading as it stands in the document
    number: int | None = None
    articles: list[ArticleDraft] = field(default_factory=list)
    bo_title: str | None = None


class Piece(NamedTuple):
    """A preamble or a closing line (S's format), with its Tibetan when the document has it;
    a tuple (zh, bo, no), as cli reads it."""

    zh: str
    bo: str | None
    no: int


@dataclass
class Parsed:
    title: str | None
    title_no: int | None
    chapters: list[ChapterDraft]
    has_chapters: bool
    numbering: str | None  # which markers made the articles
    unplaced: list[Unplaced]
    notes: list[str]
    layout: str = bi.CHINESE_ONLY
    title_bo: str | None = None
    preamble: Piece | None = None
    closing: list[Piece] = field(default_factory=list)


def _classify(text: str) -> tuple[str, int | None, str]:
    for kind, pattern in (("chapter", CHAPTER), ("article", ARTICLE)):
        match = pattern.match(text)
        if match:
            return kind, zh_value(match.group(1)), match.group(2).strip()
    if SECTION.match(text):
        return "section", None, text
    for kind, pattern in NUMBERED.items():
        match = pattern.match(text)
        if match:
            return kind, zh_value(match.group(1)), match.group(2).strip()
    return "text", None, text


def _bo(lines: list[Line], marker: bool = False) -> list[str]:
    """Tibetan lines, without the chapter or article label the first may start with."""
    out = [line.text for line in lines]
    if out and marker:
        found = bi.bo_marker(out[0])
        if found:
            out[0] = found[2]
    return [t for t in out if t]


def parse(source: Source) -> Parsed:
    layout = bi.split(source.lines)
    if layout.layout == bi.TIBETAN_ONLY:
        return Parsed(None, None, [], False, None, [], [], bi.TIBETAN_ONLY)
    lines = layout.zh
    attached = layout.attached
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

    def unnumbered_heading(i: int) -> bool:
        """A short line without punctuation, right before an article, after a finished article
        (or after the title), in a document without 第X章: a chapter heading without number."""
        kind, _, text = kinds[i]
        if kind != "text" or has_chapter_markers or chinese_chapters or not _heading_like(text) \
                or next_kind(i) != article_kind or TITLE.search(text):
            return False
        if article is not None:
            return bool(article.parts) and article.parts[-1][1].endswith(SENTENCE_END)
        return not started and title is not None

    title = title_no = title_bo = None
    preamble: list[Unplaced] = []
    preamble_bo: list[str] = []
    unplaced: list[Unplaced] = []
    chapters: list[ChapterDraft] = []
    chapter: ChapterDraft | None = None
    article: ArticleDraft | None = None
    started = False  # a chapter heading or an article was seen
    skip = -1
    lost: list[Line] = []  # Tibetan attached to a line that is not placed
    for i, (line, (kind, number, rest)) in enumerate(zip(lines, kinds)):
        if i == skip:
            continue
        if kind == "chapter" or (chinese_chapters and kind == "chinese"):
            started, article = True, None
            if not rest and i + 1 < len(lines) and kinds[i + 1][0] == "text" \
                    and _heading_like(lines[i + 1].text):
                rest, skip = lines[i + 1].text, i + 1  # 第一章 / 总则 on two lines
            chapter = ChapterDraft(line.no, rest or line.text, line.text, number)
            chapter.bo_title = "".join(_bo(attached[i] + (attached[skip] if skip == i + 1 else []),
                                          marker=True)) or None
            chapters.append(chapter)
        elif kind == article_kind:
            started = True
            if chapter is None:
                chapter = ChapterDraft(None, "正文")
                chapters.append(chapter)
            article = ArticleDraft(line.no, line.text, number, docx=source.paragraphs)
            if rest:
                article.add(line.no, rest, _bo(attached[i], marker=True))
            else:
                article.bo_parts.append(_bo(attached[i], marker=True))  # with the next line's
            chapter.articles.append(article)
        elif kind == "section":
            unplaced.append(Unplaced(line.no, line.text, "a section heading (第X节): the format "
                                     "has chapters and articles only"))
            lost += attached[i]
        elif unnumbered_heading(i):
            # 环境卫生 between two articles: an unnumbered chapter heading, not article text
            started, article = True, None
            chapter = ChapterDraft(line.no, line.text, line.text)
            chapter.bo_title = "".join(_bo(attached[i])) or None
            chapters.append(chapter)
            notes.append(f"{unit} {line.no}: '{line.text}' (a heading without a number) starts "
                         "a chapter")
        elif article is not None:
            if not article.parts and article.bo_parts:  # 第X条 alone on its line
                article.bo_parts.pop()
                article.add(line.no, line.text, _bo(attached[i - 1], True) + _bo(attached[i]))
            else:
                article.add(line.no, line.text, _bo(attached[i]))
        elif not started:
            bare = re.sub(r"\s", "", line.text)
            if title is None and TITLE.search(bare) and len(bare) <= 40 \
                    and not bare.endswith("。"):
                title, title_no = line.text, line.no
                title_bo = "".join(_bo(attached[i])) or None
                # lines above the title (a file number, a note) are not its preamble
                unplaced += [Unplaced(u.no, u.text, "before the title") for u in preamble]
                preamble, preamble_bo = [], []
            else:
                preamble.append(Unplaced(line.no, line.text, "preamble"))
                preamble_bo += _bo(attached[i])
        else:
            unplaced.append(Unplaced(line.no, line.text, "between a chapter heading and its "
                                     "first article"))
            lost += attached[i]
    unplaced += [Unplaced(b.no, b.text, "the Tibetan of a line not placed") for b in lost]

    # A signature or a date after the last article belongs to the document, not the article.
    last = next((a for c in reversed(chapters) for a in reversed(c.articles)), None)
    closing: list[Piece] = []
    while last is not None and len(last.parts) > 1:
        no, text = last.parts[-1]
        if len(text) <= 30 and (DATE_LINE.match(text) or SIGNATURE.search(text)):
            last.parts.pop()
            closing.insert(0, Piece(text, "".join(last.bo_parts.pop()) or None, no))
        else:
            break

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
    unplaced = sorted(unplaced, key=lambda u: u.no)
    piece = Piece("\n".join(u.text for u in preamble), "\n".join(preamble_bo) or None,
                  preamble[0].no) if preamble else None
    parsed = Parsed(title, title_no, chapters, bool(headed), article_kind, unplaced, notes,
                    layout.layout, title_bo, piece, closing)
    for line, bo in zip(lines, attached):
        if len(bo) > 3 and layout.layout == bi.INTERLEAVED:  # a whole Tibetan text without labels
            parsed.notes.append(f"{unit} {line.no} is followed by {len(bo)} Tibetan lines, all "
                                "taken as its Tibetan: if they are the whole Tibetan text, label "
                                "its articles (དོན་ཚན་༡། ...) so that they are aligned by number")
    if layout.leading:
        parsed.unplaced[:0] = [Unplaced(b.no, b.text, "Tibetan before any Chinese")
                               for b in layout.leading]
    if layout.layout == bi.BLOCKS:
        _align_by_number(parsed, bi.read_tibetan(layout.block), unit)
    for c in chapters:
        for a in c.articles:
            a.blocks(source.paragraphs)
            if a.note:
                parsed.notes.append(f"{unit} {a.no}: article {a.number}: {a.note}")
    return parsed


def tibetan_only_advice(source: Source) -> str:
    """Why a Tibetan-only document is refused as a new revision (--date), and what to do.

    A revision is the adopted Chinese text (the loader requires zh everywhere, and the Chinese
    is what the lock and the comparison hold); its Tibetan is translation work on that text. So a
    Tibetan-only file is not a new revision: it is the translation of one (tibetanonly.py)."""
    tibetan = bi.read_tibetan(bi.split(source.lines).block)
    found = f"{len(tibetan.order)} Tibetan article(s)" if tibetan.order else "Tibetan text"
    return (f"{source.name}: {found} and no Chinese, so it is not a new revision (a revision is "
            "the adopted Chinese text with its Tibetan beside it) but the translation of one: "
            "import it without --date to fill the Tibetan of the village's latest revision, or "
            "with --revision YYYY-MM-DD for another one")


def _align_by_number(parsed: Parsed, tibetan: bi.TibetanText, unit: str) -> None:
    """BLOCKS layout: each article gets the Tibetan article of its number, each chapter the
    Tibetan chapter title of its number (or of its place), the title and preamble theirs; a
    closing of k lines takes the last k lines of the last Tibetan article."""
    drafts = [a for c in parsed.chapters for a in c.articles]
    if parsed.closing and tibetan.order:
        last = tibetan.articles[tibetan.order[-1]]
        extra = len(last) - len(drafts[-1].parts) if drafts else 0
        if extra >= len(parsed.closing):
            tail = last[len(last) - len(parsed.closing):]
            del last[len(last) - len(parsed.closing):]
            parsed.closing = [p._replace(bo=line.text) for p, line in zip(parsed.closing, tail)]
    for a in drafts:
        lines = tibetan.articles.get(a.number)
        if lines:
            a.bo_lines = [line.text for line in lines]
    missing = [a.number for a in drafts if a.bo_lines is None]
    if missing:
        parsed.notes.append(f"the Tibetan text has no article numbered {', '.join(map(str, missing))}: "
                            "their Tibetan is missing")
    extra = [n for n in tibetan.order if n not in {a.number for a in drafts}]
    if extra:
        parsed.notes.append(f"the Tibetan text has article(s) {', '.join(map(str, extra))} that "
                            "the Chinese has not: not imported")
    for k, c in enumerate(parsed.chapters, 1):
        c.bo_title = tibetan.chapters.get(c.number if c.number is not None else k) or c.bo_title
    if tibetan.title is not None:
        parsed.title_bo = tibetan.title.text
    if tibetan.before and parsed.preamble is not None:
        parsed.preamble = parsed.preamble._replace(bo="\n".join(line.text for line in tibetan.before))
    for line in tibetan.repeated:
        parsed.unplaced.append(Unplaced(line.no, line.text, "Tibetan not placed (a repeated "
                                        "article number, or after a chapter heading)"))
