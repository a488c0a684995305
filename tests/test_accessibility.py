"""axe-core (the copy shipped in axe-playwright-python) in Chromium: no serious or critical
violation on the pages people use, in both languages."""
from __future__ import annotations

import pytest

from browser import chromium, serve
from sitecheck import FIXTURES, run_build

PAGES = ["", "villages/tashi/", "villages/tashi/parallel/",
         "villages/tashi/compare/2020-03-01...2025-05-10/", "villages/norbu/2025-10-01/",
         "phrases/", "reviews/", "villages/norbu/points/", "dashboard/",
         "villages/tashi/articles/grazing/"]  # an article's history


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    assert run_build(FIXTURES / "mini", out, "--no-posters").returncode == 0
    with serve(out) as base, chromium() as browser:
        yield base, browser


@pytest.mark.parametrize("lang", ["", "bo/"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violation(served, lang, path):
    from axe_playwright_python.sync_playwright import Axe

    base, browser = served
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + lang + path)
    results = Axe().run(page)
    bad = [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    page.close()
    assert bad == []
