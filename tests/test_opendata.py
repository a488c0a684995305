"""The open data (data/index.json, data/villages/<id>.json, data/articles.csv, data/schema/):
what officials download to reuse the regulations. Each test reads as an example of use."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from posixpath import join, normpath

import pytest
import yaml
from jsonschema import Draft202012Validator

import sample_facts as facts
from sitecheck import FIXTURES, ROOT
from regpub import opendata, site
from regpub.load import load
from regpub.render import Renderer

SITE_URL = "https://example.org/nyalam/"
SHIPPED = ROOT / "regulations"


def validator(name: str) -> Draft202012Validator:
    """A strict validator for 'index' or 'village', checking date formats too."""
    return Draft202012Validator(opendata.schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(name: str, document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator(name).iter_errors(document)]


@pytest.fixture(scope="module")
def county():
    return load(FIXTURES / "mini")


@pytest.fixture(scope="module")
def files(county) -> dict[str, bytes]:
    return opendata.files(county, SITE_URL)


def as_json(files: dict[str, bytes], path: str) -> dict:
    return json.loads(files[path].decode("utf-8"))


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """How a reuser reads the CSV: decode with utf-8-sig (drops the BOM), newline='' for csv."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- what is published ------------------------------------------------------------------------

def test_the_files_of_the_mini_data_set(files):
    assert sorted(files) == ["data/articles.csv", "data/index.json", "data/points.csv",
                             "data/schema/index.schema.json",
                             "data/schema/village.schema.json", "data/villages/norbu.json",
                             "data/villages/tashi.json"]
    assert all(isinstance(content, bytes) for content in files.values())


def test_schemas_are_copied_out_verbatim_and_are_valid_draft_2020_12(files):
    for name in ("index", "village"):
        shipped = (opendata.SCHEMAS / f"{name}.schema.json").read_bytes()
        assert files[f"data/schema/{name}.schema.json"] == shipped
        schema = json.loads(shipped)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


# --- the JSON validates against its schema -----------------------------------------------------

def test_every_village_file_and_the_index_validate(files):
    assert problems("index", as_json(files, "data/index.json")) == []
    villages = [path for path in files if path.startswith("data/villages/")]
    assert len(villages) == 2
    for path in villages:
        assert problems("village", as_json(files, path)) == [], path


def _drop(doc, *path):
    for key in path[:-1]:
        doc = doc[key]
    del doc[path[-1]]


def _set(value):
    def edit(doc, *path):
        for key in path[:-1]:
            doc = doc[key]
        doc[path[-1]] = value
    return edit


BROKEN_VILLAGE = {
    "missing field": (_drop, ("revisions", 0, "sha256")),
    "missing nested field": (_drop, ("revisions", 1, "chapters", 0, "articles", 0, "bo_status")),
    "bad village id": (_set("Norbu Village"), ("village", "id")),
    "bad article id": (_set("Border_1"), ("revisions", 0, "chapters", 0, "articles", 0, "id")),
    "wrong kind": (_set("amendment"), ("revisions", 0, "kind")),
    "date in another format": (_set("08/08/2019"), ("revisions", 0, "adopted")),
    "date that does not exist": (_set("2025-02-30"), ("revisions", 1, "filed")),
    "wrong bo_status": (_set("machine"), ("revisions", 0, "title", "bo_status")),
    "Tibetan while bo_status is missing": (_set("བོད།"), ("revisions", 0, "summary", "bo")),
    "no Tibetan while bo_status is draft": (_set(None), ("revisions", 0, "title", "bo")),
    "wrong outcome": (_set("rejected"), ("revisions", 1, "review", "feedback", 0, "outcome")),
    "review record missing on a review": (_set(None), ("revisions", 1, "review")),
    "unknown field": (_set("x"), ("revisions", 0, "note")),
    "bad digest": (_set("not-a-hash"), ("revisions", 0, "sha256")),
    "number as text": (_set("1"), ("revisions", 0, "chapters", 0, "articles", 0, "number")),
}


@pytest.mark.parametrize("case", BROKEN_VILLAGE)
def test_a_broken_village_document_is_rejected(files, case):
    document = as_json(files, "data/villages/norbu.json")
    edit, path = BROKEN_VILLAGE[case]
    edit(document, *path)
    assert problems("village", document), f"{case} was accepted"


