"""The Tibetan web font, cut at build time to the glyphs the site's texts are drawn with.

The shipped `docs/assets/fonts/noto-serif-tibetan.woff2` holds the whole Tibetan block (211
code points, 152 KB) and a bold twin (172 KB): on a slow phone they were 80% of a Tibetan first
visit. A cut to the 65 code points the site uses still weighed 70 KB, because keeping a code
point keeps every stack it can take part in (fontTools' layout closure: 900 glyphs).

So the cut follows the text, not the alphabet. After every page, feed and search file is
written, this step reads the Tibetan words back and shapes each one with HarfBuzz through the
full font (`fonts/NotoSerifTibetan-Regular.ttf`, the posters' copy), noting every glyph the
shaping passes through, the intermediate ones of multi-step substitutions included. The font is
cut to those glyphs (about 250; 22 KB), with the layout rules between them, and every word is
shaped again with the cut and compared glyph by glyph and position by position with the full
font: if any word differs, the build keeps the code-point cut instead and says so.

Two cuts, because a Chinese page shows Tibetan only as place names and the language switch:
- `noto-serif-tibetan.woff2` (`fonts.css`): every Tibetan word of the site;
- `noto-serif-tibetan-names.woff2` (`fonts-names.css`): the place names of the county and the
  words every page carries. A page whose Tibetan is all among these links `fonts-names.css`
  instead of `fonts.css` (rewritten here), and downloads about 11 KB instead of 22.
Both style sheets also name the whole cut as `Noto Serif Tibetan Any`, for text a script draws
after the page was built (search results, the offline list): regulations.css gives it to those
places, so a names page downloads the whole cut only when a reader searches.

A cut draws only the words it was made for, so a phone must never pair a new page with a font
kept from an earlier build (the offline worker and the browser's cache keep fonts): each page
links its style sheet, and each style sheet its font, at a version made from the file's bytes
(`fonts.css?v=...`). Pages are fetched network first, so a new text comes with a new font.

What a reader types into search is not in any cut: the search box asks for the system's Tibetan
fonts first (regulations.css), and this cut only where the phone has none.

One weight only: Tibetan is not set in bold by scribes or printers, the pages mark headings by
size, and where the theme asks for bold the browser thickens the regular face. The bold file is
removed from the output. `unicode-range` lists exactly the kept code points, so Chinese and
Latin text never download the Tibetan font.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

FONT_FILE = "assets/fonts/noto-serif-tibetan.woff2"
NAMES_FONT_FILE = "assets/fonts/noto-serif-tibetan-names.woff2"
BOLD_FILE = "assets/fonts/noto-serif-tibetan-bold.woff2"
CSS_FILE = "assets/stylesheets/fonts.css"
NAMES_CSS_FILE = "assets/stylesheets/fonts-names.css"
FAMILY = "Noto Serif Tibetan"
ANY_FAMILY = "Noto Serif Tibetan Any"  # the whole cut, for text drawn by scripts

# A word: a run of Tibetan letters, signs, tsheg and shad. Runs are shaped apart because a space
# or a Chinese character between them ends a shaping run in the browser too.
WORD = re.compile("[\u0f00-\u0fff]+")
SYLLABLE = re.compile("[^\u0f0b]+\u0f0b?|\u0f0b")
# Kept whatever the texts hold: spaces a Tibetan run is set with, the joiners, and the dotted
# circle HarfBuzz draws before a vowel sign that has no letter to sit on.
ALWAYS = {0x20, 0xA0, 0x200B, 0x200C, 0x200D, 0x25CC}
TEXT_SUFFIXES = {".html", ".js", ".json", ".xml", ".txt", ".csv"}


def words_in(text: str) -> set[str]:
    return set(WORD.findall(text))


def site_words(site_dir: Path) -> tuple[set[str], dict[str, int], int]:
    """Every Tibetan word in the text files of the written site (pages, feeds, search data, open
    data: what a reader can be shown without typing), on how many HTML pages each word is, and
    how many HTML pages there are. Nothing per page is kept: 120,000 pages at 2,000 villages."""
    every: set[str] = set()
    on_pages: dict[str, int] = {}
    pages = 0
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            found = words_in(path.read_text(encoding="utf-8", errors="ignore"))
            every |= found
            if path.suffix == ".html":
                pages += 1
                for word in found:
                    on_pages[word] = on_pages.get(word, 0) + 1
    return every, on_pages, pages


def used_code_points(site_dir: Path) -> set[int]:
    """Every Tibetan code point in the text files of the written site."""
    return code_points(site_words(site_dir)[0])


def syllables(words: set[str]) -> set[str]:
    """The syllables of `words`, each with its tsheg: བཀྲ་ཤིས། -> བཀྲ་, ཤིས།"""
    return {syllable for word in words for syllable in SYLLABLE.findall(word)}


def code_points(words: set[str]) -> set[int]:
    return {ord(c) for word in words for c in word}


def unicode_range(points: set[int]) -> str:
    """CSS `unicode-range` of `points`, consecutive ones merged: 'U+F0B-F0C, U+F40'."""
    spans: list[list[int]] = []
    for cp in sorted(points):
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def _hb_font(data: bytes):
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob(data)))


def _buffer(word: str):
    import uharfbuzz as hb

    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    return buf


def glyphs_passed(font_data: bytes, words: set[str]) -> set[int]:
    """The glyph ids shaping `words` with the font passes through: the final glyphs and every
    intermediate one (a stack made in two substitutions needs the glyph between them, or the
    second rule is dropped with it). HarfBuzz reports each lookup as it runs; the buffer holds
    glyph ids from the start of GSUB on (code points before)."""
    import uharfbuzz as hb

    font = _hb_font(font_data)
    seen: set[int] = set()
    state = {"glyphs": False}

    def on_message(message: str) -> bool:
        if message.startswith("start table GSUB"):
            state["glyphs"] = True
        elif state["glyphs"] and message.startswith("end lookup"):
            seen.update(info.codepoint for info in buf.glyph_infos)
        return True

    for word in sorted(words):
        buf = _buffer(word)
        state["glyphs"] = False
        buf.set_message_func(on_message)
        hb.shape(font, buf, {})
        seen.update(info.codepoint for info in buf.glyph_infos)
    return seen


def shapes(font_data: bytes, glyph_order: list[str], words: set[str]) -> dict[str, list[tuple]]:
    """How each word is drawn: glyph names with their advances and offsets."""
    import uharfbuzz as hb

    font = _hb_font(font_data)
    out = {}
    for word in words:
        buf = _buffer(word)
        hb.shape(font, buf, {})
        out[word] = [(glyph_order[i.codepoint], p.x_advance, p.y_advance, p.x_offset, p.y_offset)
                     for i, p in zip(buf.glyph_infos, buf.glyph_positions)]
    return out


@dataclass(frozen=True)
class Cut:
    woff2: bytes
    code_points: frozenset[int]
    glyphs: int
    by_glyph: bool  # False: the code-point cut (a word shaped differently with the glyph cut)


def _subset(source: Path, points: set[int], glyph_names: list[str] | None):
    """`source` cut to `points` (and, when given, to `glyph_names` with no layout closure),
    every layout feature kept. Returns the cut TTFont, glyph names still readable."""
    import logging

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # one line per table otherwise
    options = ft_subset.Options()
    options.layout_features = ["*"]      # stacks, vowel and mark positions
    options.name_IDs = ["*"]             # copyright and licence stay in the file (OFL)
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_closure = glyph_names is None
    # The same texts give the same bytes (and so the same `version`): no "modified now" stamp.
    font = TTFont(str(source), recalcTimestamp=False)
    cutter = ft_subset.Subsetter(options)
    cutter.populate(unicodes=points | ALWAYS, glyphs=glyph_names or [])
    cutter.subset(font)
    return font


def _save(font, flavor: str | None) -> bytes:
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def cut(source: Path, words: set[str]) -> Cut:
    """`source` cut to what drawing `words` needs, checked by shaping every word again."""
    from fontTools.ttLib import TTFont

    full_data = source.read_bytes()
    full_order = TTFont(str(source)).getGlyphOrder()
    points = code_points(words)
    # The glyphs are collected syllable by syllable (2,400 in the shipped data, against 8,700
    # words: a tenth of the time), since a stack never reaches past its tsheg; the check below
    # shapes every whole word, so a rule that did would show there.
    names = [full_order[g] for g in sorted(glyphs_passed(full_data, syllables(words)))]
    font = _subset(source, points, names)
    order = font.getGlyphOrder()
    # The cut's glyph names are the full font's, so the two shapings compare name by name.
    same = shapes(_save(font, None), order, words) == shapes(full_data, full_order, words)
    if not same:
        font = _subset(source, points, None)
        order = font.getGlyphOrder()
    return Cut(_save(font, "woff2"), frozenset(points), len(order), by_glyph=same)


def face(family: str, url: str, points: frozenset[int]) -> str:
    return ("@font-face {\n"
            f'  font-family: "{family}";\n'
            "  font-style: normal;\n"
            "  font-weight: 400 700;\n"
            "  font-display: swap;\n"
            f'  src: url("{url}") format("woff2");\n'
            f"  unicode-range: {unicode_range(set(points))};\n"
            "}\n")


HEADER = ("/* Written by the build (plugins/regpub/webfonts.py): the Tibetan font cut to the glyphs\n"
          "   the site's texts are drawn with. One weight; other characters use the system font. */\n")


def version(data: bytes) -> str:
    """What a file's address carries (`?v=`) so that a phone never pairs a new page with a
    font it kept from an earlier build: a cut has no glyph for a stack it never had to draw."""
    return hashlib.sha256(data).hexdigest()[:10]


def font_css(whole: Cut, names: Cut | None = None) -> str:
    """The style sheet of a page drawn with `names` (a names page), or with `whole`."""
    first = names or whole

    def url(file: str, cut_: Cut) -> str:
        return f"../fonts/{Path(file).name}?v={version(cut_.woff2)}"
    return (HEADER + face(FAMILY, url(NAMES_FONT_FILE if names else FONT_FILE, first),
                          first.code_points)
            + face(ANY_FAMILY, url(FONT_FILE, whole), whole.code_points))


FONT_LINK = re.compile(r'(<link[^>]*href="[^"]*)' + re.escape(CSS_FILE) + '"')


def light_words(on_pages: dict[str, int], pages: int, names: set[str]) -> set[str]:
    """The words of the names cut: place names (`names`) and the words most pages carry (the
    language switch; more than half, so the other language's chrome stays out; a lone page
    without them, a redirect, does not take them out)."""
    chrome = {word for word, n in on_pages.items() if 2 * n > pages}
    return {w for name in names for w in words_in(name)} | chrome


def write(site_dir: Path, source: Path, names: set[str] = frozenset()) -> str:
    """Cut the Tibetan web font of the site in `site_dir` to what its texts use, and give the
    pages whose Tibetan is all in `names` (place names; the words most pages carry are added)
    the smaller names cut. Every page links its style sheet at the sheet's version. One line
    for the build log; nothing changes without Tibetan."""
    every, on_pages, page_count = site_words(site_dir)
    if not every:
        return "webfont: no Tibetan text, font left as shipped"
    whole = cut(source, every)
    (site_dir / FONT_FILE).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / FONT_FILE).write_bytes(whole.woff2)
    (site_dir / BOLD_FILE).unlink(missing_ok=True)
    sheets = {CSS_FILE: font_css(whole)}
    line = (f"webfont: Tibetan cut to {len(whole.code_points)} code points, "
            f"{whole.glyphs} glyphs, {len(whole.woff2):,} bytes"
            + ("" if whole.by_glyph else " (every stack of them: a word shaped differently "
               "with the glyph cut)"))
    light = light_words(on_pages, page_count, names)
    if light:
        small = cut(source, light)
        (site_dir / NAMES_FONT_FILE).write_bytes(small.woff2)
        sheets[NAMES_CSS_FILE] = font_css(whole, small)
    versions = {}
    for sheet, text in sheets.items():
        (site_dir / sheet).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / sheet).write_text(text, encoding="utf-8")
        versions[sheet] = version(text.encode("utf-8"))
    linked = {sheet: 0 for sheet in sheets}
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        names_page = NAMES_CSS_FILE in sheets and words_in(html) <= light
        sheet = NAMES_CSS_FILE if names_page else CSS_FILE
        changed, count = FONT_LINK.subn(lambda m: f'{m.group(1)}{sheet}?v={versions[sheet]}"',
                                        html, count=1)
        if count:
            page.write_text(changed, encoding="utf-8")
            linked[sheet] += 1
    if NAMES_CSS_FILE in sheets:
        line += (f"; names cut {small.glyphs} glyphs, {len(small.woff2):,} bytes, "
                 f"for {linked[NAMES_CSS_FILE]} of {page_count} pages")
    return line
