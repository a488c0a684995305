"""Which pages the site has, in which language, at which URL.

A page is known by a language-independent key (`villages/zongta/`); the Chinese page lives at
that path and the Tibetan one under `bo/`. Links are always relative so the site works from any
sub-path and opened from a folder.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any, Iterator

from .model import County, Revision

LANGS = ("zh", "bo")
DEFAULT_LANG = "zh"


@dataclass(frozen=True)
class PageSpec:
    key: str  # '' for home, else 'a/b/' with a trailing slash
    template: str
    context: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

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


def url(key: str, lang: str) -> str:
    """Site-relative URL of a page key in a language: '' / 'bo/' / 'bo/villages/x/'."""
    return key if lang == DEFAULT_LANG else f"{lang}/{key}"


def relative(from_url: str, to_url: str) -> str:
    """A relative link from one page URL to another (directory URLs, '' is the root)."""
    to_path, _, fragment = to_url.partition("#")
    rel = posixpath.relpath("/" + to_path, "/" + from_url)
    if to_path.endswith("/") or to_path == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel + (f"#{fragment}" if fragment else "")


@dataclass(frozen=True)
class FileSpec:
    """A generated file that is not a page (a feed), at `path` under each language's root."""

    path: str
    template: str

    def url(self, lang: str) -> str:
        return url("", lang) + self.path


def pages(county: County) -> Iterator[PageSpec]:
    """Every generated page, language-independent."""
    yield PageSpec("", "home.html")
    yield PageSpec("phrases/", "phrases.html")
    yield PageSpec("changes/", "changes.html")
    yield PageSpec("reviews/", "reviews.html")
    yield PageSpec("search/", "search.html")
    yield PageSpec("dashboard/", "dashboard.html")
    yield PageSpec("data/", "data.html")
    for township in county.townships:
        yield PageSpec(f"townships/{township.id}/", "township.html", {"township": township})
    for village_id, regulation in county.regulations.items():
        ctx = {"regulation": regulation, "revision": regulation.current}
        yield PageSpec(f"villages/{village_id}/", "village.html", ctx)
        yield PageSpec(f"villages/{village_id}/parallel/", "parallel.html", ctx)
        yield PageSpec(f"villages/{village_id}/points/", "points.html", ctx)
        for revision in regulation.revisions:
            yield PageSpec(f"villages/{village_id}/{revision.key}/", "revision.html",
                           {"regulation": regulation, "revision": revision})
        for i, old in enumerate(regulation.revisions):
            for new in regulation.revisions[i + 1:]:
                yield PageSpec(compare_key(village_id, old, new), "compare.html",
                               {"regulation": regulation, "pair": (old, new)})


def compare_key(village_id: str, old: Revision, new: Revision) -> str:
    return f"villages/{village_id}/compare/{old.key}...{new.key}/"


def files() -> Iterator[FileSpec]:
    yield FileSpec("feed.xml", "feed.xml")
