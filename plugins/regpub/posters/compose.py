"""The poster HTML, made from the model by the poster templates (templates/poster.html,
poster-points.html, poster-phrases.html; Jinja2, autoescaped). Fast, in the calling process:
press.py lays the HTML out later, in worker processes.

Every address a poster prints or encodes in its QR code comes from the address book
(addresses.py): a poster on a notice board must keep opening the page it was printed for.
Which messages a poster prints is read from the templates themselves (`labels`), so the font
check covers exactly those and no list has to be kept in step with the templates.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from .. import messages, numbering, points
from ..addresses import Address, Addresses
from ..model import County, Regulation, Revision, SupervisionGroup, Text
from .fonts import PRINT_EQUIVALENTS, PRINT_TABLE, covered_characters
from .paper import PAPERS, PHRASES_PAPER, POINTS_PAPER, Paper
from .press import PosterError

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STYLESHEET = TEMPLATES / "poster.css"
REGULATION_TEMPLATE = "poster.html"
POINTS_TEMPLATE = "poster-points.html"
PHRASES_TEMPLATE = "poster-phrases.html"

# The headings of the points table's sections, by kind of provision (points.py).
SECTION_LABELS = {"reward": "points_earn", "penalty": "points_cost",
                  "education": "points_education"}
# The page numbers in the margin: '第 {page} 页 / 共 {pages} 页', written as CSS counters.
PAGE_LABEL = "poster_page"


@dataclass(frozen=True)
class Poster:
    """One PDF to make: which template shows what, on which paper, and where the file goes."""
    kind: str                        # regulation | points | phrases
    paper: Paper
    file: Address                    # from the address book: Addresses.poster(v) ...
    regulation: Regulation | None = None

    @property
    def name(self) -> str:
        return self.file.key


def has_points(regulation: Regulation) -> bool:
    """Whether the village gets a points poster: its current revision has provisions."""
    return regulation.current.provision_count > 0


def plan(county: County, addresses: Addresses) -> list[Poster]:
    """Every poster, in order: for each village with a regulation its current revision on A3 and
    A4, and its points table where the current revision has provisions; then the phrases."""
    out = []
    for regulation in county.regulations.values():
        for paper in PAPERS:
            out.append(Poster("regulation", paper,
                              addresses.poster(regulation, paper.name.lower()), regulation))
        if has_points(regulation):
            out.append(Poster("points", POINTS_PAPER, addresses.points_poster(regulation),
                              regulation))
    out.append(Poster("phrases", PHRASES_PAPER, addresses.phrases_poster()))
    return out


@dataclass(frozen=True)
class PointsLine:
    """One row of the points poster: a provision, with what the template prints of it."""
    number: int                  # the article it comes from, numbered as in the revision
    condition: Text
    points: str                  # "+3", "-10", or "" where the provision gives no points
    measures: tuple[Text, ...]   # the names of its measures, in the order the article gives


@dataclass(frozen=True)
class PointsSection:
    kind: str                    # reward | penalty | education
    label: str                   # its heading: points_earn | points_cost | points_education
    lines: tuple[PointsLine, ...]
    show_points: bool            # education gives no points: no points column


class PosterRenderer:
    """Makes the poster HTML of one county."""

    def __init__(self, county: County, addresses: Addresses,
                 bo_numerals: str = messages.DEFAULT_BO_NUMERALS):
        if "://" not in addresses.site_url:
            raise PosterError("the posters' QR codes need an absolute site_url "
                              f"(got {addresses.site_url!r}): set site_url in mkdocs.yml")
        self.county = county
        self.addresses = addresses
        self.messages = {lang: messages.Messages(lang, bo_numerals) for lang in messages.LANGS}
        self.labels = labels()
        self.env = environment()
        self.bo_numerals = bo_numerals
        self.env.globals.update(
            tl=self.label,
            # A label introducing a value, punctuated as its language wants (messages.py).
            term=lambda key, lang: self.messages[lang].term(self._poster_key(key)),
            # Numbers and dates in the style of each language: Tibetan digits and a Tibetan
            # date in the Tibetan half of a poster (`bo_numerals`), the ISO date in <time>.
            number=lambda n, lang: self.messages[lang].number(n),
            date=lambda d, lang: Markup('<time datetime="{}">{}</time>').format(
                d.isoformat(), self.messages[lang].date(d)),
            article_label=lambda n, lang: numbering.article_label(n, lang, bo_numerals),
            chapter_label=lambda n, lang: numbering.chapter_label(n, lang, bo_numerals),
            # A cell with nothing to say. Literal template text skips `printable`: the dash as
            # the CJK subset has it (PRINT_EQUIVALENTS), not U+2014.
            dash=PRINT_EQUIVALENTS["\u2014"],
            # Tibetan page numbers in Tibetan digits, as numbering.bo_number writes them.
            page_counter=lambda lang: _page_counter_css(
                messages.catalogue(lang)[PAGE_LABEL],
                "tibetan" if lang == "bo" and bo_numerals == "tibetan" else "decimal"),
        )

    def label(self, key: str, lang: str, /, **values) -> str:
        return self.messages[lang](self._poster_key(key), **values)

    def _poster_key(self, key: str) -> str:
        if key not in self.labels:  # a key made in Python and handed over in a variable
            raise KeyError(f"label '{key}' is printed on a poster, but the font check cannot see "
                           "it: write the key in the poster template (the check reads the keys "
                           "from the templates: posters/compose.py, labels())")
        return key

    def html(self, poster: Poster) -> str:
        if poster.kind == "regulation":
            return self.regulation(poster.regulation, poster.paper)
        if poster.kind == "points":
            return self.points(poster.regulation)
        return self.phrases()

    def regulation(self, regulation: Regulation, paper: Paper) -> str:
        revision = regulation.current
        village = regulation.village
        url = self.addresses.absolute(self.addresses.revision(revision))
        return self.env.get_template(REGULATION_TEMPLATE).render(
            county=self.county, township=self.county.township(village.township), village=village,
            regulation=regulation, revision=revision, numbered=list(revision.numbered()),
            paper=paper, url=url, qr=qr_svg(url), short_hash=short_hash(revision),
            draft=revision.translation_counts()["draft"] > 0)

    def points_sections(self, revision: Revision) -> list[PointsSection]:
        """Rewards, penalties, education: each kind that has provisions, rows in article order."""
        measure = self.county.points.measure
        sections = []
        for kind, rows in points.table(revision).sections():
            lines = tuple(PointsLine(row.article.number, row.provision.condition,
                                     points.signed(row.provision.points, self.minus),
                                     tuple(measure(mid).name for mid in row.provision.measures))
                          for row in rows)
            sections.append(PointsSection(kind, SECTION_LABELS[kind], lines,
                                          show_points=kind != "education"))
        return sections

    @property
    def minus(self) -> str:
        """A real minus sign (U+2212) where the poster fonts have one, else '-'."""
        return "\u2212" if 0x2212 in covered_characters() else "-"

    def points(self, regulation: Regulation) -> str:
        """The points table; its QR code opens the village's points page, which always shows
        the current revision's table."""
        revision = regulation.current
        village = regulation.village
        url = self.addresses.absolute(self.addresses.points(regulation))
        sections = self.points_sections(revision)
        group: SupervisionGroup | None = self.county.supervision.get(village.id)
        printed = [line.condition for s in sections for line in s.lines] + \
            [name for s in sections for line in s.lines for name in line.measures]
        return self.env.get_template(POINTS_TEMPLATE).render(
            county=self.county, township=self.county.township(village.township), village=village,
            regulation=regulation, revision=revision, sections=sections, group=group,
            paper=POINTS_PAPER, url=url, qr=qr_svg(url), short_hash=short_hash(revision),
            draft=any(text.bo and text.bo_status == "draft" for text in printed))

    def phrases(self) -> str:
        url = self.addresses.absolute(self.addresses.phrases())
        return self.env.get_template(PHRASES_TEMPLATE).render(
            county=self.county, paper=PHRASES_PAPER, url=url, qr=qr_svg(url))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True, finalize=printable)
    env.filters["css_string"] = css_string
    return env


