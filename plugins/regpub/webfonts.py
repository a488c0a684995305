"""The Tibetan web font, cut at build time to the characters the site uses.

The shipped `docs/assets/fonts/noto-serif-tibetan.woff2` holds the whole Tibetan block (211
code points, 152 KB) and a bold twin (172 KB): on a slow phone they were 80% of a Tibetan first
visit. The site uses about 65 of those code points, so after every page, feed and search file
is written this step reads them back, collects the Tibetan code points they contain and cuts the
full font (`fonts/NotoSerifTibetan-Regular.ttf`, the posters' copy) down to them, keeping every
layout feature: stacked letters such as བསྒྲུབས are made by GSUB/GPOS, so every glyph reachable
from the kept characters stays (fontTools' closure).

One weight only: Tibetan is not set in bold by scribes or printers, the pages mark headings by
size, and where the theme asks for bold the browser thickens the regular face. The bold file is
removed from the output, and `assets/stylesheets/fonts.css` is rewritten with the one face and
a `unicode-range` of exactly the kept code points, so a Chinese page without Tibetan downloads
nothing, and a character typed into search that the site never uses falls back to the reader's
system font instead of fetching anything.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

FONT_FILE = "assets/fonts/noto-serif-tibetan.woff2"
BOLD_FILE = "assets/fonts/noto-serif-tibetan-bold.woff2"
CSS_FILE = "assets/stylesheets/fonts.css"
FAMILY = "Noto Serif Tibetan"

TIBETAN = re.compile("[\u0f00-\u0fff]")
# Kept whatever the texts hold: spaces a Tibetan run is set with, the joiners, and the dotted
# circle HarfBuzz draws before a vowel sign that has no letter to sit on.
ALWAYS = {0x20, 0xA0, 0x200B, 0x200C, 0x200D, 0x25CC}
TEXT_SUFFIXES = {".html", ".js", ".json", ".xml", ".txt", ".csv"}


def used_code_points(site_dir: Path) -> set[int]:
    """Every Tibetan code point in the text files of the written site (pages, feeds, search
    data, open data): what a reader can be shown without typing."""
    found: set[int] = set()
    for path in site_dir.rglob("*"):
        if path.suffix in TEXT_SUFFIXES and path.is_file():
            text = path.read_text(encoding="utf-8", errors="ignore")
            found.update(ord(c) for c in set(TIBETAN.findall(text)))
    return found


def unicode_range(code_points: set[int]) -> str:
    """CSS `unicode-range` of `code_points`, consecutive ones merged: 'U+F0B-F0C, U+F40'."""
    spans: list[list[int]] = []
    for cp in sorted(code_points):
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def subset(source: Path, code_points: set[int]) -> bytes:
    """`source` cut to `code_points` as woff2, every layout feature and script kept."""
    import logging

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # one line per table otherwise

    options = ft_subset.Options()
    options.layout_features = ["*"]      # stacks, vowel and mark positions
    options.name_IDs = ["*"]             # copyright and licence stay in the file (OFL)
    options.name_languages = ["*"]
    options.notdef_outline = True
    font = TTFont(str(source))
    cutter = ft_subset.Subsetter(options)
    cutter.populate(unicodes=code_points | ALWAYS)
    cutter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_css(code_points: set[int]) -> str:
    return (
        "/* Written by the build (plugins/regpub/webfonts.py): the Tibetan font cut to the\n"
        "   characters the site uses. One weight; other characters use the system font. */\n"
        "@font-face {\n"
        f'  font-family: "{FAMILY}";\n'
        "  font-style: normal;\n"
        "  font-weight: 400 700;\n"
        "  font-display: swap;\n"
        '  src: url("../fonts/noto-serif-tibetan.woff2") format("woff2");\n'
        f"  unicode-range: {unicode_range(code_points)};\n"
        "}\n")


def write(site_dir: Path, source: Path) -> str:
    """Cut the Tibetan web font of the site in `site_dir` to what its texts use; one line for
    the build log. Nothing changes when the site holds no Tibetan at all."""
    code_points = used_code_points(site_dir)
    if not code_points:
        return "webfont: no Tibetan text, font left as shipped"
    data = subset(source, code_points)
    (site_dir / FONT_FILE).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / FONT_FILE).write_bytes(data)
    (site_dir / BOLD_FILE).unlink(missing_ok=True)
    (site_dir / CSS_FILE).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / CSS_FILE).write_text(font_css(code_points), encoding="utf-8")
    return (f"webfont: Tibetan cut to {len(code_points)} code points, "
            f"{len(data):,} bytes (one weight)")
