"""Which pages the site has, in which language, at which URL.

A page is known by a language-independent key, made by the address book (addresses.py), which
also places it in each language's tree. Links are always relative so the site works from any
sub-path and opened from a folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from .addresses import DEFAULT_LANG, LANGS, Address, Addresses, language_root
from .diff import article_ids
from .model import County

@dataclass(frozen=True)
class PageSpec:
    key: str  # '' for home, else 'a/b/' with a trailing slash (an Address's key)
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    kind: str = ""  # 'village', 'township' ...: what the page is, without reading its key

    @property
    def address(self) -> Address:
        return Address(self.key)

    def url(self, lang: str) -> str:
        return url(self.key, lang)

    @property
    def township(self) -> str:
        """The id of the township the page is about ('' for county pages): where search starts."""
        if "regulation" in self.context:
            return self.context["regulation"].village.township
        if "township" in self.context:
            return self.context["township"].id
        return ""

    @property
    def village(self) -> str:
        """The id of the village the page is about ('' elsewhere): its results come first."""
        if "regulation" in self.context:
            return self.context["regulation"].village.id
        return ""


def url(key: str, lang: str) -> str:
    """Site-relative URL of a key in a language (`Address.path`)."""
    return language_root(lang) + key


@dataclass(frozen=True)
class FileSpec:
    """A generated file that is not a page (a feed), at `path` under each language's root."""

    path: str
    template: str

    @property
    def address(self) -> Address:
        return Address(self.path)

    def url(self, lang: str) -> str:
        return self.address.path(lang)


def pages(county: County, addresses: Addresses | None = None) -> Iterator[PageSpec]:
    """Every generated page, language-independent."""
    addr = addresses or Addresses()

    def page(address: Address, template: str, context: dict | None = None) -> PageSpec:
        # The kind is the template's name: 'village', 'township', 'compare' ...
        return PageSpec(address.key, template, context or {}, template.removesuffix(".html"))

    yield page(addr.home(), "home.html")
    yield page(addr.phrases(), "phrases.html")
    yield page(addr.changes(), "changes.html")
    yield page(addr.reviews(), "reviews.html")
    yield page(addr.search(), "search.html")
    yield page(addr.offline(), "offline.html")
    yield page(addr.dashboard(), "dashboard.html")
    yield page(addr.data(), "data.html")
    for township in county.townships:
        yield page(addr.township(township), "township.html", {"township": township})
    for regulation in county.regulations.values():
        ctx = {"regulation": regulation, "revision": regulation.current}
        yield page(addr.village(regulation), "village.html", ctx)
        yield page(addr.parallel(regulation), "parallel.html", ctx)
        yield page(addr.points(regulation), "points.html", ctx)
        for revision in regulation.revisions:
            yield page(addr.revision(revision), "revision.html",
                       {"regulation": regulation, "revision": revision})
        for i, old in enumerate(regulation.revisions):
            for new in regulation.revisions[i + 1:]:
                yield page(addr.compare(old, new), "compare.html",
                           {"regulation": regulation, "pair": (old, new)})
        # Every article the regulation ever had, also those a later revision deleted: an
        # article's history page, once published, stays.
        for article_id in article_ids(regulation):
            yield page(addr.article_history(regulation, article_id), "article.html",
                       {"regulation": regulation, "article_id": article_id})


def files(addresses: Addresses | None = None) -> Iterator[FileSpec]:
    """Every generated file of a language that is not a page."""
    yield FileSpec((addresses or Addresses()).feed().key, "feed.xml")


__all__ = ["LANGS", "DEFAULT_LANG", "PageSpec", "FileSpec", "url", "pages", "files"]
