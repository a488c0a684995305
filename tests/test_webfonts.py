"""The Tibetan web font is cut at build time to the glyphs the site's words are drawn with."""
from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont

from regpub import pipeline, webfonts

FULL = pipeline.TIBETAN_FONT
# Stacks made in several steps (བསྒྲུབས, སྐྱོང), a vowel on a stack (རྒྱུ), a name.
PAGE_WORDS = "བཀྲ་ཤིས་བསྒྲུབས། སྐྱོང་རྒྱུ།"
NAME = "བཀྲ་ཤིས་སྒང་གྲོང་ཚོ"
SWITCH = "བོད་ཡིག"


def a_site(tmp_path):
    """Two pages with a Tibetan text, two that show only a place name, and search data."""
    site = tmp_path / "site"
    css = f'<link rel="stylesheet" href="../../{webfonts.CSS_FILE}">'
    for page, body in {"villages/x/parallel": f'<p lang="bo">{PAGE_WORDS}</p>',
                       "bo/villages/x": f'<p lang="bo">{PAGE_WORDS} {NAME}</p>',
                       "villages/x": f'<h1>扎西岗村 <span lang="bo">{NAME}</span></h1>',
                       "villages/x/points": "<h1>积分</h1>"}.items():
        (site / page).mkdir(parents=True, exist_ok=True)
        (site / page / "index.html").write_text(
            f'<html><head>{css}</head><body><a lang="bo">{SWITCH}</a>{body}</body></html>',
            encoding="utf-8")
    (site / "search").mkdir()
    (site / "search/index.js").write_text('var d = ["ལྷན་ཁང"];', encoding="utf-8")
    bold = site / webfonts.BOLD_FILE
    bold.parent.mkdir(parents=True)
    bold.write_bytes(b"shipped bold")
    return site


