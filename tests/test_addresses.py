"""The address book: today's addresses pinned, made in one place, and every link made by it.

Printed posters carry QR codes of these addresses and other sites link the open data: a
changed address breaks them. If a test of the first group fails, an address has changed: that
is never a refactoring, it needs redirects and a note to every township.
"""
from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser

import pytest

from regpub import opendata, render, search, site
from regpub.addresses import Addresses, relative
from regpub.load import load
from sitecheck import FIXTURES, ROOT

SITE_URL = "https://example.org/nyalam/"


@pytest.fixture(scope="module")
def county():
    return load(FIXTURES / "mini")


@pytest.fixture(scope="module")
def addr():
    return Addresses(SITE_URL)


# --- today's addresses, pinned ----------------------------------------------------------------

def pinned(county, addr):
    """(what, address, its path in Chinese, its path in Tibetan), for every kind of address."""
    tashi = county.regulations["tashi"]
    norbu = county.regulations["norbu"]
    old, new = tashi.revisions  # 2020-03-01, 2025-05-10
    reviewed = norbu.current  # 2025-10-01, with a review and feedback fb-1
    township = county.townships[0]
    grazing = next(n for n in tashi.current.numbered() if n.id == "grazing")
    phrase = next(p for p in county.phrases if p.id == "hu-cao-yuan")
    return [
        ("home", addr.home(), "", "bo/"),
        ("home, township", addr.home(township), "#t-test-xiang", "bo/#t-test-xiang"),
        ("phrases", addr.phrases(), "phrases/", "bo/phrases/"),
        ("phrase", addr.phrases(phrase), "phrases/#p-hu-cao-yuan", "bo/phrases/#p-hu-cao-yuan"),
        ("changes", addr.changes(), "changes/", "bo/changes/"),
        ("reviews", addr.reviews(), "reviews/", "bo/reviews/"),
        ("search", addr.search(), "search/", "bo/search/"),
        ("offline fallback", addr.offline(), "offline/", "bo/offline/"),
        ("dashboard", addr.dashboard(), "dashboard/", "bo/dashboard/"),
        ("dashboard, township", addr.dashboard(township), "dashboard/#t-test-xiang",
         "bo/dashboard/#t-test-xiang"),
        ("data", addr.data(), "data/", "bo/data/"),
        ("township", addr.township(township), "townships/test-xiang/", "bo/townships/test-xiang/"),
        ("village", addr.village(tashi.village), "villages/tashi/", "bo/villages/tashi/"),
        ("village of a regulation", addr.village(tashi), "villages/tashi/", "bo/villages/tashi/"),
        ("article", addr.village(tashi, grazing), "villages/tashi/#a-grazing",
         "bo/villages/tashi/#a-grazing"),
        ("article by id", addr.village(tashi, "grazing"), "villages/tashi/#a-grazing",
         "bo/villages/tashi/#a-grazing"),
        ("parallel", addr.parallel(tashi), "villages/tashi/parallel/",
         "bo/villages/tashi/parallel/"),
        ("points", addr.points(tashi), "villages/tashi/points/", "bo/villages/tashi/points/"),
        ("revision", addr.revision(old), "villages/tashi/2020-03-01/",
         "bo/villages/tashi/2020-03-01/"),
        ("revision, article", addr.revision(old, "grazing"), "villages/tashi/2020-03-01/#a-grazing",
         "bo/villages/tashi/2020-03-01/#a-grazing"),
        ("revision, review", addr.revision(reviewed, review=True),
         "villages/norbu/2025-10-01/#review", "bo/villages/norbu/2025-10-01/#review"),
        ("revision, feedback", addr.revision(reviewed, feedback="fb-1"),
         "villages/norbu/2025-10-01/#fb-fb-1", "bo/villages/norbu/2025-10-01/#fb-fb-1"),
        # An article's history: permanent, also once a later revision deletes the article.
        ("article history", addr.article_history(tashi, grazing), "villages/tashi/articles/grazing/",
         "bo/villages/tashi/articles/grazing/"),
        ("article history by id", addr.article_history(old, "grazing"),
         "villages/tashi/articles/grazing/", "bo/villages/tashi/articles/grazing/"),
        ("compare", addr.compare(old, new), "villages/tashi/compare/2020-03-01...2025-05-10/",
         "bo/villages/tashi/compare/2020-03-01...2025-05-10/"),
        # The printable old/new table: one PDF beside the Chinese page, for both languages.
        ("compare table", addr.compare_table(old, new),
         "villages/tashi/compare/2020-03-01...2025-05-10/table.pdf",
         "villages/tashi/compare/2020-03-01...2025-05-10/table.pdf"),
        # One set of files for both languages, at the site root.
        ("poster A3", addr.poster(tashi), "posters/tashi.pdf", "posters/tashi.pdf"),
        ("poster A4", addr.poster(tashi, "a4"), "posters/tashi-a4.pdf", "posters/tashi-a4.pdf"),
        ("points poster", addr.points_poster(tashi), "posters/tashi-points.pdf",
         "posters/tashi-points.pdf"),
        ("board poster", addr.board_poster(tashi), "posters/tashi-board.pdf",
         "posters/tashi-board.pdf"),
        ("phrases poster", addr.phrases_poster(), "posters/phrases.pdf", "posters/phrases.pdf"),
        ("data index", addr.data_index(), "data/index.json", "data/index.json"),
        ("village data", addr.data_village(tashi), "data/villages/tashi.json",
         "data/villages/tashi.json"),
        ("articles csv", addr.articles_csv(), "data/articles.csv", "data/articles.csv"),
        ("points csv", addr.points_csv(), "data/points.csv", "data/points.csv"),
        ("index schema", addr.schema("index"), "data/schema/index.schema.json",
         "data/schema/index.schema.json"),
        ("village schema", addr.schema("village"), "data/schema/village.schema.json",
         "data/schema/village.schema.json"),
        ("offline copy zh", addr.offline_copy("zh"), "downloads/nyalam-regulations-zh.zip",
         "downloads/nyalam-regulations-zh.zip"),
        ("offline copy bo", addr.offline_copy("bo"), "downloads/nyalam-regulations-bo.zip",
         "downloads/nyalam-regulations-bo.zip"),
        # One per language.
        ("feed", addr.feed(), "feed.xml", "bo/feed.xml"),
        ("search data", addr.search_data(), "search/index.js", "bo/search/index.js"),
        ("search shard", addr.search_data(township), "search/test-xiang.js",
         "bo/search/test-xiang.js"),
    ]


