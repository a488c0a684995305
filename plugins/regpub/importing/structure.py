"""Recognising the structure of a regulation in its lines: the title, `第X章` chapters and
`第X条` articles (Chinese numerals or digits), or, without any 第X条, the plainly numbered items
`1.` `1、` `（1）` `一、` as articles. Every line that cannot be placed (a preamble, text between
a chapter heading and its first article, a signature or date after the last article) is kept
in `Parsed.unplaced` with its line number and why, never dropped silently; numbers that skip or
repeat become notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbering import zh_value
from .sources import Source

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
            return kind, zh_value(match.group(1)), match.group(2).strip()
    if SECTION.match(text):
        return "section", None, text
    for kind, pattern in NUMBERED.items():
        match = pattern.match(text)
        if match:
            return kind, zh_value(match.group(1)), match.group(2).strip()
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
