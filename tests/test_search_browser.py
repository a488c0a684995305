"""Search in a real browser: on the site built from the shipped data, a villager types a few
characters or syllables and the right article is among the first three results (sample_data);
on sites built from the mini data, how queries are read (Chinese pages, final tsheg, digits) and
the search data split by township."""
from __future__ import annotations

import re
import shutil

import pytest

from browser import chromium, serve
from regpub.load import load
from regpub.search import pinyin_keys
from sitecheck import FIXTURES, ROOT, run_build

# Words villagers look for in the sample texts: each must be in a current article, and an
# article whose Chinese contains it must be among the first three results.
CHINESE_WORDS = [
    "草场纠纷", "私搭乱建", "积分", "换届", "积分超市", "控辍保学", "雪豹", "彩礼", "界桩",
    "孔措湖", "电鱼", "佩枯错", "泥石流", "酗酒", "毒品", "护边员", "垃圾", "婚丧",
    "湖",  # a single character still finds something
]


@pytest.fixture(scope="module")
def county():
    return load(ROOT / "regulations")


def place_cases(county):
    """(query, page) for places spread over the county: a village by its Chinese name, full
    pinyin and initials, a township by name, and a village by its Tibetan name without the word
    for village."""
    cases = []
    for village in county.villages[:: max(1, len(county.villages) // 3)]:
        url = f"villages/{village.id}/"
        cases += [(village.name.zh, url)] + [(key, url) for key in pinyin_keys(village.name, village.pinyin)]
    cases.append((county.townships[-1].name.zh, f"townships/{county.townships[-1].id}/"))
    return cases, [(re.sub("་?གྲོང་ཚོ་?$", "", v.name.bo), f"villages/{v.id}/")
                   for v in county.villages[1:2] if v.name.bo]


def syllables(text: str) -> list[str]:
    return [s for s in re.split(r"[\u0f0b-\u0f12\u0f14\s]+", text) if s]


def tibetan_cases(county):
    """Ten queries from the data: four syllables that occur in one current article only, from
    articles spread over the county, typed with and without a final tsheg."""
    articles = [(f"villages/{reg.village.id}/#a-{n.id}", "་" + "་".join(syllables(n.article.text.bo)) + "་")
                for reg in county.regulations.values() for n in reg.current.numbered()
                if n.article.text.bo]
    cases = list(place_cases(county)[1])
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
    # "loading" while the data downloads (the first query), then "results" or "empty".
    page.wait_for_function("['results', 'empty'].includes(document.querySelector('.rp-search').dataset.state)",
                           timeout=10000)
    page.wait_for_timeout(150)
    hrefs = page.eval_on_selector_all(".rp-search__results a", "as => as.map(a => a.getAttribute('href'))")
    return [re.sub(r"^(\.\./)+|^\./", "", h) for h in hrefs]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def shipped(shipped_site, browser):
    with serve(shipped_site.root) as base:
        yield base, browser


@pytest.fixture(scope="module")
def mini(tmp_path_factory, browser):
    """The mini data built, with a year in Tibetan digits in one Tibetan text, as the county's
    texts write numbers (the query may type them in either digits; the added words are a draft)."""
    data = tmp_path_factory.mktemp("mini") / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    path = data / "villages/tashi/2025-05-10.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('bo: "གྲོང་ཚོའི་བརྟན་ལྷིང་') == 1
    path.write_text(text.replace('bo: "གྲོང་ཚོའི་བརྟན་ལྷིང་', 'bo: "༢༠༢༥ལོའི་གྲོང་ཚོའི་བརྟན་ལྷིང་'),
                    encoding="utf-8")
    out = tmp_path_factory.mktemp("mini-site") / "site"
    result = run_build(data, out, "--no-posters")
    assert result.returncode == 0, result.stderr
    with serve(out) as base:
        yield base, browser


def expected_hits(county, query):
    return {f"villages/{v}/#a-{n.id}" for v, reg in county.regulations.items()
            for n in reg.current.numbered() if query in n.article.text.zh}


@pytest.mark.sample_data
def test_twenty_chinese_queries(shipped, county):
    base, browser = shipped
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + f"villages/{county.villages[0].id}/")
    cases = [(word, "*") for word in CHINESE_WORDS] + place_cases(county)[0]
    misses = []
    for query, expected in cases:
        top = results_for(page, query)[:3]
        wanted = expected_hits(county, query) if expected == "*" else {expected}
        assert wanted, f"{query}: the data has no such article any more"
        if not wanted & set(top):
            misses.append(f"{query}: {top}")
    assert len(cases) >= 20 and misses == []


def test_chinese_results_are_chinese_pages(mini):
    base, browser = mini
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "villages/tashi/")
    results = results_for(page, "草场")
    assert {"villages/tashi/#a-grazing", "villages/norbu/#a-fire"} <= set(results)
    assert all(not h.startswith("bo/") for h in results)


@pytest.mark.sample_data
def test_ten_tibetan_queries_on_the_tibetan_site(shipped, county):
    base, browser = shipped
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + f"bo/villages/{county.villages[0].id}/")
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


def test_a_final_tsheg_does_not_change_the_results(mini):
    base, browser = mini
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "bo/")
    query = "རེས་མོས་འཚོ་སྐྱོང"  # four syllables of tashi's grazing article
    results = results_for(page, query)
    assert "villages/tashi/#a-grazing" in results
    assert results_for(page, query + "་") == results


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """The mini data in two townships, built with the search data split by township (what a
    prefecture's site gets above the size budget)."""
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


def test_split_search_starts_in_the_pages_township_and_finds_others_on_request(sharded_site, browser):
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


def test_a_number_finds_tibetan_digits_whichever_digits_are_typed(mini):
    """The Tibetan texts write numbers in Tibetan digits (༢༠༢༥); a phone keyboard types 2025."""
    base, browser = mini
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "bo/")
    tibetan = results_for(page, "༢༠༢༥ལོའི")
    assert tibetan and results_for(page, "2025ལོའི") == tibetan
    # A number alone, typed in Arabic digits, is found and marked in the Tibetan snippet.
    assert results_for(page, "2025")
    assert "༢༠༢༥" in page.inner_text(".rp-search__results mark >> nth=0")
