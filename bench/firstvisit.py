"""First-visit bytes per page type, measured in Chromium (issue 19's budget).

A fresh browser context (empty cache) opens one page of each type at phone size and waits for
the network to be idle; every response of that visit is counted (HTML, CSS, JS, fonts, images,
the search data if the page asked for it). Text is counted gzip-compressed, as a server sends it;
woff2 and images as they are (already compressed).

    python bench/firstvisit.py SITE_DIR        # or through bench/run.py (shipped size)
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path

TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", "/")
BUDGET_KB = {"village (bo)": 150, "village (zh)": 100}


def page_types(site: Path) -> dict[str, str]:
    """One page of each type (the first village's, alphabetically), by site-relative path."""
    village = sorted(p.name for p in (site / "villages").iterdir() if p.is_dir())[0]
    types = {"home": "", "village": f"villages/{village}/", "parallel": f"villages/{village}/parallel/",
             "points": f"villages/{village}/points/", "phrases": "phrases/", "dashboard": "dashboard/"}
    township = sorted(p.name for p in (site / "townships").iterdir() if p.is_dir())[0]
    types["township"] = f"townships/{township}/"
    return {f"{kind} ({lang})": ("bo/" if lang == "bo" else "") + path
            for lang in ("zh", "bo") for kind, path in types.items()}


def sent_bytes(url: str, body: bytes) -> int:
    path = url.split("?")[0].split("#")[0]
    return len(gzip.compress(body, 6)) if path.endswith(TEXT) else len(body)


def measure(site: Path) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--headless", "--no-sandbox", "--disable-gpu"])
            for name, path in page_types(site).items():
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                responses = []
                page.on("response", lambda r: responses.append(r))
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                total = fonts = 0
                for r in responses:
                    try:
                        body = r.body()
                    except Exception:  # a redirect or an aborted request has no body
                        continue
                    size = sent_bytes(r.url, body)
                    total += size
                    font = r.url.split("?")[0].endswith((".woff2", ".woff", ".ttf"))  # ?v=...
                    fonts += size if font else 0
                rows[name] = {"requests": len(responses), "kb": round(total / 1024, 1),
                              "fonts_kb": round(fonts / 1024, 1)}
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def report(rows: dict[str, dict]) -> str:
    lines = ["| page (first visit) | requests | total KB (gzip) | of which fonts KB | budget |",
             "|---|---|---|---|---|"]
    for name, r in rows.items():
        budget = BUDGET_KB.get(name)
        verdict = "" if budget is None else f"< {budget} KB: {'ok' if r['kb'] < budget else 'OVER'}"
        lines.append(f"| {name} | {r['requests']} | {r['kb']} | {r['fonts_kb']} | {verdict} |")
    return "\n".join(lines)


if __name__ == "__main__":
    result = measure(Path(sys.argv[1]))
    print(json.dumps(result, ensure_ascii=False))
    print(report(result))
