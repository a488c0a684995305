"""Each article's history page and honest comparisons (issue 17).

The mini data set gets a third revision of Tashi (built here, `tashi_2026`): it adds an article
before `purpose` (so `purpose` keeps its text but goes from 第一条 to 第二条), deletes `grazing`
with a reason and the feedback behind it under `removed:`, and adds `water`.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from regpub import diff
from regpub.addresses import Addresses
from regpub.load import load
from regpub.numbering import article_label
from sitecheck import BuiltSite, run_build

TASHI_2026 = """\
sample: true
village: tashi
adopted: 2026-01-15
kind: review
body: {zh: 村民代表大会, bo: "དམངས་འཐུས་ཚོགས་ཆེན།", bo_status: draft}
votes: {for: 41, against: 0, abstain: 0}
title: {zh: 扎西村村规民约, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་སྲོལ།", bo_status: draft}
summary: {zh: 回头看后修订。, bo: "ཕྱིར་ལྟ་བྱས་རྗེས་བཅོས་སྒྲིག་བྱས།", bo_status: draft}
review:
  meetings:
    - {id: tashi-2026-01-05, date: 2026-01-05, participants: 38}
  feedback:
    - id: fb-1
      text: {zh: 轮牧已由草场承包合同规定，不必重复。, bo: "རེས་མོས་འཚོ་སྐྱོང་རྩྭ་ཐང་གི་གན་རྒྱར་བཀོད་ཟིན།", bo_status: draft}
      outcome: adopted
removed:
  - article: grazing
    reason: {zh: 已由草场承包合同规定，删除本条。, bo: "རྩྭ་ཐང་གི་གན་རྒྱར་བཀོད་ཟིན་པས་དོན་ཚན་འདི་བསུབས།", bo_status: draft}
    feedback: [fb-1]
chapters:
  - id: general
    title: {zh: 总则, bo: "སྤྱི་ཚན།", bo_status: draft}
    articles:
      - id: duty
        zh: 村民应当遵守本村规民约。
        bo: "གྲོང་མི་ཚོས་སྒྲིག་སྲོལ་འདི་བརྩི་སྲུང་བྱེད་དགོས།"
        bo_status: draft
        reason: {zh: 新增总则首条。, bo: "སྤྱི་ཚན་གྱི་དོན་ཚན་དང་པོ་གསར་སྣོན།", bo_status: draft}
      - id: purpose
        zh: 为维护本村稳定和谐，制定本村规民约。
        bo: "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།"
        bo_status: draft
        phrases: [shou-guo-tu]
  - id: ecology
    title: {zh: 生态, bo: "སྐྱེ་ཁམས།", bo_status: draft}
    articles:
      - id: water
        zh: 保护水源，禁止在水源地放牧。
        bo: "ཆུ་མགོ་སྲུང་སྐྱོབ་བྱེད་པ་དང་ཆུ་མགོར་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།"
        bo_status: draft
        reason: {zh: 新增水源保护。, bo: "ཆུ་མགོ་སྲུང་སྐྱོབ་གསར་སྣོན།", bo_status: draft}
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """The mini data set plus Tashi's 2026 revision (renumbering, a reasoned deletion)."""
    import shutil

    from conftest import FIXTURES

    root = tmp_path_factory.mktemp("history") / "regulations"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "villages" / "tashi" / "2026-01-15.yaml").write_text(TASHI_2026, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def county(data):
    return load(data, verify_lock=False)


@pytest.fixture(scope="module")
def site(data, tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("history-site") / "site"
    result = run_build(data, out, "--no-posters")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return BuiltSite(out, base_path="/nyalam/")


def comparisons(county):
    for regulation in county.regulations.values():
        revisions = regulation.revisions
        for i, old in enumerate(revisions):
            for new in revisions[i + 1:]:
                yield regulation, old, new


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# --- the model ----------------------------------------------------------------------------------

def test_a_deletion_carries_its_reason_and_feedback_from_removed(county):
    tashi = county.regulations["tashi"]
    new = tashi.current
    assert new.removal("grazing").feedback == ("fb-1",)
    change = next(a for a in diff.compare(tashi.revisions[1], new).articles if a.id == "grazing")
    assert change.status == "removed"
    assert change.reason.zh == "已由草场承包合同规定，删除本条。"
    assert change.feedback == ("fb-1",)


def test_a_renumbered_article_with_its_text_unchanged_is_counted_as_renumbered(county):
    tashi = county.regulations["tashi"]
    comparison = diff.compare(tashi.revisions[1], tashi.current)
    purpose = next(a for a in comparison.articles if a.id == "purpose")
    assert (purpose.status, purpose.old_number, purpose.new_number) == ("unchanged", 1, 2)
    assert purpose.category == "renumbered"
    assert comparison.tally == {"added": 2, "removed": 1, "changed": 0, "renumbered": 1,
                                "unchanged": 0}


def test_counts_add_up_to_the_articles_of_the_two_revisions_on_every_comparison(county):
    for _, old, new in comparisons(county):
        comparison = diff.compare(old, new)
        union = {n.id for n in old.numbered()} | {n.id for n in new.numbered()}
        assert sum(comparison.tally.values()) == comparison.total == len(union), (old.key, new.key)
        # and each article of the union is in exactly one category
        assert sorted(a.id for a in comparison.articles) == sorted(union)


def test_an_articles_history_has_every_revision_that_had_it_and_the_one_that_deleted_it(county):
    tashi = county.regulations["tashi"]
    history = diff.article_history(tashi, "grazing")
    assert [(v.revision.key, v.number, v.status) for v in history] == [
        ("2020-03-01", 2, "initial"), ("2025-05-10", 2, "changed"), ("2026-01-15", 2, "removed")]
    assert history[-1].article is None
    assert [v.status for v in diff.article_history(tashi, "purpose")] == [
        "initial", "changed", "renumbered"]


def test_a_removed_entry_for_an_article_still_there_or_with_unknown_feedback_is_refused(data, tmp_path):
    import shutil

    from regpub.load import DataError

    root = tmp_path / "regulations"
    shutil.copytree(data, root)
    path = root / "villages" / "tashi" / "2026-01-15.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - article: grazing\n", "  - article: purpose\n")
    text = text.replace("feedback: [fb-1]\n", "feedback: [fb-9]\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(root, verify_lock=False)
    found = {(p.rule, p.line) for p in error.value.problems}
    lines = text.splitlines()
    assert ("removed-article-present", lines.index("  - article: purpose") + 1) in found
    assert ("unknown-feedback", next(i for i, l in enumerate(lines, 1) if "fb-9" in l)) in found


# --- the pages ----------------------------------------------------------------------------------

def test_every_article_of_every_revision_has_a_history_page_in_both_languages(site, county):
    addr = Addresses()
    for regulation in county.regulations.values():
        for revision in regulation.revisions:
            for n in revision.numbered():
                for lang in ("zh", "bo"):
                    html = site.page(addr.article_history(regulation, n).path(lang))
                    # every version, with its date
                    assert f'id="v-{revision.key}"' in html
                    assert f'<time datetime="{revision.key}">' in html


def test_a_deleted_article_keeps_its_history_page_with_the_reason_and_feedback(site):
    html = site.page("villages/tashi/articles/grazing")
    assert [m for m in re.findall(r'data-status="(\w+)"', html)] == ["removed", "changed", "initial"]
    assert "已由草场承包合同规定，删除本条。" in html
    # the feedback by its first words, linked to the item in the review
    assert 'href="../../2026-01-15/#fb-fb-1">依据意见：轮牧已由草场承包合同规定…</a>' in html
    assert "明确禁止超载。" in html  # the 2025 change's reason
    assert '<del><span class="rp-sr">[删除： </span>草场实行轮牧，禁止超载放牧。' in html


def test_history_shows_the_renumbering_in_both_languages(site):
    assert "原第一条 → 第二条" in text_of(site.page("villages/tashi/articles/purpose"))
    bo = text_of(site.page("bo/villages/tashi/articles/purpose"))
    assert f"སྔར་གྱི་{article_label(1, 'bo')} → {article_label(2, 'bo')}" in bo


def test_comparison_shows_renumbering_counts_and_the_reason_of_a_deletion(site):
    html = site.page("villages/tashi/compare/2025-05-10...2026-01-15")
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', html))
    assert counts == {"added": "2", "removed": "1", "changed": "0", "renumbered": "1",
                      "unchanged": "0"}
    assert 'data-total="4"' in html and "两版合计4条" in html
    row = html[html.index('id="t-purpose"'):]
    row = row[:row.index("</tr>")]
    assert "原第一条 → 第二条" in text_of(row) and "改号" in row
    row = html[html.index('id="t-grazing"'):]
    row = row[:row.index("</tr>")]
    assert "已由草场承包合同规定，删除本条。" in row and "未说明" not in row
    assert "依据意见：轮牧已由草场承包合同规定…" in row and "fb-1<" not in row


def test_no_reason_is_said_only_when_there_is_none(data, tmp_path):
    """The same deletion without its `removed:` entry: the table says 未说明."""
    import shutil

    from regpub import site as pages
    from regpub.render import Renderer

    root = tmp_path / "regulations"
    shutil.copytree(data, root)
    path = root / "villages" / "tashi" / "2026-01-15.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("removed:")] + text[text.index("chapters:"):], encoding="utf-8")
    county = load(root, verify_lock=False)
    spec = next(p for p in pages.pages(county) if p.key.endswith("2025-05-10...2026-01-15/"))
    _, html = Renderer(county).render(spec, "zh")
    row = html[html.index('id="t-grazing"'):]
    assert "未说明" in row[:row.index("</tr>")]


@pytest.mark.parametrize("page, article", [
    ("villages/tashi", "purpose"), ("villages/tashi/2025-05-10", "purpose"),
    ("villages/tashi/parallel", "purpose"), ("villages/tashi/compare/2025-05-10...2026-01-15", "purpose"),
    ("villages/norbu/points", "fire"),  # norbu's articles give and cost points
])
def test_article_numbers_link_to_their_history(site, page, article):
    html = site.page(page)
    assert re.search(rf'href="(?:\.\./)*articles/{article}/[^"]*"', html), page


def test_every_link_of_the_history_pages_resolves(site):
    broken = [b for b in site.broken_links() if "/articles/" in b]
    assert broken == []


# --- the shipped data ---------------------------------------------------------------------------

@pytest.mark.sample_data
def test_shipped_comparisons_count_every_article_once():
    county = load(Path(__file__).parent.parent / "regulations")
    for regulation, old, new in comparisons(county):
        comparison = diff.compare(old, new)
        union = {n.id for n in old.numbered()} | {n.id for n in new.numbered()}
        assert sum(comparison.tally.values()) == len(union), (regulation.village.id, old.key, new.key)
        for a in comparison.articles:  # a renumbering is never called unchanged
            if a.old_number is not None and a.new_number is not None and a.old_number != a.new_number:
                assert a.category != "unchanged", (regulation.village.id, a.id)


def test_shipped_comparison_pages_show_every_renumbering_and_add_up(shipped_site):
    county = load(Path(__file__).parent.parent / "regulations")
    addr = Addresses()
    for regulation, old, new in comparisons(county):
        html = shipped_site.page(addr.compare(old, new).path("zh"))
        counts = {k: int(v) for k, v in re.findall(r'data-count="(\w+)">(\d+)<', html)}
        total = int(re.search(r'data-total="(\d+)"', html).group(1))
        assert sum(counts.values()) == total, (regulation.village.id, old.key, new.key)
        for a in diff.compare(old, new).articles:
            if a.old and a.new and a.old_number != a.new_number:
                assert f'data-renumbered="{a.old_number}-{a.new_number}"' in html
                assert f"原{article_label(a.old_number, 'zh')} → {article_label(a.new_number, 'zh')}" in html


def test_shipped_renumbering_named_in_issue_17(shipped_site):
    html = text_of(shipped_site.page("villages/zhaxigang/compare/2025-04-29...2025-11-06"))
    for old, new in (("第五条", "第六条"), ("第六条", "第七条"), ("第十七条", "第十六条")):
        assert f"原{old} → {new}" in html


def test_every_shipped_article_has_its_history_page(shipped_site):
    county = load(Path(__file__).parent.parent / "regulations")
    addr = Addresses()
    for regulation in county.regulations.values():
        for revision in regulation.revisions:
            for n in revision.numbered():
                for lang in ("zh", "bo"):
                    html = shipped_site.page(addr.article_history(regulation, n).path(lang))
                    assert f'id="v-{revision.key}"' in html, (regulation.village.id, n.id, lang)