def test_every_kind_of_address_is_unchanged_in_both_languages(county, addr):
    rows = pinned(county, addr)
    assert [(what, a.path("zh"), a.path("bo")) for what, a, _, _ in rows] == \
           [(what, zh, bo) for what, _, zh, bo in rows]


def test_qr_codes_and_feeds_use_the_site_url(county, addr):
    tashi = county.regulations["tashi"]
    # What the posters print (posters/compose.py asks for exactly these).
    assert addr.absolute(addr.revision(tashi.current)) == \
        "https://example.org/nyalam/villages/tashi/2025-05-10/"
    assert addr.absolute(addr.points(tashi)) == "https://example.org/nyalam/villages/tashi/points/"
    assert addr.absolute(addr.phrases()) == "https://example.org/nyalam/phrases/"
    assert addr.absolute(addr.revision(tashi.current), "bo") == \
        "https://example.org/nyalam/bo/villages/tashi/2025-05-10/"
    assert addr.absolute(addr.feed(), "bo") == "https://example.org/nyalam/bo/feed.xml"
    assert addr.absolute(addr.data_index(), "bo") == "https://example.org/nyalam/data/index.json"
    # Without a site_url (a preview): from the server's root.
    assert Addresses("").absolute(addr.village(tashi)) == "/villages/tashi/"
    assert Addresses("https://example.org/nyalam").site_url == SITE_URL  # one slash, always


