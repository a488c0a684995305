"""Reading on a phone (issue 19), in Chromium at 390x844 on the fixture build: the regulation in
the first screen, tables with room between columns, the Tibetan font on every Tibetan run, a
labelled language switch that keeps the article, and no request answered 404."""
from __future__ import annotations

import re
import shutil

import pytest

from browser import chromium, serve
from sitecheck import build_mini

PHONE = {"width": 390, "height": 844}
TIBETAN = re.compile("[\u0f00-\u0fff]")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    _, out = build_mini(tmp_path_factory)
    with serve(out) as base, chromium() as browser:
        yield base, browser, out


def township_path(out) -> str:
    return "townships/" + sorted(p.name for p in (out / "townships").iterdir())[0] + "/"


def open_page(browser, url):
    page = browser.new_page(viewport=PHONE)
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, failed


@pytest.mark.parametrize("path", ["villages/tashi/", "bo/villages/tashi/"])
def test_the_first_article_starts_in_the_first_screen(served, path):
    base, browser, _ = served
    page, _ = open_page(browser, base + path)
    top = page.eval_on_selector(".rp-article h2, .rp-article h3, [id^='a-']",
                                "e => e.getBoundingClientRect().top + window.scrollY")
    assert top < 900, f"the first article starts at {top:.0f} px"
    page.close()


TOUCHING = """() => {
    const close = [];
    for (const row of document.querySelectorAll('.md-typeset table tr')) {
        const cells = [...row.children].filter(c => c.offsetParent !== null);
        for (let i = 1; i < cells.length; i++) {
            // The text of each cell, not its box: padding is what keeps two texts apart.
            const box = c => { const r = document.createRange(); r.selectNodeContents(c);
                               return r.getBoundingClientRect(); };
            const a = box(cells[i - 1]), b = box(cells[i]);
            if (a.width && b.width && Math.abs(a.top - b.top) < a.height && b.left - a.right < 6)
                close.push(cells[i - 1].textContent.trim() + ' | ' + cells[i].textContent.trim());
        }
    }
    return close;
}"""


@pytest.mark.parametrize("lang", ["", "bo/"])
@pytest.mark.parametrize("kind", ["township", "reviews/", "dashboard/", "data/",
                                  "villages/tashi/points/"])
def test_no_table_cell_touches_its_neighbour(served, lang, kind):
    base, browser, out = served
    path = township_path(out) if kind == "township" else kind
    page, _ = open_page(browser, base + lang + path)
    assert page.evaluate(TOUCHING) == []
    page.close()


FONTLESS_TIBETAN = """() => {
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!/[\\u0f00-\\u0fff]/.test(n.data)) continue;
        const e = n.parentElement;
        if (!e.getClientRects().length) continue;  // not shown
        const family = getComputedStyle(e).fontFamily.replace(/"/g, '');
        if (!family.startsWith('Noto Serif Tibetan')) bad.push(e.tagName + ': ' + n.data.trim().slice(0, 20) + ' [' + family + ']');
    }
    return bad;
}"""


@pytest.mark.parametrize("path", ["", "bo/", "villages/tashi/", "bo/villages/tashi/",
                                  "villages/tashi/parallel/", "phrases/", "bo/phrases/",
                                  "dashboard/", "bo/dashboard/", "data/", "reviews/"])
def test_every_tibetan_run_uses_the_site_font(served, path):
    base, browser, _ = served
    page, _ = open_page(browser, base + path)
    assert page.evaluate(FONTLESS_TIBETAN) == []
    page.close()


MARK_TIBETAN = """() => {
    let n = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const e = t.parentElement;
        if (/[\\u0f00-\\u0fff]/.test(t.data) && e.checkVisibility({visibilityProperty: true}) && !e.dataset.fontcheck)
            e.dataset.fontcheck = String(n++);
    }
    return n;
}"""


def fonts_drawing_tibetan(page) -> dict[str, list[dict]]:
    """The fonts Chromium really drew each shown element's Tibetan text with (DevTools'
    CSS.getPlatformFontsForNode): not the CSS asked for, the font files used."""
    assert page.evaluate(MARK_TIBETAN) > 0
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    found = {}
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root,
                                                  "selector": "[data-fontcheck]"})["nodeIds"]:
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:80]
        found[html] = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return found


@pytest.mark.parametrize("path", ["villages/tashi/", "bo/villages/tashi/", "villages/tashi/parallel/",
                                  "bo/phrases/"])
def test_the_tibetan_is_drawn_with_the_sites_font_file(served, path):
    base, browser, _ = served
    page, _ = open_page(browser, base + path)
    page.evaluate("document.fonts.ready")
    for element, fonts in fonts_drawing_tibetan(page).items():
        drawn = [f for f in fonts if f["isCustomFont"]]
        assert drawn and all(f["familyName"] == "Noto Serif Tibetan" for f in drawn), (element, fonts)
    page.close()


