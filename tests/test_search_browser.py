"""Search in a real browser on the site built from the shipped data: a villager types a few
characters or syllables and the right article is among the first three results."""
from __future__ import annotations

import re

import pytest

from browser import chromium, serve
from regpub.load import load
from sitecheck import FIXTURES, ROOT, run_build

# (query, what must be among the first three results). An exact page#anchor, or "*" for
# "an article whose text contains the query" (for words many villages use).
CHINESE = [
    ("草场纠纷", "*"), ("私搭乱建", "*"), ("积分", "*"), ("换届", "*"),
    ("积分超市", "*"), ("控辍保学", "*"), ("雪豹", "*"), ("彩礼", "*"), ("界桩", "*"),
    ("孔措湖", "villages/kongcuo/#a-kongcuo-lake"), ("电鱼", "villages/paiga/#a-fishing-ban"),
    ("佩枯错", "*"), ("泥石流", "*"), ("酗酒", "*"), ("毒品", "*"), ("护边员", "*"),
    ("垃圾", "*"), ("婚丧", "*"),
    ("湖", "*"),  # a single character still finds something
    ("查松村", "villages/chasong/"), ("门布乡", "townships/menbu-xiang/"),
    ("zhaxigang", "villages/zhaxigang/"), ("zxg", "villages/zhaxigang/"),
    ("baimaqulin", "villages/baimaqulin/"), ("bmql", "villages/baimaqulin/"),
]
TIBETAN = [
    ("པདྨ་ཆོས་གླིང", "villages/baimaqulin/"),  # a village by its Tibetan name
]


@pytest.fixture(scope="module")
def county():
    return load(ROOT / "regulations")


def syllables(text: str) -> list[str]:
    return [s for s in re.split(r"[\u0f0b-\u0f12\u0f14\s]+", text) if s]


def tibetan_cases(county):
    """Ten queries from the data: four syllables that occur in one current article only, from
    articles spread over the county, typed with and without a final tsheg."""
    articles = [(f"villages/{reg.village.id}/#a-{n.id}", "་" + "་".join(syllables(n.article.text.bo)) + "་")
                for reg in county.regulations.values() for n in reg.current.numbered()
                if n.article.text.bo]
    cases = list(TIBETAN)
    for url, text in articles[:: max(1, len(articles) // 40)]:
        words = text.strip("་").split("་")
        query = "་".join(words[3:7])
        if len(words) > 8 and sum(1 for _, t in articles if f"་{query}་" in t) == 1:
            cases.append((query + ("་" if len(cases) % 2 else ""), url))
        if len(cases) == 10:
            break
    return cases


def results_for(page, query):
    page.fill("#rp-search-input", "")
    page.fill("#rp-search-input", query)
    page.wait_for_function("document.querySelector('.rp-search').dataset.state !== undefined", timeout=10000)
    page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(".rp-search__results a", "as => as.map(a => a.getAttribute('href'))")
    return [re.sub(r"^(\.\./)+|^\./", "", h) for h in hrefs]


@pytest.fixture(scope="module")
def browser_on(shipped_site):
    with serve(shipped_site.root) as base, chromium() as browser:
        yield base, browser


def expected_hits(county, query):
    return {f"villages/{v}/#a-{n.id}" for v, reg in county.regulations.items()
            for n in reg.current.numbered() if query in n.article.text.zh}


def test_twenty_chinese_queries(browser_on, county):
    base, browser = browser_on
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "villages/chasong/")
    misses = []
    for query, expected in CHINESE:
        top = results_for(page, query)[:3]
        wanted = expected_hits(county, query) if expected == "*" else {expected}
        assert wanted, f"{query}: the data has no such article any more"
        if not wanted & set(top):
            misses.append(f"{query}: {top}")
    assert len(CHINESE) >= 20 and misses == []


def test_chinese_results_are_chinese_pages(browser_on):
    base, browser = browser_on
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "villages/chasong/")
    assert all(not h.startswith("bo/") for h in results_for(page, "草场"))


def test_ten_tibetan_queries_on_the_tibetan_site(browser_on, county):
    base, browser = browser_on
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "bo/villages/chasong/")
    cases = tibetan_cases(county)
    misses = []
    for query, expected in cases:
        top = results_for(page, query)[:3]
        if expected not in top:
            misses.append(f"{query}: {top} (wanted {expected})")
    assert len(cases) >= 10 and misses == []
    # Results open Tibetan pages: the links are relative to the Tibetan root.
    link = page.get_attribute(".rp-search__results a", "href")
    page.click(".rp-search__results a >> nth=0")
    page.wait_for_load_state()
    assert "/bo/" in page.url and link


def test_a_final_tsheg_does_not_change_the_results(browser_on, county):
    base, browser = browser_on
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "bo/")
    query = tibetan_cases(county)[1][0].rstrip("་")
    assert results_for(page, query) == results_for(page, query + "་")


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """The mini data in two townships, built with the search data split by township (what a
    prefecture's site gets above the size budget)."""
    import shutil

    from test_search_data import two_townships

    tmp = tmp_path_factory.mktemp("sharded")
    data = tmp / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    two_townships(data)
    config = tmp / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("  - regulations:\n", "  - regulations:\n      search_shard_above_kb: 0\n")
    config.write_text(text, encoding="utf-8")
    result = run_build(data, tmp / "site", "--no-posters", "--config", str(config))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_split_search_starts_in_the_pages_township_and_finds_others_on_request(sharded_site, browser_on):
    _, browser = browser_on  # one Playwright per module: reuse its browser
    with serve(sharded_site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        requested = []
        page.on("request", lambda r: requested.append(r.url.rsplit("/", 1)[-1]))
        page.goto(base + "villages/tashi/")
        assert "villages/tashi/#a-grazing" in results_for(page, "轮牧")  # tashi's own township
        assert "other-xiang.js" not in requested  # another township's data is not downloaded
        assert results_for(page, "野外用火") == []  # norbu's article: the other township
        assert "villages/norbu/" in results_for(page, "罗布村")  # places are always searched
        page.select_option(".rp-search__scope select", "other-xiang")
        assert "villages/norbu/#a-fire" in results_for(page, "野外用火")


def test_a_number_finds_tibetan_digits_whichever_digits_are_typed(browser_on):
    """The Tibetan texts write numbers in Tibetan digits (༢༠༢༥); a phone keyboard types 2025."""
    base, browser = browser_on
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "bo/")
    tibetan = results_for(page, "༢༠༢༥ལོའི")
    assert tibetan and results_for(page, "2025ལོའི") == tibetan
    # A number alone, typed in Arabic digits, is found and marked in the Tibetan snippet.
    assert results_for(page, "2025")
    assert "༢༠༢༥" in page.inner_text(".rp-search__results mark >> nth=0")
