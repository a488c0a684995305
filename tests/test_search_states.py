"""Search on a slow or missing network (issue 18): a loading indicator while the data downloads,
a retry after a failed download, search offline from the data the service worker stored, and
the benchmark's query set pointing at articles that exist."""
from __future__ import annotations

import sys

import pytest

from browser import chromium, serve
from regpub.load import load
from sitecheck import ROOT, build_mini

sys.path.insert(0, str(ROOT / "bench"))
from search import load_queries  # noqa: E402  (bench/search.py: the benchmark's query set)

SEARCH_DATA = "**/search/index.js"


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):
    data, out = build_mini(tmp_path_factory, "--no-posters")
    county = load(data)
    # A query from the data: the first two characters of the first article of the first village.
    first = next(next(iter(county.regulations.values())).current.numbered())
    with serve(out) as base, chromium() as browser:
        yield base, browser, first.article.text.zh[:2]


def form_state(page):
    return page.get_attribute("form.rp-search", "data-state")


def wait_state(page, *states):
    page.wait_for_function(
        f"() => {list(states)!r}.includes(document.querySelector('form.rp-search').dataset.state)",
        timeout=15000)


def test_a_slow_download_shows_a_loading_indicator_until_the_results_come(mini_site):
    base, browser, query = mini_site
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    held = []
    page.route(SEARCH_DATA, lambda route: held.append(route))   # the response waits for us
    page.goto(base + "search/")
    page.fill("#rp-search-input", query)
    page.wait_for_selector(".rp-search__progress", state="visible")
    assert form_state(page) == "loading"
    status = page.text_content("#rp-search-status")
    assert status == page.get_attribute("form.rp-search", "data-loading")
    assert page.get_attribute(".rp-search__progress", "value") is None   # no count yet
    held[0].continue_()
    wait_state(page, "results")
    assert page.is_hidden(".rp-search__progress")
    assert page.locator(".rp-search__results li").count() > 0
    context.close()


def test_on_a_slow_network_the_indicator_counts_what_has_arrived(mini_site):
    base, browser, query = mini_site
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(base + "search/")
    # The search scripts load on first use (on-use.js); here they are in before the line slows,
    # so that what is measured is the data's download.
    page.dispatch_event("#rp-search-input", "pointerdown")
    page.wait_for_selector("form.rp-search[data-ready]", state="attached")
    cdp = context.new_cdp_session(page)      # a slow phone line: 1 KB/s
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 200,
                                                  "downloadThroughput": 1024, "uploadThroughput": 1024})
    # What the reader sees while waiting: every status text and bar position, as they change.
    page.evaluate("""() => {
      window.seen = [];
      const status = document.getElementById('rp-search-status');
      new MutationObserver(() => {
        const bar = document.querySelector('.rp-search__progress');
        window.seen.push([status.textContent, bar ? bar.value : 0, bar ? bar.max : 0]);
      }).observe(status, {childList: true, characterData: true, subtree: true});
    }""")
    page.fill("#rp-search-input", query)
    wait_state(page, "results")
    assert page.is_hidden(".rp-search__progress")
    # The test server sends the file uncompressed, with its length: the text counted kilobytes
    # ("# KB" in the message) and the bar moved while the data arrived.
    counting = page.get_attribute("form.rp-search", "data-loading-kb").split("#")[0]
    seen = page.evaluate("window.seen")
    assert seen[0][0] == page.get_attribute("form.rp-search", "data-loading")
    assert any(text.startswith(counting) and 0 < value <= top for text, value, top in seen), seen
    context.close()


def test_a_failed_download_offers_a_retry_that_works(mini_site):
    base, browser, query = mini_site
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    tries, network = [], {"down": True}

    def flaky(route):
        tries.append(route.request.url)
        route.abort() if network["down"] else route.continue_()

    page.route(SEARCH_DATA, flaky)
    page.goto(base + "search/")
    page.fill("#rp-search-input", query)
    wait_state(page, "error")
    assert page.text_content("#rp-search-status") == page.get_attribute("form.rp-search", "data-failed")
    assert page.is_visible(".rp-search__retry")
    assert page.text_content(".rp-search__retry") == page.get_attribute("form.rp-search", "data-retry")
    network["down"] = False
    failures = len(tries)
    page.click(".rp-search__retry")
    wait_state(page, "results")
    assert len(tries) == failures + 1          # the retry downloaded the data again
    assert page.is_hidden(".rp-search__retry")
    assert page.locator(".rp-search__results li").count() > 0
    context.close()


def test_search_works_offline_once_the_data_was_used(mini_site):
    base, browser, query = mini_site
    context = browser.new_context()          # service workers allowed: served over http://127.0.0.1
    page = context.new_page()
    page.goto(base + "search/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15000)
    page.fill("#rp-search-input", query)
    wait_state(page, "results")
    online = page.locator(".rp-search__results li").count()
    page.wait_for_timeout(300)               # the worker finishes storing the data
    context.set_offline(True)
    page.reload()                            # the stored copy of the page, from the worker
    page.fill("#rp-search-input", query)
    wait_state(page, "results", "error")
    assert form_state(page) == "results"
    assert page.locator(".rp-search__results li").count() == online
    context.close()


def test_a_page_never_opened_offline_shows_the_pages_stored_on_the_phone(mini_site):
    base, browser, _ = mini_site
    context = browser.new_context()
    page = context.new_page()
    page.goto(base)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller",
                           timeout=15000)
    village = page.get_attribute("a[href*='villages/']", "href")
    page.goto(base + village.lstrip("./"))
    opened = page.text_content("h1 >> nth=0").replace("示例", "").strip()
    page.wait_for_timeout(300)               # the worker stores the page
    never = [href for href in page.eval_on_selector_all(
        "a[href*='townships/']", "as => as.map(a => a.href)")][0]
    context.set_offline(True)
    page.goto(never)
    page.wait_for_selector("ul.rp-stored li a")
    assert "/offline/" in page.url
    stored = page.eval_on_selector_all("ul.rp-stored li a", "as => as.map(a => [a.textContent, a.href])")
    assert any(title == opened and "/villages/" in url for title, url in stored), stored
    assert all("/bo/" not in url for _, url in stored)       # this language's pages only
    assert page.is_hidden(".rp-stored__none")
    page.click(f"ul.rp-stored a:text-is('{opened}')")        # and a stored page opens offline
    assert page.text_content("h1 >> nth=0").startswith(opened)
    context.close()


@pytest.mark.sample_data
def test_the_benchmark_queries_name_articles_of_the_shipped_data():
    county = load(ROOT / "regulations")
    queries = load_queries()
    assert len(queries["zh"]) >= 20 and len(queries["bo"]) >= 20
    for lang, entries in queries.items():
        for entry in entries:
            regulation = county.regulations.get(entry["village"])
            assert regulation, f"{entry['q']}: no village {entry['village']}"
            ids = {n.id for n in regulation.current.numbered()}
            assert entry["article"] in ids, f"{entry['q']}: {entry['village']} has no {entry['article']}"
            text = next(n.article.text for n in regulation.current.numbered() if n.id == entry["article"])
            assert getattr(text, lang), f"{entry['q']}: the article has no {lang} text to find"
