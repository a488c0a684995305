"""sitemap.xml: every page of the site in both languages, each with its language pairs.

The page host's own sitemap knows only the hand-written pages (the i18n plugin lists the files
it translated, not the generated ones), so the pipeline writes this one over it from the site
plan: the generated pages plus the host's pages. Search engines find the Tibetan pages here (the
pages' heads carry no hreflang links; overrides/main.html says why).
"""
from __future__ import annotations

from typing import Iterable
from xml.sax.saxutils import escape

from .addresses import DEFAULT_LANG, LANGS, Address, Addresses, language_root

FILE = "sitemap.xml"


def host_page_keys(planned: Iterable[str]) -> set[str]:
    """The keys of the default-language pages among the host's files ('about/'), 404 aside."""
    other_roots = tuple(language_root(lang) for lang in LANGS if lang != DEFAULT_LANG)
    return {path.removesuffix("index.html") for path in planned
            if path.endswith("index.html") and not path.startswith(other_roots)}


def sitemap(keys: Iterable[str], addresses: Addresses) -> bytes:
    """The sitemap of the pages `keys` (language-independent), in every language."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for key in sorted(set(keys)):
        urls = {lang: escape(addresses.absolute(Address(key), lang)) for lang in LANGS}
        for lang in LANGS:
            lines.append(f"  <url><loc>{urls[lang]}</loc>")
            lines += [f'    <xhtml:link rel="alternate" hreflang="{other}" href="{urls[other]}"/>'
                      for other in LANGS]
            lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
