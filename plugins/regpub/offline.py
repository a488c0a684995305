"""A copy of the site per language for a USB stick or a phone's storage, opened from a folder.

Opened as file://, a browser shows a folder listing for a page's folder instead of its
index.html, so every relative link to a folder is rewritten to name its index.html. Search
works offline because its data is a script, not a fetched file.

The copy is for reading the regulations: it leaves out the pages made for looking back (each
article's history, the comparisons of two revisions: 1,130 of the 1,440 files of a language
in the shipped data, and 5.7 of its 8.3 MB). Links to them, as to the other language, open the
site online.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from .addresses import (DATA_DIR, DEFAULT_LANG, DOWNLOADS_DIR, POSTERS_DIR, SEARCH_DIR,
                        is_history_key, language_root)

LINK = re.compile(r'(href|src)="([^"#?:]*?)(/?)(#[^"]*)?"')
SKIP_DIRS = {POSTERS_DIR, DOWNLOADS_DIR, DATA_DIR}  # print files, the zips themselves, bulk data
BO_FOLDER = language_root("bo").rstrip("/")  # the Tibetan pages, beside the Chinese ones
REDIRECT = ('<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={0}">'
            '<a href="{0}">{0}</a>\n')


def _to_file_links(html: str, page: str, left_out, site_url: str) -> str:
    """`html` of `page` (its path in the copy) with links to folders naming their index.html;
    a link to a page `left_out` of the copy goes to it on the site online (with `site_url`)."""
    def fix(m: re.Match) -> str:
        attr, path, slash, fragment = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        last = path.rsplit("/", 1)[-1]
        if path.startswith(("//", "/")) or ("." in last and last not in (".", "..") and not slash):
            return m.group(0)  # absolute, or a file with an extension
        if not path and not slash:
            return m.group(0)  # a bare #fragment
        target = (path + "/" if path and not path.endswith("/") else path) + "index.html"
        key = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        if site_url and left_out(key):
            folder = key[:-len("index.html")]
            return f'{attr}="{site_url.rstrip("/")}/{folder}{fragment}"'
        return f'{attr}="{target}{fragment}"'

    return LINK.sub(fix, html)


def _members(site: Path, lang: str):
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site)
        top = rel.parts[0]
        # PDFs are print files wherever they are (a comparison's table.pdf sits beside its
        # page): the copy is for reading, as without the posters.
        if top in SKIP_DIRS or path.suffix in (".gz", ".pdf") or rel.name == "sw.js":
            continue
        if is_history_key(rel.as_posix()):  # for looking back: online (module docstring)
            continue
        is_bo = top == BO_FOLDER
        is_page_or_data = path.suffix in (".html", ".xml") or top == SEARCH_DIR or is_bo
        if lang == "zh" and is_bo:
            continue
        if is_bo and len(rel.parts) > 1 and rel.parts[1] in SKIP_DIRS:
            continue
        if lang == "bo" and not is_bo and (is_page_or_data and top != "assets"):
            continue
        yield path, rel


STORED = {".woff2", ".png", ".jpg", ".pdf", ".zip"}  # compressed already

OTHER_LANGUAGE = re.compile(r'<a href="([^"]*)" hreflang="(\w+)"')


def _other_language_online(html: str, page: str, lang: str, site_url: str) -> str:
    """The other language is not in this copy: its switch link goes to the site online."""
    def fix(m: re.Match) -> str:
        if m.group(2) == lang or not site_url:
            return m.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), m.group(1)))
        return f'<a href="{site_url.rstrip("/")}/{target.lstrip("./")}/" hreflang="{m.group(2)}"'
    return OTHER_LANGUAGE.sub(fix, html)


def write_zip(site: Path, lang: str, out: Path, site_url: str = "") -> int:
    """Write the copy of one language; returns the number of files in it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    count = 0
    # Level 6: within 3% of level 9's size here, at half the time.
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path, rel in _members(site, lang):
            if path.suffix == ".html":
                html = _other_language_online(path.read_text(encoding="utf-8"), rel.as_posix(),
                                              lang, site_url)
                z.writestr(rel.as_posix(),
                           _to_file_links(html, rel.as_posix(), is_history_key, site_url))
            else:
                z.write(path, rel.as_posix(),
                        zipfile.ZIP_STORED if path.suffix in STORED else None)
            count += 1
        if lang != DEFAULT_LANG:
            z.writestr("index.html", REDIRECT.format(f"{language_root(lang)}index.html"))
            count += 1
    tmp.replace(out)
    return count
