"""The points system (积分制) and the supervision groups: what the data may say, and what never
reaches the site."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import sample_facts as facts
from regpub.diff import compare
from regpub.load import DataError, load

NORBU_REVIEW = "villages/norbu/2025-10-01.yaml"
SHIPPED = Path(__file__).resolve().parent.parent / "regulations"


def edit(root, name, old, new):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(root):
    with pytest.raises(DataError) as error:
        load(root)
    return [(p.rule, p.path, p.line, p.message) for p in error.value.problems]


def test_provisions_belong_to_their_article(mini_data):
    fire = load(mini_data).regulations["norbu"].current.chapters[0].articles[1]
    penalty, reward = fire.provisions
    assert (penalty.kind, penalty.points, penalty.measures) == ("penalty", -10, ("criticism", "correction-order"))
    assert (reward.kind, reward.points) == ("reward", 3)


def test_points_outside_the_county_range(mini_data):
    edit(mini_data, NORBU_REVIEW, "points: -10", "points: -50")
    [(rule, path, line, message)] = problems(mini_data)
    assert (rule, path, line) == ("points-range", "regulations/" + NORBU_REVIEW, 39)
    assert "-50 points is outside the county's range -20..20" in message


def test_a_reward_that_costs_points(mini_data):
    edit(mini_data, NORBU_REVIEW, "points: 3", "points: -3")
    [(rule, _, line, message)] = problems(mini_data)
    assert (rule, line) == ("points-sign", 43) and "a reward with -3 points" in message


def test_a_measure_not_in_the_county_list(mini_data):
    edit(mini_data, NORBU_REVIEW, "[criticism, correction-order]", "[criticism, fine]")
    [(rule, _, line, message)] = problems(mini_data)
    assert (rule, line) == ("unknown-measure", 40) and "unknown measure 'fine'" in message


def test_an_id_card_number_never_reaches_the_site(mini_data):
    edit(mini_data, NORBU_REVIEW, "在草场野外用火的", "在草场野外用火的（举报人540235199001011234）")
    [(rule, _, line, message)] = problems(mini_data)
    assert (rule, line) == ("personal-data", 41) and "ID-card number" in message


def test_a_mobile_number_never_reaches_the_site(mini_data):
    edit(mini_data, "villages/tashi/2025-05-10.yaml", "禁止超载放牧。", "禁止超载放牧，举报电话13908921234。")
    [(rule, _, line, message)] = problems(mini_data)
    assert (rule, line) == ("personal-data", 23) and "phone number" in message


def test_a_supervision_group_lists_head_counts_not_names(mini_data):
    edit(mini_data, "supervision.yaml", "roles: {leader: 1, deputy: 1, member: 5}",
         "roles: {leader: 扎西次仁, deputy: 1, member: 5}")
    [(rule, path, line, message)] = problems(mini_data)
    assert (rule, path, line) == ("personal-data", "regulations/supervision.yaml", 5)
    assert "looks like a person's name" in message


def test_a_phone_number_typed_as_a_head_count_is_refused(mini_data):
    edit(mini_data, "supervision.yaml", "member: 5}", "member: 13908921234}")
    [(rule, path, line, message)] = problems(mini_data)
    assert (rule, path, line) == ("personal-data", "regulations/supervision.yaml", 5)
    assert "looks like a phone number" in message


def test_a_phone_number_typed_as_a_figure_is_refused(mini_data):
    edit(mini_data, "supervision.yaml", "dissuaded: 2,", "dissuaded: 13908921234,")
    [(rule, _, line, message)] = problems(mini_data)
    assert (rule, line) == ("personal-data", 7) and "phone number" in message


def test_enforcement_figures_name_an_article_of_the_village(mini_data):
    edit(mini_data, "supervision.yaml", "article: grazing", "article: fishing")
    [(rule, _, line, _)] = problems(mini_data)
    assert (rule, line) == ("unknown-article", 7)


def test_a_points_supermarket_is_a_yes_or_no_flag(mini_data):
    edit(mini_data, "supervision.yaml", "supermarket: true", "supermarket: yes")
    [(rule, _, line, message)] = problems(mini_data)
    assert (rule, line) == ("wrong-type", 10) and "not true or false" in message


def test_a_group_without_the_flag_has_no_supermarket(mini_data):
    groups = load(mini_data).supervision
    assert (groups["tashi"].supermarket, groups["norbu"].supermarket) == (False, True)


def test_county_totals_are_computed_from_the_records(mini_data):
    assert load(mini_data).enforcement_totals() == {"groups": 2, "members": 11, "supermarkets": 1,
                                                    "dissuaded": 3, "corrected": 2}


def test_a_change_of_points_is_a_change_of_its_own(mini_data):
    county = load(mini_data)
    current = county.regulations["norbu"].current
    harsher = replace(current, chapters=tuple(
        replace(c, articles=tuple(
            replace(a, provisions=(replace(a.provisions[0], points=-15), a.provisions[1]))
            if a.id == "fire" else a for a in c.articles)) for c in current.chapters))
    fire = next(c for c in compare(current, harsher).articles if c.id == "fire")
    assert fire.status == "changed" and fire.points_changed
    assert not fire.zh_changed and not fire.bo_changed  # same words, other points


# -- a review that changes an article's points, not its words -------------------------------------

FIRE_IN_2019 = """\
      - id: fire
        zh: 冬春季节严禁在草场野外用火。
        bo_status: missing
        phrases: [hu-cao-yuan]
        provisions:
          - kind: penalty
            points: -5
            measures: [criticism]
            condition: {zh: 在草场野外用火的, bo: "རྩྭ་ཐང་དུ་མེ་སྤྱད་ན།", bo_status: draft}
