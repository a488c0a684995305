"""The per-language copy of the site works opened from a folder (file://), search included."""
from __future__ import annotations

import zipfile

import pytest

from browser import chromium
from regpub.offline import write_zip
from sitecheck import FIXTURES, BuiltSite, run_build


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    site = tmp_path_factory.mktemp("site") / "site"
    assert run_build(FIXTURES / "mini", site, "--no-posters").returncode == 0
    out = {}
    for lang in ("zh", "bo"):
        archive = tmp_path_factory.mktemp("zip") / f"{lang}.zip"
        write_zip(site, lang, archive, "https://example.org/nyalam/")
        folder = tmp_path_factory.mktemp(f"unzipped-{lang}")
        zipfile.ZipFile(archive).extractall(folder)
        out[lang] = folder
    return out


def test_each_copy_holds_one_language(unpacked):
    assert (unpacked["zh"] / "villages/tashi/index.html").exists()
    assert not (unpacked["zh"] / "bo").exists()
    assert (unpacked["bo"] / "bo/villages/tashi/index.html").exists()
    assert not (unpacked["bo"] / "villages").exists()
    assert (unpacked["bo"] / "assets/fonts/noto-serif-tibetan.woff2").exists()


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_links_name_files_so_they_open_from_a_folder(unpacked, lang):
    site = BuiltSite(unpacked[lang], base_path="/nyalam/")
    # 404.html is for a web server: its links are absolute on purpose.
    assert [b for b in site.broken_links() if not b.startswith("404.html")] == []
    html = (unpacked[lang] / ("bo/" if lang == "bo" else "") / "villages/tashi/index.html").read_text()
    assert 'href="../../phrases/index.html#p-hu-cao-yuan"' in html
    # The other language is not in this copy: the switch goes to it online.
    other = "bo/" if lang == "zh" else ""
    assert f'href="https://example.org/nyalam/{other}villages/tashi/"' in html


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_the_pages_for_looking_back_are_online_not_in_the_copy(unpacked, lang):
    """Each article's history and the comparisons are left out (most of the copy's weight);
    the village page's links to them open the site online."""
    root = unpacked[lang] / ("bo/" if lang == "bo" else "")
    village = root / "villages/tashi"
    assert (village / "index.html").exists() and not (village / "articles").exists()
    assert not list(root.glob("villages/*/compare"))
    assert list(root.glob("villages/*/2025-*/index.html"))  # every revision's own page stays
    html = (village / "index.html").read_text(encoding="utf-8")
    online = f"https://example.org/nyalam/{'bo/' if lang == 'bo' else ''}villages/tashi/articles/"
    assert f'href="{online}grazing/"' in html
    assert 'href="articles/' not in html


def test_search_works_from_the_folder(unpacked):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto((unpacked["bo"] / "bo/villages/norbu/index.html").as_uri())
        page.fill("#rp-search-input", "རྩྭ་ཐང")
        page.wait_for_selector(".rp-search__results a")
        page.click(".rp-search__results a >> nth=0")
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.endswith(("index.html#a-grazing", "index.html#p-hu-cao-yuan"))