def test_links_between_pages_are_relative(county, addr):
    tashi = county.regulations["tashi"]
    village, phrases = addr.village(tashi), addr.phrases()
    assert addr.link(village, phrases.at("p-hu-cao-yuan"), "zh") == "../../phrases/#p-hu-cao-yuan"
    assert addr.link(village, addr.home(), "zh") == "../../"
    assert addr.link(addr.home(), addr.home(), "bo") == "./"
    assert addr.link(village, village, "bo", "zh") == "../../../villages/tashi/"  # language switch
    assert addr.link(addr.data(), addr.data_index(), "bo") == "../../data/index.json"
    # A file is linked through the root, also from the folder it is in.
    assert addr.link(addr.data(), addr.data_index(), "zh") == "../data/index.json"
    assert addr.link(village, addr.poster(tashi, "a4"), "bo") == "../../../posters/tashi-a4.pdf"
    assert addr.link(addr.changes(), addr.feed(), "bo") == "../feed.xml"
    assert relative("villages/tashi/", "villages/tashi/points/") == "points/"


def test_only_the_two_schemas_have_addresses(addr):
    with pytest.raises(ValueError, match="index"):
        addr.schema("villages")


# --- made in one place ------------------------------------------------------------------------

PLUGIN = ROOT / "plugins" / "regpub"
# A site path spelled out: a folder of the site followed by more of the path ('villages/' ~,
# f"posters/{id}"), or a file name of the site.
SITE_PATH = re.compile(
    r"\b(?:villages|townships|posters|data|phrases|changes|reviews|dashboard|search|downloads"
    r"|compare|parallel|points|bo)/(?=[^\s,;)])"
    r"|\b(?:feed\.xml|index\.js|articles\.csv|points\.csv|phrases\.pdf)\b|-a4\.pdf|-points\.pdf|-board\.pdf")
# Where a path is the data folder's (regulations/villages/<id>/<date>.yaml) or a source file's
# (posters/compose.py), not the site's: the same words, another tree.
DATA_OR_SOURCE = re.compile(r"^\W*regulations/|\.yaml\b|\.py\b")
# The address book, and the modules that read and write the data folder (its layout mirrors
# the site's on purpose: villages/<id>/<date>.yaml is villages/<id>/<date>/).
OWNERS = {
    "addresses.py",   # the address book itself
    "paths.py",       # the data folder's layout
    "lock.py",        # published.lock is keyed by data file paths
    "readers",        # the loader, one reader per kind of data file
    "importing",      # writes data files
}
# A literal that names something else with a site file's name: the feed's template.
NOT_ADDRESSES = {("site.py", '"feed.xml"')}


def spelled_site_paths(line: str) -> list[str]:
    """The words of a line of code or markup that spell a site path."""
    return [token for token in line.split()
            if SITE_PATH.search(token) and not DATA_OR_SOURCE.search(token)]


def site_path_literals() -> list[str]:
    found = []
    files = [*PLUGIN.rglob("*.py"), *(PLUGIN / "templates").glob("*.html"),
             PLUGIN / "templates" / "feed.xml", *(ROOT / "overrides").rglob("*.html"),
             ROOT / "build.py"]
    for path in files:
        rel = path.relative_to(PLUGIN) if PLUGIN in path.parents else path.relative_to(ROOT)
        if rel.parts[0] in OWNERS or rel.name.startswith("poster"):  # poster*.html: no links
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if [t for t in spelled_site_paths(line) if (rel.name, t.rstrip(",)")) not in NOT_ADDRESSES]:
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def test_no_site_path_is_spelled_outside_the_address_book():
    assert site_path_literals() == []


def test_the_scan_finds_a_path_spelled_by_hand():
    for by_hand in ["<a href=\"{{ link('villages/' ~ village.id ~ '/') }}\">",
                    'url = f"{base}posters/{vid}-a4.pdf"', "url = 'bo/' + key",
                    "SearchFile('search/index.js', lang, payload)", "href=\"{{ root }}feed.xml\""]:
        assert spelled_site_paths(by_hand), by_hand
    for not_an_address in ["shown = 'regulations/villages/x/2025-05-10.yaml'",
                           'file = f"villages/{v.id}/{revision.key}.yaml"',
                           "# see posters/compose.py", "data_dir: Path  # divisions.yaml, villages/, lock"]:
        assert spelled_site_paths(not_an_address) == [], not_an_address


