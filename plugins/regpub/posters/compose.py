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
from urllib.parse import urlsplit

import jinja2
from jinja2 import meta, nodes
from markupsafe import Markup

from .. import messages, numbering, points
from ..addresses import Address, Addresses
from ..model import County, Name, Regulation, Revision, SupervisionGroup, Text
from .fonts import PRINT_EQUIVALENTS, PRINT_TABLE, covered_characters
from .paper import (BOARD_MIN_BO_PT, BOARD_MIN_ZH_PT, BOARDS, PAPERS, PHRASES_PAPER,
                    POINTS_PAPER, SHEET_BLEED, Paper)
from . import comparetable
from .press import OneSheet, PosterError

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STYLESHEET = TEMPLATES / "poster.css"
REGULATION_TEMPLATE = "poster.html"
POINTS_TEMPLATE = "poster-points.html"
PHRASES_TEMPLATE = "poster-phrases.html"
BOARD_TEMPLATE = "poster-board.html"

# The five themes of the phrases as the board's section colours, in the order of the themes
# (phrases.yaml): dark enough for white text on a band, apart enough to tell from a step away.
THEME_COLOURS = ("#b3261e", "#1f5fa8", "#2e7d32", "#8a5a00", "#6a3d9a")
# Site addresses that are not the site's yet (mkdocs.yml ships one): their QR codes open nothing.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")

# The headings of the points table's sections, by kind of provision (points.py).
SECTION_LABELS = {"reward": "points_earn", "penalty": "points_cost",
                  "education": "points_education"}
# The page numbers in the margin: '第 {page} 页 / 共 {pages} 页', written as CSS counters.
PAGE_LABEL = "poster_page"


