"""The search benchmark: our search against Pagefind, the common static-site search, on one built site.

    python bench/search.py                     # builds the shipped data, runs both engines
    python bench/search.py --site /tmp/x-site  # an already built site (it is copied, not changed)
    python bench/search.py --engine ours -v    # one engine, every query with its first results
                                               # (ours, pagefind, pagefind-current)
    python bench/run.py --search               # the same, from the general benchmark

For each engine and language it prints:
- bytes for a first query: what the browser transfers, as served with gzip by a local server
  (HTML, JS, CSS, JSON gzip-compressed, as static hosts do; Pagefind's own index files come
  compressed already), from the moment a reader types a query on the search page to the moment
  the results are shown. The page itself is not counted: it is the same for both engines.
  Ours: the search data. Pagefind: pagefind.js, its WebAssembly, its index chunks and the
  fragments of the first five pages (what its default UI shows first).
- precision at 3: the share of queries (bench/search_queries.yaml, written from the shipped data,
  each with the article it should find) whose article is among the first three results. With one
  right article per query this is the reader's question "is it on the first screen?" (strict
  P@3 would be this divided by 3). A result counts when it links to a page of the expected
  village (its regulation, a revision, the parallel text) at that article's anchor, or to the
  article's own page.

Pagefind (PyPI `pagefind[extended]`, which segments Chinese; `pagefind[bin]` when extended is not
available) indexes a copy of the site with its defaults, limited to the page content
(`article`), once over the whole site and once over the pages our search covers (current
regulations and their articles' pages, townships, phrases: old revisions and comparisons left
out); its sub-results (one per heading with an id: each article's heading) are ranked
within a page by the number of matched words, as its UI does, and listed after their page's rank.
Both engines run in Debian's Chromium (Playwright), service workers off.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "search_queries.yaml"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync"]
PAGEFIND_VERSION = "1.5.2"   # pinned: the figures in the README were measured with it
GZIP_TYPES = (".html", ".js", ".css", ".json", ".svg", ".xml", ".txt")
TOP = 3
PAGEFIND_PAGES = 5           # Pagefind's default UI loads five results first


def load_queries(path: Path = QUERIES) -> dict[str, list[dict]]:
    """{"zh": [{"q": ..., "village": ..., "article": ...}, ...], "bo": [...]}."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def is_hit(url: str, village: str, article: str) -> bool:
    """A result URL shows the expected article: a page of that village at the article's anchor,
    or the article's own page."""
    parts = urllib.parse.urlsplit(url)
    return f"/villages/{village}/" in parts.path and (
        parts.fragment == f"a-{article}" or parts.path.endswith(f"/articles/{article}/"))


