"""Printing a comparison page from the browser (Chromium's page.pdf, as Ctrl+P does) gives the
old/new table: A4 landscape, the chrome and the redline left out, the table starting on the
first sheet (which used to be mostly empty), in fewer sheets than the page used to take."""
from __future__ import annotations

import pytest
from pypdf import PdfReader

from browser import chromium, serve
from sitecheck import FIXTURES, run_build
from test_posters import squeeze

A4_LANDSCAPE = (842, 595)


def print_page(site, path, out, hidden=()):
    """The page printed; asserts that the elements of `hidden` (selectors) do not print."""
    with serve(site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(base + path)
        page.emulate_media(media="print")
        for selector in hidden:
            assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none"
        page.pdf(path=str(out), prefer_css_page_size=True)
    return PdfReader(out)


def size(reader, k=0):
    box = reader.pages[k].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "site"
    assert run_build(FIXTURES / "mini", out, "--no-posters").returncode == 0
    return out


def test_a_printed_comparison_is_the_landscape_table(mini_site, tmp_path):
    # The redline (the same changes a second time) and the site's chrome are not printed.
    reader = print_page(mini_site, "villages/tashi/compare/2020-03-01...2025-05-10/",
                        tmp_path / "c.pdf", hidden=["#redline", ".rp-article.rp-change",
                                                    ".md-header", ".rp-actions"])
    assert size(reader) == A4_LANDSCAPE
    assert len(reader.pages) == 1
    # The table's rows are there (checked in Tibetan: a test machine's Chromium may have no
    # Chinese font, whose text then extracts as blanks; the Tibetan web font is the site's).
    assert squeeze("ཚད་ལས་བརྒལ་བའི") in squeeze(reader.pages[0].extract_text())


def test_without_posters_the_comparison_links_no_table(mini_site):
    page = mini_site / "villages/tashi/compare/2020-03-01...2025-05-10/index.html"
    assert "table.pdf" not in page.read_text(encoding="utf-8")


def test_other_pages_still_print_portrait(mini_site, tmp_path):
    reader = print_page(mini_site, "villages/tashi/", tmp_path / "v.pdf")
    width, height = size(reader)
    assert width < height


@pytest.mark.sample_data
def test_the_issues_comparison_prints_from_its_first_sheet_in_fewer_sheets(shipped_site, tmp_path):
    # Issue 17: 7 A4 sheets, the first mostly empty (the table pushed to sheet 2).
    reader = print_page(shipped_site.root, "villages/zhaxigang/compare/2025-04-29...2025-11-06/",
                        tmp_path / "z.pdf")
    pages = [len(p.extract_text()) for p in reader.pages]
    assert size(reader) == A4_LANDSCAPE
    assert len(pages) < 7, pages
    assert pages[0] >= 0.6 * max(pages[1:]), pages  # the first sheet is a full one
