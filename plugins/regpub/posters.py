"""Printable PDF posters: each village's current regulation (A3 and A4), its points table (A4)
and the phrases (A3).

A cadre downloads their village's poster, prints it at the township print shop and pins it on
the notice board; a villager scans its QR code and lands on that exact revision's page.

    build_posters(county, out_dir, site_url)   ->  PosterSummary
        out_dir/<village-id>.pdf          A3 portrait, the current revision, zh | bo side by side
        out_dir/<village-id>-a4.pdf       the same on A4
        out_dir/<village-id>-points.pdf   A4 portrait, the points table (积分细则) made from the
                                          current revision's provisions, with the supervision
                                          group; only where the current revision has provisions
        out_dir/phrases.pdf               the phrases by theme, large type, A3

    check_fonts(county)   raises DataError naming every character the poster fonts lack

The HTML comes from Jinja2 templates (templates/poster.html, poster-points.html,
poster-phrases.html, autoescaped)
and is laid out by WeasyPrint in worker processes, one poster per task. Only the font files
shipped in fonts/ are used: each worker runs with a fontconfig configuration that knows those
files and no system font, so a poster looks the same on a machine with every Noto font installed
and on a bare CI machine, and a character the shipped fonts lack would show as a blank box.
`check_fonts` runs first so that never reaches paper. Nothing here imports MkDocs.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import re
import tempfile
import time
import unicodedata
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator
from xml.sax.saxutils import escape as xml_escape

import jinja2
from markupsafe import Markup

from . import messages, numbering, points
from .model import County, Name, Regulation, Revision, SupervisionGroup, Text
from .problems import DataError, Problem
from .tempfolders import owned_folder
from .workers import exit_with_parent

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
FONTS = PACKAGE.parents[1] / "fonts"  # the repository's fonts/ (the package is installed with -e)
STYLESHEET = TEMPLATES / "poster.css"

# (CSS family, weight, file). Distinct family names: the CJK subset's own name, "Noto Sans CJK
# SC", is also the name of the complete system font where fonts-noto-cjk is installed.
FONT_FACES = (
    ("Poster SC", 400, "NotoSansSC-Regular-GB2312.otf"),
    ("Poster SC", 700, "NotoSansSC-Bold-GB2312.otf"),
    ("Poster Tibetan", 400, "NotoSerifTibetan-Regular.ttf"),
    ("Poster Tibetan", 700, "NotoSerifTibetan-Bold.ttf"),
)

# GB2312 characters that Unicode maps two ways: A1AA (the dash of "——") is U+2014 in GBK and
# GB18030 but U+2015 in Python's gb2312 codec, which cut the CJK subset; A1A4 (the middle dot
# of "扎西·次仁") likewise U+00B7 / U+30FB. The subset has the glyph under the second code point
# only: posters print it, the data keeps what the editor typed.
PRINT_EQUIVALENTS = {"\u2014": "\u2015", "\u00b7": "\u30fb"}
_PRINT_TABLE = str.maketrans(PRINT_EQUIVALENTS)

# Every label a poster template uses: `tl()` refuses others, so the font check sees them all.
POSTER_LABELS = (
    "adopted", "adopted_by", "chinese", "filed", "kind_initial", "kind_revision", "kind_review",
    "no_bo_name", "phrases", "poster_hash", "poster_online", "poster_page", "poster_scan",
    "poster_scan_phrases", "poster_translation_missing", "regulation", "sample_badge",
    "sample_banner", "tibetan", "translation_draft_notice", "unverified_spelling",
    "votes", "votes_abstain", "votes_against", "votes_for",
    # the points poster
    "according_to", "condition", "measures", "persons", "points_cost", "points_earn",
    "points_education", "points_intro", "points_table", "points_unit", "points_value",
    "n_points", "n_persons", "points_table_of",
    "poster_scan_points", "role_deputy", "role_leader", "role_liaison", "role_member",
    "supermarket_no", "supermarket_yes", "supervision_group",
)


@dataclass(frozen=True)
class Paper:
    name: str        # CSS page size keyword
    suffix: str      # file name suffix: zhaxigang.pdf, zhaxigang-a4.pdf
    font_size: str   # Chinese body text; Tibetan is 1.2x, headings scale from it
    margin: str      # page margins: top right bottom left
    qr: str          # printed size of the QR code: a phone reads it from ~10x its width


A3 = Paper("A3", "", "14pt", "22mm 18mm 22mm 18mm", "52mm")
A4 = Paper("A4", "-a4", "10.5pt", "17mm 13mm 17mm 13mm", "36mm")
PAPERS = (A3, A4)
PHRASES_PAPER = Paper("A3", "", "14pt", "13mm 15mm 17mm 15mm", "34mm")
# Half a point under the A4 regulation: the header, six or seven rows, the supervision group and
# the footer fit on one sheet (a longer table runs on, its column heads repeated).
POINTS_PAPER = Paper("A4", "-points", "10pt", "14mm 13mm 15mm 13mm", "30mm")


@dataclass(frozen=True)
class PosterFile:
    name: str
    bytes: int
    pages: int
    seconds: float


@dataclass(frozen=True)
class PosterSummary:
    files: tuple[PosterFile, ...]
    seconds: float
    workers: int

    @property
    def count(self) -> int:
        return len(self.files)

    @property
    def bytes(self) -> int:
        return sum(f.bytes for f in self.files)

    def __str__(self) -> str:
        return (f"posters: {self.count} files, {self.bytes / 1e6:.1f} MB, in {self.seconds:.1f} s "
                f"({self.workers} worker{'s' if self.workers != 1 else ''})")


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


SECTION_LABELS = {"reward": "points_earn", "penalty": "points_cost",
                  "education": "points_education"}


class PosterError(Exception):
    """WeasyPrint failed on a poster (not a data problem: a template or layout bug)."""


# -- fonts -----------------------------------------------------------------------------------

def font_paths() -> list[Path]:
    paths = [FONTS / file for _, _, file in FONT_FACES]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise PosterError(f"poster font missing: {missing[0]} (the posters use only the fonts "
                          "shipped in fonts/; see fonts/README.md)")
    return paths


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[int]:
    """Characters every weight of a poster family can draw: a run falls back from one family
    to the other (Chinese to Tibetan and back), never to a system font."""
    from fontTools.ttLib import TTFont

    families: dict[str, set[int] | None] = {}
    for (family, _, _), path in zip(FONT_FACES, font_paths()):
        with TTFont(path, lazy=True) as font:
            cmap = set(font.getBestCmap())
        families[family] = cmap if families.get(family) is None else families[family] & cmap
    covered = frozenset().union(*families.values())
    return covered | {ord(a) for a, b in PRINT_EQUIVALENTS.items() if ord(b) in covered}


def font_face_css() -> str:
    rules = []
    for (family, weight, _), path in zip(FONT_FACES, font_paths()):
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                     f'font-style: normal; src: url("{path.as_uri()}"); }}')
    return "\n".join(rules) + "\n"


def _invisible(ch: str) -> bool:
    # Line breaks, tabs and format characters (ZWSP, ZWJ, ...) are never drawn as glyphs.
    return unicodedata.category(ch) in ("Cc", "Cf")


@dataclass(frozen=True)
class _Field:
    path: str         # as the loader shows it: regulations/villages/x/2025-05-10.yaml
    where: str        # what the field is, in the loader's words
    value: str
    anchor: str = ""  # a line of the file after which the field comes (e.g. "id: grazing")


def _text_fields(text: Text | Name | None, path: str, where: str,
                 anchor: str = "") -> Iterator[_Field]:
    if text is None:
        return
    for lang in ("zh", "bo"):
        value = getattr(text, lang)
        if value:
            yield _Field(path, f"{where} > {lang}", value, anchor)


def _poster_fields(county: County, data_label: str) -> Iterator[_Field]:
    """Every text a poster prints, with the file and field it comes from."""
    divisions = f"{data_label}/divisions.yaml"
    yield from _text_fields(county.name, divisions, "county name")
    for township in county.townships:
        yield from _text_fields(township.name, divisions, f"township '{township.id}' name",
                                f"id: {township.id}")
        for village in township.villages:
            if village.id in county.regulations:
                yield from _text_fields(village.name, divisions, f"village '{village.id}' name",
                                        f"id: {village.id}")
    phrases = f"{data_label}/phrases.yaml"
    for theme in county.themes:
        yield from _text_fields(theme.name, phrases, f"theme '{theme.id}' name", f"id: {theme.id}")
    for phrase in county.phrases:
        yield from _text_fields(phrase.text, phrases, f"phrase '{phrase.id}'", f"id: {phrase.id}")
    for regulation in county.regulations.values():
        rev = regulation.current
        for name, value in (("title", rev.title), ("body", rev.body)):
            yield from _text_fields(value, rev.source, name, f"{name}:")
        for chapter in rev.chapters:
            yield from _text_fields(chapter.title, rev.source, f"chapter '{chapter.id}' title",
                                    f"id: {chapter.id}")
            for article in chapter.articles:
                yield from _text_fields(article.text, rev.source, f"article '{article.id}'",
                                        f"id: {article.id}")
                for provision in article.provisions:
                    yield from _text_fields(provision.condition, rev.source,
                                            f"article '{article.id}' > provision > condition",
                                            f"id: {article.id}")
    if county.points is not None:
        for measure in county.points.measures:
            yield from _text_fields(measure.name, f"{data_label}/points.yaml",
                                    f"measure '{measure.id}' name", f"id: {measure.id}")
    for lang in ("zh", "bo"):
        catalogue = messages.catalogue(lang)
        for key in POSTER_LABELS:
            yield _Field(f"plugins/regpub/messages/{lang}.yaml", f"message '{key}' ({lang})",
                         catalogue[key], f"{key}:")


def _line_of(base: Path | None, field: _Field, ch: str) -> int:
    """The line of the file where the character appears in that field, as near as we can tell."""
    if base is None:
        return 1
    root = PACKAGE.parents[1] if field.path.startswith("plugins/") else base
    path = root / field.path
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    start = 0
    if field.anchor:  # "id: grazing" matches "- id: grazing", not "- id: grazing-2"
        anchor = re.compile(rf"^\s*(?:-\s+)?{re.escape(field.anchor)}\s*(?:#.*)?$")
        start = next((i for i, line in enumerate(lines) if anchor.match(line)
                      or (field.anchor.endswith(":") and line.startswith(field.anchor))), 0)
    for i in range(start, len(lines)):
        if ch in lines[i]:
            return i + 1
    return start + 1


def check_fonts(county: County, data_dir: Path | str | None = None) -> None:
    """Refuse, before anything is rendered, a character the poster fonts cannot draw.

    Raises DataError with one problem per field and character, `path:line: ... [font-coverage]`;
    `data_dir` (the regulations/ folder) lets the message name the line, else it says line 1.
    """
    covered = covered_characters()
    base = Path(data_dir).resolve().parent if data_dir is not None else None
    label = Path(data_dir).name if data_dir is not None else "regulations"
    problems = []
    for field in _poster_fields(county, label):
        seen = set()
        for ch in field.value:
            if ord(ch) in covered or _invisible(ch) or ch in seen:
                continue
            seen.add(ch)
            name = unicodedata.name(ch, "unnamed character")
            problems.append(Problem(
                field.path, _line_of(base, field, ch),
                f"{field.where}: the poster fonts have no glyph for U+{ord(ch):04X} '{ch}' "
                f"({name}); a printed poster would show an empty box",
                _hint(ch), "font-coverage"))
    if problems:
        raise DataError(problems)


def _hint(ch: str) -> str:
    return ("use the common form of the character if there is one; otherwise add it to the poster "
            "font (fonts/make_fonts.py, which subsets Noto Sans CJK SC to GB2312)")


# -- HTML ------------------------------------------------------------------------------------

def printable(value):
    """Every text a template prints, with PRINT_EQUIVALENTS applied (markup is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.translate(_PRINT_TABLE)
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
            raise ValueError(f"unknown placeholder {{{name}}} in poster_page")
        parts.append(Markup(f"counter({name}, {style})"))
    return Markup(" ").join(parts)


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG: vector, sharp at any print size. Error correction M survives a
    little dirt or a pin hole; the quiet zone (4 modules) is part of the drawing."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return Markup(code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                  title=None))


class PosterRenderer:
    """Makes the poster HTML (fast, in the calling process); WeasyPrint lays it out later."""

    def __init__(self, county: County, site_url: str,
                 bo_numerals: str = messages.DEFAULT_BO_NUMERALS):
        if not site_url or "://" not in site_url:
            raise PosterError("the posters' QR codes need an absolute site_url "
                              f"(got {site_url!r}): set site_url in mkdocs.yml")
        self.county = county
        self.site_url = site_url.rstrip("/") + "/"
        self.messages = {lang: messages.Messages(lang, bo_numerals) for lang in ("zh", "bo")}
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True,
                                      lstrip_blocks=True, finalize=printable)
        self.env.filters["css_string"] = css_string
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
                messages.catalogue(lang)["poster_page"],
                "tibetan" if lang == "bo" and bo_numerals == "tibetan" else "decimal"),
        )

    def label(self, key: str, lang: str, /, **values) -> str:
        return self.messages[lang](self._poster_key(key), **values)

    @staticmethod
    def _poster_key(key: str) -> str:
        if key not in POSTER_LABELS:
            raise KeyError(f"label '{key}' is used on a poster: add it to POSTER_LABELS in "
                           "posters.py so the font check covers it")
        return key

    def revision_url(self, regulation: Regulation, revision: Revision) -> str:
        return f"{self.site_url}villages/{regulation.village.id}/{revision.key}/"

    def regulation(self, regulation: Regulation, paper: Paper) -> str:
        revision = regulation.current
        village = regulation.village
        url = self.revision_url(regulation, revision)
        return self.env.get_template("poster.html").render(
            county=self.county, township=self.county.township(village.township), village=village,
            regulation=regulation, revision=revision, numbered=list(revision.numbered()),
            paper=paper, url=url, qr=qr_svg(url), short_hash=short_hash(revision),
            draft=revision.translation_counts()["draft"] > 0)

    def points_url(self, regulation: Regulation) -> str:
        """The village's points page, which always shows the current revision's table."""
        return f"{self.site_url}villages/{regulation.village.id}/points/"

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
        revision = regulation.current
        village = regulation.village
        url = self.points_url(regulation)
        sections = self.points_sections(revision)
        group: SupervisionGroup | None = self.county.supervision.get(village.id)
        printed = [line.condition for s in sections for line in s.lines] + \
            [name for s in sections for line in s.lines for name in line.measures]
        return self.env.get_template("poster-points.html").render(
            county=self.county, township=self.county.township(village.township), village=village,
            regulation=regulation, revision=revision, sections=sections, group=group,
            paper=POINTS_PAPER, url=url, qr=qr_svg(url), short_hash=short_hash(revision),
            draft=any(text.bo and text.bo_status == "draft" for text in printed))

    def phrases(self) -> str:
        url = f"{self.site_url}phrases/"
        return self.env.get_template("poster-phrases.html").render(
            county=self.county, paper=PHRASES_PAPER, url=url, qr=qr_svg(url))


