"""The site built from the shipped sample data: every page, every comparison, every link, the
totals. The code's own tests build tests/fixtures/mini (test_site.py); these check the samples."""
from __future__ import annotations

import gzip
import re

import pytest

import sample_facts as facts
from regpub import search
from regpub.load import load
from sitecheck import ROOT

pytestmark = pytest.mark.sample_data


@pytest.fixture(scope="module")
def county():
    return load(ROOT / "regulations")


def test_the_county_as_the_public_report_gives_it(county):
    assert len(county.townships) == facts.TOWNSHIPS
    assert len(county.regulations) == len(county.villages) == facts.VILLAGES
    assert len(county.phrases) == facts.PHRASES
    assert {t.name.zh for t in county.themes} == facts.THEMES
    totals = county.review_totals()
    assert (totals["reviews"], totals["meetings"], totals["feedback"]) == \
        (facts.REVIEWS, facts.REVIEW_MEETINGS, facts.REVIEW_FEEDBACK)


def test_every_village_has_an_earlier_and_a_2025_revision(county):
    for regulation in county.regulations.values():
        years = [r.adopted.year for r in regulation.revisions]
        assert years[0] < 2025 and 2025 in years, regulation.village.id
        assert all(r.sample for r in regulation.revisions)


def test_no_two_regulations_are_one_text(county):
    texts = [tuple(n.article.text.zh for n in reg.current.numbered()) for reg in county.regulations.values()]
    assert len(set(texts)) == len(county.regulations)
    own = {}
    for reg in county.regulations.values():
        own[reg.village.id] = {n.article.text.zh for n in reg.current.numbered()}
    for vid, articles in own.items():
        others = set().union(*(a for v, a in own.items() if v != vid))
        assert len(articles - others) >= 3, f"{vid} has fewer than 3 clauses of its own"


def test_strict_build_of_the_shipped_data(shipped_site):
    assert "WARNING" not in shipped_site.build_output


def test_every_page_in_both_languages(shipped_site, county):
    for vid, regulation in county.regulations.items():
        for prefix in ("", "bo/"):
            base = shipped_site.root / prefix / "villages" / vid
            assert (base / "index.html").exists()
            assert (base / "parallel" / "index.html").exists()
            for r in regulation.revisions:
                assert (base / r.key / "index.html").exists()
            revs = regulation.revisions
            for i, old in enumerate(revs):
                for new in revs[i + 1:]:
                    assert (base / "compare" / f"{old.key}...{new.key}" / "index.html").exists()
    for t in county.townships:
        assert (shipped_site.root / "townships" / t.id / "index.html").exists()
        assert (shipped_site.root / "bo" / "townships" / t.id / "index.html").exists()


def test_every_internal_link_and_anchor_resolves(shipped_site):
    assert shipped_site.broken_links() == []


def test_review_totals_on_the_page_are_the_records(shipped_site, county):
    html = shipped_site.page("reviews")
    shown = {key: int(n) for key, n in re.findall(r'data-total="([\w-]+)">(\d+)<', html)}
    assert shown == county.review_totals()


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_the_county_search_data_stays_one_small_file(shipped_site, lang):
    path = shipped_site.root / ("" if lang == "zh" else "bo/") / "search" / "index.js"
    raw = path.read_bytes()
    assert len(gzip.compress(raw, 9)) <= search.SHARD_ABOVE  # so the county's search is one file
    assert re.search(rf"{lang}: \d+ pages; search data 1 file, [\d,]+ bytes, [\d,]+ gzipped",
                     shipped_site.build_output)