# --- every link made by it --------------------------------------------------------------------

def every_address(county, addr) -> set[str]:
    """Every site path (both languages) the address book gives this county."""
    paths = {spec.address.path(lang) for spec in site.pages(county, addr) for lang in ("zh", "bo")}
    for lang in ("zh", "bo"):
        paths |= {addr.feed().path(lang), addr.search_data().path(lang),
                  *(addr.search_data(t).path(lang) for t in county.townships)}
    for regulation in county.regulations.values():
        paths |= {addr.poster(regulation).key, addr.poster(regulation, "a4").key,
                  addr.points_poster(regulation).key, addr.board_poster(regulation).key,
                  addr.data_village(regulation).key}
        revisions = regulation.revisions
        paths |= {addr.compare_table(old, new).key
                  for i, old in enumerate(revisions) for new in revisions[i + 1:]}
    paths |= {a.key for a in (addr.phrases_poster(), addr.data_index(), addr.articles_csv(),
                              addr.points_csv(), addr.schema("index"), addr.schema("village"))}
    return paths


def resolve(here: str, href_path: str) -> str:
    """The site path a relative link on the page at `here` goes to ('' is the home page)."""
    if not href_path:
        return here
    target = posixpath.normpath(posixpath.join("/" + here, href_path)).lstrip("/")
    return (target + "/" if target else "") if href_path.endswith("/") else target


class _Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if a.get("href"):
            self.hrefs.append(a["href"])


def test_every_link_of_every_page_is_an_address_of_the_book(county, addr):
    """Each page's body (both languages, posters linked) links only addresses the book makes,
    and each #anchor exists on the page it names. (test_site.py checks the built site's links,
    the theme's included, resolve.)"""
    renderer = render.Renderer(county, site_url=SITE_URL, addresses=addr)
    renderer.env.globals["posters"] = True
    known = every_address(county, addr)
    pages = {}
    for spec in site.pages(county, addr):
        for lang in ("zh", "bo"):
            pages[spec.url(lang)] = _Links(renderer.body(spec, lang))
    unknown, missing_anchor = [], []
    for here, page in pages.items():
        for href in page.hrefs:
            path, _, fragment = href.partition("#")
            target = resolve(here, path)
            if target not in known:
                unknown.append(f"{here}: {href}")
            elif fragment and target in pages and fragment not in pages[target].ids:
                missing_anchor.append(f"{here}: {href}")
    # Every page was read (the search page's body is the search box alone, the offline page's
    # list is filled on the phone from the stored pages: no links).
    assert sorted(here for here, page in pages.items() if not page.hrefs) == [
        "bo/offline/", "bo/search/", "offline/", "search/"]
    assert unknown == [] and missing_anchor == []


def test_feed_open_data_and_search_point_at_addresses_of_the_book(county, addr):
    known = every_address(county, addr)
    feed = render.Renderer(county, site_url=SITE_URL, addresses=addr)
    urls = []
    for lang in ("zh", "bo"):
        xml = feed.render_file(next(site.files(addr)), lang)
        urls += re.findall(r'href="([^"]+)"|<id>([^<]+)</id>', xml)
    urls = [u for pair in urls for u in pair if u]
    files = opendata.files(county, addr)
    index = json.loads(files[addr.data_index().key])
    urls += [v["url"] for v in index["villages"]] + [v["file"] for v in index["villages"] if v["file"]]
    urls += list(index["files"].values())
    village = json.loads(files[addr.data_village(county.regulations["norbu"]).key])
    urls += [r["url"] for r in village["revisions"]] + [r["url_bo"] for r in village["revisions"]]
    urls += [c["url"] for c in village["comparisons"]]
    assert len(urls) > 20 and all(u.startswith(SITE_URL) for u in urls)
    assert sorted({u[len(SITE_URL):] for u in urls} - known) == []
    for lang in ("zh", "bo"):
        [data] = search.build(county, lang, addr, words={"": [], "test-xiang": []})
        assert data.path == addr.search_data().key
        landing = {addr.home().path(lang) + d[1].partition("#")[0]
                   for d in json.loads(data.payload)["docs"]}
        assert landing and landing <= known
