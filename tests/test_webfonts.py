"""The Tibetan web font is cut at build time to the characters the site shows."""
from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from regpub import pipeline, webfonts


def test_the_font_keeps_what_the_pages_use_with_their_stacks_and_one_weight(tmp_path):
    site = tmp_path / "site"
    (site / "villages/x").mkdir(parents=True)
    (site / "villages/x/index.html").write_text('<p lang="bo">བཀྲ་ཤིས་བསྒྲུབས།</p>', encoding="utf-8")
    (site / "search").mkdir()
    (site / "search/index.js").write_text('var d = ["སྐྱོང"];', encoding="utf-8")
    bold = site / webfonts.BOLD_FILE
    bold.parent.mkdir(parents=True)
    bold.write_bytes(b"shipped bold")

    line = webfonts.write(site, pipeline.TIBETAN_FONT)

    used = {ord(c) for c in "བཀྲ་ཤིས་བསྒྲུབས།སྐྱོང"}
    font = TTFont(io.BytesIO((site / webfonts.FONT_FILE).read_bytes()))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == used | webfonts.ALWAYS
    assert "GSUB" in font and "GPOS" in font  # stacks are made by these
    assert not bold.exists()
    css = (site / webfonts.CSS_FILE).read_text(encoding="utf-8")
    assert css.count("@font-face") == 1 and "-bold" not in css
    assert f"unicode-range: {webfonts.unicode_range(used)};" in css
    assert f"{len(used)} code points" in line


def test_unicode_range_merges_neighbours():
    assert webfonts.unicode_range({0xF0B, 0xF0C, 0xF0D, 0xF40, 0xF42}) == "U+F0B-F0D, U+F40, U+F42"


def test_a_site_without_tibetan_keeps_the_shipped_font(tmp_path):
    (tmp_path / "index.html").write_text("<p>只有中文</p>", encoding="utf-8")
    assert "no Tibetan" in webfonts.write(tmp_path, pipeline.TIBETAN_FONT)
    assert not (tmp_path / webfonts.FONT_FILE).exists()