def short_hash(revision: Revision) -> str:
    """What a printed poster names its text by: the first 12 hex digits of the file's SHA-256."""
    return revision.digest[:12]


def has_points(regulation: Regulation) -> bool:
    """Whether the village gets a points poster: its current revision has provisions."""
    return regulation.current.provision_count > 0


def poster_names(county: County) -> list[str]:
    """Every file build_posters writes, in order."""
    names = []
    for vid, regulation in county.regulations.items():
        names += [f"{vid}{paper.suffix}.pdf" for paper in PAPERS]
        if has_points(regulation):
            names.append(f"{vid}{POINTS_PAPER.suffix}.pdf")
    return names + ["phrases.pdf"]


# -- rendering in worker processes -----------------------------------------------------------

_worker: dict = {}


def _isolated_fontconfig(folder: Path) -> Path:
    """A fontconfig file that knows only the shipped fonts (no system fonts, no user fonts)."""
    conf = folder / "fonts.conf"
    (folder / "cache").mkdir(exist_ok=True)
    (folder / "tmp").mkdir(exist_ok=True)  # the workers' temp folder (_init_worker)
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{xml_escape(str(FONTS))}</dir>"
        f"<cachedir>{xml_escape(str(folder / 'cache'))}</cachedir></fontconfig>\n",
        encoding="utf-8")
    return conf


