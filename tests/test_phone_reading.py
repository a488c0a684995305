"""Reading on a phone (issue 19), in Chromium at 390x844 on the fixture build: the regulation in
the first screen, tables with room between columns, the Tibetan font on every Tibetan run, a
labelled language switch that keeps the article, and no request answered 404."""
from __future__ import annotations

import re
import shutil

import pytest

from browser import chromium, serve
from sitecheck import FIXTURES, run_build

PHONE = {"width": 390, "height": 844}
TIBETAN = re.compile("[\u0f00-\u0fff]")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data = tmp_path_factory.mktemp("data") / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    out = tmp_path_factory.mktemp("site") / "site"
    assert run_build(data, out).returncode == 0
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
