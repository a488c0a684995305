"""The address book: every address of the site, its files, its feed and its QR codes.

Printed posters carry QR codes of these addresses, and other sites link the open data, so an
address, once published, must not change. This module is the only place that spells them;
`tests/test_addresses.py` pins them and checks that no other module does.

After the FRBR idea Laws.Africa's cobalt uses for legislation URIs:
- the *work* is a village's regulation, `villages/<id>/`;
- its *expressions* are a revision (`villages/<id>/<adopted>/`) and a language: Chinese at the
  site root, Tibetan under `bo/` (`bo/villages/<id>/`);
- its *manifestations* are the files made from it: the posters (`posters/<id>.pdf`,
  `<id>-a4.pdf`, `<id>-points.pdf`), the open data (`data/villages/<id>.json` ...), the feed,
  the search data and the offline copies.

An `Address` is language-independent: `address.path(lang)` places it in a language's tree (a
`shared` file, such as a poster or the open data, is one file at the site root for both
languages). Page addresses end with a slash (each page is `<key>index.html`); file addresses
do not. Model objects are the arguments (a village, a revision, a pair of revisions), never
strings spelled by the caller.

Nothing here knows MkDocs: the pipeline, the pages, the posters and the offline copies all ask
the same `Addresses(site_url)`.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from typing import Protocol, Union

from .model import Regulation, Revision, Village

LANGS = ("zh", "bo")
DEFAULT_LANG = "zh"  # at the site root; every other language under '<lang>/'
POSTER_SIZES = {"a3": "", "a4": "-a4"}  # the A3 poster is the village's poster: no suffix
SCHEMAS = ("index", "village")
OFFLINE_NAME = "nyalam-regulations"  # downloads/nyalam-regulations-<lang>.zip
# The folders of files that are not pages. Posters, open data and downloads are shared by both
# languages (one set at the site root); search data is per language.
POSTERS_DIR, DATA_DIR, DOWNLOADS_DIR, SEARCH_DIR = "posters", "data", "downloads", "search"
# Inside a village's folder: an article's history, a comparison of two revisions.
ARTICLES_DIR, COMPARE_DIR = "articles", "compare"


class _HasId(Protocol):
    id: str


# What names a village: its Village, its Regulation, one of its Revisions, or its id.
VillageLike = Union[Village, Regulation, Revision, str]


@dataclass(frozen=True)
class Address:
    """A page or file of the site, in no language yet."""

    key: str  # '' (home), 'villages/x/' (a page) or 'data/index.json' (a file)
    fragment: str = ""  # an anchor in the page, without '#'
    shared: bool = False  # one file at the site root for every language (posters, open data)

    @property
    def is_page(self) -> bool:
        return self.key == "" or self.key.endswith("/")

    def at(self, fragment: str) -> Address:
        """The same page, at an anchor."""
        return replace(self, fragment=fragment)

    @property
    def local(self) -> str:
        """Within one language's tree: 'villages/x/#a-1' (what the search data stores)."""
        return self.key + (f"#{self.fragment}" if self.fragment else "")

    def path(self, lang: str) -> str:
        """From the site root: '', 'bo/', 'bo/villages/x/#a-1', 'posters/x.pdf' (any lang)."""
        return language_root(DEFAULT_LANG if self.shared else lang) + self.local


def language_root(lang: str) -> str:
    """Where a language's pages start: '' for Chinese, 'bo/' for Tibetan."""
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def relative(from_path: str, to_path: str) -> str:
    """A relative link between two site paths (directory paths end with '/'; '' is the root).

    Links are always relative, so the site works under any sub-path and opened from a folder."""
    to_path, _, fragment = to_path.partition("#")
    rel = posixpath.relpath("/" + to_path, "/" + from_path)
    if to_path.endswith("/") or to_path == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel + (f"#{fragment}" if fragment else "")


def is_history_key(path: str) -> bool:
    """Whether a site path, in either language's tree, is (in) an article's history page or a
    comparison page: the pages made for looking back, which the offline copies leave out."""
    parts = path.split("/")
    if parts[0] in {language_root(lang).rstrip("/") for lang in LANGS if lang != DEFAULT_LANG}:
        parts = parts[1:]
    return len(parts) > 3 and parts[0] == "villages" and parts[2] in (ARTICLES_DIR, COMPARE_DIR)