BROKEN_INDEX = {
    "missing totals": (_drop, ("totals",)),
    "missing feedback outcome": (_drop, ("totals", "feedback", "not-adopted")),
    "bad phrase id": (_set("Shou Guo Tu"), ("phrases", 0, "id")),
    "wrong township kind": (_set("city"), ("townships", 0, "kind")),
    "bad division code": (_set("5402359"), ("villages", 0, "code")),
    "generated is a timestamp": (_set("2025-10-01T12:00:00"), ("generated",)),
    "unknown name status": (_set("official"), ("county", "name", "bo_status")),
    "negative count": (_set(-1), ("totals", "reviews")),
    "sample as text": (_set("yes"), ("sample",)),
}


@pytest.mark.parametrize("case", BROKEN_INDEX)
def test_a_broken_index_is_rejected(files, case):
    document = as_json(files, "data/index.json")
    edit, path = BROKEN_INDEX[case]
    edit(document, *path)
    assert problems("index", document), f"{case} was accepted"


# --- the content ------------------------------------------------------------------------------

def test_index_totals_are_what_the_model_computes(county, files):
    totals = as_json(files, "data/index.json")["totals"]
    reviews = county.review_totals()
    assert totals["regulations"] == len(county.regulations) == 2
    assert totals["revisions"] == sum(len(r.revisions) for r in county.regulations.values()) == 4
    assert totals["reviews"] == reviews["reviews"] == 1
    assert totals["meetings"] == reviews["meetings"] == 1
    assert totals["feedback"] == {"total": reviews["feedback"], "adopted": reviews["adopted"],
                                  "partly": reviews["partly"], "not-adopted": reviews["not-adopted"]}
    assert totals["translation"] == county.translation_totals() == {"missing": 1, "draft": 3, "reviewed": 0,
                                                                             "outdated": 0}
    assert totals["phrases"] == len(county.phrases) == 2
    assert totals["articles"] == {"current": 4, "all_revisions": 7}


def test_index_lists_villages_with_their_current_revision_and_file(files):
    index = as_json(files, "data/index.json")
    assert index["sample"] is True
    assert index["generated"] == "2025-10-01"  # the newest adoption date, not the build's clock
    tashi = next(v for v in index["villages"] if v["id"] == "tashi")
    assert tashi["current"] == "2025-05-10" and tashi["revisions"] == 2
    assert tashi["file"] == SITE_URL + "data/villages/tashi.json"
    assert tashi["name"] == {"zh": "扎西村", "bo": "བཀྲ་ཤིས།", "bo_status": "unverified"}
    assert [p["id"] for p in index["phrases"]] == ["shou-guo-tu", "hu-cao-yuan"]


def test_a_village_file_holds_every_revision_in_full(files):
    norbu = as_json(files, "data/villages/norbu.json")
    assert norbu["village"]["url"] == SITE_URL + "villages/norbu/"
    assert norbu["current"] == "2025-10-01"
    old, new = norbu["revisions"]
    assert (old["adopted"], old["kind"], old["current"]) == ("2019-08-08", "initial", False)
    assert (new["adopted"], new["kind"], new["current"]) == ("2025-10-01", "review", True)
    assert new["url"] == SITE_URL + "villages/norbu/2025-10-01/"
    assert new["votes"] == {"for": 35, "against": 0, "abstain": 1} and new["filed"] == "2025-10-12"
    assert re.fullmatch(r"[0-9a-f]{64}", new["sha256"])
    fire = new["chapters"][0]["articles"][1]
    assert (fire["id"], fire["number"], fire["bo"], fire["bo_status"]) == ("fire", 2, None, "missing")
    assert fire["provisions"][0]["points"] == -10
    border = new["chapters"][0]["articles"][0]
    assert border["reason"]["zh"] == "写明报告对象。" and border["feedback"] == ["fb-1"]
    assert [f["outcome"] for f in new["review"]["feedback"]] == ["adopted", "not-adopted"]


def test_revision_digests_are_those_of_the_yaml_files(county, files):
    norbu = as_json(files, "data/villages/norbu.json")
    assert [r["sha256"] for r in norbu["revisions"]] == \
        [r.digest for r in county.regulations["norbu"].revisions]


def test_comparisons_summarise_each_revision_against_its_predecessor(files):
    (tashi,) = as_json(files, "data/villages/tashi.json")["comparisons"]
    assert (tashi["from"], tashi["to"]) == ("2020-03-01", "2025-05-10")
    assert tashi["url"] == SITE_URL + "villages/tashi/compare/2020-03-01...2025-05-10/"
    assert tashi["counts"]["articles"] == {"added": 0, "removed": 0, "changed": 2, "unchanged": 0,
                                           "moved": 1}
    assert tashi["counts"]["chapters"]["added"] == 1
    assert tashi["articles"] == [
        {"id": "purpose", "status": "changed", "moved": False, "old_number": 1, "new_number": 1},
        {"id": "grazing", "status": "changed", "moved": True, "old_number": 2, "new_number": 2},
    ]
    (norbu,) = as_json(files, "data/villages/norbu.json")["comparisons"]
    assert {a["id"]: (a["status"], a["old_number"], a["new_number"]) for a in norbu["articles"]} == \
        {"border": ("changed", 1, 1), "fire": ("added", None, 2)}