@lru_cache(maxsize=1)
def labels() -> frozenset[str]:
    """The message keys a poster can print, read from the poster templates and every template
    they extend, import or include: each string in them that is a key of the catalogue (a
    `tl('adopted', ...)`, a `both('points_table')`, a `set market = 'supermarket_yes' ...`),
    every key that begins with a string a value is joined to (`tl('role_' ~ role, ...)`), and
    the keys this module hands the templates (SECTION_LABELS, PAGE_LABEL)."""
    env = environment()
    keys = set(messages.catalogue(messages.LANGS[0]))
    found = {PAGE_LABEL, *SECTION_LABELS.values()}
    todo = [REGULATION_TEMPLATE, POINTS_TEMPLATE, PHRASES_TEMPLATE]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = env.parse(env.loader.get_source(env, name)[0])
        for const in tree.find_all(nodes.Const):
            if isinstance(const.value, str) and const.value in keys:
                found.add(const.value)
        for concat in tree.find_all(nodes.Concat):
            head = concat.nodes[0]
            if isinstance(head, nodes.Const) and isinstance(head.value, str) and head.value:
                found.update(key for key in keys if key.startswith(head.value))
        todo.extend(t for t in meta.find_referenced_templates(tree) if t)
    return frozenset(found)


def printable(value):
    """Every text a template prints, with PRINT_EQUIVALENTS applied (markup is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.translate(PRINT_TABLE)
    return value


def css_string(value: str) -> Markup:
    """A quoted CSS string for `content:` in the page's <style>: ASCII punctuation escaped, so
    data can neither end the string nor the <style> element."""
    out = []
    for ch in value:
        if ch.isalnum() or ch == " " or ord(ch) > 0x7F:
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')


def _page_counter_css(template: str, style: str = "decimal") -> Markup:
    """'第 {page} 页 / 共 {pages} 页' -> "第 " counter(page) " 页 / 共 " counter(pages) " 页"."""
    parts = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(css_string(head))
        if not brace:
            break
        name, _, rest = tail.partition("}")
        if name not in ("page", "pages"):
            raise ValueError(f"unknown placeholder {{{name}}} in {PAGE_LABEL}")
        parts.append(Markup(f"counter({name}, {style})"))
    return Markup(" ").join(parts)


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG: vector, sharp at any print size. Error correction M survives a
    little dirt or a pin hole; the quiet zone (4 modules) is part of the drawing."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                  title=None))


def short_hash(revision: Revision) -> str:
    """What a printed poster names its text by: the first 12 hex digits of the file's SHA-256."""
    return revision.digest[:12]

