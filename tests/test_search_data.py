"""The search data each language's site downloads: what is in it and what is left out."""
from __future__ import annotations

import json

import pytest

from regpub import search
from regpub.load import load
from sitecheck import FIXTURES


@pytest.fixture(scope="module")
def county():
    return load(FIXTURES / "mini")


def index(county, lang):
    data = search.build(county, lang, lambda key, fragment: key + (f"#{fragment}" if fragment else ""))
    return json.loads(data.payload)


def test_current_articles_land_on_their_anchor(county):
    docs = index(county, "zh")["docs"]
    urls = [d[1] for d in docs]
    assert "villages/tashi/#a-grazing" in urls
    assert ["扎西村 第二条", "草场实行轮牧，禁止超载放牧。"] in [d[2:] for d in docs]


def test_superseded_revisions_and_comparisons_are_left_out(county):
    texts = [d[3] for d in index(county, "zh")["docs"]]
    assert "草场实行轮牧。" not in texts  # tashi's 2020 wording
    assert not any("compare" in d[1] or "2020-03-01" in d[1] for d in index(county, "zh")["docs"])


def test_places_are_found_by_name_pinyin_initials_and_tibetan(county):
    tashi = next(d for d in index(county, "zh")["docs"] if d[1] == "villages/tashi/")
    keys = tashi[3].split()
    assert {"扎西村", "zhaxi", "zx", "བཀྲ་ཤིས།", "测试乡"} <= set(keys)


def test_each_language_has_its_own_data(county):
    zh, bo = index(county, "zh"), index(county, "bo")
    assert zh["lang"] == "zh" and bo["lang"] == "bo"
    grazing_bo = next(d for d in bo["docs"] if d[1] == "villages/tashi/#a-grazing")
    assert grazing_bo[2] == "བཀྲ་ཤིས། དོན་ཚན་༢།"
    assert grazing_bo[3].startswith("རྩྭ་ཐང་")
    # An article without Tibetan is still findable on the Tibetan site, by its Chinese text.
    fire = next(d for d in bo["docs"] if d[1] == "villages/norbu/#a-fire")
    assert fire[3] == "冬春季节严禁在草场野外用火。"


def test_chinese_vocabulary_comes_from_jieba(county):
    words = index(county, "zh")["words"]
    assert {"草场", "轮牧", "放牧"} <= set(words)
    assert all(len(w) > 1 for w in words)
    assert "words" not in index(county, "bo")  # Tibetan is split by syllable, no vocabulary
