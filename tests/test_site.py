"""The generated site, built from the tiny data set: pages, numbering, anchors, links, languages."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from sitecheck import FIXTURES, ROOT, BuiltSite, run_build


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build(FIXTURES / "mini", out)
    assert result.returncode == 0, result.stderr
    site = BuiltSite(out, base_path="/nyalam/")
    site.build_output = result.stdout + result.stderr
    return site


def headings(html: str, level: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(rf"<{level}[^>]*>(.*?)</{level}>", html, re.S)]


def test_every_page_exists_in_both_languages(site):
    for url in ["", "phrases", "townships/test-xiang", "villages/tashi", "villages/tashi/parallel",
                "villages/norbu", "about"]:
        assert (site.root / url / "index.html").exists(), url
        assert (site.root / "bo" / url / "index.html").exists(), f"bo/{url}"


def test_every_revision_and_every_comparison_has_a_page_in_both_languages(site):
    from regpub.load import load

    county = load(FIXTURES / "mini")
    for vid, regulation in county.regulations.items():
        revisions = regulation.revisions
        wanted = [f"villages/{vid}/{r.key}" for r in revisions] + [
            f"villages/{vid}/compare/{old.key}...{new.key}"
            for i, old in enumerate(revisions) for new in revisions[i + 1:]]
        for url in wanted:
            assert (site.root / url / "index.html").exists(), url
            assert (site.root / "bo" / url / "index.html").exists(), f"bo/{url}"
    assert len(county.regulations["tashi"].revisions) == 2  # so one comparison was looked for


def test_the_build_says_how_big_each_languages_search_data_is(site):
    for lang in ("zh", "bo"):
        assert re.search(rf"{lang}: \d+ pages; search data 1 file, [\d,]+ bytes, [\d,]+ gzipped",
                         site.build_output), site.build_output[-2000:]


def test_village_page_numbers_articles_across_chapters(site):
    zh = site.page("villages/tashi")
    assert [h.strip() for h in headings(zh, "h3")] == ["第一条", "第二条"]
    assert [h.split()[0] for h in headings(zh, "h2")][:2] == ["第一章", "第二章"]
    bo = site.page("bo/villages/tashi")
    assert [h.strip() for h in headings(bo, "h3")] == ["དོན་ཚན་༡།", "དོན་ཚན་༢།"]


def test_articles_have_permanent_anchors_from_their_ids(site):
    for url in ["villages/tashi", "bo/villages/tashi", "villages/tashi/parallel"]:
        html = site.page(url)
        assert 'id="a-purpose"' in html and 'id="a-grazing"' in html


def test_articles_link_the_phrases_they_implement(site):
    html = site.page("villages/tashi")
    assert 'href="../../phrases/#p-hu-cao-yuan"' in html
    phrases = site.page("phrases")
    assert 'id="p-hu-cao-yuan"' in phrases
    # ... and the phrases page lists the articles back, in the current revisions only.
    assert 'href="../villages/tashi/#a-grazing"' in phrases
    assert 'href="../villages/norbu/#a-border"' in phrases


def test_adoption_facts_and_revision_list(site):
    html = site.page("villages/tashi")
    assert "村民代表大会" in html and "赞成 40" in html and "反对 1" in html and "弃权 2" in html
    assert '<time datetime="2025-05-20">' in html  # filed with the township
    history = html.split('id="revisions"')[1]
    assert history.index("2025-05-10") < history.index("2020-03-01")  # newest first
    assert "按三字句重新编排。" in history and "首次制定。" in history


def test_language_switch_goes_to_the_same_page(site):
    zh = site.page("villages/tashi")
    bo = site.page("bo/villages/tashi")
    assert 'href="../../bo/villages/tashi/" hreflang="bo"' in zh
    assert 'href="../../../villages/tashi/" hreflang="zh"' in bo
    # The 404 page does not inherit the last page's links.
    assert "villages/" not in re.findall(r'<a href="([^"]*)" hreflang', (site.root / "404.html").read_text())[0]


def test_tibetan_pages_are_tibetan(site):
    bo = site.page("bo/villages/tashi")
    assert '<html lang="bo"' in bo
    assert "བཀྲ་ཤིས་ཀྱི་སྒྲིག་ཁྲིམས་དམངས་གན" in bo  # the village's Tibetan name, with its genitive
    assert "查找" not in bo and "搜索" not in bo  # no Chinese interface words from the theme


def test_unverified_tibetan_spelling_is_marked(site):
    assert "དག་ཆ་ར་སྤྲོད་བྱ་རྒྱུ" in site.page("bo/villages/tashi")  # unverified spelling
    assert "藏文拼写待核实" in site.page("villages/tashi")
    # A published spelling carries no marker.
    county = re.search(r'<nav class="rp-crumbs".*?</nav>', site.page("bo/villages/tashi"), re.S).group()
    assert "གཉའ་ལམ་རྫོང་" in county and "rp-flag" not in county.split("›")[0]


def test_missing_translation_shows_chinese_with_a_note(site):
    """norbu's current revision has an article with bo_status: missing."""
    bo = site.page("bo/villages/norbu")
    fire = bo.split('id="a-fire"')[1]
    assert "བོད་ཡིག་ཡིག་སྒྱུར་མེད" in fire.split("</div>")[0]
    assert '<p lang="zh">冬春季节严禁在草场野外用火。</p>' in fire


