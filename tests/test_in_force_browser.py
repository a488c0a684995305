"""In a real browser (Chromium), offline-capable scripts over data in the page: the village
page's "what was in force on …" field and the /changes/ filters, both keeping their state in the
address so that it can be shared."""
from __future__ import annotations


import pytest

from browser import chromium, serve
from regpub import changes
from regpub.load import load
from sitecheck import ROOT, build_mini
from test_in_force import state_in_force
from tibetan_text import problems as tibetan_problems


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    # tashi 2025-05-10 takes effect on 2025-06-01
    data, out = build_mini(tmp_path_factory, "--no-posters", prepare=state_in_force)
    names = [p.name.bo for p in (*load(data).villages,) if p.name.bo]
    with serve(out) as base, chromium() as browser:
        yield base, browser, names


def ask(page, day: str) -> str:
    page.fill("#rp-on-date-day", day)
    page.click("form.rp-on-date button[type=submit]")
    return page.inner_text("form.rp-on-date output")


def test_the_date_field_names_the_revision_in_force_and_keeps_the_day_in_the_address(served):
    base, browser, _ = served
    page = browser.new_page()
    page.goto(base + "villages/tashi/")
    assert page.is_visible("form.rp-on-date")
    said = ask(page, "2025-05-20")  # adopted on 05-10, but in force only from 06-01
    assert said.startswith("该日施行的版本：") and "2020-03-01" in said and "2025-06-01 起失效" in said
    assert page.get_attribute("form.rp-on-date output a", "href") == "2020-03-01/"
    assert page.url.endswith("villages/tashi/?on=2025-05-20")
    assert "2025-05-10" in ask(page, "2025-06-01")  # its first day
    assert ask(page, "2019-12-31") == "该日尚无施行的村规民约。"
    # a shared address answers by itself
    page.goto(base + "villages/tashi/?on=2025-06-01")
    assert page.get_attribute("form.rp-on-date output a", "href") == "2025-05-10/"
    page.click("form.rp-on-date output a")
    assert page.url.endswith("villages/tashi/2025-05-10/")
    page.close()


def test_the_tibetan_answer_is_in_tibetan_with_tibetan_digits(served):
    base, browser, names = served
    page = browser.new_page()
    page.goto(base + "bo/villages/tashi/?on=2025-05-20")
    said = page.inner_text("form.rp-on-date output")
    assert "ཕྱི་ལོ་༢༠༢༠ ཟླ་༣ ཚེས་༡" in said and "ནུས་མེད་དུ་གྱུར" in said
    assert tibetan_problems(page.content(), names) == []
    page.close()


def rows(page) -> list[str]:
    return page.eval_on_selector_all(".rp-changes-list li time", "ts => ts.map(t => t.dateTime)")


def test_changes_filters_narrow_the_list_and_live_in_the_address(served):
    base, browser, _ = served
    page = browser.new_page()
    page.goto(base + "changes/")
    assert page.is_visible("form.rp-filters")
    assert rows(page) == ["2025-10-01", "2025-05-10", "2020-03-01", "2019-08-08"]
    page.select_option("select[name=kind]", "review")
    assert rows(page) == ["2025-10-01"]
    assert page.url.endswith("changes/?kind=review")
    page.select_option("select[name=kind]", "")
    page.select_option("select[name=village]", "tashi")
    page.fill("input[name=from]", "2020-01-01")
    page.fill("input[name=to]", "2021-01-01")
    page.dispatch_event("input[name=to]", "change")
    assert rows(page) == ["2020-03-01"]
    shared = page.url
    assert "village=tashi" in shared and "from=2020-01-01" in shared and "to=2021-01-01" in shared
    # the shared address opens the same list, and the filters say what they are
    other = browser.new_page()
    other.goto(shared)
    assert rows(other) == ["2020-03-01"]
    assert other.input_value("select[name=village]") == "tashi"
    other.fill("input[name=from]", "2030-01-01")
    other.dispatch_event("input[name=from]", "change")
    assert rows(other) == [] and "没有符合条件的版本。" in other.inner_text(".rp-changes-list")
    other.click("form.rp-filters button[type=reset]")
    other.wait_for_function("document.querySelectorAll('.rp-changes-list li').length === 4")
    assert other.url.endswith("changes/")
    other.close()
    page.close()


def test_a_township_keeps_only_its_villages_and_months_group_the_rows(served):
    base, browser, _ = served
    page = browser.new_page()
    page.goto(base + "changes/?township=test-xiang&village=norbu")
    assert rows(page) == ["2025-10-01", "2019-08-08"]
    months = page.eval_on_selector_all(".rp-changes-list h2", "hs => hs.map(h => h.id)")
    assert months == ["m-2025-10", "m-2019-08"]
    # a township the county does not have (an old shared address) is let go
    page.goto(base + "changes/?township=elsewhere&kind=initial")
    assert rows(page) == ["2020-03-01", "2019-08-08"]
    assert page.input_value("select[name=township]") == ""
    assert page.url.endswith("changes/?kind=initial")
    page.close()


def test_the_tibetan_changes_page_drawn_by_the_script_stays_tibetan(served):
    base, browser, names = served
    page = browser.new_page()
    page.goto(base + "bo/changes/?kind=initial")
    assert rows(page) == ["2020-03-01", "2019-08-08"]
    assert "ཕྱི་ལོ་༢༠༢༠ ཟླ་༣" in page.inner_text(".rp-changes-list h2")
    assert tibetan_problems(page.content(), names) == []
    page.close()


@pytest.mark.sample_data
def test_the_shipped_tibetan_changes_page_is_short_and_more_shows_more(served, shipped_site):
    county = load(ROOT / "regulations")
    names = [p.name.bo for p in (*county.villages, *county.townships, county) if p.name.bo]
    total = sum(len(r.revisions) for r in county.regulations.values())
    _, browser, _ = served  # one Playwright per thread: the module's browser, another server
    with serve(shipped_site.root) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + "bo/changes/")
        assert len(rows(page)) == changes.FIRST_SHOWN < total
        # was 55,000 px with every revision listed (issue 17)
        assert page.evaluate("document.documentElement.scrollHeight") < 25_000
        page.click(".rp-changes-list button.rp-more")
        assert len(rows(page)) == min(2 * changes.FIRST_SHOWN, total)
        assert tibetan_problems(page.content(), names) == []
        page.close()