def test_article_and_chapter_ids_in_the_json_are_those_of_the_yaml(files):
    for folder in sorted((FIXTURES / "mini" / "villages").iterdir()):
        document = as_json(files, f"data/villages/{folder.name}.json")
        for path, revision in zip(sorted(folder.glob("*.yaml")), document["revisions"]):
            source = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert revision["adopted"] == path.stem
            assert [c["id"] for c in revision["chapters"]] == [c["id"] for c in source["chapters"]]
            assert [a["id"] for c in revision["chapters"] for a in c["articles"]] == \
                [a["id"] for c in source["chapters"] for a in c["articles"]]
            assert [a["zh"] for c in revision["chapters"] for a in c["articles"]] == \
                [a["zh"] for c in source["chapters"] for a in c["articles"]]


# --- bytes: encoding, determinism --------------------------------------------------------------

def test_json_is_utf8_compact_with_one_final_newline(files):
    for path in ("data/index.json", "data/villages/tashi.json"):
        data = files[path]
        assert data.endswith(b"}\n") and data.count(b"\n") == 1
        assert "བཀྲ་ཤིས།".encode() in data  # not \u-escaped
        assert b"\\u0f" not in data and b'": ' not in data


def test_two_builds_give_identical_bytes(county):
    again = load(FIXTURES / "mini")  # loaded afresh: nothing cached
    assert opendata.files(county, SITE_URL) == opendata.files(again, SITE_URL)


def test_urls_follow_site_url(county):
    index = json.loads(opendata.files(county, "https://other.example/")["data/index.json"])
    assert index["villages"][0]["file"] == "https://other.example/data/villages/tashi.json"
    bare = json.loads(opendata.files(county, "")["data/index.json"])  # no site_url: root-relative
    assert bare["villages"][0]["url"] == "/villages/tashi/"
    assert problems("index", bare) == []


# --- the spreadsheet --------------------------------------------------------------------------

def test_csv_opens_in_excel_bom_and_crlf(files):
    data = files["data/articles.csv"]
    assert data.startswith(b"\xef\xbb\xbf")  # the UTF-8 byte-order mark Excel looks for
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")  # every line ends CRLF (no newline in the mini texts)
    header = data[3:].split(b"\r\n", 1)[0].decode()
    assert header.split(",") == list(opendata.CSV_COLUMNS)


def test_csv_has_one_row_per_article_of_every_revision(county, files):
    rows = csv_rows(files["data/articles.csv"])
    assert len(rows) == sum(r.article_count for reg in county.regulations.values() for r in reg.revisions) == 7
    current = [r for r in rows if r["current"] == "yes"]
    assert [(r["village_id"], r["article_id"], r["number"]) for r in current] == \
        [("tashi", "purpose", "1"), ("tashi", "grazing", "2"), ("norbu", "border", "1"), ("norbu", "fire", "2")]
    grazing = next(r for r in current if r["article_id"] == "grazing")
    assert grazing == {
        "village_id": "tashi", "village_zh": "扎西村", "township_id": "test-xiang",
        "revision_date": "2025-05-10", "kind": "revision", "current": "yes", "article_id": "grazing",
        "number": "2", "chapter_id": "ecology", "chapter_zh": "生态", "zh": "草场实行轮牧，禁止超载放牧。",
        "bo": "རྩྭ་ཐང་ལ་རེས་མོས་འཚོ་སྐྱོང་བྱེད་པ་དང་། ཚད་ལས་བརྒལ་བའི་ཕྱུགས་འཚོ་བཀག་འགོག་བྱེད།",
        "bo_status": "draft", "phrases": "hu-cao-yuan"}
    fire = next(r for r in current if r["article_id"] == "fire")
    assert (fire["bo"], fire["bo_status"]) == ("", "missing")