def test_parallel_view_pairs_each_article_in_both_languages(site):
    html = site.page("villages/tashi/parallel")
    pairs = re.findall(r'<div class="rp-pair" id="a-([a-z-]+)">(.*?)</div>\s*</div>', html, re.S)
    assert [p[0] for p in pairs] == ["purpose", "grazing"]
    for _, body in pairs:
        assert 'lang="zh"' in body and 'lang="bo"' in body


def test_sample_banner_on_every_page_in_both_languages(site):
    for page in site.pages():
        html = page.read_text(encoding="utf-8")
        assert "rp-sample-banner" in html, page


def test_every_internal_link_and_anchor_resolves(site):
    assert site.broken_links() == []


def test_no_page_asks_another_origin_for_anything(site):
    for page in site.pages():
        c = site.parsed(page)
        external = [a for a in c.assets if re.match(r"(https?:)?//", a)]
        assert external == [], page


def test_data_text_is_never_markup(tmp_path):
    data = tmp_path / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    rev = data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace(
        "草场实行轮牧，禁止超载放牧。", '"<script>alert(1)</script>{{ 7*7 }} [x](javascript:alert(1))"'),
        encoding="utf-8")
    result = run_build(data, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/villages/tashi/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }} [x](javascript:alert(1))" in html
    assert "<script>alert(1)" not in html


def test_bad_data_stops_the_build_and_leaves_the_old_site(tmp_path):
    data = tmp_path / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    out = tmp_path / "site"
    assert run_build(data, out).returncode == 0
    before = (out / "villages/tashi/index.html").read_bytes()
    rev = data / "villages/tashi/2025-05-10.yaml"
    rev.write_text(rev.read_text(encoding="utf-8").replace("phrases: [hu-cao-yuan]",
                                                          "phrases: [hu-cao]"), encoding="utf-8")
    result = run_build(data, out)
    assert result.returncode != 0
    assert "regulations/villages/tashi/2025-05-10.yaml:26: article 'grazing': unknown phrase id " \
           "'hu-cao'" in result.stderr
    assert (out / "villages/tashi/index.html").read_bytes() == before
    assert not list(tmp_path.glob(".site-building-*"))


def test_check_validates_without_building(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", "--data",
                             str(FIXTURES / "mini")], capture_output=True, text=True)
    assert result.returncode == 0
    assert "ok: 1 townships, 2 villages, 2 regulations, 4 revisions, 2 phrases" in result.stdout


# -- revision history and comparisons ----------------------------------------------------------

def test_every_revision_has_a_permanent_page_marked_current_or_superseded(site):
    old = site.page("villages/tashi/2020-03-01")
    assert "本版本已于" in old and '<time datetime="2025-05-10">' in old
    assert 'href="../2025-05-10/"' in old  # superseded by ...
    current = site.page("villages/tashi/2025-05-10")
    assert "现行版本" in current and "被新版本取代" not in current
    assert "rp-status--current" in site.page("bo/villages/tashi/2025-05-10")


def test_timeline_lists_every_revision_and_links_comparisons(site):
    html = site.page("villages/norbu")
    timeline = html.split('id="revisions"')[1]
    assert timeline.index("2025-10-01") < timeline.index("2019-08-08")
    assert "回头看修订" in timeline and "赞成 35" in timeline
    assert 'href="compare/2019-08-08...2025-10-01/"' in timeline