"""


@pytest.fixture
def harsher_review(mini_data):
    """The mini data with norbu's fire article already in its 2019 regulation at -5 points: the
    2025 review keeps the words and makes it -10 with an order to correct."""
    path = mini_data / "villages/norbu/2019-08-08.yaml"
    path.write_text(path.read_text(encoding="utf-8") + FIRE_IN_2019, encoding="utf-8")
    return load(mini_data)


def test_a_review_that_changes_points_shows_in_the_comparison(harsher_review):
    norbu = harsher_review.regulations["norbu"]
    comparison = compare(norbu.predecessor(norbu.current), norbu.current)
    fire = next(c for c in comparison.articles if c.id == "fire")
    assert fire.points_changed and not fire.zh_changed
    assert [p.points for p in fire.old.provisions] == [-5]
    assert [(p.points, p.measures) for p in fire.new.provisions] == \
        [(-10, ("criticism", "correction-order")), (3, ())]


# -- the shipped data ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    if not (SHIPPED / "points.yaml").is_file():
        pytest.skip("regulations/ has no points.yaml (it is optional)")
    return load(SHIPPED)


@pytest.mark.sample_data
def test_the_shipped_totals_are_those_of_the_county_report(shipped):
    """The report's groups, points supermarkets, dissuaded and corrected: counted from the groups
    and their records, typed in nowhere."""
    totals = shipped.enforcement_totals()
    assert (totals["groups"], totals["supermarkets"], totals["dissuaded"], totals["corrected"]) == \
        (facts.SUPERVISION_GROUPS, facts.POINTS_SUPERMARKETS, facts.DISSUADED, facts.CORRECTED)
    assert sorted(shipped.supervision) == sorted(v.id for v in shipped.villages)


@pytest.mark.sample_data
def test_shipped_groups_list_a_leader_deputies_and_members(shipped):
    for group in shipped.supervision.values():
        roles = dict(group.roles)
        assert roles["leader"] == 1 and roles.get("deputy", 0) <= 1 and 3 <= roles["member"] <= 7


@pytest.mark.sample_data
def test_shipped_enforcement_names_an_article_of_the_current_revision(shipped):
    for vid, group in shipped.supervision.items():
        current = {n.id for n in shipped.regulations[vid].current.numbered()}
        for record in group.enforcement:
            assert record.article in current, (vid, record.article)
            assert record.period_start.year == record.period_end.year == 2025


@pytest.mark.sample_data
def test_every_shipped_provision_is_in_the_county_range(shipped):
    rules = shipped.points
    measures = {m.id for m in rules.measures}
    seen = 0
    for regulation in shipped.regulations.values():
        for revision in regulation.revisions:
            for numbered in revision.numbered():
                for p in numbered.article.provisions:
                    seen += 1
                    where = (revision.source, numbered.id)
                    if p.kind == "education":
                        assert p.points is None, where
                    else:
                        assert p.points is None or rules.minimum <= p.points <= rules.maximum, where
                        assert p.points is None or (p.points > 0) == (p.kind == "reward"), where
                    assert set(p.measures) <= measures, where
                    assert p.condition.zh and p.condition.bo_status == "draft", where
    assert seen > 0


@pytest.mark.sample_data
def test_each_current_regulation_gives_three_to_seven_articles_provisions(shipped):
    # At most 7: every article whose text states points has provisions, and changjia's current
    # revision states points in 7 articles (6 was the count while some were left without).
    for vid, regulation in shipped.regulations.items():
        with_provisions = [n.id for n in regulation.current.numbered() if n.article.provisions]
        assert 3 <= len(with_provisions) <= 7, (vid, with_provisions)


@pytest.mark.sample_data
def test_at_least_six_shipped_reviews_change_points(shipped):
    changed = {}
    for regulation, review in shipped.reviews():
        comparison = compare(regulation.predecessor(review), review)
        ids = [c.id for c in comparison.articles if c.points_changed]
        if ids:
            changed[regulation.village.id] = ids
    assert len(changed) >= 6, changed


# --- the pages --------------------------------------------------------------------------------

def render(county, key, lang):
    from regpub import site
    from regpub.render import Renderer
    spec = next(s for s in site.pages(county) if s.key == key)
    return Renderer(county).render(spec, lang)[1]


def rows(html):
    """(article id, points, article link) of each row of a points table page."""
    import re
    return re.findall(r'<tr data-article="([\w-]+)">.*?data-points="(-?\d*)".*?href="([^"]+)"', html, re.S)


def test_the_points_page_is_generated_from_the_articles(mini_data):
    county = load(mini_data)
    html = render(county, "villages/norbu/points/", "zh")
    assert rows(html) == [("fire", "3", "../#a-fire"), ("fire", "-10", "../#a-fire")]  # earn, then cost
    assert "在草场野外用火的" in html and "−10 分" in html and "批评教育" in html and "责令整改" in html
    assert "第二条" in html  # the article the row comes from, by its number in this revision


def test_every_points_table_matches_its_articles(mini_data):
    county = load(mini_data)
    for vid, regulation in county.regulations.items():
        expected = sorted((n.id, "" if p.points is None else str(p.points)) for n in regulation.current.numbered()
                          for p in n.article.provisions if p.kind != "education")
        html = render(county, f"villages/{vid}/points/", "zh")
        assert sorted((a, pts) for a, pts, _ in rows(html)) == expected, vid


def test_an_articles_points_chips_say_whether_they_are_earned_or_lost(mini_data):
    import re
    county = load(mini_data)
    chips = {lang: re.findall(r'<span class="rp-chip rp-chip--(\w+)">([^<]+)</span>',
                              render(county, "villages/norbu/", lang))
             for lang in ("zh", "bo")}
    assert chips["zh"] == [("penalty", "扣 10 分"), ("reward", "加 3 分")]
    assert chips["bo"] == [("penalty", "སྐར་གྲངས་༡༠ འཐེན"), ("reward", "སྐར་གྲངས་༣ སྣོན")]


def test_the_tibetan_points_page_shows_the_tibetan_conditions(mini_data):
    html = render(load(mini_data), "villages/norbu/points/", "bo")
    assert "རྩྭ་ཐང་དུ་མེ་སྤྱད་ན།" in html and "<h2 id=\"penalty\">སྐར་གྲངས་འཐེན་པའི་རྣམ་གྲངས</h2>" in html


def test_the_parallel_view_shows_provisions_in_both_languages(mini_data):
    html = render(load(mini_data), "villages/norbu/parallel/", "zh")
    assert "在草场野外用火的：<strong>−10 分</strong>" in html
    assert "རྩྭ་ཐང་དུ་མེ་སྤྱད་ན། <strong>སྐར་གྲངས་−༡༠</strong>" in html  # Tibetan digits


def test_a_changed_points_value_shows_on_the_comparison_page(harsher_review):
    norbu = harsher_review.regulations["norbu"]
    old, new = norbu.predecessor(norbu.current), norbu.current
    html = render(harsher_review, f"villages/norbu/compare/{old.key}...{new.key}/", "zh")
    assert 'data-points-change="changed"' in html
    assert "−5 分" in html.split('data-points-change="changed"')[1].split("</li>")[0]
    assert "−10 分" in html.split('data-points-change="changed"')[1].split("</li>")[0]


def test_the_dashboard_totals_come_from_the_records(mini_data):
    import re
    county = load(mini_data)
    html = render(county, "dashboard/", "zh")
    shown = dict(re.findall(r'data-total="(\w+)">([^<]+)<', html))
    assert {key: shown[key] for key in county.enforcement_totals()} == \
        {key: str(n) for key, n in county.enforcement_totals().items()}
    assert html.count('<td data-provisions>') == len(county.regulations)
