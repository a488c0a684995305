"""The benchmark: builds the site at several sizes and prints what a reader and an editor feel.

    python bench/run.py                 # N = 44 (shipped), 500, 2000
    python bench/run.py --sizes 44 500  # fewer sizes
    python bench/run.py --posters 44    # also time the posters at these sizes (slow at 2000)

For each size: full build wall time and peak memory (site only; with posters where asked),
pages written, site size, the search data per language (raw and gzip; when it is split by
township, the first file plus the largest township's: the most one search downloads), the
median and largest weight of a regulation page (HTML, CSS, JS, gzip; the Tibetan webfont
apart), and the ratio of our build time to a bare MkDocs build of the same pages written as
plain Markdown. It also times `python build.py serve` showing an edited revision (shipped data).
At the shipped size it also prints the first-visit bytes per page type, every request counted,
fonts included, measured in Chromium (bench/firstvisit.py).
`python bench/run.py --search` runs the search benchmark instead (bench/search.py: ours vs Pagefind).
A script, not a test: it prints figures; budgets are in the README.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from regpub.load import load  # noqa: E402

MEASURE = ("import resource, subprocess, sys, time; t = time.monotonic(); "
           "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
           "print(time.monotonic() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
           "r.returncode); sys.stderr.write(r.stderr.decode()[-2000:] if r.returncode else '')")


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command and its children."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True)
    seconds, rss_kb, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return float(seconds), int(rss_kb) / 1024


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def page_weight(site: Path, page: Path) -> dict[str, int]:
    """What a first visit to `page` downloads: HTML, CSS, JS (gzip); webfonts counted apart."""
    html = page.read_bytes()
    text = html.decode("utf-8")
    css = [m for m in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)]
    js = [m for m in re.findall(r'<script src="([^"]+)"', text)]

    def local(ref: str) -> Path:
        return (page.parent / ref.split("?")[0]).resolve()

    css_bytes = [local(r).read_bytes() for r in css if local(r).exists()]
    js_bytes = [local(r).read_bytes() for r in js if local(r).exists()]
    # The font file the page's font style sheet names first (the whole cut, or the names cut).
    sheet = next((b.decode("utf-8") for b in css_bytes if b"@font-face" in b), "")
    first = re.search(r'url\("\.\./fonts/([^"?]+)', sheet)  # its address ends in ?v=...
    font = site / "assets" / "fonts" / first.group(1) if first else None
    return {"html_raw": len(html), "html_gz": gz(html), "css_gz": sum(map(gz, css_bytes)),
            "js_gz": sum(map(gz, js_bytes)),
            "first_load_gz": gz(html) + sum(map(gz, css_bytes)) + sum(map(gz, js_bytes)),
            "webfont": font.stat().st_size if font and font.exists() else 0}


class _PlainText(HTMLParser):
    """The text of a page's article as plain Markdown: headings and paragraphs."""
    BLOCKS = {"p", "li", "tr", "div", "h1", "h2", "h3", "h4", "dt", "dd", "figcaption"}

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.current: list[str] = []
        self.heading = ""

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.flush()
            self.heading = "#" * int(tag[1]) + " " if tag in ("h1", "h2", "h3", "h4") else ""

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            self.lines += [self.heading + text, ""]
        self.current, self.heading = [], ""


def plain_markdown(site: Path, docs: Path) -> int:
    """Every page our build wrote (both languages), its article text as plain Markdown, at the
    same path: the input of the bare-MkDocs comparison. Returns the number of pages."""
    count = 0
    for page in site.rglob("index.html"):
        rel = page.parent.relative_to(site)
        if rel.parts[:1] in (("downloads",), ("posters",)):
            continue
        html = page.read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        parser = _PlainText()
        parser.feed(html[start:end] if start >= 0 else "")
        parser.flush()
        out = docs / rel / "index.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(parser.lines) or "# page\n", encoding="utf-8")
        count += 1
    return count


def bare_mkdocs_seconds(site: Path, work: Path, repeat: int = 1) -> tuple[float, int]:
    """MkDocs and Material alone (no plugins, no i18n) building the same pages from Markdown."""
    docs = work / "bare-docs"
    shutil.rmtree(docs, ignore_errors=True)
    pages = plain_markdown(site, docs)
    config = work / "bare.yml"
    config.write_text(f"site_name: bare\ndocs_dir: {docs}\nsite_dir: {work / 'bare-site'}\n"
                      "theme:\n  name: material\n  font: false\n  features: [navigation.prune]\n"
                      "nav:\n  - index.md\nplugins: []\n", encoding="utf-8")
    seconds = statistics.median(
        measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)])[0]
        for _ in range(repeat))
    return seconds, pages