def _id(thing: _HasId | str) -> str:
    return thing if isinstance(thing, str) else thing.id


def _village_id(village: VillageLike) -> str:
    if isinstance(village, Regulation):
        return village.village.id
    if isinstance(village, Revision):
        return village.village
    if isinstance(village, Village):
        return village.id
    return village


# --- anchors: the ids other pages link to --------------------------------------------------------

def article_anchor(article: _HasId | str) -> str:
    """An article on a village, revision or parallel page (a NumberedArticle, Article or id)."""
    return f"a-{_id(article)}"


def phrase_anchor(phrase: _HasId | str) -> str:
    return f"p-{_id(phrase)}"


def township_anchor(township: _HasId | str) -> str:
    """A township's section on the home page and the dashboard."""
    return f"t-{_id(township)}"


def feedback_anchor(feedback_id: str) -> str:
    """A feedback item in a revision's review."""
    return f"fb-{feedback_id}"


REVIEW_ANCHOR = "review"  # a revision's review record
PREAMBLE_ANCHOR = "preamble"  # a revision's preamble (序言), before chapter 1
FEEDBACK_ANCHOR = "feedback"  # the list of feedback items of a review


class Addresses:
    """Every address of one site: `Addresses("https://example.org/nyalam/")`.

    Without a site_url, absolute addresses start at '/' (a preview; posters need a real one).
    """

    # The anchors, for templates that hold only an Addresses (`addr.article_anchor(n)`).
    article_anchor = staticmethod(article_anchor)
    phrase_anchor = staticmethod(phrase_anchor)
    township_anchor = staticmethod(township_anchor)
    feedback_anchor = staticmethod(feedback_anchor)
    REVIEW_ANCHOR = REVIEW_ANCHOR
    FEEDBACK_ANCHOR = FEEDBACK_ANCHOR
    PREAMBLE_ANCHOR = PREAMBLE_ANCHOR

    def __init__(self, site_url: str = ""):
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"

    # --- county pages --------------------------------------------------------------------------

    def home(self, township: _HasId | None = None) -> Address:
        return Address("", township_anchor(township) if township else "")

    def phrases(self, phrase: _HasId | str | None = None) -> Address:
        return Address("phrases/", phrase_anchor(phrase) if phrase else "")

    def changes(self) -> Address:
        return Address("changes/")

    def reviews(self) -> Address:
        return Address("reviews/")

    def search(self) -> Address:
        return Address(f"{SEARCH_DIR}/")

    def offline(self) -> Address:
        """What the service worker (sw.js) shows for a page never opened, when there is no
        network: the pages stored on the phone."""
        return Address("offline/")

    def dashboard(self, township: _HasId | None = None) -> Address:
        return Address("dashboard/", township_anchor(township) if township else "")

    def data(self) -> Address:
        """The page that documents the open data."""
        return Address(f"{DATA_DIR}/")

    def township(self, township: _HasId | str) -> Address:
        return Address(f"townships/{_id(township)}/")

    # --- a village's regulation: the work and its expressions ------------------------------------

    def village(self, village: VillageLike, article: _HasId | str | None = None) -> Address:
        """The current regulation (a Village or a Regulation), optionally at an article."""
        return Address(f"villages/{_village_id(village)}/",
                       article_anchor(article) if article is not None else "")

    def parallel(self, village: VillageLike) -> Address:
        return Address(f"villages/{_village_id(village)}/parallel/")

    def points(self, village: VillageLike) -> Address:
        return Address(f"villages/{_village_id(village)}/points/")

    def revision(self, revision: Revision, article: _HasId | str | None = None,
                 feedback: str | None = None, review: bool = False) -> Address:
        """One revision (a Revision: it names its village), optionally at an article, a
        feedback item or its review record."""
        fragment = (article_anchor(article) if article is not None
                    else feedback_anchor(feedback) if feedback is not None
                    else REVIEW_ANCHOR if review else "")
        return Address(f"villages/{revision.village}/{revision.key}/", fragment)

    def compare(self, old: Revision, new: Revision) -> Address:
        """The comparison of two revisions of one village."""
        return Address(f"villages/{old.village}/{COMPARE_DIR}/{old.key}...{new.key}/")

    def article_history(self, village: VillageLike, article: _HasId | str) -> Address:
        """One article across every revision (its versions, changes, reasons): made from all
        revisions, so it stays when a later revision deletes the article."""
        return Address(f"villages/{_village_id(village)}/{ARTICLES_DIR}/{_id(article)}/")

    def compare_table(self, old: Revision, new: Revision) -> Address:
        """The printable old/new table (修改对照表) of a comparison, beside its page: one PDF
        for both languages (each row carries both), at the same place from either tree."""
        return Address(self.compare(old, new).key + "table.pdf", shared=True)

    # --- manifestations: files -------------------------------------------------------------------

    def poster(self, village: VillageLike, size: str = "a3") -> Address:
        """The poster of the current regulation: 'a3' (posters/<id>.pdf) or 'a4'."""
        return Address(f"{POSTERS_DIR}/{_village_id(village)}{POSTER_SIZES[size]}.pdf", shared=True)

    def points_poster(self, village: VillageLike) -> Address:
        return Address(f"{POSTERS_DIR}/{_village_id(village)}-points.pdf", shared=True)

    def board_poster(self, village: VillageLike) -> Address:
        """The notice-board sheet (展板) of the current regulation: one piece, 90 x 120 cm or
        120 x 240 cm, with bleed and crop marks for the print shop."""
        return Address(f"{POSTERS_DIR}/{_village_id(village)}-board.pdf", shared=True)

    def phrases_poster(self) -> Address:
        return Address(f"{POSTERS_DIR}/phrases.pdf", shared=True)

    def data_index(self) -> Address:
        return Address(f"{DATA_DIR}/index.json", shared=True)

    def data_village(self, village: VillageLike) -> Address:
        return Address(f"{DATA_DIR}/villages/{_village_id(village)}.json", shared=True)

    def articles_csv(self) -> Address:
        return Address(f"{DATA_DIR}/articles.csv", shared=True)

    def points_csv(self) -> Address:
        return Address(f"{DATA_DIR}/points.csv", shared=True)

    def schema(self, name: str) -> Address:
        """A JSON Schema of the open data: 'index' or 'village'."""
        if name not in SCHEMAS:
            raise ValueError(f"no schema {name!r}: one of {SCHEMAS}")
        return Address(f"{DATA_DIR}/schema/{name}.schema.json", shared=True)

    def feed(self) -> Address:
        """The Atom feed of new revisions, one per language."""
        return Address("feed.xml")

    def search_data(self, township: _HasId | str | None = None) -> Address:
        """A language's search data: the index, or the articles of one township (a shard)."""
        return Address(f"{SEARCH_DIR}/{_id(township) if township is not None else 'index'}.js")

    def offline_copy(self, lang: str) -> Address:
        """The zip of one language's pages, for a USB stick or a phone."""
        return Address(f"{DOWNLOADS_DIR}/{OFFLINE_NAME}-{lang}.zip", shared=True)

    # --- placing an address ----------------------------------------------------------------------

    def link(self, here: Address, target: Address, lang: str, target_lang: str | None = None) -> str:
        """A relative link from a page in `lang` to `target` (in `target_lang`, by default the
        same). A file is linked through the root ('../../posters/x.pdf', also from 'data/'),
        as the pages always have."""
        from_path = here.path(lang)
        to_path = target.path(target_lang or lang)
        if target.is_page:
            return relative(from_path, to_path)
        root = DEFAULT_LANG if target.shared else (target_lang or lang)
        return relative(from_path, language_root(root)) + to_path[len(language_root(root)):]

    def absolute(self, target: Address, lang: str = DEFAULT_LANG) -> str:
        """The full URL, for a QR code, a feed or the open data: site_url + path."""
        return self.site_url + target.path(lang)


__all__ = ["Address", "Addresses", "LANGS", "DEFAULT_LANG", "language_root", "relative",
           "POSTERS_DIR", "DATA_DIR", "DOWNLOADS_DIR", "SEARCH_DIR",
           "article_anchor", "phrase_anchor", "township_anchor", "feedback_anchor",
           "REVIEW_ANCHOR", "FEEDBACK_ANCHOR", "PREAMBLE_ANCHOR", "is_history_key"]