@dataclass(frozen=True)
class Poster:
    """One PDF to make: which template shows what, on which paper, and where the file goes."""
    kind: str                        # regulation | points | board | phrases
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
    A4, its points table where the current revision has provisions, and its notice board (the
    first of BOARDS it fits); then the phrases."""
    out = []
    for regulation in county.regulations.values():
        for paper in PAPERS:
            out.append(Poster("regulation", paper,
                              addresses.poster(regulation, paper.name.lower()), regulation))
        if has_points(regulation):
            out.append(Poster("points", POINTS_PAPER, addresses.points_poster(regulation),
                              regulation))
        out.append(Poster("board", BOARDS[0], addresses.board_poster(regulation), regulation))
    out.append(Poster("phrases", PHRASES_PAPER, addresses.phrases_poster()))
    # The old/new table of every comparison page (comparetable.py), beside that page.
    out.extend(comparetable.plan(county, addresses))
    return out


def placeholder_address(site_url: str) -> bool:
    """Whether the site address is still a placeholder (example.org ...): posters then say
    they are a proof (样稿), not for the notice board."""
    host = (urlsplit(site_url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


def tibetan_share(revision: Revision) -> float:
    """The share of the current articles that have Tibetan (draft or reviewed), 0 to 1."""
    counts = revision.translation_counts()
    total = sum(counts.values())
    return 1 - counts["missing"] / total if total else 1.0


def unverified_names(county: County, regulation: Regulation | None) -> list[Name]:
    """The Tibetan place names a poster prints whose spelling awaits confirmation: flagged once,
    in the footer, not beside every name."""
    names = [county.name]
    if regulation is not None:
        village = regulation.village
        names += [county.township(village.township).name, village.name]
    return [n for n in names if n.bo and not n.bo_verified]


def notes(county: County, addresses: Addresses) -> list[str]:
    """What the build says about the posters besides the totals: why they are marked 样稿, and
    which carry no Tibetan at all."""
    out = []
    if placeholder_address(addresses.site_url):
        out.append(f"posters: marked 样稿 / {messages.catalogue('bo')['poster_proof']} (proof): "
                   f"site_url {addresses.site_url} is a placeholder, so the QR codes open "
                   "nothing; set the real address in mkdocs.yml")
    for vid, regulation in county.regulations.items():
        if tibetan_share(regulation.current) == 0:
            out.append(f"posters: {vid}: 0% Tibetan (every article's Tibetan is missing); "
                       "the posters print the Chinese and say so")
    return out


def board_summary(written: list[tuple[str, str]]) -> list[str]:
    """The build's line on the boards: how many on each size, naming those on the less common
    one ('posters: notice boards: 40 on 90 x 120 cm portrait; 4 on 120 x 240 cm landscape
    (a, b, c, d)'), from the (file, size) pairs the press wrote."""
    if not written:
        return []
    by_size: dict[str, list[str]] = {}
    for name, size in written:
        by_size.setdefault(size, []).append(Path(name).stem.removesuffix("-board"))
    common = max(by_size, key=lambda size: len(by_size[size]))
    parts = [f"{len(ids)} on {size}" + ("" if size == common else f" ({', '.join(ids)})")
             for size, ids in by_size.items()]
    return ["posters: notice boards: " + "; ".join(parts)]


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
            proof=placeholder_address(addresses.site_url),
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
            item_label=lambda n, lang: numbering.item_label(n, lang, bo_numerals),
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

    def task(self, poster: Poster) -> str | OneSheet:
        """What the press lays out: the HTML, or for the board each size to try (OneSheet)."""
        if poster.kind == "board":
            return self.board_choices(poster.regulation)
        return self.html(poster)

    def html(self, poster: Poster) -> str:
        """The poster's HTML (the board: on the first of BOARDS; task() gives every size)."""
        if poster.kind == "regulation":
            return self.regulation(poster.regulation, poster.paper)
        if poster.kind == "points":
            return self.points(poster.regulation)
        if poster.kind == "board":
            return self.board(poster.regulation, poster.paper)
        if poster.kind == "compare":
            return self.compare_table(poster)
        return self.phrases()

    def compare_table(self, table: comparetable.CompareTable) -> str:
        """The old/new table (修改对照表) of a comparison; its QR code opens the comparison page."""
        url = self.addresses.absolute(self.addresses.compare(table.old, table.new))
        return self.env.get_template(comparetable.TEMPLATE).render(
            **comparetable.context(table, self.county, self.minus), url=url, qr=qr_svg(url),
            old_hash=short_hash(table.old), new_hash=short_hash(table.new))

    def board_choices(self, regulation: Regulation) -> OneSheet:
        """The board on each of BOARDS in turn: the press writes the first that fits one sheet."""
        largest = BOARDS[-1]
        return OneSheet(
            tuple((paper.label, self.board(regulation, paper)) for paper in BOARDS),
            f"the regulation does not fit one {largest.label} notice board at the minimum "
            f"type size (Chinese {BOARD_MIN_ZH_PT:g} pt, Tibetan {BOARD_MIN_BO_PT:g} pt, "
            "readable at 1.5-2 m); the type is never made smaller: print the A3 poster "
            "instead, or split the regulation")

    def board(self, regulation: Regulation, paper: Paper) -> str:
        """The whole current regulation on one notice-board sheet, both languages, articles in
        columns, each in its theme's colour."""
        revision = regulation.current
        village = regulation.village
        url = self.addresses.absolute(self.addresses.revision(revision))
        theme_of = {p.id: p.theme for p in self.county.phrases}
        colour = {t.id: THEME_COLOURS[i % len(THEME_COLOURS)]
                  for i, t in enumerate(self.county.themes)}
        article_theme = {n.id: next((theme_of[p] for p in n.article.phrases if p in theme_of),
                                    None) for n in revision.numbered()}
        return self.env.get_template(BOARD_TEMPLATE).render(
            county=self.county, township=self.county.township(village.township), village=village,
            regulation=regulation, revision=revision, numbered=list(revision.numbered()),
            paper=paper, sheet_bleed=SHEET_BLEED, url=url, qr=qr_svg(url),
            short_hash=short_hash(revision),
            draft=revision.translation_counts()["draft"] > 0, themes=self.county.themes,
            colour=colour, article_theme=article_theme,
            no_tibetan=tibetan_share(revision) == 0,
            unverified=unverified_names(self.county, regulation))

    def regulation(self, regulation: Regulation, paper: Paper) -> str:
        revision = regulation.current
        village = regulation.village
        url = self.addresses.absolute(self.addresses.revision(revision))
        return self.env.get_template(REGULATION_TEMPLATE).render(
            county=self.county, township=self.county.township(village.township), village=village,
            regulation=regulation, revision=revision, numbered=list(revision.numbered()),
            paper=paper, url=url, qr=qr_svg(url), short_hash=short_hash(revision),
            draft=revision.translation_counts()["draft"] > 0,
            no_tibetan=tibetan_share(revision) == 0,
            unverified=unverified_names(self.county, regulation))

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
            draft=any(text.bo and text.bo_status == "draft" for text in printed),
            no_tibetan=tibetan_share(revision) == 0,
            unverified=unverified_names(self.county, regulation))

    def phrases(self) -> str:
        url = self.addresses.absolute(self.addresses.phrases())
        return self.env.get_template(PHRASES_TEMPLATE).render(
            county=self.county, paper=PHRASES_PAPER, url=url, qr=qr_svg(url),
            unverified=unverified_names(self.county, None))


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
    todo = [REGULATION_TEMPLATE, POINTS_TEMPLATE, PHRASES_TEMPLATE, BOARD_TEMPLATE,
            comparetable.TEMPLATE]
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