def serve_seconds(data: Path) -> float:
    """Edit a revision while `python build.py serve` runs; time until the page shows it."""
    work = Path(tempfile.mkdtemp())
    copy = work / "regulations"
    shutil.copytree(data, copy)
    # The edit stands for work on a revision not yet published: the lock refuses edits of
    # published ones.
    (copy / "published.lock").unlink(missing_ok=True)
    (copy / "published.lock.sum").unlink(missing_ok=True)  # its evidence would refuse the loss
    config = work / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    with socket.socket() as probe:  # a free port: another server may hold any fixed one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    text += f"\ndev_addr: 127.0.0.1:{port}\n"
    config.write_text(text, encoding="utf-8")
    log = (work / "serve.log").open("w+", encoding="utf-8")  # a pipe nobody reads would fill and stall it
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--config", str(config),
                               "--data", str(copy)],
                              stdout=subprocess.DEVNULL, stderr=log, text=True)
    county = load(copy)
    vid, reg = next(iter(county.regulations.items()))
    url = f"http://127.0.0.1:{port}/nyalam/villages/{vid}/"
    try:
        _wait_for(url, lambda html: True, 120, server)
        path = copy / "villages" / vid / f"{reg.current.key}.yaml"
        first = next(reg.current.numbered()).article.text.zh
        marker = "（编辑测试）"
        source = path.read_text(encoding="utf-8")
        assert first in source, f"cannot find the first article's text in {path}"
        path.write_text(source.replace(first, first + marker, 1), encoding="utf-8")
        started = time.monotonic()
        _wait_for(url, lambda html: marker in html, 60, server)
        return time.monotonic() - started
    except SystemExit:
        log.seek(0)
        print(log.read()[-3000:], file=sys.stderr)
        raise
    finally:
        server.terminate()
        server.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def _wait_for(url: str, ok, limit: float, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("mkdocs serve stopped")
        try:
            html = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if ok(html):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"timed out waiting for {url}")


def repeat(n: int) -> int:
    return 3 if n <= 100 else 1


def run_size(n: int, posters: bool, work: Path) -> dict:
    if n == 44:
        data = ROOT / "regulations"
    else:
        data = work / f"data-{n}" / "regulations"
        print(f"[{n}] generating data...", flush=True)
        generate(ROOT / "regulations", n, data)
    site = work / f"site-{n}"
    print(f"[{n}] building the site...", flush=True)
    cmd = [sys.executable, str(ROOT / "build.py"), "--data", str(data), "--site-dir", str(site)]
    # Small sizes take a few seconds and vary by several percent from run to run: the median
    # of three (of ours and of the bare build alike).
    runs = [measure(cmd + ["--no-posters"]) for _ in range(repeat(n))]
    seconds, rss = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    row = {"villages": n, "build_s": round(seconds, 1), "peak_mb": round(rss)}
    if posters:
        print(f"[{n}] building with posters...", flush=True)
        seconds, rss = measure(cmd)
        row.update(build_posters_s=round(seconds, 1), peak_posters_mb=round(rss))
    pages = list(site.rglob("*.html"))
    row["pages"] = len(pages)
    row["site_mb"] = round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6, 1)
    for lang, prefix in (("zh", ""), ("bo", "bo/")):
        # One file, or (split by township) the first file plus the township a search loads:
        # the most a phone downloads for one search.
        files = {p.name: p.read_bytes() for p in (site / prefix / "search").glob("*.js")}
        first = files.pop("index.js")
        largest = max(files.values(), key=len, default=b"")
        row[f"search_{lang}_files"] = 1 + len(files)
        row[f"search_{lang}_kb"] = round((len(first) + len(largest)) / 1024)
        row[f"search_{lang}_gz_kb"] = round((gz(first) + gz(largest)) / 1024)
    county_pages = sorted((site / "villages").glob("*/index.html")) + \
        sorted((site / "bo" / "villages").glob("*/index.html"))
    weights = [page_weight(site, p) for p in county_pages]
    for key in ("html_raw", "first_load_gz"):
        values = [w[key] for w in weights]
        row[f"reg_{key}_median_kb"] = round(statistics.median(values) / 1024, 1)
        row[f"reg_{key}_max_kb"] = round(max(values) / 1024, 1)
    # The Tibetan font a Chinese village page (the names cut) and a Tibetan one (the whole cut)
    # download.
    row["webfont_zh_village_kb"] = round(weights[0]["webfont"] / 1024, 1)
    row["webfont_bo_village_kb"] = round(weights[-1]["webfont"] / 1024, 1)
    if n == 44:  # the budget is set on the shipped data: every request of a first visit
        import firstvisit

        visits = firstvisit.measure(site)
        print(firstvisit.report(visits), flush=True)
        for kind in ("village (zh)", "village (bo)"):
            row[f"first_visit_{kind.split('(')[1][:2]}_village_kb"] = visits[kind]["kb"]
    print(f"[{n}] bare MkDocs build of the same pages...", flush=True)
    bare, bare_pages = bare_mkdocs_seconds(site, work, repeat(n))
    row["bare_mkdocs_s"] = round(bare, 1)
    row["bare_pages"] = bare_pages
    row["overhead_ratio"] = round(row["build_s"] / bare, 2)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[44, 500, 2000])
    parser.add_argument("--posters", type=int, nargs="*", default=[44],
                        help="sizes at which to time the build with posters too")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve timing")
    parser.add_argument("--search", action="store_true",
                        help="only the search benchmark: ours vs Pagefind (bench/search.py)")
    args = parser.parse_args()
    if args.search:
        import search
        return search.main([])
    rows = []
    with tempfile.TemporaryDirectory(prefix="regpub-bench-") as tmp:
        for n in args.sizes:
            rows.append(run_size(n, n in args.posters, Path(tmp)))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    if not args.no_serve:
        print("timing mkdocs serve after an edit...", flush=True)
        print(json.dumps({"serve_edit_to_page_s": round(serve_seconds(ROOT / "regulations"), 2)}))
    keys = list(dict.fromkeys(k for r in rows for k in r))
    print("\n" + "| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r.get(k, "")) for k in keys) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
