"""Building a site for a test, and reading it back: pages, links and anchors."""
from __future__ import annotations

import posixpath
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def run_build(data: Path, site_dir: Path, *extra: str,
              env: dict | None = None) -> subprocess.CompletedProcess:
    """`python build.py` on a data folder, as a user runs it (`env`: its environment)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--data", str(data), "--site-dir", str(site_dir),
         *extra], capture_output=True, text=True, cwd=ROOT, env=env)


def build_mini(tmp_path_factory, *extra: str, prepare=None) -> tuple[Path, Path]:
    """A copy of the mini data set (changed by `prepare(data)` first, if given) built as a user
    builds it; returns the data folder and the site. A failed build fails the test, saying why."""
    data = tmp_path_factory.mktemp("data") / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    if prepare:
        prepare(data)
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build(data, out, *extra)
    assert result.returncode == 0, result.stderr[-2000:]
    return data, out


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon", "preload"):
            self.assets.append(a["href"])


class BuiltSite:
    def __init__(self, root: Path, base_path: str = "/"):
        self.root = root
        self.base_path = base_path  # the path of site_url: absolute links start with it
        self._parsed: dict[Path, _Collector] = {}

    def page(self, url: str) -> str:
        return (self.root / url / "index.html").read_text(encoding="utf-8")

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def parsed(self, path: Path) -> _Collector:
        if path not in self._parsed:
            c = _Collector()
            c.feed(path.read_text(encoding="utf-8"))
            self._parsed[path] = c
        return self._parsed[path]

    def broken_links(self) -> list[str]:
        """Every internal link and asset whose file or #anchor does not exist."""
        broken = []
        for path in self.pages():
            collected = self.parsed(path)
            for href in collected.links + collected.assets:
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                    continue
                if parts.path.startswith("/"):
                    if not parts.path.startswith(self.base_path):
                        broken.append(f"{path.relative_to(self.root)}: {href} (outside the site)")
                        continue
                    target = self.root / unquote(parts.path[len(self.base_path):])
                    if target.is_dir():
                        target = target / "index.html"
                elif parts.path:
                    rel = path.parent.relative_to(self.root).as_posix()
                    target_rel = posixpath.normpath(posixpath.join(rel, unquote(parts.path)))
                    target = self.root / target_rel
                    if target.is_dir():
                        target = target / "index.html"
                else:
                    target = path
                if not target.exists():
                    broken.append(f"{path.relative_to(self.root)}: {href} (no file)")
                elif parts.fragment and target.suffix == ".html" \
                        and unquote(parts.fragment) not in self.parsed(target).ids:
                    broken.append(f"{path.relative_to(self.root)}: {href} (no anchor)")
        return broken
