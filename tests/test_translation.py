"""The translation lifecycle: review records, outdated translations, and what a new revision
carries over from the previous one when `python build.py import` reads the village's text again.

The tests add to the mini data set a revision of the village tashi (2025-09-01) with five
articles, each with a Tibetan text; two are reviewed, the fire article has two points
provisions, every article has a phrase tag.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from regpub.importing import main as import_main
from regpub.load import DataError, load
from regpub.translation import REVIEWER_ROLES, carry, fingerprint, memory_of
from regpub import model as m

WHEN = "2025-09-01"
ARTICLES = [  # id, Chinese, Tibetan (draft translations written for the tests), phrase
    ("purpose", "为维护本村稳定和谐，制定本村规民约。", "གྲོང་ཚོའི་བརྟན་ལྷིང་སྲུང་ཕྱིར་སྒྲིག་སྲོལ་འདི་བཟོས།", "shou-guo-tu"),
    ("grazing", "草场实行轮牧，禁止超载放牧。", "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད།", "hu-cao-yuan"),
    ("fire", "严禁在草场野外用火。", "རྩྭ་ཐང་དུ་མེ་སྤྱོད་བཀག", "hu-cao-yuan"),
    ("water", "保护水源，不得向河道倾倒垃圾。", "ཆུ་ཁུངས་སྲུང་སྐྱོབ་བྱེད།", "hu-cao-yuan"),
    ("border", "村民应当守护边境。", "གྲོང་མི་ཚོས་ས་མཚམས་སྲུང་དགོས།", "shou-guo-tu"),
]
REVIEWED = {"purpose", "border"}


def revision_yaml(articles=ARTICLES, when=WHEN) -> str:
    lines = ["sample: true", "village: tashi", f"adopted: {when}", "kind: revision",
             'body: {zh: 村民代表大会, bo: "དམངས་འཐུས་ཚོགས་ཆེན།", bo_status: draft}',
             'title: {zh: 扎西村村规民约, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་ཁྲིམས་དམངས་གན།", bo_status: draft}',
             "summary: {zh: 增加防火条款。, bo_status: missing}",
             "chapters:", "  - id: general", '    title: {zh: 总则, bo: "སྤྱི་ཚན།", bo_status: draft}',
             "    articles:"]
    for aid, zh, bo, phrase in articles:
        lines += [f"      - id: {aid}", f"        zh: {zh}", f'        bo: "{bo}"']
        if aid in REVIEWED:
            lines += ["        bo_status: reviewed",
                      f"        bo_review: {{date: 2025-09-20, by: county-translation-office, "
                      f"zh: {fingerprint(zh)}}}"]
        else:
            lines.append("        bo_status: draft")
        lines.append(f"        phrases: [{phrase}]")
        if aid == "fire":
            lines += ["        provisions:",
                      "          - kind: penalty", "            points: -10",
                      "            measures: [criticism]",
                      '            condition: {zh: 在草场野外用火的, bo: "རྩྭ་ཐང་དུ་མེ་སྤྱོད་པ།", bo_status: draft}',
                      "          - kind: reward", "            points: 3",
                      "            condition: {zh: 及时报告火情的, bo_status: missing}"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def data(mini_data: Path) -> Path:
    (mini_data / "villages/tashi" / f"{WHEN}.yaml").write_text(revision_yaml(), encoding="utf-8")
    return mini_data


def reimport(data: Path, capsys, texts: dict[str, str], when="2026-03-01", extra=()):
    """Import the articles' Chinese (with `texts` replacing some) as a .txt; returns the new
    revision and what the importer printed."""
    document = data.parent / "regulation.txt"
    lines = ["扎西村村规民约", "第一章 总则"]
    lines += [f"第{n}条 {texts.get(aid, zh)}" for n, (aid, zh, _, _) in enumerate(ARTICLES, 1)]
    lines += [f"第{n}条 {zh}" for n, zh in enumerate(extra, len(ARTICLES) + 1)]
    document.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = import_main([str(document), "--data", str(data), "--village", "tashi", "--date", when])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    revision = load(data).regulations["tashi"].current
    assert revision.key == when
    return revision, out.out


def by_id(revision: m.Revision) -> dict[str, m.Article]:
    return {n.article.id: n.article for n in revision.numbered()}


# --- statuses and review records ----------------------------------------------------------------

def test_a_review_records_role_date_and_source(data):
    article = by_id(load(data).regulations["tashi"].current)["purpose"]
    assert article.text.bo_status == "reviewed"
    assert article.text.review == m.Review(date(2025, 9, 20),
                                           "county-translation-office", fingerprint(ARTICLES[0][1]))


def test_a_reviewed_text_whose_chinese_changed_is_outdated_with_a_warning(data):
    path = data / "villages/tashi" / f"{WHEN}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("村民应当守护边境。", "村民应当守护边境，发现异常及时报告。"),
                    encoding="utf-8")
    county = load(data)  # a warning, not an error: the site still builds
    border = by_id(county.regulations["tashi"].current)["border"]
    assert (border.text.bo_status, border.text.bo) == ("outdated", None)  # never shown as current
    assert border.text.outdated_bo == ARTICLES[4][2]
    [warning] = [w for w in county.warnings if w.rule == "outdated-translation"]
    line = text.splitlines().index("        bo_status: reviewed", 30) + 1
    assert (warning.path, warning.line) == (f"regulations/villages/tashi/{WHEN}.yaml", line)
    assert "article 'border'" in warning.message


@pytest.mark.parametrize("edit, rule, message", [
    (("by: county-translation-office", "by: 次仁"), "reviewer-role", "not a reviewer role"),
    (("by: county-translation-office", "by: tenzin-dorje"), "reviewer-role", "not a reviewer role"),
    (("zh: " + fingerprint(ARTICLES[0][1]), "zh: abc"), "review-record", "not a fingerprint"),
    (("bo_status: reviewed\n        bo_review:", "bo_status: draft\n        bo_review:"),
     "review-record", "a review record on a draft"),
])
def test_review_records_are_checked(data, edit, rule, message):
    path = data / "villages/tashi" / f"{WHEN}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(data)
    assert [p.rule for p in e.value.problems] == [rule], e.value.report()
    assert message in e.value.problems[0].message


def test_reviewed_needs_its_record(data):
    path = data / "villages/tashi" / f"{WHEN}.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "bo_review" in line)
    path.write_text("".join(lines[:at] + lines[at + 1:]), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(data)
    [problem] = e.value.problems
    assert (problem.rule, problem.line) == ("review-record", at)  # the bo_status line above
    assert fingerprint(ARTICLES[0][1]) in problem.hint  # what to write


def test_roles_are_roles_not_names():
    assert all("-" in role and role.islower() for role in REVIEWER_ROLES)


def test_carry_rules():
    reviewed = m.Text("禁止放火。", "མེ་བཀག", "reviewed", m.Review(date(2026, 1, 5), "village-committee",
                                                            fingerprint("禁止放火。")))
    same, how = carry(reviewed, "禁止放火 。")  # punctuation and spaces do not count
    assert (how, same.bo_status, same.review) == ("kept", "reviewed", reviewed.review)
    changed, how = carry(reviewed, "禁止野外放火。")
    assert (how, changed.bo_status, changed.bo, changed.outdated_bo, changed.was_zh) == (
        "outdated", "outdated", None, "མེ་བཀག", "禁止放火。")
    again, how = carry(changed, "禁止在野外放火。")  # still translating the first Chinese
    assert (how, again.was_zh) == ("outdated", "禁止放火。")


# --- carry-over on import -----------------------------------------------------------------------

def test_an_amendment_keeps_everything_of_its_unchanged_articles(data, capsys):
    # The amendment adds one article; the five others are re-imported unchanged. (A re-import
    # that changes nothing at all is refused as identical: see test_amend.py.)
    old = by_id(load(data).regulations["tashi"].current)
    new, out = reimport(data, capsys, {}, extra=["村民应当爱护公共设施。"])
    articles = by_id(new)
    assert list(articles)[:5] == [a[0] for a in ARTICLES]
    for aid, article in list(articles.items())[:5]:
        assert article.text == old[aid].text  # Tibetan, status and review record
        assert article.phrases == old[aid].phrases
        assert article.provisions == old[aid].provisions
    assert new.title.bo == "བཀྲ་ཤིས་གྲོང་ཚོའི་སྒྲིག་ཁྲིམས་དམངས་གན།"
    assert new.chapters[0].title.bo == "སྤྱི་ཚན།"
    assert "Tibetan of the 6 articles: kept 5/5 from 2025-09-01, outdated 0" in out
    assert "from memory 0 (draft), missing 1" in out
    assert "provisions kept 2/2, phrase tags kept 5/5" in out


def test_reimport_with_three_changed_articles_marks_exactly_those_outdated(data, capsys):
    changed = {"grazing": "草场实行轮牧，严禁超载放牧。",
               "fire": "严禁在草场和林地野外用火。",
               "border": "村民应当守护好边境。"}
    new, out = reimport(data, capsys, changed)
    articles = by_id(new)
    assert {aid for aid, a in articles.items() if a.text.bo_status == "outdated"} == set(changed)
    for aid in changed:
        text = articles[aid].text
        assert text.bo is None  # never the Tibetan shown
        assert text.was_zh == dict((a[0], a[1]) for a in ARTICLES)[aid]
        assert articles[aid].phrases  # phrase tags are about the subject: kept
    assert articles["purpose"].text.bo_status == "reviewed"
    assert articles["fire"].provisions  # kept, flagged for a check
    assert "outdated 3" in out
    assert "outdated: grazing, fire, border" in out
    assert "check the provisions of fire" in out
    written = (data / "villages/tashi/2026-03-01.yaml").read_text(encoding="utf-8")
    assert written.count("bo_status: outdated") == 3
    assert "bo_was: 严禁在草场野外用火。" in written


def test_new_articles_get_a_draft_from_the_county_memory(data, capsys):
    # norbu's article border has a reviewed Tibetan for this Chinese
    norbu = "村民应当守护边境，发现异常及时报告。"
    memory = memory_of(load(data))
    assert memory.lookup(norbu) == "གྲོང་མི་ཚོས་ས་མཚམས་སྲུང་དགོས།"
    document = data.parent / "new.txt"
    # tashi's own border article stays, so norbu's text is a new article, not an amendment of it
    document.write_text(f"第一条 {ARTICLES[0][1]}\n第二条 {ARTICLES[4][1]}\n第三条 {norbu}\n"
                        "第四条 村民应当爱护公共设施。\n", encoding="utf-8")
    assert import_main([str(document), "--data", str(data), "--village", "tashi",
                        "--date", "2026-03-01"]) == 0
    out = capsys.readouterr().out
    texts = [n.article.text for n in load(data).regulations["tashi"].current.numbered()]
    assert [t.bo_status for t in texts] == ["reviewed", "reviewed", "draft", "missing"]  # memory: never reviewed
    assert texts[2].bo == "གྲོང་མི་ཚོས་ས་མཚམས་སྲུང་དགོས།"
    assert "from memory 1 (draft), missing 1" in out


# --- the glossary ------------------------------------------------------------------------------

GLOSSARY = ("also: [phrases]\nterms:\n  - id: cun-gui-min-yue\n    zh: 村规民约\n"
            "    bo: སྒྲིག་ཁྲིམས་དམངས་གན\n    bo_status: draft\n")


def test_a_reviewed_text_that_translates_a_glossary_term_differently_is_a_warning(data):
    (data / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    county = load(data)
    # purpose (reviewed) says 本村规民约 but writes སྒྲིག་སྲོལ, not the county's term
    [warning] = [w for w in county.warnings if w.rule == "glossary-term"]
    assert warning.path == f"regulations/villages/tashi/{WHEN}.yaml"
    assert "article 'purpose'" in warning.message and "སྒྲིག་ཁྲིམས་དམངས་གན" in warning.message
    from regpub.glossary import conflicts
    [(article, term)] = conflicts(county, county.regulations["tashi"])
    assert (article.id, term.zh) == ("purpose", "村规民约")
    assert len(county.glossary) == 1 + len(county.phrases)


def test_the_glossary_file_is_checked_like_the_data(data):
    (data / "glossary.yaml").write_text(GLOSSARY.replace("also: [phrases]", "also: [phrase]")
                                        .replace("    bo_status: draft\n", "    bo_status: draft\n"
                                                 "    meaning: x\n"), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(data)
    assert [(p.path, p.line, p.rule) for p in e.value.problems] == [
        ("regulations/glossary.yaml", 1, "bad-choice"), ("regulations/glossary.yaml", 7, "unknown-field")]


# --- what the site shows ------------------------------------------------------------------------

def test_an_outdated_translation_is_never_shown_as_current(data, tmp_path):
    from sitecheck import BuiltSite, run_build

    path = data / "villages/tashi" / f"{WHEN}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("村民应当守护边境。", "村民应当守护好边境。"),
                    encoding="utf-8")  # border was reviewed against the old Chinese
    path.write_text(path.read_text(encoding="utf-8").replace("ཆུ་ཁུངས་སྲུང་སྐྱོབ་བྱེད།", "གྲོང་ཚོཡི་ཆུ་ཁུངས་སྲུང་སྐྱོབ་བྱེད།"),
                    encoding="utf-8")  # a merged syllable in a draft: a spelling warning
    result = run_build(data, tmp_path / "site", "--no-posters")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "[outdated-translation]" in result.stdout + result.stderr  # the build says so
    site = BuiltSite(tmp_path / "site", base_path="/nyalam/")
    page = site.page("bo/villages/tashi")
    article = page[page.index('id="a-border"'):]
    article = article[:article.index("</section>")] if "</section>" in article else article
    assert "གྲོང་མི་ཚོས་ས་མཚམས་སྲུང་དགོས།" not in article  # the old Tibetan
    assert "村民应当守护好边境。" in article  # the Chinese, with the notice
    assert "བོད་ཡིག་ཡིག་སྒྱུར་ད་དུང་གསར་བཅོས་བྱས་མེད" in article
    dashboard = site.page("dashboard")
    row = dashboard[dashboard.index('data-village="tashi"'):]
    row = row[:row.index("</tr>")]
    assert "<td>1 / 3 / 1 / 0</td>" in row  # reviewed / draft / outdated / missing articles
    assert 'href="../villages/tashi/#a-border"' in row
    assert '<span data-count="tibetan">1</span> <a href="../villages/tashi/#a-water">4</a>' in row