def test_comparison_aligns_articles_by_id_and_marks_words(site):
    html = site.page("villages/tashi/compare/2020-03-01...2025-05-10")
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    # Each article once (grazing changed and moved chapter: counted as changed), adding up.
    assert counts == {"added": "0", "removed": "0", "changed": "2", "renumbered": "0",
                      "unchanged": "0"}
    assert 'data-total="2"' in html
    # Words, not scattered characters; visible without colour and labelled for screen readers.
    assert '<del><span class="rp-sr">[删除： </span>秩序<span class="rp-sr">]</span></del>' in html
    assert '<ins><span class="rp-sr">[插入： </span>稳定和谐<span class="rp-sr">]</span></ins>' in html
    assert "明确禁止超载。" in html  # the reason, in the 修改理由 column
    for heading in ("修改前", "修改后", "修改理由"):
        assert heading in html


def test_comparison_links_changes_to_the_feedback_behind_them(site):
    html = site.page("villages/norbu/compare/2019-08-08...2025-10-01")
    assert 'href="../../2025-10-01/#fb-fb-1"' in html
    review = site.page("villages/norbu/2025-10-01")
    assert 'id="fb-fb-1"' in review and "未采纳" in review  # fb-2 was not adopted


def test_tibetan_comparison_splits_by_syllable(site):
    html = site.page("bo/villages/tashi/compare/2020-03-01...2025-05-10")
    for inserted in re.findall(r"<ins>(?:<span[^>]*>[^<]*</span>)?([^<]*)", html):
        if re.search("[\u0f00-\u0fff]", inserted):
            assert not re.match("[\u0f71-\u0f84\u0f86\u0f87\u0f8d-\u0fbc]", inserted)


def test_reviews_page_totals_are_computed(site):
    html = site.page("reviews")
    totals = dict(re.findall(r'data-total="([\w-]+)">(\d+)<', html))
    assert totals == {"reviews": "1", "meetings": "1", "feedback": "2", "adopted": "1",
                      "partly": "0", "not-adopted": "1"}


def test_changes_page_and_atom_feeds(site):
    import xml.etree.ElementTree as ET

    html = site.page("changes")
    assert html.index("2025-10-01") < html.index("2025-05-10") < html.index("2020-03-01")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for feed, lang in (("feed.xml", "zh"), ("bo/feed.xml", "bo")):
        root = ET.parse(site.root / feed).getroot()
        entries = root.findall("a:entry", ns)
        assert len(entries) == 4
        assert entries[0].find("a:link", ns).get("href") == \
            f"https://example.org/nyalam/{'bo/' if lang == 'bo' else ''}villages/norbu/2025-10-01/"
        # each revision that follows another links what changed: its comparison page
        related = entries[0].find("a:link[@rel='related']", ns)
        assert related.get("href") == (f"https://example.org/nyalam/{'bo/' if lang == 'bo' else ''}"
                                       "villages/norbu/compare/2019-08-08...2025-10-01/")
        assert all(e.find("a:link[@rel='related']", ns) is None for e in entries
                   if e.find("a:id", ns).text.endswith(("2019-08-08/", "2020-03-01/")))


def test_dashboard_totals_and_coverage_come_from_the_data(site):
    html = site.page("dashboard")
    totals = dict(re.findall(r'data-total="([\w-]+)">(\d+)<', html))
    assert totals == {"regulations": "2", "revisions": "4", "reviews": "1", "meetings": "1",
                      "feedback": "2", "phrases": "2", "bo-reviewed": "0", "bo-draft": "3",
                      "bo-outdated": "0", "bo-missing": "1", "groups": "2", "members": "11", "supermarkets": "1",
                      "dissuaded": "3", "corrected": "2"}
    # tashi's current revision implements shou-guo-tu (稳定) and hu-cao-yuan (生态): 1 of 1 each.
    cell = re.search(r'<g data-cell="tashi:shengtai">.*?</g>', html, re.S).group()
    assert ">1/1</text>" in cell
    # The chart's village names are links: a group of links, not one image (axe: nested-interactive).
    assert "<svg" in site.page("bo/dashboard") and 'role="group" aria-labelledby="coverage-title"' in html