def _init_worker(fontconfig_file: str, parent: int) -> None:
    exit_with_parent(parent)
    # WeasyPrint puts each FontConfiguration's fonts in a `weasyprint-*` temp folder that only
    # its garbage collection removes, which a pool worker never reaches: keep it in our folder,
    # removed as a whole (or by the next build if this one is killed; tempfolders.py).
    private_tmp = str(Path(fontconfig_file).parent / "tmp")
    os.environ["TMPDIR"] = private_tmp
    tempfile.tempdir = private_tmp
    # Before WeasyPrint (and so fontconfig) is first imported in this process.
    os.environ["FONTCONFIG_FILE"] = fontconfig_file
    os.environ.pop("FONTCONFIG_PATH", None)
    # A forked worker inherits the build's INFO logging: WeasyPrint's steps are noise there.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = CSS(string=font_face_css() + STYLESHEET.read_text(encoding="utf-8"),
              base_url=str(TEMPLATES) + "/", font_config=font_config)
    _worker.update(font_config=font_config, css=css)


def _render(name: str, html: str, target: str) -> PosterFile:
    from weasyprint import HTML

    started = time.monotonic()
    try:
        document = HTML(string=html, base_url=str(TEMPLATES) + "/").render(
            stylesheets=[_worker["css"]], font_config=_worker["font_config"])
        document.write_pdf(target)
    except Exception as e:  # a layout or template bug: say which poster
        raise PosterError(f"{name}: {type(e).__name__}: {e}") from None
    return PosterFile(name, Path(target).stat().st_size, len(document.pages),
                      time.monotonic() - started)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def build_posters(county: County, out_dir: Path, site_url: str, jobs: int | None = None, *,
                  data_dir: Path | str | None = None,
                  progress: Callable[[str], None] | None = print,
                  bo_numerals: str = messages.DEFAULT_BO_NUMERALS) -> PosterSummary:
    """Write every poster into out_dir, rendering in parallel on `jobs` processes (default: every
    core this process may use). Raises DataError (font coverage) or PosterError; on an error
    out_dir may hold some posters: build into a staging folder."""
    started = time.monotonic()
    check_fonts(county, data_dir)
    renderer = PosterRenderer(county, site_url, bo_numerals)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tasks = []
    for village_id, regulation in county.regulations.items():
        for paper in PAPERS:
            name = f"{village_id}{paper.suffix}.pdf"
            tasks.append((name, renderer.regulation(regulation, paper)))
        if has_points(regulation):
            tasks.append((f"{village_id}{POINTS_PAPER.suffix}.pdf", renderer.points(regulation)))
    tasks.append(("phrases.pdf", renderer.phrases()))
    tasks.sort(key=lambda t: len(t[1]), reverse=True)  # longest first: better load balance
    workers = max(1, min(jobs or default_jobs(), len(tasks)))
    done: list[PosterFile] = []
    # fork where there is one (Linux, macOS): fast, and it works from any __main__ (a script,
    # pytest, python -c); each worker sets up its own fontconfig either way (_init_worker).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with owned_folder("posters") as folder, \
            ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                initargs=(str(_isolated_fontconfig(folder)), os.getpid())) as pool:
        futures = [pool.submit(_render, name, html, str(out_dir / name)) for name, html in tasks]
        pending = set(futures)
        while pending:
            try:
                finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
            except KeyboardInterrupt:  # Ctrl-C or `kill`: stop now, not after every poster
                for other in futures:
                    other.cancel()
                raise
            for future in finished:
                error = future.exception()
                if error is not None:
                    for other in pending:
                        other.cancel()
                    raise error
                done.append(future.result())
                if progress:
                    progress(f"posters: {len(done)}/{len(tasks)}")
    order = {name: i for i, name in enumerate(poster_names(county))}
    done.sort(key=lambda f: order.get(f.name, len(order)))
    return PosterSummary(tuple(done), time.monotonic() - started, workers)
