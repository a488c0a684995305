"""A village page in a real browser at phone width: fonts, type size, and no foreign requests."""
from __future__ import annotations

import pytest

from browser import chromium, serve
from sitecheck import build_mini

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    _, out = build_mini(tmp_path_factory)
    with serve(out) as base, chromium() as browser:
        yield base, browser


def open_page(browser, url):
    page = browser.new_page(viewport=PHONE)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, requests


@pytest.mark.parametrize("path", ["villages/tashi/", "bo/villages/tashi/", "bo/villages/tashi/parallel/", ""])
def test_pages_make_no_request_to_another_origin(served, path):
    base, browser = served
    page, requests = open_page(browser, base + path)
    assert requests, "the page loaded nothing?"
    assert [r for r in requests if not r.startswith(base)] == []
    page.close()


def test_chinese_body_text_is_large_enough_for_elderly_readers(served):
    base, browser = served
    page, _ = open_page(browser, base + "villages/tashi/")
    size = page.eval_on_selector("#a-purpose + p", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 17
    page.close()


def test_tibetan_uses_the_self_hosted_font_larger_and_with_room_for_stacks(served):
    base, browser = served
    page, requests = open_page(browser, base + "bo/villages/tashi/")
    # The font's address carries its version (?v=..., webfonts.py).
    assert any(r.split("?")[0].endswith("noto-serif-tibetan.woff2") for r in requests)
    loaded = page.evaluate("document.fonts.check('16px \"Noto Serif Tibetan\"', 'ཀ')")
    assert loaded
    style = page.eval_on_selector("#a-purpose + p", """e => {
        const s = getComputedStyle(e);
        return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight),
                spacing: s.letterSpacing, align: s.textAlign, wordBreak: s.wordBreak};
    }""")
    assert style["size"] >= 17 * 1.15
    assert style["line"] / style["size"] >= 1.8
    assert style["spacing"] == "normal" and style["align"] != "justify"
    assert style["wordBreak"] != "break-all"
    page.close()


def test_parallel_view_is_side_by_side_on_wide_screens_and_interleaved_on_phones(served):
    base, browser = served
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "villages/tashi/parallel/")
    zh = page.eval_on_selector("#a-grazing .rp-pair__zh", "e => e.getBoundingClientRect().toJSON()")
    bo = page.eval_on_selector("#a-grazing .rp-pair__bo", "e => e.getBoundingClientRect().toJSON()")
    assert abs(zh["top"] - bo["top"]) < 2 and bo["left"] > zh["left"]  # side by side
    page.set_viewport_size(PHONE)
    zh = page.eval_on_selector("#a-grazing .rp-pair__zh", "e => e.getBoundingClientRect().toJSON()")
    bo = page.eval_on_selector("#a-grazing .rp-pair__bo", "e => e.getBoundingClientRect().toJSON()")
    purpose_bo = page.eval_on_selector("#a-purpose .rp-pair__bo", "e => e.getBoundingClientRect().toJSON()")
    assert bo["top"] >= zh["bottom"] - 1  # Tibetan under its Chinese article
    assert purpose_bo["bottom"] <= zh["top"] + 1  # ... before the next article
    page.close()


@pytest.mark.parametrize("path", ["", "villages/tashi/", "villages/tashi/parallel/",
                                  "villages/tashi/compare/2020-03-01...2025-05-10/", "phrases/"])
@pytest.mark.parametrize("lang", ["", "bo/"])
def test_nothing_sticks_out_sideways_on_a_phone(served, path, lang):
    base, browser = served
    page, _ = open_page(browser, base + lang + path)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1]
    page.close()


def test_the_language_switch_keeps_the_page_with_javascript_on(served):
    base, browser = served
    page, _ = open_page(browser, base + "villages/tashi/parallel/")
    page.click('a[data-rp-lang-switch][hreflang="bo"]')  # the labelled switch, no menu to open
    page.wait_for_load_state()
    assert page.url == base + "bo/villages/tashi/parallel/"
    page.close()


def test_a_visited_page_reads_offline_and_says_it_is_a_stored_copy(served):
    base, browser = served
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    page = context.new_page()
    page.goto(base + "bo/villages/tashi/")
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=10000)
    page.wait_for_timeout(500)  # the worker stores what the page loaded
    assert page.is_hidden(".rp-offline")
    context.set_offline(True)
    page.reload()
    assert page.is_visible(".rp-offline")
    assert "ཁ་པར་ནང་ཉར་བའི་འདྲ་བཤུས" in page.inner_text(".rp-offline")
    assert page.is_visible("#a-grazing")
    # The Tibetan font came from the phone's store too: stacks still render offline.
    assert page.evaluate("document.fonts.check('16px \"Noto Serif Tibetan\"', 'ཀ')")
    context.close()