def read(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def drawn(font: TTFont, words: set[str]) -> dict[str, list[tuple]]:
    """What each word puts on paper with `font`: each glyph's outline (components resolved)
    with its advance and offsets, as HarfBuzz shapes it."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    font.flavor = None
    plain = io.BytesIO()
    font.save(plain)
    glyphs = font.getGlyphSet()

    def ink(name):
        pen = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(pen)
        return tuple((op, tuple(args)) for op, args in pen.value)
    return {word: [(ink(name), *rest) for name, *rest in drawn_glyphs]
            for word, drawn_glyphs in webfonts.shapes(plain.getvalue(), font.getGlyphOrder(),
                                                       words).items()}


def test_every_word_is_drawn_by_the_cut_as_by_the_whole_font(tmp_path):
    site = a_site(tmp_path)

    line = webfonts.write(site, FULL, {NAME})

    words = webfonts.words_in(PAGE_WORDS + " " + NAME + " " + SWITCH + " ལྷན་ཁང")
    cut = (site / webfonts.FONT_FILE).read_bytes()
    font = read(cut)
    assert font.flavor == "woff2"
    assert "GSUB" in font and "GPOS" in font  # stacks are made by these
    assert set(font.getBestCmap()) == webfonts.code_points(words) | webfonts.ALWAYS
    assert font["maxp"].numGlyphs < 120  # the code-point cut of the same letters has hundreds
    # Drawn the same, every word: the same outlines at the same advances and offsets (the build
    # checks it too, by glyph name, before the names are dropped from the woff2).
    assert drawn(font, words) == drawn(TTFont(str(FULL)), words)
    assert "glyphs" in line and "every stack" not in line


def test_if_any_word_were_drawn_differently_the_build_keeps_every_stack(tmp_path, monkeypatch):
    site = a_site(tmp_path)
    real = webfonts.shapes
    calls = []

    def differing(data, order, words):  # the cut's shaping (the first call) disagrees
        calls.append(1)
        drawn = real(data, order, words)
        return {w: g[:-1] for w, g in drawn.items()} if len(calls) % 2 else drawn
    monkeypatch.setattr(webfonts, "shapes", differing)

    line = webfonts.write(site, FULL, {NAME})

    assert "every stack of them" in line
    by_letters = read((site / webfonts.FONT_FILE).read_bytes())
    assert by_letters["maxp"].numGlyphs > 200  # the layout closure of the same letters


def test_the_cut_keeps_the_intermediate_glyphs_of_a_stack():
    # བསྒྲུབས: ག with subjoined ར and the vowel u is built in steps; without the glyph between
    # them the second substitution is dropped and the stack falls apart.
    word = {"བསྒྲུབས"}
    order = TTFont(str(FULL)).getGlyphOrder()
    final = {g for g, *_ in webfonts.shapes(FULL.read_bytes(), order, word)["བསྒྲུབས"]}
    passed = {order[g] for g in webfonts.glyphs_passed(FULL.read_bytes(), word)}
    assert final < passed


def test_a_page_that_shows_only_place_names_gets_the_names_cut(tmp_path):
    site = a_site(tmp_path)

    line = webfonts.write(site, FULL, {NAME})

    def css_of(page):
        return (site / page / "index.html").read_text(encoding="utf-8")
    assert webfonts.NAMES_CSS_FILE in css_of("villages/x")
    assert webfonts.NAMES_CSS_FILE in css_of("villages/x/points")  # only the language switch
    assert webfonts.NAMES_CSS_FILE not in css_of("villages/x/parallel")
    assert webfonts.NAMES_CSS_FILE not in css_of("bo/villages/x")
    names = read((site / webfonts.NAMES_FONT_FILE).read_bytes())
    whole = read((site / webfonts.FONT_FILE).read_bytes())
    assert names["maxp"].numGlyphs < whole["maxp"].numGlyphs
    assert set(names.getBestCmap()) == webfonts.code_points({NAME, SWITCH}) | webfonts.ALWAYS
    # Both style sheets name the whole cut for what scripts draw (search results).
    sheet = (site / webfonts.NAMES_CSS_FILE).read_text(encoding="utf-8")
    assert sheet.count("@font-face") == 2
    assert f'"{webfonts.ANY_FAMILY}"' in sheet and "noto-serif-tibetan.woff2" in sheet
    assert f"unicode-range: {webfonts.unicode_range(webfonts.code_points({NAME, SWITCH}))};" in sheet
    assert "names cut" in line and "for 2 of 4 pages" in line


def test_one_weight_and_a_unicode_range_of_exactly_the_kept_code_points(tmp_path):
    site = a_site(tmp_path)
    webfonts.write(site, FULL, {NAME})
    assert not (site / webfonts.BOLD_FILE).exists()
    css = (site / webfonts.CSS_FILE).read_text(encoding="utf-8")
    assert "-bold" not in css and "noto-serif-tibetan-names" not in css
    every = webfonts.used_code_points(site)
    assert css.count(f"unicode-range: {webfonts.unicode_range(every)};") == 2


def test_without_names_no_page_is_rewritten(tmp_path):
    site = a_site(tmp_path)
    line = webfonts.write(site, FULL)
    # The language switch alone is on most pages: the points page (only that) still qualifies.
    assert "for 1 of 4 pages" in line
    assert webfonts.NAMES_CSS_FILE not in (site / "villages/x/index.html").read_text(encoding="utf-8")


def test_unicode_range_merges_neighbours():
    assert webfonts.unicode_range({0xF0B, 0xF0C, 0xF0D, 0xF40, 0xF42}) == "U+F0B-F0D, U+F40, U+F42"


def test_a_site_without_tibetan_keeps_the_shipped_font(tmp_path):
    (tmp_path / "index.html").write_text("<p>只有中文</p>", encoding="utf-8")
    assert "no Tibetan" in webfonts.write(tmp_path, FULL)
    assert not (tmp_path / webfonts.FONT_FILE).exists()


def test_glyphs_are_collected_by_syllable_with_its_tsheg():
    assert webfonts.syllables({"བཀྲ་ཤིས།", "ཤིས་"}) == {"བཀྲ་", "ཤིས།", "ཤིས་"}


def test_each_page_links_its_style_sheet_and_font_at_their_version(tmp_path):
    """A phone that kept last month's font must not draw this month's new words with it: a new
    word gives the cut, its style sheet and every page's link a new version; the same texts
    give the same ones."""
    def built(folder, extra=""):
        site = a_site(tmp_path / folder)
        if extra:
            page = site / "villages/x/parallel/index.html"
            page.write_text(page.read_text(encoding="utf-8").replace("</p>", f" {extra}</p>"),
                            encoding="utf-8")
        webfonts.write(site, FULL, {NAME})
        links = {p.parent.relative_to(site).as_posix():
                 re.search(r'href="[^"]*(assets/stylesheets/[^"]+)"', p.read_text(encoding="utf-8"))[1]
                 for p in site.rglob("index.html")}
        return links, (site / webfonts.CSS_FILE).read_text(encoding="utf-8")

    first, css = built("a")
    again, css_again = built("b")
    changed, css_changed = built("c", extra="བསྐྱེད")  # a word with a stack none of the others has
    assert first == again and css == css_again
    assert first["villages/x/parallel"].startswith(webfonts.CSS_FILE + "?v=")
    assert first["villages/x"].startswith(webfonts.NAMES_CSS_FILE + "?v=")
    assert changed["villages/x/parallel"] != first["villages/x/parallel"]
    # The names sheet changes too: it names the whole cut, for search results.
    assert changed["villages/x"] != first["villages/x"]
    font_version = re.compile(r'noto-serif-tibetan\.woff2\?v=(\w+)')
    assert font_version.search(css)[1] != font_version.search(css_changed)[1]
