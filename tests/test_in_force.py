"""In force from / to (issue 17): a revision may state the day it takes effect (`in_force:`,
default its adoption); the model says which revision was in force on a day and until when; the
pages say 现行有效 / 已失效 with the dates in both languages; the open data carries the dates;
/changes/ carries the filter index."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from regpub import changes, opendata
from regpub.load import DataError, load
from regpub.lock import write_lock
from sitecheck import BuiltSite, run_build
from tibetan_text import problems as tibetan_problems

TASHI_2025 = "villages/tashi/2025-05-10.yaml"  # adopted 2025-05-10, after tashi 2020-03-01
STATED = "filed: 2025-05-20\nin_force: 2025-06-01\n"  # 自2025年6月1日起施行


def state_in_force(data, line=STATED) -> None:
    path = data / TASHI_2025
    text = path.read_text(encoding="utf-8")
    assert "filed: 2025-05-20\n" in text
    path.write_text(text.replace("filed: 2025-05-20\n", line, 1), encoding="utf-8")


def problems_of(data):
    with pytest.raises(DataError) as error:
        load(data)
    return error.value.problems


# -- the model --------------------------------------------------------------------------------

def test_a_stated_date_moves_the_change_of_regulation_to_that_day(mini_data):
    state_in_force(mini_data)
    tashi = load(mini_data).regulations["tashi"]
    old, new = tashi.revisions
    assert new.in_force == date(2025, 6, 1) and new.in_force_from == date(2025, 6, 1)
    assert old.in_force is None and old.in_force_from == old.adopted  # the default
    assert tashi.in_force(date(2020, 2, 29)) is None  # before the first regulation
    assert tashi.in_force(date(2020, 3, 1)) is old  # its first day
    assert tashi.in_force(date(2025, 5, 10)) is old  # adopted, not yet in force
    assert tashi.in_force(date(2025, 5, 31)) is old  # the last day of the old one
    assert tashi.in_force(date(2025, 6, 1)) is new
    assert tashi.in_force_until(old) == date(2025, 6, 1) and tashi.in_force_until(new) is None


def test_the_status_on_a_day_is_pending_in_force_or_ended(mini_data):
    state_in_force(mini_data)
    tashi = load(mini_data).regulations["tashi"]
    old, new = tashi.revisions
    assert [tashi.in_force_status(new, date(2025, d[0], d[1])) for d in ((5, 31), (6, 1))] == \
        ["pending", "in-force"]
    assert [tashi.in_force_status(old, date(2025, d[0], d[1])) for d in ((5, 31), (6, 1))] == \
        ["in-force", "ended"]
    assert tashi.in_force_status(old, date(2019, 1, 1)) == "pending"


def test_without_a_stated_date_a_revision_is_in_force_from_its_adoption(mini_data):
    norbu = load(mini_data).regulations["norbu"]
    first, review = norbu.revisions
    assert norbu.in_force(review.adopted) is review
    assert norbu.in_force(date.fromordinal(review.adopted.toordinal() - 1)) is first
    assert norbu.in_force_until(first) == review.adopted


def test_a_withdrawn_revision_is_never_in_force_but_is_told_of_on_its_days(mini_data):
    write_lock(mini_data, load(mini_data))
    (mini_data / TASHI_2025).unlink()
    (mini_data / "withdrawn.yaml").write_text(
        f"withdrawn:\n  - file: {TASHI_2025}\n    date: 2025-09-01\n"
        "    reason: {zh: 程序不合规予以撤回。, bo: \"ཕྱིར་བསྡུས།\", bo_status: draft}\n", encoding="utf-8")
    tashi = load(mini_data).regulations["tashi"]
    [first] = tashi.revisions
    assert tashi.in_force(date(2025, 7, 1)) is first  # the withdrawal voided the later one
    assert tashi.in_force_until(first) is None
    [withdrawn] = tashi.withdrawn_on(date(2025, 5, 10))
    assert withdrawn.adopted == date(2025, 5, 10)
    assert tashi.withdrawn_on(date(2025, 5, 9)) == () and tashi.withdrawn_on(date(2025, 9, 1)) == ()


# -- the reader ----------------------------------------------------------------------------------

def test_a_revision_cannot_take_effect_before_its_adoption(mini_data):
    state_in_force(mini_data, "filed: 2025-05-20\nin_force: 2025-05-09\n")
    [problem] = problems_of(mini_data)
    assert problem.rule == "date-order" and problem.path.endswith(TASHI_2025)
    assert problem.line == 8
    assert "in_force 2025-05-09 is before adopted 2025-05-10" in problem.message


def test_a_revision_cannot_take_effect_before_the_one_before_it(mini_data):
    # The 2020 revision stated to take effect after the 2025 one: it would never be in force.
    path = mini_data / "villages/tashi/2020-03-01.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kind: initial\n", "kind: initial\nin_force: 2025-05-10\n", 1),
                    encoding="utf-8")
    [problem] = problems_of(mini_data)
    assert problem.rule == "date-order" and problem.path.endswith("2020-03-01.yaml")
    assert "takes effect on 2025-05-10, not after the revision of 2020-03-01" in problem.message


def test_in_force_is_no_date_of_another_kind(mini_data):
    state_in_force(mini_data, "filed: 2025-05-20\nin_force: 2025-06-31\n")
    assert [p.rule for p in problems_of(mini_data)] == ["bad-date"]


# -- pages, open data and the /changes/ index (a fixture build) ----------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from sitecheck import FIXTURES

    data = tmp_path_factory.mktemp("data") / "regulations"
    shutil.copytree(FIXTURES / "mini", data)
    state_in_force(data)
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_build(data, out, "--no-posters")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    site = BuiltSite(out)
    site.county = load(data)
    return site


def visible(html: str) -> str:
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_revision_pages_say_from_when_to_when_in_both_languages(built):
    old_zh, old_bo = built.page("villages/tashi/2020-03-01"), built.page("bo/villages/tashi/2020-03-01")
    assert "已失效 · 自 2020-03-01 起施行，2025-06-01 起失效" in visible(old_zh)
    assert "ནུས་མེད་དུ་གྱུར་ཟིན · ཕྱི་ལོ་༢༠༢༠ ཟླ་༣ ཚེས་༡ ནས་ལག་བསྟར་བྱས་ཏེ། " \
           "ཕྱི་ལོ་༢༠༢༥ ཟླ་༦ ཚེས་༡ ནས་ནུས་མེད་དུ་གྱུར" in visible(old_bo)
    new_zh = visible(built.page("villages/tashi/2025-05-10"))
    assert "现行有效 · 自 2025-06-01 起施行" in new_zh
    assert "现行版本，自 2025-06-01 起施行。" in new_zh  # the status line: in force, not adopted
    assert "ད་ལྟ་ནུས་ལྡན · ཕྱི་ལོ་༢༠༢༥ ཟླ་༦ ཚེས་༡ ནས་ལག་བསྟར་བྱེད" in visible(
        built.page("bo/villages/tashi/2025-05-10"))


def test_the_village_page_has_the_date_field_and_its_data_island(built):
    for prefix in ("", "bo/"):
        html = built.page(f"{prefix}villages/tashi")
        island = re.search(r'<script type="text/plain" class="rp-in-force-data">(.*?)</script>',
                           html, re.S).group(1).split()
        assert island == ["2020-03-01", "2020-03-01", "2025-06-01", "2020-03-01/",
                          "2025-05-10", "2025-06-01", "-", "2025-05-10/"]
        assert '<form class="rp-on-date" hidden' in html  # shown by the script only
        # the history says each revision's period; the answer of the field reuses it
        assert html.count('<p class="rp-in-force">') == 2


def test_tibetan_pages_with_the_new_text_stay_correct(built):
    names = [p.name.bo for p in (*built.county.villages, *built.county.townships) if p.name.bo]
    for url in ("bo/villages/tashi", "bo/villages/tashi/2020-03-01", "bo/changes"):
        assert tibetan_problems(built.page(url), names) == [], url


def test_open_data_carries_the_in_force_dates_and_keeps_to_its_schemas(built):
    village = json.loads((built.root / "data/villages/tashi.json").read_text(encoding="utf-8"))
    index = json.loads((built.root / "data/index.json").read_text(encoding="utf-8"))
    for name, document in (("village", village), ("index", index)):
        Draft202012Validator(opendata.schema(name),
                             format_checker=Draft202012Validator.FORMAT_CHECKER).validate(document)
    assert [(r["adopted"], r["in_force_from"], r["in_force_until"]) for r in village["revisions"]] \
        == [("2020-03-01", "2020-03-01", "2025-06-01"), ("2025-05-10", "2025-06-01", None)]
    tashi = next(v for v in index["villages"] if v["id"] == "tashi")
    assert tashi["current_in_force_from"] == "2025-06-01"


def test_changes_lists_the_latest_by_month_and_carries_the_whole_index(built):
    for prefix, month in (("", "2025年5月"), ("bo/", "ཕྱི་ལོ་༢༠༢༥ ཟླ་༥")):
        html = built.page(f"{prefix}changes")
        assert f'<h2 id="m-2025-05">{month}</h2>' in html
        index = json.loads(re.search(r'class="rp-changes-index">(.*?)</script>', html).group(1))
        assert [r[0] for r in index["rows"]] == ["2025-10-01", "2025-05-10", "2020-03-01", "2019-08-08"]
        assert {v[0]: v[1] for v in index["villages"]} == {"tashi": "test-xiang", "norbu": "test-xiang"}
        assert set(index["kinds"]) == {"initial", "revision", "review"}
        assert '<form class="rp-filters" hidden' in html


def test_the_index_island_cannot_end_its_script_element():
    island = changes.island({"summary": "</script><b>&"})
    assert "</" not in island and "<b>" not in island and "&" not in island
    assert json.loads(island) == {"summary": "</script><b>&"}
