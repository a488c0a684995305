"""Text is text: markup and template syntax typed into any field is shown literally, in both
languages, on every page, in the search data and in the feeds."""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
import yaml

from sitecheck import FIXTURES, run_build

PAYLOAD = ('<script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:alert(3))'
           '{{ 7*7 }}{% raw %}{% endraw %}&amp;')
ZH = "测试" + PAYLOAD
BO = "བོད་ཡིག་" + PAYLOAD


def poison(node):
    """Every zh and bo text (names, titles, summaries, articles, reasons, feedback) gets the payload."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "bo_review":  # a review record holds a fingerprint of the Chinese, not a text
                continue
            if key == "zh" and isinstance(value, str):
                node[key] = ZH
            elif key == "bo" and isinstance(value, str):
                node[key] = BO
            else:
                poison(value)
    elif isinstance(node, list):
        for item in node:
            poison(item)
    return node


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("data") / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    for path in data.rglob("*.yaml"):
        tree = poison(yaml.safe_load(path.read_text(encoding="utf-8")))
        path.write_text(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build(data, out, "--no-posters")
    assert result.returncode == 0, result.stderr
    return out


def test_no_page_runs_or_renders_the_payload(poisoned_site):
    pages = sorted(poisoned_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert 'href="javascript:' not in html, page
        assert "&amp;amp;amp;" not in html, page  # escaped once, not twice


@pytest.mark.parametrize("url", ["villages/tashi/index.html", "bo/villages/tashi/index.html",
                                 "villages/tashi/parallel/index.html", "phrases/index.html",
                                 "bo/phrases/index.html", "villages/tashi/compare/2020-03-01...2025-05-10/index.html",
                                 "villages/norbu/2025-10-01/index.html", "changes/index.html", "index.html"])
def test_the_payload_is_shown_literally(poisoned_site, url):
    html = (poisoned_site / url).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" \
           "[x](javascript:alert(3)){{ 7*7 }}{% raw %}{% endraw %}&amp;amp;" in html


def test_titles_are_escaped_once(poisoned_site):
    html = (poisoned_site / "villages/tashi/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "&lt;script&gt;" in title and "<script>" not in title and "&amp;lt;" not in title


def test_search_data_and_feeds_carry_the_payload_as_plain_text(poisoned_site):
    for index in ("search/index.js", "bo/search/index.js"):
        script = (poisoned_site / index).read_text(encoding="utf-8")
        docs = json.loads(script[script.index("]=") + 2:].rstrip().rstrip(";"))["docs"]
        assert any(PAYLOAD in d[3] for d in docs)
    for feed in ("feed.xml", "bo/feed.xml"):
        root = ET.parse(poisoned_site / feed).getroot()  # still well-formed XML
        summaries = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}summary")]
        assert any(PAYLOAD in (s or "") for s in summaries)