COMPARE_FONTS = """([words, cut]) => {
    const style = document.createElement('style');
    style.textContent = `@font-face { font-family: Cut; src: url(${cut}); }
                         @font-face { font-family: Full; src: url(/full-font.ttf); }
                         .w { font-size: 28px; line-height: 2; width: 360px; padding: 40px 0; }`;
    document.head.appendChild(style);
    document.body.innerHTML = '';
    for (const family of ['Cut', 'Full']) {
        const box = document.createElement('div');
        box.className = 'w'; box.id = family; box.style.fontFamily = family; box.lang = 'bo';
        box.textContent = words.join(' ');
        document.body.appendChild(box);
    }
    return document.fonts.ready.then(() => [...document.fonts]
        .filter(f => f.family === 'Cut' || f.family === 'Full').map(f => f.family + ':' + f.status));
}"""


@pytest.mark.parametrize("cut", ["assets/fonts/noto-serif-tibetan.woff2",
                                 "assets/fonts/noto-serif-tibetan-names.woff2"])
def test_every_tibetan_word_looks_the_same_in_the_cut_as_in_the_whole_font(served, cut):
    """Pixel for pixel: each word of the pages the cut serves, in the cut and in the shipped
    font (fonts/NotoSerifTibetan-Regular.ttf), drawn by Chromium."""
    from regpub import pipeline, webfonts

    base, browser, out = served
    shutil.copy(pipeline.TIBETAN_FONT, out / "full-font.ttf")
    every = webfonts.site_words(out)[0]
    if "names" in cut:
        uses = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
        uses = [html for html in uses if webfonts.NAMES_CSS_FILE in html]
        assert uses, "no page uses the names cut"
        every = set().union(*map(webfonts.words_in, uses))
    page = browser.new_page(viewport={"width": 400, "height": 800})
    page.goto(base + "404.html")
    words = sorted(every)
    # A few screens at a time: past 16,384 px Chromium rasterises in tiles that differ by one
    # level of grey, whatever the font.
    for start in range(0, len(words), 60):
        loaded = page.evaluate(COMPARE_FONTS, [words[start:start + 60], "/" + cut])
        assert set(loaded) == {"Cut:loaded", "Full:loaded"}, loaded
        assert page.locator("#Cut").screenshot() == page.locator("#Full").screenshot(), \
            words[start:start + 60]
    page.close()


def test_the_search_scripts_come_when_the_box_is_used_and_others_where_they_are_used(served):
    base, browser, _ = served
    page = browser.new_page(viewport=PHONE)
    scripts = []
    page.on("request", lambda r: scripts.append(r.url.rsplit("/", 1)[1])
            if r.url.endswith(".js") else None)
    page.goto(base + "villages/tashi/")
    page.wait_for_load_state("networkidle")
    ours = {"tibetan.js", "search-rank.js", "search.js", "in-force.js", "changes.js"}
    assert ours & set(scripts) == {"in-force.js"}  # the village page's "in force on" field
    page.fill("#rp-search-input", "草场")           # a tap, then typing
    page.wait_for_selector(".rp-search__results a")
    assert ours & set(scripts) == ours - {"changes.js"}
    page.goto(base + "changes/")
    page.wait_for_load_state("networkidle")
    assert "changes.js" in scripts
    page.close()


@pytest.mark.parametrize("start, other", [("villages/tashi/", "bo/villages/tashi/"),
                                          ("bo/villages/tashi/", "villages/tashi/")])
def test_the_language_switch_is_labelled_in_both_scripts_and_keeps_the_article(served, start, other):
    base, browser, _ = served
    page, _ = open_page(browser, base + start + "#a-grazing")
    switch = page.locator("a[data-rp-lang-switch]")
    assert switch.is_visible()
    assert switch.locator('[lang="zh"]').inner_text() == "中文"
    assert switch.locator('[lang="bo"]').inner_text() == "བོད་ཡིག"
    switch.click()
    page.wait_for_load_state("load")
    assert page.url == base + other + "#a-grazing"
    page.close()


@pytest.mark.parametrize("path", ["", "bo/", "villages/tashi/", "bo/villages/tashi/",
                                  "villages/tashi/parallel/", "phrases/", "dashboard/", "data/"])
def test_no_request_is_answered_404(served, path):
    base, browser, _ = served
    page, failed = open_page(browser, base + path)
    assert failed == []
    page.close()


def test_the_sitemap_lists_the_generated_pages_in_both_languages(served):
    _, _, out = served
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/villages/tashi/</loc>" in sitemap and "/bo/villages/tashi/</loc>" in sitemap
    assert 'hreflang="bo"' in sitemap and "/about/</loc>" in sitemap