# -- a static server that gzips text, as a static host does --------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in GZIP_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_gzip(root: Path):
    handler = functools.partial(GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# -- the two engines ------------------------------------------------------------------------------

def search_page(base: str, lang: str) -> str:
    return base + ("bo/" if lang == "bo" else "") + "search/"


class Transfer:
    """Counts the bytes (encoded body) of the responses a page receives while recording."""

    def __init__(self, page):
        self.bytes = 0
        self.files: list[tuple[str, int]] = []
        self.on = False
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        if not self.on:
            return
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:   # a request the browser gave up on has no sizes
            return
        self.bytes += size
        self.files.append((request.url, size))


def ours_first_query(page, base: str, lang: str, query: str) -> int:
    page.goto(search_page(base, lang), wait_until="load")
    transfer = Transfer(page)
    transfer.on = True
    page.fill("form.rp-search input[type=search]", query)
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    transfer.on = False
    return transfer.bytes


def wait_for_results(page) -> None:
    page.wait_for_function(
        "() => ['results', 'empty'].includes(document.querySelector('form.rp-search')"
        ".getAttribute('data-state'))", timeout=30000)


# Result items in document order: grouped by village, a group is an <li> holding its results.
OURS_RANKED = """() => [...document.querySelectorAll(
  '.rp-search__results li:not(.rp-search__group):not(.rp-search__more):not([data-group])')]
  .map(li => li.querySelector('a[href]')).filter(Boolean).map(a => a.href)"""


def ours_ranked(page, base: str, lang: str, query: str) -> list[str]:
    page.goto(search_page(base, lang) + "?q=" + urllib.parse.quote(query), wait_until="load")
    wait_for_results(page)
    return page.evaluate(OURS_RANKED)


PAGEFIND_SEARCH = """async ([query, pages]) => {
  const pagefind = window.__pf || (window.__pf = await import('%s'));
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, pages).map(r => r.data()));
  const ranked = [];
  for (const d of data) {
    const subs = (d.sub_results || []).filter(s => s.url !== d.url)
      .sort((a, b) => (b.locations || []).length - (a.locations || []).length).slice(0, 3);
    if (subs.length) subs.forEach(s => ranked.push(new URL(s.url, location.href).href));
    else ranked.push(new URL(d.url, location.href).href);
  }
  return ranked;
}"""


def pagefind_run(page, base: str, bundle: str, query: str) -> list[str]:
    script = PAGEFIND_SEARCH % (base + bundle + "/pagefind.js")
    return page.evaluate(script, [query, PAGEFIND_PAGES])


def pagefind_engine(bundle: str):
    def first_query(page, base: str, lang: str, query: str) -> int:
        page.goto(search_page(base, lang), wait_until="load")
        transfer = Transfer(page)
        transfer.on = True
        pagefind_run(page, base, bundle, query)
        page.wait_for_load_state("networkidle")
        transfer.on = False
        return transfer.bytes

    def ranked(page, base: str, lang: str, query: str) -> list[str]:
        if not page.url.startswith(search_page(base, lang)):
            page.goto(search_page(base, lang), wait_until="load")
        return pagefind_run(page, base, bundle, query)

    return first_query, ranked


# Pagefind twice: over the whole site, as it is usually set up, and over the pages our search
# covers (current regulations, townships, phrases), so that old revisions and comparisons,
# which our search leaves out, do not crowd its first results.
CURRENT_PAGES = ("{villages/*,villages/*/articles/*,townships/*,phrases,"
                 "bo/villages/*,bo/villages/*/articles/*,bo/townships/*,bo/phrases}/index.html")
PAGEFIND_BUNDLES = {"pagefind": ("pagefind", None), "pagefind-current": ("pagefind-current", CURRENT_PAGES)}
ENGINES = {
    "ours": (ours_first_query, ours_ranked),
    **{name: pagefind_engine(bundle) for name, (bundle, _) in PAGEFIND_BUNDLES.items()},
}


# -- Pagefind over a copy of the site -------------------------------------------------------------

def pagefind_command() -> list[str]:
    """Pagefind's binary from PyPI, installed on demand (extended: it segments Chinese)."""
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        if _importable(module):
            return [sys.executable, "-m", "pagefind"]
    for extra in ("extended", "bin"):
        done = subprocess.run([sys.executable, "-m", "pip", "install", "-q",
                               f"pagefind[{extra}]=={PAGEFIND_VERSION}"])
        if done.returncode == 0:
            return [sys.executable, "-m", "pagefind"]
    raise SystemExit(f"could not install pagefind=={PAGEFIND_VERSION} from PyPI")


def _importable(module: str) -> bool:
    return subprocess.run([sys.executable, "-c", f"import {module}"],
                          capture_output=True).returncode == 0


def index_with_pagefind(site: Path, bundle: str, glob: str | None) -> None:
    command = [*pagefind_command(), "--site", str(site), "--root-selector", "article",
               "--output-subdir", bundle, "--quiet"]
    if glob:
        command += ["--glob", glob]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not (site / bundle / "pagefind.js").exists():
        raise SystemExit(f"pagefind failed:\n{done.stdout}\n{done.stderr}")


def build_site(out: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "--no-posters", "--site-dir",
                           str(out)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


# -- the run --------------------------------------------------------------------------------------

def measure(site: Path, engines: list[str], queries: dict, verbose: bool = False) -> dict:
    """{engine: {lang: {"bytes": int, "hits": int, "queries": int, "misses": [...]}}}."""
    from playwright.sync_api import sync_playwright

    figures: dict = {}
    with serve_gzip(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            for engine in engines:
                first, ranked = ENGINES[engine]
                for lang in ("zh", "bo"):
                    cold = browser.new_context(service_workers="block")
                    size = first(cold.new_page(), base, lang, queries[lang][0]["q"])
                    cold.close()
                    context = browser.new_context(service_workers="block")
                    page = context.new_page()
                    hits, misses = 0, []
                    for entry in queries[lang]:
                        urls = ranked(page, base, lang, entry["q"])[:TOP]
                        if any(is_hit(u, entry["village"], entry["article"]) for u in urls):
                            hits += 1
                        else:
                            misses.append((entry["q"], [urllib.parse.urlsplit(u).path + "#"
                                                        + urllib.parse.urlsplit(u).fragment
                                                        for u in urls]))
                        if verbose:
                            print(f"  {engine} {lang} {entry['q']}: {urls}")
                    context.close()
                    figures.setdefault(engine, {})[lang] = {
                        "bytes": size, "hits": hits, "queries": len(queries[lang]), "misses": misses}
        finally:
            browser.close()
    return figures


def table(figures: dict) -> str:
    lines = ["| engine | language | first query downloads (gzip) | precision at 3 |",
             "|---|---|---:|---:|"]
    names = {"ours": "ours", "pagefind": f"Pagefind {PAGEFIND_VERSION}, whole site",
             "pagefind-current": f"Pagefind {PAGEFIND_VERSION}, current regulations only"}
    for engine, langs in figures.items():
        for lang, f in langs.items():
            lines.append(f"| {names[engine]} | {lang} | {f['bytes'] / 1024:.1f} KB | "
                         f"{f['hits']}/{f['queries']} = {f['hits'] / f['queries']:.2f} |")
    return "\n".join(lines)


def run(site: Path | None, engines: list[str], verbose: bool = False,
        queries_path: Path = QUERIES) -> dict:
    queries = load_queries(queries_path)
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp) / "site"
        if site is None:
            build_site(work)
        else:
            shutil.copytree(site, work)
        for engine in engines:
            if engine in PAGEFIND_BUNDLES:
                index_with_pagefind(work, *PAGEFIND_BUNDLES[engine])
        figures = measure(work, engines, queries, verbose)
    print(f"Search: {sum(len(v) for v in queries.values())} queries "
          f"({', '.join(f'{len(v)} {k}' for k, v in queries.items())}) from "
          f"{queries_path.relative_to(ROOT)}")
    print(table(figures))
    for engine, langs in figures.items():
        for lang, f in langs.items():
            for query, urls in f["misses"]:
                print(f"  missed by {engine} ({lang}): {query} -> {urls}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped data)")
    parser.add_argument("--engine", choices=[*ENGINES, "all"], default="all")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's results")
    args = parser.parse_args(argv)
    engines = list(ENGINES) if args.engine == "all" else [args.engine]
    figures = run(args.site, engines, args.verbose, args.queries.resolve())
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
