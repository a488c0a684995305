"""The search data each language's site downloads: what is in it and what is left out."""
from __future__ import annotations

import json

import pytest

from regpub import search, tibetan
from regpub.addresses import Addresses
from regpub.load import load
from sitecheck import FIXTURES


@pytest.fixture(scope="module")
def county():
    return load(FIXTURES / "mini")


ADDRESSES = Addresses()  # the address book; search data holds addresses within a language's tree


def index(county, lang):
    [data] = search.build(county, lang, ADDRESSES)  # a county's data is one file
    assert data.path == "search/index.js"
    return json.loads(data.payload)


def test_current_articles_land_on_their_anchor(county):
    docs = index(county, "zh")["docs"]
    urls = [d[1] for d in docs]
    assert "villages/tashi/#a-grazing" in urls
    assert ["扎西村 第二条", "草场实行轮牧，禁止超载放牧。"] in [d[2:4] for d in docs]


def test_superseded_revisions_and_comparisons_are_left_out(county):
    texts = [d[3] for d in index(county, "zh")["docs"]]
    assert "草场实行轮牧。" not in texts  # tashi's 2020 wording
    assert not any("compare" in d[1] or "2020-03-01" in d[1] for d in index(county, "zh")["docs"])


def test_places_are_found_by_name_pinyin_initials_and_tibetan(county):
    docs = index(county, "zh")["docs"]
    tashi = next(d for d in docs if d[1] == "villages/tashi/")
    assert set(tashi[3].split(" · ")) == {"扎西村", tibetan.normalize("བཀྲ་ཤིས།"), "测试乡"}  # what is shown
    assert {"zhaxi", "zx"} <= set(tashi[4].split())  # found by, never shown
    assert "zx" not in tashi[3] and docs[tashi[5]][6] == "test-xiang" and tashi[6] == "tashi"
    # Articles point to their village's place: results are grouped and ordered by village.
    assert all(docs[d[4]] is tashi for d in docs if d[1].startswith("villages/tashi/#"))


def test_phrases_are_found_by_pinyin_without_tones():
    assert search.phrase_keys("守边境") == ["sbj", "shoubianjing"]
    assert search.toneless("Zhāxīgǎng") == "zhaxigang"


def test_texts_are_normalized_as_queries_are():
    county_text = "\u0f64\u0fb2\u0f73"  # ཱི written as one code point, U+0F73
    assert tibetan.normalize(county_text) == "\u0f64\u0fb2\u0f71\u0f72"


def test_each_language_has_its_own_data(county):
    zh, bo = index(county, "zh"), index(county, "bo")
    assert zh["lang"] == "zh" and bo["lang"] == "bo"
    grazing_bo = next(d for d in bo["docs"] if d[1] == "villages/tashi/#a-grazing")
    assert grazing_bo[2] == "བཀྲ་ཤིས་ཀྱི་དོན་ཚན་༢།"  # the name declined, not glued
    assert grazing_bo[3].startswith("རྩྭ་ཐང་")
    # An article without Tibetan is still findable on the Tibetan site, by its Chinese text.
    fire = next(d for d in bo["docs"] if d[1] == "villages/norbu/#a-fire")
    assert fire[3] == "冬春季节严禁在草场野外用火。"


def test_chinese_vocabulary_comes_from_jieba(county):
    words = index(county, "zh")["words"]
    assert {"草场", "轮牧", "放牧"} <= set(words)
    assert all(len(w) > 1 for w in words)
    assert "words" not in index(county, "bo")  # Tibetan is split by syllable, no vocabulary


def two_townships(root):
    """The mini data with norbu moved to a second township."""
    divisions = root / "divisions.yaml"
    text = divisions.read_text(encoding="utf-8")
    norbu = '      - id: norbu\n        code: "540235900202"'
    other = ('  - id: other-xiang\n    code: "540235901000"\n    kind: township\n'
             '    name: {zh: 另一乡}\n    pinyin: lingyi\n    villages:\n'
             '      - id: norbu\n        code: "540235901202"')
    divisions.write_text(text.replace(norbu, other), encoding="utf-8")
    return load(root)


def test_above_the_size_budget_articles_are_split_by_township(mini_data):
    county = two_townships(mini_data)
    files = {f.path: f for f in search.build(county, "zh", ADDRESSES, shard_above=0)}
    assert set(files) == {"search/index.js", "search/test-xiang.js", "search/other-xiang.js"}
    first = json.loads(files["search/index.js"].payload)
    # Places and phrases stay in the first file: any village is found by name from anywhere.
    assert {d[0] for d in first["docs"]} == {search.KIND_PLACE, search.KIND_PHRASE}
    assert first["shards"] == [{"id": "test-xiang", "name": "测试乡", "villages": 1},
                               {"id": "other-xiang", "name": "另一乡", "villages": 1}]
    tashi = json.loads(files["search/test-xiang.js"].payload)
    assert {d[1].split("#")[0] for d in tashi["docs"]} == {"villages/tashi/"}
    assert {"草场", "轮牧"} <= set(tashi["words"])  # each shard brings its own vocabulary
    assert files["search/other-xiang.js"].script.startswith(
        b'window.rpSearchData=window.rpSearchData||{};window.rpSearchData["zh/other-xiang"]=')


def test_the_vocabulary_can_be_computed_ahead(county):
    words = search.vocabularies(search.chinese_texts(county))
    [ahead] = search.build(county, "zh", ADDRESSES, words=words)
    [inline] = search.build(county, "zh", ADDRESSES)
    assert ahead.payload == inline.payload
