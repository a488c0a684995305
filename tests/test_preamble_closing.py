"""A revision's preamble (序言, before chapter 1) and closing (落款: the adopting body and the
date, after the last article): read, shown on the pages and the poster, published as open data,
compared like articles, locked like the adopted text, translated like any text.

The fixture gives tashi's two revisions a preamble and a closing; the 2025 revision rewords the
preamble and changes both closing lines."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from regpub import lock as lockfile
from regpub import opendata, site, translation
from regpub.addresses import Addresses
from regpub.diff import compare
from regpub.exchange import main as translations
from regpub.importing.carry import carry_over
from regpub.importing.ids import Plan
from regpub.load import DataError, load
from regpub.posters.compose import PosterRenderer
from regpub.posters.paper import A3, A4
from regpub.render import Renderer
from test_opendata import problems as schema_problems

SITE_URL = "https://example.org/nyalam/"
TASHI_2020 = "villages/tashi/2020-03-01.yaml"
TASHI_2025 = "villages/tashi/2025-05-10.yaml"

PREAMBLE_2020 = "为加强本村自治，经村民会议讨论，制定本村规民约。"
PREAMBLE_2025 = "为加强本村自治和生态保护，经村民会议讨论，制定本村规民约。"
PREAMBLE_2025_BO = "གྲོང་ཚོའི་རང་སྐྱོང་དང་སྐྱེ་ཁམས་སྲུང་སྐྱོབ་ཆེད་སྒྲིག་སྲོལ་འདི་བཟོས།"
FRAMES = {
    TASHI_2020: f"""\
