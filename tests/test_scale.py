"""A prefecture, not a county: above 100 villages the county pages summarise by township, so no
page's weight grows with the number of villages (the benchmark measures 2,000)."""
from __future__ import annotations

import json
import re
import sys

import pytest

from regpub import changes, render, site
from regpub.load import load
from sitecheck import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="module")
def prefecture(tmp_path_factory):
    target = tmp_path_factory.mktemp("prefecture") / "regulations"
    generate(FIXTURES / "mini", render.LIST_EVERY_VILLAGE_UP_TO + 20, target)
    return load(target)


def body(county, key, lang="zh"):
    spec = next(s for s in site.pages(county) if s.key == key)
    return render.Renderer(county).body(spec, lang)


@pytest.mark.parametrize("key", ["", "phrases/", "dashboard/", "reviews/", "data/"])
def test_county_pages_link_townships_not_every_village(prefecture, key):
    html = body(prefecture, key)
    assert not re.search(r'href="[./]*villages/[\w-]+/', html)
    assert 'townships/' in html or key in ("phrases/", "data/")


def test_changes_lists_the_latest_revisions_and_says_where_the_rest_are(prefecture):
    html = body(prefecture, "changes/")
    revisions = sum(len(r.revisions) for r in prefecture.regulations.values())
    shown = html.count("<li>")  # without the script: the newest, grouped by month
    assert revisions > render.LATEST_REVISIONS and shown == changes.FIRST_SHOWN
    assert f"最新的{changes.FIRST_SHOWN}个版本" in html
    # the filters run over the latest LATEST_REVISIONS, never over the whole prefecture
    index = json.loads(re.search(r'class="rp-changes-index">(.*?)</script>', html).group(1))
    assert len(index["rows"]) == render.LATEST_REVISIONS


def test_a_county_lists_every_village(mini_data):
    county = load(mini_data)
    assert 'href="villages/tashi/"' in body(county, "")


def test_township_rows_add_up_to_the_county(prefecture):
    rows = [prefecture.township_totals(t) for t in prefecture.townships]
    assert sum(r["villages"] for r in rows) == len(prefecture.villages)
    assert sum(r["reviews"] for r in rows) == prefecture.review_totals()["reviews"]
    assert sum(r["feedback"] for r in rows) == prefecture.review_totals()["feedback"]
    assert sum(r["provisions"] for r in rows) == sum(
        reg.current.provision_count for reg in prefecture.regulations.values())
