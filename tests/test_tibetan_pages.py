"""The generated pages and posters as a Tibetan reader sees them (issue 14): no name glued to a
label, no `།:`, no raw id, no untagged Chinese, one numeral style (tests/tibetan_text.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from regpub import site as regpub_site
from regpub.load import load
from regpub.addresses import Addresses
from regpub.posters.compose import PosterRenderer, plan
from regpub.render import Renderer
from sitecheck import FIXTURES, ROOT, BuiltSite, run_build
from tibetan_text import Typed, problems, typed_strings

SITE_URL = "https://example.org/nyalam/"


def names_of(county) -> list[str]:
    return [p.name.bo for p in (*county.villages, *county.townships, county) if p.name.bo]


def site_problems(site: BuiltSite, data: Path) -> dict[str, list[str]]:
    county = load(data)
    names, typed = names_of(county), Typed(typed_strings(data))
    found = {}
    for path in site.pages():
        rel = path.relative_to(site.root).as_posix()
        # The theme's own 404 page ("404 - Not found") is no page of ours.
        if rel.startswith("assets/") or rel.endswith("404.html"):
            continue
        faults = problems(path.read_text(encoding="utf-8"), names, typed)
        if faults:
            found[rel] = faults
    return found


def poster_problems(data: Path) -> dict[str, list[str]]:
    county = load(data)
    names, typed = names_of(county), Typed(typed_strings(data))
    addresses = Addresses(SITE_URL)
    renderer = PosterRenderer(county, addresses)
    found = {}
    for poster in plan(county, addresses):  # every poster the build prints
        if faults := problems(renderer.html(poster), names, typed):
            found[poster.name] = faults
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("tibetan") / "site"
    result = run_build(FIXTURES / "mini", out, "--no-posters")
    assert result.returncode == 0, result.stderr
    return BuiltSite(out, base_path="/nyalam/")


# -- the checks find the faults the issue names -----------------------------------------------

@pytest.mark.parametrize("html, fault", [
    ('<html lang="bo"><head><title>ཨ་སངས་གྲོང་ཚོགྲོང་ཚོའི་སྒྲིག་སྲོལ།</title></head></html>',
     "glued name"),
    ('<html lang="bo"><body><h1>ཨ་སངས་གྲོང་ཚོ<span>གྲོང་ཚོའི་སྒྲིག་སྲོལ</span></h1></body></html>',
     "glued name"),
    ('<html lang="bo"><body><p>འབྲེལ་ཡོད་ཚིག་རྐང་།: ཀ</p></body></html>', "shad colon"),
    ('<html lang="bo"><body><a href="#fb-fb-1">བསམ་འཆར་ལ་གཞིགས fb-1</a></body></html>', "raw id"),
    ('<html lang="bo"><body><p>ཤང་། 琐作乡、亚来乡</p></body></html>', "Han outside lang=zh"),
    ('<html lang="bo"><body><time datetime="2025-03-26">2025-03-26</time></body></html>',
     "ASCII digits"),
    ('<html lang="bo"><body><span>སྐར་གྲངས་ +5</span></body></html>', "ASCII digits"),
    ('<html lang="zh"><body><a hreflang="bo">བོད་ཡིག</a></body></html>', "Tibetan outside lang=bo"),
])
def test_the_check_finds_each_fault(html, fault):
    found = problems(html, ["ཨ་སངས་གྲོང་ཚོ"])
    assert any(p.startswith(fault) for p in found), found


def test_the_check_lets_marked_text_codes_and_typed_data_pass():
    html = ('<html lang="bo"><body><h1>ཨ་སངས་གྲོང་ཚོའི་སྒྲིག་ཁྲིམས་དམངས་གན</h1>'
            '<p><span lang="zh">琐作乡</span> <code>2025-06-18</code> (A3, PDF) UTF-8</p>'
            '<p>ཟླ་ 8 པར་ཚོགས་འདུ།</p><script>var x = "中文 12";</script></body></html>')
    assert problems(html, ["ཨ་སངས་གྲོང་ཚོ"], Typed(["ཟླ་ 8 པར་ཚོགས་འདུ།"])) == []


# -- the built site ---------------------------------------------------------------------------

def test_no_page_of_either_language_has_a_tibetan_fault(site):
    assert site_problems(site, FIXTURES / "mini") == {}


def test_titles_and_headings_decline_the_name(site):
    bo = site.page("bo/villages/tashi")
    assert "<title>བཀྲ་ཤིས་ཀྱི་སྒྲིག་ཁྲིམས་དམངས་གན" in bo
    assert re.search(r'<h1 id="top">བཀྲ་ཤིས་ཀྱི་སྒྲིག་ཁྲིམས་དམངས་གན <span class="rp-flag"', bo)
    # a village without a Tibetan name: its Chinese name marked, a free-standing particle
    assert ('<h1 id="top"><span lang="zh">罗布村</span> ཡི་སྒྲིག་ཁྲིམས་དམངས་གན'
            in site.page("bo/villages/norbu"))
    assert "<title>Luobu ཡི་སྒྲིག་ཁྲིམས་དམངས་གན" in site.page("bo/villages/norbu")
    assert '<h1 id="top">聂拉木县村规民约</h1>' in site.page("")


def test_dates_and_numbers_on_tibetan_pages_are_tibetan(site):
    bo = site.page("bo/villages/tashi/2025-05-10")
    assert '<time datetime="2025-05-10">ཕྱི་ལོ་༢༠༢༥ ཟླ་༥ ཚེས་༡༠</time>' in bo
    assert '<time datetime="2025-05-10">2025-05-10</time>' in site.page("villages/tashi/2025-05-10")
    points = site.page("bo/villages/norbu/points")
    assert re.search("སྐར་གྲངས་[+\u2212][༠-༩]+", points)
    assert not re.search(r"[+\u2212][0-9]", re.sub(r'data-points="[^"]*"', "", points))


def test_feedback_is_linked_by_its_first_words_not_its_id(site):
    bo = site.page("bo/villages/norbu/2025-10-01")
    link = re.search(r'<a href="#fb-fb-1">([^<]*)</a>', bo).group(1)
    assert link == "བསམ་འཆར་ལ་གཞིགས། རྒྱུན་ལྡན་མིན་པ་མཐོང་ན་…"
    zh = site.page("villages/norbu/2025-10-01")
    assert '<a href="#fb-fb-1">依据意见：建议写明发现异常向谁报告…</a>' in zh


def test_arabic_numerals_can_be_chosen_for_the_tibetan_pages():
    county = load(FIXTURES / "mini")
    spec = next(s for s in regpub_site.pages(county) if s.key == "villages/tashi/")
    title, body = Renderer(county, site_url=SITE_URL, bo_numerals="arabic").render(spec, "bo")
    assert "ཕྱི་ལོ་2025 ཟླ་5 ཚེས་10" in body and "དོན་ཚན་1།" in body
    assert not re.search("[༠-༩]", re.sub(r"<p[^>]*>.*?</p>", "", body, flags=re.S))


def test_posters_have_no_tibetan_fault():
    assert poster_problems(FIXTURES / "mini") == {}


def test_the_points_poster_declines_the_village_name_and_writes_tibetan_points():
    county = load(FIXTURES / "mini")
    html = PosterRenderer(county, Addresses(SITE_URL)).points(county.regulations["norbu"])
    title = re.search(r'<span class="title__bo" lang="bo">(.*?)</span>\s*</h1>', html).group(1)
    assert title.startswith('<span lang="zh">罗布村</span> ཡི་སྐར་གྲངས་ཀྱི་ཞིབ་ཚགས')
    assert re.search(r'<b class="points__n" lang="bo">སྐར་གྲངས་[+\u2212-][༠-༩]+</b>', html)


# -- the shipped data -------------------------------------------------------------------------

@pytest.mark.sample_data
def test_no_shipped_page_has_a_tibetan_fault(shipped_site):
    assert site_problems(shipped_site, ROOT / "regulations") == {}


@pytest.mark.sample_data
def test_no_shipped_poster_has_a_tibetan_fault():
    assert poster_problems(ROOT / "regulations") == {}