preamble: {{zh: {PREAMBLE_2020}, bo: "གྲོང་ཚོའི་རང་སྐྱོང་ཆེད་སྒྲིག་སྲོལ་འདི་བཟོས།", bo_status: draft}}
closing:
  - {{zh: 扎西村村民大会, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་གྲོང་མི་ཚོགས་ཆེན།", bo_status: draft}}
  - {{zh: 2020年3月1日, bo: "ཕྱི་ལོ་༢༠༢༠ ཟླ་༣ ཚེས་༡", bo_status: draft}}
""",
    TASHI_2025: f"""\
preamble: {{zh: {PREAMBLE_2025}, bo: "{PREAMBLE_2025_BO}", bo_status: draft}}
closing:
  - {{zh: 扎西村村民代表大会, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་དམངས་འཐུས་ཚོགས་ཆེན།", bo_status: draft}}
  - {{zh: 2025年5月10日, bo_status: missing}}
""",
}


@pytest.fixture
def framed(mini_data: Path) -> Path:
    """The mini data set with a preamble and a closing in both of tashi's revisions."""
    for name, frame in FRAMES.items():
        path = mini_data / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\nchapters:\n", f"\n{frame}chapters:\n", 1), encoding="utf-8")
    return mini_data


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def render(county, kind: str, lang: str, key: str | None = None) -> str:
    spec = next(s for s in site.pages(county, Addresses(SITE_URL))
                if s.kind == kind and (key is None or key in s.key))
    return Renderer(county, site_url=SITE_URL).render(spec, lang)[1]


# --- reading --------------------------------------------------------------------------------------

def test_the_preamble_and_the_closing_lines_are_read_in_order(framed):
    current = load(framed).regulations["tashi"].current
    assert current.preamble.zh == PREAMBLE_2025 and current.preamble.bo == PREAMBLE_2025_BO
    assert [line.zh for line in current.closing] == ["扎西村村民代表大会", "2025年5月10日"]
    assert current.closing[1].bo_status == "missing"
    norbu = load(framed).regulations["norbu"].current
    assert norbu.preamble is None and norbu.closing == ()  # both optional


def test_a_closing_of_more_than_ten_lines_is_refused(framed):
    lines = "".join(f"  - {{zh: 第{k}行, bo_status: missing}}\n" for k in range(11))
    edit(framed, TASHI_2025, "closing:\n", "closing:\n" + lines)
    with pytest.raises(DataError) as error:
        load(framed)
    [problem] = [p for p in error.value.problems if p.rule == "long-closing"]
    assert problem.path.endswith(TASHI_2025) and "13 lines" in problem.message


# --- pages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["village", "revision"])
def test_the_page_shows_the_preamble_before_chapter_one_and_the_closing_after_the_last_article(
        framed, kind):
    county = load(framed)
    key = "tashi/" if kind == "village" else "tashi/2025-05-10"
    zh = render(county, kind, "zh", key)
    assert zh.index(PREAMBLE_2025) < zh.index('id="c-general"')
    assert zh.index('id="a-grazing"') < zh.index('class="rp-closing"') < zh.index("2025年5月10日")
    bo = render(county, kind, "bo", key)
    assert bo.index(PREAMBLE_2025_BO) < bo.index('id="c-general"')
    closing = bo[bo.index('class="rp-closing"'):]
    assert "བཀྲ་ཤིས་གྲོང་ཚོའི་དམངས་འཐུས་ཚོགས་ཆེན།" in closing
    assert '<span lang="zh">2025年5月10日</span>' in closing  # no Tibetan yet: the Chinese, marked


def test_the_parallel_view_pairs_the_preamble_and_the_closing(framed):
    html = render(load(framed), "parallel", "zh", "tashi/")
    preamble = html[html.index('rp-pair rp-preamble'):html.index('id="c-general"')]
    assert PREAMBLE_2025 in preamble and PREAMBLE_2025_BO in preamble
    closing = html[html.index('rp-pair rp-closing'):]
    assert closing.index("扎西村村民代表大会") < closing.index("བཀྲ་ཤིས་གྲོང་ཚོའི་དམངས་འཐུས་ཚོགས་ཆེན།")


def test_the_poster_prints_the_preamble_first_and_the_closing_last(framed):
    county = load(framed)
    html = PosterRenderer(county, Addresses(SITE_URL)).regulation(county.regulations["tashi"],
                                                                 A4)  # the table layout: Chinese | Tibetan
    table = html[html.index('<table class="articles">'):html.index("</table>", html.index('<table class="articles">'))]
    assert table.index(PREAMBLE_2025) < table.index('id="a-purpose"')
    assert table.index(PREAMBLE_2025_BO) < table.index('id="a-purpose"')
    closing = table[table.index('<tbody class="closing">'):]
    assert table.index('id="a-grazing"') < table.index('<tbody class="closing">')
    assert "<p>扎西村村民代表大会</p><p>2025年5月10日</p>" in closing


def test_the_a3_poster_in_columns_prints_them_too(framed):
    county = load(framed)
    html = PosterRenderer(county, Addresses(SITE_URL)).regulation(county.regulations["tashi"], A3)
    assert html.index(PREAMBLE_2025) < html.index('id="a-purpose"') < html.index("扎西村村民代表大会")
    assert html.index('id="a-grazing"') < html.index("2025年5月10日")


# --- open data ------------------------------------------------------------------------------------

def test_open_data_has_them_in_the_json_and_stays_schema_valid(framed):
    import json
    county = load(framed)
    files = opendata.files(county, SITE_URL)
    tashi = json.loads(files["data/villages/tashi.json"])
    assert schema_problems("village", tashi) == []
    current = tashi["revisions"][-1]
    assert current["preamble"] == {"zh": PREAMBLE_2025, "bo": PREAMBLE_2025_BO, "bo_status": "draft"}
    assert current["closing"][1] == {"zh": "2025年5月10日", "bo": None, "bo_status": "missing"}
    assert tashi["comparisons"][0]["texts"] == [{"part": "preamble", "status": "changed"},
                                               {"part": "closing", "status": "changed"}]
    norbu = json.loads(files["data/villages/norbu.json"])
    assert "preamble" not in norbu["revisions"][-1] and "texts" not in norbu["comparisons"][0]
    assert PREAMBLE_2025 not in files["data/articles.csv"].decode("utf-8-sig")  # articles only


# --- comparison -----------------------------------------------------------------------------------

def test_a_changed_preamble_is_compared_like_an_article_and_counted_apart(framed):
    county = load(framed)
    old, new = county.regulations["tashi"].revisions
    comparison = compare(old, new)
    assert comparison.preamble.status == "changed"
    inserted = [s.text for s in comparison.preamble.zh if s.op == "insert"]
    assert "和生态保护" in inserted
    assert comparison.closing.status == "changed"
    counts = comparison.counts["articles"]
    total = sum(counts[s] for s in ("added", "removed", "changed", "unchanged"))
    assert total == len(comparison.articles) == 2  # the preamble and closing are not articles


def test_a_revision_gaining_a_preamble_shows_it_added(framed):
    edit(framed, TASHI_2020, f"preamble: {{zh: {PREAMBLE_2020}, bo: \"གྲོང་ཚོའི་རང་སྐྱོང་ཆེད་སྒྲིག་སྲོལ་འདི་བཟོས།\", "
         "bo_status: draft}\n", "")
    old, new = load(framed).regulations["tashi"].revisions
    change = compare(old, new).preamble
    assert change.status == "added" and change.old == ()
    assert [s.op for s in change.zh] == ["insert"]


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_the_comparison_page_shows_the_preamble_change_inline_before_the_articles(framed, lang):
    html = render(load(framed), "compare", lang, "tashi")
    row = html[html.index('id="t_preamble"'):]
    row = row[:row.index("</tr>")]
    assert re.search(r"<ins>.*和生态保护.*</ins>", row)
    redline = html[html.index('id="redline"'):]
    assert redline.index('id="r_preamble"') < redline.index('id="r-')  # before the articles
    assert redline.index('id="r_closing"') > redline.rindex('id="r-')  # after them
    closing = redline[redline.index('id="r_closing"'):]
    assert re.search(r"<del>.*0年3.*</del>.*<ins>.*5年5.*</ins>", closing)  # the new date


# --- lock and translation -------------------------------------------------------------------------

def test_editing_the_preambles_chinese_is_refused_its_tibetan_is_translation(framed):
    lockfile.write_lock(framed, load(framed))
    edit(framed, TASHI_2025, PREAMBLE_2025_BO, "གྲོང་ཚོའི་རང་སྐྱོང་དང་སྐྱེ་ཁམས་སྲུང་སྐྱོབ་ཆེད་སྒྲིག་སྲོལ་བཟོས།")
    county = load(framed)  # accepted: translation work
    assert [c.texts for c in county.translation_changes] == [1]
    edit(framed, TASHI_2025, "扎西村村民代表大会", "扎西村村民大会")
    edit(framed, TASHI_2025, "和生态保护", "")
    with pytest.raises(DataError) as error:
        load(framed)
    [problem] = [p for p in error.value.problems if p.rule == "locked-revision"]
    assert "preamble changed" in problem.message and "closing changed" in problem.message


def test_the_exchange_exports_them_as_units_and_imports_a_closing_lines_tibetan(framed, tmp_path, capsys):
    out = tmp_path / "tashi.po"
    assert translations(["export", "--data", str(framed), "--village", "tashi",
                         "--status", "missing,draft", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert f'msgctxt "{TASHI_2025}#preamble"' in text
    assert f'msgctxt "{TASHI_2025}#closing/1"' in text
    assert text.index("#preamble") < text.index("#chapters/") < text.index("#closing/0")
    text = text.replace('msgid "2025年5月10日"\nmsgstr ""', 'msgid "2025年5月10日"\nmsgstr "ཕྱི་ལོ་༢༠༢༥ ཟླ་༥ ཚེས་༡༠"')
    out.write_text(text, encoding="utf-8")
    assert translations(["import", str(out), "--data", str(framed)]) == 0, capsys.readouterr().err
    line = load(framed).regulations["tashi"].current.closing[1]
    assert (line.bo, line.bo_status) == ("ཕྱི་ལོ་༢༠༢༥ ཟླ་༥ ཚེས་༡༠", "reviewed")


def test_a_new_revision_keeps_the_tibetan_of_an_unchanged_preamble_and_closing_line(framed):
    county = load(framed)
    previous = county.regulations["tashi"].current
    carried = carry_over(Plan([], 0, 0, []), previous, translation.memory_of(county), "扎西村村规民约",
                         "村民代表大会", preamble=PREAMBLE_2025,
                         closing=("扎西村村民代表大会", "2026年1月5日"))
    assert carried.texts["preamble"].bo == PREAMBLE_2025_BO
    assert carried.texts["closing:0"].bo == "བཀྲ་ཤིས་གྲོང་ཚོའི་དམངས་འཐུས་ཚོགས་ཆེན།"
    assert carried.texts["closing:1"].bo_status == "missing"  # a new date: nothing to keep


@pytest.mark.parametrize("kind", ["village", "revision", "parallel", "compare"])
def test_the_tibetan_pages_with_them_have_no_tibetan_fault(framed, kind):
    from tibetan_text import Typed, problems, typed_strings
    county = load(framed)
    names = [p.name.bo for p in (*county.villages, *county.townships, county) if p.name.bo]
    key = "tashi/2025-05-10" if kind == "revision" else "tashi"
    html = f'<html lang="bo"><body>{render(county, kind, "bo", key)}</body></html>'  # as written
    assert problems(html, names, Typed(typed_strings(framed))) == []


def test_search_finds_the_preamble_and_opens_it_on_the_village_page(framed):
    import json

    from regpub import search
    county = load(framed)
    for lang, text in (("zh", PREAMBLE_2025), ("bo", PREAMBLE_2025_BO)):
        [data] = search.build(county, lang, Addresses())
        docs = [d for d in json.loads(data.payload)["docs"] if d[1].endswith("#preamble")]
        assert [(d[1], d[3]) for d in docs] == [("villages/tashi/#preamble", text)], lang
    assert docs[0][2] == "བཀྲ་ཤིས་ཀྱི་སྔོན་གླེང"  # བཀྲ་ཤིས, declined: ཀྱི after ས
    html = Renderer(county).render(
        next(s for s in site.pages(county) if s.key == "villages/tashi/"), "zh")[1]
    assert '<section class="rp-preamble" id="preamble"' in html
    assert PREAMBLE_2020 not in json.dumps(docs, ensure_ascii=False)  # the current one only