def test_csv_keeps_commas_quotes_and_line_breaks_in_text(mini_data: Path):
    path = mini_data / "villages" / "tashi" / "2025-05-10.yaml"
    awkward = '草场实行轮牧, 禁止"超载"放牧。\n违者，批评教育；"屡教不改"的, 责令整改。'
    source = path.read_text(encoding="utf-8")
    path.write_text(source.replace("zh: 草场实行轮牧，禁止超载放牧。", "zh: " + json.dumps(awkward, ensure_ascii=False)),
                    encoding="utf-8")
    county = load(mini_data)
    data = opendata.files(county, SITE_URL)["data/articles.csv"]
    rows = csv_rows(data)
    assert len(rows) == 7
    assert next(r for r in rows if r["revision_date"] == "2025-05-10" and r["article_id"] == "grazing")["zh"] == awkward
    assert all(r["phrases"] is not None and len(r) == len(opendata.CSV_COLUMNS) for r in rows)
    # ... and the JSON carries the same text.
    tashi = json.loads(opendata.files(county, SITE_URL)["data/villages/tashi.json"])
    assert tashi["revisions"][1]["chapters"][1]["articles"][0]["zh"] == awkward


def test_csv_lists_several_phrases_separated_by_semicolons(county):
    from dataclasses import replace

    regulation = county.regulations["tashi"]
    revision = regulation.current
    chapter = revision.chapters[0]
    article = replace(chapter.articles[0], phrases=("shou-guo-tu", "hu-cao-yuan"))
    revision = replace(revision, chapters=(replace(chapter, articles=(article,)), *revision.chapters[1:]))
    edited = replace(county, regulations={**county.regulations,
                                          "tashi": replace(regulation, revisions=(regulation.revisions[0], revision))})
    row = next(r for r in csv_rows(opendata.articles_csv(edited))
               if r["current"] == "yes" and r["article_id"] == "purpose")
    assert row["phrases"].split(";") == ["shou-guo-tu", "hu-cao-yuan"]


def test_points_tables_are_open_data_one_row_per_provision(county, files):
    rows = csv_rows(files["data/points.csv"])
    fire = [r for r in rows if r["article_id"] == "fire"]
    assert [(r["village_id"], r["kind"], r["points"], r["measures_zh"]) for r in fire] == [
        ("norbu", "penalty", "-10", "批评教育;责令整改"), ("norbu", "reward", "3", "")]
    assert fire[0]["condition_zh"] == "在草场野外用火的" and fire[0]["number"] == "2"
    index = as_json(files, "data/index.json")
    assert index["totals"]["provisions"] == len(rows)
    assert index["totals"]["supervision"] == county.enforcement_totals()


def test_a_villages_supervision_group_is_head_counts_and_figures(files):
    tashi = as_json(files, "data/villages/tashi.json")["supervision"]
    assert tashi == {"roles": {"leader": 1, "deputy": 1, "member": 5}, "members": 7,
                     "supermarket": False,
                     "enforcement": [{"from": "2025-07-01", "to": "2025-09-30", "article": "grazing",
                                      "dissuaded": 2, "corrected": 1}]}


# --- the page that documents the data ---------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_data_page_links_to_every_file_it_describes(county, files, lang):
    spec = site.PageSpec("data/", "data.html")
    title, body = Renderer(county, site_url=SITE_URL).render(spec, lang)
    assert title == ("开放数据" if lang == "zh" else "སྒོ་ཕྱེ་བའི་གཞི་གྲངས")  # a term: no shad
    here = spec.url(lang)
    targets = {normpath(join(here, href)) for href in re.findall(r'href="([^"#]+\.(?:json|csv))"', body)}
    published = {path for path in files}
    assert targets == published  # every file linked, and no link to a file that is not there
    for column in opendata.CSV_COLUMNS + opendata.POINTS_COLUMNS:
        assert column in body
    assert ("示例内容" if lang == "zh" else "དཔེ་མཚོན་ནང་དོན") in body  # the sample note


# --- the shipped data -------------------------------------------------------------------------

@pytest.mark.sample_data
def test_shipped_data_totals_and_schemas():
    county = load(SHIPPED)
    files = opendata.files(county, SITE_URL)
    index = as_json(files, "data/index.json")
    totals = index["totals"]
    assert (totals["regulations"], totals["villages"], totals["townships"], totals["phrases"]) == \
        (facts.VILLAGES, facts.VILLAGES, facts.TOWNSHIPS, facts.PHRASES)
    review = county.review_totals()
    assert totals["reviews"] == review["reviews"]
    assert totals["meetings"] == review["meetings"] and totals["feedback"]["total"] == review["feedback"]
    assert totals["translation"] == county.translation_totals()
    assert problems("index", index) == []
    for village in index["villages"]:
        path = f"data/villages/{village['id']}.json"
        assert problems("village", as_json(files, path)) == [], path
    rows = csv_rows(files["data/articles.csv"])
    assert len(rows) == totals["articles"]["all_revisions"]
    assert sum(1 for r in rows if r["current"] == "yes") == totals["articles"]["current"]
