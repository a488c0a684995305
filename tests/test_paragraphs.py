"""Articles of several paragraphs (款) with numbered items (项): read, shown, compared, locked,
exchanged and printed part by part.

The data: tests/fixtures/mini with tests/fixtures/paragraphs copied over it, which adds two
revisions of Norbu whose article 'pasture' has two paragraphs, the first with items; the later
revision adds the item 'closed'.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from regpub import exchange, lock as lockfile, opendata, translation, yamledit
from regpub.addresses import Addresses
from regpub.diff import compare
from regpub.load import load
from regpub.numbering import item_label
from regpub.posters.compose import PosterRenderer
from regpub.posters.paper import A4
from regpub.problems import DataError
from sitecheck import FIXTURES, BuiltSite, run_build

SITE_URL = "https://example.org/nyalam/"
BEFORE = "villages/norbu/2026-01-10.yaml"
AFTER = "villages/norbu/2026-03-01.yaml"


def with_paragraphs(root: Path) -> Path:
    """The mini data set plus the revisions with paragraphs and items, at root/regulations."""
    target = root / "regulations"
    shutil.copytree(FIXTURES / "mini", target)
    shutil.copytree(FIXTURES / "paragraphs", target, dirs_exist_ok=True)
    return target


@pytest.fixture
def data(tmp_path) -> Path:
    return with_paragraphs(tmp_path)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    root = tmp_path_factory.mktemp("paragraphs")
    out = root / "site"
    result = run_build(with_paragraphs(root), out, "--no-posters")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return BuiltSite(out, base_path="/nyalam/")


def pasture(county, key="2026-03-01"):
    revision = next(r for r in county.regulations["norbu"].revisions if r.key == key)
    return next(n.article for n in revision.numbered() if n.id == "pasture")


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(data: Path):
    with pytest.raises(DataError) as error:
        load(data)
    return error.value.problems


# -- the model -------------------------------------------------------------------------------------

def test_an_article_holds_paragraphs_and_items_and_a_plain_one_is_one_paragraph(data):
    county = load(data)
    article = pasture(county)
    assert [p.id for p in article.paragraphs] == ["p1", "p2"]
    assert [i.id for i in article.paragraphs[0].items] == ["winter", "summer", "closed"]
    assert article.structured
    # Consumers that take an article whole get its parts a line each, and the weakest status.
    assert article.text.zh.split("\n") == [t.zh for _, t in article.parts()]
    assert article.text.bo_status == "missing" and article.text.bo is None
    border = next(n.article for n in county.regulations["norbu"].current.numbered()
                  if n.id == "border")
    assert not border.structured
    assert [(p.id, p.text, p.items) for p in border.paragraphs] == [("p1", border.text, ())]


def test_item_labels_come_from_the_order():
    assert [item_label(n, "zh") for n in (1, 2, 11)] == ["（一）", "（二）", "（十一）"]
    assert item_label(12, "bo") == "(༡༢)"
    assert item_label(12, "bo", "arabic") == "(12)"


def test_an_id_used_twice_in_an_article_is_refused(data):
    edit(data, AFTER, "{id: closed,", "{id: winter,")
    edit(data, AFTER, "          - id: p2\n", "          - id: p1\n")
    problems = [p for p in problems_of(data) if p.rule == "duplicate-id"]
    assert [p.path.endswith(AFTER) for p in problems] == [True, True]
    assert "item id 'winter' is used twice" in problems[0].message
    assert "paragraph id 'p1' is used twice" in problems[1].message


def test_items_of_different_paragraphs_may_share_an_id(data):
    """As the importer numbers them: i1, i2 ... in each paragraph."""
    edit(data, AFTER, "            bo_status: missing\n",
         "            bo_status: missing\n            items:\n              - {id: winter, zh: 屡教不改的，取消当年评优资格。, bo_status: missing}\n")
    assert [i.id for i in pasture(load(data)).paragraphs[1].items] == ["winter"]


def test_an_article_with_both_a_text_and_paragraphs_is_refused(data):
    edit(data, AFTER, "      - id: pasture\n", "      - id: pasture\n        zh: 草场实行划区轮牧。\n")
    [problem] = [p for p in problems_of(data) if p.rule == "paragraphs-and-text"]
    assert "article 'pasture' has both 'zh' and 'paragraphs'" in problem.message


# -- pages -----------------------------------------------------------------------------------------

def test_the_page_shows_paragraphs_and_numbered_items(site):
    html = site.page("villages/norbu/")
    start = html.index('id="a-pasture"')
    article = html[start:html.index("</div>", start)]
    assert article.count("<p>") == 2  # two paragraphs
    assert article.count('<li class="rp-item">') == 3
    assert ['（一）', '（二）', '（三）'] == [article[i + len('rp-item__label">'):][:3] for i in
                                          _all(article, 'rp-item__label">')]
    bo = site.page("bo/villages/norbu/")
    bo_article = bo[bo.index('id="a-pasture"'):]
    assert '<span class="rp-item__label">(༡)</span> དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་།' in bo_article
    # The item without Tibetan: its Chinese, marked as Chinese, with its Chinese label.
    assert '<span class="rp-item__label" lang="zh">（三）</span> <span lang="zh">退化草场禁牧。</span>' \
        in bo_article


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def test_the_parallel_view_labels_items_in_each_language(site):
    html = site.page("villages/norbu/parallel/")
    pair = html[html.index('id="a-pasture"'):]
    assert '<span class="rp-item__label">（二）</span> 夏秋草场六月至十一月放牧。' in pair
    assert '<span class="rp-item__label">(༢)</span> དབྱར་སྟོན་གྱི་རྩྭ་ཐང་།' in pair


# -- comparison ------------------------------------------------------------------------------------

def test_an_item_added_inside_an_article_is_that_item_added(data):
    county = load(data)
    old, new = county.regulations["norbu"].revisions[-2:]
    comparison = compare(old, new)
    [change] = [c for c in comparison.articles if c.status != "unchanged"]
    assert change.id == "pasture" and change.status == "changed"
    assert comparison.counts["articles"]["changed"] == 1  # counts stay per article
    assert [(p.id, p.kind, p.status, p.number) for p in change.parts] == [
        ("p1", "paragraph", "unchanged", None), ("p1/winter", "item", "unchanged", 1),
        ("p1/summer", "item", "unchanged", 2), ("p1/closed", "item", "added", 3),
        ("p2", "paragraph", "unchanged", None)]
    # Back the other way, the item is removed; its neighbours are untouched.
    back = {p.id: p.status for p in compare(new, old).articles[1].parts}
    assert back["p1/closed"] == "removed" and back["p1/winter"] == back["p2"] == "unchanged"


def test_a_reworded_item_is_that_item_changed_with_its_inline_diff(data):
    edit(data, AFTER, "夏秋草场六月至十一月放牧。", "夏秋草场七月至十一月放牧。")
    county = load(data)
    change = compare(*county.regulations["norbu"].revisions[-2:]).articles[1]
    summer = next(p for p in change.parts if p.id == "p1/summer")
    assert summer.status == "changed"
    assert ("delete", "六") in summer.zh and ("insert", "七") in summer.zh


def test_the_comparison_page_shows_the_added_item_alone_as_added(site):
    html = site.page("villages/norbu/compare/2026-01-10...2026-03-01/")
    redline = html[html.index('id="r-pasture"'):]
    redline = redline[:redline.index("</div>\n</div>")]
    added = redline[redline.index('data-part="p1/closed"'):]
    added = added[:added.index("</p>")]
    assert 'data-part-status="added"' in added and "<ins>" in added and "退化草场禁牧。" in added
    assert "（三）" in added
    winter = redline[redline.index('data-part="p1/winter"'):]
    winter = winter[:winter.index("</p>")]
    assert 'data-part-status="unchanged"' in winter and "<ins>" not in winter
    assert "冬春草场十二月至次年五月放牧。" in winter


# -- open data -------------------------------------------------------------------------------------

def test_open_data_has_paragraphs_and_items_and_validates(data):
    county = load(data)
    files = opendata.files(county, SITE_URL)
    village = json.loads(files[Addresses(SITE_URL).data_village("norbu").key])
    validator = Draft202012Validator(opendata.schema("village"),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(village)] == []
    current = next(r for r in village["revisions"] if r["adopted"] == "2026-03-01")
    articles = {a["id"]: a for c in current["chapters"] for a in c["articles"]}
    assert "paragraphs" not in articles["border"]  # a plain article is its text, as before
    [p1, p2] = articles["pasture"]["paragraphs"]
    assert [i["id"] for i in p1["items"]] == ["winter", "summer", "closed"]
    assert p1["items"][2] == {"id": "closed", "zh": "退化草场禁牧。", "bo": None,
                              "bo_status": "missing"}
    assert p2["items"] == []
    # The CSV keeps one row per article, its parts joined by line breaks.
    rows = [r for r in opendata.csv_rows(county)
            if r["article_id"] == "pasture" and r["revision_date"] == "2026-03-01"]
    assert len(rows) == 1 and rows[0]["zh"].count("\n") == 4


# -- lock ------------------------------------------------------------------------------------------

def test_a_locked_items_chinese_is_adopted_and_its_tibetan_translation(data):
    lockfile.write_lock(data, load(data))
    edit(data, AFTER, "冬春草场十二月至次年五月放牧。", "冬春草场十一月至次年五月放牧。")
    [problem] = [p for p in problems_of(data) if p.rule == "locked-revision"]
    assert problem.message.endswith("published revision was edited: article 'pasture' item "
                                    "'p1/winter' changed")
    edit(data, AFTER, "冬春草场十一月至次年五月放牧。", "冬春草场十二月至次年五月放牧。")
    edit(data, AFTER, '"དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་།"', '"དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་ཆེན།"')
    county = load(data)
    changed = lockfile.changes_since_locked(data, county)[AFTER]
    assert changed.adopted == ()
    assert changed.translation == ("article 'pasture' item 'p1/winter' changed",)


# -- translation exchange --------------------------------------------------------------------------

def test_each_paragraph_and_item_is_a_translation_unit_written_back_in_place(data):
    county = load(data)
    units = {u.id: u for u in exchange.units_of(county, village="norbu", statuses=("missing",))
             if "/articles/pasture/" in u.id}
    base = f"{AFTER}#chapters/general/articles/pasture/paragraphs"
    assert set(units) == {f"{base}/p1/items/closed/text", f"{base}/p2/text"}
    closed = units[f"{base}/p1/items/closed/text"]
    assert closed.text.zh == "退化草场禁牧。"
    assert any("paragraph p1, item closed" in note for note in closed.notes)
    # The unit's path leads the writer to that item's mapping and no other.
    path = data / AFTER
    where = closed.id.partition("#")[2]
    path.write_text(yamledit.set_translation(path.read_text(encoding="utf-8"), where,
                                             [("bo", '"སྐྱོན་ཅན་རྩྭ་ཐང་འཚོ་འགོག"'),
                                              ("bo_status", "draft")]), encoding="utf-8")
    item = pasture(load(data)).paragraphs[0].items[2]
    assert (item.text.bo, item.text.bo_status) == ("སྐྱོན་ཅན་རྩྭ་ཐང་འཚོ་འགོག", "draft")
    assert dict(translation.texts_of(load(data).regulations["norbu"].current))[where] == item.text


# -- posters ---------------------------------------------------------------------------------------

def test_the_poster_prints_each_item_on_its_own_line(data):
    county = load(data)
    html = PosterRenderer(county, Addresses(SITE_URL)).regulation(county.regulations["norbu"],
                                                                  A4)  # the table layout: Chinese | Tibetan
    row = html[html.index('id="a-pasture"'):]
    row = row[:row.index("</tr>")]
    zh = row[:row.index('<td lang="bo"')]
    assert '<p class="item"><span class="item-label">（三）</span> 退化草场禁牧。</p>' in zh
    assert zh.count('<p class="item">') == 3 and zh.count('<p class="para">') == 2
    assert '<p class="item"><span class="item-label">(༡)</span> དགུན་དཔྱིད་ཀྱི་རྩྭ་ཐང་།</p>' in row


# -- Tibetan as a reader sees it -------------------------------------------------------------------

def test_pages_and_posters_with_items_pass_the_tibetan_page_checks(site, data):
    from test_tibetan_pages import poster_problems, site_problems

    assert site_problems(site, data) == {}
    assert poster_problems(data) == {}
